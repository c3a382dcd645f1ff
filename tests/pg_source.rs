//! The proof for PostgreSQL as a source: every file of the PostgreSQL HIS
//! corpus (`corpus/postgres/`, PostgreSQL 15-style) is loaded, one statement
//! at a time, and the behaviour checks of `corpus/checks/postgres/` run:
//!
//! - on PostgreSQL 15 **as written** — the reference: the checks' expected
//!   rows are what 15 returns (files using features of 16 or 17 are loaded as
//!   written on PostgreSQL 17 instead, their session's reference);
//! - translated with `--to highgo --target-version 12` on PostgreSQL 12,
//!   `--target-version 14` on 14 and `--target-version 15` on 15;
//! - translated with `--to kingbase --kingbase-mode pg` (kernel 12) on 12.
//!
//! Every statement must load and every check must pass on every run: there
//! is no ratchet ledger here. The machinery (statements traced to their
//! input line, loading, checks) is `tests/support/corpus.rs`, shared with
//! `tests/pg.rs`.
//!
//! Without server binaries the tests skip with a loud message, unless `CI`
//! is set: then they fail.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/pg.rs"]
mod pg;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use corpus::{Outcome, checks_of, load, run_check, statements_of};
use sqlport::{Code, Options, Source, Target};

/// The corpus files loaded together into one database, and the server that
/// runs them as written (the reference); each session stands alone
/// (`his_lab_results.sql` runs `lab_seed.sql` itself, with `\i`).
const SESSIONS: &[Session] = &[
    ("billing", &["his_billing_pg.sql"], 15),
    ("lab", &["his_lab_results.sql"], 15),
    ("ors", &["his_plpgsql_extras.sql"], 15),
    ("pharmacy", &["his_pharmacy_pg15.sql"], 15),
    ("ward_stats", &["his_ward_stats_pg17.sql"], 17),
    ("lab_json", &["his_lab_json_pg17.sql"], 17),
];

