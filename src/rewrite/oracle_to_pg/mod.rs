//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod alter_table;
mod constraints;
mod drops;
mod identity;
mod indexes;
mod plpgsql_units;
mod q_quotes;
mod sequences;
mod storage;
mod synonyms;
mod temp_tables;
mod types;
mod views;

use super::Pass;
use crate::ast::{Edit, Unit};
use crate::source::Span;

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(types::Types),
        // After `types`: the MODIFY's type is already PostgreSQL's.
        Box::new(alter_table::AlterTable),
        // After `types`: an identity column's NUMERIC becomes BIGINT.
        Box::new(identity::Identity),
        Box::new(storage::Storage),
        Box::new(indexes::Indexes),
        Box::new(constraints::Constraints),
        Box::new(views::Views),
        Box::new(sequences::Sequences),
        Box::new(drops::Drops),
        Box::new(temp_tables::TempTables),
        Box::new(synonyms::Synonyms),
        Box::new(q_quotes::QQuotes),
        Box::new(plpgsql_units::PlpgsqlUnits),
    ]
}

/// Replaces the set-aside clause `i` of `unit` (see `parse::set_aside`) with
/// `replacement`, or removes it when that is empty: both in the clauses a
/// reprint puts back and, by a text edit, in the unit's text (a removal also
/// takes the spaces and line breaks before the clause), so the unit is right
/// whether it is printed from its AST or as its edited text.
fn replace_set_aside(unit: &mut Unit, text: &str, i: usize, replacement: &str) {
    let Some(clause) = unit.set_aside.get(i) else {
        return;
    };
    let span = clause.span;
    if replacement.is_empty() {
        unit.set_aside.remove(i);
        let joined = text[..span.start]
            .trim_end_matches([' ', '\t', '\r', '\n'])
            .len()
            .max(unit.body.start);
        // Joining the lines would put what follows the clause after a `--`
        // comment that ends the line before: then only the clause's own line
        // is trimmed.
        let line_before = &text[text[..joined].rfind('\n').map_or(0, |i| i + 1)..joined];
        let start = if text[joined..span.start].contains('\n') && line_before.contains("--") {
            text[..span.start]
                .trim_end_matches([' ', '\t'])
                .len()
                .max(unit.body.start)
        } else {
            joined
        };
        unit.edits.push(Edit {
            span: Span::new(start, span.end),
            replacement: String::new(),
        });
    } else {
        if let Some(c) = unit.set_aside.get_mut(i) {
            c.text = replacement.to_string();
        }
        unit.edits.push(Edit {
            span,
            replacement: replacement.to_string(),
        });
    }
}
