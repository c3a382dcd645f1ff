//! `triggers`: Oracle triggers → a PostgreSQL trigger function and `CREATE TRIGGER`.
//!
//! **What it does.** Prepares each `CREATE TRIGGER` read from the Oracle
//! script for the PL/pgSQL-style printer, which writes the body as a
//! function `RETURNS trigger` and then `CREATE TRIGGER … EXECUTE FUNCTION
//! name_fn()`:
//! - `:NEW.x` / `:OLD.x` (and the aliases of `REFERENCING NEW AS n OLD AS o`,
//!   with or without the colon in the `WHEN` clause) → `NEW.x` / `OLD.x`;
//! - `INSERTING` / `UPDATING` / `DELETING` → `TG_OP = 'INSERT'` / `'UPDATE'` /
//!   `'DELETE'`; `UPDATING('col')` → `(TG_OP = 'UPDATE' AND NEW.col IS DISTINCT FROM OLD.col)`;
//! - the return value PostgreSQL needs: `RETURN NEW` at the end of a `BEFORE`
//!   or `INSTEAD OF` row trigger (after the body's changes to `NEW`; `OLD` for
//!   `DELETE`, a `CASE` on `TG_OP` when both can fire), `RETURN NULL` for
//!   `AFTER` and statement triggers; also at the end of each exception
//!   handler, and for every bare `RETURN;` of the body;
//! - `REFERENCING`, `FOLLOWS`/`PRECEDES` and `ENABLE` are dropped
//!   (PostgreSQL's `REFERENCING` names transition tables, not row aliases);
//!   `DISABLE` becomes `ALTER TABLE t DISABLE TRIGGER name` after the trigger;
//!   `INSTEAD OF` gets the `FOR EACH ROW` PostgreSQL requires;
//! - `CREATE OR REPLACE TRIGGER` stays from kernel 14; before, it becomes
//!   `DROP TRIGGER IF EXISTS name ON table;` + `CREATE TRIGGER`;
//! - a schema-qualified trigger name loses its schema (PostgreSQL triggers
//!   live in their table's schema) and the function gets it.
//!
//! **Why.** PostgreSQL runs trigger code only as a function returning
//! `trigger`, whose return value decides what happens to the row: a
//! `BEFORE` row trigger returning `NULL` silently skips the row, so the
//! `RETURN` is not optional. `EXECUTE FUNCTION` exists from PostgreSQL 11,
//! `CREATE OR REPLACE TRIGGER` from 14.
//!
//! **Example.**
//!
//! ```sql
//! CREATE OR REPLACE TRIGGER trg_nur_exec_bu_stamp BEFORE UPDATE ON nur_exec
//!   FOR EACH ROW
//! BEGIN :NEW.update_time := SYSDATE; END;
//! -- kernel 12:
//! CREATE OR REPLACE FUNCTION trg_nur_exec_bu_stamp_fn() RETURNS trigger
//! AS $$ BEGIN NEW.update_time := SYSDATE; RETURN NEW; END; $$ LANGUAGE plpgsql;
//! DROP TRIGGER IF EXISTS trg_nur_exec_bu_stamp ON nur_exec;
//! CREATE TRIGGER trg_nur_exec_bu_stamp BEFORE UPDATE ON nur_exec
//! FOR EACH ROW EXECUTE FUNCTION trg_nur_exec_bu_stamp_fn();
//! ```
//!
//! **Findings.** `SP0250` (error) compound trigger, kept as written;
//! `SP0251` (error) database/schema event trigger, kept as written;
//! `SP0350` (warning) `FOLLOWS`/`PRECEDES` dropped; `SP0351` (warning)
//! `UPDATING('col')`.

use sqlparser::ast::{
    AccessExpr, BinaryOperator, CaseWhen, Expr, FunctionArg, FunctionArgExpr, FunctionArguments,
    Ident, Value,
};

use crate::ast::Content;
use crate::ast::procedural::{
    Block, Name, PlExpr, ProgramUnit, RoutineOption, Stmt, StmtKind, Trigger, TriggerBody,
    TriggerTiming,
};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::{expressions_mut, visit_exprs};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Triggers;

