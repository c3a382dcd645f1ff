//! `routine-shell`: a PL/pgSQL routine's header becomes a DMSQL/PL/SQL one,
//! and every PL/pgSQL program unit is printed as PL/SQL.
//!
//! **What it does.** Marks every program unit read from the PostgreSQL
//! script as rewritten, so that the printer prints it in PL/SQL style:
//! `CREATE FUNCTION f(a integer) RETURNS t LANGUAGE plpgsql AS $$ … $$;`
//! becomes `CREATE FUNCTION f (a IN integer) RETURN t IS … END;` followed by
//! a `/` line, and a `DO $$ … $$;` block an anonymous `DECLARE … BEGIN …
//! END;` + `/`. On the header:
//! - the PostgreSQL-only clauses (`LANGUAGE`, `STABLE`, `VOLATILE`,
//!   `PARALLEL …`, `COST n`, `ROWS n`, `SECURITY …`, `SET …`, `STRICT`, …)
//!   are dropped; `IMMUTABLE` becomes `DETERMINISTIC`;
//! - a function `RETURNS void` becomes a procedure;
//! - a set-returning function (`RETURNS SETOF t`, `RETURNS TABLE (…)`)
//!   whose rows come from `RETURN QUERY` statements, each followed by
//!   nothing or by `RETURN`, returns a `SYS_REFCURSOR`: every `RETURN QUERY
//!   q` becomes `OPEN sqlport_rows FOR q; RETURN sqlport_rows;`.
//!
//! **Why.** DM8 reads PL/SQL-style routines (`AS|IS … BEGIN … END;`, ended
//! by `/` in DIsql) and has no `$$` bodies, no `void` type and no `SETOF`
//! result (dameng.md, DMSQL). A cursor result is what DM offers without a
//! collection type declared for the rows; the callers change, so that is
//! reported.
//!
//! **Example.**
//! ```sql
//! CREATE FUNCTION fn_ward_beds(p_ward varchar) RETURNS SETOF bed LANGUAGE plpgsql STABLE AS $$
//! BEGIN
//!   RETURN QUERY SELECT * FROM bed WHERE ward_code = p_ward;
//! END $$;
//! -- becomes
//! CREATE FUNCTION fn_ward_beds (p_ward IN varchar) RETURN SYS_REFCURSOR
//! IS
//!   sqlport_rows SYS_REFCURSOR;
//! BEGIN
//!   OPEN sqlport_rows FOR SELECT * FROM bed WHERE ward_code = p_ward;
//!   RETURN sqlport_rows;
//! END;
//! /
//! ```
//!
//! **Findings.** `SP0485` (info) header clauses dropped; `SP0357` (warning)
//! a `void` function became a procedure; `SP0355` (warning) a set-returning
//! function returns a cursor; `SP0211` (error) a set-returning function
//! whose rows cannot become one cursor (`RETURN QUERY` followed by more
//! work, dynamic `RETURN QUERY EXECUTE`; `RETURN NEXT` functions are made
//! pipelined by `pipelined` first); `SP0222` (error)
//! an unnamed or `VARIADIC` parameter.

use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_block};
use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The name of the cursor variable a set-returning function returns.
pub(super) const ROWS_CURSOR: &str = "sqlport_rows";

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct RoutineShell;

impl Pass for RoutineShell {
    fn name(&self) -> &'static str {
        "routine-shell"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            unit.rewritten = true;
            if let ProgramUnit::Routine(r) = &mut program.unit {
                shell(r, cx);
            }
        }
    }
}

