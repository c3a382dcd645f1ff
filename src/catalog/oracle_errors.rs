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
    /// Whether `SQLCODE` gives this code back for [`OraCode::sqlstate`]
    /// where several ORA codes share that SQLSTATE (exactly one of them).
    #[serde(default)]
    pub sqlcode: bool,
    /// Where the facts come from.
    pub source: String,
}

/// A SQLSTATE a PostgreSQL `RAISE` uses and the application error number
/// (-20999..-20000) `RAISE_APPLICATION_ERROR` raises for it on an
/// Oracle-style target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationError {
    /// The SQLSTATE (five characters, upper-case).
    pub sqlstate: String,
    /// The error number.
    pub number: i64,
    /// Why this number.
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
    /// PostgreSQL SQLSTATEs raised by application code → error numbers.
    #[serde(default)]
    pub application_errors: Vec<ApplicationError>,
}

impl OracleErrors {
    /// The predefined exception `name` (any case).
    pub fn predefined(&self, name: &str) -> Option<&Predefined> {
        self.predefined
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The predefined exception a handler for PostgreSQL condition
    /// `condition` (any case) becomes: the one whose conditions list it first.
    pub fn predefined_for_condition(&self, condition: &str) -> Option<&Predefined> {
        self.predefined.iter().find(|p| {
            p.conditions
                .first()
                .is_some_and(|c| c.eq_ignore_ascii_case(condition))
        })
    }

    /// The application error number for SQLSTATE `sqlstate` (any case).
    pub fn application_error(&self, sqlstate: &str) -> Option<&ApplicationError> {
        self.application_errors
            .iter()
            .find(|a| a.sqlstate.eq_ignore_ascii_case(sqlstate))
    }

    /// The condition for ORA code `ora`.
    pub fn code(&self, ora: i64) -> Option<&OraCode> {
        self.codes.iter().find(|c| c.ora == ora)
    }

    /// What `SQLCODE` gives for each SQLSTATE of the table, in table order:
    /// (SQLSTATE, `SQLCODE`, the `ORA-nnnnn` number `SQLERRM` starts with).
    /// Where several codes share a SQLSTATE, the one marked `sqlcode` wins;
    /// `SQLCODE` +100 is shown as `ORA-01403`, as Oracle does.
    pub fn sqlcodes(&self) -> Vec<(&str, i64, i64)> {
        let mut out: Vec<(&str, i64, i64)> = Vec::new();
        for c in &self.codes {
            let shared = self
                .codes
                .iter()
                .filter(|o| o.sqlstate == c.sqlstate)
                .count();
            if (shared > 1 && !c.sqlcode) || out.iter().any(|o| o.0 == c.sqlstate) {
                continue;
            }
            let ora = if c.ora > 0 {
                // +100 is ANSI's "no data"; its ORA number is the other
                // entry's of the same SQLSTATE (-1403).
                self.codes
                    .iter()
                    .find(|o| o.sqlstate == c.sqlstate && o.ora < 0)
                    .map_or(c.ora, |o| -o.ora)
            } else {
                -c.ora
            };
            out.push((c.sqlstate.as_str(), c.ora, ora));
        }
        out
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
        // Every SQLSTATE shared by several codes marks exactly one of them
        // as SQLCODE's answer; every SQLSTATE gets one.
        for c in &table.codes {
            let shared: Vec<_> = table
                .codes
                .iter()
                .filter(|o| o.sqlstate == c.sqlstate)
                .collect();
            let marked = shared.iter().filter(|o| o.sqlcode).count();
            assert!(
                (shared.len() == 1 && marked == 0) || marked == 1,
                "{}: {marked} of {} codes marked sqlcode",
                c.sqlstate,
                shared.len()
            );
        }
        let codes = table.sqlcodes();
        assert!(codes.contains(&("P0002", 100, 1403)));
        assert!(codes.contains(&("23505", -1, 1)));
        assert!(codes.contains(&("42P01", -942, 942)));
        let dup = super::oracle_errors().predefined("dup_val_on_index");
        assert_eq!(
            dup.map(|p| p.conditions[0].as_str()),
            Some("unique_violation")
        );
    }
}
