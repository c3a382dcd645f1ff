//! The corpus machinery of the database tests, shared by `tests/pg.rs`
//! (the Oracle corpus) and `tests/pg_source.rs` (the PostgreSQL corpus):
//! corpus files turned into the statements psql sends (translated, or as
//! written), loaded one at a time with each outcome traced to its input line,
//! and the behaviour checks of `corpus/checks/` run and compared.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use sqlport::source::{
    ScriptSyntax, Segment, SourceFile, SplitProblem, Terminator, UnitKind, split,
};
use sqlport::{Options, Severity, Source};

use super::pg::Server;

/// How long one psql run may take.
pub const PSQL_LIMIT: Duration = Duration::from_secs(240);

/// A statement of the translated output, traced back to the input.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The corpus file it came from.
    pub file: String,
    /// The line of the input unit it came from.
    pub line: usize,
    /// Its text, as sent to the server.
    pub text: String,
    /// Whether a finding (warning or error) lies in its input unit.
    pub flagged: bool,
    /// Why psql cannot be given it at all (it would read on past its end,
    /// into the next statements), if so.
    pub unsendable: Option<String>,
}

impl Statement {
    /// Its first words, for the ledger (and people) to recognise it.
    pub fn head(&self) -> String {
        head_of(&self.text)
    }
}

/// The first words of `text` (comments skipped), up to six words, 60
/// characters or the first `(`: enough to recognise a statement, and stable
/// while rules change what follows (column types, arguments).
pub fn head_of(text: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    'lines: for line in text.lines() {
        let line = line.trim();
        if line.starts_with("--") || line.is_empty() {
            continue;
        }
        for word in line.split_whitespace() {
            if word.starts_with("--") {
                break;
            }
            if let Some(open) = word.find('(') {
                if open > 0 {
                    words.push(&word[..open]);
                }
                break 'lines;
            }
            words.push(word);
            if words.len() >= 6 {
                break 'lines;
            }
        }
    }
    words.join(" ").chars().take(60).collect()
}

/// The statements of `file` (in `dir`, a script of `source`) as sent to the
/// server: its translation for `options`, or, with `None`, the file as
/// written; in order, with the files it includes (`@`/`@@`/`START`, `\\i`/
/// `\\ir`) in their place.
pub fn statements_of(
    dir: &Path,
    file: &str,
    source_kind: Source,
    options: Option<&Options>,
    seen: &mut BTreeSet<String>,
) -> Vec<Statement> {
    seen.insert(file.to_string());
    let path = dir.join(file);
    let input = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let source = SourceFile::new(&input);
    let syntax = source_kind.script_syntax();
    let Some(options) = options else {
        return as_written(dir, file, &input, source_kind, seen);
    };
    let (out, origins) = sqlport::translate_mapped(&input, options);
    // What kind each input unit is (an include is a client command).
    let kinds: BTreeMap<usize, UnitKind> = split(&input, syntax)
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Unit(u) => Some((u.span.start, u.kind)),
            Segment::Trivia(_) => None,
        })
        .collect();
    let mut statements = Vec::new();
    let mut covered = 0;
    for origin in &origins {
        let line = source.position(origin.input.start).line;
        // Output between units (helper functions put before everything, say)
        // belongs to no input unit: it must load, and it has no finding.
        if origin.output.start > covered {
            push_statements(
                &out.sql[covered..origin.output.start],
                file,
                1,
                false,
                &mut statements,
            );
        }
        covered = origin.output.end;
        let input_text = source.slice(origin.input);
        if kinds.get(&origin.input.start) == Some(&UnitKind::ClientCommand)
            && let Some(included) = include_target(input_text)
            && dir.join(&included).is_file()
            && !seen.contains(&included)
        {
            statements.extend(statements_of(
                dir,
                &included,
                source_kind,
                Some(options),
                seen,
            ));
        }
        let flagged = out.report.findings.iter().any(|f| {
            f.severity >= Severity::Warning
                && (origin.input.contains(f.span.start) || f.span.start == origin.input.end)
        });
        push_statements(
            &out.sql[origin.output.clone()],
            file,
            line,
            flagged,
            &mut statements,
        );
    }
    if covered < out.sql.len() {
        push_statements(&out.sql[covered..], file, 1, false, &mut statements);
    }
    statements
}

/// `file` as written, split as its client splits it, with its includes.
fn as_written(
    dir: &Path,
    file: &str,
    input: &str,
    source_kind: Source,
    seen: &mut BTreeSet<String>,
) -> Vec<Statement> {
    let source = SourceFile::new(input);
    let mut statements = Vec::new();
    for segment in split(input, source_kind.script_syntax()).segments {
        let Segment::Unit(unit) = segment else {
            continue;
        };
        let text = unit.span.slice(input);
        if unit.kind == UnitKind::ClientCommand {
            if let Some(included) = include_target(text)
                && dir.join(&included).is_file()
                && !seen.contains(&included)
            {
                statements.extend(statements_of(dir, &included, source_kind, None, seen));
            }
            continue;
        }
        let line = source.position(unit.span.start).line;
        push_statements(text, file, line, false, &mut statements);
    }
    statements
}

