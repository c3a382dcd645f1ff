//! PostgreSQL → an older PostgreSQL kernel (HighGo 12 or 14, Kingbase V8R6
//! = 12 in both its PG and its Oracle mode, which keeps the kernel): the passes that rewrite what the target's kernel lacks.
//! One construct per module; [`passes`] lists them in running order.
//!
//! Source and target are the same language, so every rewrite is a text edit
//! of the original unit ([`crate::ast::Edit`]): a changed unit keeps its
//! layout and comments, only the edited tokens differ, and every other unit
//! comes out byte for byte. The passes read the unit's tokens — inside
//! `$$` routine bodies too, which psql sends as one string — with
//! [`unit_tokens`].
//!
//! Which construct needs a rewrite is data: `grammar/pg_features.toml` gives
//! each feature's first PostgreSQL version (with its source), and a pass runs
//! its rewrite only when [`missing`] says the target's kernel lacks it.

mod any_value;
mod feature_gates;
mod function_helpers;
mod gen_random_uuid;
mod group_by_distinct;
mod is_json;
mod json_constructors;
mod json_query;
mod json_table;
mod jsonb_subscript;
mod merge;
mod nulls_not_distinct;
mod or_replace_trigger;
mod out_params;
mod regexp;
mod search_cycle;
mod sql_body;
mod sql_json;
mod string_to_table;
mod with_ties;

use crate::ast::{Content, Edit, Unit};
use crate::report::{Code, Finding};
use crate::source::{LexemeKind, Lexer, ScriptSyntax, Span};

use super::{Context, Pass};

/// The PostgreSQL → older-kernel passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        // Whole statements first: the edits of the later passes must not
        // fall inside a statement MERGE replaces.
        Box::new(merge::Merge),
        Box::new(sql_body::SqlBody),
        Box::new(or_replace_trigger::OrReplaceTrigger),
        Box::new(out_params::OutParams),
        Box::new(with_ties::WithTies),
        Box::new(search_cycle::SearchCycle),
        Box::new(nulls_not_distinct::NullsNotDistinct),
        Box::new(group_by_distinct::GroupByDistinct),
        Box::new(jsonb_subscript::JsonbSubscript),
        Box::new(regexp::Regexp),
        Box::new(gen_random_uuid::GenRandomUuid),
        Box::new(any_value::AnyValue),
        Box::new(string_to_table::StringToTable),
        Box::new(function_helpers::FunctionHelpers),
        // SQL/JSON: the predicate and the query functions before the
        // constructors, whose rewrite of a whole call carries the edits
        // made inside it.
        Box::new(is_json::IsJson),
        Box::new(json_query::JsonQuery),
        Box::new(json_constructors::JsonConstructors),
        Box::new(json_table::JsonTable),
        // Last: reports what no pass above rewrote.
        Box::new(feature_gates::FeatureGates),
    ]
}

/// One significant token of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tok<'a> {
    /// What it is.
    pub kind: LexemeKind,
    /// Its text.
    pub text: &'a str,
    /// Where it is in the input.
    pub span: Span,
    /// How many parentheses enclose it (within its own `$$` body).
    pub depth: usize,
    /// How many `$$` bodies enclose it.
    pub body: usize,
}

impl Tok<'_> {
    /// Whether it is the word `word` (any case).
    pub fn is(&self, word: &str) -> bool {
        self.kind == LexemeKind::Word && self.text.eq_ignore_ascii_case(word)
    }

    /// Whether it is the punctuation `c`.
    pub fn punct(&self, c: char) -> bool {
        self.kind == LexemeKind::Punct(c)
    }
}

/// The significant tokens of `unit` (none for client commands), descending
/// into dollar-quoted bodies (PL/pgSQL and SQL routine bodies, `DO` blocks):
/// a body's own tokens follow its `$tag$` token.
pub(super) fn unit_tokens<'a>(text: &'a str, unit: &Unit) -> Vec<Tok<'a>> {
    if matches!(unit.content, Content::ClientCommand) {
        return Vec::new();
    }
    let mut out = Vec::new();
    lex(text, unit.body, 0, &mut out);
    out
}

fn lex<'a>(text: &'a str, span: Span, body: usize, out: &mut Vec<Tok<'a>>) {
    let mut depth = 0usize;
    for lexeme in Lexer::new(text, span.start, ScriptSyntax::Psql) {
        if lexeme.span.start >= span.end {
            break;
        }
        if lexeme.kind.is_trivia() {
            continue;
        }
        let end = lexeme.span.end.min(span.end);
        let tok = Tok {
            kind: lexeme.kind,
            text: &text[lexeme.span.start..end],
            span: Span::new(lexeme.span.start, end),
            depth: 0,
            body,
        };
        match lexeme.kind {
            LexemeKind::Punct('(') => {
                out.push(Tok { depth, ..tok });
                depth += 1;
                continue;
            }
            LexemeKind::Punct(')') => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        out.push(Tok { depth, ..tok });
        if lexeme.kind == LexemeKind::DollarString
            && lexeme.terminated
            && let Some(inner) = dollar_inner(tok.text)
        {
            let start = tok.span.start + inner.0;
            lex(text, Span::new(start, start + inner.1), body + 1, out);
        }
    }
}

