//! `exceptions`: Oracle's errors and exceptions as PostgreSQL conditions.
//!
//! **What it does.**
//! - `RAISE_APPLICATION_ERROR(-20nnn, msg [, keep])` becomes
//!   `RAISE EXCEPTION '%', msg USING ERRCODE = '45nnn'`: application errors
//!   -20000 … -20999 map to SQLSTATE class `45`, keeping the last three
//!   digits (the mapping ora2pg uses; PostgreSQL does not use class 45). A
//!   code computed at run time gets the same rule as an `ERRCODE` expression.
//! - Predefined exceptions in handlers and `RAISE` become PostgreSQL
//!   condition names (`DUP_VAL_ON_INDEX` → `unique_violation`,
//!   `VALUE_ERROR` → the three conditions PL/pgSQL raises for it), from
//!   `grammar/oracle_errors.toml`.
//! - A user exception (`e EXCEPTION;`) is removed from its declare section;
//!   `RAISE e` becomes `RAISE EXCEPTION 'e' USING ERRCODE = 'UXnnn'` and
//!   `WHEN e` becomes `WHEN SQLSTATE 'UXnnn'`, where `nnn` is computed from
//!   the name ([`user_exception_sqlstate`]), so it is the same in every unit.
//! - `PRAGMA EXCEPTION_INIT(e, -nnnn)` ties `e` to an Oracle error: `e` then
//!   stands for that error's PostgreSQL condition (`-1` → `unique_violation`);
//!   the pragma is removed.
//! - `SQLCODE` becomes `sqlport.sqlcode(SQLSTATE)` and `SQLERRM`
//!   `sqlport.sqlerrm(SQLSTATE, SQLERRM)`: helper functions whose `CASE` is
//!   generated from `grammar/oracle_errors.toml`, so a handler gets Oracle's
//!   numbers back (-20030 for SQLSTATE `45030`, +100 for `P0002`, -1 for
//!   `23505`, +1 for a user exception) and `'ORA-nnnnn: '` before the
//!   message. A comparison of `SQLCODE` with numbers (`= -1`,
//!   `NOT IN (-942, -4043)`) becomes one of `SQLSTATE` with the codes of
//!   those errors instead: exact, and no helper. `RAISE;` stays.
//!
//! **Why.** PL/pgSQL has no exception declarations and no
//! `RAISE_APPLICATION_ERROR`; its errors are identified by SQLSTATE codes
//! and condition names.
//!
//! **Example.**
//!
//! ```sql
//! -- Oracle
//! RAISE_APPLICATION_ERROR(-20201, '患者已有在院记录');
//! EXCEPTION WHEN DUP_VAL_ON_INDEX THEN …
//! -- PostgreSQL
//! RAISE EXCEPTION '%', '患者已有在院记录' USING ERRCODE = '45201';
//! EXCEPTION WHEN unique_violation THEN …
//! ```
//!
//! **Findings.** `SP0442` (info, once per unit) for application errors,
//! `SP0443` (info) per user exception, `SP0386` (warning, once per unit)
//! for `SQLCODE`: errors Oracle has no number for give -99999.

use std::collections::HashMap;

use sqlparser::ast::{BinaryOperator, Expr, InTarget, UnaryOperator, Value};

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::catalog::oracle_errors;
use crate::report::{Code, Finding};
use crate::rewrite::helpers::Helper;
use crate::rewrite::visit_unit::visit_exprs;
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::{built, built_name, call_parts, pg_expr, string_lit};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Exceptions;

