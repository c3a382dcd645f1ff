//! `triggers`: a PostgreSQL trigger function and the `CREATE TRIGGER …
//! EXECUTE FUNCTION` that uses it become one DM trigger.
//!
//! **What it does.** For each `CREATE TRIGGER` whose function (without
//! arguments) is a PL/pgSQL function `RETURNS trigger` of the same script,
//! the trigger unit becomes `CREATE TRIGGER name timing events ON table
//! [FOR EACH ROW] [WHEN (…)]` with the function's body, in which:
//! - `NEW.x` / `OLD.x` → `:NEW.x` / `:OLD.x` (the `WHEN` clause keeps
//!   `NEW.x`, as PL/SQL wants it there);
//! - `TG_OP = 'INSERT'` (`'UPDATE'`, `'DELETE'`) → `INSERTING` (`UPDATING`,
//!   `DELETING`), `<>` → `NOT …`;
//! - `TG_WHEN`, `TG_LEVEL`, `TG_NAME`, `TG_TABLE_NAME` → their values for
//!   this trigger (`'BEFORE'`, `'ROW'`, …); `TG_OP` used as a value → `CASE
//!   WHEN INSERTING THEN 'INSERT' …`;
//! - `RETURN NEW` / `RETURN OLD` / `RETURN NULL` → `RETURN;`, and dropped
//!   when it is the body's last statement.
//!
//! The function's own unit becomes a comment saying where its body went
//! (its comments are printed with the trigger). A `WHEN` on whole rows
//! (`OLD.* IS DISTINCT FROM NEW.*`) has no PL/SQL form and is dropped.
//!
//! **Why.** DM (like Oracle) has one `CREATE TRIGGER … BEGIN … END;`, with
//! `:NEW`/`:OLD` and the `INSERTING`/`UPDATING`/`DELETING` predicates
//! (dameng.md, DMSQL); a row trigger returns nothing.
//!
//! **Example.**
//! ```sql
//! CREATE FUNCTION trg_touch() RETURNS trigger LANGUAGE plpgsql AS $$
//! BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
//! CREATE TRIGGER trg_bed_touch BEFORE UPDATE ON bed FOR EACH ROW EXECUTE FUNCTION trg_touch();
//! -- becomes
//! -- sqlport: trigger function trg_touch is merged into trigger trg_bed_touch
//! CREATE TRIGGER trg_bed_touch
//! BEFORE UPDATE ON bed
//! FOR EACH ROW
//! BEGIN
//!   :NEW.updated_at := SYSTIMESTAMP;
//! END;
//! /
//! ```
//!
//! **Findings.** `SP0487` (info) a merge; `SP0212` (error) `RETURN NULL` in
//! a `BEFORE` row trigger (PostgreSQL skipped the row); `SP0218` (error) a
//! trigger whose function is not in the script or takes arguments, or a
//! trigger function no trigger uses; `SP0396` (warning) a `WHEN` dropped.

use std::collections::BTreeMap;

use sqlparser::ast::{
    BinaryOperator, CreateTrigger, Expr, Ident, Statement, TriggerExecBody, TriggerObject,
    TriggerObjectKind, TriggerPeriod, UnaryOperator, Value,
};

use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Edit, Script};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::visit_exprs;
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Triggers;