impl Pass for Triggers {
    fn name(&self) -> &'static str {
        "triggers"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        // `CREATE OR REPLACE TRIGGER` is PostgreSQL 14's; the default kernel is 12.
        let or_replace_trigger = cx.options.kernel().unwrap_or(12) >= 14;
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let or_replace = program.create.is_some_and(|c| c.or_replace);
            let ProgramUnit::Trigger(trigger) = &mut program.unit else {
                continue;
            };
            if let TriggerBody::Compound { span, .. } = &trigger.body {
                cx.findings.push(
                    Finding::new(
                        Code::SP0250,
                        Span::new(trigger.span.start, span.start.max(trigger.span.start)),
                        format!(
                            "compound trigger {} has no PostgreSQL equivalent",
                            trigger.name.text
                        ),
                    )
                    .with_help(
                        "split it into row- and statement-level triggers; a statement trigger can read the changed rows from a transition table (REFERENCING NEW TABLE AS …)",
                    ),
                );
                continue;
            }
            if is_system_trigger(trigger) {
                cx.findings.push(
                    Finding::new(
                        Code::SP0251,
                        trigger.table.span,
                        format!(
                            "trigger {} fires on {} events, which PostgreSQL's row triggers do not see",
                            trigger.name.text, trigger.table.text
                        ),
                    )
                    .with_help("DDL events: write a PostgreSQL event trigger by hand; logon and startup: move the logic to the client"),
                );
                continue;
            }
            let shape = prepare(trigger, cx);
            if let Some(create) = &mut program.create {
                create.editionable = None;
                if or_replace && !or_replace_trigger {
                    create.or_replace = false;
                    if let ProgramUnit::Trigger(t) = &mut program.unit {
                        t.drop_existing = true;
                    }
                }
            }
            rewrite_expressions(unit, &shape, cx);
            unit.rewritten = true;
        }
    }
}

/// What the body's rewrites need to know about the trigger.
pub(super) struct Shape {
    /// Names standing for the new row (`NEW` and its `REFERENCING` alias), upper-cased.
    pub(super) new_names: Vec<String>,
    /// Names standing for the old row, upper-cased.
    pub(super) old_names: Vec<String>,
}

/// The names standing for the new and the old row in `t`'s body: `NEW`,
/// `OLD` and the aliases of its `REFERENCING` clause.
pub(super) fn row_names(t: &Trigger) -> Shape {
    let mut shape = Shape {
        new_names: vec!["NEW".to_string()],
        old_names: vec!["OLD".to_string()],
    };
    for o in &t.options {
        let words: Vec<&str> = o.text.split_whitespace().collect();
        if words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case("REFERENCING"))
        {
            referencing(&words, &mut shape);
        }
    }
    shape
}

/// `REFERENCING {NEW|OLD|PARENT} [AS] alias …`, split into words: the
/// aliases added to `shape`.
fn referencing(words: &[&str], shape: &mut Shape) {
    let mut i = 1;
    while i < words.len() {
        let which = words[i].to_ascii_uppercase();
        let mut j = i + 1;
        if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("AS")) {
            j += 1;
        }
        if let Some(alias) = words.get(j) {
            let alias = alias.to_ascii_uppercase();
            match which.as_str() {
                "NEW" => shape.new_names.push(alias),
                "OLD" => shape.old_names.push(alias),
                _ => {}
            }
        }
        i = j + 1;
    }
}

/// A trigger fires on database or schema events when it is `ON DATABASE`
/// or `ON [schema.]SCHEMA`.
fn is_system_trigger(t: &Trigger) -> bool {
    let table = t.table.text.to_ascii_uppercase();
    table == "DATABASE" || table == "SCHEMA" || table.ends_with(".SCHEMA")
}

