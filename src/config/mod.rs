//! The project configuration file, `sqlport.toml`.
//!
//! ```toml
//! source = "oracle"
//! targets = ["dameng", "kingbase"]
//! fail-on = "warning"
//! include = ["db/**"]
//! exclude = ["db/legacy/**", "**/*_bak.sql"]
//! ignore = ["SP04xx", "SP0108"]
//!
//! [severity]
//! SP0101 = "error"
//!
//! [target.kingbase]
//! mode = "oracle"
//!
//! [target.highgo]
//! version = 14
//! ```
//!
//! [`discover`] finds the file by walking up from a folder; [`Config::load`]
//! reads one. Every problem names the file, the line and the key.

mod error;
mod files;
mod raw;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub use error::ConfigError;
pub use files::FileFilter;

use crate::catalog::Mappings;
use crate::report::{Policy, Severity};
use crate::{Source, Target};

/// The name the configuration file has in a project.
pub const FILE_NAME: &str = "sqlport.toml";

/// The top-level keys of `sqlport.toml`, in the order the README lists them.
pub const KEYS: &[&str] = &[
    "source", "targets", "fail-on", "include", "exclude", "ignore", "severity", "target",
    "mappings",
];

/// The keys of a `[target.NAME]` table.
pub const TARGET_KEYS: &[&str] = &["version", "mode", "extensions"];

/// When `check` exits with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// On a finding of this severity or above.
    At(Severity),
    /// Never, whatever is found.
    Never,
}

impl FailOn {
    /// The threshold severity, if any.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::At(s) => Some(s),
            FailOn::Never => None,
        }
    }
}

/// Settings for one target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetSettings {
    /// The kernel version (`version = 14`), checked against the target's
    /// catalog; becomes `Options::target_version`.
    pub version: Option<u32>,
    /// The compatibility mode (`mode = "oracle"`), checked against the
    /// target's catalog; becomes `Options::target_mode`.
    pub mode: Option<String>,
    /// PostgreSQL extensions the target database has installed
    /// (`extensions = ["pgcrypto"]`); becomes `Options::extensions`.
    pub extensions: Vec<String>,
}

/// A loaded `sqlport.toml`. Every key is optional; command-line flags win.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// `source`.
    pub source: Option<Source>,
    /// `targets`, in the order written, without repeats.
    pub targets: Vec<Target>,
    /// `[target.NAME]` tables.
    pub target_settings: BTreeMap<Target, TargetSettings>,
    /// `fail-on`.
    pub fail_on: Option<FailOn>,
    /// `include` and `exclude`, compiled.
    pub files: FileFilter,
    /// `ignore` and `[severity]`.
    pub policy: Policy,
    /// `[mappings]`: the project's own function renames and type
    /// replacements, applied before the target catalogs'.
    pub mappings: Mappings,
}

impl Config {
    /// Reads and checks the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Checks the text of a configuration file; `path` names it in errors and
    /// anchors the `include`/`exclude` globs (they are relative to its folder).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        raw::parse(text, path)
    }

    /// The folder the globs are relative to.
    pub fn root(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// The nearest `sqlport.toml` in `start` or one of its parent folders.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("proj/sqlport.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_file_is_read() {
        let config = parse(
            "source = \"oracle\"\ntargets = [\"dameng\", \"highgo\", \"dm\"]\nfail-on = \"warning\"\n\
             include = [\"db/**\"]\nexclude = [\"db/legacy/**\"]\nignore = [\"SP05xx\"]\n\n\
             [severity]\nSP0101 = \"error\"\nslash-line-in-literal = \"info\"\n\n\
             [target.highgo]\nversion = 14\nextensions = [\"PGCRYPTO\"]\n\n[target.kingbase]\nmode = \"pg\"\n\n\
             [mappings.functions]\nNVL = \"COALESCE\"\n",
        );
        let config = match config {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(config.source, Some(Source::Oracle));
        assert_eq!(config.targets, vec![Target::Dameng, Target::Highgo]);
        assert_eq!(config.fail_on, Some(FailOn::At(Severity::Warning)));
        assert_eq!(
            config.policy.ignored_codes(),
            vec![Code::SP0501, Code::SP0502]
        );
        assert_eq!(
            config.policy.severity.get(&Code::SP0108),
            Some(&Severity::Info)
        );
        assert_eq!(config.target_settings[&Target::Highgo].version, Some(14));
        assert_eq!(
            config.target_settings[&Target::Highgo].extensions,
            vec!["pgcrypto".to_string()]
        );
        assert_eq!(
            config.target_settings[&Target::Kingbase].mode.as_deref(),
            Some("pg")
        );
        assert_eq!(config.mappings.functions.len(), 1);
        assert_eq!(config.mappings.functions[0].to, "COALESCE");
        assert!(config.files.accepts(Path::new("proj/db/a.sql")));
        assert!(!config.files.accepts(Path::new("proj/db/legacy/a.sql")));
        assert!(!config.files.accepts(Path::new("proj/other/a.sql")));
        assert_eq!(config.root(), Path::new("proj"));
    }

    #[test]
    fn problems_name_file_line_and_key() {
        let cases = [
            (
                "source = \"oracle\"\nsorce = 1\n",
                "proj/sqlport.toml:2: `sorce`: unknown key",
            ),
            (
                "targets = [\"dameng\",\n  \"mysql\"]\n",
                "proj/sqlport.toml:2: `targets`: unknown target `mysql`",
            ),
            (
                "fail-on = \"fatal\"\n",
                "proj/sqlport.toml:1: `fail-on`: expected error, warning, info or never",
            ),
            (
                "[severity]\nSP9999 = \"error\"\n",
                "proj/sqlport.toml:2: `severity.SP9999`: unknown finding code",
            ),
            (
                "[severity]\nSP0101 = \"fatal\"\n",
                "proj/sqlport.toml:2: `severity.SP0101`: unknown severity",
            ),
            (
                "ignore = [\"SP04x1\"]\n",
                "proj/sqlport.toml:1: `ignore`: `SP04x1` is not a finding code",
            ),
            ("exclude = [\"a/[b\"]\n", "proj/sqlport.toml:1: `exclude`: "),
            (
                "\n[target.highgo]\nversion = 99\n",
                "proj/sqlport.toml:3: `target.highgo.version`: highgo has no kernel version 99",
            ),
            (
                "[target.dameng]\nmode = \"pg\"\n",
                "proj/sqlport.toml:2: `target.dameng.mode`: dameng has no mode `pg`",
            ),
            (
                "[target.oracle]\n",
                "proj/sqlport.toml:1: `target.oracle`: unknown target",
            ),
            (
                "[target.highgo]\nkernel = 12\n",
                "proj/sqlport.toml:2: `target.highgo.kernel`: unknown key",
            ),
            ("source = [\n", "proj/sqlport.toml:1: "),
            ("source = 3\n", "proj/sqlport.toml:1: `source`: "),
        ];
        for (text, expected) in cases {
            let got = parse(text).err().unwrap_or_default();
            assert!(
                got.starts_with(expected),
                "{text:?}\n got: {got}\nwant: {expected}"
            );
            assert!(!got.contains('\n'), "{got}");
        }
    }

    #[test]
    fn discovery_walks_up() {
        let dir = std::env::temp_dir().join(format!("sqlport-config-{}", std::process::id()));
        let deep = dir.join("a/b");
        let _ = fs::create_dir_all(&deep);
        let _ = fs::write(dir.join(FILE_NAME), "");
        assert_eq!(discover(&deep), Some(dir.join(FILE_NAME)));
        let _ = fs::remove_dir_all(&dir);
    }
}
