//! What one run does: the command-line flags laid over `sqlport.toml`.

use std::path::{Path, PathBuf};

use sqlport::config::{self, Config, FileFilter};
use sqlport::{DmDate, Options, Severity, Source, Target};

use super::CliError;
use super::args::{Common, FailOn};

/// The settings of one run, flags winning over the configuration file.
#[derive(Debug)]
pub struct Settings {
    /// The input's database.
    pub source: Source,
    /// The targets, in order, at least one.
    pub targets: Vec<Target>,
    /// The configuration file used, if any.
    pub config: Option<Config>,
    /// What Oracle's DATE becomes on Dameng.
    pub dm_date: DmDate,
    /// `--target-version`.
    pub target_version: Option<u32>,
    /// `--kingbase-mode`.
    pub kingbase_mode: Option<String>,
    /// `--extension`.
    pub extensions: Vec<String>,
}

impl Settings {
    /// Options for translating to `target`, with the project's policy.
    pub fn options(&self, target: Target) -> Options {
        let configured = self
            .config
            .as_ref()
            .and_then(|c| c.target_settings.get(&target));
        // Flags win over `[target.NAME]`; a version flag applies to every
        // target that has versions, the mode flag to Kingbase only.
        let version = self
            .target_version
            .or_else(|| configured.and_then(|t| t.version));
        let mode = match target {
            Target::Kingbase => self.kingbase_mode.clone(),
            _ => None,
        }
        .or_else(|| configured.and_then(|t| t.mode.clone()));
        let options = Options::new(self.source, target)
            .with_dm_date(self.dm_date)
            .with_target_version(version)
            .with_target_mode(mode)
            .with_extensions(
                // The flags add to the configuration's list.
                configured
                    .map(|t| t.extensions.clone())
                    .unwrap_or_default()
                    .into_iter()
                    .chain(self.extensions.iter().cloned())
                    .collect(),
            );
        match &self.config {
            Some(config) => options
                .with_policy(config.policy.clone())
                .with_mappings(config.mappings.clone()),
            None => options,
        }
    }

    /// The configuration's `include`/`exclude` filter, if a file was loaded.
    pub fn filter(&self) -> Option<&FileFilter> {
        self.config.as_ref().map(|c| &c.files)
    }

    /// The severity that makes `check` fail: the flag, else `fail-on`, else `error`.
    pub fn fail_on(&self, flag: Option<FailOn>) -> Option<Severity> {
        match (flag, self.config.as_ref().and_then(|c| c.fail_on)) {
            (Some(flag), _) => flag.threshold(),
            (None, Some(config)) => config.threshold(),
            (None, None) => Some(Severity::Error),
        }
    }

    /// Whether findings must say which target they are for.
    pub fn several_targets(&self) -> bool {
        self.targets.len() > 1
    }
}

/// Finds and reads the configuration file, then lays the flags over it.
pub fn resolve(common: &Common) -> Result<Settings, CliError> {
    let config = match (&common.config, common.no_config) {
        (_, true) => None,
        (Some(path), false) => Some(Config::load(path)?),
        (None, false) => match discovered() {
            Some(path) => Some(Config::load(&path)?),
            None => None,
        },
    };
    let source = common
        .source
        .or_else(|| config.as_ref().and_then(|c| c.source))
        .ok_or_else(|| {
            CliError::Usage(
                "no source database: give --from oracle|postgres or set `source` in sqlport.toml"
                    .to_string(),
            )
        })?;
    let mut targets: Vec<Target> = Vec::new();
    let wanted = if common.targets.is_empty() {
        config
            .as_ref()
            .map(|c| c.targets.clone())
            .unwrap_or_default()
    } else {
        common.targets.clone()
    };
    for target in wanted {
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    if targets.is_empty() {
        return Err(CliError::Usage(
            "no target database: give --to dameng|kingbase|highgo (several separated by commas) or set `targets` in sqlport.toml"
                .to_string(),
        ));
    }
    // --target-version must be one the catalog of a target with versions knows.
    if let Some(version) = common.target_version {
        for target in &targets {
            let known: Vec<u32> = sqlport::catalog::catalog(*target)
                .map(|c| c.versions.iter().map(|v| v.kernel).collect())
                .unwrap_or_default();
            if !known.is_empty() && !known.contains(&version) {
                let known: Vec<String> = known.iter().map(u32::to_string).collect();
                return Err(CliError::Usage(format!(
                    "--target-version {version} is not a {target} version (expected one of {})",
                    known.join(", ")
                )));
            }
        }
    }
    Ok(Settings {
        source,
        targets,
        config,
        dm_date: common.dm_date,
        target_version: common.target_version,
        kingbase_mode: common.kingbase_mode.clone(),
        extensions: common.extensions.clone(),
    })
}

/// The `sqlport.toml` in the current folder or above it, if any; named
/// relative to the current folder when it is in it (for shorter messages).
fn discovered() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let found = config::discover(Path::new(&cwd))?;
    Some(match found.strip_prefix(&cwd) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlport::config::TargetSettings;

    #[test]
    fn target_settings_become_options_and_flags_win() {
        let mut config = Config::default();
        config.target_settings.insert(
            Target::Highgo,
            TargetSettings {
                version: Some(14),
                mode: None,
                extensions: vec!["pgcrypto".to_string()],
            },
        );
        config.target_settings.insert(
            Target::Kingbase,
            TargetSettings {
                version: None,
                mode: Some("pg".to_string()),
                extensions: Vec::new(),
            },
        );
        let mut settings = Settings {
            source: Source::Oracle,
            targets: vec![Target::Highgo, Target::Kingbase],
            config: Some(config),
            dm_date: DmDate::Timestamp,
            target_version: None,
            kingbase_mode: None,
            extensions: Vec::new(),
        };
        assert_eq!(settings.options(Target::Highgo).target_version, Some(14));
        assert!(settings.options(Target::Highgo).has_extension("pgcrypto"));
        assert!(!settings.options(Target::Kingbase).has_extension("pgcrypto"));
        assert_eq!(
            settings.options(Target::Kingbase).target_mode.as_deref(),
            Some("pg")
        );
        settings.target_version = Some(15);
        settings.kingbase_mode = Some("oracle".to_string());
        assert_eq!(settings.options(Target::Highgo).target_version, Some(15));
        assert_eq!(
            settings.options(Target::Kingbase).target_mode.as_deref(),
            Some("oracle")
        );
        assert_eq!(settings.options(Target::Highgo).target_mode, None);
    }
}
