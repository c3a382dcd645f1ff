//! `function-map`: functions the target spells differently.
//!
//! **What it does.** Renames every call of a function listed in the
//! project's `[mappings.functions]` (`sqlport.toml`) or the target catalog's
//! `[[functions]]` table — `NVL(a, b)` → `COALESCE(a, b)` — as a text edit
//! of the name, so arguments, layout and comments stay as written. A name
//! may be qualified (`DBMS_OUTPUT.PUT_LINE`); only calls (a name followed by
//! `(`) are renamed, and `pkg.nvl(…)` is not `NVL(…)`.
//!
//! **Why.** Each target has its own spelling for some built-ins, and a
//! project often has its own wrappers to swap during a port.
//!
//! **Findings.** `SP0402` (info), once per unit and function, at its first call.

use crate::ast::{Edit, Unit};
use crate::catalog::{self, FunctionMapping};
use crate::report::{Code, Finding};
use crate::source::{Lexeme, LexemeKind};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct FunctionMap;

impl Pass for FunctionMap {
    fn name(&self) -> &'static str {
        "function-map"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        // The project's mappings first: they win over the catalog's.
        let mut mappings: Vec<FunctionMapping> = cx.options.mappings.functions.clone();
        if let Ok(catalog) = catalog::catalog(cx.options.target) {
            mappings.extend(catalog.functions.iter().cloned());
        }
        if mappings.is_empty() {
            return;
        }
        for unit in script.units_mut() {
            map_unit(unit, &mappings, cx);
        }
    }
}

fn map_unit(unit: &mut Unit, mappings: &[FunctionMapping], cx: &mut Context<'_>) {
    let Some(lexemes) = super::read_lexemes(unit, cx) else {
        return;
    };
    let text = cx.file.text();
    let mut used: Vec<(usize, crate::source::Span, usize)> = Vec::new();
    let mut i = 0;
    while i < lexemes.len() {
        let qualified = i > 0 && lexemes[i - 1].kind == LexemeKind::Punct('.');
        let hit = (!qualified)
            .then(|| {
                mappings.iter().enumerate().find_map(|(m, mapping)| {
                    call_length(text, &lexemes[i..], &mapping.from).map(|n| (m, n))
                })
            })
            .flatten();
        let Some((m, n)) = hit else {
            i += 1;
            continue;
        };
        let span = crate::source::Span::new(lexemes[i].span.start, lexemes[i + n - 1].span.end);
        // A unit an earlier pass rewrote is printed from its AST: rename
        // there (below), a text edit would be lost.
        if !unit.rewritten {
            unit.edits.push(Edit {
                span,
                replacement: mappings[m].to.clone(),
            });
        }
        match used.iter_mut().find(|(k, ..)| *k == m) {
            Some(entry) => entry.2 += 1,
            None => used.push((m, span, 1)),
        }
        i += n;
    }
    if unit.rewritten && !used.is_empty() {
        rename_in_ast(unit, mappings);
    }
    for (m, first, count) in used {
        let mapping = &mappings[m];
        let times = if count == 1 {
            "once".to_string()
        } else {
            format!("{count} times")
        };
        cx.findings.push(
            Finding::new(
                Code::SP0402,
                first,
                format!(
                    "{} became {}, {times} in this unit",
                    mapping.from, mapping.to
                ),
            )
            .with_help(mapping.reason.clone()),
        );
    }
}

/// Renames the calls in a unit printed from its AST.
fn rename_in_ast(unit: &mut Unit, mappings: &[FunctionMapping]) {
    crate::rewrite::visit_unit::expressions_mut(unit, &mut |e| {
        let sqlparser::ast::Expr::Function(f) = e else {
            return false;
        };
        let name: Vec<String> = f.name.0.iter().map(ToString::to_string).collect();
        let Some(m) = mappings.iter().find(|m| {
            let parts: Vec<&str> = m.from.split('.').collect();
            parts.len() == name.len()
                && parts
                    .iter()
                    .zip(&name)
                    .all(|(p, n)| p.eq_ignore_ascii_case(n))
        }) else {
            return false;
        };
        f.name = sqlparser::ast::ObjectName::from(
            m.to.split('.')
                .map(sqlparser::ast::Ident::new)
                .collect::<Vec<_>>(),
        );
        true
    });
}

/// How many lexemes the name `dotted` (`A.B.C`) takes at the start of
/// `lexemes`, if it is there and called (followed by `(`).
fn call_length(text: &str, lexemes: &[Lexeme], dotted: &str) -> Option<usize> {
    let mut n = 0;
    for (k, part) in dotted.split('.').enumerate() {
        if k > 0 {
            (lexemes.get(n)?.kind == LexemeKind::Punct('.')).then_some(())?;
            n += 1;
        }
        let word = lexemes.get(n)?;
        (word.kind == LexemeKind::Word && word.span.slice(text).eq_ignore_ascii_case(part))
            .then_some(())?;
        n += 1;
    }
    (lexemes.get(n)?.kind == LexemeKind::Punct('(')).then_some(n)
}

#[cfg(test)]
mod tests {
    use crate::catalog::{FunctionMapping, Mappings};
    use crate::{Options, Source, Target};

    fn mapping(from: &str, to: &str) -> FunctionMapping {
        FunctionMapping {
            from: from.to_string(),
            to: to.to_string(),
            reason: format!("{from} is mapped to {to} by the project's sqlport.toml"),
            source: "test".to_string(),
        }
    }

    #[test]
    fn project_mappings_rename_calls_only() {
        let options = Options::new(Source::Oracle, Target::Kingbase).with_mappings(Mappings {
            functions: vec![
                mapping("NVL", "COALESCE"),
                mapping("his_util.fmt_money", "his_fmt.money"),
            ],
            types: Vec::new(),
        });
        let input = "SELECT nvl(a, 0), pkg.nvl(b), his_util.fmt_money(c) /* nvl(x) */, 'NVL(y)' FROM t;\nBEGIN\n  v := NVL ( p_fee, 0 ); -- 费用\nEND;\n/\n";
        let out = crate::translate(input, &options);
        assert_eq!(
            out.sql,
            "SELECT COALESCE(a, 0), pkg.nvl(b), his_fmt.money(c) /* nvl(x) */, 'NVL(y)' FROM t;\nBEGIN\n  v := COALESCE ( p_fee, 0 ); -- 费用\nEND;\n/\n"
        );
        let messages: Vec<&str> = out
            .report
            .findings
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "NVL became COALESCE, once in this unit",
                "his_util.fmt_money became his_fmt.money, once in this unit",
                "NVL became COALESCE, once in this unit",
            ]
        );
        assert_eq!(out.report.stats.translated, 2);
    }
}
