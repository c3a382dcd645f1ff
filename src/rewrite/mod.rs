//! Rewrite passes: each adapts one construct to the target, edits the AST,
//! marks the units it changed and records findings.
//!
//! Passes are grouped by direction (`oracle_to_pg/`, `pg_to_oracle/`,
//! `pg_downgrade/` for an older PostgreSQL kernel, `common/`), one
//! construct per module; [`pipeline`] lists the passes for a
//! (source, target) pair, in the order they run.

mod common;
pub mod helpers;
mod oracle_to_pg;
mod pg_downgrade;
mod pg_to_oracle;
#[cfg(test)]
mod test_support;
pub mod visit_unit;

use std::collections::BTreeSet;

use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::source::{SourceFile, Span};
use crate::{Options, Source};

use helpers::Helper;

/// What a pass can see and where it reports.
#[derive(Debug)]
pub struct Context<'a> {
    /// The input text (for spans and positions).
    pub file: &'a SourceFile<'a>,
    /// What to translate from and to, and how.
    pub options: &'a Options,
    /// Findings recorded so far.
    pub findings: Vec<Finding>,
    /// The helper functions the output calls (see [`helpers`]), without
    /// their dependencies: [`crate::translate`] prints them all before the script.
    pub helpers: BTreeSet<Helper>,
}

impl Context<'_> {
    /// Records that the output calls `helper`, found at `span`: the first
    /// time, an `SP0420` finding says it (and what it calls) is defined at the
    /// top of the output.
    pub fn require_helper(&mut self, helper: Helper, span: Span) {
        if !self.helpers.insert(helper) {
            return;
        }
        let with: Vec<String> = helpers::closure(&[helper].into())
            .into_iter()
            .filter(|h| *h != helper)
            .map(Helper::qualified)
            .collect();
        let with = if with.is_empty() {
            String::new()
        } else {
            format!(" (with {}, which it calls)", with.join(", "))
        };
        self.findings.push(Finding::new(
            Code::SP0420,
            span,
            format!(
                "{}{with} is defined at the top of the output",
                helper.qualified()
            ),
        ));
    }
}

/// One rewrite: a construct the target runs differently.
pub trait Pass {
    /// A kebab-case name, for logs and tests.
    fn name(&self) -> &'static str;

    /// Rewrites what this pass is about in `script`, setting `rewritten` on
    /// every unit it changes and recording findings in `cx`.
    fn run(&self, script: &mut Script, cx: &mut Context<'_>);
}

/// The passes for a translation, in running order: chosen by the source and
/// by the target's output style (PL/SQL-style or PostgreSQL-style).
///
/// The catalog-driven passes run for every pair: they do nothing where
/// neither the project nor the target's catalog lists a mapping.
pub fn pipeline(options: &Options) -> Vec<Box<dyn Pass>> {
    // Findings about the input run first, on the AST as it was read.
    let mut passes: Vec<Box<dyn Pass>> = vec![
        Box::new(common::empty_string::EmptyString),
        Box::new(common::unsupported::Unsupported),
        // What runs but may mean something else (findings only; catalog-driven).
        Box::new(common::semantic_risks::SemanticRisks),
        // PostgreSQL in Kingbase's Oracle mode: passed through, what differs reported.
        Box::new(common::pg_in_kingbase_oracle::PgInKingbaseOracle),
        // Quoting before the oracle_to_pg passes, so that whatever they
        // reprint from the AST carries the quotes too.
        Box::new(common::reserved_words::ReservedWords),
        Box::new(common::database_link::DatabaseLinks),
        // Kingbase's Oracle mode: `INTO (v)` → `INTO v` (catalog `[[rewrites]]`).
        Box::new(common::into_parentheses::IntoParentheses),
    ];
    // PostgreSQL-style output from Oracle: the oracle_to_pg passes do the
    // work on the AST; the catalog's own mappings still apply after them.
    let oracle_to_pg = options.source == Source::Oracle && options.pg_output();
    if oracle_to_pg {
        passes.extend(oracle_to_pg::passes());
    }
    // ---- PostgreSQL → an older PostgreSQL kernel (HighGo 12/14, Kingbase
    // in PG mode, and Kingbase in Oracle mode, which keeps its kernel):
    // rewrite or report what the kernel lacks, gated on
    // options.pg_source_kernel() through grammar/pg_features.toml. Text
    // edits only.
    if options.pg_source_kernel().is_some() {
        passes.extend(pg_downgrade::passes());
    }
    // ---- end of PostgreSQL → older kernel.
    // ---- PostgreSQL → Oracle-style (Dameng) ----
    // The pg_to_oracle passes turn PL/pgSQL into DMSQL and PostgreSQL SQL
    // into Oracle-style SQL on the AST, types included; the Oracle-source
    // catalog passes below (type-map's Oracle DATE rule, dm-date) do not
    // apply to a PostgreSQL source, whose `date` is a date on both sides.
    // The passes name no target; they run for Dameng only because
    // Kingbase's Oracle mode keeps its PostgreSQL kernel and still runs
    // PL/pgSQL (its own block, from the Kingbase work, decides what to change).
    let pg_to_oracle = options.source == Source::Postgres
        && !options.pg_output()
        && options.target == crate::Target::Dameng;
    if pg_to_oracle {
        passes.extend(pg_to_oracle::passes());
    }
    // ---- end PostgreSQL → Oracle-style ----
    passes.push(Box::new(common::function_map::FunctionMap));
    // Oracle → PostgreSQL-style: the `types` pass maps every type (the
    // project's [mappings.types] first) on the AST, once; type-map's text
    // edits would be lost on units printed from their AST anyway.
    if !oracle_to_pg && !pg_to_oracle {
        passes.push(Box::new(common::type_map::TypeMap));
        // Dameng: what Oracle DATE operations give on TIMESTAMP(0).
        passes.push(Box::new(common::dm_date::DmDate));
        // Dameng: `1/24` is 0 there (catalog `[[rewrites]]`); whatever
        // --dm-date says.
        passes.push(Box::new(common::integer_division::IntegerDivision));
    }
    passes
}

/// An Oracle-style expression read from `template`, each identifier that
/// `fill` knows (a placeholder such as `sqlport_a`) replaced by what it
/// returns: how passes write an expression around expressions they keep.
pub(crate) fn oracle_template(
    template: &str,
    fill: &mut dyn FnMut(&str) -> Option<sqlparser::ast::Expr>,
) -> Option<sqlparser::ast::Expr> {
    let mut e = crate::parse::procedural::common::parse_expr(
        template,
        &sqlparser::dialect::OracleDialect {},
    )
    .ok()?;
    visit_unit::visit_exprs(&mut e, &mut |x| {
        let sqlparser::ast::Expr::Identifier(i) = x else {
            return false;
        };
        match fill(&i.value) {
            Some(new) => {
                *x = new;
                true
            }
            None => false,
        }
    });
    Some(e)
}

/// Runs `passes` over `script` in order.
pub fn run_pipeline(passes: &[Box<dyn Pass>], script: &mut Script, cx: &mut Context<'_>) {
    for pass in passes {
        pass.run(script, cx);
    }
}
