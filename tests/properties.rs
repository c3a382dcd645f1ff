//! Invariants that hold for every input: the split loses no byte, nothing
//! panics, and with no pass changing anything (same language family, newest
//! kernel) the output is the input.

use proptest::prelude::*;
use sqlport::source::{ScriptSyntax, split};
use sqlport::{Options, Source, Target};

/// Fragments that stress the splitter: every quoting form, terminators,
/// comments, client commands and program-unit headers, in any order.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("'".to_string()),
        Just("''".to_string()),
        Just("q'[".to_string()),
        Just("]'".to_string()),
        Just("Q'!x!'".to_string()),
        Just("N'患者'".to_string()),
        Just("E'\\''".to_string()),
        Just("U&'\\0041'".to_string()),
        Just("\"".to_string()),
        Just("$$".to_string()),
        Just("$body$".to_string()),
        Just("$1".to_string()),
        Just("--".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just(";".to_string()),
        Just("\n/\n".to_string()),
        Just("/".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\\i x.sql\n".to_string()),
        Just("@@x.sql\n".to_string()),
        Just("SET DEFINE OFF\n".to_string()),
        Just("PROMPT it's -\n".to_string()),
        Just("select 1 from dual".to_string()),
        Just("CREATE OR REPLACE PROCEDURE p IS BEGIN NULL; END;".to_string()),
        Just("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC".to_string()),
        Just("DO".to_string()),
        Just("BEGIN".to_string()),
        Just("CASE".to_string()),
        Just("END".to_string()),
        Just("<<lbl>>".to_string()),
        Just("\u{feff}".to_string()),
        "[a-zA-Z0-9_ 中文]{1,6}".prop_map(|s| s),
    ]
}

fn script() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

fn check_tiling(text: &str, syntax: ScriptSyntax) -> Result<(), TestCaseError> {
    let result = split(text, syntax);
    let mut at = 0;
    for segment in &result.segments {
        let span = segment.span();
        prop_assert_eq!(span.start, at, "segments must be contiguous");
        prop_assert!(span.end > span.start, "segments are never empty");
        at = span.end;
    }
    prop_assert_eq!(at, text.len(), "segments must cover the text");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn units_and_trivia_tile_the_input(text in script()) {
        check_tiling(&text, ScriptSyntax::SqlPlus)?;
        check_tiling(&text, ScriptSyntax::Psql)?;
    }

    #[test]
    fn arbitrary_strings_tile_too(text in any::<String>()) {
        check_tiling(&text, ScriptSyntax::SqlPlus)?;
        check_tiling(&text, ScriptSyntax::Psql)?;
    }

    #[test]
    fn translation_never_panics_and_keeps_every_byte(text in script()) {
        for source in Source::ALL {
            for target in Target::ALL {
                let options = Options::new(source, target).with_annotate(false);
                let out = sqlport::translate(&text, &options);
                // Across language families (Oracle → HighGo) every program
                // unit is reprinted; within one, nothing here is translated
                // for the newest kernel (an older one brings the fragments'
                // SQL-standard function bodies down to string bodies).
                if options.pg_output() == (source == Source::Postgres) {
                    let newest = options.clone().with_target_version(Some(15));
                    prop_assert_eq!(&sqlport::translate(&text, &newest).sql, &text);
                }
                let stats = out.report.stats;
                prop_assert_eq!(stats.units, stats.translated + stats.unchanged + stats.flagged);
                prop_assert_eq!(sqlport::check(&text, &options), out.report);
            }
        }
    }

    #[test]
    fn annotations_only_add_comment_lines(text in script()) {
        let options = Options::new(Source::Oracle, Target::Dameng);
        let out = sqlport::translate(&text, &options);
        let errors = out.report.count(sqlport::Severity::Error);
        let notes: Vec<&str> = out
            .sql
            .split_inclusive('\n')
            .filter(|l| l.starts_with("-- sqlport: error["))
            .collect();
        prop_assert_eq!(notes.len(), errors);
        for finding in out.report.findings.iter().filter(|f| f.severity == sqlport::Severity::Error) {
            let line = format!(
                "-- sqlport: error[{}] {} (line {})",
                finding.code, finding.message, finding.start.line
            );
            let found = notes.iter().any(|n| n.trim_end_matches(['\r', '\n']) == line);
            prop_assert!(found, "missing {}", line);
        }
        // Besides the note lines, only line breaks (before a note for a unit
        // that starts mid-line) were added.
        let kept: String = out.sql.split_inclusive('\n').filter(|l| !notes.contains(l)).collect();
        let strip = |t: &str| t.replace(['\r', '\n'], "");
        prop_assert_eq!(strip(&kept), strip(&text));
    }

    #[test]
    fn findings_point_inside_the_input(text in any::<String>()) {
        for source in Source::ALL {
            let report = sqlport::check(&text, &Options::new(source, Target::Highgo));
            let lines = text.split('\n').count();
            for finding in &report.findings {
                prop_assert!(finding.span.end <= text.len());
                prop_assert!(finding.start.line >= 1 && finding.start.line <= lines);
                prop_assert!(finding.start.column >= 1);
                prop_assert!(finding.end >= finding.start);
            }
        }
    }
}

