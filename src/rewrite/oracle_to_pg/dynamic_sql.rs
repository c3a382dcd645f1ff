//! `dynamic-sql`: `EXECUTE IMMEDIATE` and `OPEN … FOR 'sql'` as PL/pgSQL's
//! `EXECUTE`.
//!
//! **What it does.** The printer writes `EXECUTE` for `EXECUTE IMMEDIATE`
//! and `OPEN c FOR EXECUTE` for a cursor opened on a string; `INTO` becomes
//! `INTO STRICT` (pass `select-into-strict`); `USING` stays. This pass
//! rewrites Oracle's bind placeholders in the SQL text, `:name` and `:1`,
//! to PostgreSQL's `$1`, `$2`, … in order of appearance, in every string
//! literal of the SQL expression (quoted text and comments inside the SQL
//! are skipped), and in the one assignment of a variable the statement
//! runs (`l_sql := '…'; EXECUTE IMMEDIATE l_sql`), or in each literal of
//! the one constructor of a collection whose elements it runs
//! (`l_drops t_name_list := t_name_list('DROP …', …); … EXECUTE IMMEDIATE
//! l_drops(i)`, an install script's clean-up list). A literal that holds a
//! whole statement is first translated like the script itself (`NVL`,
//! `(+)`, … by the other passes), and its own findings are reported; an
//! Oracle `q'{…}'` literal there becomes a standard one.
//!
//! **Why.** Oracle binds the placeholders of dynamic SQL by position, one
//! `USING` argument per occurrence whatever its name; PostgreSQL numbers
//! them. SQL assembled from variables is only known at run time, so it is
//! not translated: a warning says so. PL/pgSQL's `USING` passes input
//! values only, so `OUT` binds and `RETURNING INTO` are flagged.
//!
//! **Example.**
//!
//! ```sql
//! EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM ip_bed WHERE ward_id = :w AND bed_status = :s'
//!   INTO l_cnt USING p_ward, 'E';                                      -- PL/SQL
//! EXECUTE 'SELECT COUNT(*) FROM ip_bed WHERE ward_id = $1 AND bed_status = $2'
//!   INTO STRICT l_cnt USING p_ward, 'E';                               -- PL/pgSQL
//! ```
//!
//! **Findings.** `SP0342` (warning) for SQL built from variables or
//! concatenation; `SP0244` (error) for `USING OUT`/`IN OUT` and
//! `RETURNING INTO`.

use std::collections::{HashMap, HashSet};

use sqlparser::ast::{Expr, Value};

use crate::Options;
use crate::ast::Content;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::report::{Code, Finding};
use crate::rewrite::common::dynamic_sql_text::{
    first_literal, inner_finding, joined_literals, map_literals, map_placeholders,
    translate_literal,
};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DynamicSql;

impl Pass for DynamicSql {
    fn name(&self) -> &'static str {
        "dynamic-sql"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            if let Content::Program(program) = &mut unit.content {
                // `l_sql := '… :1 …'; EXECUTE IMMEDIATE l_sql …`: a variable
                // given its SQL once is numbered where it is given.
                let mut uses = SqlVariables::default();
                walk_program(&mut uses, program);
                let folded: HashSet<String> = uses
                    .assigned
                    .iter()
                    .filter(|(name, n)| **n == 1 && uses.executed.contains(*name))
                    .map(|(name, _)| name.clone())
                    .collect();
                let mut fold = Fold {
                    folded: &folded,
                    literal: HashSet::new(),
                    options: cx.options,
                    inner: Vec::new(),
                };
                walk_program(&mut fold, program);
                let mut v = Dynamic {
                    findings: fold.inner,
                    literal: fold.literal,
                    options: cx.options,
                };
                walk_program(&mut v, program);
                cx.findings.append(&mut v.findings);
                unit.rewritten = true;
            }
        }
    }
}

struct Dynamic<'a> {
    findings: Vec<Finding>,
    /// Variables holding SQL given once, as a literal: their SQL is known.
    literal: HashSet<String>,
    options: &'a Options,
}

