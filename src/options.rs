//! What to translate from, what to translate to, and how.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::catalog::Mappings;
use crate::report::Policy;
use crate::source::ScriptSyntax;

/// The database the input was written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Oracle SQL and PL/SQL, in SQL*Plus script form.
    Oracle,
    /// PostgreSQL SQL and PL/pgSQL, in psql script form.
    Postgres,
}

/// The database the output is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Dameng DM8 (Oracle-compatible mode).
    Dameng,
    /// KingbaseES V8R6/V9.
    Kingbase,
    /// HighGo DB (PostgreSQL kernel).
    Highgo,
}

/// A name that is not a known source or target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{name}` (expected {expected})")]
pub struct UnknownName {
    /// `source` or `target`.
    pub kind: &'static str,
    /// What was given.
    pub name: String,
    /// The accepted names.
    pub expected: &'static str,
}

impl Source {
    /// Every source, in a stable order.
    pub const ALL: [Source; 2] = [Source::Oracle, Source::Postgres];

    /// The name used on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Oracle => "oracle",
            Source::Postgres => "postgres",
        }
    }

    /// The script conventions of this source's usual client.
    pub fn script_syntax(self) -> ScriptSyntax {
        match self {
            Source::Oracle => ScriptSyntax::SqlPlus,
            Source::Postgres => ScriptSyntax::Psql,
        }
    }
}

impl Target {
    /// Every target, in a stable order.
    pub const ALL: [Target; 3] = [Target::Dameng, Target::Kingbase, Target::Highgo];

    /// The name used on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Dameng => "dameng",
            Target::Kingbase => "kingbase",
            Target::Highgo => "highgo",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = UnknownName;

    /// Accepts `oracle` and `postgres` (also `postgresql`, `pg`), in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "oracle" => Ok(Source::Oracle),
            "postgres" | "postgresql" | "pg" => Ok(Source::Postgres),
            _ => Err(UnknownName {
                kind: "source",
                name: s.to_string(),
                expected: "oracle or postgres",
            }),
        }
    }
}

impl FromStr for Target {
    type Err = UnknownName;

    /// Accepts `dameng` (also `dm`), `kingbase`, `highgo`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "dameng" | "dm" => Ok(Target::Dameng),
            "kingbase" => Ok(Target::Kingbase),
            "highgo" => Ok(Target::Highgo),
            _ => Err(UnknownName {
                kind: "target",
                name: s.to_string(),
                expected: "dameng, kingbase or highgo",
            }),
        }
    }
}

/// How to translate. Built with [`Options::new`] and the `with_*` methods, so
/// that options added later do not break callers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The input's database.
    pub source: Source,
    /// The output's database.
    pub target: Target,
    /// Whether `translate` puts a `-- sqlport: error[…]` comment line before
    /// each unit that has an error finding (default: yes).
    pub annotate: bool,
    /// Codes to ignore and severities to change (default: none).
    pub policy: Policy,
    /// What Oracle's `DATE` becomes on Dameng (default: `TIMESTAMP(0)`).
    pub dm_date: DmDate,
    /// The project's own function and type mappings (default: none).
    pub mappings: Mappings,
    /// The target's kernel version (HighGo's PostgreSQL 12/14/15), where the
    /// target has several; `None` for the catalog's default.
    pub target_version: Option<u32>,
    /// The target's compatibility mode, by its catalog name; `None` for the
    /// catalog's default.
    pub target_mode: Option<String>,
    /// The text of other scripts of the same project, read only for the
    /// declarations they make (Oracle package specifications and bodies,
    /// types): a package body translated apart from its specification still
    /// finds the specification's constants, variables and types. Default: none.
    pub context: std::sync::Arc<[String]>,
    /// PostgreSQL extensions the target database has installed (lower case,
    /// e.g. `pgcrypto`): a PostgreSQL source's calls into them are kept
    /// instead of being replaced by helpers. Default: none.
    pub extensions: std::sync::Arc<[String]>,
}

/// What Oracle's `DATE` becomes on Dameng, whose `DATE` has no time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DmDate {
    /// `TIMESTAMP(0)`, which keeps the time (as DM's migration tool does).
    #[default]
    Timestamp,
    /// `DATE`, for teams that have checked that no value carries a time.
    Keep,
}

impl FromStr for DmDate {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "timestamp" => Ok(DmDate::Timestamp),
            "keep" => Ok(DmDate::Keep),
            _ => Err(UnknownName {
                kind: "dm-date choice",
                name: s.to_string(),
                expected: "timestamp or keep",
            }),
        }
    }
}

impl Options {
    /// Options for translating from `source` to `target`, with defaults.
    pub fn new(source: Source, target: Target) -> Self {
        Options {
            source,
            target,
            annotate: true,
            policy: Policy::default(),
            dm_date: DmDate::default(),
            mappings: Mappings::default(),
            target_version: None,
            target_mode: None,
            context: std::sync::Arc::from(Vec::new()),
            extensions: std::sync::Arc::from(Vec::new()),
        }
    }