impl Pass for Exceptions {
    fn name(&self) -> &'static str {
        "exceptions"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        // Script-wide: a package body raises and catches the exceptions its
        // specification (another unit) declares.
        let mut declared = Declared::default();
        for unit in script.units_mut() {
            if let Content::Program(program) = &mut unit.content {
                walk_program(&mut declared, program);
            }
        }
        let text_params = text_params(script);
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut v = Rewrite {
                text_params: &text_params,
                user: declared.map.clone(),
                findings: Vec::new(),
                application_error: None,
                sqlcode: None,
                sqlcode_helper: None,
                sqlerrm: None,
            };
            walk_program(&mut v, program);
            if let Some(span) = v.application_error {
                v.findings.push(
                    Finding::new(
                        Code::SP0442,
                        span,
                        "RAISE_APPLICATION_ERROR(-20nnn, …) became RAISE EXCEPTION … USING ERRCODE = '45nnn'",
                    )
                    .with_help(
                        "clients that looked for ORA-20nnn look for SQLSTATE '45nnn'; SQLCODE and SQLERRM in handlers still give -20nnn and 'ORA-20nnn: …'",
                    ),
                );
            }
            if let Some(span) = v.sqlcode {
                v.findings.push(
                    Finding::new(
                        Code::SP0386,
                        span,
                        "SQLCODE became sqlport.sqlcode(SQLSTATE): Oracle's number for the errors sqlport knows, -99999 for other PostgreSQL errors",
                    )
                    .with_help(
                        "a comparison of SQLCODE with numbers compares SQLSTATE codes; a stored code of -99999 means an error Oracle had no number for (see SQLSTATE)",
                    ),
                );
            }
            cx.findings.append(&mut v.findings);
            if let Some(span) = v.sqlcode_helper {
                cx.require_helper(Helper::Sqlcode, span);
            }
            if let Some(span) = v.sqlerrm {
                cx.require_helper(Helper::Sqlerrm, span);
            }
            unit.rewritten = true;
        }
    }
}

/// The SQLSTATE of a user-defined exception: `UX` and three base-36
/// characters of a hash of its upper-cased name (without any qualifier),
/// so that every unit that raises or catches the exception agrees.
pub(crate) fn user_exception_sqlstate(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    // FNV-1a: small, stable across versions and platforms.
    let mut hash: u32 = 0x811c_9dc5;
    for b in last.to_ascii_uppercase().bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut n = hash % (36 * 36 * 36);
    let mut code = [b'0'; 3];
    for c in code.iter_mut().rev() {
        *c = DIGITS[(n % 36) as usize];
        n /= 36;
    }
    format!("UX{}", String::from_utf8_lossy(&code))
}

/// The SQLSTATE of Oracle application error `code` (-20000 … -20999).
fn application_sqlstate(code: i64) -> Option<String> {
    (-20999..=-20000)
        .contains(&code)
        .then(|| format!("45{:03}", -code - 20000))
}

/// What an exception name stands for on the target.
#[derive(Debug, Clone)]
enum Condition {
    /// PostgreSQL condition names (a handler catches any of them).
    Names(Vec<String>),
    /// A SQLSTATE code.
    Sqlstate(String),
}

impl Condition {
    /// The handler's names for it.
    fn handler_names(&self) -> Vec<String> {
        match self {
            Condition::Names(n) => n.clone(),
            Condition::Sqlstate(s) => vec![format!("SQLSTATE '{s}'")],
        }
    }
}

/// The condition of an ORA code given to `PRAGMA EXCEPTION_INIT`.
fn ora_condition(code: i64) -> Option<Condition> {
    if let Some(s) = application_sqlstate(code) {
        return Some(Condition::Sqlstate(s));
    }
    oracle_errors()
        .code(code)
        .map(|c| Condition::Names(vec![c.condition.clone()]))
}

fn is_sqlstate(e: &Expr) -> bool {
    matches!(e, Expr::Identifier(i) if i.quote_style.is_none() && i.value.eq_ignore_ascii_case("SQLSTATE"))
}

/// `sqlport.sqlcode(SQLSTATE)`, what `SQLCODE` became.
fn is_sqlcode_call(e: &Expr) -> bool {
    call_parts(e).is_some_and(|(name, args)| {
        name.eq_ignore_ascii_case(&Helper::Sqlcode.qualified())
            && matches!(args.as_slice(), [(None, a)] if is_sqlstate(a))
    })
}

/// The SQLSTATE of the Oracle error number `n` (`SQLCODE`'s value).
fn code_sqlstate(n: i64) -> Option<String> {
    application_sqlstate(n).or_else(|| oracle_errors().code(n).map(|c| c.sqlstate.clone()))
}

