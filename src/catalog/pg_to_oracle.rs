//! PostgreSQL types and what an Oracle-style target (Dameng DM8) uses for
//! them, loaded from `grammar/pg_to_oracle.toml`.

use std::sync::OnceLock;

use serde::Deserialize;

/// One PostgreSQL type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgTypeEntry {
    /// The PostgreSQL name, upper-case, without arguments.
    pub from: String,
    /// The target type (absent when `unsupported`).
    #[serde(default)]
    pub to: Option<String>,
    /// Keep the type's arguments after `to`.
    #[serde(default)]
    pub keep_args: bool,
    /// Apply only when the type has no arguments.
    #[serde(default)]
    pub only_bare: bool,
    /// Why the target has no type for it, and what to do.
    #[serde(default)]
    pub unsupported: Option<String>,
    /// Where the facts come from.
    pub source: String,
}

/// The whole table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgToOracle {
    /// The types.
    #[serde(default)]
    pub types: Vec<PgTypeEntry>,
}

impl PgToOracle {
    /// The entry for PostgreSQL type `name` (upper-case, no arguments).
    pub fn pg_type(&self, name: &str) -> Option<&PgTypeEntry> {
        self.types.iter().find(|t| t.from == name)
    }
}

/// The table, parsed once; empty if the file is malformed (a test checks it is not).
pub fn pg_to_oracle() -> &'static PgToOracle {
    static TABLE: OnceLock<PgToOracle> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str(include_str!("../../grammar/pg_to_oracle.toml")).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_parses_and_every_entry_has_a_source() {
        let parsed: Result<super::PgToOracle, _> =
            toml::from_str(include_str!("../../grammar/pg_to_oracle.toml"));
        let table = parsed.expect("grammar/pg_to_oracle.toml parses");
        assert!(table.types.len() > 20);
        for t in &table.types {
            assert!(!t.source.is_empty(), "{} has no source", t.from);
            assert!(
                t.to.is_some() != t.unsupported.is_some(),
                "{}: to xor unsupported",
                t.from
            );
        }
    }
}
