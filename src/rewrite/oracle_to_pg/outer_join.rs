//! `outer-join`: Oracle's `(+)` outer joins become `LEFT JOIN … ON`.
//!
//! **What it does.** In every query block (subqueries, views and SQL in
//! PL/SQL included) whose `WHERE` marks columns with `(+)`, each table whose
//! columns carry `(+)` becomes the right side of a `LEFT JOIN`, placed after
//! the tables its `(+)` conditions refer to, and every condition with `(+)`
//! on it moves into its `ON` (conditions with constants too:
//! `d.status(+) = 'A'` must filter the optional rows, not the result). The
//! other conditions stay in `WHERE`, which Oracle applies after the join.
//! Chains (`a → b(+) → c(+)`), several optional tables, a table outer-joined
//! to several others, and `FROM` items that are already explicit joins are
//! handled. The other tables of one join group are joined with
//! `JOIN … ON` (the `WHERE` conditions between them move there) or
//! `CROSS JOIN` when none links them. A bare `SELECT *` is expanded to the
//! tables' `t.*` in their original order, since the join may reorder them.
//!
//! **Why.** PostgreSQL has no `(+)` operator.
//!
//! **Example.**
//!
//! ```sql
//! SELECT r.reg_id, d.doctor_name FROM op_reg r, his_doctor d
//!  WHERE r.doctor_id = d.doctor_id(+) AND d.status(+) = 'A' AND r.reg_date >= :d;
//! SELECT r.reg_id, d.doctor_name FROM op_reg r LEFT JOIN his_doctor d
//!     ON r.doctor_id = d.doctor_id AND d.status = 'A' WHERE r.reg_date >= :d;
//! ```
//!
//! **Findings.** `SP0431` (info) per rewritten query block; `SP0230` (error)
//! where the `(+)` conditions cannot be expressed as ANSI joins (unqualified
//! optional columns, `(+)` on two tables in one condition, an optional table
//! inside an explicit join or with no condition linking it, a cycle); the
//! block is then kept as written.
//!
//! **Source.** Oracle SQL Language Reference, "Joins" (outer join rules and
//! restrictions on `(+)`).

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Ident, Join, JoinConstraint, JoinOperator, ObjectName, ObjectNamePart, Select,
    SelectItem, SelectItemQualifiedWildcardKind, Spanned, TableFactor, TableWithJoins, Value,
    Visit, VisitMut, Visitor, VisitorMut, WildcardAdditionalOptions,
};

use super::sql_walk::{
    and_all, conjuncts, find_in_block, fold, locate, rewrite_in_block, statements_at,
};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct OuterJoin;

impl Pass for OuterJoin {
    fn name(&self) -> &'static str {
        "outer-join"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let mut findings = Vec::new();
            statements_at(unit, &mut |statement, base, _| {
                let mut v = Rewrite {
                    text,
                    base,
                    findings: &mut findings,
                    changed: false,
                };
                let _ = statement.visit(&mut v);
                v.changed
            });
            cx.findings.extend(findings);
        }
    }
}

struct Rewrite<'a> {
    text: &'a str,
    base: Span,
    findings: &'a mut Vec<Finding>,
    changed: bool,
}

impl VisitorMut for Rewrite<'_> {
    type Break = ();

    // Post-order: inner query blocks are rewritten before the ones holding them.
    fn post_visit_select(&mut self, select: &mut Select) -> ControlFlow<()> {
        let Some(first) = select
            .selection
            .as_ref()
            .and_then(|w| marked_columns(w).into_iter().next())
        else {
            return ControlFlow::Continue(());
        };
        let at = locate(self.text, self.base, first.span());
        let original = select.clone();
        match rewrite(select) {
            Ok(tables) => {
                self.changed = true;
                self.findings.push(Finding::new(
                    Code::SP0431,
                    at,
                    format!("(+) outer join rewritten as LEFT JOIN of {tables}"),
                ));
            }
            Err(why) => {
                *select = original;
                self.findings.push(Finding::new(
                    Code::SP0230,
                    at,
                    format!("(+) outer join kept as written: {why}"),
                ));
            }
        }
        ControlFlow::Continue(())
    }
}

