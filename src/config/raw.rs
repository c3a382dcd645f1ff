//! Reading `sqlport.toml` key by key, keeping each key's place in the file so
//! that every problem can name its line.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::error::ConfigError;
use super::files::{FileFilter, compile};
use super::{Config, FailOn, KEYS, TARGET_KEYS, TargetSettings};
use crate::catalog::{self, FunctionMapping, Mappings, TypeMapping};
use crate::report::{Code, CodePattern, Policy, Severity};
use crate::{Source, Target};

/// Reports problems against one file's text.
struct Reader<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Reader<'_> {
    fn error(
        &self,
        span: Range<usize>,
        key: Option<&str>,
        message: impl Into<String>,
    ) -> ConfigError {
        let before = self.text.get(..span.start).unwrap_or(self.text);
        ConfigError::Invalid {
            path: self.path.display().to_string(),
            line: before.matches('\n').count() + 1,
            key: key.map(str::to_string),
            message: one_line(&message.into()),
        }
    }

    fn string<'v>(
        &self,
        key: &str,
        value: &'v Spanned<DeValue<'_>>,
    ) -> Result<&'v str, ConfigError> {
        value.get_ref().as_str().ok_or_else(|| {
            self.error(
                value.span(),
                Some(key),
                format!("expected a string, found {}", value.get_ref().type_str()),
            )
        })
    }

    fn strings<'v>(
        &self,
        key: &str,
        value: &'v Spanned<DeValue<'_>>,
    ) -> Result<Vec<(&'v str, Range<usize>)>, ConfigError> {
        let array: &DeArray<'_> = value.get_ref().as_array().ok_or_else(|| {
            self.error(
                value.span(),
                Some(key),
                format!(
                    "expected a list of strings, found {}",
                    value.get_ref().type_str()
                ),
            )
        })?;
        array
            .iter()
            .map(|item| Ok((self.string(key, item)?, item.span())))
            .collect()
    }

    fn table<'v, 'i>(
        &self,
        key: &str,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Result<&'v DeTable<'i>, ConfigError> {
        value.get_ref().as_table().ok_or_else(|| {
            self.error(
                value.span(),
                Some(key),
                format!("expected a table, found {}", value.get_ref().type_str()),
            )
        })
    }
}

/// A table's entries in the order they appear in the file (the parser sorts
/// them by key), so that the first problem reported is the first in the file.
fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads and checks a whole file.
pub(super) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let reader = Reader { text, path };
    let document = DeTable::parse(text)
        .map_err(|e| reader.error(e.span().unwrap_or(0..0), None, e.message().to_string()))?;
    let mut config = Config {
        path: path.to_path_buf(),
        ..Config::default()
    };
    let (mut include, mut exclude) = (Vec::new(), Vec::new());
    for (key, value) in in_file_order(document.get_ref()) {
        let name: &str = key.get_ref();
        match name {
            "source" => {
                let s = reader.string(name, value)?;
                config.source = Some(
                    s.parse::<Source>()
                        .map_err(|e| reader.error(value.span(), Some(name), e.to_string()))?,
                );
            }
            "targets" => {
                for (s, span) in reader.strings(name, value)? {
                    let target = s
                        .parse::<Target>()
                        .map_err(|e| reader.error(span, Some(name), e.to_string()))?;
                    if !config.targets.contains(&target) {
                        config.targets.push(target);
                    }
                }
            }
            "fail-on" => {
                let s = reader.string(name, value)?;
                config.fail_on = Some(match s.parse::<Severity>() {
                    Ok(severity) => FailOn::At(severity),
                    Err(_) if s.eq_ignore_ascii_case("never") => FailOn::Never,
                    Err(_) => {
                        return Err(reader.error(
                            value.span(),
                            Some(name),
                            format!("expected error, warning, info or never, found `{s}`"),
                        ));
                    }
                });
            }
            "include" | "exclude" => {
                for (s, span) in reader.strings(name, value)? {
                    let glob = compile(s).map_err(|e| {
                        reader.error(span, Some(name), format!("`{s}` is not a glob: {e}"))
                    })?;
                    let list = if name == "include" {
                        &mut include
                    } else {
                        &mut exclude
                    };
                    list.push((s.to_string(), glob));
                }
            }
            "ignore" => {
                for (s, span) in reader.strings(name, value)? {
                    let pattern = s
                        .parse::<CodePattern>()
                        .map_err(|e| reader.error(span, Some(name), e.to_string()))?;
                    config.policy.ignore.push(pattern);
                }
            }
            "severity" => read_severities(&reader, reader.table(name, value)?, &mut config.policy)?,
            "target" => {
                config.target_settings = read_targets(&reader, reader.table(name, value)?)?;
            }
            "mappings" => {
                config.mappings = read_mappings(&reader, reader.table(name, value)?)?;
            }
            _ => {
                return Err(reader.error(
                    key.span(),
                    Some(name),
                    format!("unknown key (expected one of: {})", KEYS.join(", ")),
                ));
            }
        }
    }
    config.files = FileFilter::new(config.root().to_path_buf(), include, exclude);
    Ok(config)
}

