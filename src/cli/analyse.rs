//! Reading and analysing every input for every target, files in parallel,
//! results in input order.

use std::fs;
use std::io::{self, Read};

use rayon::prelude::*;

use sqlport::{Report, Target};

use super::decode;
use super::inputs::Input;
use super::settings::Settings;

/// What to produce for each input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Reports only (`check`).
    Check,
    /// Reports and translated SQL (`translate`), with or without annotations.
    Translate {
        /// Whether error annotations go into the SQL.
        annotate: bool,
    },
}

/// One input's results.
#[derive(Debug)]
pub struct Analysed {
    /// The decoded text, when it could be read.
    pub text: Option<String>,
    /// Why it could not be read (one line for stderr).
    pub problem: Option<String>,
    /// One result per target, in the order of the targets; for an input that
    /// is not UTF-8, its `SP0107` report under each target.
    pub results: Vec<TargetResult>,
}

/// The result for one target.
#[derive(Debug)]
pub struct TargetResult {
    /// The target.
    pub target: Target,
    /// The findings.
    pub report: Report,
    /// The translated SQL (`translate` only).
    pub sql: Option<String>,
}

/// Analyses every input on `jobs` threads (all CPUs when `None`), calling
/// `tick` after each file; the results are in the order of `inputs`.
pub fn analyse_all(
    inputs: &[Input],
    settings: &Settings,
    mode: Mode,
    jobs: Option<u16>,
    tick: &(dyn Fn() + Sync),
) -> Vec<Analysed> {
    let context = package_context(inputs, settings);
    let work = || -> Vec<Analysed> {
        inputs
            .par_iter()
            .map(|input| {
                let analysed = analyse(input, settings, mode, &context);
                tick();
                analysed
            })
            .collect()
    };
    let pool = jobs.and_then(|n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// The Oracle inputs that declare packages or types (read from files only,
/// never stdin): a package body translated apart from its specification
/// names the specification's constants and types, and a routine may use a
/// collection type of another file, so each translation reads them.
fn package_context(inputs: &[Input], settings: &Settings) -> Vec<String> {
    if settings.source != sqlport::Source::Oracle || inputs.len() < 2 {
        return Vec::new();
    }
    inputs
        .iter()
        .filter(|i| i.path.is_some())
        .filter_map(|i| read(i).ok())
        .filter_map(|bytes| decode::decode(&bytes).ok().map(str::to_string))
        .filter(|text| {
            let upper = text.to_ascii_uppercase();
            upper.contains("PACKAGE")
                || upper.contains("CREATE TYPE")
                || upper.contains("CREATE OR REPLACE TYPE")
        })
        .collect()
}

fn analyse(input: &Input, settings: &Settings, mode: Mode, context: &[String]) -> Analysed {
    let bytes = match read(input) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Analysed {
                text: None,
                problem: Some(format!("cannot read {}: {e}", input.display)),
                results: Vec::new(),
            };
        }
    };
    match decode::decode(&bytes) {
        Ok(text) => {
            let results = settings
                .targets
                .iter()
                .map(|&target| {
                    let options = settings.options(target).with_context(context.to_vec());
                    match mode {
                        Mode::Check => TargetResult {
                            target,
                            report: sqlport::check(text, &options),
                            sql: None,
                        },
                        Mode::Translate { annotate } => {
                            let t = sqlport::translate(text, &options.with_annotate(annotate));
                            TargetResult {
                                target,
                                report: t.report,
                                sql: Some(t.sql),
                            }
                        }
                    }
                })
                .collect();
            Analysed {
                text: Some(text.to_string()),
                problem: None,
                results,
            }
        }
        Err(bad) => Analysed {
            text: None,
            problem: Some(format!(
                "{}: {}; convert it first, e.g. iconv -f GB18030 -t UTF-8",
                input.display,
                bad.message()
            )),
            results: settings
                .targets
                .iter()
                .map(|&target| TargetResult {
                    target,
                    report: bad.report(),
                    sql: None,
                })
                .collect(),
        },
    }
}

fn read(input: &Input) -> io::Result<Vec<u8>> {
    match &input.path {
        Some(path) => fs::read(path),
        None => {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).map(|_| buf)
        }
    }
}
