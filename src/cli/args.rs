//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use sqlport::{DmDate, Severity, Source, Target};

/// Translate Oracle and PostgreSQL SQL and PL/SQL for Dameng, KingbaseES and
/// HighGo, and report what could not be translated.
#[derive(Debug, Parser)]
#[command(name = "sqlport", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Translate scripts; SQL goes to stdout, -o FILE or --out-dir DIR, diagnostics to stderr.
    Translate(TranslateArgs),
    /// Check scripts without writing SQL; the report goes to stdout.
    Check(CheckArgs),
    /// Write a migration assessment of a project: HTML (one self-contained file) or Markdown.
    Assess(AssessArgs),
    /// Explain a finding code (e.g. SP0101) at length.
    Explain {
        /// The code, or its name.
        code: String,
    },
}

/// What both `translate` and `check` take.
#[derive(Debug, Args)]
pub struct Common {
    /// The database the input was written for (default: `source` in sqlport.toml).
    #[arg(long = "from", value_name = "SOURCE", value_parser = parse_source)]
    pub source: Option<Source>,
    /// The databases to translate for, separated by commas (default: `targets` in sqlport.toml).
    #[arg(
        long = "to",
        value_name = "TARGET[,TARGET...]",
        value_parser = parse_target,
        value_delimiter = ','
    )]
    pub targets: Vec<Target>,
    /// Files or folders (searched recursively for SQL and PL/SQL files); `-` or none reads stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// When to colour human diagnostics (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Read this configuration file instead of the nearest sqlport.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any sqlport.toml.
    #[arg(long)]
    pub no_config: bool,
    /// How many files to work on at once (default: one per CPU).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// No progress bar (it is shown only on a terminal, by translate and assess on folders).
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// What Oracle's DATE becomes on Dameng: TIMESTAMP(0), which keeps the time of day, or DATE
    /// (keep), only for data with no times.
    #[arg(long, value_name = "timestamp|keep", value_parser = parse_dm_date, default_value = "timestamp")]
    pub dm_date: DmDate,
    /// The target's kernel version where it has several (HighGo: 12, 14, 15); default:
    /// `[target.NAME] version` in sqlport.toml, else the catalog's default.
    #[arg(long, value_name = "N")]
    pub target_version: Option<u32>,
    /// Kingbase's compatibility mode (oracle or pg); default: `[target.kingbase] mode` in
    /// sqlport.toml, else oracle.
    #[arg(long, value_name = "oracle|pg", value_parser = ["oracle", "pg"])]
    pub kingbase_mode: Option<String>,
    /// A PostgreSQL extension the target database has installed (e.g. pgcrypto); may be
    /// given several times. A PostgreSQL source's calls into it are then kept.
    #[arg(long = "extension", value_name = "NAME")]
    pub extensions: Vec<String>,
}

/// `sqlport translate`.
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// Source, target and inputs.
    #[command(flatten)]
    pub common: Common,
    /// Write the SQL of a single input to FILE instead of stdout.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "out_dir"
    )]
    pub output: Option<PathBuf>,
    /// Write each input's SQL under DIR, mirroring the inputs' relative paths.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write nothing; exit 1 if a translation under DIR (laid out as --out-dir
    /// would write it) is missing or differs from what translate produces now.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["out_dir", "output"])]
    pub check_output: Option<PathBuf>,
    /// Inputs below DIR keep their path relative to DIR under --out-dir or
    /// --check-output (instead of their file name, or their path below a folder given).
    #[arg(long, value_name = "DIR")]
    pub source_root: Option<PathBuf>,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Do not put `-- sqlport: error[…]` comment lines before units with errors.
    #[arg(long)]
    pub no_annotate: bool,
}

/// `sqlport check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Source, target and inputs.
    #[command(flatten)]
    pub common: Common,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 when a finding at or above this severity exists (default:
    /// `fail-on` in sqlport.toml, else error).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Report and fail only on findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE (then report against it, so the run passes).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// `sqlport assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Source, target(s) and inputs.
    #[command(flatten)]
    pub common: Common,
    /// The assessment's format.
    #[arg(long, value_enum, default_value_t = AssessFormat::Html)]
    pub format: AssessFormat,
    /// Write the assessment to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The page's title.
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "sqlport migration assessment"
    )]
    pub title: String,
}

/// Assessment formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    /// One self-contained HTML page.
    Html,
    /// Markdown tables.
    Markdown,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics.
    Human,
    /// The JSON report (version 1).
    Json,
    /// SARIF 2.1.0, for code scanning (one run per target).
    Sarif,
}

/// The severity that makes `check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Info,
    /// Never fail on findings.
    Never,
}

impl FailOn {
    /// The threshold severity, if any.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_dm_date(s: &str) -> Result<DmDate, String> {
    s.parse().map_err(|e: sqlport::UnknownName| e.to_string())
}

fn parse_source(s: &str) -> Result<Source, String> {
    s.parse().map_err(|e: sqlport::UnknownName| e.to_string())
}

fn parse_target(s: &str) -> Result<Target, String> {
    s.parse().map_err(|e: sqlport::UnknownName| e.to_string())
}