fn read_severities(
    reader: &Reader<'_>,
    table: &DeTable<'_>,
    policy: &mut Policy,
) -> Result<(), ConfigError> {
    for (key, value) in in_file_order(table) {
        let dotted = format!("severity.{}", key.get_ref());
        let code = key
            .get_ref()
            .parse::<Code>()
            .map_err(|e| reader.error(key.span(), Some(&dotted), e.to_string()))?;
        let severity = reader
            .string(&dotted, value)?
            .parse::<Severity>()
            .map_err(|e| reader.error(value.span(), Some(&dotted), e.to_string()))?;
        policy.severity.insert(code, severity);
    }
    Ok(())
}

/// `[mappings.functions]` and `[mappings.types]`, each either a table of
/// `NAME = "REPLACEMENT"` or, as in `grammar/targets/*.toml`, an array of
/// tables with `from`, `to` and optionally `reason` (and, for types,
/// `unconstrained`).
fn read_mappings(reader: &Reader<'_>, table: &DeTable<'_>) -> Result<Mappings, ConfigError> {
    let mut mappings = Mappings::default();
    let source = format!("project mapping in {}", reader.path.display());
    for (kind, entries) in in_file_order(table) {
        let dotted = format!("mappings.{}", kind.get_ref());
        let functions = match kind.get_ref().as_ref() {
            "functions" => true,
            "types" => false,
            _ => {
                return Err(reader.error(
                    kind.span(),
                    Some(&dotted),
                    "unknown key (expected one of: functions, types)",
                ));
            }
        };
        for entry in mapping_entries(reader, &dotted, entries, functions)? {
            let reason = entry.reason.unwrap_or_else(|| {
                format!(
                    "{} is mapped to {} by the project's sqlport.toml",
                    entry.from, entry.to
                )
            });
            if functions {
                mappings.functions.push(FunctionMapping {
                    from: entry.from,
                    to: entry.to,
                    reason,
                    source: source.clone(),
                });
            } else {
                mappings.types.push(TypeMapping {
                    from: entry.from,
                    to: entry.to,
                    unconstrained: entry.unconstrained,
                    switch: None,
                    reason,
                    source: source.clone(),
                });
            }
        }
    }
    Ok(mappings)
}

/// One mapping as written in `sqlport.toml`.
struct MappingEntry {
    from: String,
    to: String,
    reason: Option<String>,
    unconstrained: Option<String>,
}