/// The file a SQL*Plus `@file`, `@@file` or `START file`, or a psql `\\i file`
/// or `\\ir file`, runs.
pub fn include_target(command: &str) -> Option<String> {
    let command = command.trim();
    if let Some(rest) = command
        .strip_prefix("\\ir ")
        .or_else(|| command.strip_prefix("\\i "))
        .or_else(|| command.strip_prefix("\\include "))
    {
        return rest.split_whitespace().next().map(str::to_string);
    }
    let rest = if let Some(rest) = command.strip_prefix("@@") {
        rest
    } else if let Some(rest) = command.strip_prefix('@') {
        rest
    } else {
        let (word, rest) = command.split_once(char::is_whitespace)?;
        if !word.eq_ignore_ascii_case("START") && !word.eq_ignore_ascii_case("STA") {
            return None;
        }
        rest
    };
    let name = rest.split_whitespace().next()?;
    Some(if name.contains('.') {
        name.to_string()
    } else {
        format!("{name}.sql")
    })
}

/// Splits translated `text` as psql would and keeps what goes to the server.
pub fn push_statements(
    text: &str,
    file: &str,
    line: usize,
    flagged: bool,
    out: &mut Vec<Statement>,
) {
    let split = split(text, ScriptSyntax::Psql);
    for segment in split.segments {
        let Segment::Unit(unit) = segment else {
            continue;
        };
        // An unclosed quote or comment makes psql read on into whatever
        // follows: such a statement is reported, never sent.
        let unsendable = split
            .problems
            .iter()
            .find(|p| {
                let at = problem_span(p).start;
                unit.span.contains(at) || at == unit.span.end
            })
            .map(|p| format!("psql reads it differently: {p}"));
        if unit.kind == UnitKind::ClientCommand {
            continue;
        }
        let mut sql = unit.span.slice(text).to_string();
        if matches!(
            unit.terminator,
            Terminator::EndOfInput | Terminator::Interrupted
        ) {
            sql.push_str("\n;");
        }
        out.push(Statement {
            file: file.to_string(),
            line,
            text: sql,
            flagged,
            unsendable,
        });
    }
}

pub fn problem_span(problem: &SplitProblem) -> sqlport::source::Span {
    match problem {
        SplitProblem::UnterminatedString(s)
        | SplitProblem::UnterminatedQuotedIdent(s)
        | SplitProblem::UnterminatedComment(s)
        | SplitProblem::UnterminatedDollarQuote(s)
        | SplitProblem::MissingSlash(s)
        | SplitProblem::SlashLineInLiteral(s) => *s,
    }
}

/// What happened to one statement.
#[derive(Debug, Clone)]
pub enum Outcome {
    Loaded,
    Failed(String),
}

pub const MARK: &str = "@@sqlport";

/// Loads `statements` into `database`, one at a time in one session, and
/// says what happened to each.
pub fn load(server: &Server, database: &str, name: &str, statements: &[Statement]) -> Vec<Outcome> {
    let mut script = String::from("\\o /dev/null\n\\set VERBOSITY terse\n");
    for (i, statement) in statements.iter().enumerate() {
        if statement.unsendable.is_some() {
            continue;
        }
        // `SELECT i \gset` before the statement proves, in the marker after
        // it, that psql ran the statement on its own: had an earlier text
        // swallowed it, `sqlport_at` would not be `i`.
        let _ = write!(
            script,
            "SELECT {i} AS sqlport_at \\gset\n{}\n\\if :ERROR\n\\echo '{MARK}' {i} :sqlport_at ERR :'LAST_ERROR_SQLSTATE' :'LAST_ERROR_MESSAGE'\n\\else\n\\echo '{MARK}' {i} :sqlport_at OK\n\\endif\n",
            statement.text
        );
    }
    let run = server.run_script(database, name, &script, &[], PSQL_LIMIT);
    let mut outcomes: Vec<Option<Outcome>> = vec![None; statements.len()];
    let mut trouble = String::new();
    match run {
        Ok(run) => {
            for line in run.stdout.lines() {
                let Some(rest) = line.strip_prefix(MARK) else {
                    continue;
                };
                let mut parts = rest.trim().splitn(4, ' ');
                let index: Option<usize> = parts.next().and_then(|i| i.parse().ok());
                let at: Option<usize> = parts.next().and_then(|i| i.parse().ok());
                let status = parts.next().unwrap_or("");
                let detail = parts.next().unwrap_or("");
                if let Some(slot) = index.and_then(|i| outcomes.get_mut(i)) {
                    *slot = Some(if at != index {
                        Outcome::Failed(
                            "psql did not run it on its own (an earlier statement took it in)"
                                .to_string(),
                        )
                    } else if status == "OK" {
                        Outcome::Loaded
                    } else {
                        Outcome::Failed(unquote_error(detail))
                    });
                }
            }
            if !run.success {
                trouble = format!("psql failed: {}", run.stderr.lines().last().unwrap_or(""));
            }
        }
        Err(e) => trouble = e,
    }
    for (slot, statement) in outcomes.iter_mut().zip(statements) {
        if let Some(why) = &statement.unsendable {
            *slot = Some(Outcome::Failed(why.clone()));
        }
    }
    outcomes
        .into_iter()
        .map(|o| {
            o.unwrap_or_else(|| {
                // psql never reported on it: an earlier statement swallowed it
                // (an unclosed quote, say) or psql stopped.
                Outcome::Failed(if trouble.is_empty() {
                    "psql did not run it as a statement of its own (an earlier statement is not closed?)".to_string()
                } else {
                    trouble.clone()
                })
            })
        })
        .collect()
}

