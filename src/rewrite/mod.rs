//! Rewrite passes: each adapts one construct to the target, edits the AST,
//! marks the units it changed and records findings.
//!
//! Passes are grouped by direction (`oracle_to_pg/`, `pg_to_oracle/`,
//! `common/`), one construct per module; [`pipeline`] lists the passes for a
//! (source, target) pair, in the order they run.

mod common;

use crate::ast::Script;
use crate::report::Finding;
use crate::source::SourceFile;
use crate::{Options, Source, Target};

/// What a pass can see and where it reports.
#[derive(Debug)]
pub struct Context<'a> {
    /// The input text (for spans and positions).
    pub file: &'a SourceFile<'a>,
    /// What to translate from and to, and how.
    pub options: &'a Options,
    /// Findings recorded so far.
    pub findings: Vec<Finding>,
}

/// One rewrite: a construct the target runs differently.
pub trait Pass {
    /// A kebab-case name, for logs and tests.
    fn name(&self) -> &'static str;

    /// Rewrites what this pass is about in `script`, setting `rewritten` on
    /// every unit it changes and recording findings in `cx`.
    fn run(&self, script: &mut Script, cx: &mut Context<'_>);
}

/// The passes for translating `source` to `target`, in running order.
///
/// The translation issues add passes here, one construct per module. The
/// catalog-driven passes run for every pair: they do nothing where neither
/// the project nor the target's catalog lists a mapping.
pub fn pipeline(source: Source, target: Target) -> Vec<Box<dyn Pass>> {
    // Every pair runs the catalog-driven passes today; direction-specific
    // passes will be chosen here by (source, target).
    let _ = (source, target);
    vec![
        Box::new(common::empty_string::EmptyString),
        Box::new(common::function_map::FunctionMap),
        Box::new(common::type_map::TypeMap),
    ]
}

/// Runs `passes` over `script` in order.
pub fn run_pipeline(passes: &[Box<dyn Pass>], script: &mut Script, cx: &mut Context<'_>) {
    for pass in passes {
        pass.run(script, cx);
    }
}
