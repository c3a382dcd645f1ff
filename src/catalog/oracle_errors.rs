//! Oracle errors and predefined PL/SQL exceptions, with the PostgreSQL
//! conditions that stand for them, loaded from `grammar/oracle_errors.toml`.

use std::sync::OnceLock;

use serde::Deserialize;

/// A predefined PL/SQL exception (`NO_DATA_FOUND`, …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Predefined {
    /// Its PL/SQL name, upper-case.
    pub name: String,
    /// Its ORA code (`SQLCODE`), negative.
    pub ora: i64,
    /// The PostgreSQL conditions a handler must catch; the first is raised.
    pub conditions: Vec<String>,
    /// Where the facts come from.
    pub source: String,
}

/// An ORA code and the PostgreSQL condition that stands for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OraCode {
    /// The ORA code as `SQLCODE` gives it (negative; `100` for no data).
    pub ora: i64,
    /// The PostgreSQL condition name.
    pub condition: String,
    /// Its SQLSTATE.
    pub sqlstate: String,
    /// Where the facts come from.
    pub source: String,
}

/// The whole table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleErrors {
    /// Predefined exceptions.
    #[serde(default)]
    pub predefined: Vec<Predefined>,
    /// ORA codes.
    #[serde(default)]
    pub codes: Vec<OraCode>,
}

impl OracleErrors {
    /// The predefined exception `name` (any case).
    pub fn predefined(&self, name: &str) -> Option<&Predefined> {
        self.predefined
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The condition for ORA code `ora`.
    pub fn code(&self, ora: i64) -> Option<&OraCode> {
        self.codes.iter().find(|c| c.ora == ora)
    }
}

/// The table, parsed once; an empty table if the file is malformed (a test
/// checks that it is not).
pub fn oracle_errors() -> &'static OracleErrors {
    static TABLE: OnceLock<OracleErrors> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str(include_str!("../../grammar/oracle_errors.toml")).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_loads_and_every_entry_has_a_source() {
        let table: Result<super::OracleErrors, _> =
            toml::from_str(include_str!("../../grammar/oracle_errors.toml"));
        let table = match table {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        assert!(table.predefined.len() >= 10);
        assert!(table.codes.len() >= 20);
        assert!(table.predefined.iter().all(|p| !p.source.is_empty()));
        assert!(table.codes.iter().all(|c| !c.source.is_empty()));
        assert!(table.codes.iter().all(|c| c.sqlstate.len() == 5));
        assert!(table.predefined.iter().all(|p| !p.conditions.is_empty()));
        let dup = super::oracle_errors().predefined("dup_val_on_index");
        assert_eq!(
            dup.map(|p| p.conditions[0].as_str()),
            Some("unique_violation")
        );
    }
}