/// One `FROM` item: the names its tables answer to, and whether it is a
/// single table (which alone can become the optional side of a join).
struct Item {
    names: Vec<String>,
    single: bool,
}

fn items(from: &[TableWithJoins]) -> Vec<Item> {
    from.iter()
        .map(|t| {
            let mut names: Vec<String> = name_of(&t.relation).into_iter().collect();
            names.extend(t.joins.iter().filter_map(|j| name_of(&j.relation)));
            Item {
                names,
                single: t.joins.is_empty(),
            }
        })
        .collect()
}

/// The name a table factor answers to: its alias, else its table name.
fn name_of(t: &TableFactor) -> Option<String> {
    match t {
        TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } => {
            Some(fold(&a.name))
        }
        TableFactor::Table { name, .. } => name.0.last().and_then(|p| match p {
            ObjectNamePart::Identifier(id) => Some(fold(id)),
            _ => None,
        }),
        _ => None,
    }
}

/// Rewrites the block; returns the optional tables, or why it cannot (the
/// caller then puts the block back as it was).
fn rewrite(select: &mut Select) -> Result<String, String> {
    let items = items(&select.from);
    let find = |q: &str| items.iter().position(|i| i.names.iter().any(|n| n == q));
    let terms = conjuncts(
        select
            .selection
            .clone()
            .unwrap_or(Expr::Value(Value::Boolean(true).into())),
    );
    // Per optional item: its conditions and the items they refer to.
    let mut on: Vec<Vec<Expr>> = vec![Vec::new(); items.len()];
    let mut deps: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); items.len()];
    let mut remaining = Vec::new();
    for term in terms {
        let marked = marked_columns(&term);
        if marked.is_empty() {
            remaining.push(term);
            continue;
        }
        let mut optional = BTreeSet::new();
        for column in &marked {
            let Some(q) = qualifier(column) else {
                return Err(format!(
                    "the (+) column `{column}` is not qualified by its table"
                ));
            };
            let Some(i) = find(&q) else {
                return Err(format!("`{q}` is not a table of this FROM"));
            };
            optional.insert(i);
        }
        let [t] = optional.into_iter().collect::<Vec<_>>()[..] else {
            return Err("one condition marks columns of two tables with (+)".to_string());
        };
        if !items[t].single {
            return Err(format!(
                "`{}` is part of an explicit JOIN",
                items[t].names.join(", ")
            ));
        }
        for q in qualifiers(&term) {
            if let Some(i) = find(&q)
                && i != t
            {
                deps[t].insert(i);
            }
        }
        on[t].push(unmark(term));
    }
    let optional: Vec<usize> = (0..items.len()).filter(|&i| !on[i].is_empty()).collect();
    if let Some(&t) = optional.iter().find(|&&t| deps[t].is_empty()) {
        return Err(format!(
            "no condition joins `{}` to another table",
            items[t].names.join(", ")
        ));
    }
    // Join groups: an optional item and the items its conditions refer to.
    let mut group: Vec<usize> = (0..items.len()).collect();
    fn root(group: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while group[r] != r {
            r = group[r];
        }
        group[i] = r;
        r
    }
    for &t in &optional {
        for &d in &deps[t] {
            let (a, b) = (root(&mut group, t), root(&mut group, d));
            group[a.max(b)] = a.min(b);
        }
    }
    let old_order: Vec<String> = items.iter().flat_map(|i| i.names.clone()).collect();
    let mut from: Vec<Option<TableWithJoins>> = select.from.drain(..).map(Some).collect();
    let mut out = Vec::new();
    for first in 0..items.len() {
        if root(&mut group, first) != first {
            continue;
        }
        let members: Vec<usize> = (first..items.len())
            .filter(|&i| root(&mut group, i) == first)
            .collect();
        let bases: Vec<usize> = members
            .iter()
            .copied()
            .filter(|i| on[*i].is_empty())
            .collect();
        let mut placed: BTreeSet<usize> = BTreeSet::new();
        let mut joined: Option<TableWithJoins> = None;
        for b in bases {
            let Some(t) = from[b].take() else { continue };
            match &mut joined {
                None => joined = Some(t),
                Some(j) => {
                    // Conditions that link this item to those placed before it.
                    let mut links = Vec::new();
                    let mut rest = Vec::new();
                    for term in remaining.drain(..) {
                        let refs = references(&term, &find);
                        let linking = refs.as_ref().is_some_and(|r| {
                            r.contains(&b) && r.iter().all(|i| *i == b || placed.contains(i))
                        });
                        if linking {
                            links.push(term)
                        } else {
                            rest.push(term)
                        }
                    }
                    remaining = rest;
                    let join_operator = match and_all(links) {
                        Some(cond) => JoinOperator::Join(JoinConstraint::On(cond)),
                        None => JoinOperator::CrossJoin(JoinConstraint::None),
                    };
                    j.joins.push(Join {
                        relation: t.relation,
                        global: false,
                        join_operator,
                    });
                    j.joins.extend(t.joins);
                }
            }
            placed.insert(b);
        }
        // The optional items, each once every item it depends on is placed.
        let mut waiting: Vec<usize> = members
            .iter()
            .copied()
            .filter(|i| !on[*i].is_empty())
            .collect();
        while !waiting.is_empty() {
            let Some(k) = waiting
                .iter()
                .position(|t| deps[*t].iter().all(|d| placed.contains(d)))
            else {
                return Err("the tables outer-join one another in a cycle".to_string());
            };
            let t = waiting.remove(k);
            let Some(table) = from[t].take() else {
                continue;
            };
            let cond = and_all(std::mem::take(&mut on[t]));
            let join = Join {
                relation: table.relation,
                global: false,
                join_operator: JoinOperator::Left(match cond {
                    Some(c) => JoinConstraint::On(c),
                    None => JoinConstraint::None,
                }),
            };
            match &mut joined {
                Some(j) => j.joins.push(join),
                None => return Err("every table of the join is optional".to_string()),
            }
            placed.insert(t);
        }
        out.extend(joined);
    }
    select.from = out;
    select.selection = and_all(remaining);
    // `SELECT *` lists the tables in FROM order: keep Oracle's order.
    let new_order: Vec<String> = items_order(&select.from);
    if new_order != old_order
        && select
            .projection
            .iter()
            .any(|p| matches!(p, SelectItem::Wildcard(_)))
    {
        select.projection = select
            .projection
            .drain(..)
            .flat_map(|p| match p {
                SelectItem::Wildcard(_) => old_order.iter().map(|n| qualified_star(n)).collect(),
                other => vec![other],
            })
            .collect();
    }
    let names: Vec<String> = optional
        .iter()
        .map(|&t| format!("`{}`", items[t].names.join(", ")))
        .collect();
    Ok(names.join(", "))
}

