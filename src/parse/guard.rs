//! A cheap pre-check that keeps pathological statements away from the SQL
//! parser.
//!
//! sqlparser limits how deeply parentheses and subqueries nest, but a long
//! chain of binary operators (`a || b || c …`) becomes an equally deep
//! left-leaning tree, and dropping, printing or visiting a tree a hundred
//! thousand levels deep overflows the stack. Real code stays far below the
//! limit; generated or hostile input is reported instead of crashing.

use crate::source::{LexemeKind, Lexer, ScriptSyntax};

/// The deepest operator tree sqlport lets the parser build.
pub const MAX_EXPRESSION_DEPTH: usize = 2_000;

/// The offset of the operator at which `text`'s expression depth estimate
/// passes [`MAX_EXPRESSION_DEPTH`], if it does.
///
/// The estimate adds up, over the enclosing parentheses, how many operators
/// have been chained since the last comma: list items (`VALUES (…), (…)`,
/// select lists, arguments) do not nest, chains do.
pub fn too_deep_at(text: &str, syntax: ScriptSyntax) -> Option<usize> {
    let mut chains: Vec<usize> = vec![0];
    let mut depth = 0usize;
    for lexeme in Lexer::new(text, 0, syntax) {
        match lexeme.kind {
            LexemeKind::Punct('(') => chains.push(0),
            LexemeKind::Punct(')') if chains.len() > 1 => {
                depth -= chains.pop().unwrap_or(0);
            }
            LexemeKind::Punct(',' | ';') => {
                if let Some(top) = chains.last_mut() {
                    depth -= *top;
                    *top = 0;
                }
            }
            LexemeKind::Punct(c) if is_operator(c) => {
                if let Some(top) = chains.last_mut() {
                    *top += 1;
                    depth += 1;
                }
            }
            LexemeKind::Word => {
                let word = lexeme.span.slice(text);
                if ["AND", "OR", "NOT"]
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(word))
                    && let Some(top) = chains.last_mut()
                {
                    *top += 1;
                    depth += 1;
                }
            }
            _ => {}
        }
        if depth + chains.len() > MAX_EXPRESSION_DEPTH {
            return Some(lexeme.span.start);
        }
    }
    None
}

fn is_operator(c: char) -> bool {
    matches!(
        c,
        '+' | '-' | '*' | '/' | '|' | '=' | '<' | '>' | '%' | '^' | '&' | '#' | '~' | '!' | '@'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_chains_are_caught_and_long_lists_are_not() {
        let chain = format!("SELECT {} FROM dual", vec!["a"; 3_000].join(" || "));
        assert!(too_deep_at(&chain, ScriptSyntax::SqlPlus).is_some());
        let rows = vec!["(1, -2, 'x' || 'y', 3 * 4)"; 20_000].join(", ");
        let insert = format!("INSERT INTO t VALUES {rows}");
        assert_eq!(too_deep_at(&insert, ScriptSyntax::Psql), None);
        let nested = format!("SELECT {}1{}", "(".repeat(3_000), ")".repeat(3_000));
        assert!(too_deep_at(&nested, ScriptSyntax::Psql).is_some());
    }
}
