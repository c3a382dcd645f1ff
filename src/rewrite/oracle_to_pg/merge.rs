//! `merge`: Oracle's `MERGE`, per PostgreSQL kernel version.
//!
//! **What it does.**
//! - Kernel 15 and later (`--target-version 15`): `MERGE` stays, adapted to
//!   PostgreSQL's form: `UPDATE SET t.col = …` loses the table qualifier
//!   (PostgreSQL takes bare column names), and Oracle's `UPDATE … WHERE c` /
//!   `INSERT … WHERE c` become `WHEN MATCHED AND c` / `WHEN NOT MATCHED AND c`.
//! - Older kernels (HighGo's 12 and 14; Kingbase in PG mode) have no `MERGE`:
//!   - when the `ON` condition is an equality on exactly a primary key or
//!     unique key of the target (known from the script's `CREATE TABLE`,
//!     `ALTER TABLE … ADD CONSTRAINT` and `CREATE UNIQUE INDEX`, see
//!     `table_keys`), and the inserted key values are the ones `ON` compares,
//!     it becomes `INSERT … SELECT … ON CONFLICT (key) DO UPDATE SET …`, the
//!     source values read through `EXCLUDED` (`DO NOTHING` without a
//!     `WHEN MATCHED`);
//!   - with only `WHEN MATCHED`, it becomes `UPDATE … FROM source WHERE on`;
//!   - otherwise it becomes one statement: a data-modifying CTE doing the
//!     `UPDATE … FROM`, then `INSERT … SELECT … WHERE NOT EXISTS (…)`. Both
//!     parts see the table as it was before the statement, as `MERGE` does.
//!
//! **Why.** PostgreSQL has `MERGE` only from 15; HighGo SEE 4.5 runs 12 and
//! HighGo V9.0 runs 14 (`shared/dialects/highgo_ora2pg.md` A.7).
//!
//! **Example** (kernel 12, `item_code` unique):
//!
//! ```sql
//! MERGE INTO his_fee_item t USING src s ON (t.item_code = s.item_code)
//!  WHEN MATCHED THEN UPDATE SET t.price = s.price
//!  WHEN NOT MATCHED THEN INSERT (item_code, price) VALUES (s.item_code, s.price);
//! INSERT INTO his_fee_item AS t (item_code, price) SELECT s.item_code, s.price FROM src s
//!  ON CONFLICT (item_code) DO UPDATE SET price = EXCLUDED.price;
//! ```
//!
//! **Findings.** `SP0434` (info) for a `MERGE` kept or rewritten with the
//! same meaning; `SP0331` (warning) for the `UPDATE` + `INSERT … WHERE NOT
//! EXISTS` form (not safe against concurrent inserts of the same key);
//! `SP0233` (error) for what is kept as written: `DELETE WHERE` in the
//! update branch (PostgreSQL's `MERGE` has no such clause), a target that is
//! not a table, several branches of one kind.
//!
//! **Source.** Oracle SQL Language Reference, "MERGE"; PostgreSQL manual,
//! "MERGE" (15) and "INSERT … ON CONFLICT".

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Assignment, AssignmentTarget, BinaryOperator, Expr, Ident, Merge as MergeStatement,
    MergeAction, MergeClauseKind, MergeInsertKind, MergeUpdateKind, ObjectName, ObjectNamePart,
    Statement, TableFactor, VisitMut, VisitorMut,
};

use super::sql_walk::{and_all, conjuncts, fold, is_word, locate, statements_at};
use super::table_keys::Keys;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Merge;

impl Pass for Merge {
    fn name(&self) -> &'static str {
        "merge"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let keys = Keys::of(script);
        let kernel = cx.options.kernel().unwrap_or(12);
        let text = cx.file.text();
        for unit in script.units_mut() {
            let mut findings = Vec::new();
            statements_at(unit, &mut |statement, base, _| {
                let Statement::Merge(merge) = statement else {
                    return false;
                };
                let at = locate(text, base, merge.merge_token.0.span);
                match rewrite(merge, kernel, &keys) {
                    Ok((new, code, message)) => {
                        *statement = new;
                        findings.push(Finding::new(code, at, message));
                        true
                    }
                    Err(why) => {
                        findings.push(Finding::new(
                            Code::SP0233,
                            at,
                            format!("MERGE kept as written: {why}"),
                        ));
                        false
                    }
                }
            });
            cx.findings.extend(findings);
        }
    }
}

