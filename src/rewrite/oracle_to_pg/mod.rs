//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod connect_by;
mod from_dual;
mod hints;
mod merge;
mod minus;
mod outer_join;
mod plpgsql_units;
mod rownum;
mod select_unique;
mod sql_walk;
mod subquery_alias;
mod table_keys;

use super::Pass;

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        // Query structure. Hints are collected first, while every statement
        // still points at its source text.
        Box::new(hints::Hints),
        Box::new(outer_join::OuterJoin),
        Box::new(connect_by::ConnectBy),
        Box::new(rownum::Rownum),
        Box::new(minus::Minus),
        Box::new(select_unique::SelectUnique),
        Box::new(from_dual::FromDual),
        Box::new(subquery_alias::SubqueryAlias),
        // MERGE last: the statements it builds are read back from text.
        Box::new(merge::Merge),
        Box::new(plpgsql_units::PlpgsqlUnits),
    ]
}
