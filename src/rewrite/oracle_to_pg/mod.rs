//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod collection_types;
mod collections;
mod packages;
mod pipelined;
mod plpgsql_units;
mod triggers;

use super::Pass;

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(triggers::Triggers),
        Box::new(pipelined::Pipelined),
        // Before `packages`: it reads the package's types unqualified.
        Box::new(collections::Collections),
        // After `pipelined`: its element types get qualified here.
        Box::new(packages::Packages),
        Box::new(plpgsql_units::PlpgsqlUnits),
    ]
}