/// Adapts one routine's header (and, for a set-returning function, its
/// `RETURN QUERY` statements).
fn shell(r: &mut Routine, cx: &mut Context<'_>) {
    // PL/SQL parameter and return types take no length or precision.
    for p in &mut r.params {
        unconstrain(&mut p.ty, cx);
    }
    if let Some(t) = &mut r.returns {
        unconstrain(t, cx);
    }
    let mut dropped = Vec::new();
    let mut kept = Vec::new();
    for o in std::mem::take(&mut r.options) {
        let first = o
            .text
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        match first.as_str() {
            "IMMUTABLE" => kept.push(RoutineOption {
                span: Span::default(),
                text: "DETERMINISTIC".to_string(),
            }),
            // Added by `pipelined`.
            "PIPELINED" if o.span.is_empty() => kept.push(o),
            // Oracle-style clauses a PostgreSQL header cannot hold are none;
            // everything else is PostgreSQL's own.
            _ => dropped.push(o),
        }
    }
    r.options = kept;
    if let Some(first) = dropped.first() {
        let texts: Vec<&str> = dropped.iter().map(|o| o.text.as_str()).collect();
        let strict = texts.iter().any(|t| {
            t.eq_ignore_ascii_case("STRICT") || t.to_ascii_uppercase().contains("NULL INPUT")
        });
        let mut f = Finding::new(
            Code::SP0485,
            first.span,
            format!("PostgreSQL routine clauses dropped: {}", texts.join(", ")),
        );
        if strict {
            f = f.with_help("STRICT made PostgreSQL return NULL without running the body when an argument is NULL; DMSQL runs the body: test the NULL arguments at its start if callers pass them");
        }
        cx.findings.push(f);
    }
    for p in &r.params {
        if p.name.is_none() || p.mode == ParamMode::Variadic {
            cx.findings.push(Finding::new(
                Code::SP0222,
                p.span,
                if p.name.is_none() {
                    "an unnamed parameter (read as $n in the body) has no DMSQL form".to_string()
                } else {
                    "a VARIADIC parameter has no DMSQL form".to_string()
                },
            ));
        }
    }
    let out_params = r
        .params
        .iter()
        .any(|p| matches!(p.mode, ParamMode::Out | ParamMode::InOut));
    let record = r.returns.as_ref().is_none_or(|t| type_word(t) == "RECORD");
    if out_params && record && r.kind == RoutineKind::Function {
        // PostgreSQL returns the OUT parameters as one row.
        r.kind = RoutineKind::Procedure;
        r.returns = None;
        cx.findings.push(Finding::new(
            Code::SP0357,
            r.name.span,
            format!(
                "function {} returns its OUT parameters as a row: it became a procedure; callers pass variables for them instead of SELECT … FROM {}(…)",
                r.name.text, r.name.text
            ),
        ));
        return;
    }
    let void = r.returns.as_ref().is_some_and(|t| type_word(t) == "VOID");
    if void && r.kind == RoutineKind::Function {
        r.kind = RoutineKind::Procedure;
        r.returns = None;
        cx.findings.push(Finding::new(
            Code::SP0357,
            r.name.span,
            format!(
                "function {} returns void: it became a procedure; callers write `{}(…);` (in PL) or CALL, not SELECT",
                r.name.text, r.name.text
            ),
        ));
        return;
    }
    let set_returning = r
        .returns
        .as_ref()
        .is_some_and(|t| matches!(t.kind, TypeRefKind::SetOf(_) | TypeRefKind::Table(_)));
    if set_returning {
        set_returning_to_cursor(r, cx);
    }
}

/// `varchar(20)` → `varchar`, `numeric(12,2)` → `numeric`: PL/SQL
/// parameters and return values take any length (PostgreSQL ignored it too).
fn unconstrain(t: &mut TypeRef, cx: &Context<'_>) {
    let text = match &t.kind {
        TypeRefKind::Data(d) if t.span.is_empty() => d.to_string(),
        TypeRefKind::Data(_) => cx.file.slice(t.span).to_string(),
        _ => return,
    };
    let Some(open) = text.find('(') else {
        return;
    };
    // Only a trailing argument list (`TIMESTAMP(3) WITH TIME ZONE` keeps its).
    if !text.trim_end().ends_with(')') {
        return;
    }
    let base = text[..open].trim();
    let upper = base.to_ascii_uppercase();
    let lengthy = matches!(
        upper.as_str(),
        "VARCHAR"
            | "VARCHAR2"
            | "CHAR"
            | "CHARACTER"
            | "CHARACTER VARYING"
            | "NUMERIC"
            | "NUMBER"
            | "DECIMAL"
            | "NVARCHAR2"
            | "NCHAR"
            | "VARBINARY"
            | "RAW"
    );
    if !lengthy {
        return;
    }
    t.kind = TypeRefKind::Data(sqlparser::ast::DataType::Custom(
        sqlparser::ast::ObjectName::from(vec![sqlparser::ast::Ident::new(base)]),
        Vec::new(),
    ));
    t.span = Span::default();
}