/// `sqlport.sqlcode(SQLSTATE) = -1`, `… NOT IN (-942, -4043)` (from
/// `SQLCODE`): the comparison becomes one of `SQLSTATE` with the codes of
/// those errors, when all are known — exact, where the number `SQLCODE`
/// gives for an error PostgreSQL has several codes for would not be.
fn compared_codes(e: &mut Expr) -> bool {
    let (code, literals): (&mut Expr, Vec<&mut Expr>) = match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq | BinaryOperator::NotEq,
            right,
        } => {
            if is_sqlcode_call(left) {
                (&mut **left, vec![&mut **right])
            } else if is_sqlcode_call(right) {
                (&mut **right, vec![&mut **left])
            } else {
                return false;
            }
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            ..
        } if is_sqlcode_call(expr) => (&mut **expr, list.iter_mut().collect()),
        _ => return false,
    };
    let codes: Option<Vec<String>> = literals
        .iter()
        .map(|l| int_literal(l).and_then(code_sqlstate))
        .collect();
    let Some(codes) = codes else {
        return false;
    };
    for (l, state) in literals.into_iter().zip(codes) {
        *l = string_lit(&state);
    }
    *code = Expr::Identifier("SQLSTATE".into());
    true
}

/// An integer literal, possibly negated.
fn int_literal(e: &Expr) -> Option<i64> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => int_literal(expr).map(|n| -n),
        Expr::Nested(inner) => int_literal(inner),
        _ => None,
    }
}

fn ident_text(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.clone()),
        Expr::CompoundIdentifier(parts) => Some(
            parts
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join("."),
        ),
        _ => None,
    }
}

