//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod plpgsql_units;
mod triggers;

use super::Pass;

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(triggers::Triggers),
        Box::new(plpgsql_units::PlpgsqlUnits),
    ]
}
