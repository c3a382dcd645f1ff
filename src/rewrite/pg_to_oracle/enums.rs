//! `enums`: PostgreSQL enum types become `VARCHAR` with a `CHECK`.
//!
//! **What it does.** `CREATE TYPE t AS ENUM ('a', 'bb')` becomes a comment;
//! every column of type `t` becomes `VARCHAR(n)` (`n` the longest label,
//! in bytes) with `CHECK (col IN ('a', 'bb'))`; variables, parameters,
//! return types and casts of `t` become `VARCHAR(n)`.
//!
//! **Why.** DM8 has no enum types (dameng.md, Types; the DM8 type list has
//! none). A checked `VARCHAR` keeps the values and rejects the others.
//! PostgreSQL sorts enum values in label order, `VARCHAR` alphabetically:
//! said in the finding.
//!
//! **Example.**
//! ```sql
//! CREATE TYPE charge_status AS ENUM ('unpaid', 'paid', 'refunded');
//! CREATE TABLE charge (charge_id bigint, status charge_status NOT NULL DEFAULT 'unpaid');
//! -- becomes
//! -- CREATE TYPE charge_status AS ENUM ('unpaid', 'paid', 'refunded');
//! CREATE TABLE charge (charge_id bigint, status VARCHAR(8) NOT NULL DEFAULT 'unpaid' CHECK (status IN ('unpaid', 'paid', 'refunded')));
//! ```
//!
//! **Findings.** `SP0491` (info) at each enum type.

use std::collections::BTreeMap;

use sqlparser::ast::{
    CharacterLength, CheckConstraint, ColumnOption, ColumnOptionDef, DataType, Expr, Statement,
    UserDefinedTypeRepresentation, Value,
};

use super::script_commands::commented;
use crate::ast::procedural::{TypeRef, TypeRefKind};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Edit, Script};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::{expressions_mut, statements_mut};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Enums;

impl Pass for Enums {
    fn name(&self) -> &'static str {
        "enums"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        // Enum types by last name part, lower-case → labels.
        let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for unit in script.units_mut() {
            let Content::Sql(statements) = &unit.content else {
                continue;
            };
            let [
                Statement::CreateType {
                    name,
                    representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
                },
            ] = statements.as_slice()
            else {
                continue;
            };
            let labels: Vec<String> = labels.iter().map(|l| l.value.clone()).collect();
            let width = labels.iter().map(String::len).max().unwrap_or(1).max(1);
            cx.findings.push(Finding::new(
                Code::SP0491,
                unit.body,
                format!(
                    "enum type {name} became VARCHAR({width}) with a CHECK on its columns; ORDER BY it now sorts alphabetically, not in label order"
                ),
            ));
            enums.insert(key(&name.to_string()), labels);
            let text = cx.file.slice(unit.span);
            unit.edits.push(Edit {
                span: unit.span,
                replacement: commented(text),
            });
            unit.content = Content::ClientCommand;
        }
        if enums.is_empty() {
            return;
        }
        for unit in script.units_mut() {
            statements_mut(unit, &mut |s| columns(s, &enums));
            expressions_mut(unit, &mut |e| match e {
                Expr::Cast { data_type, .. } => match varchar_for(data_type, &enums) {
                    Some(v) => {
                        *data_type = v;
                        true
                    }
                    None => false,
                },
                _ => false,
            });
            if let Content::Program(program) = &mut unit.content {
                let mut v = TypeRefs {
                    enums: &enums,
                    changed: false,
                };
                walk_program(&mut v, program);
                unit.rewritten |= v.changed;
            }
        }
    }
}

fn key(name: &str) -> String {
    name.rsplit('.')
        .next()
        .unwrap_or(name)
        .trim_matches('"')
        .to_lowercase()
}

/// The enum's labels, if `ty` names one.
fn labels_of<'e>(
    ty: &DataType,
    enums: &'e BTreeMap<String, Vec<String>>,
) -> Option<&'e Vec<String>> {
    match ty {
        DataType::Custom(name, modifiers) if modifiers.is_empty() => {
            enums.get(&key(&name.to_string()))
        }
        _ => None,
    }
}

fn varchar(labels: &[String]) -> DataType {
    let width = labels.iter().map(String::len).max().unwrap_or(1).max(1);
    DataType::Varchar(Some(CharacterLength::IntegerLength {
        length: width as u64,
        unit: None,
    }))
}

fn varchar_for(ty: &DataType, enums: &BTreeMap<String, Vec<String>>) -> Option<DataType> {
    labels_of(ty, enums).map(|l| varchar(l))
}

/// Columns of an enum type in `CREATE TABLE`: `VARCHAR(n)` and a `CHECK`.
fn columns(s: &mut Statement, enums: &BTreeMap<String, Vec<String>>) -> bool {
    let Statement::CreateTable(t) = s else {
        return false;
    };
    let mut changed = false;
    for c in &mut t.columns {
        let Some(labels) = labels_of(&c.data_type, enums) else {
            continue;
        };
        c.data_type = varchar(labels);
        let list: Vec<String> = labels
            .iter()
            .map(|l| Value::SingleQuotedString(l.clone()).to_string())
            .collect();
        let Some(check) = super::ora_expr(&format!("{} IN ({})", c.name, list.join(", "))) else {
            continue;
        };
        c.options.push(ColumnOptionDef {
            name: None,
            option: ColumnOption::Check(CheckConstraint {
                name: None,
                expr: Box::new(check),
                no_inherit: false,
                enforced: None,
            }),
        });
        changed = true;
    }
    changed
}

struct TypeRefs<'e> {
    enums: &'e BTreeMap<String, Vec<String>>,
    changed: bool,
}

impl VisitMut for TypeRefs<'_> {
    fn type_ref(&mut self, ty: &mut TypeRef) {
        let name = match &ty.kind {
            TypeRefKind::Named(n) => n.text.clone(),
            TypeRefKind::Data(DataType::Custom(n, m)) if m.is_empty() => n.to_string(),
            _ => return,
        };
        if let Some(labels) = self.enums.get(&key(&name)) {
            ty.kind = TypeRefKind::Data(varchar(labels));
            ty.span = Span::default();
            self.changed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn enum_types_become_checked_varchar() {
        insta::assert_snapshot!(translated(
            "CREATE TYPE charge_status AS ENUM ('unpaid', 'paid', 'refunded', 'reversed');\nCREATE TABLE charge (\n    charge_id bigint PRIMARY KEY,\n    status    charge_status NOT NULL DEFAULT 'paid'\n);\nCREATE FUNCTION fn_refund(p_charge_id bigint) RETURNS charge_status LANGUAGE plpgsql AS $$\nDECLARE\n    v_status charge_status;\nBEGIN\n    UPDATE charge SET status = 'refunded'::charge_status WHERE charge_id = p_charge_id;\n    RETURN 'refunded';\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