/// The routines of `script` (package routines as `pkg.f`, upper-cased),
/// each with its parameters' names (upper-cased) and whether the type is a
/// string: Oracle converts `SQLCODE`'s number to a `VARCHAR2` parameter,
/// PostgreSQL finds no procedure for an integer argument there.
fn text_params(script: &crate::ast::Script) -> HashMap<String, Vec<(Option<String>, bool)>> {
    let mut out = HashMap::new();
    let mut add = |r: &Routine| {
        let params = r
            .params
            .iter()
            .map(|p| {
                let ty = match &p.ty.kind {
                    TypeRefKind::Data(d) => d.to_string(),
                    TypeRefKind::Named(n) => n.text.clone(),
                    _ => String::new(),
                }
                .to_ascii_uppercase();
                let text = ["VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CHARACTER"]
                    .iter()
                    .any(|t| ty.starts_with(t));
                (p.name.as_ref().map(|n| n.text.to_ascii_uppercase()), text)
            })
            .collect();
        out.insert(r.name.text.to_ascii_uppercase(), params);
    };
    for unit in script.units() {
        let Content::Program(program) = &unit.content else {
            continue;
        };
        match &program.unit {
            ProgramUnit::Routine(r) => add(r),
            ProgramUnit::Package(p) => {
                for d in &p.declarations {
                    if let Declaration::Routine(r) = d {
                        add(r);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// In a call of a routine of the script, `sqlport.sqlcode(SQLSTATE)` given
/// to a string parameter becomes `sqlport.sqlcode(SQLSTATE)::TEXT`.
fn text_sqlcode_args(
    e: &mut Expr,
    routines: &HashMap<String, Vec<(Option<String>, bool)>>,
) -> bool {
    let Expr::Function(f) = e else { return false };
    let Some(params) = routines.get(&f.name.to_string().to_ascii_uppercase()) else {
        return false;
    };
    let sqlparser::ast::FunctionArguments::List(list) = &mut f.args else {
        return false;
    };
    let mut changed = false;
    for (i, arg) in list.args.iter_mut().enumerate() {
        let (param, value) = match arg {
            sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(v)) => {
                (params.get(i), v)
            }
            sqlparser::ast::FunctionArg::Named {
                name,
                arg: sqlparser::ast::FunctionArgExpr::Expr(v),
                ..
            } => (
                params
                    .iter()
                    .find(|p| p.0.as_deref() == Some(name.value.to_ascii_uppercase().as_str())),
                v,
            ),
            _ => continue,
        };
        if param.is_some_and(|p| p.1) && is_sqlcode_call(value) {
            let call = std::mem::replace(value, Expr::Identifier("SQLSTATE".into()));
            *value = Expr::Cast {
                kind: sqlparser::ast::CastKind::DoubleColon,
                expr: Box::new(call),
                data_type: sqlparser::ast::DataType::Text,
                format: None,
            };
            changed = true;
        }
    }
    changed
}

/// First walk: the unit's user exceptions and their pragmas.
#[derive(Default)]
struct Declared {
    /// Upper-cased name → (its condition, the declaration's span, whether a
    /// pragma tied it to an Oracle error).
    map: HashMap<String, (Condition, Span, bool)>,
}

impl VisitMut for Declared {
    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter() {
            if let Declaration::Exception { span, name } = d {
                self.map.entry(name.text.to_ascii_uppercase()).or_insert((
                    Condition::Sqlstate(user_exception_sqlstate(&name.text)),
                    *span,
                    false,
                ));
            }
        }
        for d in decls.iter() {
            if let Declaration::Pragma { name, args, .. } = d
                && name.eq_ignore_ascii_case("EXCEPTION_INIT")
                && let [e, code] = args.as_slice()
                && let (Some(e), Some(code)) = (ident_text(&e.expr), int_literal(&code.expr))
                && let Some(condition) = ora_condition(code)
            {
                let key = e.to_ascii_uppercase();
                let span = self.map.get(&key).map(|m| m.1).unwrap_or_default();
                self.map.insert(key, (condition, span, true));
            }
        }
    }
}

struct Rewrite<'a> {
    /// The script's routines: for each parameter, whether its type is a
    /// string (see [`text_params`]).
    text_params: &'a HashMap<String, Vec<(Option<String>, bool)>>,
    user: HashMap<String, (Condition, Span, bool)>,
    findings: Vec<Finding>,
    application_error: Option<Span>,
    /// The first `SQLCODE` (one finding says what became of all).
    sqlcode: Option<Span>,
    /// The first `SQLCODE` left as a value (not a comparison).
    sqlcode_helper: Option<Span>,
    /// The first `SQLERRM`.
    sqlerrm: Option<Span>,
}

impl Rewrite<'_> {
    /// What `name` (a handler's or `RAISE`'s exception) stands for.
    fn condition(&self, name: &str) -> Option<Condition> {
        let upper = name.to_ascii_uppercase();
        if let Some((c, ..)) = self.user.get(&upper) {
            return Some(c.clone());
        }
        if let Some(p) = oracle_errors().predefined(&upper) {
            return Some(Condition::Names(p.conditions.clone()));
        }
        // `pkg.e_no_stock`: a package's exception; its code comes from its
        // name, like every user exception's.
        if upper.contains('.') {
            return Some(Condition::Sqlstate(user_exception_sqlstate(name)));
        }
        None
    }

    fn raise_application_error(
        &mut self,
        span: Span,
        args: &[(Option<String>, Expr)],
    ) -> Option<StmtKind> {
        let arg = |pos: usize, name: &str| {
            args.iter()
                .find(|(n, _)| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
                .or_else(|| args.get(pos).filter(|(n, _)| n.is_none()))
                .map(|(_, e)| e.clone())
        };
        let code = arg(0, "num")?;
        let message = arg(1, "msg")?;
        let errcode = match int_literal(&code).and_then(application_sqlstate) {
            Some(state) => string_lit(&state),
            None => pg_expr(&format!("'45' || lpad((-({code}) - 20000)::text, 3, '0')"))?,
        };
        self.application_error.get_or_insert(span);
        Some(StmtKind::RaiseMessage {
            level: Some("EXCEPTION".to_string()),
            format: Some(built(string_lit("%"))),
            condition: None,
            args: vec![built(message)],
            options: vec![(built_name("ERRCODE"), built(errcode))],
        })
    }

    fn raise(&mut self, span: Span, name: &Name) -> Option<StmtKind> {
        let upper = name.text.to_ascii_uppercase();
        let condition = self.condition(&name.text)?;
        if let Some(&(_, decl, false)) = self.user.get(&upper) {
            self.user_finding(&name.text, decl, span);
        }
        Some(match condition {
            Condition::Names(names) => StmtKind::Raise(Some(built_name(names[0].clone()))),
            Condition::Sqlstate(state) => StmtKind::RaiseMessage {
                level: Some("EXCEPTION".to_string()),
                format: Some(built(string_lit(&name.text))),
                condition: None,
                args: Vec::new(),
                options: vec![(built_name("ERRCODE"), built(string_lit(&state)))],
            },
        })
    }

    /// One `SP0443` per user exception, at its declaration.
    fn user_finding(&mut self, name: &str, decl: Span, used: Span) {
        let upper = name.to_ascii_uppercase();
        let Some((_, _, reported)) = self.user.get_mut(&upper) else {
            return;
        };
        if *reported {
            return;
        }
        // Reported once: the flag that marks pragma-tied exceptions (never
        // reported) also marks those already reported.
        *reported = true;
        let at = if decl.is_empty() { used } else { decl };
        self.findings.push(
            Finding::new(
                Code::SP0443,
                at,
                format!(
                    "user exception `{name}` became SQLSTATE '{}'",
                    user_exception_sqlstate(name)
                ),
            )
            .with_help("handlers in other routines catch it with WHEN SQLSTATE '…'"),
        );
    }

    /// `SQLCODE` → `sqlport.sqlcode(SQLSTATE)` (its comparisons with
    /// numbers → comparisons of `SQLSTATE`), `SQLERRM` →
    /// `sqlport.sqlerrm(SQLSTATE, SQLERRM)`.
    fn sqlcode<V: sqlparser::ast::VisitMut>(&mut self, node: &mut V, span: Span) -> bool {
        let (mut code, mut errm, mut compared) = (false, false, false);
        visit_exprs(node, &mut |e| {
            if let Expr::Identifier(i) = e
                && i.quote_style.is_none()
            {
                let (helper, text) = if i.value.eq_ignore_ascii_case("SQLCODE") {
                    (
                        &mut code,
                        format!("{}(SQLSTATE)", Helper::Sqlcode.qualified()),
                    )
                } else if i.value.eq_ignore_ascii_case("SQLERRM") {
                    (
                        &mut errm,
                        format!("{}(SQLSTATE, SQLERRM)", Helper::Sqlerrm.qualified()),
                    )
                } else {
                    return false;
                };
                // Children are visited first: the call's own SQLERRM is
                // not visited again.
                if let Some(call) = pg_expr(&text) {
                    *e = call;
                    *helper = true;
                    return true;
                }
                return false;
            }
            let done = compared_codes(e);
            compared |= done;
            done
        });
        if code {
            self.sqlcode.get_or_insert(span);
            // Only comparisons, all rewritten: no helper needed.
            let mut left = false;
            visit_exprs(node, &mut |e| {
                left |= is_sqlcode_call(e);
                false
            });
            if left {
                self.sqlcode_helper.get_or_insert(span);
            }
        }
        if errm {
            self.sqlerrm.get_or_insert(span);
        }
        code || errm || compared
    }
}

impl VisitMut for Rewrite<'_> {
    fn expr(&mut self, e: &mut PlExpr) {
        let span = e.span;
        if self.sqlcode(&mut e.expr, span) {
            e.span = Span::default();
        }
    }

    fn sql(&mut self, sql: &mut EmbeddedSql) {
        let span = sql.span;
        // One walk over the statement: a second over a rewritten node would
        // wrap its SQLERRM again.
        if self.sqlcode(&mut *sql.statement, span) {
            sql.span = Span::default();
        }
    }

    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        decls.retain(|d| match d {
            Declaration::Exception { .. } => false,
            Declaration::Pragma { name, .. } => !name.eq_ignore_ascii_case("EXCEPTION_INIT"),
            _ => true,
        });
    }

    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            if let StmtKind::Call(c) = &mut s.kind
                && text_sqlcode_args(&mut c.expr, self.text_params)
            {
                c.span = Span::default();
            }
            let new = match &s.kind {
                StmtKind::Call(c) => match call_parts(&c.expr) {
                    Some((name, args)) if name.eq_ignore_ascii_case("RAISE_APPLICATION_ERROR") => {
                        self.raise_application_error(s.span, &args)
                    }
                    _ => None,
                },
                StmtKind::Raise(Some(name)) => {
                    let name = name.clone();
                    self.raise(s.span, &name)
                }
                _ => None,
            };
            if let Some(kind) = new {
                s.kind = kind;
            }
        }
    }

    fn block(&mut self, b: &mut Block) {
        for h in &mut b.handlers {
            let mut names = Vec::new();
            for n in &h.exceptions {
                let upper = n.text.to_ascii_uppercase();
                if upper == "OTHERS" {
                    names.push(n.clone());
                    continue;
                }
                match self.condition(&n.text) {
                    Some(c) => {
                        if let Some(&(_, decl, false)) = self.user.get(&upper) {
                            self.user_finding(&n.text, decl, h.span);
                        }
                        names.extend(c.handler_names().into_iter().map(built_name));
                    }
                    None => names.push(n.clone()),
                }
            }
            names.dedup_by(|a, b| a.text.eq_ignore_ascii_case(&b.text));
            h.exceptions = names;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};
    use super::user_exception_sqlstate;

    #[test]
    fn user_exception_codes_are_stable_and_valid_sqlstates() {
        let code = user_exception_sqlstate("e_no_stock");
        assert_eq!(code, user_exception_sqlstate("pkg_pharmacy.E_NO_STOCK"));
        assert_eq!(code.len(), 5);
        assert!(code.starts_with("UX"));
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        );
    }

    #[test]
    fn application_errors_predefined_and_user_exceptions() {
        let script = "CREATE OR REPLACE PROCEDURE sp_ip_refund (p_deposit_id IN NUMBER, p_amount IN NUMBER) IS
  e_over_refund   EXCEPTION;
  e_child_exists  EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_child_exists, -2292);
  e_locked        EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_locked, -20777);
  l_paid   NUMBER;