impl Pass for Triggers {
    fn name(&self) -> &'static str {
        "triggers"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        // Trigger functions by last name part, lower-case: (unit index, routine, unit body span).
        let mut functions: BTreeMap<String, (usize, Routine, Span)> = BTreeMap::new();
        for (k, unit) in script.units().enumerate() {
            if let Content::Program(p) = &unit.content
                && let ProgramUnit::Routine(r) = &p.unit
                && r.body.is_some()
                && r.returns.as_ref().is_some_and(returns_trigger)
            {
                functions.insert(key(&r.name.text), (k, r.clone(), unit.body));
            }
        }
        let mut used: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (k, unit) in script.units_mut().enumerate() {
            let Content::Sql(statements) = &unit.content else {
                continue;
            };
            let [Statement::CreateTrigger(t)] = statements.as_slice() else {
                continue;
            };
            let Some(TriggerExecBody { func_desc, .. }) = &t.exec_body else {
                continue;
            };
            let fname = func_desc.name.to_string();
            let function = functions.get(&key(&fname));
            let has_args = func_desc.args.as_ref().is_some_and(|a| !a.is_empty());
            let Some((fk, routine, fspan)) = function.filter(|_| !has_args) else {
                cx.findings.push(Finding::new(
                    Code::SP0218,
                    unit.body,
                    if has_args {
                        format!("trigger {}: its function {fname} takes arguments (TG_ARGV); write the DM trigger by hand", t.name)
                    } else {
                        format!("trigger {}: its function {fname} is not a PL/pgSQL trigger function of this script", t.name)
                    },
                ));
                continue;
            };
            let (trigger, findings) = merge(t, routine, unit.body);
            cx.findings.extend(findings);
            cx.findings.push(Finding::new(
                Code::SP0487,
                unit.body,
                format!(
                    "trigger {} and its function {} became one DM trigger",
                    t.name, routine.name.text
                ),
            ));
            used.entry(*fk).or_default().push(t.name.to_string());
            unit.content = Content::Program(Box::new(Program {
                // The function's text: its comments are printed with the body.
                span: *fspan,
                create: Some(CreateClause {
                    or_replace: t.or_replace,
                    editionable: None,
                }),
                unit: ProgramUnit::Trigger(trigger),
            }));
            unit.rewritten = true;
            let _ = k;
        }
        for (k, unit) in script.units_mut().enumerate() {
            let is_function = functions.values().any(|(fk, _, _)| *fk == k);
            if !is_function {
                continue;
            }
            let name = functions
                .values()
                .find(|(fk, _, _)| *fk == k)
                .map(|(_, r, _)| r.name.text.clone())
                .unwrap_or_default();
            match used.get(&k) {
                Some(triggers) => {
                    // The comment is the unit's whole output, whatever an
                    // earlier pass changed in the function.
                    unit.content = Content::Procedural;
                    unit.rewritten = false;
                    unit.edits.push(Edit {
                        span: unit.span,
                        replacement: format!(
                            "-- sqlport: trigger function {name} is merged into trigger {}",
                            triggers.join(", ")
                        ),
                    });
                }
                None => cx.findings.push(Finding::new(
                    Code::SP0218,
                    unit.body,
                    format!("trigger function {name}: no CREATE TRIGGER of this script uses it, so it has no DM form"),
                )),
            }
        }
    }
}

fn key(name: &str) -> String {
    name.rsplit('.')
        .next()
        .unwrap_or(name)
        .trim_matches('"')
        .to_lowercase()
}

fn returns_trigger(t: &TypeRef) -> bool {
    let text = match &t.kind {
        TypeRefKind::Data(d) => d.to_string(),
        TypeRefKind::Named(n) => n.text.clone(),
        _ => return false,
    };
    text.eq_ignore_ascii_case("trigger")
}

/// The DM trigger for `t` running `routine`'s body.
fn merge(t: &CreateTrigger, routine: &Routine, at: Span) -> (Trigger, Vec<Finding>) {
    let mut findings = Vec::new();
    let timing = match t.period {
        Some(TriggerPeriod::After) => TriggerTiming::After,
        Some(TriggerPeriod::InsteadOf) => TriggerTiming::InsteadOf,
        _ => TriggerTiming::Before,
    };
    let row = matches!(
        t.trigger_object,
        Some(
            TriggerObjectKind::ForEach(TriggerObject::Row)
                | TriggerObjectKind::For(TriggerObject::Row)
        )
    );
    let option = |text: String| RoutineOption {
        span: Span::default(),
        text,
    };
    let events: Vec<RoutineOption> = t.events.iter().map(|e| option(e.to_string())).collect();
    let mut options = Vec::new();
    if row {
        options.push(option("FOR EACH ROW".to_string()));
    }
    let when = t.condition.as_ref().and_then(|c| {
        if c.to_string().contains(".*") {
            findings.push(Finding::new(
                Code::SP0396,
                at,
                format!("trigger {}: WHEN ({c}) compares whole rows, which PL/SQL cannot; the WHEN was dropped, so the trigger fires on every row", t.name),
            ));
            None
        } else {
            let mut c = c;
            while let Expr::Nested(inner) = c {
                c = inner;
            }
            Some(PlExpr {
                span: Span::default(),
                expr: Box::new(c.clone()),
            })
        }
    });
    let mut body = routine.body.clone().unwrap_or(Block {
        span: Span::default(),
        label: None,
        declarations: Vec::new(),
        statements: Vec::new(),
        handlers: Vec::new(),
        end_name: None,
    });
    // The function's name after END means nothing in a trigger.
    body.end_name = None;
    let mut program = Program {
        span: Span::default(),
        create: None,
        unit: ProgramUnit::Block(body),
    };
    let table = t.table_name.to_string();
    let table_only = table.rsplit('.').next().unwrap_or(&table);
    let mut v = Body {
        skip_row: row && timing == TriggerTiming::Before,
        trigger: t.name.to_string(),
        findings: Vec::new(),
        values: vec![
            (
                "TG_WHEN",
                match timing {
                    TriggerTiming::After => "AFTER",
                    TriggerTiming::InsteadOf => "INSTEAD OF",
                    _ => "BEFORE",
                }
                .to_string(),
            ),
            (
                "TG_LEVEL",
                if row { "ROW" } else { "STATEMENT" }.to_string(),
            ),
            ("TG_NAME", unquoted(&t.name.to_string())),
            ("TG_TABLE_NAME", unquoted(table_only)),
            ("TG_RELNAME", unquoted(table_only)),
        ],
        at,
    };
    walk_program(&mut v, &mut program);
    findings.extend(v.findings);
    let mut body = match program.unit {
        ProgramUnit::Block(b) => b,
        _ => unreachable_block(),
    };
    // The RETURN that ends the body says nothing in PL/SQL.
    if matches!(
        body.statements.last().map(|s| &s.kind),
        Some(StmtKind::Return(None))
    ) {
        body.statements.pop();
        if body.statements.is_empty() {
            body.statements.push(Stmt {
                span: Span::default(),
                labels: Vec::new(),
                kind: StmtKind::Null,
            });
        }
    }
    let trigger = Trigger {
        span: Span::default(),
        name: Name {
            text: t.name.to_string(),
            span: Span::default(),
        },
        timing,
        events,
        table: Name {
            text: t.table_name.to_string(),
            span: Span::default(),
        },
        options,
        when,
        body: TriggerBody::Simple(body),
        function: None,
        drop_existing: false,
    };
    (trigger, findings)
}

