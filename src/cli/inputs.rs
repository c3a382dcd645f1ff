//! Turning INPUT arguments into the list of scripts to read.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// File extensions taken from folders: SQL scripts and Oracle's conventional
/// names for package specs and bodies, procedures, functions, triggers, types
/// and views.
pub const EXTENSIONS: &[&str] = &[
    "sql", "pks", "pkb", "pck", "prc", "fnc", "trg", "tps", "tpb", "pls", "plb", "vw",
];

/// One script to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it; `None` is standard input.
    pub path: Option<PathBuf>,
    /// How reports name it.
    pub display: String,
    /// Where its output goes below `--out-dir`.
    pub relative: PathBuf,
    /// Whether it was found by walking a folder (rather than named).
    pub from_folder: bool,
}

/// What can go wrong finding inputs.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A named input does not exist or cannot be listed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// Standard input named together with other inputs.
    #[error("`-` (standard input) cannot be combined with other inputs")]
    StdinWithOthers,
}

/// Expands `args` (files, folders, `-`) into inputs, in a stable order.
pub fn collect(args: &[PathBuf]) -> Result<Vec<Input>, InputError> {
    if args.is_empty() || (args.len() == 1 && args[0] == Path::new("-")) {
        return Ok(vec![Input {
            path: None,
            display: "<stdin>".to_string(),
            relative: PathBuf::from("stdin.sql"),
            from_folder: false,
        }]);
    }
    let mut inputs = Vec::new();
    for arg in args {
        if arg == Path::new("-") {
            return Err(InputError::StdinWithOthers);
        }
        let meta = fs::metadata(arg).map_err(|source| InputError::Io {
            path: arg.display().to_string(),
            source,
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(arg, &mut found)?;
            found.sort();
            inputs.extend(found.into_iter().map(|path| Input {
                display: path.display().to_string(),
                relative: path.strip_prefix(arg).unwrap_or(&path).to_path_buf(),
                path: Some(path),
                from_folder: true,
            }));
        } else {
            inputs.push(Input {
                display: arg.display().to_string(),
                relative: arg
                    .file_name()
                    .map(PathBuf::from)
                    .unwrap_or_else(|| arg.clone()),
                path: Some(arg.clone()),
                from_folder: false,
            });
        }
    }
    Ok(inputs)
}

/// Collects SQL files under `dir`, skipping hidden folders and files and not
/// following symbolic links to folders (which could loop).
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io_error = |source| InputError::Io {
        path: dir.display().to_string(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let entry = entry.map_err(io_error)?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let file_type = entry.file_type().map_err(io_error)?;
        if file_type.is_dir() {
            walk(&path, found)?;
        } else if has_sql_extension(&path) && (file_type.is_file() || path.is_file()) {
            found.push(path);
        }
    }
    Ok(())
}

fn has_sql_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
