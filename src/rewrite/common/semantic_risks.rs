//! `semantic-risks`: Oracle code that runs on the target but may mean
//! something else there.
//!
//! **What it does.** Reports, without changing anything, the constructs the
//! target's catalog lists under `[[semantic_risks]]` for its mode:
//!
//! - `sequence-cache`: `CREATE/ALTER SEQUENCE … CACHE n` with `n > 1` —
//!   PostgreSQL kernels cache per session, a Dameng cluster per node;
//! - `nls-format`: `TO_DATE(s)` / `TO_TIMESTAMP(s)` without a format, and
//!   formats with month or day names (`MON`, `MONTH`, `DY`, `DAY`) or the
//!   day-of-week number `D` — all read from NLS session settings, whose
//!   defaults on the target are not the Oracle database's;
//! - `implicit-conversion`: a character column (declared `VARCHAR2`,
//!   `CHAR`, … in a `CREATE TABLE` of the script) compared with a number
//!   literal, which Oracle converts and a PostgreSQL kernel rejects.
//!
//! **Why.** These statements load and compile on the target, so nothing else
//! in the report would point at them; they go wrong only when they run
//! (concurrent sessions, another session language, a comparison that raises
//! an error on its first execution).
//!
//! **Example** (Oracle → HighGo):
//!
//! ```sql
//! CREATE SEQUENCE seq_itf_message CACHE 100;            -- warning SP0371
//! SELECT * FROM itf_endpoint WHERE port_code = 9100;    -- error SP0373 (port_code VARCHAR2)
//! v_day := TO_DATE(p_text);                              -- warning SP0372 (Dameng, Kingbase)
//! ```
//!
//! **Findings.** `SP0371` (sequence cache), `SP0372` (NLS), `SP0373`
//! (implicit conversion the target rejects; `SP0370` where the catalog marks
//! the target's behaviour unverified). The messages and sources per target
//! are the catalog's; a target not listed for a risk gets no finding.

use std::collections::BTreeSet;

use crate::catalog::{FlagSeverity, Risk, SemanticRisk, applies_in};
use crate::report::{Code, Finding};
use crate::source::{Lexeme, LexemeKind, Span};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SemanticRisks;

impl Pass for SemanticRisks {
    fn name(&self) -> &'static str {
        "semantic-risks"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let Some(catalog) = super::oracle_source_catalog(cx) else {
            return;
        };
        let mode = cx.options.mode();
        let risks: Vec<&SemanticRisk> = catalog
            .semantic_risks
            .iter()
            .filter(|r| applies_in(&r.modes, mode))
            .collect();
        if risks.is_empty() {
            return;
        }
        let text = cx.file.text();
        let units: Vec<Vec<Lexeme>> = script
            .units()
            .filter_map(|u| super::read_lexemes(u, cx))
            .collect();
        // Character columns, from every CREATE TABLE of the script.
        let char_columns: BTreeSet<String> =
            units.iter().flat_map(|l| char_columns(l, text)).collect();
        for lexemes in &units {
            for risk in &risks {
                let hits = match risk.risk {
                    Risk::SequenceCache => sequence_cache(lexemes, text),
                    Risk::NlsFormat => nls_formats(lexemes, text),
                    Risk::ImplicitConversion => implicit_conversions(lexemes, text, &char_columns),
                };
                for (span, what) in hits {
                    let code = match (risk.risk, risk.severity) {
                        (Risk::SequenceCache, _) => Code::SP0371,
                        (Risk::NlsFormat, _) => Code::SP0372,
                        (Risk::ImplicitConversion, FlagSeverity::Error) => Code::SP0373,
                        (Risk::ImplicitConversion, FlagSeverity::Warning) => Code::SP0370,
                    };
                    cx.findings.push(
                        Finding::new(code, span, format!("{what}: {}", risk.message))
                            .with_help(risk.help.clone()),
                    );
                }
            }
        }
    }
}

fn is_word(l: Option<&Lexeme>, text: &str, word: &str) -> bool {
    l.is_some_and(|l| l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case(word))
}

fn is_punct(l: Option<&Lexeme>, c: char) -> bool {
    l.is_some_and(|l| l.kind == LexemeKind::Punct(c))
}

