//! The proof on real PostgreSQL: every Oracle corpus file, translated for
//! HighGo, is loaded into private PostgreSQL 12, 14 and 15 servers (HighGo's
//! kernels), one statement at a time, and the behaviour checks of
//! `corpus/checks/oracle/` run against what was loaded.
//!
//! The rule is that every translated statement either loads or
//! carries a finding (error or warning) at its line. The translation rules
//! are being written, so many statements do not load yet: the ratchet ledger
//! `tests/pg/known_failures.toml` lists each statement and check known to fail
//! (with whether a finding flags it). A failure the ledger does not list fails
//! the test, and so does a ledger entry that now passes — so the ledger only
//! shrinks. Regenerate it with `SQLPORT_UPDATE_LEDGER=1 cargo test --test pg`
//! and look at the diff.
//!
//! Runs: the translation for `--target-version` N on server N, for 12, 14 and
//! 15, the default translation (kernel 12) on 14 and 15, and
//! `--to kingbase --kingbase-mode pg` on 12 (`pg12/kingbase-pg`: Kingbase
//! V8R6's kernel). The issue asks that the Kingbase run behave exactly as
//! HighGo's on 12, so its ledger entries are those of `pg12/v12`; the test
//! `kingbase_pg_mode_output_is_highgo_v12_output` shows why (same output).
//!
//! Without server binaries the tests skip with a loud message, unless `CI`
//! is set: then they fail.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/pg.rs"]
mod pg;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sqlport::source::SourceFile;
use sqlport::{Options, Source, Target};

use corpus::{
    Check, Outcome, Statement, checks_of, head_of, include_target, load, push_statements,
    run_check, statements_of, unquote_error, values_match,
};
use pg::{Run, corpus_runs_on};

/// The corpus files loaded together into one database, in dependency order:
/// the inpatient script uses the outpatient script's tables, and the
/// outpatient script runs the pharmacy package files itself (`@@`), where
/// it includes them. The nursing script, the target-differences script
/// (one example of each construct some target lacks) and the laboratory and
/// rota script (dates with times, reserved-word column names) and the
/// interface script (the built-in packages some target lacks) stand alone.
const SESSIONS: &[(&str, &[&str])] = &[
    ("his", &["his_outpatient_billing.sql", "his_inpatient.sql"]),
    ("nursing", &["his_procedural_extras.sql"]),
    ("differences", &["his_target_differences.sql"]),
    ("lab", &["his_lab_schedule.sql"]),
    ("interfaces", &["his_interfaces.sql"]),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/oracle")
}

/// The options of `run` for the corpus, with the corpus files that declare
/// packages or types as context — what `sqlport translate corpus/oracle/`
/// gives each file (`src/cli/analyse.rs`): a package body translated apart
/// from its specification (`pkg_pharmacy.pkb`, included with `@@`) resolves
/// the specification's constants and types, and a check's own block calls
/// a package's routines as the corpus declares them.
fn corpus_options(run: Run) -> Options {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let context = files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .filter_map(|p| fs::read_to_string(p).ok())
        .filter(|text| {
            let upper = text.to_ascii_uppercase();
            upper.contains("PACKAGE")
                || upper.contains("CREATE TYPE")
                || upper.contains("CREATE OR REPLACE TYPE")
        })
        .collect();
    run.options().with_context(context)
}

fn ledger_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pg/known_failures.toml")
}

/// Everything one server run found.
#[derive(Debug, Default)]
struct Results {
    /// Per run: (statement, outcome).
    loads: Vec<(String, Statement, Outcome)>,
    /// Per run: (file, check name, failure).
    checks: Vec<(String, String, String, Option<String>)>,
    /// Files loaded, includes too.
    files: BTreeSet<String>,
}