fn items_order(from: &[TableWithJoins]) -> Vec<String> {
    items(from).into_iter().flat_map(|i| i.names).collect()
}

fn qualified_star(name: &str) -> SelectItem {
    SelectItem::QualifiedWildcard(
        SelectItemQualifiedWildcardKind::ObjectName(ObjectName(vec![ObjectNamePart::Identifier(
            Ident::new(name),
        )])),
        WildcardAdditionalOptions::default(),
    )
}

/// The items `term` refers to; `None` when it has an unqualified column
/// (which could belong to any table) or refers to no item.
fn references(term: &Expr, find: &dyn Fn(&str) -> Option<usize>) -> Option<BTreeSet<usize>> {
    if has_bare_column(term) {
        return None;
    }
    let refs: BTreeSet<usize> = qualifiers(term).iter().filter_map(|q| find(q)).collect();
    (!refs.is_empty()).then_some(refs)
}

/// The columns marked `(+)` in `e`, outside its subqueries (a subquery's
/// own `(+)` belongs to its own block).
fn marked_columns(e: &Expr) -> Vec<Expr> {
    find_in_block(e, &|e| matches!(e, Expr::OuterJoin(_)))
        .into_iter()
        .filter_map(|e| match e {
            Expr::OuterJoin(inner) => Some(*inner),
            _ => None,
        })
        .collect()
}