/// Never reached: the program was built as a block just above.
fn unreachable_block() -> Block {
    Block {
        span: Span::default(),
        label: None,
        declarations: Vec::new(),
        statements: Vec::new(),
        handlers: Vec::new(),
        end_name: None,
    }
}

/// A name as PostgreSQL's `TG_*` variables give it: unquoted names folded
/// to lower case, quoted ones as written.
fn unquoted(name: &str) -> String {
    match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(n) => n.to_string(),
        None => name.to_lowercase(),
    }
}

/// Rewrites a trigger function's body for a DM trigger.
struct Body {
    skip_row: bool,
    trigger: String,
    findings: Vec<Finding>,
    /// The `TG_*` variables known when the trigger is written, and their values.
    values: Vec<(&'static str, String)>,
    /// Where findings about the trigger point.
    at: Span,
}

impl Body {
    /// `NEW.x` → `:NEW.x`, `TG_OP = 'INSERT'` → `INSERTING`, then the other
    /// `TG_*` variables → their values (`TG_OP` alone → a `CASE`).
    fn rewrite<V: sqlparser::ast::VisitMut>(&mut self, node: &mut V) -> bool {
        let mut changed = visit_exprs(node, &mut row_refs);
        let values = &self.values;
        let mut unknown: Vec<String> = Vec::new();
        changed |= visit_exprs(node, &mut |e| {
            let Expr::Identifier(id) = e else {
                return false;
            };
            if id.quote_style.is_some() {
                return false;
            }
            let name = id.value.to_ascii_uppercase();
            if let Some((_, value)) = values.iter().find(|(n, _)| *n == name) {
                *e = Expr::Value(Value::SingleQuotedString(value.clone()).into());
                return true;
            }
            if name == "TG_OP"
                && let Some(case) = super::ora_expr(
                    "CASE WHEN INSERTING THEN 'INSERT' WHEN UPDATING THEN 'UPDATE' WHEN DELETING THEN 'DELETE' END",
                )
            {
                *e = case;
                return true;
            }
            if name.starts_with("TG_") && !unknown.contains(&name) {
                unknown.push(name);
            }
            false
        });
        for name in unknown {
            self.findings.push(Finding::new(
                Code::SP0218,
                self.at,
                format!(
                    "trigger {}: {name} has no DM form; pass the value another way",
                    self.trigger
                ),
            ));
        }
        changed
    }
}

impl VisitMut for Body {
    fn expr(&mut self, e: &mut PlExpr) {
        if self.rewrite(&mut *e.expr) {
            e.span = Span::default();
        }
    }

    fn sql(&mut self, sql: &mut EmbeddedSql) {
        if self.rewrite(&mut *sql.statement) {
            sql.span = Span::default();
        }
        if let Some(into) = &mut sql.into {
            for t in &mut into.targets {
                self.expr(t);
            }
        }
    }

    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            let StmtKind::Return(Some(value)) = &s.kind else {
                continue;
            };
            let text = value.expr.to_string().to_ascii_uppercase();
            let row_value = matches!(text.as_str(), ":NEW" | ":OLD" | "NEW" | "OLD" | "NULL");
            if !row_value {
                continue;
            }
            if text == "NULL" && self.skip_row {
                self.findings.push(Finding::new(
                    Code::SP0212,
                    s.span,
                    format!("trigger {}: RETURN NULL skipped the row in PostgreSQL; a DM row trigger cannot skip it (RETURN; lets it through)", self.trigger),
                ));
            }
            s.kind = StmtKind::Return(None);
        }
    }
}

