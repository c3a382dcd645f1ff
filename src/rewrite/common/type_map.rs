//! `type-map`: built-in type names the target runs differently.
//!
//! **What it does.** Replaces each use of a type listed in the project's
//! `[mappings.types]` (`sqlport.toml`) or the target catalog's `[[types]]`
//! table (`grammar/targets/*.toml`) with its replacement, wherever the type is used: columns, `CAST`, variables,
//! record fields, collection elements, parameters and return types. The
//! replacement is a text edit of the type's token, so the rest of the unit
//! (layout, comments) stays as written.
//!
//! **Why.** A type with the same name can mean something else on the target:
//! Oracle's `DATE` holds a date *and* a time of day, Dameng's only the date,
//! so an Oracle `DATE` column moved as it is silently loses its times.
//!
//! **Example** (Oracle → Dameng):
//!
//! ```sql
//! CREATE TABLE op_reg (reg_time DATE DEFAULT SYSDATE);       -- before
//! CREATE TABLE op_reg (reg_time TIMESTAMP(0) DEFAULT SYSDATE); -- after
//! ```
//!
//! Parameters and function return types take the catalog's `unconstrained`
//! form (`TIMESTAMP`), since PL/SQL does not allow a precision there.
//! A date literal (`DATE '2024-01-01'`) is not a type use and stays.
//!
//! **Findings.** `SP0401` (info), once per unit and type, at its first use.
//!
//! **Switches.** An entry with `switch = "dm-date"` is skipped when the
//! options keep Dameng's `DATE` (`--dm-date keep`).

use crate::ast::procedural::{
    Block, Declaration, Method, Param, Program, ProgramUnit, Routine, TriggerBody, TypeRef,
    TypeSpecKind,
};
use crate::ast::{Content, Edit, Unit};
use crate::catalog::{self, TypeMapping};
use crate::report::{Code, Finding};
use crate::source::{LexemeKind, Span};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct TypeMap;

impl Pass for TypeMap {
    fn name(&self) -> &'static str {
        "type-map"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        // The project's mappings first: they win over the catalog's.
        let catalog_types = catalog::catalog(cx.options.target)
            .map(|c| c.types.as_slice())
            .unwrap_or_default();
        let mappings: Vec<&TypeMapping> = cx
            .options
            .mappings
            .types
            .iter()
            .chain(catalog_types)
            .filter(|m| m.switch.as_deref().is_none_or(|s| !cx.options.keeps(s)))
            .collect();
        if mappings.is_empty() {
            return;
        }
        for unit in script.units_mut() {
            map_unit(unit, &mappings, cx);
        }
    }
}

fn map_unit(unit: &mut Unit, mappings: &[&TypeMapping], cx: &mut Context<'_>) {
    let Some(lexemes) = super::read_lexemes(unit, cx) else {
        return;
    };
    let unconstrained = match &unit.content {
        Content::Program(program) => unconstrained_spans(program),
        _ => Vec::new(),
    };
    let text = cx.file.text();
    // (mapping index, first use, uses, whether the unconstrained form was used)
    let mut used: Vec<(usize, Span, usize, bool)> = Vec::new();
    for (i, lexeme) in lexemes.iter().enumerate() {
        if lexeme.kind != LexemeKind::Word {
            continue;
        }
        let word = lexeme.span.slice(text);
        let Some(m) = mappings
            .iter()
            .position(|m| m.from.eq_ignore_ascii_case(word))
        else {
            continue;
        };
        let next = lexemes.get(i + 1).map(|l| l.kind);
        let prev = i
            .checked_sub(1)
            .and_then(|p| lexemes.get(p))
            .map(|l| l.kind);
        // `DATE '2024-01-01'` is a literal; `x.date` or `date.x` is a name.
        if matches!(next, Some(LexemeKind::String | LexemeKind::Punct('.')))
            || prev == Some(LexemeKind::Punct('.'))
        {
            continue;
        }
        let mapping = mappings[m];
        let bare = unconstrained.iter().any(|s| s.contains(lexeme.span.start));
        let replacement = match (&mapping.unconstrained, bare) {
            (Some(u), true) => u.clone(),
            _ => mapping.to.clone(),
        };
        unit.edits
            .push(aligned_edit(text, lexeme.span, replacement));
        let bare = bare && mapping.unconstrained.is_some();
        match used.iter_mut().find(|(k, ..)| *k == m) {
            Some(entry) => {
                entry.2 += 1;
                entry.3 |= bare;
            }
            None => used.push((m, lexeme.span, 1, bare)),
        }
    }
    for (m, first, count, bare) in used {
        let mapping = mappings[m];
        let places = if count == 1 {
            "once".to_string()
        } else {
            format!("in {count} places")
        };
        let unconstrained = match (&mapping.unconstrained, bare) {
            (Some(u), true) => format!(" ({u} for parameters and return types)"),
            _ => String::new(),
        };
        cx.findings.push(
            Finding::new(
                Code::SP0401,
                first,
                format!(
                    "{} became {}{unconstrained}, {places} in this unit",
                    mapping.from, mapping.to
                ),
            )
            .with_help(mapping.reason.clone()),
        );
    }
}

