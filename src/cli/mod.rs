//! The `sqlport` command: a thin shell over the library that reads files,
//! writes outputs and reports, and chooses the exit code.

mod analyse;
mod args;
mod decode;
mod inputs;
mod progress;
mod settings;

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use sqlport::report::assess::{self, Assessment};
use sqlport::report::baseline::{self, Baseline};
use sqlport::report::{codes, human, json, sarif};
use sqlport::source::SourceFile;
use sqlport::{Severity, Target};

use analyse::Mode;
use args::{
    AssessArgs, AssessFormat, CheckArgs, Cli, ColorChoice, Command, Common, Format, TranslateArgs,
};
use inputs::Input;
use progress::Progress;
use settings::Settings;

/// Exit statuses, part of the CLI contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    /// No finding at or above the threshold.
    Clean = 0,
    /// Findings at or above the threshold.
    Findings = 1,
    /// Usage, I/O or encoding error.
    Failure = 2,
}

/// A failure that ends the command with status 2 and one line on stderr.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Input(#[from] inputs::InputError),
    #[error(transparent)]
    Config(#[from] sqlport::config::ConfigError),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: io::Error },
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let text = e.to_string();
            let head = text.split("\n\nUsage:").next().unwrap_or(&text);
            let head = head.trim_start_matches("error:");
            let line = head.split_whitespace().collect::<Vec<_>>().join(" ");
            eprintln!("sqlport: error: {line} (see sqlport --help)");
            return ExitCode::from(Status::Failure as u8);
        }
    };
    let status = match cli.command {
        Command::Translate(args) => run_translate(&args),
        Command::Check(args) => run_check(&args),
        Command::Assess(args) => run_assess(&args),
        Command::Explain { code } => run_explain(&code),
    };
    let status = status.unwrap_or_else(|e| {
        eprintln!("sqlport: error: {e}");
        Status::Failure
    });
    ExitCode::from(status as u8)
}

fn run_explain(code: &str) -> Result<Status, CliError> {
    let code = code
        .parse()
        .map_err(|e: sqlport::report::UnknownCode| CliError::Usage(e.to_string()))?;
    print!("{}", codes::explain(code));
    Ok(Status::Clean)
}

fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    let write_error = |source| CliError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(write_error)?;
    }
    fs::write(path, text).map_err(write_error)
}

