//! A project's policy on findings: codes it ignores and severities it changes.
//!
//! Set in `sqlport.toml` (`ignore = ["SP04xx"]`, `[severity] SP0101 = "error"`)
//! or with [`crate::Options::with_policy`]; applied to every report after inline
//! suppressions, so that a project can also ignore `SP0501`.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::codes::{Code, REGISTRY};
use super::finding::Finding;
use super::severity::Severity;

/// A code (`SP0101`, or its name) or a range of codes (`SP04xx`, `SP0xxx`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodePattern {
    /// The digits that must match, with `None` for an `x`.
    digits: [Option<u8>; 4],
}

/// A pattern that is neither a registered code, its name, nor a range like `SP04xx`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a finding code or range (expected e.g. SP0101, statement-not-parsed or SP04xx)"
)]
pub struct BadCodePattern(pub String);

impl CodePattern {
    /// Whether `code` falls under the pattern.
    pub fn matches(&self, code: Code) -> bool {
        let digits = &code.as_str().as_bytes()[2..];
        self.digits
            .iter()
            .zip(digits)
            .all(|(want, have)| want.is_none_or(|d| d == have - b'0'))
    }
}

impl FromStr for CodePattern {
    type Err = BadCodePattern;

    /// Accepts a code or name (as [`Code::from_str`]) or `SP` followed by four
    /// digits or `x`s where the `x`s come last (`SP04xx`, `SP0xxx`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadCodePattern(s.to_string());
        if let Ok(code) = s.parse::<Code>() {
            let mut digits = [None; 4];
            for (slot, b) in digits.iter_mut().zip(&code.as_str().as_bytes()[2..]) {
                *slot = Some(b - b'0');
            }
            return Ok(CodePattern { digits });
        }
        let upper = s.to_ascii_uppercase();
        let rest = upper.strip_prefix("SP").ok_or_else(bad)?.as_bytes();
        if rest.len() != 4 {
            return Err(bad());
        }
        let mut digits = [None; 4];
        let mut wild = false;
        for (slot, &b) in digits.iter_mut().zip(rest) {
            match b {
                b'0'..=b'9' if !wild => *slot = Some(b - b'0'),
                b'X' => wild = true,
                _ => return Err(bad()),
            }
        }
        // Four digits that are not a registered code are a typo, not a range.
        if !wild {
            return Err(bad());
        }
        Ok(CodePattern { digits })
    }
}

impl fmt::Display for CodePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SP")?;
        for d in self.digits {
            match d {
                Some(d) => write!(f, "{d}")?,
                None => f.write_str("x")?,
            }
        }
        Ok(())
    }
}

/// Codes to drop and severities to change, for a whole project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Findings whose code matches one of these are dropped.
    pub ignore: Vec<CodePattern>,
    /// Findings of these codes get this severity instead of the registry's.
    pub severity: BTreeMap<Code, Severity>,
}

impl Policy {
    /// Whether the policy changes nothing.
    pub fn is_empty(&self) -> bool {
        self.ignore.is_empty() && self.severity.is_empty()
    }

    /// Whether findings of `code` are dropped.
    pub fn ignores(&self, code: Code) -> bool {
        self.ignore.iter().any(|p| p.matches(code))
    }

    /// The codes of the registry the policy ignores (for documentation and tests).
    pub fn ignored_codes(&self) -> Vec<Code> {
        REGISTRY
            .iter()
            .map(|i| i.code)
            .filter(|&c| self.ignores(c))
            .collect()
    }

    /// Drops ignored findings and changes severities.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        if self.is_empty() {
            return findings;
        }
        findings
            .into_iter()
            .filter(|f| !self.ignores(f.code))
            .map(|mut f| {
                if let Some(&severity) = self.severity.get(&f.code) {
                    f.severity = severity;
                }
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Source, Target};

    fn pattern(s: &str) -> CodePattern {
        match s.parse() {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn patterns_match_codes_and_ranges() {
        assert!(pattern("SP0101").matches(Code::SP0101));
        assert!(!pattern("SP0101").matches(Code::SP0102));
        assert!(pattern("slash-line-in-literal").matches(Code::SP0108));
        assert!(pattern("SP01xx").matches(Code::SP0107));
        assert!(!pattern("sp05XX").matches(Code::SP0108));
        assert!(pattern("SP05xx").matches(Code::SP0501));
        assert!(pattern("SPxxxx").matches(Code::SP0502));
        for bad in ["SP9999", "SP0x01", "SP01", "XX0101", "SP01xxx", ""] {
            assert!(bad.parse::<CodePattern>().is_err(), "{bad}");
        }
        assert_eq!(pattern("SP04xx").to_string(), "SP04xx");
    }

    #[test]
    fn ignore_drops_and_severity_overrides() {
        let text = "SELEC s FROM dual;\n-- sqlport: ignore[SP0108]\n";
        let plain = Options::new(Source::Oracle, Target::Dameng);
        let report = crate::check(text, &plain);
        assert_eq!(report.findings.len(), 2);
        let mut policy = Policy::default();
        policy.ignore.push(pattern("SP05xx"));
        policy.severity.insert(Code::SP0101, Severity::Error);
        let report = crate::check(text, &plain.with_policy(policy));
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.findings[0].severity, Severity::Error);
        assert_eq!(report.stats.flagged, 1);
    }
}