/// The first word of a type as written, upper-cased.
fn type_word(t: &TypeRef) -> String {
    let text = match &t.kind {
        TypeRefKind::Data(d) => d.to_string(),
        TypeRefKind::Named(n) => n.text.clone(),
        _ => return String::new(),
    };
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase()
}

/// `RETURNS SETOF t|TABLE (…)` → `RETURN SYS_REFCURSOR`, when every row
/// source is a static `RETURN QUERY` that ends the function's work.
fn set_returning_to_cursor(r: &mut Routine, cx: &mut Context<'_>) {
    let at = r.returns.as_ref().map_or(r.name.span, |t| t.span);
    let Some(body) = &mut r.body else {
        return;
    };
    let mut check = RowSources::default();
    walk_block_statements(&mut check, body);
    if let Some((span, why)) = check.blocker {
        cx.findings.push(
            Finding::new(
                Code::SP0211,
                span,
                format!("set-returning function {}: {why}", r.name.text),
            )
            .with_help("return a SYS_REFCURSOR opened on one query, or declare a collection type for the rows and make the function PIPELINED (PIPE ROW for each row)"),
        );
        return;
    }
    if check.queries == 0 {
        return;
    }
    walk_block(&mut OpenCursor, body);
    body.declarations.push(Declaration::Variable {
        span: Span::default(),
        name: Name {
            text: ROWS_CURSOR.to_string(),
            span: Span::default(),
        },
        constant: false,
        ty: cursor_type(),
        not_null: false,
        default: None,
    });
    r.returns = Some(cursor_type());
    cx.findings.push(
        Finding::new(
            Code::SP0355,
            at,
            format!(
                "set-returning function {} now returns a SYS_REFCURSOR: callers fetch from it instead of selecting FROM {}(…)",
                r.name.text, r.name.text
            ),
        ),
    );
}

fn cursor_type() -> TypeRef {
    TypeRef {
        span: Span::default(),
        kind: TypeRefKind::Named(Name {
            text: "SYS_REFCURSOR".to_string(),
            span: Span::default(),
        }),
    }
}