BEGIN
  SELECT amount INTO l_paid FROM ip_deposit WHERE deposit_id = p_deposit_id FOR UPDATE;
  IF p_amount > l_paid THEN
    RAISE e_over_refund;
  END IF;
  IF p_amount = 0 THEN
    RAISE_APPLICATION_ERROR(-20310, '退款金额不能为 0：' || p_deposit_id, TRUE);
  END IF;
  IF p_amount < 0 THEN
    RAISE VALUE_ERROR;
  END IF;
  DELETE FROM ip_deposit WHERE deposit_id = p_deposit_id;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RAISE_APPLICATION_ERROR(-20300, '预交金记录不存在');
  WHEN e_over_refund THEN
    RAISE_APPLICATION_ERROR(-20301, '退款超过已交金额');
  WHEN e_child_exists OR DUP_VAL_ON_INDEX THEN
    RAISE;
  WHEN VALUE_ERROR OR ZERO_DIVIDE THEN
    INSERT INTO his_error_log (code, msg) VALUES (SQLCODE, SQLERRM);
    RAISE;
  WHEN e_locked THEN
    NULL;
  WHEN OTHERS THEN
    IF SQLCODE = -1 OR SQLCODE IN (-20301, -2292) THEN
      NULL;
    ELSIF SQLCODE NOT IN (-942, -99999) THEN
      sp_his_log('IP_REFUND', 'ERROR', SQLERRM, SQLCODE);
    END IF;
    RAISE;
END sp_ip_refund;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }

    #[test]
    fn sqlcode_and_sqlerrm_give_oracle_numbers_back() {
        // 发票号段用完时记录错误码：SQLCODE 存进 NUMBER 列，与数字比较。
        let script =
            "CREATE OR REPLACE PROCEDURE sp_err_log (p_module IN VARCHAR2, p_code IN VARCHAR2) IS
BEGIN
  INSERT INTO op_invoice_error (module, err_text) VALUES (p_module, p_code);
END;
/
DECLARE
  l_no    VARCHAR2(40);
  l_code  NUMBER;
BEGIN
  l_no := fn_gen_invoice_no(9100, 'P');
EXCEPTION
  WHEN OTHERS THEN
    -- 字符串参数：Oracle 隐式转换数字
    sp_err_log('INVOICE', SQLCODE);
    l_code := SQLCODE;
    INSERT INTO op_invoice_error (err_code, err_msg) VALUES (l_code, SUBSTR(SQLERRM, 1, 200));
    IF SQLCODE <> -20010 THEN
      RAISE;
    END IF;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
