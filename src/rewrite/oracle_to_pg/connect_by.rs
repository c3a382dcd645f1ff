//! `connect-by`: Oracle hierarchical queries become `WITH RECURSIVE`.
//!
//! **What it does.** A query block over one table with
//! `[START WITH cond] CONNECT BY [NOCYCLE] PRIOR a = b [AND …]` becomes a
//! recursive CTE `sqlport_tree` over the same table, and the block reads the
//! CTE under the table's own name, so its select list, `WHERE` and
//! `ORDER BY` keep working as written:
//! - the anchor member is the `START WITH` rows (every row without it);
//! - the recursive member joins a child row to its parent (`sqlport_p`) on
//!   each `PRIOR` condition (`PRIOR` side from the parent); the other
//!   `CONNECT BY` conditions filter the children (`LEVEL` there is the
//!   child's level);
//! - the CTE carries `sqlport_level` (`LEVEL`), one `sqlport_path_N` per
//!   `SYS_CONNECT_BY_PATH(e, sep)` (built with `concat`, which skips NULLs
//!   as Oracle's `||` does), one `sqlport_root_N` per `CONNECT_BY_ROOT e`,
//!   `sqlport_order` (an array of sibling positions: rows come out depth
//!   first, as in Oracle; with `ORDER SIBLINGS BY` the positions follow its
//!   keys) and `sqlport_visited` (the rows on the way down, by `ctid`: a
//!   row already on its path is not followed, which is `NOCYCLE`'s result;
//!   where Oracle without `NOCYCLE` raises ORA-01436 the translation stops);
//! - `CONNECT_BY_ISLEAF` becomes a `NOT EXISTS` test for a child row;
//! - `SELECT level … FROM dual CONNECT BY level <= n` (the row generator)
//!   becomes `generate_series(1, n)`.
//!
//! Portable on PostgreSQL 12 and later: no `SEARCH`/`CYCLE` clauses (14+).
//!
//! **Why.** PostgreSQL has no `CONNECT BY` (HighGo's own documentation says
//! so, `shared/dialects/highgo_ora2pg.md` A.4).
//!
//! **Example.**
//!
//! ```sql
//! SELECT LEVEL, dept_name FROM his_dept
//!  START WITH parent_id IS NULL CONNECT BY PRIOR dept_id = parent_id;
//! WITH RECURSIVE sqlport_tree AS (
//!   SELECT his_dept.*, 1 AS sqlport_level, … FROM his_dept WHERE parent_id IS NULL
//!   UNION ALL
//!   SELECT his_dept.*, sqlport_p.sqlport_level + 1, … FROM his_dept
//!     JOIN sqlport_tree AS sqlport_p ON sqlport_p.dept_id = his_dept.parent_id
//!    WHERE NOT COALESCE(his_dept.ctid = ANY(sqlport_p.sqlport_visited), false))
//! SELECT his_dept.sqlport_level, dept_name FROM sqlport_tree AS his_dept
//!  ORDER BY his_dept.sqlport_order;
//! ```
//!
//! **Findings.** `SP0433` (info) per rewritten query; `SP0332` (warning)
//! when the block selects `*` (the CTE's extra columns come with it);
//! `SP0232` (error) for what is kept as written: several tables or a join,
//! no `PRIOR col = col` condition, `PRIOR` outside `CONNECT BY`,
//! `CONNECT_BY_ISCYCLE`.
//!
//! **Source.** Oracle SQL Language Reference, "Hierarchical Queries" and
//! "Hierarchical Query Pseudocolumns"; PostgreSQL manual, "WITH Queries"
//! (recursive queries).

use std::ops::ControlFlow;

use sqlparser::ast::{
    ConnectByKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, OrderByKind,
    Query, SelectItem, SetExpr, Spanned, Statement, TableFactor, VisitMut, VisitorMut,
};

use super::from_dual::is_dual;
use super::sql_walk::{
    conjuncts, find_in_block, fold, is_pseudo, is_word, locate, rewrite_in_block, statements_at,
    wrap_branches,
};
use crate::ast::SetAside;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConnectBy;

