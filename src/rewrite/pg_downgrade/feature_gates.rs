//! `pg-feature-gates`: the PostgreSQL features newer than the target's kernel
//! that no pass rewrites.
//!
//! **What it does.** For every feature of `grammar/pg_features.toml` without
//! a `rewrite` pass whose first version is above the target's kernel, finds
//! its `detect` token sequences in each unit (in routine bodies too) and
//! reports each where it is written. Changes nothing.
//!
//! **Why.** Multiranges (14), `security_invoker` views (15), `SYSTEM_USER`
//! (16) and the forms of newer features the rewrites leave (`JSON_TABLE …
//! NESTED PATH`, `UNIQUE NULLS NOT DISTINCT` over more than three nullable
//! columns, …) have no equivalent a pass could write without knowing the
//! data; the statement would fail on the
//! target, or, in a routine body, fail only when it runs.
//!
//! **Example** (kernel 14):
//!
//! ```sql
//! SELECT msg_id FROM lab_message WHERE body IS JSON OBJECT;
//! --                                        ^^^^^^^ SP0245
//! ```
//!
//! **Findings.** `SP0245` (error) at each use.

use super::{Context, Pass, Tok, between, unit_tokens, unsupported};
use crate::source::LexemeKind;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct FeatureGates;

impl Pass for FeatureGates {
    fn name(&self) -> &'static str {
        "pg-feature-gates"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let Ok(features) = crate::catalog::pg_features() else {
            return;
        };
        let kernel = super::kernel(cx);
        let gated: Vec<_> = features
            .feature
            .iter()
            .filter(|f| f.rewrite.is_none() && kernel < f.since)
            .collect();
        if gated.is_empty() {
            return;
        }
        let text = cx.file.text();
        for unit in script.units() {
            let toks = unit_tokens(text, unit);
            for i in 0..toks.len() {
                for f in &gated {
                    if let Some(end) = f.detect.iter().find_map(|p| matches_at(&toks, i, p)) {
                        unsupported(cx, between(&toks, i, end), &f.name, "");
                    }
                }
            }
        }
    }
}

/// The index of the last token of `pattern` matched from `i`, if it matches.
pub(super) fn matches_at(toks: &[Tok<'_>], i: usize, pattern: &[String]) -> Option<usize> {
    let mut end = i;
    for (k, p) in pattern.iter().enumerate() {
        let t = toks.get(i + k)?;
        let ok = match p.as_str() {
            "*" => true,
            "(" | ")" | "," => t.kind == LexemeKind::Punct(p.chars().next()?),
            word => t.is(word),
        };
        if !ok || (k > 0 && t.body != toks[i].body) {
            return None;
        }
        end = i + k;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "SELECT ward_code, range_agg(during) FROM bed_booking GROUP BY ward_code;\nCREATE VIEW v_lab_message WITH (security_invoker = true) AS SELECT msg_id FROM lab_message;\nCREATE FUNCTION f_items() RETURNS bigint LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN (SELECT count(*) FROM JSON_TABLE('[[1],[2]]', '$[*]' COLUMNS (NESTED PATH '$[*]' COLUMNS (x int PATH '$'))) jt);\nEND $$;\nWITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET ord SELECT n FROM t;\n";

    #[test]
    fn newer_features_are_reported_where_written() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
    }

    #[test]
    fn kernel_15_reports_only_what_15_lacks() {
        let out = crate::translate(SQL, &highgo(15));
        let codes: Vec<String> = out
            .report
            .findings
            .iter()
            .filter(|f| f.code == crate::report::Code::SP0245)
            .map(|f| f.message.clone())
            .collect();
        // JSON_TABLE with NESTED PATH (17); multiranges (14) and
        // security_invoker (15) run on 15.
        assert_eq!(codes.len(), 1, "{codes:?}");
        assert!(codes[0].contains("JSON_TABLE"), "{codes:?}");
    }
}