fn prove_on(version: u32) -> Result<Results, String> {
    let server = pg::shared(version);
    let mut results = Results::default();
    for run in corpus_runs_on(version) {
        let tag = run.name().replace(['/', '-'], "_");
        for (session, files) in SESSIONS {
            let database = format!("{session}_{tag}");
            server.create_database(&database)?;
            let options = corpus_options(run);
            let mut seen = BTreeSet::new();
            let mut statements = Vec::new();
            for file in *files {
                statements.extend(statements_of(
                    &corpus_dir(),
                    file,
                    Source::Oracle,
                    Some(&options),
                    &mut seen,
                ));
            }
            results.files.extend(seen.iter().cloned());
            let outcomes = load(server, &database, &format!("load-{database}"), &statements);
            for (statement, outcome) in statements.into_iter().zip(outcomes) {
                results.loads.push((run.name(), statement, outcome));
            }
            for file in seen {
                for check in checks_of("oracle", &file) {
                    let failure = run_check(
                        server,
                        &database,
                        &run.name(),
                        Some(&options),
                        &file,
                        &check,
                    );
                    results
                        .checks
                        .push((run.name(), file.clone(), check.name.clone(), failure));
                }
            }
        }
    }
    Ok(results)
}

/// The ratchet ledger, as stored.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ledger {
    #[serde(default)]
    load: Vec<LoadEntry>,
    #[serde(default)]
    check: Vec<CheckEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoadEntry {
    file: String,
    line: usize,
    statement: String,
    /// Whether a finding at its line flags it (the rule holds).
    flagged: bool,
    runs: Vec<String>,
    error: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckEntry {
    file: String,
    name: String,
    runs: Vec<String>,
    error: String,
}

type LoadKey = (String, usize, String);

/// The failing statements, grouped: key → run → (count, flagged, error).
fn failures(results: &Results) -> BTreeMap<LoadKey, BTreeMap<String, (usize, bool, String)>> {
    let mut map: BTreeMap<LoadKey, BTreeMap<String, (usize, bool, String)>> = BTreeMap::new();
    for (run, statement, outcome) in &results.loads {
        if let Outcome::Failed(error) = outcome {
            let key = (statement.file.clone(), statement.line, statement.head());
            let entry =
                map.entry(key)
                    .or_default()
                    .entry(run.clone())
                    .or_insert((0, true, error.clone()));
            entry.0 += 1;
            entry.1 &= statement.flagged;
        }
    }
    map
}

fn ledger_from(results: &Results) -> Ledger {
    let mut ledger = Ledger::default();
    for ((file, line, statement), by_run) in failures(results) {
        let count = by_run.values().map(|v| v.0).max().unwrap_or(0);
        for i in 0..count {
            let runs: Vec<String> = by_run
                .iter()
                .filter(|(_, v)| v.0 > i)
                .map(|(r, _)| r.clone())
                .collect();
            let first = by_run.values().next();
            ledger.load.push(LoadEntry {
                file: file.clone(),
                line,
                statement: statement.clone(),
                flagged: by_run.values().all(|v| v.1),
                runs,
                error: first.map(|v| v.2.clone()).unwrap_or_default(),
            });
        }
    }
    let mut checks: BTreeMap<(String, String), (Vec<String>, String)> = BTreeMap::new();
    for (run, file, name, failure) in &results.checks {
        if let Some(error) = failure {
            let entry = checks
                .entry((file.clone(), name.clone()))
                .or_insert((Vec::new(), error.clone()));
            entry.0.push(run.clone());
        }
    }
    for ((file, name), (runs, error)) in checks {
        ledger.check.push(CheckEntry {
            file,
            name,
            runs,
            error,
        });
    }
    ledger
}

const LEDGER_HEADER: &str =
    "# The ratchet ledger of the database tests (tests/pg.rs): statements of the
# Oracle corpus, translated for HighGo, that do not load yet on a PostgreSQL
# run, and behaviour checks that do not pass yet. `flagged` says whether a
# finding (error or warning) lies at the statement's line, as the issue's rule
# asks of every statement that does not load. A failure not listed here fails
# the test, and so does an entry that now loads or passes: the ledger only
# shrinks. Generated by `SQLPORT_UPDATE_LEDGER=1 cargo test --test pg`; do not
# edit by hand.
";

/// Compares `results` with the stored ledger; the list of problems.
fn compare(results: &Results, ledger: &Ledger) -> Vec<String> {
    let mut problems = Vec::new();
    let actual = failures(results);
    let mut known: BTreeMap<LoadKey, BTreeMap<String, (usize, bool)>> = BTreeMap::new();
    for entry in &ledger.load {
        let key = (entry.file.clone(), entry.line, entry.statement.clone());
        for run in &entry.runs {
            let slot = known
                .entry(key.clone())
                .or_default()
                .entry(run.clone())
                .or_insert((0, true));
            slot.0 += 1;
            slot.1 &= entry.flagged;
        }
    }
    let keys: BTreeSet<&LoadKey> = actual.keys().chain(known.keys()).collect();
    for key in keys {
        let runs: BTreeSet<&String> = actual
            .get(key)
            .into_iter()
            .flat_map(|m| m.keys())
            .chain(known.get(key).into_iter().flat_map(|m| m.keys()))
            .collect();
        for run in runs {
            let now = actual.get(key).and_then(|m| m.get(run));
            let then = known.get(key).and_then(|m| m.get(run));
            let (file, line, head) = key;
            let (now_count, then_count) = (now.map_or(0, |v| v.0), then.map_or(0, |v| v.0));
            if now_count > then_count {
                let (_, flagged, error) = now.cloned().unwrap_or_default();
                problems.push(format!(
                    "{run}: {file}:{line} `{head}` does not load ({error}){} — not in the ledger",
                    if flagged {
                        " [flagged]"
                    } else {
                        " [no finding at its line]"
                    }
                ));
            } else if now_count < then_count {
                problems.push(format!(
                    "{run}: {file}:{line} `{head}` now loads (or is no longer in the output) — delete its entry from tests/pg/known_failures.toml (or regenerate it with SQLPORT_UPDATE_LEDGER=1)"
                ));
            } else if let (Some(now), Some(then)) = (now, then)
                && then.1
                && !now.1
            {
                problems.push(format!(
                    "{run}: {file}:{line} `{head}` does not load and lost the finding at its line"
                ));
            }
        }
    }
    let mut known_checks: BTreeMap<(String, String, String), ()> = BTreeMap::new();
    for entry in &ledger.check {
        for run in &entry.runs {
            known_checks.insert((entry.file.clone(), entry.name.clone(), run.clone()), ());
        }
    }
    let mut seen = BTreeSet::new();
    for (run, file, name, failure) in &results.checks {
        let key = (file.clone(), name.clone(), run.clone());
        seen.insert(key.clone());
        match (failure, known_checks.contains_key(&key)) {
            (Some(error), false) => problems.push(format!(
                "{run}: check `{name}` ({file}) fails — not in the ledger: {error}"
            )),
            (None, true) => problems.push(format!(
                "{run}: check `{name}` ({file}) now passes — delete it from the ledger's entry"
            )),
            _ => {}
        }
    }
    for key in known_checks.keys() {
        if !seen.contains(key) {
            problems.push(format!(
                "{}: check `{}` ({}) is in the ledger but no longer exists",
                key.2, key.1, key.0
            ));
        }
    }
    problems
}

/// The numbers for the README: per run, statements loaded / total, failures
/// with and without a finding; checks passing / total.
fn summary(results: &Results) -> String {
    let mut per_run: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for (run, statement, outcome) in &results.loads {
        let n = per_run.entry(run.clone()).or_default();
        n[0] += 1;
        match outcome {
            Outcome::Loaded => n[1] += 1,
            Outcome::Failed(_) if statement.flagged => n[2] += 1,
            Outcome::Failed(_) => n[3] += 1,
        }
    }
    let mut checks: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    for (run, _, _, failure) in &results.checks {
        let n = checks.entry(run.clone()).or_default();
        n[0] += 1;
        if failure.is_none() {
            n[1] += 1;
        }
    }
    let mut out = String::from(
        "| run | statements loaded | not loaded, flagged | not loaded, no finding | checks passing |\n| --- | --- | --- | --- | --- |\n",
    );
    for (run, n) in &per_run {
        let c = checks.get(run).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "| {run} | {} / {} | {} | {} | {} / {} |",
            n[1], n[0], n[2], n[3], c[1], c[0]
        );
    }
    out
}