/// The variable a dynamic statement runs, lower-cased.
fn sql_variable(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.to_ascii_lowercase()),
        // An element of an array of statements (`EXECUTE l_drops[i]`,
        // a collection that `collections` made an array).
        Expr::CompoundFieldAccess { root, access_chain }
            if matches!(
                &access_chain[..],
                [sqlparser::ast::AccessExpr::Subscript(_)]
            ) =>
        {
            match &**root {
                Expr::Identifier(i) => Some(i.value.to_ascii_lowercase()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The elements of an array constructor (`ARRAY['…', '…']`, cast or not):
/// the statements of an array of SQL texts.
fn array_elements(e: &mut Expr) -> Option<&mut Vec<Expr>> {
    match e {
        Expr::Array(a) => Some(&mut a.elem),
        Expr::Cast { expr, .. } | Expr::Nested(expr) => array_elements(expr),
        _ => None,
    }
}

/// The variables run as dynamic SQL, and how often each variable is given
/// a value (assignments and declaration defaults).
#[derive(Default)]
struct SqlVariables {
    executed: HashSet<String>,
    assigned: HashMap<String, usize>,
}

impl VisitMut for SqlVariables {
    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter() {
            if let Declaration::Variable {
                name,
                default: Some(_),
                ..
            } = d
            {
                *self
                    .assigned
                    .entry(name.text.to_ascii_lowercase())
                    .or_default() += 1;
            }
        }
    }

    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter() {
            match &s.kind {
                StmtKind::Assign { target, .. } => {
                    if let Some(v) = sql_variable(&target.expr) {
                        *self.assigned.entry(v).or_default() += 1;
                    }
                }
                StmtKind::ExecuteImmediate { sql, .. }
                | StmtKind::OpenFor {
                    dynamic: Some(sql), ..
                }
                | StmtKind::ForCursor {
                    source: CursorSource::Dynamic { sql, .. },
                    ..
                } => {
                    if let Some(v) = sql_variable(&sql.expr) {
                        self.executed.insert(v);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Numbers the placeholders where a folded variable gets its SQL.
struct Fold<'a> {
    folded: &'a HashSet<String>,
    literal: HashSet<String>,
    options: &'a Options,
    /// Findings of the SQL inside the literals.
    inner: Vec<Finding>,
}

impl Fold<'_> {
    /// `at`: where the assignment or declaration is, for a value an
    /// earlier pass rewrote (its own span is then empty).
    fn value(&mut self, name: String, value: &mut PlExpr, at: Span) {
        if !self.folded.contains(&name) {
            return;
        }
        let span = if value.span.is_empty() {
            at
        } else {
            value.span
        };
        // An array of statements, each run in turn: each translated.
        if let Some(elements) = array_elements(&mut value.expr)
            && !elements.is_empty()
            && elements.iter().all(|e| matches!(e, Expr::Value(_)))
        {
            for element in elements.iter_mut() {
                if let Some(problems) = translate_literal(element, self.options) {
                    self.inner.extend(inner_finding(span, &problems));
                }
                number_literals(element, &mut 1);
            }
            self.literal.insert(name);
            value.span = Span::default();
            return;
        }
        if let Some(problems) = translate_literal(&mut value.expr, self.options) {
            self.literal.insert(name);
            value.span = Span::default();
            self.inner.extend(inner_finding(span, &problems));
        }
        let mut next = 1;
        if number_literals(&mut value.expr, &mut next) {
            value.span = Span::default();
        }
    }
}

impl VisitMut for Fold<'_> {
    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter_mut() {
            if let Declaration::Variable {
                name,
                default: Some(value),
                ..
            } = d
            {
                self.value(name.text.to_ascii_lowercase(), value, name.span);
            }
        }
    }

    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            if let StmtKind::Assign { target, value } = &mut s.kind
                && let Some(v) = sql_variable(&target.expr)
            {
                self.value(v, value, s.span);
            }
        }
    }
}

impl Dynamic<'_> {
    /// Rewrites the placeholders of `sql`, warning when it is assembled.
    fn sql_text(&mut self, stmt_span: Span, sql: &mut PlExpr) {
        let mut next = 1;
        // A `||` chain of literals only (a long statement split over lines)
        // is one constant: joined, it is translated like a single literal.
        if !matches!(&*sql.expr, Expr::Value(_))
            && let Some(joined) = joined_literals(&sql.expr)
        {
            *sql.expr = Expr::Value(Value::SingleQuotedString(joined).into());
            sql.span = Span::default();
        }
        let assembled = match &*sql.expr {
            Expr::Value(_) => false,
            e => sql_variable(e).is_none_or(|v| !self.literal.contains(&v)),
        };
        if let Some(text) = first_literal(&sql.expr) {
            let head = text.trim_start().to_ascii_uppercase();
            if head.starts_with("BEGIN") || head.starts_with("DECLARE") {
                self.findings.push(
                    Finding::new(
                        Code::SP0342,
                        if sql.span.is_empty() { stmt_span } else { sql.span },
                        "dynamic PL/SQL block: EXECUTE runs one SQL statement, and the block's PL/SQL is not translated",
                    )
                    .with_help("call the routine directly (CALL …), or build a DO block in PL/pgSQL"),
                );
                return;
            }
        }
        let span = if sql.span.is_empty() {
            stmt_span
        } else {
            sql.span
        };
        if let Some(problems) = translate_literal(&mut sql.expr, self.options) {
            sql.span = Span::default();
            self.findings.extend(inner_finding(span, &problems));
        }
        if number_literals(&mut sql.expr, &mut next) {
            sql.span = Span::default();
        }
        if assembled {
            self.findings.push(
                Finding::new(
                    Code::SP0342,
                    if sql.span.is_empty() { stmt_span } else { sql.span },
                    "dynamic SQL built at run time: only its literal parts were translated (placeholders to $n)",
                )
                .with_help(
                    "check the SQL this code builds against the target: Oracle functions, (+) joins, :x placeholders",
                ),
            );
        }
    }
}