/// The parts of an Oracle `MERGE`.
struct Parts {
    /// The target table, as written (`his.his_fee_item`).
    table: ObjectName,
    /// The name the target answers to (its alias, else its table name).
    target: String,
    /// The target with its alias, for `UPDATE`/`INSERT … AS`.
    target_as: String,
    /// The source, as written (`(SELECT …) s`, `src s`).
    source: String,
    on: Expr,
    update: Option<Update>,
    insert: Option<Insert>,
}

struct Update {
    sets: Vec<(String, Expr)>,
    condition: Option<Expr>,
}

struct Insert {
    columns: Vec<String>,
    values: Vec<Expr>,
    condition: Option<Expr>,
}

type Rewritten = (Statement, Code, String);

fn rewrite(merge: &MergeStatement, kernel: u32, keys: &Keys) -> Result<Rewritten, String> {
    let parts = parts(merge)?;
    if kernel >= 15 {
        return Ok((
            Statement::Merge(adapted(merge)),
            Code::SP0434,
            format!("MERGE kept (PostgreSQL {kernel} has it), in PostgreSQL's form"),
        ));
    }
    let Parts {
        table,
        target,
        target_as,
        source,
        on,
        update,
        insert,
    } = &parts;
    let set_list = |sets: &[(String, Expr)], f: &dyn Fn(&Expr) -> String| {
        sets.iter()
            .map(|(c, v)| format!("{c} = {}", f(v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let shown = |e: &Expr| e.to_string();
    let key = upsert_key(&parts, keys);
    let (sql, code, message) = match (update, insert) {
        (Some(u), None) => {
            let mut conds = vec![on.clone()];
            conds.extend(u.condition.clone());
            let cond = and_all(conds).map(|c| c.to_string()).unwrap_or_default();
            (
                format!(
                    "UPDATE {target_as} SET {} FROM {source} WHERE {cond}",
                    set_list(&u.sets, &shown)
                ),
                Code::SP0434,
                "MERGE with only WHEN MATCHED became UPDATE … FROM".to_string(),
            )
        }
        (None, Some(i)) => {
            let select = insert_select(i, source, None);
            match &key {
                Some(k) => (
                    format!(
                        "INSERT INTO {target_as} ({}) {select} ON CONFLICT ({}) DO NOTHING",
                        i.columns.join(", "),
                        k.join(", ")
                    ),
                    Code::SP0434,
                    format!(
                        "MERGE with only WHEN NOT MATCHED became INSERT … ON CONFLICT ({}) DO NOTHING",
                        k.join(", ")
                    ),
                ),
                None => (
                    format!(
                        "INSERT INTO {} ({}) {}",
                        table,
                        i.columns.join(", "),
                        insert_select(i, source, Some(&not_exists(table, target, on)))
                    ),
                    Code::SP0331,
                    "MERGE became INSERT … WHERE NOT EXISTS: no primary or unique key of the target matches the ON condition".to_string(),
                ),
            }
        }
        (Some(u), Some(i)) => {
            let excluded = key.as_ref().and_then(|_| {
                let sets: Option<Vec<(String, Expr)>> = u
                    .sets
                    .iter()
                    .map(|(c, v)| Some((c.clone(), to_excluded(v, i, &parts)?)))
                    .collect();
                let condition = match &u.condition {
                    Some(c) => Some(Some(to_excluded(c, i, &parts)?)),
                    None => Some(None),
                }?;
                Some((sets?, condition))
            });
            match (&key, excluded) {
                (Some(k), Some((sets, condition))) => {
                    let condition = condition.map(|c| format!(" WHERE {c}")).unwrap_or_default();
                    (
                        format!(
                            "INSERT INTO {target_as} ({}) {} ON CONFLICT ({}) DO UPDATE SET {}{condition}",
                            i.columns.join(", "),
                            insert_select(i, source, None),
                            k.join(", "),
                            set_list(&sets, &shown),
                        ),
                        Code::SP0434,
                        format!(
                            "MERGE became INSERT … ON CONFLICT ({}) DO UPDATE: the ON condition matches that key",
                            k.join(", ")
                        ),
                    )
                }
                _ => {
                    let mut conds = vec![Expr::Nested(Box::new(on.clone()))];
                    conds.extend(u.condition.clone());
                    let cond = and_all(conds).map(|c| c.to_string()).unwrap_or_default();
                    (
                        format!(
                            "WITH sqlport_matched AS (UPDATE {target_as} SET {} FROM {source} WHERE {cond} RETURNING 1) INSERT INTO {} ({}) {}",
                            set_list(&u.sets, &shown),
                            table,
                            i.columns.join(", "),
                            insert_select(i, source, Some(&not_exists(table, target, on))),
                        ),
                        Code::SP0331,
                        match key {
                            Some(_) => "MERGE became UPDATE … FROM + INSERT … WHERE NOT EXISTS in one statement: the update reads source values the insert does not write".to_string(),
                            None => "MERGE became UPDATE … FROM + INSERT … WHERE NOT EXISTS in one statement: no primary or unique key of the target matches the ON condition".to_string(),
                        },
                    )
                }
            }
        }
        (None, None) => return Err("it has no WHEN branch".to_string()),
    };
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let statement = sqlparser::parser::Parser::parse_sql(&dialect, &sql)
        .ok()
        .and_then(|s| s.into_iter().next())
        .ok_or_else(|| "the rewritten statement could not be built".to_string())?;
    Ok((statement, code, message))
}

/// `SELECT values FROM source [WHERE …]` for the inserted rows.
fn insert_select(i: &Insert, source: &str, not_exists: Option<&str>) -> String {
    let values: Vec<String> = i.values.iter().map(|v| v.to_string()).collect();
    let mut conds: Vec<String> = not_exists.map(str::to_string).into_iter().collect();
    conds.extend(i.condition.as_ref().map(|c| c.to_string()));
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    format!("SELECT {} FROM {source}{filter}", values.join(", "))
}

fn not_exists(table: &ObjectName, target: &str, on: &Expr) -> String {
    format!("NOT EXISTS (SELECT 1 FROM {table} AS {target} WHERE {on})")
}

fn parts(merge: &MergeStatement) -> Result<Parts, String> {
    let TableFactor::Table { name, alias, .. } = &merge.table else {
        return Err("the target is not a table".to_string());
    };
    let target = match alias {
        Some(a) => a.name.to_string(),
        None => last(name).ok_or("the target has no name")?,
    };
    let target_as = match alias {
        Some(a) => format!("{name} AS {}", a.name),
        None => name.to_string(),
    };
    let mut update = None;
    let mut insert = None;
    for clause in &merge.clauses {
        match (&clause.clause_kind, &clause.action) {
            (MergeClauseKind::Matched, MergeAction::Update(u)) if update.is_none() => {
                if u.delete_predicate.is_some() {
                    return Err("UPDATE … DELETE WHERE has no PostgreSQL equivalent: delete the rows in a statement of their own".to_string());
                }
                let MergeUpdateKind::Set(assignments) = &u.kind else {
                    return Err("UPDATE SET * is not Oracle's".to_string());
                };
                let mut conds: Vec<Expr> = clause.predicate.iter().cloned().collect();
                conds.extend(u.update_predicate.clone());
                update = Some(Update {
                    sets: assignments
                        .iter()
                        .map(|a| Ok((column(&a.target)?, a.value.clone())))
                        .collect::<Result<_, String>>()?,
                    condition: and_all(conds),
                });
            }
            (MergeClauseKind::NotMatched, MergeAction::Insert(i)) if insert.is_none() => {
                let MergeInsertKind::Values(values) = &i.kind else {
                    return Err("INSERT ROW is not Oracle's".to_string());
                };
                let [row] = &values.rows[..] else {
                    return Err("the INSERT branch has several rows".to_string());
                };
                let mut conds: Vec<Expr> = clause.predicate.iter().cloned().collect();
                conds.extend(i.insert_predicate.clone());
                let columns: Vec<String> = i
                    .columns
                    .iter()
                    .map(|c| last(c).ok_or("a column has no name"))
                    .collect::<Result<_, _>>()?;
                if columns.is_empty() || columns.len() != row.content.len() {
                    return Err("the INSERT branch does not list its columns".to_string());
                }
                insert = Some(Insert {
                    columns,
                    values: row.content.clone(),
                    condition: and_all(conds),
                });
            }
            _ => {
                return Err(format!(
                    "the branch `WHEN {}` has no translation",
                    clause.clause_kind
                ));
            }
        }
    }
    Ok(Parts {
        table: name.clone(),
        target,
        target_as,
        source: merge.source.to_string(),
        on: unnest(&merge.on),
        update,
        insert,
    })
}

/// The target's unique key the `ON` condition compares, with the inserted
/// values matching: the key columns, in `ON` order.
fn upsert_key(parts: &Parts, keys: &Keys) -> Option<Vec<String>> {
    let mut columns = Vec::new();
    for term in conjuncts(parts.on.clone()) {
        let Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } = unnest(&term)
        else {
            return None;
        };
        let (column, value) = match (
            target_column(&left, &parts.target),
            target_column(&right, &parts.target),
        ) {
            (Some(c), None) => (c, right),
            (None, Some(c)) => (c, left),
            _ => return None,
        };
        // The row inserted for a non-match must carry the compared value.
        if let Some(i) = &parts.insert {
            let k = i
                .columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(&column))?;
            if i.values.get(k).map(|v| v.to_string()) != Some(value.to_string()) {
                return None;
            }
        }
        columns.push(column);
    }
    let set: BTreeSet<String> = columns.iter().map(|c| c.to_ascii_lowercase()).collect();
    keys.is_key(&parts.table, &set).then_some(columns)
}

/// `target.column` (or a bare column, which Oracle reads as the target's
/// only when unambiguous: not accepted here).
fn target_column(e: &Expr, target: &str) -> Option<String> {
    match e {
        Expr::CompoundIdentifier(p)
            if p.len() == 2 && fold(&p[0]) == target.to_ascii_lowercase() =>
        {
            Some(p[1].value.clone())
        }
        _ => None,
    }
}

/// `e` with every inserted value written `EXCLUDED.column`; `None` when it
/// still reads the source after that.
fn to_excluded(e: &Expr, i: &Insert, parts: &Parts) -> Option<Expr> {
    // Only values that read the source: a constant or a sequence call in the
    // update is not the inserted value's business.
    struct Map<'a> {
        values: Vec<(String, &'a str)>,
    }
    impl VisitorMut for Map<'_> {
        type Break = ();
        fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
            let shown = e.to_string();
            if let Some((_, column)) = self.values.iter().find(|(v, _)| *v == shown) {
                *e = Expr::CompoundIdentifier(vec![Ident::new("EXCLUDED"), Ident::new(*column)]);
            }
            ControlFlow::Continue(())
        }
    }
    let mut e = e.clone();
    let mut map = Map {
        values: i
            .values
            .iter()
            .zip(&i.columns)
            .filter(|(v, _)| reads_source(v, parts))
            .map(|(v, c)| (v.to_string(), c.as_str()))
            .collect(),
    };
    let _ = e.visit(&mut map);
    // Whatever is left may only read the target (or constants).
    (!reads_source(&e, parts)).then_some(e)
}

