//! `composite-types`: PostgreSQL composite types become object types.
//!
//! **What it does.** `CREATE TYPE t AS (a type, b type)` becomes `CREATE
//! TYPE t AS OBJECT (a type, b type);` followed by a `/` line (the
//! attribute types are then mapped by the `types` pass).
//!
//! **Why.** DM8 has no composite types but has Oracle's object types
//! (dameng.md, DMSQL: "object types"); an object type can be a column's
//! type, a variable's and a function's return type, as a composite type was.
//! What uses the values changes: PostgreSQL builds one with `ROW(…)` or
//! `(…)::t` and reads a field with `(v).f`; DM builds it with the constructor
//! `t(…)` and reads a column's field through a table alias (`c.split.total`).
//!
//! Where the script builds or reads values: `ROW(a, b)::t` and `(a, b)::t`
//! → `t(a, b)`; `(r.col).f` → `r.col.f` (a record's or alias's column).
//! `(col).f` without a qualifier is left (DM needs a table alias there).
//!
//! **Example.**
//! ```sql
//! CREATE TYPE fee_split AS (total numeric(12,2), fund numeric(12,2), self_pay numeric(12,2));
//! CREATE TYPE fee_split AS OBJECT
//! (
//!   total numeric(12,2),
//!   fund numeric(12,2),
//!   self_pay numeric(12,2)
//! );
//! /
//! ```
//!
//! **Findings.** `SP0398` (warning) at each type: constructors and field
//! access must change where the values are built and read.

use sqlparser::ast::{
    AccessExpr, DataType, Expr, FunctionArguments, Statement, UserDefinedTypeRepresentation,
};

use crate::ast::procedural::*;
use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_mut;
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompositeTypes;

impl Pass for CompositeTypes {
    fn name(&self) -> &'static str {
        "composite-types"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let mut composites: Vec<String> = Vec::new();
        for unit in script.units_mut() {
            let Content::Sql(statements) = &unit.content else {
                continue;
            };
            let [
                Statement::CreateType {
                    name,
                    representation: Some(UserDefinedTypeRepresentation::Composite { attributes }),
                },
            ] = statements.as_slice()
            else {
                continue;
            };
            let fields = attributes
                .iter()
                .map(|a| Field {
                    span: Span::default(),
                    name: Name {
                        text: a.name.to_string(),
                        span: Span::default(),
                    },
                    ty: TypeRef {
                        span: Span::default(),
                        kind: TypeRefKind::Data(a.data_type.clone()),
                    },
                    not_null: false,
                    default: None,
                })
                .collect();
            cx.findings.push(Finding::new(
                Code::SP0398,
                unit.body,
                format!("composite type {name} became an object type: build values with {name}(…) instead of ROW(…)/(…)::{name}, read fields through a table alias (t.col.field) instead of (col).field"),
            ));
            composites.push(key(&name.to_string()));
            let name = Name {
                text: name.to_string(),
                span: Span::default(),
            };
            unit.content = Content::Program(Box::new(Program {
                span: unit.body,
                create: Some(CreateClause::default()),
                unit: ProgramUnit::Type(TypeSpec {
                    span: Span::default(),
                    name,
                    options: Vec::new(),
                    kind: TypeSpecKind::Object {
                        under: None,
                        attributes: fields,
                        methods: Vec::new(),
                    },
                }),
            }));
            unit.rewritten = true;
        }
        if composites.is_empty() {
            return;
        }
        for unit in script.units_mut() {
            expressions_mut(unit, &mut |e| values(e, &composites));
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

/// `ROW(a, b)::t` / `(a, b)::t` → `t(a, b)`; `(r.col).f` → `r.col.f`.
fn values(e: &mut Expr, composites: &[String]) -> bool {
    match e {
        Expr::Cast {
            expr, data_type, ..
        } => {
            let DataType::Custom(name, modifiers) = data_type else {
                return false;
            };
            if !modifiers.is_empty() || !composites.contains(&key(&name.to_string())) {
                return false;
            }
            let items: Vec<String> = match expr.as_ref() {
                Expr::Tuple(items) => items.iter().map(ToString::to_string).collect(),
                Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("ROW") => {
                    match &f.args {
                        FunctionArguments::List(list) => {
                            list.args.iter().map(ToString::to_string).collect()
                        }
                        _ => return false,
                    }
                }
                _ => return false,
            };
            match super::ora_expr(&format!("{name}({})", items.join(", "))) {
                Some(constructor) => {
                    *e = constructor;
                    true
                }
                None => false,
            }
        }
        Expr::CompoundFieldAccess { root, access_chain } => {
            let Expr::Nested(inner) = root.as_ref() else {
                return false;
            };
            let Expr::CompoundIdentifier(parts) = inner.as_ref() else {
                return false;
            };
            let mut idents = parts.clone();
            for a in access_chain.iter() {
                match a {
                    AccessExpr::Dot(Expr::Identifier(i)) => idents.push(i.clone()),
                    _ => return false,
                }
            }
            *e = Expr::CompoundIdentifier(idents);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn composite_types_become_object_types() {
        insta::assert_snapshot!(translated(
            "-- 医保分割结果：总额 = 统筹 + 自付\nCREATE TYPE fee_split AS (\n    total     numeric(12,2),\n    fund      numeric(12,2),\n    self_pay  numeric(12,2),\n    issued_at timestamptz\n);\nDO $$\nDECLARE\n    v_sum fee_split := ROW(0, 0, 0, now())::fee_split;\n    v_orig charge%ROWTYPE;\nBEGIN\n    SELECT * INTO v_orig FROM charge WHERE charge_id = 1;\n    v_sum.total := (v_orig.split).total;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
