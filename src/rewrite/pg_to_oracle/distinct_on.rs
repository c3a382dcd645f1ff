//! `distinct-on`: `SELECT DISTINCT ON (k) … ORDER BY k, x` becomes a
//! `ROW_NUMBER() OVER (PARTITION BY k ORDER BY x)` subquery that keeps row 1.
//!
//! **What it does.** The query's select list gets one more column,
//! `ROW_NUMBER() OVER (PARTITION BY <keys> ORDER BY <the rest of the ORDER
//! BY>) AS sp_rn`, loses `DISTINCT ON` and its `ORDER BY`, and becomes an
//! inline view; the outer query selects the original output columns by
//! name, keeps `sp_rn = 1`, orders by the keys (one row is left per key, so
//! the keys alone give the original order) and takes over `LIMIT`/`FETCH`.
//! Without an `ORDER BY` PostgreSQL keeps an arbitrary row per key; so does
//! the rewrite (`ORDER BY <keys>` in the window).
//!
//! It rewrites only what it can rewrite exactly: every output column must
//! have a name (a column or an alias; no `*`, no unnamed expression, no two
//! columns of one name), the leading `ORDER BY` items must be the
//! `DISTINCT ON` keys, and each key must be an output column (the outer
//! `ORDER BY` names it). Any other form keeps `DISTINCT ON` and is reported.
//!
//! **Why.** DM8 has no `DISTINCT ON` (dameng.md, "Not in DM"); it has
//! analytic `ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)` and inline views
//! like Oracle's.
//!
//! **Example.**
//! ```sql
//! SELECT DISTINCT ON (patient_id) patient_id, report_time, result_value
//!   FROM lab_result ORDER BY patient_id, report_time DESC;
//! SELECT patient_id, report_time, result_value FROM (
//!   SELECT patient_id, report_time, result_value,
//!          ROW_NUMBER() OVER (PARTITION BY patient_id ORDER BY report_time DESC) AS sp_rn
//!     FROM lab_result) WHERE sp_rn = 1 ORDER BY patient_id;
//! ```
//!
//! **Findings.** `SP0223` (error) at a `DISTINCT ON` query it cannot
//! rewrite exactly, with the reason.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Distinct, Expr, Ident, OrderBy, OrderByExpr, OrderByKind, Query, SelectItem, SetExpr,
    TableFactor, VisitMut, VisitorMut,
};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;

use super::ora_expr;
use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::statements_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DistinctOn;

impl Pass for DistinctOn {
    fn name(&self) -> &'static str {
        "distinct-on"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let body = unit.body;
            let mut changed = false;
            statements_at(unit, &mut |s, at, _| {
                let mut v = Rewriter {
                    changed: false,
                    refused: Vec::new(),
                };
                let _ = s.visit(&mut v);
                for reason in v.refused {
                    cx.findings.push(
                        Finding::new(
                            Code::SP0223,
                            if at.is_empty() { body } else { at },
                            format!("DISTINCT ON kept: {reason}"),
                        )
                        .with_help(
                            "select ROW_NUMBER() OVER (PARTITION BY <keys> ORDER BY <rest>) AS rn in a subquery and keep rn = 1",
                        ),
                    );
                }
                changed |= v.changed;
                v.changed
            });
            unit.rewritten |= changed;
        }
    }
}

/// Rewrites every `DISTINCT ON` query it can, innermost first.
struct Rewriter {
    changed: bool,
    refused: Vec<&'static str>,
}

impl VisitorMut for Rewriter {
    type Break = ();

    fn post_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        match rewrite(query) {
            Ok(true) => self.changed = true,
            Ok(false) => {}
            Err(reason) => self.refused.push(reason),
        }
        ControlFlow::Continue(())
    }
}

/// The name an output column has, if it has one.
fn output_name(item: &SelectItem) -> Option<(&Expr, Ident)> {
    match item {
        SelectItem::ExprWithAlias { expr, alias } => Some((expr, alias.clone())),
        SelectItem::UnnamedExpr(e @ Expr::Identifier(i)) => Some((e, i.clone())),
        SelectItem::UnnamedExpr(e @ Expr::CompoundIdentifier(parts)) => {
            parts.last().map(|i| (e, i.clone()))
        }
        _ => None,
    }
}