/// `e` without its `(+)` marks (outside subqueries).
fn unmark(mut e: Expr) -> Expr {
    rewrite_in_block(&mut e, &mut |e| match e {
        Expr::OuterJoin(inner) => {
            let inner = std::mem::replace(&mut **inner, Expr::Value(Value::Null.into()));
            *e = inner;
            true
        }
        _ => false,
    });
    e
}

/// The table qualifier of a column (`d` in `d.doctor_id`, `d` in
/// `his.d.doctor_id`: the part before the column).
fn qualifier(column: &Expr) -> Option<String> {
    match column {
        Expr::CompoundIdentifier(parts) if parts.len() >= 2 => parts.get(parts.len() - 2).map(fold),
        _ => None,
    }
}

/// Every table qualifier used in `e`, subqueries included (a correlated
/// reference to a table of this block counts).
fn qualifiers(e: &Expr) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let _ = e.visit(&mut QualifierFinder(&mut found));
    found
}

struct QualifierFinder<'a>(&'a mut BTreeSet<String>);

impl Visitor for QualifierFinder<'_> {
    type Break = ();
    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
        self.0.extend(qualifier(e));
        ControlFlow::Continue(())
    }
}

/// Whether `e` uses an unqualified name outside its subqueries (a column
/// of some table, or a PL/SQL variable: either way, not placeable).
fn has_bare_column(e: &Expr) -> bool {
    !find_in_block(e, &|e| matches!(e, Expr::Identifier(_))).is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn outer_joins_become_left_joins() {
        let sql = "-- 挂号明细：普通号没有医生
SELECT r.reg_id, d.doctor_name, dep.dept_name
  FROM op_reg r, his_doctor d, his_dept dep
 WHERE r.doctor_id = d.doctor_id(+)
   AND d.status(+) = 'A'
   AND r.dept_id = dep.dept_id
   AND r.reg_date >= DATE '2024-01-01';
-- 右侧 (+)：表的顺序会变，SELECT * 保持 Oracle 的列顺序
SELECT * FROM his_dept dep, op_reg r WHERE r.dept_id(+) = dep.dept_id;
-- 链式：药品 → 库存(+) → 科室(+)
SELECT dr.drug_name, b.qty, dep.dept_name
  FROM ph_drug dr, ph_stock b, his_dept dep
 WHERE dr.drug_id = b.drug_id(+)
   AND b.dept_id = dep.dept_id(+)
   AND NVL(b.qty(+), 0) >= 0;
-- 可选表同时依赖两张表：两张表先内连接
SELECT r.reg_id, dep.dept_name FROM op_reg r, his_doctor d, his_dept dep
 WHERE r.doctor_id = d.doctor_id AND dep.dept_id(+) = r.dept_id AND dep.status(+) = d.status;
-- 与显式 JOIN 混用，子查询里也有 (+)
SELECT a.admission_id, p.patient_name
  FROM ip_admission a JOIN ip_bed b ON b.bed_id = a.bed_id, his_patient p
 WHERE a.patient_id = p.patient_id(+)
   AND EXISTS (SELECT 1 FROM op_reg r, his_doctor d WHERE r.doctor_id = d.doctor_id(+) AND r.patient_id = a.patient_id);
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn what_cannot_be_expressed_is_kept_and_flagged() {
        let sql = "SELECT r.reg_id FROM op_reg r, his_doctor d WHERE doctor_id(+) = r.doctor_id;
SELECT r.reg_id FROM op_reg r, his_doctor d WHERE r.doctor_id(+) = d.doctor_id AND d.dept_id(+) = r.dept_id;
SELECT r.reg_id FROM op_reg r, his_doctor d WHERE d.status(+) = 'A';
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }
}