#[test]
fn ten_thousand_nested_parentheses_give_a_finding() {
    let text = format!(
        "SELECT {}1{} FROM dual;\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    for source in Source::ALL {
        let out = sqlport::translate(&text, &Options::new(source, Target::Dameng));
        assert_eq!(out.sql, text);
        assert_eq!(out.report.findings.len(), 1, "{:?}", out.report.findings);
    }
}

#[test]
fn a_200_000_operator_chain_gives_a_finding_not_a_stack_overflow() {
    let text = format!("SELECT {} FROM dual;\n", vec!["a"; 200_000].join(" / "));
    for source in Source::ALL {
        let out = sqlport::translate(&text, &Options::new(source, Target::Highgo));
        assert_eq!(out.sql, text);
        assert_eq!(out.report.findings.len(), 1);
        assert!(out.report.findings[0].message.contains("too deeply"));
    }
}

#[test]
fn ten_thousand_nested_blocks_do_not_overflow() {
    let text = format!(
        "{}NULL;{}\n/\n",
        "BEGIN ".repeat(10_000),
        " END;".repeat(10_000)
    );
    let out = sqlport::translate(&text, &Options::new(Source::Oracle, Target::Highgo));
    assert_eq!(out.sql, text);
    let text = format!("/*{} x {}", "/*".repeat(10_000), "*/".repeat(10_001));
    let out = sqlport::translate(&text, &Options::new(Source::Postgres, Target::Highgo));
    assert_eq!(out.sql, text);
    assert!(out.report.findings.is_empty());
}

