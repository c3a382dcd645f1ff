//! `on-conflict`: `INSERT … VALUES … ON CONFLICT (key) DO UPDATE|NOTHING`
//! becomes `MERGE`.
//!
//! **What it does.** An insert with a column list, `VALUES` rows and a
//! conflict target of columns becomes
//! `MERGE INTO t USING (SELECT v1 AS c1, … FROM dual [UNION ALL …]) sqlport_new
//! ON (t.k = sqlport_new.k …) WHEN MATCHED THEN UPDATE SET … [WHERE …]
//! WHEN NOT MATCHED THEN INSERT (c1, …) VALUES (sqlport_new.c1, …)`:
//! `EXCLUDED.c` becomes `sqlport_new.c`; `DO NOTHING` leaves out the `WHEN
//! MATCHED` branch; assignments to a key column are dropped (`MERGE` cannot
//! update the columns of its `ON`, and they are equal there anyway).
//! Inserts from a query, `ON CONSTRAINT`, and `RETURNING` are kept and
//! reported by `flags`.
//!
//! **Why.** DM8 has no `ON CONFLICT`; it has Oracle's `MERGE` (dameng.md,
//! SQL: `MERGE` supported; "Not in DM": `ON CONFLICT`). Unlike `ON
//! CONFLICT`, `MERGE` does not take a lock that serialises two sessions
//! inserting the same key: one of them may still fail on the unique key.
//!
//! **Example.**
//! ```sql
//! INSERT INTO bed_stat (ward_code, n) VALUES ('W01', 1)
//! ON CONFLICT (ward_code) DO UPDATE SET n = bed_stat.n + EXCLUDED.n;
//! -- becomes
//! MERGE INTO bed_stat USING (SELECT 'W01' AS ward_code, 1 AS n FROM dual) sqlport_new
//! ON (bed_stat.ward_code = sqlport_new.ward_code)
//! WHEN MATCHED THEN UPDATE SET n = bed_stat.n + sqlport_new.n
//! WHEN NOT MATCHED THEN INSERT (ward_code, n) VALUES (sqlport_new.ward_code, sqlport_new.n)
//! ```
//!
//! **Findings.** `SP0492` (info) at each rewritten insert.

use sqlparser::ast::{
    AssignmentTarget, ConflictTarget, Expr, Ident, Insert, OnConflictAction, OnInsert, SetExpr,
    Statement, TableObject,
};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;

use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::{statements_at, visit_exprs};
use crate::rewrite::{Context, Pass};

/// The alias of the new rows in the `MERGE`.
const NEW: &str = "sqlport_new";

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct OnConflict;

impl Pass for OnConflict {
    fn name(&self) -> &'static str {
        "on-conflict"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let body = unit.body;
            let mut done = Vec::new();
            statements_at(unit, &mut |s, at, _| {
                let Statement::Insert(insert) = s else {
                    return false;
                };
                let Some(merge) = merge_of(insert) else {
                    return false;
                };
                *s = merge;
                done.push(if at.is_empty() { body } else { at });
                true
            });
            for at in done {
                cx.findings.push(Finding::new(
                    Code::SP0492,
                    at,
                    "INSERT … ON CONFLICT became MERGE; two sessions inserting the same key at once may still collide on the unique key",
                ));
            }
        }
    }
}

/// Whether `insert` is one this pass rewrites (or has no `ON CONFLICT`).
pub(super) fn merge_ready(insert: &Insert) -> bool {
    insert.on.is_none() || merge_of(insert).is_some()
}

/// The `MERGE` for an insert this pass handles.
fn merge_of(insert: &Insert) -> Option<Statement> {
    let Some(OnInsert::OnConflict(conflict)) = &insert.on else {
        return None;
    };
    if insert.returning.is_some() || insert.columns.is_empty() {
        return None;
    }
    let Some(ConflictTarget::Columns {
        columns: keys,
        predicate: None,
    }) = &conflict.conflict_target
    else {
        return None;
    };
    let TableObject::TableName(table) = &insert.table else {
        return None;
    };
    let target = match &insert.table_alias {
        Some(a) => format!("{table} {}", a.alias),
        None => table.to_string(),
    };
    let qualifier = insert
        .table_alias
        .as_ref()
        .map_or_else(|| table.to_string(), |a| a.alias.to_string());
    let SetExpr::Values(values) = insert.source.as_ref()?.body.as_ref() else {
        return None;
    };
    let columns: Vec<String> = insert.columns.iter().map(ToString::to_string).collect();
    let rows: Vec<String> = values
        .rows
        .iter()
        .map(|row| {
            let items: Vec<String> = row
                .content
                .iter()
                .zip(&columns)
                .map(|(v, c)| format!("{v} AS {c}"))
                .collect();
            format!("SELECT {} FROM dual", items.join(", "))
        })
        .collect();
    if values.rows.iter().any(|r| r.content.len() != columns.len()) {
        return None;
    }
    let on: Vec<String> = keys
        .iter()
        .map(|k| format!("{qualifier}.{k} = {NEW}.{k}"))
        .collect();
    let mut sql = format!(
        "MERGE INTO {target} USING ({}) {NEW} ON ({})",
        rows.join(" UNION ALL "),
        on.join(" AND ")
    );
    if let OnConflictAction::DoUpdate(update) = &conflict.action {
        let is_key = |name: &str| {
            keys.iter().any(|k| {
                k.value
                    .eq_ignore_ascii_case(name.rsplit('.').next().unwrap_or(name))
            })
        };
        let mut sets = Vec::new();
        for a in &update.assignments {
            let AssignmentTarget::ColumnName(c) = &a.target else {
                return None;
            };
            if is_key(&c.to_string()) {
                continue;
            }
            let mut value = a.value.clone();
            excluded_to_new(&mut value);
            sets.push(format!("{c} = {value}"));
        }
        if !sets.is_empty() {
            sql.push_str(&format!(
                " WHEN MATCHED THEN UPDATE SET {}",
                sets.join(", ")
            ));
            if let Some(w) = &update.selection {
                let mut w = w.clone();
                excluded_to_new(&mut w);
                sql.push_str(&format!(" WHERE {w}"));
            }
        }
    }
    let new_values: Vec<String> = columns.iter().map(|c| format!("{NEW}.{c}")).collect();
    sql.push_str(&format!(
        " WHEN NOT MATCHED THEN INSERT ({}) VALUES ({})",
        columns.join(", "),
        new_values.join(", ")
    ));
    Parser::parse_sql(&OracleDialect {}, &sql)
        .ok()?
        .into_iter()
        .next()
}

/// `EXCLUDED.c` → `sqlport_new.c`.
fn excluded_to_new(e: &mut Expr) {
    visit_exprs(e, &mut |x| match x {
        Expr::CompoundIdentifier(parts)
            if parts.len() == 2 && parts[0].value.eq_ignore_ascii_case("excluded") =>
        {
            parts[0] = Ident::new(NEW);
            true
        }
        _ => false,
    });
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn on_conflict_becomes_merge() {
        insta::assert_snapshot!(translated(
            "INSERT INTO bed_stat (ward_code, stat_day, n) VALUES ('W01', current_date, 1)\n    ON CONFLICT (ward_code, stat_day) DO UPDATE SET n = bed_stat.n + EXCLUDED.n;\nINSERT INTO lab_item (item_code, item_name) VALUES ('GLU', '葡萄糖'), ('K', '钾')\n    ON CONFLICT (item_code) DO NOTHING;\nINSERT INTO lab_item (item_code, item_name) SELECT code, name FROM lab_item_import\n    ON CONFLICT (item_code) DO NOTHING;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
