//! Passes shared by several directions.

pub mod database_link;
pub mod dm_date;
pub mod dynamic_sql_text;
pub mod empty_string;
pub mod function_map;
pub mod integer_division;
pub mod into_parentheses;
pub mod merge_upsert;
pub mod pg_in_kingbase_oracle;
pub mod reserved_words;
pub mod semantic_risks;
pub mod table_keys;
pub mod type_map;
pub mod unsupported;

use crate::ast::{Content, Unit};
use crate::source::{Lexeme, Lexer};

use super::Context;

/// The target's catalog when the source is Oracle: the catalog-driven
/// passes here read Oracle constructs only. `None` for another source, or
/// when the catalog cannot be loaded (its own test reports why).
fn oracle_source_catalog(cx: &Context<'_>) -> Option<&'static crate::catalog::Catalog> {
    if cx.options.source != crate::Source::Oracle {
        return None;
    }
    crate::catalog::catalog(cx.options.target).ok()
}

/// The significant lexemes (no whitespace or comments) of a unit that was
/// read; `None` for a unit kept as written (unreadable, a client command,
/// procedural code not read), which no pass may touch.
fn read_lexemes(unit: &Unit, cx: &Context<'_>) -> Option<Vec<Lexeme>> {
    if !matches!(
        unit.content,
        Content::Sql(_) | Content::Oracle(_) | Content::Program(_)
    ) {
        return None;
    }
    let lexemes = Lexer::new(
        cx.file.text(),
        unit.body.start,
        cx.options.source.script_syntax(),
    )
    .take_while(|l| l.span.start < unit.body.end)
    .filter(|l| !l.kind.is_trivia())
    .collect();
    Some(lexemes)
}