fn mapping_entries(
    reader: &Reader<'_>,
    dotted: &str,
    entries: &Spanned<DeValue<'_>>,
    functions: bool,
) -> Result<Vec<MappingEntry>, ConfigError> {
    let mut out = Vec::new();
    if let Some(array) = entries.get_ref().as_array() {
        for (n, item) in array.iter().enumerate() {
            let item_key = format!("{dotted}[{n}]");
            let mut entry = MappingEntry {
                from: String::new(),
                to: String::new(),
                reason: None,
                unconstrained: None,
            };
            for (field, value) in in_file_order(reader.table(&item_key, item)?) {
                let key = format!("{item_key}.{}", field.get_ref());
                let value = reader.string(&key, value)?.to_string();
                match field.get_ref().as_ref() {
                    "from" => entry.from = value,
                    "to" => entry.to = value,
                    "reason" => entry.reason = Some(value),
                    "unconstrained" if !functions => entry.unconstrained = Some(value),
                    _ => {
                        let expected = if functions {
                            "from, to, reason"
                        } else {
                            "from, to, reason, unconstrained"
                        };
                        return Err(reader.error(
                            field.span(),
                            Some(&key),
                            format!("unknown key (expected one of: {expected})"),
                        ));
                    }
                }
            }
            if entry.from.is_empty() || entry.to.is_empty() {
                return Err(reader.error(item.span(), Some(&item_key), "needs `from` and `to`"));
            }
            out.push(entry);
        }
        return Ok(out);
    }
    for (from, to) in in_file_order(reader.table(dotted, entries)?) {
        let key = format!("{dotted}.{}", from.get_ref());
        out.push(MappingEntry {
            from: from.get_ref().to_string(),
            to: reader.string(&key, to)?.to_string(),
            reason: None,
            unconstrained: None,
        });
    }
    Ok(out)
}

fn read_targets(
    reader: &Reader<'_>,
    table: &DeTable<'_>,
) -> Result<BTreeMap<Target, TargetSettings>, ConfigError> {
    let mut settings = BTreeMap::new();
    for (key, value) in in_file_order(table) {
        let dotted = format!("target.{}", key.get_ref());
        let target = key
            .get_ref()
            .parse::<Target>()
            .map_err(|e| reader.error(key.span(), Some(&dotted), e.to_string()))?;
        let catalog = catalog::catalog(target)
            .map_err(|e| reader.error(key.span(), Some(&dotted), e.to_string()))?;
        let mut entry = TargetSettings::default();
        for (field, value) in in_file_order(reader.table(&dotted, value)?) {
            let dotted = format!("{dotted}.{}", field.get_ref());
            match field.get_ref().as_ref() {
                "version" => {
                    let version = match value.get_ref() {
                        DeValue::Integer(i) => i.as_str().replace('_', "").parse::<u32>().ok(),
                        DeValue::String(s) => s.parse::<u32>().ok(),
                        _ => None,
                    };
                    let known: Vec<String> = catalog
                        .versions
                        .iter()
                        .map(|v| v.kernel.to_string())
                        .collect();
                    match version {
                        Some(v) if catalog.versions.iter().any(|k| k.kernel == v) => {
                            entry.version = Some(v)
                        }
                        _ => {
                            let shown = reader.text.get(value.span()).unwrap_or("?");
                            let expected = if known.is_empty() {
                                "it has a single version; leave `version` out".to_string()
                            } else {
                                format!("expected one of: {}", known.join(", "))
                            };
                            return Err(reader.error(
                                value.span(),
                                Some(&dotted),
                                format!("{target} has no kernel version {shown} ({expected})"),
                            ));
                        }
                    }
                }
                "mode" => {
                    let mode = reader.string(&dotted, value)?;
                    if catalog.mode(mode).is_none() {
                        let known: Vec<&str> =
                            catalog.modes.iter().map(|m| m.name.as_str()).collect();
                        return Err(reader.error(
                            value.span(),
                            Some(&dotted),
                            format!(
                                "{target} has no mode `{mode}` (expected one of: {})",
                                known.join(", ")
                            ),
                        ));
                    }
                    entry.mode = Some(mode.to_string());
                }
                "extensions" => {
                    entry.extensions = reader
                        .strings(&dotted, value)?
                        .into_iter()
                        .map(|(name, _)| name.to_ascii_lowercase())
                        .collect();
                }
                _ => {
                    return Err(reader.error(
                        field.span(),
                        Some(&dotted),
                        format!("unknown key (expected one of: {})", TARGET_KEYS.join(", ")),
                    ));
                }
            }
        }
        settings.insert(target, entry);
    }
    Ok(settings)
}
