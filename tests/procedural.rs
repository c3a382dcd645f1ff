//! The procedural readers and printers over every corpus unit (PL/SQL from
//! the Oracle corpus, PL/pgSQL from the PostgreSQL one): everything parses,
//! printing is stable (print → parse → print gives the same text), no comment
//! is dropped, and printing purely from the AST reads back the same way.

use std::fs;
use std::path::Path;

use sqlport::ast::procedural::Program;
use sqlport::emit::procedural::{Style, print_program};
use sqlport::parse::procedural::{ProceduralError, parse_plpgsql_unit, parse_plsql_unit};
use sqlport::source::{LexemeKind, Lexer, ScriptSyntax, Segment, Span, UnitKind, split};

/// A language: where its corpus is, how its scripts split, how to read and print a unit.
struct Language {
    folder: &'static str,
    syntax: ScriptSyntax,
    style: Style,
}

const LANGUAGES: [Language; 2] = [
    Language {
        folder: "corpus/oracle",
        syntax: ScriptSyntax::SqlPlus,
        style: Style::Plsql,
    },
    Language {
        folder: "corpus/postgres",
        syntax: ScriptSyntax::Psql,
        style: Style::Plpgsql,
    },
];

impl Language {
    /// The unit's program; `None` for a PostgreSQL routine in another language.
    fn parse(&self, text: &str) -> Result<Option<Program>, ProceduralError> {
        let span = Span::new(0, text.len());
        match self.style {
            Style::Plsql => parse_plsql_unit(text, span).map(Some),
            Style::Plpgsql => parse_plpgsql_unit(text, span),
        }
    }
}

/// Every procedural unit of a language's corpus: (file, unit text).
fn corpus_units(language: &Language) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(language.folder);
    let mut paths: Vec<_> = fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let mut units = Vec::new();
    for path in paths {
        let text = fs::read_to_string(&path).unwrap_or_default();
        for segment in split(&text, language.syntax).segments {
            if let Segment::Unit(u) = segment
                && matches!(u.kind, UnitKind::Procedural(_))
            {
                units.push((path.display().to_string(), u.body.slice(&text).to_string()));
            }
        }
    }
    units
}

fn comments(text: &str) -> Vec<String> {
    Lexer::new(text, 0, ScriptSyntax::SqlPlus)
        .filter(|l| matches!(l.kind, LexemeKind::LineComment | LexemeKind::BlockComment))
        .map(|l| l.span.slice(text).trim_end().to_string())
        .collect()
}

#[test]
fn every_corpus_unit_parses_and_prints_stably() {
    for language in &LANGUAGES {
        let units = corpus_units(language);
        assert!(
            units.len() >= 10,
            "{}: only {} units",
            language.folder,
            units.len()
        );
        for (file, unit) in &units {
            // A unit that does not parse fails `every_corpus_unit_is_read`.
            let Ok(Some(program)) = language.parse(unit) else {
                continue;
            };
            let printed = print_program(&program, unit, language.style);
            let reparsed = match language.parse(&printed) {
                Ok(Some(p)) => p,
                other => panic!("{file}: reprint does not parse: {other:?}\n{printed}"),
            };
            let again = print_program(&reparsed, &printed, language.style);
            assert_eq!(printed, again, "{file}: printing is not stable");
            let printed_comments = comments(&printed);
            for c in comments(unit) {
                assert!(printed_comments.contains(&c), "{file}: comment lost: {c}");
            }
        }
    }
}

/// Every procedural unit of the corpus is read; a failure says where and why.
#[test]
fn every_corpus_unit_is_read() {
    let mut gaps = String::new();
    for language in &LANGUAGES {
        for (file, unit) in corpus_units(language) {
            if let Err(e) = language.parse(&unit) {
                let position = sqlport::source::SourceFile::new(&unit).position(e.offset);
                let line = unit.lines().nth(position.line - 1).unwrap_or("").trim();
                let file = file.rsplit("corpus/").next().unwrap_or(&file).to_string();
                gaps.push_str(&format!(
                    "{file} (unit line {}:{}): {e}\n    {line}\n",
                    position.line, position.column
                ));
            }
        }
    }
    assert!(gaps.is_empty(), "units not read:\n{gaps}");
}

