//! `select-into`: `SELECT … INTO STRICT` and `FOUND`.
//!
//! **What it does.**
//! - `INTO STRICT` loses `STRICT`: PL/SQL's `SELECT … INTO` already raises
//!   `NO_DATA_FOUND`/`TOO_MANY_ROWS` as `STRICT` does.
//! - A `SELECT … INTO` without `STRICT` is flagged where it may find no row
//!   or several (a query that is not a lone aggregate).
//! - `FOUND` becomes `SQL%FOUND`, or `c%FOUND` right after `FETCH c`.
//!
//! **Why.** Without `STRICT`, PL/pgSQL leaves NULL when no row matches and
//! takes the first of several; PL/SQL raises. `FOUND` is PL/pgSQL's; PL/SQL
//! has the cursor attributes (dameng.md, DMSQL).
//!
//! **Example.**
//! ```sql
//! SELECT bed_no INTO STRICT v_bed FROM bed WHERE bed_id = p_bed_id;
//! SELECT bed_no INTO v_bed FROM bed WHERE bed_id = p_bed_id;
//! IF NOT FOUND THEN …        -- IF NOT SQL%FOUND THEN …
//! ```
//!
//! - `… RETURNING x INTO STRICT v` loses `STRICT` (DMSQL's `RETURNING …
//!   INTO` has none); an `UPDATE`/`DELETE` is reported (`SP0225`): on DM no
//!   row leaves `v` NULL where PL/pgSQL raised `NO_DATA_FOUND`.
//!
//! **Findings.** `SP0225` (warning) as above; `SP0356` (warning) a non-strict `SELECT INTO` that may find
//! no row or several; `SP0359` (warning) `FOUND` right after a statement
//! whose DM attribute differs (a loop, `PERFORM`).

use sqlparser::ast::{Expr, SelectItem, SetExpr, Statement};

use super::{ora_expr, pl_expr};
use crate::ast::procedural::*;
use crate::ast::visit::VisitMut;
use crate::report::{Code, Finding};

use crate::source::Span;

program_pass!(SelectInto, "select-into");

impl VisitMut for Rewriter {
    fn sql(&mut self, sql: &mut EmbeddedSql) {
        let Some(into) = &mut sql.into else {
            return;
        };
        if !matches!(*sql.statement, Statement::Query(_)) {
            // `… RETURNING x INTO STRICT v`: DMSQL writes it without STRICT.
            if into.strict {
                into.strict = false;
                sql.span = Span::default();
                self.changed = true;
                if !matches!(*sql.statement, Statement::Insert(_)) {
                    self.findings.push(Finding::new(
                        Code::SP0225,
                        if into.span.is_empty() { sql.span } else { into.span },
                        "RETURNING … INTO STRICT: DM has no STRICT; when no row is changed the variables are left NULL instead of raising NO_DATA_FOUND",
                    ).with_help("if the code relied on the error, add IF SQL%ROWCOUNT = 0 THEN RAISE NO_DATA_FOUND; END IF; after it"));
                }
            }
            return;
        }
        if into.strict {
            into.strict = false;
            // Printed from its AST: the source text says `INTO STRICT`.
            sql.span = Span::default();
            self.changed = true;
        } else if !into.bulk_collect && !single_row(&sql.statement) {
            self.findings.push(Finding::new(
                Code::SP0356,
                if into.span.is_empty() { sql.span } else { into.span },
                "SELECT … INTO without STRICT: on DM no row raises NO_DATA_FOUND (PostgreSQL left NULL) and several rows raise TOO_MANY_ROWS (PostgreSQL took the first)",
            ));
        }
    }

    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for k in 0..stmts.len() {
            let replacement = match k.checked_sub(1).and_then(|p| stmts.get(p)).map(|p| &p.kind) {
                Some(StmtKind::Fetch { cursor, .. }) => format!("{}%FOUND", cursor.text),
                _ => "SQL%FOUND".to_string(),
            };
            let after_other = k
                .checked_sub(1)
                .and_then(|p| stmts.get(p))
                .is_some_and(|p| {
                    matches!(
                        p.kind,
                        StmtKind::Perform(_)
                            | StmtKind::ForCursor { .. }
                            | StmtKind::ForRange { .. }
                            | StmtKind::Foreach { .. }
                            | StmtKind::ReturnQuery { .. }
                            | StmtKind::Move { .. }
                    )
                });
            let Some(s) = stmts.get_mut(k) else { break };
            let span = s.span;
            let mut found = false;
            for e in direct_exprs(&mut s.kind) {
                if replace_found(e, &replacement) {
                    found = true;
                }
            }
            if found {
                self.changed = true;
                if after_other {
                    self.findings.push(Finding::new(
                        Code::SP0359,
                        span,
                        "FOUND after a loop or PERFORM: PostgreSQL set it there, SQL%FOUND reads the last SQL statement",
                    ));
                }
            }
        }
    }
}