/// `'42P01' 'relation "x" does not exist'` → `42P01: relation "x" does not exist`.
pub fn unquote_error(detail: &str) -> String {
    let detail = detail.trim();
    let (state, message) = match detail.split_once(' ') {
        Some((s, m)) => (s, m),
        None => (detail, ""),
    };
    let strip = |s: &str| {
        s.trim()
            .strip_prefix('\'')
            .and_then(|s| s.strip_suffix('\''))
            .unwrap_or(s)
            .replace("''", "'")
    };
    format!("{}: {}", strip(state), strip(message))
}

/// A behaviour check: SQL of the corpus's source (translated like the
/// corpus) and the rows the source database returns for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub name: String,
    /// What Oracle behaviour it pins, for people.
    pub about: String,
    /// Oracle statements run first (their results are not compared).
    #[serde(default)]
    pub setup: String,
    /// One Oracle query.
    pub query: String,
    /// Its rows, each value as text (`<null>` for NULL; numbers compare
    /// as numbers).
    pub expect: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckFile {
    pub check: Vec<Check>,
}

/// The checks of corpus file `file`, from `corpus/checks/<dir>/`.
pub fn checks_of(dir: &str, file: &str) -> Vec<Check> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/checks")
        .join(dir)
        .join(format!("{file}.checks.toml"));
    let Ok(text) = fs::read_to_string(&path) else {
        return Vec::new();
    };
    match toml::from_str::<CheckFile>(&text) {
        Ok(f) => f.check,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

pub const ROWS: &str = "@@sqlport-rows";

/// Runs `check` in `database`; `None` when it passes, else what went wrong.
pub fn run_check(
    server: &Server,
    database: &str,
    run_name: &str,
    options: Option<&Options>,
    file: &str,
    check: &Check,
) -> Option<String> {
    // The check's SQL, translated like the corpus (or as written).
    let sql = |text: &str| match options {
        Some(options) => sqlport::translate(text, options).sql,
        None => text.to_string(),
    };
    let mut setup = Vec::new();
    if !check.setup.trim().is_empty() {
        push_statements(&sql(&check.setup), file, 0, false, &mut setup);
    }
    let mut query_statements = Vec::new();
    push_statements(&sql(&check.query), file, 0, false, &mut query_statements);
    let mut script = String::from(
        "\\set ON_ERROR_STOP on\n\\set VERBOSITY terse\n\\pset format unaligned\n\\pset tuples_only on\n\\pset fieldsep '|'\n\\pset null '<null>'\n\\o /dev/null\n",
    );
    if let Some(why) = setup
        .iter()
        .chain(&query_statements)
        .find_map(|s| s.unsendable.clone())
    {
        return Some(why);
    }
    for s in &setup {
        let _ = writeln!(script, "{}", s.text);
    }
    let _ = writeln!(script, "\\o\n\\echo {ROWS}");
    for s in &query_statements {
        let _ = writeln!(script, "{}", s.text);
    }
    let name = format!("check-{}-{}", run_name.replace('/', "-"), check.name);
    let outcome = match server.run_script(database, &name, &script, &[], PSQL_LIMIT) {
        Ok(o) => o,
        Err(e) => return Some(e),
    };
    if !outcome.success {
        let error = outcome
            .stderr
            .lines()
            .find(|l| l.contains("ERROR"))
            .or_else(|| outcome.stderr.lines().last())
            .unwrap_or("psql failed");
        let stage = if outcome.stdout.contains(ROWS) {
            "query"
        } else {
            "setup"
        };
        return Some(format!(
            "{stage}: {}",
            error.split("ERROR:").last().unwrap_or(error).trim()
        ));
    }
    let rows: Vec<Vec<String>> = outcome
        .stdout
        .split_once(ROWS)
        .map(|(_, rows)| rows)
        .unwrap_or("")
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect();
    if rows_match(&rows, &check.expect) {
        None
    } else {
        Some(format!(
            "expected {:?}, got {:?} (reference: {})",
            check.expect, rows, check.about
        ))
    }
}

pub fn rows_match(got: &[Vec<String>], expected: &[Vec<String>]) -> bool {
    got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .all(|(g, e)| g.len() == e.len() && g.iter().zip(e).all(|(a, b)| values_match(a, b)))
}

/// Text equal, or both numbers of the same value (`5000` and `5000.00`).
pub fn values_match(got: &str, expected: &str) -> bool {
    if got == expected {
        return true;
    }
    match (got.trim().parse::<f64>(), expected.trim().parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        _ => false,
    }
}