/// Rewrites the trigger's header and statements (not expressions): options,
/// names, `RETURN`s. Returns what the expression rewrites need.
fn prepare(t: &mut Trigger, cx: &mut Context<'_>) -> Shape {
    let shape = row_names(t);
    let mut kept = Vec::new();
    let mut row_level = t.timing == TriggerTiming::InsteadOf;
    for o in std::mem::take(&mut t.options) {
        let words: Vec<&str> = o.text.split_whitespace().collect();
        let first = words.first().map(|w| w.to_ascii_uppercase());
        match first.as_deref() {
            // Read by `row_names`; PostgreSQL row triggers name them NEW and OLD.
            Some("REFERENCING") => {}
            Some("FOLLOWS") | Some("PRECEDES") => cx.findings.push(
                Finding::new(
                    Code::SP0350,
                    o.span,
                    format!(
                        "`{}` dropped: PostgreSQL fires the triggers of a table in the order of their names",
                        o.text
                    ),
                )
                .with_help("rename the triggers so that their names sort in the order they must fire"),
            ),
            Some("ENABLE") => {}
            // Kept: the printer disables the trigger after creating it.
            Some("DISABLE") => kept.push(o),
            Some("FOR") => {
                row_level |= words.iter().any(|w| w.eq_ignore_ascii_case("ROW"));
                if !(t.timing == TriggerTiming::InsteadOf && row_level) {
                    kept.push(o);
                }
            }
            _ => kept.push(o),
        }
    }
    if t.timing == TriggerTiming::InsteadOf {
        kept.insert(0, synthetic_option("FOR EACH ROW"));
    }
    t.options = kept;

    // PostgreSQL's trigger name takes no schema; the function gets it.
    let (schema, bare) = match t.name.text.rsplit_once('.') {
        Some((schema, bare)) => (Some(schema.to_string()), bare.to_string()),
        None => (None, t.name.text.clone()),
    };
    let function = match &schema {
        Some(s) => format!("{s}.{}", suffixed(&bare, "_fn")),
        None => suffixed(&bare, "_fn"),
    };
    if schema.is_some() {
        t.name = synthetic_name(&bare);
    }
    t.function = Some(synthetic_name(&function));

    // The value the function returns.
    let events: Vec<String> = t
        .events
        .iter()
        .filter_map(|e| e.text.split_whitespace().next())
        .map(str::to_ascii_uppercase)
        .collect();
    let result = if !row_level || t.timing == TriggerTiming::After {
        Expr::value(Value::Null)
    } else if events.iter().all(|e| e == "DELETE") {
        ident_expr("OLD")
    } else if events.iter().any(|e| e == "DELETE") {
        Expr::Case {
            case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
            end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
            operand: None,
            conditions: vec![CaseWhen {
                condition: tg_op_is("DELETE"),
                result: ident_expr("OLD"),
            }],
            else_result: Some(Box::new(ident_expr("NEW"))),
        }
    } else {
        ident_expr("NEW")
    };
    if let TriggerBody::Simple(block) = &mut t.body {
        // PL/pgSQL reads `END name` only for a block labelled `name`.
        block.end_name = None;
        add_returns(block, &result);
    }
    shape
}

/// Gives every bare `RETURN;` of the body the trigger's result, and appends
/// `RETURN result;` to the body and to each of its handlers (a trigger that
/// ends, or handles an error, lets the row through in Oracle).
fn add_returns(block: &mut Block, result: &Expr) {
    fill_bare_returns(&mut block.statements, result);
    for h in &mut block.handlers {
        fill_bare_returns(&mut h.body, result);
    }
    append_return(&mut block.statements, result);
    for h in &mut block.handlers {
        append_return(&mut h.body, result);
    }
}

fn append_return(stmts: &mut Vec<Stmt>, result: &Expr) {
    let ends = stmts.last().is_some_and(|s| {
        matches!(
            &s.kind,
            StmtKind::Return(_) | StmtKind::Raise(_)
        ) || matches!(&s.kind, StmtKind::RaiseMessage { level, .. } if level.as_deref().is_none_or(|l| l == "EXCEPTION"))
            || is_raise_application_error(s)
    });
    if !ends {
        stmts.push(Stmt {
            span: Span::default(),
            labels: Vec::new(),
            kind: StmtKind::Return(Some(pl(result.clone()))),
        });
    }
}

/// `RAISE_APPLICATION_ERROR(…)` as a call statement: it never returns.
fn is_raise_application_error(s: &Stmt) -> bool {
    match &s.kind {
        StmtKind::Call(e) => match &*e.expr {
            Expr::Function(f) => f
                .name
                .to_string()
                .eq_ignore_ascii_case("RAISE_APPLICATION_ERROR"),
            _ => false,
        },
        _ => false,
    }
}