/// `NEW.x` → `:NEW.x`, `TG_OP = 'INSERT'` → `INSERTING`.
fn row_refs(e: &mut Expr) -> bool {
    match e {
        Expr::CompoundIdentifier(parts)
            if parts.len() >= 2
                && parts[0].quote_style.is_none()
                && matches!(parts[0].value.to_ascii_uppercase().as_str(), "NEW" | "OLD") =>
        {
            parts[0] = Ident::new(format!(":{}", parts[0].value.to_ascii_uppercase()));
            true
        }
        Expr::Identifier(i)
            if i.quote_style.is_none()
                && matches!(i.value.to_ascii_uppercase().as_str(), "NEW" | "OLD") =>
        {
            *i = Ident::new(format!(":{}", i.value.to_ascii_uppercase()));
            true
        }
        Expr::BinaryOp { left, op, right }
            if matches!(op, BinaryOperator::Eq | BinaryOperator::NotEq) =>
        {
            let (Some(pred), negate) = (tg_op_test(left, right), *op == BinaryOperator::NotEq)
            else {
                return false;
            };
            *e = if negate {
                Expr::UnaryOp {
                    op: UnaryOperator::Not,
                    expr: Box::new(pred),
                }
            } else {
                pred
            };
            true
        }
        _ => false,
    }
}

/// `TG_OP = 'UPDATE'` (either side) → `UPDATING`.
fn tg_op_test(a: &Expr, b: &Expr) -> Option<Expr> {
    let ((Expr::Identifier(id), Expr::Value(v)) | (Expr::Value(v), Expr::Identifier(id))) = (a, b)
    else {
        return None;
    };
    if !id.value.eq_ignore_ascii_case("TG_OP") {
        return None;
    }
    let Value::SingleQuotedString(op) = &v.value else {
        return None;
    };
    let predicate = match op.to_ascii_uppercase().as_str() {
        "INSERT" => "INSERTING",
        "UPDATE" => "UPDATING",
        "DELETE" => "DELETING",
        _ => return None,
    };
    Some(Expr::Identifier(Ident::new(predicate)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn a_trigger_function_and_its_trigger_become_one_trigger() {
        insta::assert_snapshot!(translated(
            "-- 床位变更审计\nCREATE OR REPLACE FUNCTION trg_bed_audit() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    -- 记录状态变化\n    IF TG_OP = 'INSERT' THEN\n        NEW.created_at := now();\n    ELSIF TG_OP = 'UPDATE' THEN\n        IF NEW.status <> OLD.status THEN\n            INSERT INTO bed_log (bed_id, old_status, new_status) VALUES (NEW.bed_id, OLD.status, NEW.status);\n        END IF;\n    ELSE\n        IF OLD.status = 'O' THEN\n            RETURN NULL;\n        END IF;\n        RETURN OLD;\n    END IF;\n    RETURN NEW;\nEND $$;\n\nCREATE TRIGGER trg_bed_biud BEFORE INSERT OR UPDATE OR DELETE ON bed\n    FOR EACH ROW EXECUTE FUNCTION trg_bed_audit();\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn trigger_variables_get_their_values() {
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION trg_schedule_audit() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    IF TG_WHEN = 'BEFORE' THEN\n        NEW.updated_at := now();\n        RETURN NEW;\n    END IF;\n    INSERT INTO schedule_log (table_name, op, trig_when, row_id) VALUES (TG_TABLE_NAME, TG_OP, TG_WHEN, COALESCE(NEW.schedule_id, OLD.schedule_id));\n    RAISE NOTICE '% %', TG_ARGV[0], TG_NARGS;\n    RETURN NULL;\nEND $$;\nCREATE TRIGGER trg_schedule_biu BEFORE INSERT OR UPDATE ON surgery_schedule FOR EACH ROW EXECUTE FUNCTION trg_schedule_audit();\nCREATE TRIGGER trg_schedule_aiud AFTER INSERT OR UPDATE OR DELETE ON surgery_schedule FOR EACH ROW EXECUTE FUNCTION trg_schedule_audit();\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn whole_row_when_and_unknown_functions() {
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION trg_touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND $$;\nCREATE TRIGGER trg_patient_touch BEFORE UPDATE ON patient\n    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)\n    EXECUTE FUNCTION trg_touch();\nCREATE TRIGGER trg_ward_touch BEFORE UPDATE OF ward_name ON ward\n    FOR EACH ROW WHEN (NEW.ward_name <> OLD.ward_name)\n    EXECUTE FUNCTION trg_touch();\nCREATE TRIGGER trg_visit_audit AFTER UPDATE ON visit\n    FOR EACH ROW EXECUTE FUNCTION audit.fn_log('visit');\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
