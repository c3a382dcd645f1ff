//! Where results go: files, stdout, and whether to colour.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::CliError;
use super::args::ColorChoice;

/// Whether to colour, given the choice and whether the stream is a terminal.
pub(super) fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Writes `text` to `path`, creating its folder.
pub(super) fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    let write_error = |source| CliError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(write_error)?;
    }
    fs::write(path, text).map_err(write_error)
}

/// Writes `text` to `path` unless the file already holds exactly that text,
/// so that unchanged translations keep their timestamps.
pub(super) fn write_if_changed(path: &Path, text: &str) -> Result<(), CliError> {
    if fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    write_file(path, text)
}

/// Writes `text` to stdout.
pub(super) fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|source| CliError::Write {
            path: "<stdout>".to_string(),
            source,
        })
}
