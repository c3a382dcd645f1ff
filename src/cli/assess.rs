//! `sqlport assess`: the migration assessment as HTML or Markdown.

use sqlport::report::assess::{self, Assessment};
use sqlport::report::json;

use super::analyse::{self, Mode};
use super::args::{AssessArgs, AssessFormat};
use super::output::{write_file, write_stdout};
use super::progress::Progress;
use super::{CliError, Status, collect_inputs, settings};

/// Runs `assess`.
pub(super) fn run_assess(args: &AssessArgs) -> Result<Status, CliError> {
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