/// An edit replacing `span` with `replacement` that keeps the columns after
/// it aligned: a longer replacement takes its extra width from the run of
/// spaces that follows (keeping at least one), as in a column list laid out
/// in a table.
pub(super) fn aligned_edit(text: &str, span: Span, replacement: String) -> Edit {
    let grow = replacement
        .chars()
        .count()
        .saturating_sub(span.slice(text).chars().count());
    let spaces = text[span.end..].bytes().take_while(|&b| b == b' ').count();
    if grow == 0 || spaces < 2 {
        return Edit { span, replacement };
    }
    let keep = spaces.saturating_sub(grow).max(1);
    Edit {
        span: Span::new(span.start, span.end + spaces),
        replacement: format!("{replacement}{}", " ".repeat(keep)),
    }
}

/// Spans of the parameter and return types of every routine in `program`,
/// where PL/SQL takes no precision.
fn unconstrained_spans(program: &Program) -> Vec<Span> {
    let mut spans = Vec::new();
    match &program.unit {
        ProgramUnit::Routine(r) => routine(r, &mut spans),
        ProgramUnit::Package(p) => declarations(&p.declarations, &mut spans),
        ProgramUnit::Trigger(t) => match &t.body {
            TriggerBody::Simple(b) => block(b, &mut spans),
            TriggerBody::Compound {
                declarations: d,
                sections,
                ..
            } => {
                declarations(d, &mut spans);
                for s in sections {
                    block(&s.block, &mut spans);
                }
            }
        },
        ProgramUnit::Type(t) => {
            if let TypeSpecKind::Object { methods: m, .. } = &t.kind {
                methods(m, &mut spans);
            }
        }
        ProgramUnit::TypeBody(t) => methods(&t.methods, &mut spans),
        ProgramUnit::Block(b) => block(b, &mut spans),
    }
    spans
}

fn methods(methods: &[Method], spans: &mut Vec<Span>) {
    for m in methods {
        routine(&m.routine, spans);
    }
}

fn routine(r: &Routine, spans: &mut Vec<Span>) {
    params(&r.params, spans);
    spans.extend(r.returns.as_ref().map(|t: &TypeRef| t.span));
    if let Some(body) = &r.body {
        block(body, spans);
    }
}

fn params(params: &[Param], spans: &mut Vec<Span>) {
    spans.extend(params.iter().map(|p| p.ty.span));
}

fn block(b: &Block, spans: &mut Vec<Span>) {
    declarations(&b.declarations, spans);
}

fn declarations(decls: &[Declaration], spans: &mut Vec<Span>) {
    for d in decls {
        match d {
            Declaration::Routine(r) => routine(r, spans),
            Declaration::Cursor(c) => {
                params(&c.params, spans);
                spans.extend(c.returns.as_ref().map(|t| t.span));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rewrite::test_support::translated;
    use crate::{DmDate, Options, Source, Target};

    const SCRIPT: &str = "CREATE TABLE op_reg (
  reg_id   NUMBER(10) PRIMARY KEY,
  reg_time DATE DEFAULT SYSDATE NOT NULL, -- 挂号时间（含时分秒）
  visit_day date,
  fee_time  DATE                DEFAULT SYSDATE,
  fee_amt   NUMBER(12,2)        DEFAULT 0
) TABLESPACE his_data;
INSERT INTO op_reg VALUES (1, SYSDATE, DATE '2024-01-01');
SELECT CAST(reg_time AS DATE) FROM op_reg;
CREATE OR REPLACE FUNCTION f_next_visit (p_day IN DATE) RETURN DATE IS
  TYPE t_days IS TABLE OF DATE INDEX BY PLS_INTEGER;
  v_day DATE := p_day + 1; -- 次日
BEGIN
  RETURN v_day;
END;
/
";

    #[test]
    fn oracle_date_becomes_timestamp_on_dameng() {
        let options = Options::new(Source::Oracle, Target::Dameng);
        insta::assert_snapshot!(translated(SCRIPT, &options));
    }

    #[test]
    fn dm_date_keep_and_other_targets_leave_date_alone() {
        let keep = Options::new(Source::Oracle, Target::Dameng).with_dm_date(DmDate::Keep);
        assert_eq!(crate::translate(SCRIPT, &keep).sql, SCRIPT);
        let kingbase = Options::new(Source::Oracle, Target::Kingbase);
        assert_eq!(crate::translate(SCRIPT, &kingbase).sql, SCRIPT);
    }
}