/// Counts the static `RETURN QUERY`s of a body and finds what stops them
/// from becoming one cursor.
#[derive(Default)]
struct RowSources {
    queries: usize,
    blocker: Option<(Span, &'static str)>,
}

impl RowSources {
    fn block(&mut self, span: Span, why: &'static str) {
        if self.blocker.is_none() {
            self.blocker = Some((span, why));
        }
    }
}

/// Calls `v` on every statement list of `b`, nested ones included.
fn walk_block_statements(v: &mut RowSources, b: &Block) {
    statement_list(v, &b.statements);
    for h in &b.handlers {
        statement_list(v, &h.body);
    }
}

fn statement_list(v: &mut RowSources, stmts: &[Stmt]) {
    for (k, s) in stmts.iter().enumerate() {
        match &s.kind {
            StmtKind::ReturnNext(_) => v.block(s.span, "RETURN NEXT builds the result row by row"),
            StmtKind::ReturnQuery { query: None, .. } => v.block(
                s.span,
                "RETURN QUERY EXECUTE runs a query built at run time",
            ),
            StmtKind::ReturnQuery { .. } => {
                v.queries += 1;
                let ends = matches!(
                    stmts.get(k + 1).map(|n| &n.kind),
                    None | Some(StmtKind::Return(None))
                );
                if !ends {
                    v.block(
                        s.span,
                        "work follows RETURN QUERY (its rows add to those of later statements)",
                    );
                }
            }
            _ => {}
        }
        for list in s.kind.nested_lists() {
            statement_list(v, list);
        }
        if let StmtKind::Block(b) = &s.kind {
            walk_block_statements(v, b);
        }
    }
}

/// Replaces each static `RETURN QUERY q` with `OPEN sqlport_rows FOR q;
/// RETURN sqlport_rows;`.
struct OpenCursor;

impl VisitMut for OpenCursor {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        let mut out = Vec::with_capacity(stmts.len());
        for s in std::mem::take(stmts) {
            match s.kind {
                StmtKind::ReturnQuery {
                    query: Some(q),
                    dynamic: None,
                    ..
                } => {
                    let cursor = Name {
                        text: ROWS_CURSOR.to_string(),
                        span: Span::default(),
                    };
                    out.push(Stmt {
                        span: s.span,
                        labels: s.labels,
                        kind: StmtKind::OpenFor {
                            cursor: cursor.clone(),
                            query: Some(q),
                            dynamic: None,
                            using: Vec::new(),
                        },
                    });
                    let value = super::ora_expr(ROWS_CURSOR).map(super::pl_expr);
                    out.push(Stmt {
                        span: Span::default(),
                        labels: Vec::new(),
                        kind: StmtKind::Return(value),
                    });
                }
                // The `RETURN` that ended the function after its query: the
                // cursor was returned already.
                StmtKind::Return(None)
                    if out.last().is_some_and(|p: &Stmt| {
                        matches!(&p.kind, StmtKind::Return(Some(e)) if e.span.is_empty())
                    }) => {}
                kind => out.push(Stmt { kind, ..s }),
            }
        }
        *stmts = out;
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    fn dameng(input: &str) -> String {
        translated(input, &Options::new(Source::Postgres, Target::Dameng))
    }

    #[test]
    fn a_function_becomes_a_dmsql_function() {
        insta::assert_snapshot!(dameng(
            "-- 空床数\nCREATE OR REPLACE FUNCTION fn_bed_free(p_ward varchar, p_min integer DEFAULT 1) RETURNS integer\nLANGUAGE plpgsql STABLE AS $$\nDECLARE\n    v_cnt integer := 0;\nBEGIN\n    -- 统计空床\n    SELECT count(*) INTO v_cnt FROM bed WHERE ward_code = p_ward;\n    RETURN v_cnt;\nEND $$;\n"
        ));
    }

    #[test]
    fn a_void_function_becomes_a_procedure() {
        insta::assert_snapshot!(dameng(
            "CREATE FUNCTION pr_discharge(p_visit_id bigint) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n    UPDATE visit SET status = 'D' WHERE visit_id = p_visit_id;\nEND;\n$$;\n"
        ));
    }

    #[test]
    fn a_set_returning_function_returns_a_cursor() {
        insta::assert_snapshot!(dameng(
            "CREATE FUNCTION fn_ward_beds(p_ward varchar) RETURNS SETOF bed LANGUAGE plpgsql STABLE AS $$\nBEGIN\n    RETURN QUERY SELECT * FROM bed WHERE ward_code = p_ward ORDER BY bed_no;\n    RETURN;\nEND $$;\n"
        ));
    }

    #[test]
    fn return_next_becomes_pipelined() {
        insta::assert_snapshot!(dameng(
            "CREATE FUNCTION fn_days(p_n integer) RETURNS TABLE (d date) LANGUAGE plpgsql AS $$\nBEGIN\n    FOR i IN 1..p_n LOOP\n        d := current_date + i;\n        RETURN NEXT;\n    END LOOP;\nEND $$;\n"
        ));
    }

    #[test]
    fn a_do_block_becomes_an_anonymous_block() {
        insta::assert_snapshot!(dameng(
            "DO $$\nDECLARE\n    v_n integer;\nBEGIN\n    SELECT count(*) INTO v_n FROM bed;\nEND $$;\n"
        ));
    }
}
