//! `sqlport check`: the report on stdout (human, JSON or SARIF), baselines,
//! and the exit code from `--fail-on`.

use std::fs;
use std::io::{self, IsTerminal};
use std::path::Path;

use sqlport::report::baseline::{self, Baseline};
use sqlport::report::{human, json, sarif};
use sqlport::source::SourceFile;

use super::analyse::{self, Mode};
use super::args::{CheckArgs, Format};
use super::inputs::Input;
use super::output::{use_color, write_file, write_stdout};
use super::{CliError, Status, collect_inputs, settings, summary, target_heading};

/// Runs `check`.
pub(super) fn run_check(args: &CheckArgs) -> Result<Status, CliError> {
    let settings = settings::resolve(&args.common)?;
    let inputs = collect_inputs(&args.common, &settings)?;
    let threshold = settings.fail_on(args.fail_on);
    let color = use_color(args.common.color, io::stdout().is_terminal());
    // A bad baseline is a usage error: found before any work.
    let given = args.baseline.as_deref().map(read_baseline).transpose()?;
    let mut analysed =
        analyse::analyse_all(&inputs, &settings, Mode::Check, args.common.jobs, &|| {});
    let baseline = match &args.write_baseline {
        Some(path) => {
            let baseline = record_baseline(&inputs, &analysed);
            write_file(path, &baseline.to_json())?;
            eprintln!(
                "sqlport: wrote {} finding(s) to {}",
                baseline.findings.len(),
                path.display()
            );
            Some(baseline)
        }
        None => given,
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
            if let Some(file) = &file {
                document.fingerprint_last(&one.report.findings, file);
            }
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

/// Today's findings of every readable input, as a baseline.
pub(super) fn record_baseline(inputs: &[Input], analysed: &[analyse::Analysed]) -> Baseline {
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

pub(super) fn read_baseline(path: &Path) -> Result<Baseline, CliError> {
    let text = fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read baseline {}: {e}", path.display())))?;
    Baseline::from_json(&text).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}