#[test]
fn oracle_corpus_loads_and_behaves_on_postgresql_12_14_15() {
    if !pg::available("oracle_corpus_loads_and_behaves_on_postgresql_12_14_15") {
        return;
    }
    // One thread per server: psql and the servers mostly wait on each other.
    let handles: Vec<_> = pg::VERSIONS
        .iter()
        .map(|&v| std::thread::spawn(move || prove_on(v)))
        .collect();
    let mut results = Results::default();
    for handle in handles {
        match handle.join() {
            Ok(Ok(r)) => {
                results.loads.extend(r.loads);
                results.checks.extend(r.checks);
                results.files.extend(r.files);
            }
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => panic!("a server thread panicked"),
        }
    }
    // Every corpus file is loaded somewhere (a new file must join a session).
    let corpus: BTreeSet<String> = fs::read_dir(corpus_dir())
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    let not_loaded: Vec<&String> = corpus.difference(&results.files).collect();
    assert!(
        not_loaded.is_empty(),
        "corpus files in no session of tests/pg.rs: {not_loaded:?}"
    );

    let table = summary(&results);
    eprintln!("\n{table}");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let _ = fs::create_dir_all(&target);
    let _ = fs::write(target.join("pg-ratchet.md"), &table);

    if std::env::var_os("SQLPORT_UPDATE_LEDGER").is_some() {
        let ledger = ledger_from(&results);
        let text = toml::to_string(&ledger).unwrap_or_else(|e| panic!("ledger: {e}"));
        if let Some(dir) = ledger_path().parent() {
            let _ = fs::create_dir_all(dir);
        }
        fs::write(ledger_path(), format!("{LEDGER_HEADER}\n{text}"))
            .unwrap_or_else(|e| panic!("{}: {e}", ledger_path().display()));
        eprintln!("wrote {}", ledger_path().display());
        return;
    }
    let ledger: Ledger = match fs::read_to_string(ledger_path()) {
        Ok(text) => {
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", ledger_path().display()))
        }
        Err(_) => Ledger::default(),
    };
    let checks = results.checks.len();
    assert!(
        checks >= 25 * 5,
        "only {checks} check runs: the checks files are missing?"
    );
    let problems = compare(&results, &ledger);
    assert!(
        problems.is_empty(),
        "{} difference(s) from the ratchet ledger tests/pg/known_failures.toml \
         (fix the translation, or regenerate with SQLPORT_UPDATE_LEDGER=1 and explain the diff):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The harness itself: a failing statement is found, traced to its input
/// line, and does not hide the statements after it; a passing and a failing
/// check are told apart.
#[test]
fn the_harness_traces_a_failure_to_its_oracle_line() {
    if !pg::available("the_harness_traces_a_failure_to_its_oracle_line") {
        return;
    }
    let server = pg::shared(15);
    server
        .create_database("harness")
        .unwrap_or_else(|e| panic!("{e}"));
    let input = "PROMPT 建表\nCREATE TABLE his_ward (ward_id INTEGER PRIMARY KEY);\n\n\
                 INSERT INTO his_no_such_table VALUES (1);\n\
                 INSERT INTO his_ward VALUES (7);\n";
    let options = Options::new(Source::Oracle, Target::Highgo);
    let (out, origins) = sqlport::translate_mapped(input, &options);
    let source = SourceFile::new(input);
    let mut statements = Vec::new();
    for origin in &origins {
        let line = source.position(origin.input.start).line;
        push_statements(
            &out.sql[origin.output.clone()],
            "harness.sql",
            line,
            false,
            &mut statements,
        );
    }
    let outcomes = load(server, "harness", "harness", &statements);
    let summary: Vec<(usize, bool)> = statements
        .iter()
        .zip(&outcomes)
        .map(|(s, o)| (s.line, matches!(o, Outcome::Loaded)))
        .collect();
    assert_eq!(summary, vec![(2, true), (4, false), (5, true)]);
    let Outcome::Failed(error) = &outcomes[1] else {
        unreachable!()
    };
    assert!(error.starts_with("42P01:"), "{error}");

    let run = Run {
        server: 15,
        target_version: Some(15),
        kingbase_pg: false,
    };
    let check = |expect: &str| Check {
        name: "ward_count".into(),
        about: "count".into(),
        setup: String::new(),
        query: "SELECT COUNT(*), MAX(ward_id) FROM his_ward;".into(),
        expect: vec![vec!["1".into(), expect.into()]],
    };
    assert_eq!(
        run_check(
            server,
            "harness",
            &run.name(),
            Some(&run.options()),
            "harness.sql",
            &check("7.0")
        ),
        None
    );
    let failure = run_check(
        server,
        "harness",
        &run.name(),
        Some(&run.options()),
        "harness.sql",
        &check("8"),
    );
    assert!(failure.is_some_and(|f| f.contains("expected")));
}

/// The pieces that need no server: statement heads for the ledger, SQL*Plus
/// includes, and number-aware value comparison.
#[test]
fn ledger_heads_includes_and_values() {
    assert_eq!(
        head_of("-- 科室\nCREATE TABLE his_department\n(\n  dept_id NUMBER(10)"),
        "CREATE TABLE his_department"
    );
    assert_eq!(
        head_of("CREATE OR REPLACE FUNCTION pkg_pharmacy.get_available_qty(p_drug_id numeric)"),
        "CREATE OR REPLACE FUNCTION pkg_pharmacy.get_available_qty"
    );
    assert_eq!(
        head_of("COMMENT ON COLUMN his_patient.card_no IS '就诊卡号' ;"),
        "COMMENT ON COLUMN his_patient.card_no IS '就诊卡号'"
    );
    assert_eq!(
        include_target("@@pkg_pharmacy.pks"),
        Some("pkg_pharmacy.pks".into())
    );
    assert_eq!(include_target("@his_seed"), Some("his_seed.sql".into()));
    assert_eq!(
        include_target("START his_seed.sql 2024"),
        Some("his_seed.sql".into())
    );
    assert_eq!(include_target("SET DEFINE OFF"), None);
    assert_eq!(
        include_target("\\i lab_seed.sql"),
        Some("lab_seed.sql".into())
    );
    assert!(values_match("5000.00", "5000"));
    assert!(values_match("-20030", "-20030"));
    assert!(!values_match("61.99", "61.992"));
    assert!(!values_match("<null>", "0"));
    assert_eq!(
        unquote_error("'42P01' 'relation \"o''x\" does not exist'"),
        "42P01: relation \"o'x\" does not exist"
    );
}

/// `--to kingbase --kingbase-mode pg` is the Oracle → PostgreSQL 12
/// pipeline of HighGo (kingbase.md, PG mode: "treat it like HighGo with
/// kernel 12"), so on every Oracle corpus file its output is HighGo v12's,
/// byte for byte, and so are its findings, apart from the target's name in
/// their messages. `grammar/targets/kingbase.toml` has no PG-mode entry that
/// would make them differ: the only candidate in kingbase.md (system views
/// in schema `sys` instead of `pg_catalog`) is unverified [?], and the corpus
/// does not query the catalog. A Kingbase-specific PG-mode rule added to the
/// catalog (with its source) must list its expected difference here.
#[test]
fn kingbase_pg_mode_output_is_highgo_v12_output() {
    let highgo = Options::new(Source::Oracle, Target::Highgo).with_target_version(Some(12));
    let kingbase = Run {
        server: 12,
        target_version: None,
        kingbase_pg: true,
    }
    .options();
    assert!(
        kingbase.pg_output(),
        "Kingbase PG mode must run the PG pipeline"
    );
    assert_eq!(kingbase.kernel(), Some(12), "Kingbase V8R6's kernel is 12");
    let highgo_name = &sqlport::catalog::catalog(Target::Highgo)
        .expect("the HighGo catalog loads")
        .target
        .display_name;
    let kingbase_name = &sqlport::catalog::catalog(Target::Kingbase)
        .expect("the Kingbase catalog loads")
        .target
        .display_name;
    let mut files: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .expect("corpus/oracle is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the Oracle corpus is missing: {files:?}");
    for path in files {
        let text = fs::read_to_string(&path).expect("a corpus file is readable");
        let h = sqlport::translate(&text, &highgo);
        let k = sqlport::translate(&text, &kingbase);
        let name = path.display();
        // The SQL, annotation comments included (they name the target).
        assert_eq!(
            k.sql.replace(kingbase_name.as_str(), highgo_name.as_str()),
            h.sql,
            "{name}: Kingbase PG-mode SQL differs from HighGo v12's"
        );
        let findings = |t: &sqlport::Translation, own: &str| -> Vec<String> {
            t.report
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{} {:?} {}",
                        f.code,
                        f.span,
                        f.message.replace(own, highgo_name)
                    )
                })
                .collect()
        };
        assert_eq!(
            findings(&k, kingbase_name),
            findings(&h, highgo_name),
            "{name}: Kingbase PG-mode findings differ from HighGo v12's"
        );
    }
}
