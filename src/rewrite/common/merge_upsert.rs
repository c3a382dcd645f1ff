//! `MERGE` without `MERGE`: the statement a PostgreSQL kernel before 15 runs
//! instead, shared by the Oracle → PostgreSQL direction
//! (`oracle_to_pg::merge`) and the PostgreSQL → older-kernel direction
//! (`pg_downgrade::merge`).
//!
//! - When the `ON` condition is an equality on exactly a primary key or
//!   unique key of the target (known from the script, see [`Keys`]), and the
//!   inserted key values are the ones `ON` compares: `INSERT … SELECT … ON
//!   CONFLICT (key) DO UPDATE SET …` (`DO NOTHING` without a `WHEN MATCHED`),
//!   the source values read through `EXCLUDED`.
//! - With only `WHEN MATCHED`: `UPDATE … FROM source WHERE on`.
//! - Otherwise one statement: a data-modifying CTE doing the `UPDATE … FROM`,
//!   then `INSERT … SELECT … WHERE NOT EXISTS (…)`; both parts see the table
//!   as it was before the statement, as `MERGE` does. Not safe against
//!   concurrent inserts of the same key (`SP0331`).

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    AssignmentTarget, BinaryOperator, Expr, Ident, Merge as MergeStatement, MergeAction,
    MergeClauseKind, MergeInsertKind, MergeUpdateKind, ObjectName, ObjectNamePart, Statement,
    TableFactor, VisitMut, VisitorMut,
};

use super::table_keys::Keys;
use crate::report::Code;
use crate::rewrite::oracle_to_pg::sql_walk::{and_all, conjuncts, find_in_block, fold, is_word};

/// The parts of a `MERGE` (Oracle's, or PostgreSQL's).
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
    /// A `WHEN MATCHED [AND c] THEN DELETE` branch (PostgreSQL's), with `c`.
    delete: Option<Option<Expr>>,
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

/// A rewritten statement, the finding's code and its message.
pub(in crate::rewrite) type Rewritten = (Statement, Code, String);

/// `merge` for a kernel without `MERGE` (before PostgreSQL 15): the
/// statement that replaces it, the finding's code and its message; `Err`
/// says why it is kept as written.
pub(in crate::rewrite) fn upsert(merge: &MergeStatement, keys: &Keys) -> Result<Rewritten, String> {
    let parts = parts(merge)?;
    let Parts {
        table,
        target,
        target_as,
        source,
        on,
        update,
        insert,
        delete,
    } = &parts;
    let set_list = |sets: &[(String, Expr)], f: &dyn Fn(&Expr) -> String| {
        sets.iter()
            .map(|(c, v)| format!("{c} = {}", f(v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let shown = |e: &Expr| e.to_string();
    if let Some(condition) = delete {
        return deleted(&parts, condition.clone());
    }
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
    let mut delete = None;
    // Whether a branch of each kind was read (`DO NOTHING` counts: a second
    // branch of a kind would depend on the first's condition).
    let (mut matched, mut not_matched) = (false, false);
    for clause in &merge.clauses {
        let first = match clause.clause_kind {
            MergeClauseKind::Matched => !std::mem::replace(&mut matched, true),
            MergeClauseKind::NotMatched => !std::mem::replace(&mut not_matched, true),
            _ => true,
        };
        match (&clause.clause_kind, &clause.action) {
            (
                MergeClauseKind::Matched | MergeClauseKind::NotMatched,
                MergeAction::DoNothing { .. },
            ) if first => {}
            (MergeClauseKind::Matched, MergeAction::Delete { .. }) if first => {
                delete = Some(and_all(clause.predicate.iter().cloned().collect()));
            }
            (MergeClauseKind::Matched, MergeAction::Update(u)) if first => {
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
            (MergeClauseKind::NotMatched, MergeAction::Insert(i)) if first => {
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
            _ if !first => {
                return Err(format!(
                    "a second `WHEN {}` branch has no translation",
                    clause.clause_kind
                ));
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
        delete,
    })
}

/// A `MERGE` whose matched branch deletes: `DELETE … USING source`, with the
/// insert of the unmatched rows after it in one statement if there is one.
fn deleted(parts: &Parts, condition: Option<Expr>) -> Result<Rewritten, String> {
    let Parts {
        table,
        target,
        target_as,
        source,
        on,
        insert,
        ..
    } = parts;
    let mut conds = vec![Expr::Nested(Box::new(on.clone()))];
    conds.extend(condition);
    let cond = and_all(conds).map(|c| c.to_string()).unwrap_or_default();
    let delete = format!("DELETE FROM {target_as} USING {source} WHERE {cond}");
    let (sql, code, message) = match insert {
        None => (
            delete,
            Code::SP0434,
            "MERGE with only WHEN MATCHED THEN DELETE became DELETE … USING".to_string(),
        ),
        Some(i) => (
            format!(
                "WITH sqlport_matched AS ({delete} RETURNING 1) INSERT INTO {table} ({}) {}",
                i.columns.join(", "),
                insert_select(i, source, Some(&not_exists(table, target, on)))
            ),
            Code::SP0331,
            "MERGE became DELETE … USING + INSERT … WHERE NOT EXISTS in one statement".to_string(),
        ),
    };
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let statement = sqlparser::parser::Parser::parse_sql(&dialect, &sql)
        .ok()
        .and_then(|s| s.into_iter().next())
        .ok_or_else(|| "the rewritten statement could not be built".to_string())?;
    Ok((statement, code, message))
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
    !find_in_block(e, &|x| match x {
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

/// Whether `merge` has a form sqlport can read (`Err`: why not), whatever
/// the kernel.
pub(in crate::rewrite) fn check(merge: &MergeStatement) -> Result<(), String> {
    parts(merge).map(|_| ())
}
