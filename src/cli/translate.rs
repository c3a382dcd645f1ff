//! `sqlport translate`: SQL to stdout or files, diagnostics to stderr, or
//! (`--check-output`) only a comparison with translations already on disk.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use sqlport::Severity;
use sqlport::Target;
use sqlport::report::{human, json};
use sqlport::source::SourceFile;

use super::analyse::{self, Mode};
use super::args::TranslateArgs;
use super::inputs::Input;
use super::output::{use_color, write_file, write_if_changed, write_stdout};
use super::progress::Progress;
use super::{CliError, Status, collect_inputs, settings, summary, target_heading};

/// Where each input's SQL goes for each target: `None` for stdout. With
/// several targets, each target's files go under `DIR/<target>/`.
pub(super) fn destinations(
    args: &TranslateArgs,
    inputs: &[Input],
    targets: &[Target],
) -> Result<Vec<Vec<Option<PathBuf>>>, CliError> {
    let several_inputs = inputs.len() > 1 || inputs.iter().any(|i| i.from_folder);
    let several_targets = targets.len() > 1;
    match (
        args.out_dir.as_ref().or(args.check_output.as_ref()),
        &args.output,
    ) {
        (Some(dir), _) => {
            let mut seen: BTreeMap<PathBuf, &str> = BTreeMap::new();
            inputs
                .iter()
                .map(|input| {
                    targets
                        .iter()
                        .map(|target| {
                            let base = if several_targets {
                                dir.join(target.as_str())
                            } else {
                                dir.clone()
                            };
                            let dest = base.join(relative(input, args.source_root.as_deref()));
                            if let Some(other) = seen.insert(dest.clone(), &input.display) {
                                return Err(CliError::Usage(format!(
                                    "{} and {} would both be written to {}",
                                    other,
                                    input.display,
                                    dest.display()
                                )));
                            }
                            Ok(Some(dest))
                        })
                        .collect()
                })
                .collect()
        }
        (None, _) if several_inputs => Err(CliError::Usage(
            "several inputs need --out-dir DIR (-o takes a single input)".to_string(),
        )),
        (None, _) if several_targets => Err(CliError::Usage(
            "several targets need --out-dir DIR (each target's SQL goes under DIR/<target>/)"
                .to_string(),
        )),
        (None, output) => Ok(inputs.iter().map(|_| vec![output.clone()]).collect()),
    }
}

/// Where an input goes below an output folder: its path below `source_root`
/// when it lies there, else its path below the folder given, or its file name.
pub(super) fn relative(input: &Input, source_root: Option<&Path>) -> PathBuf {
    let clean = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    match (source_root, &input.path) {
        (Some(root), Some(path)) => clean(path)
            .strip_prefix(clean(root))
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| input.relative.clone()),
        _ => input.relative.clone(),
    }
}

/// Whether the translation at `dest` is missing or differs from `sql`; says so on stderr.
pub(super) fn stale(dest: &Path, input: &Input, sql: &str) -> bool {
    match fs::read(dest) {
        Ok(old) if old == sql.as_bytes() => false,
        Ok(_) => {
            eprintln!(
                "sqlport: {} is out of date with {}",
                dest.display(),
                input.display
            );
            true
        }
        Err(_) => {
            eprintln!(
                "sqlport: {} is missing (the translation of {})",
                dest.display(),
                input.display
            );
            true
        }
    }
}

/// Runs `translate`.
pub(super) fn run_translate(args: &TranslateArgs) -> Result<Status, CliError> {
    let settings = settings::resolve(&args.common)?;
    let inputs = collect_inputs(&args.common, &settings)?;
    let destinations = destinations(args, &inputs, &settings.targets)?;
    let color = use_color(args.common.color, io::stderr().is_terminal());
    let mode = Mode::Translate {
        annotate: !args.no_annotate,
    };
    let progress = Progress::new(&inputs, args.common.quiet);
    let analysed = analyse::analyse_all(&inputs, &settings, mode, args.common.jobs, &|| {
        progress.tick()
    });
    progress.finish();
    let several = settings.several_targets();
    let mut document = json::Document::new();
    let mut status = Status::Clean;
    for ((input, result), dests) in inputs.iter().zip(analysed).zip(destinations) {
        if let Some(problem) = &result.problem {
            eprintln!("sqlport: error: {problem}");
            status = Status::Failure;
        }
        let file = result.text.as_deref().map(SourceFile::new);
        for (one, dest) in result.results.iter().zip(dests) {
            document.push_target(&input.display, one.target, several, &one.report);
            let (Some(file), Some(sql)) = (&file, &one.sql) else {
                continue;
            };
            if args.check_output.is_some() {
                // Only staleness counts; findings are `check`'s job.
                if dest.is_some_and(|dest| stale(&dest, input, sql)) {
                    status = status.max(Status::Findings);
                }
                continue;
            }
            eprint!(
                "{}{}",
                if one.report.findings.is_empty() {
                    String::new()
                } else {
                    target_heading(several, &input.display, one.target)
                },
                human::render(&input.display, file, &one.report, color)
            );
            match dest {
                Some(path) => write_if_changed(&path, sql)?,
                None => write_stdout(sql)?,
            }
            if one.report.has_at_least(Severity::Error) {
                status = status.max(Status::Findings);
            }
        }
    }
    let any = document.summary.errors + document.summary.warnings + document.summary.infos > 0;
    if any && args.check_output.is_none() {
        eprintln!("{}", summary(&document));
    }
    if let Some(path) = &args.report {
        write_file(path, &document.to_json())?;
    }
    Ok(status)
}