/// `RETURN;` → `RETURN result;`, in every statement list of the body (but
/// not in nested routines, whose `RETURN` is their own).
fn fill_bare_returns(stmts: &mut [Stmt], result: &Expr) {
    for s in stmts {
        match &mut s.kind {
            StmtKind::Return(value @ None) => {
                *value = Some(pl(result.clone()));
                s.span = Span::default();
            }
            StmtKind::Block(b) => {
                fill_bare_returns(&mut b.statements, result);
                for h in &mut b.handlers {
                    fill_bare_returns(&mut h.body, result);
                }
            }
            kind => {
                for inner in kind.nested_lists_mut() {
                    fill_bare_returns(inner, result);
                }
            }
        }
    }
}

/// `:NEW.x` → `NEW.x`, trigger predicates → `TG_OP` tests, in the body and
/// the `WHEN` clause (where Oracle writes the row names without colon).
fn rewrite_expressions(unit: &mut crate::ast::Unit, shape: &Shape, cx: &mut Context<'_>) {
    let mut updating_columns: Vec<String> = Vec::new();
    expressions_mut(unit, &mut |e| {
        rewrite_row_refs(e, shape, true) | rewrite_predicates(e, &mut updating_columns)
    });
    if let Content::Program(program) = &mut unit.content
        && let ProgramUnit::Trigger(t) = &mut program.unit
        && let Some(when) = &mut t.when
        && visit_exprs(&mut *when.expr, &mut |e| rewrite_row_refs(e, shape, false))
    {
        when.span = Span::default();
    }
    if !updating_columns.is_empty() {
        let (span, name) = match &unit.content {
            Content::Program(p) => match &p.unit {
                ProgramUnit::Trigger(t) => (t.span, t.name.text.clone()),
                _ => (unit.body, String::new()),
            },
            _ => (unit.body, String::new()),
        };
        cx.findings.push(
            Finding::new(
                Code::SP0351,
                span_of_word(cx, span, "UPDATING").unwrap_or(span),
                format!(
                    "in trigger {name}, UPDATING({}) became a test that the value changed; Oracle tests that the UPDATE sets the column",
                    updating_columns.join(", ")
                ),
            )
            .with_help("an UPDATE setting the column to its current value no longer counts; use a separate BEFORE UPDATE OF col trigger if it must"),
        );
    }
}

/// Where the first `word` lexeme in `span` is.
fn span_of_word(cx: &Context<'_>, span: Span, word: &str) -> Option<Span> {
    let text = cx.file.text();
    crate::source::Lexer::new(text, span.start, crate::source::ScriptSyntax::SqlPlus)
        .take_while(|l| l.span.start < span.end)
        .find(|l| {
            l.kind == crate::source::LexemeKind::Word
                && l.span.slice(text).eq_ignore_ascii_case(word)
        })
        .map(|l| l.span)
}

