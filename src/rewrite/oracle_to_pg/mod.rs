//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod collection_types;
mod collections;
mod nested_routines;
mod packages;
mod pipelined;
mod plpgsql_units;
mod triggers;

use super::{Context, Pass};
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::ast::Script;

/// The scripts of [`crate::Options::context`], read: their declarations
/// (packages, types) inform the passes that resolve names across files.
///
/// Read once per thread and context: every file a command translates has
/// the same context, and three passes ask for it.
fn context_scripts(cx: &Context<'_>) -> Rc<Vec<Script>> {
    thread_local! {
        static READ: RefCell<Option<(u64, Rc<Vec<Script>>)>> = const { RefCell::new(None) };
    }
    if cx.options.context.is_empty() {
        return Rc::new(Vec::new());
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    cx.options.source.hash(&mut hasher);
    cx.options.context.hash(&mut hasher);
    let key = hasher.finish();
    READ.with(|read| {
        if let Some((k, scripts)) = &*read.borrow()
            && *k == key
        {
            return Rc::clone(scripts);
        }
        let scripts: Rc<Vec<Script>> = Rc::new(
            cx.options
                .context
                .iter()
                .map(|text| {
                    let file = crate::source::SourceFile::new(text);
                    crate::parse::parse_script(&file, cx.options.source).script
                })
                .collect(),
        );
        *read.borrow_mut() = Some((key, Rc::clone(&scripts)));
        scripts
    })
}

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(triggers::Triggers),
        Box::new(nested_routines::NestedRoutines),
        Box::new(pipelined::Pipelined),
        // Before `packages`: it reads the package's types unqualified.
        Box::new(collections::Collections),
        // After `pipelined`: its element types get qualified here.
        Box::new(packages::Packages),
        Box::new(plpgsql_units::PlpgsqlUnits),
    ]
}
