//! The `sqlport` command: a thin shell over the library that reads files,
//! writes outputs and reports, and chooses the exit code.

mod args;
mod decode;
mod inputs;

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use sqlport::report::{codes, human, json};
use sqlport::source::SourceFile;
use sqlport::{Options, Report, Severity};

use args::{CheckArgs, Cli, ColorChoice, Command, Common, Format, TranslateArgs};
use inputs::Input;

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

/// An input read and decoded, or why it could not be.
enum Loaded {
    Text(String),
    /// Already reported on stderr; the report gets `Report` for it.
    Failed(Option<Report>),
}

fn load(input: &Input) -> Loaded {
    let bytes = match &input.path {
        Some(path) => fs::read(path),
        None => {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).map(|_| buf)
        }
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("sqlport: error: cannot read {}: {e}", input.display);
            return Loaded::Failed(None);
        }
    };
    match decode::decode(&bytes) {
        Ok(text) => Loaded::Text(text.to_string()),
        Err(bad) => {
            eprintln!(
                "sqlport: error: {}: {}; convert it first, e.g. iconv -f GB18030 -t UTF-8",
                input.display,
                bad.message()
            );
            Loaded::Failed(Some(bad.report()))
        }
    }
}

fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn options(common: &Common) -> Options {
    Options::new(common.source, common.target)
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

/// Where each input's SQL goes: `None` for stdout.
fn destinations(args: &TranslateArgs, inputs: &[Input]) -> Result<Vec<Option<PathBuf>>, CliError> {
    let several = inputs.len() > 1 || inputs.iter().any(|i| i.from_folder);
    match (&args.out_dir, &args.output) {
        (Some(dir), _) => {
            let mut seen: BTreeMap<PathBuf, &str> = BTreeMap::new();
            inputs
                .iter()
                .map(|input| {
                    let dest = dir.join(&input.relative);
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
        }
        (None, _) if several => Err(CliError::Usage(
            "several inputs need --out-dir DIR (-o takes a single input)".to_string(),
        )),
        (None, output) => Ok(vec![output.clone()]),
    }
}

fn run_translate(args: &TranslateArgs) -> Result<Status, CliError> {
    let inputs = inputs::collect(&args.common.inputs)?;
    let destinations = destinations(args, &inputs)?;
    let options = options(&args.common).with_annotate(!args.no_annotate);
    let color = use_color(args.common.color, io::stderr().is_terminal());
    let mut document = json::Document::new();
    let mut status = Status::Clean;
    for (input, dest) in inputs.iter().zip(destinations) {
        let text = match load(input) {
            Loaded::Text(text) => text,
            Loaded::Failed(report) => {
                if let Some(report) = report {
                    document.push(&input.display, &report);
                }
                status = Status::Failure;
                continue;
            }
        };
        let translation = sqlport::translate(&text, &options);
        eprint!(
            "{}",
            human::render(
                &input.display,
                &SourceFile::new(&text),
                &translation.report,
                color
            )
        );
        match dest {
            Some(path) => write_file(&path, &translation.sql)?,
            None => write_stdout(&translation.sql)?,
        }
        if translation.report.has_at_least(Severity::Error) {
            status = status.max(Status::Findings);
        }
        document.push(&input.display, &translation.report);
    }
    if document.summary.errors + document.summary.warnings + document.summary.infos > 0 {
        eprintln!("{}", summary(&document));
    }
    if let Some(path) = &args.report {
        write_file(path, &document.to_json())?;
    }
    Ok(status)
}

fn run_check(args: &CheckArgs) -> Result<Status, CliError> {
    let inputs = inputs::collect(&args.common.inputs)?;
    let options = options(&args.common);
    let color = use_color(args.common.color, io::stdout().is_terminal());
    let mut document = json::Document::new();
    let mut human_text = String::new();
    let mut status = Status::Clean;
    for input in &inputs {
        let report = match load(input) {
            Loaded::Text(text) => {
                let report = sqlport::check(&text, &options);
                human_text.push_str(&human::render(
                    &input.display,
                    &SourceFile::new(&text),
                    &report,
                    color,
                ));
                report
            }
            Loaded::Failed(report) => {
                status = Status::Failure;
                match report {
                    Some(report) => report,
                    None => continue,
                }
            }
        };
        if args
            .fail_on
            .threshold()
            .is_some_and(|t| report.has_at_least(t))
        {
            status = status.max(Status::Findings);
        }
        document.push(&input.display, &report);
    }
    let out = match args.format {
        Format::Json => document.to_json(),
        Format::Human => format!("{human_text}{}\n", summary(&document)),
    };
    write_stdout(&out)?;
    Ok(status)
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