/// The expressions a statement holds itself (not those of nested statements).
fn direct_exprs(kind: &mut StmtKind) -> Vec<&mut PlExpr> {
    match kind {
        StmtKind::If { branches, .. } => branches.iter_mut().map(|b| &mut b.condition).collect(),
        StmtKind::Case { operand, whens, .. } => operand
            .iter_mut()
            .chain(whens.iter_mut().map(|b| &mut b.condition))
            .collect(),
        StmtKind::While { condition, .. } => vec![condition],
        StmtKind::Exit { when, .. } | StmtKind::Continue { when, .. } => when.iter_mut().collect(),
        StmtKind::Assign { value, .. } => vec![value],
        StmtKind::Return(v) => v.iter_mut().collect(),
        _ => Vec::new(),
    }
}

/// Replaces the identifier `FOUND` in `e`; whether there was one.
fn replace_found(e: &mut PlExpr, replacement: &str) -> bool {
    let Some(with) = ora_expr(replacement) else {
        return false;
    };
    let changed = crate::rewrite::visit_unit::visit_exprs(&mut *e.expr, &mut |x| match x {
        Expr::Identifier(id)
            if id.quote_style.is_none() && id.value.eq_ignore_ascii_case("found") =>
        {
            *x = with.clone();
            true
        }
        _ => false,
    });
    if changed {
        *e = pl_expr((*e.expr).clone());
    }
    changed
}

/// Whether a query returns exactly one row: a lone aggregate without `GROUP BY`.
fn single_row(statement: &Statement) -> bool {
    let Statement::Query(q) = statement else {
        return false;
    };
    let SetExpr::Select(select) = q.body.as_ref() else {
        return false;
    };
    let no_group =
        matches!(&select.group_by, sqlparser::ast::GroupByExpr::Expressions(e, _) if e.is_empty());
    no_group
        && select.having.is_none()
        && !select.projection.is_empty()
        && select.projection.iter().all(|p| match p {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => aggregate(e),
            _ => false,
        })
}

fn aggregate(e: &Expr) -> bool {
    match e {
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            matches!(
                name.as_str(),
                "count"
                    | "sum"
                    | "max"
                    | "min"
                    | "avg"
                    | "string_agg"
                    | "array_agg"
                    | "bool_and"
                    | "bool_or"
            )
        }
        Expr::Nested(inner) => aggregate(inner),
        _ => matches!(e, Expr::Value(_)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn returning_into_keeps_dm_form() {
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION fn_admit(p_patient bigint, p_ward varchar, p_bed_no varchar) RETURNS bigint LANGUAGE plpgsql AS $$\nDECLARE\n    v_id bigint;\n    v_bed varchar(10);\nBEGIN\n    -- 登记入院并占用床位\n    INSERT INTO admission (patient_id, ward_code) VALUES (p_patient, p_ward) RETURNING admission_id INTO STRICT v_id;\n    UPDATE bed SET status = 'O', admission_id = v_id WHERE ward_code = p_ward AND bed_no = p_bed_no RETURNING bed_no INTO STRICT v_bed;\n    DELETE FROM bed_reservation WHERE patient_id = p_patient RETURNING bed_no INTO v_bed;\n    RETURN v_id;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn strict_found_and_non_strict_into() {
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION fn_free_bed(p_ward varchar) RETURNS varchar LANGUAGE plpgsql AS $$\nDECLARE\n    v_bed varchar(10);\n    v_n integer;\n    c_bed CURSOR FOR SELECT bed_no FROM bed;\nBEGIN\n    SELECT count(*) INTO v_n FROM bed WHERE ward_code = p_ward;\n    SELECT ward_name INTO STRICT v_bed FROM ward WHERE ward_code = p_ward;\n    SELECT bed_no INTO v_bed FROM bed WHERE ward_code = p_ward AND status = 'F';\n    IF NOT FOUND THEN\n        RETURN NULL;\n    END IF;\n    OPEN c_bed;\n    FETCH c_bed INTO v_bed;\n    IF FOUND THEN\n        RETURN v_bed;\n    END IF;\n    RETURN v_bed;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
