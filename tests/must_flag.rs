//! The "must flag" lists, derived from the catalogs: every construct a
//! target's catalog (`grammar/targets/*.toml`) lists as lacking or risky for
//! a mode — an `[[unsupported]]` entry, an `[[packages]]` entry that is not
//! `present`, a `[[semantic_risks]]` entry, the `[[empty_string]]`
//! behaviour — has an example in the Oracle corpus (`corpus/oracle/`) that
//! produces its finding on that target and mode. A catalog entry added
//! without a corpus example, or a detector that stops firing on the corpus,
//! fails here, naming the entry.

use std::fs;
use std::path::{Path, PathBuf};

use sqlport::catalog::{self, FlagSeverity, PackageStatus, PgStatus, Risk, applies_in};
use sqlport::{Code, Options, Report, Source, Target};

fn oracle_corpus() -> Vec<(PathBuf, String)> {
    corpus_of("corpus/oracle")
}

fn corpus_of(folder: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<(PathBuf, String)> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "md"))
                .filter_map(|p| fs::read_to_string(&p).ok().map(|t| (p, t)))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Every target and mode an Oracle script can be translated for.
fn targets_and_modes() -> Vec<(Target, Option<String>)> {
    let mut out = Vec::new();
    for target in Target::ALL {
        let Ok(catalog) = catalog::catalog(target) else {
            continue;
        };
        if catalog.modes.is_empty() {
            out.push((target, None));
        }
        for mode in &catalog.modes {
            out.push((target, Some(mode.name.clone())));
        }
    }
    out
}

/// The code a finding for a lacking construct carries: the catalog's
/// severity decides between the family's error code and `SP0370`.
fn expected_codes(severity: FlagSeverity) -> &'static [Code] {
    match severity {
        FlagSeverity::Warning => &[Code::SP0370],
        FlagSeverity::Error => &[
            Code::SP0270,
            Code::SP0271,
            Code::SP0272,
            Code::SP0273,
            Code::SP0274,
            Code::SP0275,
        ],
    }
}

#[test]
fn every_construct_a_catalog_lists_as_lacking_is_flagged_on_the_corpus() {
    let corpus = oracle_corpus();
    let context: Vec<String> = corpus
        .iter()
        .filter(|(_, t)| t.to_ascii_uppercase().contains("PACKAGE"))
        .map(|(_, t)| t.clone())
        .collect();
    let mut missing = Vec::new();
    let mut checked = 0;
    for (target, mode_name) in targets_and_modes() {
        let options = Options::new(Source::Oracle, target)
            .with_target_mode(mode_name.clone())
            .with_context(context.clone());
        let Some(catalog) = catalog::catalog(target).ok() else {
            continue;
        };
        let mode = options.mode();
        let reports: Vec<Report> = corpus
            .iter()
            .map(|(_, text)| sqlport::check(text, &options))
            .collect();
        let found = |codes: &[Code], matches: &dyn Fn(&str) -> bool| {
            reports.iter().any(|r| {
                r.findings
                    .iter()
                    .any(|f| codes.contains(&f.code) && matches(&f.message))
            })
        };
        let label = format!("{target}/{}", mode_name.as_deref().unwrap_or("-"));
        for entry in catalog
            .unsupported
            .iter()
            .filter(|e| applies_in(&e.modes, mode))
        {
            checked += 1;
            if !found(expected_codes(entry.severity), &|m| m == entry.message) {
                missing.push(format!("{label}: [[unsupported]] {:?}", entry.feature));
            }
        }
        for package in catalog
            .packages
            .iter()
            .filter(|p| applies_in(&p.modes, mode) && p.status != PackageStatus::Present)
        {
            checked += 1;
            let prefix = format!("{}.", package.name);
            let codes: &[Code] = match package.severity {
                FlagSeverity::Warning => &[Code::SP0370],
                FlagSeverity::Error => &[Code::SP0271],
            };
            if !found(codes, &|m| m.starts_with(&prefix)) {
                missing.push(format!("{label}: [[packages]] {}", package.name));
            }
        }
        // Semantic risks (findings end with the catalog's message) and the
        // target's empty-string behaviour (SP0301 quotes it).
        for risk in catalog
            .semantic_risks
            .iter()
            .filter(|r| applies_in(&r.modes, mode))
        {
            checked += 1;
            let code = match (risk.risk, risk.severity) {
                (Risk::SequenceCache, _) => Code::SP0371,
                (Risk::NlsFormat, _) => Code::SP0372,
                (Risk::ImplicitConversion, FlagSeverity::Error) => Code::SP0373,
                (Risk::ImplicitConversion, FlagSeverity::Warning) => Code::SP0370,
            };
            if !found(&[code], &|m| m.ends_with(&risk.message)) {
                missing.push(format!("{label}: [[semantic_risks]] {:?}", risk.risk));
            }
        }
        for empty in catalog
            .empty_string
            .iter()
            .filter(|e| applies_in(&e.modes, mode))
        {
            checked += 1;
            if !found(&[Code::SP0301], &|m| m.ends_with(&empty.behaviour)) {
                missing.push(format!("{label}: [[empty_string]]"));
            }
        }
    }
    // PostgreSQL constructs a mode runs differently: an example in
    // corpus/postgres/ per entry.
    let postgres = corpus_of("corpus/postgres");
    for (target, mode_name) in targets_and_modes() {
        let options = Options::new(Source::Postgres, target).with_target_mode(mode_name.clone());
        let Some(catalog) = catalog::catalog(target).ok() else {
            continue;
        };
        let mode = options.mode();
        let reports: Vec<Report> = postgres
            .iter()
            .map(|(_, text)| sqlport::check(text, &options))
            .collect();
        for entry in catalog
            .pg_syntax
            .iter()
            .filter(|e| e.status == PgStatus::Differs && applies_in(&e.modes, mode))
        {
            checked += 1;
            let hit = reports.iter().any(|r| {
                r.findings
                    .iter()
                    .any(|f| f.code == Code::SP0374 && f.message.ends_with(&entry.message))
            });
            if !hit {
                missing.push(format!(
                    "{target}/{}: [[pg_syntax]] {:?} (corpus/postgres)",
                    mode_name.as_deref().unwrap_or("-"),
                    entry.construct
                ));
            }
        }
    }
    assert!(checked > 50, "only {checked} catalog entries checked");
    assert!(
        missing.is_empty(),
        "catalog entries with no corpus example producing their finding:\n{}",
        missing.join("\n")
    );
}