/// Rewrites `query` if it is a `DISTINCT ON` query: `Ok(true)` when done,
/// `Ok(false)` when it is not one, `Err(reason)` when it cannot be done exactly.
fn rewrite(query: &mut Query) -> Result<bool, &'static str> {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return Ok(false);
    };
    let Some(Distinct::On(keys)) = &select.distinct else {
        return Ok(false);
    };
    let keys = keys.clone();
    // Output columns: (expression text, name).
    let mut outputs: Vec<(String, Ident)> = Vec::new();
    for item in &select.projection {
        let (expr, name) = output_name(item)
            .ok_or("an output column without a name (* or an unnamed expression)")?;
        if outputs
            .iter()
            .any(|(_, n)| n.value.eq_ignore_ascii_case(&name.value))
        {
            return Err("two output columns of one name");
        }
        outputs.push((expr.to_string(), name));
    }
    let order: Vec<OrderByExpr> = match &query.order_by {
        None => Vec::new(),
        Some(OrderBy {
            kind: OrderByKind::Expressions(items),
            ..
        }) => items.clone(),
        Some(_) => return Err("ORDER BY ALL"),
    };
    // The output column an expression names (by its text or as an alias).
    let name_of = |e: &Expr| -> Option<Ident> {
        let text = e.to_string();
        outputs
            .iter()
            .find(|(x, n)| {
                *x == text
                    || matches!(e, Expr::Identifier(i) if i.value.eq_ignore_ascii_case(&n.value))
            })
            .map(|(_, n)| n.clone())
    };
    let key_names: Vec<Ident> = keys
        .iter()
        .map(|k| name_of(k).ok_or("a DISTINCT ON key that is not an output column"))
        .collect::<Result<_, _>>()?;
    let (lead, rest) = if order.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        if order.len() < keys.len() {
            return Err("the ORDER BY does not start with the DISTINCT ON keys");
        }
        let (lead, rest) = order.split_at(keys.len());
        for o in lead {
            let n = name_of(&o.expr);
            let is_key = keys.iter().zip(&key_names).any(|(k, kn)| {
                k.to_string() == o.expr.to_string()
                    || n.as_ref()
                        .is_some_and(|n| n.value.eq_ignore_ascii_case(&kn.value))
            });
            if !is_key {
                return Err("the ORDER BY does not start with the DISTINCT ON keys");
            }
        }
        (lead.to_vec(), rest.to_vec())
    };
    // An ORDER BY item of the inner window may name an output alias, which
    // is not visible there: refuse rather than guess.
    for o in &rest {
        if let Expr::Identifier(i) = &o.expr
            && outputs
                .iter()
                .any(|(x, n)| n.value.eq_ignore_ascii_case(&i.value) && *x != o.expr.to_string())
        {
            return Err("an ORDER BY item names an output alias");
        }
    }
    let list = |items: &[String]| items.join(", ");
    let partition = list(&keys.iter().map(ToString::to_string).collect::<Vec<_>>());
    let window_order = if rest.is_empty() {
        partition.clone()
    } else {
        list(&rest.iter().map(ToString::to_string).collect::<Vec<_>>())
    };
    let rn = ora_expr(&format!(
        "ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY {window_order})"
    ))
    .ok_or("the window could not be built")?;
    let names = list(
        &outputs
            .iter()
            .map(|(_, n)| n.to_string())
            .collect::<Vec<_>>(),
    );
    let outer_order = list(
        &lead
            .iter()
            .filter_map(|o| {
                let n = name_of(&o.expr).or_else(|| {
                    keys.iter()
                        .position(|k| k.to_string() == o.expr.to_string())
                        .and_then(|p| key_names.get(p).cloned())
                })?;
                let mut o = o.clone();
                o.expr = Expr::Identifier(n);
                Some(o.to_string())
            })
            .collect::<Vec<_>>(),
    );
    let mut text = format!("SELECT {names} FROM (SELECT 1 FROM DUAL) WHERE sp_rn = 1");
    if !outer_order.is_empty() {
        text.push_str(&format!(" ORDER BY {outer_order}"));
    }
    let mut outer = Parser::new(&OracleDialect {})
        .try_with_sql(&text)
        .and_then(|mut p| p.parse_query())
        .map_err(|_| "the outer query could not be built")?;
    // The inner query: the select without DISTINCT ON, with the row number.
    let mut inner_select = select.clone();
    inner_select.distinct = None;
    inner_select.projection.push(SelectItem::ExprWithAlias {
        expr: rn,
        alias: Ident::new("sp_rn"),
    });
    let inner = Query {
        with: None,
        body: Box::new(SetExpr::Select(inner_select)),
        order_by: None,
        limit_clause: None,
        fetch: None,
        locks: Vec::new(),
        for_clause: None,
        settings: None,
        format_clause: None,
        pipe_operators: Vec::new(),
    };
    let SetExpr::Select(outer_select) = outer.body.as_mut() else {
        return Err("the outer query could not be built");
    };
    let Some(TableFactor::Derived { subquery, .. }) =
        outer_select.from.first_mut().map(|t| &mut t.relation)
    else {
        return Err("the outer query could not be built");
    };
    **subquery = inner;
    outer.with = query.with.take();
    outer.limit_clause = query.limit_clause.take();
    outer.fetch = query.fetch.take();
    outer.locks = std::mem::take(&mut query.locks);
    *query = *outer;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    fn dm() -> Options {
        Options::new(Source::Postgres, Target::Dameng)
    }

    #[test]
    fn latest_lab_result_per_patient() {
        insta::assert_snapshot!(translated(
            "-- 每位患者最近一次检验结果\nSELECT DISTINCT ON (r.patient_id) r.patient_id, r.item_code, r.result_value AS value, r.report_time\n  FROM lab_result r\n WHERE r.item_code = 'GLU'\n ORDER BY r.patient_id, r.report_time DESC\n LIMIT 100;\n",
            &dm()
        ));
    }

    #[test]
    fn several_keys_and_no_order_by() {
        insta::assert_snapshot!(translated(
            "SELECT DISTINCT ON (ward_code, bed_no) ward_code, bed_no, patient_id FROM bed_assignment;\nCREATE VIEW v_last_vital AS\nSELECT DISTINCT ON (v.visit_id) v.visit_id, v.temperature, v.measured_at\n  FROM vital_sign v ORDER BY v.visit_id, v.measured_at DESC NULLS LAST;\n",
            &dm()
        ));
    }

    #[test]
    fn forms_it_cannot_rewrite_are_flagged() {
        insta::assert_snapshot!(translated(
            "SELECT DISTINCT ON (patient_id) * FROM admission ORDER BY patient_id, admit_time DESC;\nSELECT DISTINCT ON (dept_code) dept_code, count(*) FROM visit GROUP BY dept_code, doctor_id ORDER BY dept_code;\n",
            &dm()
        ));
    }
}
