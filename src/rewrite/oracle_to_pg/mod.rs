//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod collection_types;
mod collections;
mod packages;
mod pipelined;
mod plpgsql_units;
mod triggers;

use super::{Context, Pass};
use crate::ast::Script;

/// The scripts of [`crate::Options::context`], read: their declarations
/// (packages, types) inform the passes that resolve names across files.
fn context_scripts(cx: &Context<'_>) -> Vec<Script> {
    cx.options
        .context
        .iter()
        .map(|text| {
            let file = crate::source::SourceFile::new(text);
            crate::parse::parse_script(&file, cx.options.source).script
        })
        .collect()
}

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