/// A session: its name, its files, and its reference server version.
type Session = (&'static str, &'static [&'static str], u32);

/// The newest reference server: features up to its version are proven.
fn newest_reference() -> u32 {
    SESSIONS.iter().map(|s| s.2).max().unwrap_or(15)
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/postgres")
}

/// One run: a server and what is loaded on it.
#[derive(Debug, Clone)]
struct SourceRun {
    server: u32,
    name: String,
    /// `None`: the corpus as written.
    options: Option<Options>,
}

fn runs() -> Vec<SourceRun> {
    let highgo =
        |v: u32| Some(Options::new(Source::Postgres, Target::Highgo).with_target_version(Some(v)));
    let mut as_written: Vec<u32> = SESSIONS.iter().map(|s| s.2).collect();
    as_written.sort_unstable();
    as_written.dedup();
    let references = as_written.into_iter().map(|server| SourceRun {
        server,
        name: format!("pg{server}/as-written"),
        options: None,
    });
    references
        .chain([
            SourceRun {
                server: 15,
                name: "pg15/highgo-v15".to_string(),
                options: highgo(15),
            },
            SourceRun {
                server: 14,
                name: "pg14/highgo-v14".to_string(),
                options: highgo(14),
            },
            SourceRun {
                server: 12,
                name: "pg12/highgo-v12".to_string(),
                options: highgo(12),
            },
            SourceRun {
                server: 12,
                name: "pg12/kingbase-pg".to_string(),
                options: Some(
                    Options::new(Source::Postgres, Target::Kingbase)
                        .with_target_mode(Some("pg".to_string())),
                ),
            },
        ])
        .collect()
}

/// Loads every session of `run` and runs its checks; the problems found, and
/// the files loaded and checks run.
fn prove(run: &SourceRun) -> Result<(Vec<String>, BTreeSet<String>, usize), String> {
    let server = pg::shared(run.server);
    let mut problems = Vec::new();
    let mut files = BTreeSet::new();
    let mut checks = 0;
    let tag = run.name.replace(['/', '-'], "_");
    for (session, session_files, reference) in SESSIONS {
        // As written, a session runs on its reference server only.
        if run.options.is_none() && *reference != run.server {
            continue;
        }
        let database = format!("{session}_{tag}");
        server.create_database(&database)?;
        let mut seen = BTreeSet::new();
        let mut statements = Vec::new();
        for file in *session_files {
            statements.extend(statements_of(
                &corpus_dir(),
                file,
                Source::Postgres,
                run.options.as_ref(),
                &mut seen,
            ));
        }
        let outcomes = load(server, &database, &format!("load-{database}"), &statements);
        for (statement, outcome) in statements.iter().zip(outcomes) {
            if let Outcome::Failed(error) = outcome {
                problems.push(format!(
                    "{}: {}:{} `{}` does not load: {error}",
                    run.name,
                    statement.file,
                    statement.line,
                    statement.head()
                ));
            }
        }
        for file in &seen {
            for check in checks_of("postgres", file) {
                checks += 1;
                if let Some(failure) = run_check(
                    server,
                    &database,
                    &run.name,
                    run.options.as_ref(),
                    file,
                    &check,
                ) {
                    problems.push(format!(
                        "{}: check `{}` ({file}) fails: {failure}",
                        run.name, check.name
                    ));
                }
            }
        }
        files.extend(seen);
    }
    Ok((problems, files, checks))
}

#[test]
fn postgres_corpus_behaves_the_same_on_15_as_written_and_translated_for_12_and_14() {
    if !pg::available(
        "postgres_corpus_behaves_the_same_on_15_as_written_and_translated_for_12_and_14",
    ) {
        return;
    }
    // One thread per server version: psql and the servers mostly wait.
    let mut by_server: Vec<(u32, Vec<SourceRun>)> = Vec::new();
    for run in runs() {
        match by_server.iter_mut().find(|(s, _)| *s == run.server) {
            Some((_, list)) => list.push(run),
            None => by_server.push((run.server, vec![run])),
        }
    }
    let handles: Vec<_> = by_server
        .into_iter()
        .map(|(_, list)| {
            std::thread::spawn(move || list.iter().map(prove).collect::<Result<Vec<_>, String>>())
        })
        .collect();
    let mut problems = Vec::new();
    let mut files = BTreeSet::new();
    let mut checks = 0;
    for handle in handles {
        match handle.join() {
            Ok(Ok(results)) => {
                for (p, f, c) in results {
                    problems.extend(p);
                    files.extend(f);
                    checks += c;
                }
            }
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => panic!("a server thread panicked"),
        }
    }
    let corpus: BTreeSet<String> = fs::read_dir(corpus_dir())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".sql"))
                .collect()
        })
        .unwrap_or_default();
    let not_loaded: Vec<&String> = corpus.difference(&files).collect();
    assert!(
        not_loaded.is_empty(),
        "corpus files in no session of tests/pg_source.rs: {not_loaded:?}"
    );
    assert!(
        checks >= 25 * runs().len(),
        "only {checks} check runs: the checks files are missing?"
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The corpus uses every feature that `pg_downgrade` rewrites, up to the
/// newest reference server's version, and the translation for kernel 12 rewrites each (so every rule
/// is exercised by the run above and its checks).
#[test]
fn the_corpus_exercises_every_downgrade_rule() {
    let features = sqlport::catalog::pg_features().expect("grammar/pg_features.toml");
    let options = Options::new(Source::Postgres, Target::Highgo).with_target_version(Some(12));
    let mut messages = Vec::new();
    let mut codes = BTreeSet::new();
    for (_, files, _) in SESSIONS {
        for file in *files {
            let input = fs::read_to_string(corpus_dir().join(file)).expect("corpus file");
            let out = sqlport::translate(&input, &options);
            for f in out.report.findings {
                assert!(
                    f.severity < sqlport::Severity::Error,
                    "{file}:{}: {} {}",
                    f.start.line,
                    f.code,
                    f.message
                );
                codes.insert(f.code);
                messages.push(f.message);
            }
        }
    }
    assert!(codes.contains(&Code::SP0434), "MERGE → ON CONFLICT");
    assert!(codes.contains(&Code::SP0331), "MERGE → UPDATE + INSERT");
    for f in &features.feature {
        if f.rewrite.is_none() || f.since > newest_reference() || f.name == "merge" {
            continue;
        }
        let helper = match f.name.as_str() {
            "gen_random_uuid" => "sqlport.sys_guid".to_string(),
            name if name.starts_with("regexp_") => format!("sqlport.{name}"),
            "trim_scale" | "date_bin" | "trim_array" | "bit_count" | "unistr"
            | "pg_input_is_valid" => {
                format!("sqlport.{}", f.name)
            }
            "array_sample_shuffle" => "sqlport.array_s".to_string(),
            _ => f.what.clone(),
        };
        assert!(
            messages.iter().any(|m| m.contains(&helper)),
            "no rewrite of {} ({helper}) in the kernel-12 translation of the corpus",
            f.name
        );
    }
}

/// Kernel 15 output of the 15-reference corpus is that corpus: nothing it
/// uses is newer.
#[test]
fn kernel_15_translation_of_the_corpus_is_the_corpus() {
    let options = Options::new(Source::Postgres, Target::Highgo).with_target_version(Some(15));
    for (_, files, _) in SESSIONS.iter().filter(|s| s.2 == 15) {
        for file in *files {
            let input = fs::read_to_string(corpus_dir().join(file)).expect("corpus file");
            assert_eq!(sqlport::translate(&input, &options).sql, input, "{file}");
        }
    }
}
