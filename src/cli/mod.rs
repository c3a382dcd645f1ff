//! The `sqlport` command: a thin shell over the library that reads files,
//! writes outputs and reports, and chooses the exit code.

mod analyse;
mod args;
mod assess;
mod check;
mod decode;
mod inputs;
mod output;
mod progress;
mod settings;
mod translate;

use std::io;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use sqlport::Target;
use sqlport::report::{codes, human, json};

use args::{Cli, Command, Common};
use inputs::Input;
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
        Command::Translate(args) => translate::run_translate(&args),
        Command::Check(args) => check::run_check(&args),
        Command::Assess(args) => assess::run_assess(&args),
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

fn summary(document: &json::Document) -> String {
    human::summary_line(&document.summary, &document.total_stats())
}