impl Pass for ConnectBy {
    fn name(&self) -> &'static str {
        "connect-by"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let mut findings = Vec::new();
            statements_at(unit, &mut |statement, base, set_aside| {
                let mut v = Rewrite {
                    text,
                    base,
                    set_aside,
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
    set_aside: &'a mut Vec<SetAside>,
    findings: &'a mut Vec<Finding>,
    changed: bool,
}

const TREE: &str = "sqlport_tree";
const PARENT: &str = "sqlport_p";
const CHILD: &str = "sqlport_c";

impl VisitorMut for Rewrite<'_> {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        // A UNION branch that is hierarchical gets a block of its own, for its WITH.
        self.changed |= wrap_branches(query, &|s| !s.connect_by.is_empty());
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        let SetExpr::Select(select) = query.body.as_ref() else {
            return ControlFlow::Continue(());
        };
        let Some(first) = select.connect_by.first() else {
            return ControlFlow::Continue(());
        };
        let token = match first {
            ConnectByKind::ConnectBy { connect_token, .. } => connect_token.0.span,
            ConnectByKind::StartWith { start_token, .. } => start_token.0.span,
        };
        let at = locate(self.text, self.base, token);
        let siblings = self.siblings(query);
        let original = query.clone();
        match rewrite(query, siblings.is_some()) {
            Ok(note) => {
                if let Some(i) = siblings {
                    self.set_aside.remove(i);
                }
                self.changed = true;
                if note.star {
                    self.findings.push(Finding::new(
                        Code::SP0332,
                        at,
                        "the hierarchical query selects *: on the target it also returns the CTE's sqlport_* columns",
                    ));
                }
                self.findings
                    .push(Finding::new(Code::SP0433, at, note.message));
            }
            Err(why) => {
                *query = original;
                self.findings.push(Finding::new(
                    Code::SP0232,
                    at,
                    format!("hierarchical query kept as written: {why}"),
                ));
            }
        }
        ControlFlow::Continue(())
    }
}

impl Rewrite<'_> {
    /// The index of the `SIBLINGS` set aside from this query's `ORDER BY`:
    /// one on the line of its first key, before it.
    fn siblings(&self, query: &Query) -> Option<usize> {
        let order = query.order_by.as_ref()?;
        let OrderByKind::Expressions(keys) = &order.kind else {
            return None;
        };
        let key = locate(self.text, self.base, keys.first()?.expr.span());
        let line = |offset: usize| self.text.get(..offset).map(|t| t.matches('\n').count());
        let siblings = || {
            self.set_aside
                .iter()
                .enumerate()
                .filter(|(_, c)| c.keyword == "SIBLINGS")
        };
        siblings()
            .find(|(_, c)| {
                c.span.start < key.start
                    && line(c.span.start).is_some()
                    && line(c.span.start) == line(key.start)
            })
            // A statement reprinted by an earlier pass has lost its
            // positions: one SIBLINGS can only be this query's.
            .or_else(|| {
                let mut all = siblings();
                match (all.next(), all.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            })
            .map(|(i, _)| i)
    }
}

/// What a successful rewrite reports.
struct Note {
    message: String,
    star: bool,
}

/// A `PRIOR parent = child` condition.
struct PriorPair {
    parent: Expr,
    child: Expr,
}

fn rewrite(query: &mut Query, siblings: bool) -> Result<Note, String> {
    let SetExpr::Select(select) = query.body.as_mut() else {
        return Err("not a plain SELECT".to_string());
    };
    let mut start = None;
    let mut conditions = Vec::new();
    let mut nocycle = false;
    for clause in select.connect_by.drain(..) {
        match clause {
            ConnectByKind::StartWith { condition, .. } => start = Some(*condition),
            ConnectByKind::ConnectBy {
                nocycle: n,
                relationships,
                ..
            } => {
                nocycle |= n;
                conditions.extend(relationships.into_iter().flat_map(conjuncts));
            }
        }
    }
    let [table] = &select.from[..] else {
        return Err("the hierarchical query reads several tables".to_string());
    };
    if !table.joins.is_empty() {
        return Err("the hierarchical query joins tables".to_string());
    }
    // The row generator: SELECT LEVEL … FROM dual CONNECT BY LEVEL <= n.
    if is_dual(table)
        && start.is_none()
        && let [Expr::BinaryOp { left, op, right }] = &conditions[..]
        && (is_pseudo(left, "LEVEL") || is_pseudo(left, "ROWNUM"))
        && matches!(
            op,
            sqlparser::ast::BinaryOperator::LtEq | sqlparser::ast::BinaryOperator::Lt
        )
    {
        let last = match op {
            sqlparser::ast::BinaryOperator::Lt => format!("({right}) - 1"),
            _ => right.to_string(),
        };
        let factor = parse_factor(&format!(
            "generate_series(1, {last}) AS sqlport_rows(level)"
        ))?;
        select.from[0].relation = factor;
        rewrite_in_block(&mut select.projection, &mut |e| {
            if is_pseudo(e, "ROWNUM") {
                *e = Expr::Identifier(Ident::new("level"));
                return true;
            }
            false
        });
        return Ok(Note {
            message: format!(
                "row generator CONNECT BY {left} {op} {right} became generate_series(1, {last})"
            ),
            star: false,
        });
    }
    let table_read = matches!(table.relation, TableFactor::Table { .. });
    let (name, relation) = match &table.relation {
        TableFactor::Table { alias, name, .. } => (
            match alias {
                Some(a) => fold(&a.name),
                None => name.0.last().map(|p| p.to_string()).unwrap_or_default(),
            },
            table.relation.to_string(),
        ),
        TableFactor::Derived { alias: Some(a), .. } => (fold(&a.name), table.relation.to_string()),
        _ => return Err("the hierarchical query does not read a table".to_string()),
    };
    if name.is_empty() {
        return Err("the table has no name to refer to".to_string());
    }
    // PRIOR conditions join a child to its parent; the others filter children.
    let mut pairs = Vec::new();
    let mut filters = Vec::new();
    for c in conditions {
        let priors = find_in_block(&c, &|e| matches!(e, Expr::Prior(_)));
        if priors.is_empty() {
            filters.push(c);
            continue;
        }
        let pair = match &c {
            Expr::BinaryOp {
                left,
                op: sqlparser::ast::BinaryOperator::Eq,
                right,
            } => match (left.as_ref(), right.as_ref()) {
                (Expr::Prior(p), child) | (child, Expr::Prior(p))
                    if find_in_block(child, &|e| matches!(e, Expr::Prior(_))).is_empty() =>
                {
                    Some(PriorPair {
                        parent: (**p).clone(),
                        child: child.clone(),
                    })
                }
                _ => None,
            },
            _ => None,
        };
        match pair {
            Some(p) => pairs.push(p),
            None => return Err(format!("`{c}` is not of the form PRIOR a = b")),
        }
    }
    let Some(key) = pairs.first() else {
        return Err("CONNECT BY has no PRIOR a = b condition".to_string());
    };
    // The block's pseudo-columns and functions, replaced by CTE columns.
    let col = |c: &str| Expr::CompoundIdentifier(vec![Ident::new(name.clone()), Ident::new(c)]);
    let mut paths: Vec<(Expr, Expr)> = Vec::new();
    let mut roots: Vec<Expr> = Vec::new();
    let mut problem: Option<String> = None;
    let leaf = is_leaf(&relation, &name, &pairs, &filters)?;
    let mut replace = |e: &mut Expr| -> bool {
        if is_pseudo(e, "LEVEL") {
            *e = col("sqlport_level");
            return true;
        }
        if is_pseudo(e, "CONNECT_BY_ISLEAF") {
            *e = leaf.clone();
            return true;
        }
        // `PRIOR col` in a select list reads as a column PRIOR aliased `col`.
        if is_pseudo(e, "PRIOR") {
            problem.get_or_insert("PRIOR is used outside CONNECT BY".to_string());
            return false;
        }
        if is_pseudo(e, "CONNECT_BY_ISCYCLE") {
            problem.get_or_insert("CONNECT_BY_ISCYCLE has no translation".to_string());
            return false;
        }
        match e {
            Expr::Prior(_) => {
                problem.get_or_insert("PRIOR is used outside CONNECT BY".to_string());
                false
            }
            Expr::Prefixed { prefix, value } if is_word(prefix, "CONNECT_BY_ROOT") => {
                roots.push((**value).clone());
                *e = col(&format!("sqlport_root_{}", roots.len()));
                true
            }
            Expr::Function(f)
                if f.name.0.len() == 1
                    && f.name
                        .to_string()
                        .eq_ignore_ascii_case("SYS_CONNECT_BY_PATH") =>
            {
                let args = match &f.args {
                    FunctionArguments::List(l) => l
                        .args
                        .iter()
                        .filter_map(|a| match a {
                            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                    _ => Vec::new(),
                };
                let [value, separator] = &args[..] else {
                    problem.get_or_insert("SYS_CONNECT_BY_PATH needs two arguments".to_string());
                    return false;
                };
                paths.push((value.clone(), separator.clone()));
                *e = col(&format!("sqlport_path_{}", paths.len()));
                true
            }
            _ => false,
        }
    };
    // A pseudo-column selected alone keeps its Oracle name.
    for item in select.projection.iter_mut() {
        if let SelectItem::UnnamedExpr(Expr::Identifier(id)) = item
            && ["LEVEL", "CONNECT_BY_ISLEAF"]
                .iter()
                .any(|w| is_word(id, w))
        {
            let alias = Ident::new(id.value.to_ascii_lowercase());
            *item = SelectItem::ExprWithAlias {
                expr: Expr::Identifier(id.clone()),
                alias,
            };
        }
    }
    rewrite_in_block(&mut select.projection, &mut replace);
    if let Some(w) = &mut select.selection {
        rewrite_in_block(w, &mut replace);
    }
    let mut sibling_keys = Vec::new();
    if let Some(order) = &mut query.order_by {
        if siblings {
            if let OrderByKind::Expressions(keys) = &order.kind {
                sibling_keys = keys.clone();
            }
        } else {
            rewrite_in_block(order, &mut replace);
        }
    }
    if let Some(p) = problem {
        return Err(p);
    }
    let SetExpr::Select(select) = query.body.as_mut() else {
        return Err("not a plain SELECT".to_string());
    };
    let star = select.projection.iter().any(|p| {
        matches!(
            p,
            SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
        )
    });
    // The CTE, written as SQL and read back.
    let n = &name;
    let child = |e: &Expr| qualify(e, n, n).to_string();
    let parent = |e: &Expr| qualify(e, n, PARENT).to_string();
    let order = if sibling_keys.is_empty() {
        "OVER ()".to_string()
    } else {
        let keys: Vec<String> = sibling_keys
            .iter()
            .map(|k| {
                let mut k = k.clone();
                k.expr = qualify(&k.expr, n, n);
                k.to_string()
            })
            .collect();
        format!("OVER (ORDER BY {})", keys.join(", "))
    };
    // What identifies a row on its path: its ctid for a table, else the
    // PRIOR key (a NULL key never matches).
    let visited = if table_read {
        format!("{n}.ctid")
    } else {
        child(&key.parent)
    };
    let mut anchor = vec![
        format!("{n}.*"),
        "1 AS sqlport_level".to_string(),
        format!("ARRAY[row_number() {order}] AS sqlport_order"),
        format!("ARRAY[{visited}] AS sqlport_visited"),
    ];
    let mut recursive = vec![
        format!("{n}.*"),
        format!("{PARENT}.sqlport_level + 1"),
        format!("{PARENT}.sqlport_order || row_number() {order}"),
        format!("{PARENT}.sqlport_visited || {visited}"),
    ];
    for (i, (value, separator)) in paths.iter().enumerate() {
        let i = i + 1;
        anchor.push(format!(
            "concat({}, {}) AS sqlport_path_{i}",
            child(separator),
            child(value)
        ));
        recursive.push(format!(
            "concat({PARENT}.sqlport_path_{i}, {}, {})",
            child(separator),
            child(value)
        ));
    }
    for (i, value) in roots.iter().enumerate() {
        let i = i + 1;
        anchor.push(format!("{} AS sqlport_root_{i}", child(value)));
        recursive.push(format!("{PARENT}.sqlport_root_{i}"));
    }
    let mut join: Vec<String> = pairs
        .iter()
        .map(|p| format!("{} = {}", parent(&p.parent), child(&p.child)))
        .collect();
    for f in &filters {
        let mut f = qualify(f, n, n);
        rewrite_in_block(&mut f, &mut |e| {
            if is_pseudo(e, "LEVEL") {
                *e = Expr::Nested(Box::new(Expr::BinaryOp {
                    left: Box::new(Expr::CompoundIdentifier(vec![
                        Ident::new(PARENT),
                        Ident::new("sqlport_level"),
                    ])),
                    op: sqlparser::ast::BinaryOperator::Plus,
                    right: Box::new(Expr::Value(
                        sqlparser::ast::Value::Number("1".to_string(), false).into(),
                    )),
                }));
                return true;
            }
            false
        });
        join.push(f.to_string());
    }
    let start = start
        .map(|s| format!(" WHERE {}", qualify(&s, n, n)))
        .unwrap_or_default();
    let cte = format!(
        "WITH RECURSIVE {TREE} AS (SELECT {} FROM {relation}{start} UNION ALL SELECT {} FROM {relation} JOIN {TREE} AS {PARENT} ON {} WHERE NOT COALESCE({visited} = ANY({PARENT}.sqlport_visited), false)) SELECT 1",
        anchor.join(", "),
        recursive.join(", "),
        join.join(" AND "),
    );
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let parsed = sqlparser::parser::Parser::parse_sql(&dialect, &cte)
        .map_err(|e| format!("the recursive query could not be built ({e})"))?;
    let Some(Statement::Query(q)) = parsed.into_iter().next() else {
        return Err("the recursive query could not be built".to_string());
    };
    let Some(with) = q.with else {
        return Err("the recursive query could not be built".to_string());
    };
    select.from[0].relation = parse_factor(&format!("{TREE} AS {n}"))?;
    match &mut query.with {
        Some(w) => {
            w.recursive = true;
            w.cte_tables.extend(with.cte_tables);
        }
        None => query.with = Some(with),
    }
    // Depth-first order, as Oracle returns the rows, unless the query sorts
    // or groups (then Oracle promises no order, and PostgreSQL would refuse
    // a sort on a column that is not grouped).
    if siblings || (query.order_by.is_none() && !groups(select)) {
        let order = parse_order(&format!("{n}.sqlport_order"))?;
        query.order_by = Some(order);
    }
    let mut uses = Vec::new();
    if nocycle {
        uses.push("NOCYCLE".to_string());
    }
    if siblings {
        uses.push("ORDER SIBLINGS BY".to_string());
    }
    if !paths.is_empty() {
        uses.push("SYS_CONNECT_BY_PATH".to_string());
    }
    if !roots.is_empty() {
        uses.push("CONNECT_BY_ROOT".to_string());
    }
    let with_uses = if uses.is_empty() {
        String::new()
    } else {
        format!(" (with {})", uses.join(", "))
    };
    Ok(Note {
        message: format!(
            "START WITH … CONNECT BY over `{n}` became WITH RECURSIVE {TREE}{with_uses}"
        ),
        star,
    })
}

/// `CASE WHEN EXISTS (a child row) THEN 0 ELSE 1 END`, for `CONNECT_BY_ISLEAF`
/// in the block that reads the CTE under `name`.
fn is_leaf(
    relation: &str,
    name: &str,
    pairs: &[PriorPair],
    filters: &[Expr],
) -> Result<Expr, String> {
    // The child table gets its own name; the parent is the block's row.
    let table = relation
        .split_whitespace()
        .next()
        .unwrap_or(relation)
        .to_string();
    let mut conds: Vec<String> = pairs
        .iter()
        .map(|p| {
            format!(
                "{} = {}",
                qualify(&p.parent, name, name),
                qualify(&p.child, name, CHILD)
            )
        })
        .collect();
    conds.extend(filters.iter().map(|f| {
        let mut f = qualify(f, name, CHILD);
        rewrite_in_block(&mut f, &mut |e| {
            if is_pseudo(e, "LEVEL") {
                *e = Expr::Identifier(Ident::new(format!("{name}.sqlport_level + 1")));
                return true;
            }
            false
        });
        f.to_string()
    }));
    let sql = format!(
        "CASE WHEN EXISTS (SELECT 1 FROM {table} AS {CHILD} WHERE {}) THEN 0 ELSE 1 END",
        conds.join(" AND ")
    );
    super::pg_expr(&sql).ok_or_else(|| "CONNECT_BY_ISLEAF could not be built".to_string())
}

/// Pseudo-columns and functions that are not columns of the table.
const NOT_COLUMNS: &[&str] = &[
    "LEVEL",
    "ROWNUM",
    "SYSDATE",
    "SYSTIMESTAMP",
    "USER",
    "CURRENT_DATE",
    "CURRENT_TIMESTAMP",
    "NULL",
    "TRUE",
    "FALSE",
    "CONNECT_BY_ISLEAF",
];

/// `e` with its columns of `table` written `to.column`: bare names (the
/// block reads one table, so they are its columns) and `table.column`.
fn qualify(e: &Expr, table: &str, to: &str) -> Expr {
    let mut e = e.clone();
    rewrite_in_block(&mut e, &mut |e| match e {
        Expr::Identifier(id) if !NOT_COLUMNS.iter().any(|w| is_word(id, w)) => {
            *e = Expr::CompoundIdentifier(vec![Ident::new(to), id.clone()]);
            true
        }
        Expr::CompoundIdentifier(parts) if parts.len() == 2 && fold(&parts[0]) == table => {
            parts[0] = Ident::new(to);
            true
        }
        _ => false,
    });
    e
}

fn parse_factor(sql: &str) -> Result<TableFactor, String> {
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let parsed = sqlparser::parser::Parser::parse_sql(&dialect, &format!("SELECT * FROM {sql}"))
        .map_err(|e| e.to_string())?;
    match parsed.into_iter().next() {
        Some(Statement::Query(q)) => match *q.body {
            SetExpr::Select(s) => s
                .from
                .into_iter()
                .next()
                .map(|t| t.relation)
                .ok_or_else(|| "no table".to_string()),
            _ => Err("no table".to_string()),
        },
        _ => Err("no table".to_string()),
    }
}

fn parse_order(sql: &str) -> Result<sqlparser::ast::OrderBy, String> {
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let parsed =
        sqlparser::parser::Parser::parse_sql(&dialect, &format!("SELECT 1 ORDER BY {sql}"))
            .map_err(|e| e.to_string())?;
    match parsed.into_iter().next() {
        Some(Statement::Query(q)) => q.order_by.ok_or_else(|| "no order".to_string()),
        _ => Err("no order".to_string()),
    }
}

/// Whether `select` groups its rows (`GROUP BY`, `DISTINCT`, or an
/// aggregate call outside a window).
fn groups(select: &sqlparser::ast::Select) -> bool {
    use sqlparser::ast::{GroupByExpr, Visit, Visitor};
    struct Aggregates(bool);
    impl Visitor for Aggregates {
        type Break = ();
        fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
            if let Expr::Function(f) = e
                && f.over.is_none()
            {
                let name = f.name.to_string().to_ascii_uppercase();
                if matches!(
                    name.as_str(),
                    "COUNT"
                        | "SUM"
                        | "AVG"
                        | "MIN"
                        | "MAX"
                        | "LISTAGG"
                        | "STRING_AGG"
                        | "ARRAY_AGG"
                ) {
                    self.0 = true;
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        }
    }
    let grouped = match &select.group_by {
        GroupByExpr::All(_) => true,
        GroupByExpr::Expressions(exprs, _) => !exprs.is_empty(),
    };
    if grouped || select.distinct.is_some() {
        return true;
    }
    let mut v = Aggregates(false);
    let _ = select.projection.visit(&mut v);
    v.0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn a_grouped_hierarchy_is_not_sorted_depth_first() {
        // 每个一级科室下的科室数：分组后 Oracle 不保证顺序
        let sql = "SELECT dept_type, COUNT(*) AS dept_count
  FROM his_department
 START WITH parent_id = 1
CONNECT BY PRIOR dept_id = parent_id
 GROUP BY dept_type;
";
        let out = translated(sql, &highgo());
        assert!(out.contains("WITH RECURSIVE"), "{out}");
        assert!(out.contains("GROUP BY"), "{out}");
        assert!(
            !out.contains("ORDER BY his_department.sqlport_order"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn hierarchies_become_recursive_ctes() {
        let sql = "-- 科室树：自顶向下
SELECT LEVEL AS lvl, LPAD(' ', 2 * (LEVEL - 1)) || d.dept_name AS dept_tree,
       SYS_CONNECT_BY_PATH(d.dept_name, '/') AS dept_path,
       CONNECT_BY_ROOT d.dept_name AS root_name, CONNECT_BY_ISLEAF AS is_leaf
  FROM his_dept d
 WHERE d.status = 'A'
 START WITH d.parent_id IS NULL
CONNECT BY NOCYCLE PRIOR d.dept_id = d.parent_id
 ORDER SIBLINGS BY d.sort_no;
-- 自底向上：某科室的所有上级
SELECT dept_id, dept_name, LEVEL FROM his_dept
 START WITH dept_code = 'EK' CONNECT BY PRIOR parent_id = dept_id AND LEVEL <= 5;
-- 行生成器
SELECT LEVEL AS day_no FROM dual CONNECT BY LEVEL <= 7;
-- UNION 的一个分支是层次查询
SELECT dept_id FROM his_dept WHERE status = 'X'
UNION
SELECT dept_id FROM his_dept START WITH dept_code = 'NK' CONNECT BY PRIOR dept_id = parent_id;
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn what_cannot_be_translated_is_flagged() {
        let sql =
            "SELECT e.emp_name, d.dept_name FROM his_emp e, his_dept d WHERE e.dept_id = d.dept_id
 START WITH e.mgr_id IS NULL CONNECT BY PRIOR e.emp_id = e.mgr_id;
SELECT dept_name, PRIOR dept_name FROM his_dept CONNECT BY PRIOR dept_id = parent_id;
SELECT * FROM his_dept START WITH parent_id IS NULL CONNECT BY PRIOR dept_id = parent_id;
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }
}