/// Where each input's SQL goes for each target: `None` for stdout. With
/// several targets, each target's files go under `DIR/<target>/`.
fn destinations(
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
fn relative(input: &Input, source_root: Option<&Path>) -> PathBuf {
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
fn stale(dest: &Path, input: &Input, sql: &str) -> bool {
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

/// Writes `text` to `path` unless the file already holds exactly that text,
/// so that unchanged translations keep their timestamps.
fn write_if_changed(path: &Path, text: &str) -> Result<(), CliError> {
    if fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    write_file(path, text)
}

/// The inputs named on the command line, less those `exclude`d (or not
/// `include`d) by the configuration file.
fn collect_inputs(common: &Common, settings: &Settings) -> Result<Vec<Input>, CliError> {
    let mut inputs = inputs::collect(&common.inputs)?;
    if let Some(filter) = settings.filter() {
        inputs.retain(|input| input.path.as_deref().is_none_or(|p| filter.accepts(p)));
    }
    Ok(inputs)
}

/// A heading before one target's diagnostics when several targets are checked.
fn target_heading(several: bool, path: &str, target: Target) -> String {
    if several {
        format!("== {path} [{target}] ==\n")
    } else {
        String::new()
    }
}

fn run_translate(args: &TranslateArgs) -> Result<Status, CliError> {
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

fn run_check(args: &CheckArgs) -> Result<Status, CliError> {
    let settings = settings::resolve(&args.common)?;
    let inputs = collect_inputs(&args.common, &settings)?;
    let threshold = settings.fail_on(args.fail_on);
    let color = use_color(args.common.color, io::stdout().is_terminal());
    let mut analysed =
        analyse::analyse_all(&inputs, &settings, Mode::Check, args.common.jobs, &|| {});
    let baseline = match (&args.write_baseline, &args.baseline) {
        (Some(path), _) => {
            let baseline = record_baseline(&inputs, &analysed);
            write_file(path, &baseline.to_json())?;
            eprintln!(
                "sqlport: wrote {} finding(s) to {}",
                baseline.findings.len(),
                path.display()
            );
            Some(baseline)
        }
        (None, Some(path)) => Some(read_baseline(path)?),
        (None, None) => None,
    };
    let mut baselined = 0;
    if let Some(baseline) = baseline {
        let mut allowance = baseline.allowance();
        for (input, result) in inputs.iter().zip(&mut analysed) {
            let Some(text) = result.text.as_deref() else {
                continue;
            };
            let file = SourceFile::new(text);
            for one in &mut result.results {
                baselined +=
                    allowance.excuse(&input.display, one.target, &mut one.report.findings, &file);
            }
        }
    }
    let several = settings.several_targets();
    let mut document = json::Document::new();
    document.summary.baselined = baselined;
    let mut human_text = String::new();
    let mut status = Status::Clean;
    for (input, result) in inputs.iter().zip(analysed) {
        if let Some(problem) = &result.problem {
            eprintln!("sqlport: error: {problem}");
            status = Status::Failure;
        }
        let file = result.text.as_deref().map(SourceFile::new);
        for one in &result.results {
            if let Some(file) = &file {
                if !one.report.findings.is_empty() {
                    human_text.push_str(&target_heading(several, &input.display, one.target));
                }
                human_text.push_str(&human::render(&input.display, file, &one.report, color));
            }
            if threshold.is_some_and(|t| one.report.has_at_least(t)) {
                status = status.max(Status::Findings);
            }
            document.push_target(&input.display, one.target, several, &one.report);
        }
    }
    let out = match args.format {
        Format::Json => document.to_json(),
        Format::Sarif => sarif::to_sarif(&document),
        Format::Human => format!("{human_text}{}\n", summary(&document)),
    };
    write_stdout(&out)?;
    Ok(status)
}

fn run_assess(args: &AssessArgs) -> Result<Status, CliError> {
    let settings = settings::resolve(&args.common)?;
    let inputs = collect_inputs(&args.common, &settings)?;
    let progress = Progress::new(&inputs, args.common.quiet);
    let analysed = analyse::analyse_all(&inputs, &settings, Mode::Check, args.common.jobs, &|| {
        progress.tick()
    });
    progress.finish();
    let several = settings.several_targets();
    let mut document = json::Document::new();
    let mut status = Status::Clean;
    for (input, result) in inputs.iter().zip(&analysed) {
        if let Some(problem) = &result.problem {
            eprintln!("sqlport: error: {problem}");
            status = Status::Failure;
        }
        for one in &result.results {
            document.push_target(&input.display, one.target, several, &one.report);
        }
    }
    let assessment = Assessment::new(&document);
    let text = match args.format {
        AssessFormat::Html => assess::html::render(&assessment, &args.title),
        AssessFormat::Markdown => assess::markdown::render(&assessment, &args.title),
    };
    match &args.output {
        Some(path) => write_file(path, &text)?,
        None => write_stdout(&text)?,
    }
    Ok(status)
}

/// Today's findings of every readable input, as a baseline.
fn record_baseline(inputs: &[Input], analysed: &[analyse::Analysed]) -> Baseline {
    let mut entries = Vec::new();
    for (input, result) in inputs.iter().zip(analysed) {
        let Some(text) = result.text.as_deref() else {
            continue;
        };
        let file = SourceFile::new(text);
        for one in &result.results {
            entries.extend(
                one.report
                    .findings
                    .iter()
                    .map(|f| baseline::entry(&input.display, one.target, f, &file)),
            );
        }
    }
    Baseline::new(entries)
}

fn read_baseline(path: &Path) -> Result<Baseline, CliError> {
    let text = fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read baseline {}: {e}", path.display())))?;
    Baseline::from_json(&text).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}

fn summary(document: &json::Document) -> String {
    human::summary_line(&document.summary, &document.total_stats())
}

fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|source| CliError::Write {
            path: "<stdout>".to_string(),
            source,
        })
}