#[test]
fn printing_from_the_ast_alone_reads_back_the_same() {
    for language in &LANGUAGES {
        for (file, unit) in corpus_units(language) {
            let Ok(Some(program)) = language.parse(&unit) else {
                continue;
            };
            // An empty source text makes every leaf print from its AST, as a
            // node built by a rewrite would.
            let from_ast = print_program(&program, "", language.style);
            let reparsed = match language.parse(&from_ast) {
                Ok(Some(p)) => p,
                other => panic!("{file}: {other:?}:\n{from_ast}"),
            };
            assert_eq!(
                print_program(&reparsed, "", language.style),
                from_ast,
                "{file}"
            );
        }
    }
}

mod generated {
    //! Generated programs: whatever the readers accept, printing is stable
    //! and reads back the same, in both languages.

    use proptest::prelude::*;

    use super::{LANGUAGES, print_program};

    fn expr() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("v_total + 1".to_string()),
            Just("NVL(p_amount, 0) * 0.7".to_string()),
            Just("'挂号' || TO_CHAR(v_count)".to_string()),
            Just("v_count".to_string()),
            Just("CASE WHEN v_count > 1 THEN 'A' ELSE 'B' END".to_string()),
            Just("ROUND(v_total / 3, 2)".to_string()),
        ]
    }

    fn condition() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("v_count > 0".to_string()),
            Just("v_total IS NULL".to_string()),
            Just("v_name LIKE '张%' AND v_count < 10".to_string()),
            Just("NOT v_done".to_string()),
        ]
    }

    /// A statement both languages read, nested up to `depth`.
    fn statement(depth: u32) -> BoxedStrategy<String> {
        let leaf = prop_oneof![
            expr().prop_map(|e| format!("v_total := {e};")),
            Just("NULL;".to_string()),
            Just("RETURN;".to_string()),
            condition().prop_map(|c| format!("EXIT WHEN {c};")),
            Just("UPDATE op_reg SET status = 'C' WHERE reg_id = v_count;".to_string()),
            Just("SELECT COUNT(*) INTO v_count FROM op_reg WHERE status = 'A';".to_string()),
            Just("COMMIT;".to_string()),
        ];
        if depth == 0 {
            return leaf.boxed();
        }
        let inner = || prop::collection::vec(statement(depth - 1), 1..3).prop_map(|v| v.join("\n"));
        prop_oneof![
            3 => leaf,
            1 => (condition(), inner(), inner())
                .prop_map(|(c, a, b)| format!("IF {c} THEN\n{a}\nELSE\n{b}\nEND IF;")),
            1 => (condition(), inner()).prop_map(|(c, a)| format!("WHILE {c} LOOP\n{a}\nEND LOOP;")),
            1 => inner().prop_map(|a| format!("FOR i IN 1..10 LOOP\n{a}\nEND LOOP;")),
            1 => inner().prop_map(|a| format!("LOOP\n{a}\nEXIT;\nEND LOOP;")),
            1 => (expr(), inner(), inner())
                .prop_map(|(e, a, b)| format!("CASE {e}\nWHEN 1 THEN\n{a}\nELSE\n{b}\nEND CASE;")),
            1 => inner().prop_map(|a| format!("BEGIN\n{a}\nEXCEPTION\nWHEN OTHERS THEN\nNULL;\nEND;")),
        ]
        .boxed()
    }

    fn body() -> impl Strategy<Value = String> {
        prop::collection::vec(statement(3), 1..6).prop_map(|v| v.join("\n"))
    }

    const DECLS: &str = "v_total NUMBER(12,2) := 0;\nv_count INTEGER := 0;\nv_name VARCHAR(50);\nv_done BOOLEAN := FALSE;\np_amount NUMBER;";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn generated_programs_print_stably_in_both_languages(stmts in body()) {
            let plsql = format!("CREATE OR REPLACE PROCEDURE p_gen IS\n{DECLS}\nBEGIN\n{stmts}\nEND p_gen;");
            let plpgsql = format!(
                "CREATE OR REPLACE FUNCTION f_gen() RETURNS void AS $$\nDECLARE\n{DECLS}\nBEGIN\n{stmts}\nEND;\n$$ LANGUAGE plpgsql"
            );
            for (language, text) in LANGUAGES.iter().zip([plsql, plpgsql]) {
                let program = match language.parse(&text) {
                    Ok(Some(p)) => p,
                    other => return Err(TestCaseError::fail(format!("{other:?}\n{text}"))),
                };
                let printed = print_program(&program, "", language.style);
                let reparsed = match language.parse(&printed) {
                    Ok(Some(p)) => p,
                    other => return Err(TestCaseError::fail(format!("{other:?}\n{printed}"))),
                };
                prop_assert_eq!(print_program(&reparsed, "", language.style), printed);
            }
        }
    }
}