/// Whether `e` reads a column that is not the target's (nor `EXCLUDED`'s).
fn reads_source(e: &Expr, parts: &Parts) -> bool {
    let target = parts.target.to_ascii_lowercase();
    // Oracle's functions without parentheses, and sequence calls.
    const NOT_COLUMNS: &[&str] = &[
        "SYSDATE",
        "SYSTIMESTAMP",
        "USER",
        "UID",
        "CURRENT_DATE",
        "CURRENT_TIMESTAMP",
        "LOCALTIMESTAMP",
    ];
    !super::sql_walk::find_in_block(e, &|x| match x {
        Expr::CompoundIdentifier(p) => {
            let q = fold(&p[0]);
            let sequence = p
                .last()
                .is_some_and(|l| is_word(l, "NEXTVAL") || is_word(l, "CURRVAL"));
            q != target && q != "excluded" && !sequence
        }
        Expr::Identifier(id) => !NOT_COLUMNS.iter().any(|w| is_word(id, w)),
        _ => false,
    })
    .is_empty()
}

/// The `MERGE` in PostgreSQL 15's form.
fn adapted(merge: &MergeStatement) -> MergeStatement {
    let mut m = merge.clone();
    for clause in &mut m.clauses {
        let extra = match &mut clause.action {
            MergeAction::Update(u) => {
                if let MergeUpdateKind::Set(assignments) = &mut u.kind {
                    for a in assignments.iter_mut() {
                        unqualify(a);
                    }
                }
                u.update_predicate.take()
            }
            MergeAction::Insert(i) => {
                for c in &mut i.columns {
                    if let Some(p) = c.0.pop() {
                        c.0 = vec![p];
                    }
                }
                i.insert_predicate.take()
            }
            _ => None,
        };
        if let Some(extra) = extra {
            let conds: Vec<Expr> = clause.predicate.take().into_iter().chain([extra]).collect();
            clause.predicate = and_all(conds);
        }
    }
    m
}

