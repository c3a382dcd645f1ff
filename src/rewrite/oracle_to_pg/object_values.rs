//! `object-values`: `VALUE(alias)` becomes the row itself; calls of an
//! object's member methods are reported.
//!
//! **What it does.** `VALUE(t)`, where `t` is a row source's alias (an
//! object table, or `TABLE(f(…)) t` over a collection of objects), becomes
//! `t`, PostgreSQL's whole-row reference, which is a value of the row's
//! composite type. A member method called on an object
//! (`VALUE(t).describe()`, `o.total()`) is reported.
//!
//! **Why.** PostgreSQL has no `VALUE` function: a row of a set-returning
//! function or table is already a composite value, named by its alias.
//! Two differences remain, and are reported. Comparing or ordering rows
//! compares their columns in order, while Oracle compares objects with the
//! type's `MAP` or `ORDER` method. And composite types have no methods: a
//! member function becomes, at best, a function taking the object as its
//! first argument, which the type's translation does not provide.
//!
//! **Example.**
//!
//! ```sql
//! SELECT t.order_id, VALUE(t).describe() FROM TABLE(fn_nur_task_feed('W301', 24)) t ORDER BY VALUE(t);  -- Oracle
//! SELECT t.order_id, t.describe() FROM fn_nur_task_feed('W301', 24) t ORDER BY t;                          -- HighGo (method call flagged)
//! ```
//!
//! **Findings.** `SP0284` (error) for a member method call; `SP0382`
//! (warning) for a `VALUE(t)` made a whole-row reference.

use sqlparser::ast::{AccessExpr, Expr, Ident};

use super::expr::builtin_args;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ObjectValues;

impl Pass for ObjectValues {
    fn name(&self) -> &'static str {
        "object-values"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        super::each_expression(script, cx, &mut |e, origin, cx| {
            let text = cx.file.text();
            if let Some(names) = method_calls(e) {
                cx.findings.push(
                    Finding::new(
                        Code::SP0284,
                        origin.locate(text, e),
                        format!(
                            "member method {}() called on an object: PostgreSQL composite types have no methods",
                            names.join("().")
                        ),
                    )
                    .with_help("write the method as a function taking the object as its first argument, and call it so: describe(t)"),
                );
                return false;
            }
            let Some(alias) = value_alias(e) else {
                return false;
            };
            cx.findings.push(
                Finding::new(
                    Code::SP0382,
                    origin.locate(text, e),
                    format!("VALUE({alias}) became the whole-row reference {alias}"),
                )
                .with_help("rows compare and sort column by column, not by the object type's MAP or ORDER method: order by the MAP method's expression where the type had one"),
            );
            *e = Expr::Identifier(alias);
            true
        });
    }
}

/// The methods called in `object.method(…)` (sqlparser reads the call as
/// a field access whose field is a function call).
fn method_calls(e: &Expr) -> Option<Vec<String>> {
    let Expr::CompoundFieldAccess { access_chain, .. } = e else {
        return None;
    };
    let names: Vec<String> = access_chain
        .iter()
        .filter_map(|a| match a {
            AccessExpr::Dot(Expr::Function(f)) => Some(f.name.to_string()),
            _ => None,
        })
        .collect();
    (!names.is_empty()).then_some(names)
}

/// The alias of `VALUE(alias)`.
fn value_alias(e: &Expr) -> Option<Ident> {
    match builtin_args(e, "VALUE")?.as_slice() {
        [Expr::Identifier(alias)] => Some(alias.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn value_of_an_alias_is_the_row_and_methods_are_reported() {
        // 护理任务：对象集合表函数，VALUE(t) 取整个对象，describe() 是成员方法
        insta::assert_snapshot!(translated(
            "SELECT t.order_id, t.task_name, t.priority, VALUE(t).describe() AS task_text
  FROM TABLE(fn_nur_task_feed('W301', 24)) t
 ORDER BY VALUE(t);
SELECT VALUE(p) FROM his_patient_obj p WHERE p.patient_id = 100000;
",
            &highgo()
        ));
    }
}