/// Keyword soup for the procedural readers: every structural word they branch on.
fn procedural_soup() -> impl Strategy<Value = String> {
    let words = prop_oneof![
        Just("BEGIN "),
        Just("END "),
        Just("END IF"),
        Just("END LOOP"),
        Just("END CASE"),
        Just("IF "),
        Just("THEN "),
        Just("ELSIF "),
        Just("ELSE "),
        Just("CASE "),
        Just("WHEN "),
        Just("LOOP "),
        Just("WHILE "),
        Just("FOR "),
        Just(" IN "),
        Just("REVERSE "),
        Just(".."),
        Just("EXIT "),
        Just("DECLARE "),
        Just("EXCEPTION "),
        Just("OTHERS "),
        Just("RAISE "),
        Just("CURSOR "),
        Just("IS "),
        Just("AS "),
        Just("TYPE "),
        Just("RECORD "),
        Just("TABLE OF "),
        Just("OPEN "),
        Just("FETCH "),
        Just("INTO "),
        Just("BULK COLLECT "),
        Just("CLOSE "),
        Just("EXECUTE IMMEDIATE "),
        Just("USING "),
        Just("FORALL "),
        Just("RETURNING "),
        Just("SELECT 1 "),
        Just("FROM dual "),
        Just("UPDATE t SET a = 1 "),
        Just("PERFORM "),
        Just("RETURN "),
        Just("NEXT "),
        Just("QUERY "),
        Just("GET DIAGNOSTICS "),
        Just("FOREACH "),
        Just("x "),
        Just("x := 1"),
        Just("y = 2"),
        Just("f(a => 1)"),
        Just("'s'"),
        Just("q'[z]'"),
        Just("("),
        Just(")"),
        Just("["),
        Just("]"),
        Just(";"),
        Just(","),
        Just("%TYPE"),
        Just("%ROWTYPE"),
        Just("<<l>>"),
        Just("NULL"),
        Just("\n"),
        Just("$$"),
        Just("--c\n"),
        Just("PROCEDURE p "),
        Just("FUNCTION f "),
        Just("PACKAGE "),
        Just("BODY "),
        Just("TRIGGER "),
        Just("COMPOUND "),
        Just("BEFORE "),
        Just("AFTER "),
        Just("STATEMENT "),
        Just("EACH ROW "),
    ];
    prop::collection::vec(words, 0..60).prop_map(|w| w.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the soup, the procedural readers answer with a program or an
    /// error at a place inside the unit, and never fail internally.
    #[test]
    fn procedural_readers_never_fail_internally(soup in procedural_soup()) {
        use sqlport::parse::procedural::{parse_plpgsql_unit, parse_plsql_unit};
        use sqlport::source::Span;
        for text in [
            soup.clone(),
            format!("CREATE OR REPLACE PROCEDURE p IS {soup}"),
            format!("DECLARE {soup} END;"),
        ] {
            if let Err(e) = parse_plsql_unit(&text, Span::new(0, text.len())) {
                prop_assert!(!e.expected.contains("sqlport bug"), "{}", text);
                prop_assert!(e.offset <= text.len());
            }
        }
        let body = soup.replace("$$", "");
        for text in [
            format!("CREATE FUNCTION f() RETURNS int AS $$ {body} $$ LANGUAGE plpgsql"),
            format!("DO $$ {body} $$"),
        ] {
            if let Err(e) = parse_plpgsql_unit(&text, Span::new(0, text.len())) {
                prop_assert!(!e.expected.contains("sqlport bug"), "{}", text);
                prop_assert!(e.offset <= text.len());
            }
        }
    }
}

/// Fragments of suppression comments, well- and ill-formed, among SQL.
fn directive_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("-- sqlport: ignore[SP0101]\n".to_string()),
        Just("-- sqlport: ignore-file[SP0108, SP0102]\n".to_string()),
        Just("-- sqlport: ignore[".to_string()),
        Just("-- sqlport: ignore[SP01,]\n".to_string()),
        Just("-- sqlport: ignore[中文]\n".to_string()),
        Just("--sqlport:ignore[statement-not-parsed]".to_string()),
        Just("SELEC s FROM dual;\n".to_string()),
        Just("$$ -- sqlport: ignore[SP0105]\n".to_string()),
        fragment(),
    ]
}

proptest! {
    #[test]
    fn suppressions_never_panic_and_keep_findings_in_the_text(
        parts in prop::collection::vec(directive_fragment(), 0..30),
        postgres in any::<bool>(),
    ) {
        let text = parts.concat();
        let source = if postgres { Source::Postgres } else { Source::Oracle };
        let report = sqlport::check(&text, &Options::new(source, Target::Highgo));
        let lines = text.split('\n').count();
        for f in &report.findings {
            prop_assert!(f.span.end <= text.len());
            prop_assert!(f.start.line >= 1 && f.start.line <= lines);
        }
        // Without the directives nothing is suppressed.
        let plain = text.replace("sqlport:", "sqlport;");
        let unsuppressed = sqlport::check(&plain, &Options::new(source, Target::Highgo));
        prop_assert_eq!(unsuppressed.stats.suppressed, 0);
        prop_assert!(!unsuppressed.findings.iter().any(|f| f.code.as_str().starts_with("SP05")));
    }
}