fn unqualify(a: &mut Assignment) {
    if let AssignmentTarget::ColumnName(name) = &mut a.target
        && let Some(p) = name.0.pop()
    {
        name.0 = vec![p];
    }
}

fn column(target: &AssignmentTarget) -> Result<String, String> {
    match target {
        AssignmentTarget::ColumnName(name) => {
            last(name).ok_or_else(|| "a column has no name".to_string())
        }
        AssignmentTarget::Tuple(_) => Err("UPDATE SET (a, b) = … has no translation".to_string()),
    }
}

fn last(name: &ObjectName) -> Option<String> {
    match name.0.last()? {
        ObjectNamePart::Identifier(id) => Some(id.to_string()),
        _ => None,
    }
}

fn unnest(e: &Expr) -> Expr {
    match e {
        Expr::Nested(inner) => unnest(inner),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    const TABLES: &str = "CREATE TABLE his_fee_item (item_id NUMBER(10) PRIMARY KEY, item_code VARCHAR2(20) NOT NULL, price NUMBER(10,4), status CHAR(1));
ALTER TABLE his_fee_item ADD CONSTRAINT uk_fee_code UNIQUE (item_code);
CREATE TABLE his_fee_log (item_code VARCHAR2(20), price NUMBER(10,4));
";

    const MERGES: &str = "-- 物价同步：存在则更新价格，不存在则新增
MERGE INTO his_fee_item t
USING (SELECT 'JY0005' AS item_code, 18 AS price FROM dual) s
ON (t.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET t.price = s.price, t.status = '1' WHERE t.price <> s.price
WHEN NOT MATCHED THEN INSERT (item_id, item_code, price, status) VALUES (99, s.item_code, s.price, '1');
-- 没有唯一键：UPDATE + INSERT
MERGE INTO his_fee_log l USING his_fee_item s ON (l.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET l.price = s.price
WHEN NOT MATCHED THEN INSERT (item_code, price) VALUES (s.item_code, s.price) WHERE s.status = '1';
MERGE INTO his_fee_item t USING his_fee_log s ON (t.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET t.price = s.price;
MERGE INTO his_fee_item t USING his_fee_log s ON (t.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET t.price = s.price DELETE WHERE t.status = '0';
";

    #[test]
    fn merge_before_postgresql_15() {
        let sql = format!("{TABLES}{MERGES}");
        insta::assert_snapshot!(translated(&sql, &highgo()));
    }

    #[test]
    fn merge_from_postgresql_15() {
        let sql = format!("{TABLES}{MERGES}");
        insta::assert_snapshot!(translated(&sql, &highgo().with_target_version(Some(15))));
    }
}