/// `:NEW.x` (and, with `colon_only` false, `NEW.x` and `n.x` for an alias
/// `n`) → `NEW.x`; a bare `:NEW` → `NEW`.
fn rewrite_row_refs(e: &mut Expr, shape: &Shape, colon_only: bool) -> bool {
    let row = |name: &str| -> Option<&'static str> {
        let upper = name.to_ascii_uppercase();
        if shape.new_names.contains(&upper) {
            Some("NEW")
        } else if shape.old_names.contains(&upper) {
            Some("OLD")
        } else {
            None
        }
    };
    match e {
        Expr::CompoundFieldAccess { root, access_chain } => {
            let Expr::Value(v) = &**root else {
                return false;
            };
            let Value::Placeholder(p) = &v.value else {
                return false;
            };
            let Some(row) = p.strip_prefix(':').and_then(row) else {
                return false;
            };
            let mut idents = vec![Ident::new(row)];
            for a in access_chain.iter() {
                match a {
                    AccessExpr::Dot(Expr::Identifier(i)) => idents.push(i.clone()),
                    _ => return false,
                }
            }
            *e = Expr::CompoundIdentifier(idents);
            true
        }
        Expr::Value(v) => match &v.value {
            Value::Placeholder(p) => match p.strip_prefix(':').and_then(row) {
                Some(row) => {
                    *e = ident_expr(row);
                    true
                }
                None => false,
            },
            _ => false,
        },
        Expr::CompoundIdentifier(parts) if !colon_only && parts.len() == 2 => {
            if parts[0].quote_style.is_some() {
                return false;
            }
            match row(&parts[0].value) {
                Some(row) if parts[0].value != row => {
                    parts[0] = Ident::new(row);
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// `INSERTING`/`UPDATING`/`DELETING` and `UPDATING('col')` → `TG_OP` tests.
fn rewrite_predicates(e: &mut Expr, updating_columns: &mut Vec<String>) -> bool {
    let op = |name: &str| match name.to_ascii_uppercase().as_str() {
        "INSERTING" => Some("INSERT"),
        "UPDATING" => Some("UPDATE"),
        "DELETING" => Some("DELETE"),
        _ => None,
    };
    match e {
        Expr::Identifier(i) if i.quote_style.is_none() => match op(&i.value) {
            Some(op) => {
                *e = tg_op_is(op);
                true
            }
            None => false,
        },
        Expr::Function(f)
            if f.name.0.len() == 1 && f.name.to_string().eq_ignore_ascii_case("UPDATING") =>
        {
            let FunctionArguments::List(list) = &f.args else {
                return false;
            };
            let [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))] =
                list.args.as_slice()
            else {
                return false;
            };
            let Value::SingleQuotedString(column) = &v.value else {
                return false;
            };
            // Oracle's column name is an unquoted identifier's upper-case
            // form or as written; PostgreSQL's unquoted name folds to lower case.
            let column = column.to_ascii_lowercase();
            updating_columns.push(column.clone());
            let changed = Expr::IsDistinctFrom(
                Box::new(Expr::CompoundIdentifier(vec![
                    Ident::new("NEW"),
                    Ident::new(&column),
                ])),
                Box::new(Expr::CompoundIdentifier(vec![
                    Ident::new("OLD"),
                    Ident::new(&column),
                ])),
            );
            *e = Expr::Nested(Box::new(Expr::BinaryOp {
                left: Box::new(tg_op_is("UPDATE")),
                op: BinaryOperator::And,
                right: Box::new(changed),
            }));
            true
        }
        _ => false,
    }
}

/// `TG_OP = 'op'`.
fn tg_op_is(op: &str) -> Expr {
    Expr::BinaryOp {
        left: Box::new(ident_expr("TG_OP")),
        op: BinaryOperator::Eq,
        right: Box::new(Expr::value(Value::SingleQuotedString(op.to_string()))),
    }
}

fn ident_expr(name: &str) -> Expr {
    Expr::Identifier(Ident::new(name))
}

/// An expression a rewrite built (no source span: printed from its AST).
fn pl(expr: Expr) -> PlExpr {
    PlExpr {
        span: Span::default(),
        expr: Box::new(expr),
    }
}

fn synthetic_name(text: &str) -> Name {
    Name {
        text: text.to_string(),
        span: Span::default(),
    }
}

fn synthetic_option(text: &str) -> RoutineOption {
    RoutineOption {
        span: Span::default(),
        text: text.to_string(),
    }
}

/// `name` with `suffix` added inside its quotes, if quoted.
fn suffixed(name: &str, suffix: &str) -> String {
    match name.strip_suffix('"') {
        Some(inner) => format!("{inner}{suffix}\""),
        None => format!("{name}{suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    fn translate(input: &str, version: Option<u32>) -> String {
        let out = crate::translate(
            input,
            &Options::new(Source::Oracle, Target::Highgo).with_target_version(version),
        );
        let findings = crate::rewrite::test_support::finding_lines(out.report.findings.iter());
        let mut findings: Vec<&str> = findings.lines().collect();
        findings.sort();
        format!("{}\n---- findings\n{}", out.sql, findings.join("\n"))
    }

    #[test]
    fn before_insert_trigger_sets_new_and_returns_it() {
        let input = "-- 患者建档：主键取序列\nCREATE OR REPLACE TRIGGER trg_his_patient_bi\nBEFORE INSERT ON his_patient\nFOR EACH ROW\nBEGIN\n  IF :NEW.patient_id IS NULL THEN\n    :NEW.patient_id := seq_his_patient.NEXTVAL;\n  END IF;\n  :NEW.patient_name := TRIM(:NEW.patient_name);\nEND trg_his_patient_bi;\n/\n";
        insta::assert_snapshot!(translate(input, None));
    }

    #[test]
    fn kernel_14_keeps_create_or_replace_trigger() {
        let input = "CREATE OR REPLACE TRIGGER trg_nur_exec_bu_stamp\n  BEFORE UPDATE ON nur_exec\n  FOR EACH ROW\nBEGIN\n  :NEW.update_time := SYSDATE;\nEND;\n/\n";
        let out = translate(input, Some(14));
        assert!(
            out.contains("CREATE OR REPLACE TRIGGER trg_nur_exec_bu_stamp"),
            "{out}"
        );
        assert!(!out.contains("DROP TRIGGER"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn after_trigger_with_referencing_aliases_and_when() {
        let input = "CREATE OR REPLACE TRIGGER trg_op_registration_cancel\n  AFTER UPDATE OF status ON op_registration\n  REFERENCING OLD AS o NEW AS n\n  FOR EACH ROW\n  WHEN (n.status = 'C')\nBEGIN\n  IF :o.status = 'N' AND :n.schedule_id IS NOT NULL THEN\n    UPDATE op_schedule SET used_quota = used_quota - 1 WHERE schedule_id = :n.schedule_id;\n  END IF;\nEND trg_op_registration_cancel;\n/\n";
        insta::assert_snapshot!(translate(input, None));
    }

    #[test]
    fn predicates_become_tg_op_tests_and_mixed_events_return_by_operation() {
        let input = "CREATE TRIGGER trg_ip_fee_biud\n  BEFORE INSERT OR UPDATE OR DELETE ON ip_fee_detail\n  FOR EACH ROW\nBEGIN\n  IF INSERTING THEN\n    :NEW.create_time := SYSDATE;\n  ELSIF UPDATING('amount') THEN\n    :NEW.update_time := SYSDATE;\n  ELSIF DELETING THEN\n    IF :OLD.status = 'P' THEN\n      RETURN;\n    END IF;\n  END IF;\nEXCEPTION\n  WHEN OTHERS THEN\n    NULL;\nEND;\n/\n";
        insta::assert_snapshot!(translate(input, None));
    }

    #[test]
    fn statement_trigger_returns_null_and_order_clauses_are_flagged() {
        let input = "CREATE OR REPLACE TRIGGER trg_nur_exec_ad\n  AFTER DELETE ON nur_exec\nDECLARE\n  v_orphans PLS_INTEGER;\nBEGIN\n  SELECT COUNT(*) INTO v_orphans FROM nur_order;\nEND;\n/\nCREATE OR REPLACE TRIGGER his.trg_nur_exec_bu_check\n  BEFORE UPDATE OF exec_status ON nur_exec\n  FOR EACH ROW\n  FOLLOWS trg_nur_exec_bu_stamp\n  DISABLE\n  WHEN (NEW.exec_status = 'D')\nBEGIN\n  :NEW.exec_time := SYSDATE;\nEND;\n/\n";
        insta::assert_snapshot!(translate(input, None));
    }

    #[test]
    fn instead_of_trigger_on_a_view_is_row_level() {
        let input = "CREATE OR REPLACE TRIGGER \"TRG_V_Entry\"\n  INSTEAD OF INSERT ON v_nur_exec_entry\nBEGIN\n  INSERT INTO nur_exec (exec_id, order_id) VALUES (seq_nur_exec.NEXTVAL, :NEW.order_id);\nEND;\n/\n";
        insta::assert_snapshot!(translate(input, None));
    }

    #[test]
    fn compound_and_system_triggers_are_errors_kept_as_written() {
        let input = "CREATE OR REPLACE TRIGGER trg_nur_exec_audit\n  FOR INSERT OR UPDATE ON nur_exec\n  COMPOUND TRIGGER\n  g_idx PLS_INTEGER;\n  AFTER EACH ROW IS\n  BEGIN\n    g_idx := 1;\n  END AFTER EACH ROW;\nEND trg_nur_exec_audit;\n/\nCREATE OR REPLACE TRIGGER trg_his_logon\n  AFTER LOGON ON DATABASE\nBEGIN\n  NULL;\nEND;\n/\n";
        let out = translate(input, None);
        assert!(out.contains("SP0250"), "{out}");
        assert!(out.contains("SP0251"), "{out}");
        insta::assert_snapshot!(out);
    }
}