/// A number literal (the lexer reads numbers as words).
fn number(l: Option<&Lexeme>, text: &str) -> Option<String> {
    let l = l.filter(|l| l.kind == LexemeKind::Word)?;
    let s = l.span.slice(text);
    (s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || c == '.'))
    .then(|| s.to_string())
}

/// `CREATE|ALTER SEQUENCE … CACHE n` with `n > 1`: the span of `CACHE n`.
fn sequence_cache(lexemes: &[Lexeme], text: &str) -> Vec<(Span, String)> {
    let at = |i: usize| lexemes.get(i);
    if !(is_word(at(0), text, "CREATE") || is_word(at(0), text, "ALTER"))
        || !is_word(at(1), text, "SEQUENCE")
    {
        return Vec::new();
    }
    let name = at(2).map(|l| l.span.slice(text)).unwrap_or_default();
    lexemes
        .iter()
        .enumerate()
        .filter(|(_, l)| is_word(Some(l), text, "CACHE"))
        .filter_map(|(i, l)| {
            let n = number(at(i + 1), text)?;
            let value: u64 = n.parse().ok()?;
            (value > 1).then(|| {
                let end = at(i + 1).map_or(l.span.end, |e| e.span.end);
                (
                    Span::new(l.span.start, end),
                    format!("sequence {name} caches {value} values"),
                )
            })
        })
        .collect()
}

/// `TO_DATE(s)` / `TO_TIMESTAMP(s)` without a format, and `TO_CHAR`/`TO_DATE`
/// formats with names or `D`: (span of the call's name, what).
fn nls_formats(lexemes: &[Lexeme], text: &str) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for (i, l) in lexemes.iter().enumerate() {
        let name = l.span.slice(text).to_ascii_uppercase();
        if l.kind != LexemeKind::Word
            || !matches!(name.as_str(), "TO_DATE" | "TO_TIMESTAMP" | "TO_CHAR")
            || !is_punct(lexemes.get(i + 1), '(')
            || i.checked_sub(1)
                .is_some_and(|p| is_punct(lexemes.get(p), '.'))
        {
            continue;
        }
        // The top-level arguments: where each starts, up to the closing `)`.
        let mut depth = 0usize;
        let mut args: Vec<usize> = vec![i + 2];
        let mut j = i + 1;
        while let Some(x) = lexemes.get(j) {
            match x.kind {
                LexemeKind::Punct('(') => depth += 1,
                LexemeKind::Punct(')') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                LexemeKind::Punct(',') if depth == 1 => args.push(j + 1),
                _ => {}
            }
            j += 1;
        }
        let single = args.len() == 1;
        if single && name != "TO_CHAR" {
            out.push((l.span, format!("{name} without a format")));
            continue;
        }
        // An explicit NLS argument (the third) fixes the language.
        if args.len() > 2 {
            continue;
        }
        // The format: the second argument, when it is a literal alone.
        let Some(format) = args.get(1).and_then(|&a| {
            lexemes
                .get(a)
                .filter(|f| f.kind == LexemeKind::String && is_punct(lexemes.get(a + 1), ')'))
        }) else {
            continue;
        };
        if let Some(token) = nls_token(format.span.slice(text)) {
            out.push((l.span, format!("{name} with the format element {token}")));
        }
    }
    out
}