/// Where the text of a `$tag$ … $tag$` string lies: (offset, length).
fn dollar_inner(s: &str) -> Option<(usize, usize)> {
    let tag_len = s[1..].find('$')? + 2;
    let len = s.len().checked_sub(2 * tag_len)?;
    Some((tag_len, len))
}

/// The index of the `)` that closes the `(` at `open` (same body).
pub(super) fn closing(toks: &[Tok<'_>], open: usize) -> Option<usize> {
    let t = toks.get(open)?;
    toks.iter()
        .enumerate()
        .skip(open + 1)
        .find(|(_, c)| c.body == t.body && c.depth == t.depth && c.punct(')'))
        .map(|(i, _)| i)
}

/// Whether tokens `i` and `i + 1` are the two characters of `:=`.
pub(super) fn is_assign(toks: &[Tok<'_>], i: usize) -> bool {
    matches!((toks.get(i), toks.get(i + 1)), (Some(a), Some(b))
        if a.punct(':') && b.punct('=') && a.span.end == b.span.start)
}

/// The kernel to bring the script down to ([`crate::Options::pg_source_kernel`]:
/// HighGo, Kingbase in either mode); 12, the oldest, if none is known.
pub(super) fn kernel(cx: &Context<'_>) -> u32 {
    cx.options.pg_source_kernel().unwrap_or(12)
}

/// Whether the target's kernel lacks the feature `name` of
/// `grammar/pg_features.toml`.
pub(super) fn missing(cx: &Context<'_>, name: &str) -> bool {
    let kernel = kernel(cx);
    crate::catalog::pg_features().is_ok_and(|f| f.missing(name, kernel))
}

/// The feature's description and version, for messages.
pub(super) fn feature(name: &str) -> String {
    match crate::catalog::pg_features().ok().and_then(|f| f.get(name)) {
        Some(f) => format!("{} (PostgreSQL {})", f.what, f.since),
        None => name.to_string(),
    }
}

/// Adds an edit to `unit` unless it overlaps one already made (a larger
/// rewrite owns that text); whether it was added.
pub(super) fn edit(unit: &mut Unit, span: Span, replacement: impl Into<String>) -> bool {
    let overlaps = unit.edits.iter().any(|e| {
        (span.start < e.span.end && e.span.start < span.end)
            || (span.is_empty() && e.span.start < span.start && span.start < e.span.end)
            || (e.span.is_empty() && span.start < e.span.start && e.span.start < span.end)
    });
    if overlaps {
        return false;
    }
    unit.edits.push(Edit {
        span,
        replacement: replacement.into(),
    });
    true
}

/// Records an `SP0480`: `what` was rewritten, as `how`.
pub(super) fn downgraded(cx: &mut Context<'_>, at: Span, feature_name: &str, how: &str) {
    let kernel = kernel(cx);
    cx.findings.push(Finding::new(
        Code::SP0480,
        at,
        format!(
            "{} is not in PostgreSQL {kernel}: {how}",
            feature(feature_name)
        ),
    ));
}

/// Records an `SP0245`: `feature_name` is used where no rewrite applies.
pub(super) fn unsupported(cx: &mut Context<'_>, at: Span, feature_name: &str, why: &str) {
    let kernel = kernel(cx);
    cx.findings.push(
        Finding::new(
            Code::SP0245,
            at,
            format!(
                "{} is not in PostgreSQL {kernel}{}",
                feature(feature_name),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {why}")
                }
            ),
        )
        .with_help(
            crate::catalog::pg_features()
                .ok()
                .and_then(|f| f.get(feature_name))
                .and_then(|f| f.help.clone())
                .unwrap_or_else(|| Code::SP0245.info().help.to_string()),
        ),
    );
}

/// The indexes of the calls of the built-in `name` in `toks`: the word
/// followed by `(`, neither schema-qualified nor the name of a routine being
/// created or dropped (a project's own function of that name).
pub(super) fn calls(toks: &[Tok<'_>], name: &str) -> Vec<usize> {
    (0..toks.len())
        .filter(|&i| {
            toks[i].is(name)
                && toks.get(i + 1).is_some_and(|t| t.punct('('))
                && !(i > 0
                    && (toks[i - 1].punct('.')
                        || toks[i - 1].is("FUNCTION")
                        || toks[i - 1].is("PROCEDURE")
                        || toks[i - 1].is("AGGREGATE")))
        })
        .collect()
}

/// The number of arguments of the call whose `(` is at `open`.
pub(super) fn argument_count(toks: &[Tok<'_>], open: usize) -> usize {
    let Some(close) = closing(toks, open) else {
        return 0;
    };
    if close == open + 1 {
        return 0;
    }
    let depth = toks[open].depth + 1;
    1 + toks[open + 1..close]
        .iter()
        .filter(|t| t.depth == depth && t.body == toks[open].body && t.punct(','))
        .count()
}

/// The span from token `a` to token `b`, both included.
pub(super) fn between(toks: &[Tok<'_>], a: usize, b: usize) -> Span {
    Span::new(toks[a].span.start, toks[b].span.end)
}

#[cfg(test)]
mod tests {
    use crate::rewrite::test_support::translated;
    use crate::{Options, Source, Target};

    /// PostgreSQL → HighGo at kernel `v`.
    pub(super) fn highgo(v: u32) -> Options {
        Options::new(Source::Postgres, Target::Highgo).with_target_version(Some(v))
    }

    #[test]
    fn untouched_units_stay_byte_identical_and_kernel_15_changes_nothing_of_14() {
        let sql = "-- 不需要改写的语句\nSELECT  patient_id ,name FROM patient   WHERE id = 1 ;\n\nCREATE OR REPLACE TRIGGER trg AFTER INSERT ON lab_result FOR EACH ROW EXECUTE FUNCTION f();\n";
        let out = crate::translate(sql, &highgo(14));
        assert_eq!(out.sql, sql);
        insta::assert_snapshot!(translated(sql, &highgo(12)));
    }

    /// PostgreSQL → Kingbase in its Oracle mode.
    fn kingbase_oracle() -> Options {
        Options::new(Source::Postgres, Target::Kingbase)
            .with_target_mode(Some("oracle".into()))
            .with_annotate(false)
    }

    const CORPUS: [&str; 7] = [
        include_str!("../../../corpus/postgres/his_lab_json_pg17.sql"),
        include_str!("../../../corpus/postgres/his_pharmacy_pg15.sql"),
        include_str!("../../../corpus/postgres/his_lab_results.sql"),
        include_str!("../../../corpus/postgres/his_billing_pg.sql"),
        include_str!("../../../corpus/postgres/his_plpgsql_extras.sql"),
        include_str!("../../../corpus/postgres/lab_seed.sql"),
        include_str!("../../../corpus/postgres/his_ward_stats_pg17.sql"),
    ];

    /// Kingbase's Oracle mode keeps the PostgreSQL 12 kernel: a PostgreSQL
    /// 15 script is brought down to 12 there as in the PG mode.
    #[test]
    fn kingbase_oracle_mode_downgrades_to_its_kernel() {
        let options = kingbase_oracle();
        assert_eq!(options.kernel(), None, "not PostgreSQL-style output");
        assert_eq!(options.pg_source_kernel(), Some(12));
        assert_eq!(
            Options::new(Source::Oracle, Target::Kingbase)
                .with_target_mode(Some("oracle".into()))
                .pg_source_kernel(),
            None
        );
        assert_eq!(
            Options::new(Source::Postgres, Target::Dameng).pg_source_kernel(),
            None
        );
        let sql = "-- 住院医嘱合并（PostgreSQL 15）\nMERGE INTO ward_bed b USING bed_import i ON b.bed_id = i.bed_id\nWHEN MATCHED THEN UPDATE SET status = i.status\nWHEN NOT MATCHED THEN INSERT (bed_id, status) VALUES (i.bed_id, i.status);\nSELECT regexp_count(diag_text, '肺') FROM emr_note;\nSELECT patient_id FROM lab_result ORDER BY result_time DESC FETCH FIRST 3 ROWS WITH TIES;\nCREATE TABLE lab_device (serial_no text, UNIQUE NULLS NOT DISTINCT (serial_no));\n";
        insta::assert_snapshot!(translated(sql, &options));
    }

    /// No construct newer than kernel 12 is left in a unit of the corpus
    /// translated for Kingbase's Oracle mode unless the unit has an error
    /// finding: the `detect` patterns of `grammar/pg_features.toml`, and
    /// the unqualified calls and keywords of the rewritten features (their
    /// helpers are schema-qualified, `sqlport.regexp_count(`).
    #[test]
    fn kingbase_oracle_mode_leaves_nothing_newer_than_12_unflagged() {
        let options = kingbase_oracle();
        let features = crate::catalog::pg_features().expect("catalog");
        let mut patterns: Vec<(String, Vec<String>)> = Vec::new();
        for f in features.feature.iter().filter(|f| f.since > 12) {
            for p in &f.detect {
                patterns.push((f.name.clone(), p.clone()));
            }
        }
        for (name, p) in [
            ("merge", &["MERGE", "INTO"][..]),
            ("fetch_with_ties", &["WITH", "TIES"]),
            ("create_or_replace_trigger", &["OR", "REPLACE", "TRIGGER"]),
            ("regexp_count", &["regexp_count", "("]),
            ("regexp_instr", &["regexp_instr", "("]),
            ("regexp_like", &["regexp_like", "("]),
            ("regexp_substr", &["regexp_substr", "("]),
            ("gen_random_uuid", &["gen_random_uuid", "("]),
            ("any_value", &["any_value", "("]),
            ("string_to_table", &["string_to_table", "("]),
            ("search_cycle", &["SEARCH", "DEPTH", "FIRST"]),
            ("search_cycle", &["SEARCH", "BREADTH", "FIRST"]),
            ("search_cycle", &[")", "CYCLE", "*", "SET"]),
            ("unique_nulls_not_distinct", &["NULLS", "NOT", "DISTINCT"]),
            ("unique_nulls_not_distinct", &["NULLS", "DISTINCT"]),
            ("group_by_distinct", &["GROUP", "BY", "DISTINCT"]),
            ("trim_scale", &["trim_scale", "("]),
            ("trim_scale", &["min_scale", "("]),
            ("date_bin", &["date_bin", "("]),
            ("trim_array", &["trim_array", "("]),
            ("bit_count", &["bit_count", "("]),
            ("unistr", &["unistr", "("]),
            ("array_sample_shuffle", &["array_sample", "("]),
            ("array_sample_shuffle", &["array_shuffle", "("]),
            ("pg_input_is_valid", &["pg_input_is_valid", "("]),
            (
                "merge_not_matched_by_source",
                &["NOT", "MATCHED", "BY", "SOURCE"],
            ),
            ("is_json", &["IS", "JSON"]),
            ("is_json", &["IS", "NOT", "JSON"]),
            ("sql_json_aggregates", &["JSON_ARRAYAGG", "("]),
            ("sql_json_aggregates", &["JSON_OBJECTAGG", "("]),
            ("sql_json_constructors", &["JSON_ARRAY", "("]),
            ("sql_json_query_functions", &["JSON_EXISTS", "("]),
            ("sql_json_query_functions", &["JSON_VALUE", "("]),
            ("sql_json_query_functions", &["JSON_QUERY", "("]),
            ("sql_json_scalar", &["JSON_SCALAR", "("]),
            ("sql_json_scalar", &["JSON_SERIALIZE", "("]),
            ("json_table", &["JSON_TABLE", "("]),
        ] {
            patterns.push((name.into(), p.iter().map(|w| w.to_string()).collect()));
        }
        let mut checked = 0;
        for input in CORPUS {
            let (out, origins) = crate::translate_mapped(input, &options);
            for origin in origins {
                let flagged = out.report.findings.iter().any(|f| {
                    f.severity == crate::report::Severity::Error
                        && origin.input.start <= f.span.start
                        && f.span.start < origin.input.end.max(origin.input.start + 1)
                });
                if flagged {
                    continue;
                }
                let mut toks = Vec::new();
                super::lex(
                    &out.sql,
                    crate::source::Span::new(origin.output.start, origin.output.end),
                    0,
                    &mut toks,
                );
                for i in 0..toks.len() {
                    if i > 0 && toks[i - 1].punct('.') {
                        continue;
                    }
                    for (name, p) in &patterns {
                        assert!(
                            super::feature_gates::matches_at(&toks, i, p).is_none(),
                            "{name} left unflagged in:\n{}",
                            &out.sql[origin.output.clone()]
                        );
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} units checked");
    }

    /// Kingbase in PG mode (V8R6, kernel 12) runs the same passes as HighGo
    /// on 12: the same output for the whole PostgreSQL corpus.
    #[test]
    fn kingbase_pg_mode_is_highgo_12() {
        let kingbase =
            Options::new(Source::Postgres, Target::Kingbase).with_target_mode(Some("pg".into()));
        assert_eq!(kingbase.kernel(), Some(12));
        for file in [
            include_str!("../../../corpus/postgres/his_pharmacy_pg15.sql"),
            include_str!("../../../corpus/postgres/his_lab_results.sql"),
        ] {
            assert_eq!(
                crate::translate(file, &kingbase).sql,
                crate::translate(file, &highgo(12)).sql
            );
        }
    }
}