    /// Sets the PostgreSQL extensions the target database has (see
    /// [`Options::extensions`]).
    pub fn with_extensions(mut self, extensions: Vec<String>) -> Self {
        self.extensions = extensions
            .into_iter()
            .map(|e| e.to_ascii_lowercase())
            .collect();
        self
    }

    /// Whether the target database has the extension `name` installed.
    pub fn has_extension(&self, name: &str) -> bool {
        self.extensions.iter().any(|e| e.eq_ignore_ascii_case(name))
    }

    /// Sets the other scripts whose declarations the translation may name
    /// (see [`Options::context`]).
    pub fn with_context(mut self, scripts: Vec<String>) -> Self {
        self.context = std::sync::Arc::from(scripts);
        self
    }

    /// Sets the target's kernel version (e.g. HighGo's PostgreSQL 14).
    pub fn with_target_version(mut self, version: Option<u32>) -> Self {
        self.target_version = version;
        self
    }

    /// Sets the target's compatibility mode (e.g. Kingbase's `pg`).
    pub fn with_target_mode(mut self, mode: Option<String>) -> Self {
        self.target_mode = mode;
        self
    }

    /// Sets the project's own function and type mappings, applied before the
    /// target catalog's.
    pub fn with_mappings(mut self, mappings: Mappings) -> Self {
        self.mappings = mappings;
        self
    }

    /// Sets what Oracle's `DATE` becomes on Dameng.
    pub fn with_dm_date(mut self, dm_date: DmDate) -> Self {
        self.dm_date = dm_date;
        self
    }

    /// Whether the catalog switch `name` (a `switch` of `grammar/targets/*.toml`)
    /// is turned off, i.e. the rewrite it guards must not be made.
    pub fn keeps(&self, switch: &str) -> bool {
        match switch {
            "dm-date" => self.dm_date == DmDate::Keep,
            _ => false,
        }
    }

    /// The target mode in effect: the one named in the options, else the
    /// catalog's default.
    pub fn mode(&self) -> Option<&'static crate::catalog::Mode> {
        let catalog = crate::catalog::catalog(self.target).ok()?;
        match &self.target_mode {
            Some(name) => catalog.mode(name),
            None => catalog.default_mode(),
        }
    }

    /// Whether the output is PostgreSQL-style (HighGo, Kingbase in PG mode):
    /// PL/pgSQL routines in `$$` bodies, PostgreSQL SQL.
    pub fn pg_output(&self) -> bool {
        self.mode()
            .is_some_and(|m| m.procedural_style == crate::catalog::ProceduralStyle::Plpgsql)
    }

    /// The PostgreSQL kernel version the output must run on, for a
    /// PostgreSQL-style target: the options' version, else the mode's
    /// kernel, else the catalog's default version.
    pub fn kernel(&self) -> Option<u32> {
        if !self.pg_output() {
            return None;
        }
        let catalog = crate::catalog::catalog(self.target).ok()?;
        self.target_version
            .or_else(|| self.mode().and_then(|m| m.kernel))
            .or_else(|| {
                catalog
                    .versions
                    .iter()
                    .find(|v| v.default)
                    .map(|v| v.kernel)
            })
    }

    /// The PostgreSQL kernel version a **PostgreSQL** script must be brought
    /// down to (the `pg_downgrade` passes gate on it), or `None` when the
    /// source is not PostgreSQL or the target has no PostgreSQL kernel
    /// (Dameng).
    ///
    /// For PostgreSQL-style output it is [`Options::kernel`]. Kingbase's
    /// Oracle mode is not PostgreSQL-style output (routines are PL/SQL there,
    /// so [`Options::kernel`] is `None` and Oracle-source rules do not gate on
    /// it), but the mode keeps its PostgreSQL kernel and runs PostgreSQL SQL
    /// and `LANGUAGE plpgsql` routines as written: a PostgreSQL 15 script
    /// needs the same downgrade there, to the mode's `kernel` (V8R6: 12), or
    /// to `--target-version` when given.
    pub fn pg_source_kernel(&self) -> Option<u32> {
        if self.source != Source::Postgres {
            return None;
        }
        if self.pg_output() {
            return self.kernel();
        }
        let mode_kernel = self.mode().and_then(|m| m.kernel)?;
        Some(self.target_version.unwrap_or(mode_kernel))
    }

    /// Turns the error annotations in the output on or off.
    pub fn with_annotate(mut self, annotate: bool) -> Self {
        self.annotate = annotate;
        self
    }

    /// Sets the project's policy on findings (ignored codes, severity overrides).
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Source::ALL {
            assert_eq!(s.to_string().parse::<Source>(), Ok(s));
        }
        for t in Target::ALL {
            assert_eq!(t.to_string().parse::<Target>(), Ok(t));
        }
        assert_eq!("DM".parse::<Target>(), Ok(Target::Dameng));
        let err = "mysql".parse::<Source>().map_err(|e| e.to_string());
        assert_eq!(
            err,
            Err("unknown source `mysql` (expected oracle or postgres)".to_string())
        );
    }
}