/// The first NLS-dependent element of a format literal (`'DD-MON-YYYY'`):
/// month and day names, and the day-of-week number `D`. Text in double
/// quotes is literal; `DD`, `DDD` and the era `AD` are not `D`.
fn nls_token(literal: &str) -> Option<&'static str> {
    let inner = literal.trim_start_matches('\'').trim_end_matches('\'');
    let upper = inner.to_ascii_uppercase();
    let mut rest = upper.as_str();
    'scan: while let Some(c) = rest.chars().next() {
        if c == '"' {
            rest = rest[1..].find('"').map_or("", |e| &rest[e + 2..]);
            continue;
        }
        for (token, nls) in [
            ("MONTH", Some("MONTH")),
            ("MON", Some("MON")),
            ("DAY", Some("DAY")),
            ("DDD", None),
            ("DD", None),
            ("DY", Some("DY")),
            ("A.D.", None),
            ("AD", None),
            ("D", Some("D")),
        ] {
            if let Some(after) = rest.strip_prefix(token) {
                if nls.is_some() {
                    return nls;
                }
                rest = after;
                continue 'scan;
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    None
}

/// The names of columns declared with a character type in a `CREATE TABLE`.
fn char_columns(lexemes: &[Lexeme], text: &str) -> Vec<String> {
    let at = |i: usize| lexemes.get(i);
    let mut k = 1;
    while is_word(at(k), text, "GLOBAL") || is_word(at(k), text, "TEMPORARY") {
        k += 1;
    }
    if !is_word(at(0), text, "CREATE") || !is_word(at(k), text, "TABLE") {
        return Vec::new();
    }
    let Some(open) = lexemes
        .iter()
        .position(|l| l.kind == LexemeKind::Punct('('))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (i, l) in lexemes.iter().enumerate().skip(open) {
        match l.kind {
            LexemeKind::Punct('(') => depth += 1,
            LexemeKind::Punct(')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        let starts_column = depth == 1 && (is_punct(Some(l), '(') || is_punct(Some(l), ','));
        if starts_column
            && let (Some(name), Some(ty)) = (at(i + 1), at(i + 2))
            && name.kind == LexemeKind::Word
            && ["VARCHAR2", "VARCHAR", "CHAR", "NCHAR", "NVARCHAR2"]
                .iter()
                .any(|t| is_word(Some(ty), text, t))
        {
            out.push(name.span.slice(text).to_ascii_uppercase());
        }
    }
    out
}

/// `col <op> number` or `number <op> col` with `col` a character column.
fn implicit_conversions(
    lexemes: &[Lexeme],
    text: &str,
    char_columns: &BTreeSet<String>,
) -> Vec<(Span, String)> {
    if char_columns.is_empty() {
        return Vec::new();
    }
    let at = |i: usize| lexemes.get(i);
    let column = |i: usize| -> Option<String> {
        let l = at(i).filter(|l| l.kind == LexemeKind::Word)?;
        let word = l.span.slice(text).to_ascii_uppercase();
        // not a call, not a bind or a record field of something unknown
        if is_punct(at(i + 1), '(') || is_punct(at(i + 1), '.') {
            return None;
        }
        char_columns.contains(&word).then_some(word)
    };
    let mut out = Vec::new();
    for (i, l) in lexemes.iter().enumerate() {
        // one- or two-character comparison operators
        let glued =
            |j: usize| at(j).is_some_and(|n| at(j - 1).is_some_and(|p| p.span.end == n.span.start));
        let op_len = match (l.kind, at(i + 1).map(|n| n.kind)) {
            (LexemeKind::Punct('<'), Some(LexemeKind::Punct('>' | '='))) if glued(i + 1) => 2,
            (LexemeKind::Punct('>' | '!'), Some(LexemeKind::Punct('='))) if glued(i + 1) => 2,
            (LexemeKind::Punct('=' | '<' | '>'), _) => 1,
            _ => continue,
        };
        // `:=` is an assignment, `=>` a named argument
        if i.checked_sub(1).is_some_and(|p| {
            matches!(
                at(p).map(|x| x.kind),
                Some(LexemeKind::Punct(':' | '<' | '>' | '!'))
            ) && at(p).is_some_and(|x| x.span.end == l.span.start)
        }) || (is_punct(at(i + 1), '>') && l.kind == LexemeKind::Punct('='))
        {
            continue;
        }
        let left = i.checked_sub(1);
        let right = i + op_len;
        let hit = match (
            left.and_then(column),
            number(at(right), text),
            left.and_then(|p| number(at(p), text)),
            column(right),
        ) {
            (Some(col), Some(n), _, _) if !is_punct(at(right + 1), '.') => Some((col, n)),
            (_, _, Some(n), Some(col)) => Some((col, n)),
            _ => None,
        };
        if let Some((col, n)) = hit {
            let start = left.and_then(at).map_or(l.span.start, |x| x.span.start);
            let end = at(right).map_or(l.span.end, |x| x.span.end);
            out.push((
                Span::new(start, end),
                format!(
                    "{} (a character column) compared with the number {n}",
                    col.to_ascii_lowercase()
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::report::Code;
    use crate::{Options, Source, Target};

    const SCRIPT: &str = "-- 接口平台：序列缓存、NLS 相关转换、隐式转换\nCREATE TABLE itf_endpoint (\n  endpoint_code VARCHAR2(20) NOT NULL,\n  port_code     VARCHAR2(5),\n  retry_limit   NUMBER(3)\n);\nCREATE SEQUENCE seq_itf_message START WITH 1 INCREMENT BY 1 CACHE 100;\nCREATE SEQUENCE seq_itf_log START WITH 1 NOCACHE;\nCREATE SEQUENCE seq_itf_one CACHE 1;\nSELECT e.endpoint_code FROM itf_endpoint e WHERE e.port_code = 9100 AND e.retry_limit = 3;\nSELECT endpoint_code FROM itf_endpoint WHERE '9100' = port_code OR 80 <> port_code;\nCREATE OR REPLACE PROCEDURE p_itf_report (p_text VARCHAR2) IS\n  v_day  DATE;\n  v_name VARCHAR2(20);\nBEGIN\n  v_day := TO_DATE(p_text);\n  v_day := TO_DATE(p_text, 'YYYY-MM-DD HH24:MI:SS');\n  v_name := TO_CHAR(v_day, 'DAY');\n  v_name := TO_CHAR(v_day, 'DD-MON-YYYY', 'NLS_DATE_LANGUAGE=AMERICAN');\n  v_name := TO_CHAR(v_day, 'YYYY-MM-DD \"D\" HH24');\n  v_name := TO_CHAR(v_day, 'D');\n  v_name := TO_CHAR(SYSDATE - 1, 'YYYYMMDD');\nEND;\n/\n";

    /// Each finding of the pass's codes as `line:column code message`.
    fn findings(target: Target, mode: Option<&str>) -> String {
        let options = Options::new(Source::Oracle, target)
            .with_target_mode(mode.map(str::to_string))
            .with_dm_date(crate::DmDate::Keep);
        let report = crate::check(SCRIPT, &options);
        crate::rewrite::test_support::finding_lines(report.findings.iter().filter(|f| {
            matches!(
                f.code,
                Code::SP0371 | Code::SP0372 | Code::SP0373 | Code::SP0370
            )
        }))
    }

    #[test]
    fn dameng_warns_of_the_cluster_cache_and_nls_formats() {
        insta::assert_snapshot!(findings(Target::Dameng, None));
    }

    #[test]
    fn kingbase_oracle_mode_warns_of_session_caches_nls_and_unconfirmed_conversions() {
        insta::assert_snapshot!(findings(Target::Kingbase, None));
    }

    #[test]
    fn highgo_rejects_the_implicit_conversions() {
        let out = findings(Target::Highgo, None);
        // NLS formats are the `conversions` rule's there.
        assert!(!out.contains("SP0372"), "{out}");
        assert_eq!(out.matches("SP0373").count(), 2, "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn nothing_is_rewritten() {
        for target in [Target::Dameng, Target::Kingbase] {
            let options = Options::new(Source::Oracle, target).with_dm_date(crate::DmDate::Keep);
            assert_eq!(crate::translate(SCRIPT, &options).sql, SCRIPT, "{target}");
        }
    }

    #[test]
    fn format_elements() {
        use super::nls_token;
        assert_eq!(nls_token("'YYYY-MM-DD HH24:MI:SS'"), None);
        assert_eq!(nls_token("'DD-MON-RR'"), Some("MON"));
        assert_eq!(nls_token("'fmMonth DD, YYYY'"), Some("MONTH"));
        assert_eq!(nls_token("'DDD'"), None);
        assert_eq!(nls_token("'\"Day\" D'"), Some("D"));
        assert_eq!(nls_token("'YYYY \"DAY\"'"), None);
        assert_eq!(nls_token("'Dy'"), Some("DY"));
        assert_eq!(nls_token("'AD YYYY'"), None);
    }
}
