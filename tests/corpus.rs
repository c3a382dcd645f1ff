//! Every corpus file through every target: the output and the report are
//! pinned as snapshots in `corpus/expected/`, and untouched units come out
//! byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use sqlport::ast::Content;
use sqlport::report::json::Document;
use sqlport::source::{Segment, split};
use sqlport::{DmDate, Options, Severity, Source, Target};

fn corpus_files(source: Source) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(source.as_str());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e != "md"))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The corpus files of `source` that declare packages: what the CLI gives
/// each translation as context when the files are translated together.
fn package_context(source: Source) -> Vec<String> {
    if source != Source::Oracle {
        return Vec::new();
    }
    corpus_files(source)
        .iter()
        .map(|p| read(p))
        .filter(|text| text.to_ascii_uppercase().contains("PACKAGE"))
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn corpus_translations_match_their_snapshots() {
    let mut count = 0;
    for source in Source::ALL {
        for path in corpus_files(source) {
            let input = read(&path);
            let file = name_of(&path);
            for target in Target::ALL {
                let options = Options::new(source, target).with_context(package_context(source));
                let out = sqlport::translate(&input, &options);
                let mut document = Document::new();
                document.push(&format!("corpus/{source}/{file}"), &out.report);
                let name = format!("{source}-{file}@{target}");
                insta::with_settings!({
                    snapshot_path => "../corpus/expected",
                    prepend_module_to_snapshot => false,
                    omit_expression => true,
                }, {
                    insta::assert_snapshot!(format!("{name}.out"), out.sql);
                    insta::assert_snapshot!(format!("{name}.report"), document.to_json());
                });
                // Within one language family the output splits like the
                // input, unit for unit (across families, the database
                // checks prove the output instead).
                let same_family = options.pg_output() == (source == Source::Postgres);
                if same_family && !out.report.has_at_least(Severity::Error) {
                    only_translated_units_differ(&name, &input, &options, &out.report.stats);
                }
                count += 1;
            }
        }
    }
    assert!(
        count >= 6 * Target::ALL.len(),
        "corpus too small: {count} runs"
    );
}

/// Every unit of every corpus file is read: no finding of the
/// "could not be read" range (SP01xx), for any target.
#[test]
fn every_corpus_unit_is_read_with_no_finding() {
    for source in Source::ALL {
        for path in corpus_files(source) {
            for target in Target::ALL {
                let report = sqlport::check(&read(&path), &Options::new(source, target));
                let unread: Vec<String> = report
                    .findings
                    .iter()
                    .filter(|f| f.code.category() == sqlport::report::Category::Unreadable)
                    .map(|f| {
                        format!(
                            "{}:{}: {} {}",
                            f.start.line, f.start.column, f.code, f.message
                        )
                    })
                    .collect();
                assert!(
                    unread.is_empty(),
                    "{} → {target}: {unread:#?}",
                    path.display()
                );
            }
        }
    }
}

/// Units no rule changed come out byte for byte: every `translated` unit
/// differs, and beyond them only units counted as `flagged` (a unit with a
/// warning counts as flagged even when a rule also changed it); the trivia
/// between units is copied as written. A changed unit may print as several
/// statements (`DROP TRIGGER` + `CREATE TRIGGER`), and helper functions may
/// come before the first unit.
fn only_translated_units_differ(
    name: &str,
    input: &str,
    options: &Options,
    stats: &sqlport::Stats,
) {
    let (out, origins) = sqlport::translate_mapped(input, options);
    let mut differing = 0;
    let mut previous: Option<(usize, usize)> = None;
    for origin in &origins {
        if origin.input.slice(input) != &out.sql[origin.output.clone()] {
            differing += 1;
        }
        if let Some((input_end, output_end)) = previous {
            let (a, b) = (
                &input[input_end..origin.input.start],
                &out.sql[output_end..origin.output.start],
            );
            assert_eq!(a, b, "{name}: trivia changed");
        }
        previous = Some((origin.input.end, origin.output.end));
    }
    assert!(
        (stats.translated..=stats.translated + stats.flagged).contains(&differing),
        "{name}: {differing} changed units vs. {} translated and {} flagged",
        stats.translated,
        stats.flagged
    );
}

#[test]
fn a_1500_line_mixed_script_round_trips_byte_identically_through_every_target() {
    let path = corpus_files(Source::Oracle)
        .into_iter()
        .max_by_key(|p| read(p).lines().count())
        .expect("an Oracle corpus file");
    let input = read(&path);
    assert!(
        input.lines().count() >= 1500,
        "{} is too short",
        path.display()
    );
    let file = sqlport::source::SourceFile::new(&input);
    let parsed = sqlport::parse::parse_script(&file, Source::Oracle);
    let units: Vec<_> = parsed.script.units().collect();
    assert!(units.iter().any(|u| matches!(u.content, Content::Sql(_))));
    assert!(
        units
            .iter()
            .any(|u| matches!(u.content, Content::Program(_)))
    );
    assert!(
        units
            .iter()
            .any(|u| matches!(u.content, Content::ClientCommand))
    );
    // Where no rule applies (Dameng keeping DATE; Kingbase in Oracle mode
    // has no rule that fires on this file) the script comes out byte for byte.
    for target in [Target::Dameng, Target::Kingbase] {
        let options = Options::new(Source::Oracle, target).with_dm_date(DmDate::Keep);
        let out = sqlport::translate(&input, &options);
        assert!(out.sql == input, "{target}: not byte-identical");
    }
}

#[test]
fn translating_a_translation_again_changes_nothing() {
    for source in Source::ALL {
        for path in corpus_files(source) {
            let input = read(&path);
            for target in Target::ALL {
                let options = Options::new(source, target);
                // Only a translation within one language family can be fed
                // back as its own source (Oracle → HighGo gives PostgreSQL).
                if options.pg_output() != (source == Source::Postgres) {
                    continue;
                }
                // Error annotations are notes for people, added on every
                // run; the translation itself must not change.
                let options = options.with_annotate(false);
                let once = sqlport::translate(&input, &options).sql;
                let twice = sqlport::translate(&once, &options).sql;
                assert!(
                    once == twice,
                    "{} → {target}: not idempotent",
                    path.display()
                );
            }
        }
    }
}

/// Findings that say a unit could not be read.
fn unread(report: &sqlport::Report) -> usize {
    report
        .findings
        .iter()
        .filter(|f| matches!(f.code, sqlport::Code::SP0101 | sqlport::Code::SP0109))
        .count()
}

#[test]
fn translations_for_oracle_like_targets_read_back_and_churn_little() {
    let mut summary = String::new();
    for target in [Target::Dameng, Target::Kingbase] {
        let (mut units, mut unchanged) = (0, 0);
        for path in corpus_files(Source::Oracle) {
            let input = read(&path);
            let options = Options::new(Source::Oracle, target).with_annotate(false);
            let out = sqlport::translate(&input, &options);
            // The output reads back with the Oracle-family readers, with no
            // unreadable unit the input did not already have.
            let again = sqlport::check(&out.sql, &options);
            assert!(
                unread(&again) <= unread(&out.report),
                "{} → {target}: the translation reads worse than the input",
                path.display()
            );
            // Byte-identical means the unit's text, compared: a unit can be
            // flagged and rewritten at once, so the report's counts do not tell.
            let syntax = Source::Oracle.script_syntax();
            let unit_texts = |text: &str| -> Vec<String> {
                split(text, syntax)
                    .segments
                    .iter()
                    .filter(|s| matches!(s, Segment::Unit(_)))
                    .map(|s| s.span().slice(text).to_string())
                    .collect()
            };
            let (before, after) = (unit_texts(&input), unit_texts(&out.sql));
            assert_eq!(before.len(), after.len(), "{}", path.display());
            units += before.len();
            unchanged += before.iter().zip(&after).filter(|(a, b)| a == b).count();
        }
        summary.push_str(&format!(
            "{target}: {unchanged} of {units} units byte-identical ({:.1}%)\n",
            100.0 * unchanged as f64 / units.max(1) as f64
        ));
    }
    // The figures the README quotes (minimal churn).
    println!("{summary}");
    insta::assert_snapshot!(summary);
}

/// PostgreSQL → Kingbase in its Oracle mode (issue 7): the mode keeps the
/// PostgreSQL 12 kernel, so a PostgreSQL corpus file is passed through
/// (what runs differently is reported, `SP0374`, not rewritten) except for
/// what is newer than the kernel, which is brought down exactly as for the
/// PG mode: a file with nothing to report but `SP0374` and no unit
/// translated comes out byte for byte, every file comes out as in the PG mode, reads back with sqlport's
/// PostgreSQL reader no worse than the input, and translating the
/// translation again changes nothing.
#[test]
fn postgres_corpus_passes_through_kingbase_oracle_mode_and_reads_back() {
    let options = Options::new(Source::Postgres, Target::Kingbase)
        .with_target_mode(Some("oracle".to_string()))
        .with_annotate(false);
    let files = corpus_files(Source::Postgres);
    assert!(files.len() >= 3, "the PostgreSQL corpus is missing");
    let mut reported = 0;
    let mut downgraded = 0;
    for path in files {
        let input = read(&path);
        let out = sqlport::translate(&input, &options);
        let pg_mode = options.clone().with_target_mode(Some("pg".to_string()));
        assert!(
            out.sql == sqlport::translate(&input, &pg_mode).sql,
            "{}: brought down differently from the PG mode",
            path.display()
        );
        let nothing_done = out.report.stats.translated == 0
            && out
                .report
                .findings
                .iter()
                .all(|f| f.code == sqlport::Code::SP0374);
        if nothing_done {
            assert!(
                out.sql == input,
                "{}: changed in Kingbase's Oracle mode with nothing to downgrade",
                path.display()
            );
        }
        if out.sql != input {
            downgraded += 1;
        }
        let again = sqlport::check(&out.sql, &options);
        assert!(
            unread(&again) <= unread(&out.report),
            "{}: the translation reads worse than the input",
            path.display()
        );
        assert!(
            sqlport::translate(&out.sql, &options).sql == out.sql,
            "{}: not idempotent",
            path.display()
        );
        reported += out
            .report
            .findings
            .iter()
            .filter(|f| f.code == sqlport::Code::SP0374)
            .count();
    }
    assert!(reported > 0, "no SP0374 on the PostgreSQL corpus");
    assert!(downgraded > 0, "nothing newer than kernel 12 in the corpus");
}
