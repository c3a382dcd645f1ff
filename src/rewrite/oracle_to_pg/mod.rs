//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod client_commands;
mod plpgsql_units;

use super::Pass;

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(plpgsql_units::PlpgsqlUnits),
        // Last: it gives a `;` to statements SQL*Plus ended with a `/` line
        // only where no other pass reprints them.
        Box::new(client_commands::ClientCommands),
    ]
}
