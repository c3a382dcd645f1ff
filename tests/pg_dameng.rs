//! PostgreSQL → Dameng: the output of every `corpus/postgres` file is
//! DMSQL that sqlport's own Oracle-family reader reads back, translates to
//! itself, and holds no PostgreSQL-only construct outside the units an
//! error finding marks for a person.

use std::fs;
use std::path::{Path, PathBuf};

use sqlparser::ast::Statement;
use sqlport::ast::Content;
use sqlport::source::{LexemeKind, Lexer, ScriptSyntax, SourceFile, Span};
use sqlport::{DmDate, Options, Severity, Source, Target};

fn postgres_corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join("postgres");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "sql"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(
        !files.is_empty(),
        "no PostgreSQL corpus in {}",
        dir.display()
    );
    files
}

/// One output unit: its text, and whether its input unit carries an error finding.
struct OutputUnit {
    text: String,
    start: usize,
    flagged: bool,
    input_line: usize,
}

fn dameng_units(input: &str) -> (String, Vec<OutputUnit>) {
    let options = Options::new(Source::Postgres, Target::Dameng).with_annotate(false);
    let (out, origins) = sqlport::translate_mapped(input, &options);
    let has_error = |input: &Span| {
        out.report.findings.iter().any(|f| {
            f.severity == Severity::Error
                && input.start <= f.span.start
                && f.span.start < input.end.max(input.start + 1)
        })
    };
    // A trigger's output holds its function's body (the function's own unit
    // becomes a comment), so the function's errors are the trigger's too.
    let function_of_trigger = |trigger: &str| -> Option<Span> {
        let lower = trigger.to_ascii_lowercase();
        let at = lower
            .find("execute function ")
            .map(|i| i + "execute function ".len())
            .or_else(|| {
                lower
                    .find("execute procedure ")
                    .map(|i| i + "execute procedure ".len())
            })?;
        let name: String = lower[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let needle = format!("function {name}(");
        origins
            .iter()
            .find(|f| f.input.slice(input).to_ascii_lowercase().contains(&needle))
            .map(|f| f.input)
    };
    let units = origins
        .iter()
        .map(|o| {
            let flagged = has_error(&o.input)
                || function_of_trigger(o.input.slice(input)).is_some_and(|f| has_error(&f));
            OutputUnit {
                text: out.sql[o.output.clone()].to_string(),
                start: o.output.start,
                flagged,
                input_line: input[..o.input.start].lines().count() + 1,
            }
        })
        .collect();
    (out.sql, units)
}

#[test]
fn dameng_output_is_read_back_without_parse_findings() {
    let mut problems = Vec::new();
    for path in postgres_corpus() {
        let input = fs::read_to_string(&path).unwrap_or_default();
        let (sql, units) = dameng_units(&input);
        let file = SourceFile::new(&sql);
        let parsed = sqlport::parse::parse_script(&file, Source::Oracle);
        for f in parsed
            .findings
            .iter()
            .filter(|f| f.code.as_str().starts_with("SP01"))
        {
            // The output unit the finding falls in; outside every unit (in
            // trivia) counts as unflagged.
            let unit = units
                .iter()
                .find(|u| u.start <= f.span.start && f.span.start < u.start + u.text.len().max(1));
            if unit.is_some_and(|u| u.flagged) {
                continue;
            }
            problems.push(format!(
                "{}: output offset {} (input line {}): {} {}",
                path.display(),
                f.span.start,
                unit.map_or(0, |u| u.input_line),
                f.code,
                f.message
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn dameng_output_is_a_fixed_point_of_the_oracle_reader() {
    for path in postgres_corpus() {
        let input = fs::read_to_string(&path).unwrap_or_default();
        let options = Options::new(Source::Postgres, Target::Dameng).with_annotate(false);
        let once = sqlport::translate(&input, &options).sql;
        // Read back as the Oracle-family script it is, for the same target,
        // with DATE kept (a PostgreSQL date is a date): nothing changes.
        let again = Options::new(Source::Oracle, Target::Dameng)
            .with_annotate(false)
            .with_dm_date(DmDate::Keep);
        let twice = sqlport::translate(&once, &again).sql;
        assert!(
            once == twice,
            "{}: the Dameng output changes when translated again",
            path.display()
        );
        // And the same input gives the same output.
        assert_eq!(once, sqlport::translate(&input, &options).sql);
    }
}

/// PostgreSQL-only forms, as they would appear in output code (outside
/// strings and comments).
fn postgres_leftovers(text: &str) -> Vec<String> {
    let all: Vec<_> = Lexer::new(text, 0, ScriptSyntax::SqlPlus)
        .filter(|l| !l.kind.is_trivia())
        .collect();
    let mut found = Vec::new();
    // Strings: PostgreSQL's own forms, and `$n` placeholders in the SQL
    // text of a dynamic statement.
    for (k, l) in all.iter().enumerate() {
        if l.kind != LexemeKind::String {
            continue;
        }
        let body = l.span.slice(text);
        let before = |n: usize| k.checked_sub(n).and_then(|p| all.get(p));
        let unicode = before(1).is_some_and(|p| p.kind == LexemeKind::Punct('&'))
            && before(2).is_some_and(|p| p.span.slice(text).eq_ignore_ascii_case("u"));
        if unicode || body.starts_with(['E', 'e']) {
            found.push("U&'…' or E'…' string".to_string());
        }
        let dynamic = k.checked_sub(1).and_then(|p| all.get(p)).is_some_and(|p| {
            p.kind == LexemeKind::Word
                && matches!(
                    p.span.slice(text).to_ascii_uppercase().as_str(),
                    "IMMEDIATE" | "FOR"
                )
        });
        let placeholder = body
            .char_indices()
            .any(|(i, c)| c == '$' && body[i + 1..].starts_with(|d: char| d.is_ascii_digit()));
        if dynamic && placeholder {
            found.push("$n placeholder in dynamic SQL".to_string());
        }
    }
    let lexemes: Vec<_> = all
        .into_iter()
        .filter(|l| l.kind != LexemeKind::String)
        .collect();
    let word = |k: usize| {
        lexemes
            .get(k)
            .filter(|l| l.kind == LexemeKind::Word)
            .map(|l| l.span.slice(text).to_ascii_uppercase())
    };
    let punct = |k: usize| match lexemes.get(k).map(|l| l.kind) {
        Some(LexemeKind::Punct(c)) => Some(c),
        _ => None,
    };
    let adjacent = |k: usize| {
        lexemes
            .get(k)
            .zip(lexemes.get(k + 1))
            .is_some_and(|(a, b)| a.span.end == b.span.start)
    };
    for k in 0..lexemes.len() {
        let w = word(k);
        let next = word(k + 1);
        let call = punct(k + 1) == Some('(');
        let hit = match (w.as_deref(), next.as_deref()) {
            (Some("LANGUAGE"), Some("PLPGSQL")) => Some("LANGUAGE plpgsql"),
            (Some("LANGUAGE"), Some("SQL")) => Some("LANGUAGE sql"),
            (Some("BEGIN"), Some("ATOMIC")) => Some("BEGIN ATOMIC"),
            (Some("SETOF"), _) => Some("SETOF"),
            (Some("WITH"), Some("ORDINALITY")) => Some("WITH ORDINALITY"),
            (Some("ILIKE"), _) => Some("ILIKE"),
            (Some("RETURN"), Some("QUERY" | "NEXT")) => Some("RETURN QUERY/NEXT"),
            (Some("PERFORM"), _) => Some("PERFORM"),
            (Some("RAISE"), Some("NOTICE" | "EXCEPTION" | "WARNING" | "INFO")) => {
                Some("RAISE level")
            }
            (Some("GET"), Some("DIAGNOSTICS" | "STACKED")) => Some("GET DIAGNOSTICS"),
            (
                Some(
                    "NEXTVAL" | "NOW" | "STRING_AGG" | "DATE_TRUNC" | "FORMAT" | "AGE"
                    | "GENERATE_SERIES" | "ARRAY_AGG" | "SPLIT_PART" | "REGEXP_MATCHES"
                    | "CURRENT_SETTING" | "JSON_AGG" | "CLOCK_TIMESTAMP" | "STRING_TO_TABLE",
                ),
                _,
            ) if call => Some("PostgreSQL function"),
            (Some("FOR"), _)
                if word(k + 2).as_deref() == Some("IN")
                    && word(k + 3).as_deref() == Some("EXECUTE") =>
            {
                Some("FOR … IN EXECUTE")
            }
            (Some("REFCURSOR" | "BYTEA" | "TIMESTAMPTZ" | "SERIAL" | "BIGSERIAL"), _) => {
                Some("PostgreSQL type")
            }
            (Some("RETURNS"), _) => Some("RETURNS"),
            _ => None,
        };
        if let Some(h) = hit {
            found.push(h.to_string());
        }
        if punct(k) == Some(':') && punct(k + 1) == Some(':') && adjacent(k) {
            found.push("::".to_string());
        }
        if punct(k) == Some('$') && punct(k + 1) == Some('$') && adjacent(k) {
            found.push("$$".to_string());
        }
        if lexemes
            .get(k)
            .is_some_and(|l| l.kind == LexemeKind::DollarString)
        {
            found.push("$$".to_string());
        }
    }
    found
}

#[test]
fn no_postgresql_construct_remains_in_units_without_error_findings() {
    let mut problems = Vec::new();
    for path in postgres_corpus() {
        let input = fs::read_to_string(&path).unwrap_or_default();
        let (_, units) = dameng_units(&input);
        for u in units.iter().filter(|u| !u.flagged) {
            let left = postgres_leftovers(&u.text);
            if !left.is_empty() {
                problems.push(format!(
                    "{} (input line {}): {} in\n{}",
                    path.display(),
                    u.input_line,
                    left.join(", "),
                    u.text
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_leftover_check_sees_what_it_looks_for() {
    let left = postgres_leftovers(
        "SELECT a::text FROM t WHERE b ILIKE 'x%' AND c = 'a::b';\nCREATE FUNCTION f() RETURNS int AS $$ BEGIN PERFORM 1; END $$ LANGUAGE plpgsql;\nCREATE FUNCTION g() RETURN SETOF int LANGUAGE sql BEGIN ATOMIC SELECT n FROM generate_series(1, 3) WITH ORDINALITY AS s(n, k); END;",
    );
    for expected in [
        "::",
        "ILIKE",
        "RETURNS",
        "PERFORM",
        "LANGUAGE plpgsql",
        "LANGUAGE sql",
        "BEGIN ATOMIC",
        "SETOF",
        "WITH ORDINALITY",
        "PostgreSQL function",
    ] {
        assert!(
            left.iter().any(|l| l == expected),
            "{expected} not found in {left:?}"
        );
    }
    let left = postgres_leftovers(
        "DECLARE c refcursor; BEGIN OPEN c FOR 'SELECT 1 FROM t WHERE a = $1' USING 1; RAISE_APPLICATION_ERROR(-20001, U&'\\5371' || format('%s', 1)); END;",
    );
    for expected in [
        "PostgreSQL type",
        "$n placeholder in dynamic SQL",
        "U&'…' or E'…' string",
        "PostgreSQL function",
    ] {
        assert!(
            left.iter().any(|l| l == expected),
            "{expected} not found in {left:?}"
        );
    }
    // Strings do not count.
    assert!(postgres_leftovers("SELECT 'RETURN QUERY x::y $1' FROM dual;").is_empty());
    let _ = (Content::Unreadable, None::<Statement>);
}