/// Renumbers the placeholders in the string literals of a `||` chain, left
/// to right; returns whether any changed.
fn number_literals(e: &mut Expr, next: &mut usize) -> bool {
    map_literals(e, &mut |text| number_placeholders(text, next))
}

/// `:name` and `:1` in SQL text become `$1`, `$2`, …; quoted text,
/// quoted names and comments are left alone.
fn number_placeholders(sql: &str, next: &mut usize) -> (String, bool) {
    map_placeholders(sql, &mut |chars, i| {
        let named = chars[i] == ':'
            && i.checked_sub(1).and_then(|p| chars.get(p)) != Some(&':')
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphanumeric() || *n == '_');
        if !named {
            return None;
        }
        let mut end = i + 1;
        while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_') {
            end += 1;
        }
        let replacement = format!("${next}");
        *next += 1;
        Some((end - i, replacement))
    })
}

impl VisitMut for Dynamic<'_> {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            let span = s.span;
            match &mut s.kind {
                StmtKind::ExecuteImmediate {
                    sql,
                    using,
                    returning,
                    ..
                } => {
                    self.sql_text(span, sql);
                    if returning.is_some()
                        || using
                            .iter()
                            .any(|u| matches!(u.mode, ParamMode::Out | ParamMode::InOut))
                    {
                        self.findings.push(
                            Finding::new(
                                Code::SP0244,
                                span,
                                "EXECUTE IMMEDIATE returns values through OUT binds or RETURNING INTO; PL/pgSQL's USING passes input values only",
                            )
                            .with_help("put RETURNING in the SQL text and use EXECUTE … INTO target USING inputs"),
                        );
                    }
                }
                StmtKind::OpenFor {
                    dynamic: Some(sql), ..
                } => self.sql_text(span, sql),
                StmtKind::ForCursor {
                    source: CursorSource::Dynamic { sql, .. },
                    ..
                } => self.sql_text(span, sql),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};
    use super::number_placeholders;

    #[test]
    fn placeholders_are_numbered_outside_quotes_and_comments() {
        let mut n = 1;
        let (sql, changed) = number_placeholders(
            "SELECT ':x', \"a:b\" FROM t WHERE a = :x AND b = :1 -- :c\n AND c = :x",
            &mut n,
        );
        assert!(changed);
        assert_eq!(
            sql,
            "SELECT ':x', \"a:b\" FROM t WHERE a = $1 AND b = $2 -- :c\n AND c = $3"
        );
    }

    #[test]
    fn execute_immediate_and_open_for() {
        let script = "CREATE OR REPLACE PROCEDURE sp_ip_bed_stat (p_ward IN NUMBER, p_table IN VARCHAR2) IS
  l_cnt  NUMBER;
  l_amt  NUMBER;
  c_rows SYS_REFCURSOR;
  l_sql  VARCHAR2(200) := q'{SELECT COUNT(*) FROM ip_bed WHERE ward_id = :w AND remark = 'x:y'}';
BEGIN
  EXECUTE IMMEDIATE l_sql INTO l_cnt USING p_ward;
  EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM ip_bed WHERE ward_id = :w AND bed_status = :s'
    INTO l_cnt USING p_ward, 'E';
  EXECUTE IMMEDIATE 'DELETE FROM ' || p_table || ' WHERE ward_id = :1' USING p_ward;
  OPEN c_rows FOR 'SELECT bed_id FROM ip_bed WHERE ward_id = :ward' USING p_ward;
  CLOSE c_rows;
  EXECUTE IMMEDIATE 'BEGIN sp_ip_refresh(:1); END;' USING p_ward;
  EXECUTE IMMEDIATE 'UPDATE ip_deposit SET status = ''R'' WHERE deposit_id = :1 RETURNING amount INTO :2'
    USING p_ward, OUT l_amt;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }

    #[test]
    fn a_statement_split_into_literals_is_joined_and_translated() {
        // 收费员日结：退费金额的动态 SQL 分两行用 || 拼接，全是字面量
        let script = "CREATE OR REPLACE PROCEDURE sp_op_refund_total (p_operator_id IN NUMBER, p_date IN DATE) IS
  l_refund NUMBER;
BEGIN
  EXECUTE IMMEDIATE
    'SELECT NVL(SUM(-total_amount), 0) FROM op_charge WHERE operator_id = :1 AND status = ''H'''
    || ' AND charge_time >= :2 AND charge_time < :3'
    INTO l_refund
    USING p_operator_id, TRUNC(p_date), TRUNC(p_date) + 1;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }

    #[test]
    fn an_array_of_statements_run_in_turn_is_translated_element_by_element() {
        // 安装脚本：清理旧对象（先子表后父表）
        let script = "DECLARE
  TYPE t_name_list IS TABLE OF VARCHAR2(200);
  l_drops t_name_list := t_name_list(
    'DROP TABLE ph_stock_log CASCADE CONSTRAINTS PURGE',
    'DELETE FROM his_op_log WHERE log_time < SYSDATE - 180 AND op_user = :u');
BEGIN
  FOR i IN 1 .. l_drops.COUNT LOOP
    EXECUTE IMMEDIATE l_drops(i) USING 'ETL';
  END LOOP;
END;
/
";
        let out = crate::translate(script, &highgo());
        assert!(
            out.sql
                .contains("ARRAY['DROP TABLE ph_stock_log CASCADE', 'DELETE FROM")
                && out
                    .sql
                    .contains("- INTERVAL ''180 days''\n  AND op_user = $1']::VARCHAR(200)[];"),
            "{}",
            out.sql
        );
        assert!(
            out.sql.contains("EXECUTE l_drops[i] USING 'ETL';"),
            "{}",
            out.sql
        );
        assert!(
            !out.report
                .findings
                .iter()
                .any(|f| f.code == crate::report::Code::SP0342),
            "{:?}",
            out.report.findings
        );
    }

    #[test]
    fn sql_in_literals_is_translated_like_the_script() {
        let script = "DECLARE
  l_sql   VARCHAR2(200) := 'SELECT NVL(SUM(amount), 0) FROM ip_deposit WHERE admission_id = :a';
  l_total NUMBER;
BEGIN
  EXECUTE IMMEDIATE l_sql INTO l_total USING 10;
  EXECUTE IMMEDIATE 'UPDATE ip_bed SET remark = NVL(remark, :r) WHERE bed_id = :b' USING 'x', 1;
END;
/
";
        let out = crate::translate(script, &highgo()).sql;
        assert!(
            out.contains(
                "'SELECT coalesce(SUM(amount), 0) FROM ip_deposit WHERE admission_id = $1'"
            ),
            "{out}"
        );
        assert!(
            out.contains("'UPDATE ip_bed SET remark = coalesce(remark, $1) WHERE bed_id = $2'"),
            "{out}"
        );
    }
}
