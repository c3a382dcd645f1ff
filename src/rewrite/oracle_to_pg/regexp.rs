//! `regexp`: Oracle's `REGEXP_LIKE`, `REGEXP_SUBSTR`, `REGEXP_INSTR`,
//! `REGEXP_COUNT` and `REGEXP_REPLACE`.
//!
//! **What it does.** Oracle's match parameter becomes PostgreSQL flags:
//! Oracle's default (`.` does not match a newline, `^`/`$` only at the ends)
//! is PostgreSQL's `p`; `n` alone is `s`, `m` alone `n`, `m` with `n` `w`;
//! `i`, `c` and `x` stay. Then, on PostgreSQL 15 and later, which has
//! `regexp_like`, `regexp_substr`, `regexp_instr` and `regexp_count` with
//! Oracle's argument order, only the flags change. Before 15:
//!
//! | Oracle | PostgreSQL 12, 14 |
//! |---|---|
//! | `REGEXP_LIKE(s, p [, f])` | `s ~ '(?p)…'` (the flags as embedded options) |
//! | `REGEXP_SUBSTR(s, p)` | `(regexp_match(s, '(' \|\| p \|\| ')', 'p'))[1]` |
//! | `REGEXP_SUBSTR(s, p, pos, n [, f])` | `(SELECT m[1] FROM regexp_matches(substr(s, pos), '(…)', 'gp') AS m LIMIT 1 OFFSET n - 1)` |
//! | `REGEXP_COUNT(s, p [, pos [, f]])` | `(SELECT count(*)::integer FROM regexp_matches(substr(s, pos), p, 'gp'))` |
//! | `REGEXP_INSTR(s, p [, pos [, n [, ret [, f]]]])` | `sqlport.regexp_instr(s, p, pos, n, ret, 'p')` (a helper, emitted once) |
//!
//! and on every kernel `REGEXP_REPLACE(s, p [, r [, 1 [, 0 [, f]]]])` is
//! `regexp_replace(s, p, r, 'gp')` (Oracle replaces every occurrence by
//! default; occurrence 1 drops the `g`).
//!
//! **Why.** PostgreSQL's `.` matches a newline unless told otherwise, its
//! `regexp_replace` replaces only the first match without `g`, and the
//! Oracle-compatible functions arrive in PostgreSQL 15 (HighGo SEE 4.5 runs
//! 12, V9.0 runs 14). ora2pg's default flag `n` also makes `^` and `$` match
//! at every line.
//!
//! **Findings.** `SP0221` (error) for what is kept as written: a match
//! parameter that is not a literal, `REGEXP_INSTR` with a sub-expression
//! before 15 (without one it calls the helper `sqlport.regexp_instr`), a
//! `REGEXP_REPLACE` position other than 1 or occurrence other than 0 or 1,
//! the sub-expression argument of `REGEXP_SUBSTR` before 15. `SP0322`
//! (warning) where a pattern with back-references (`\1`) is wrapped in a
//! group before 15, which shifts their numbers.

use sqlparser::ast::{Expr, Value};

use super::expr::{builtin_args, number_literal, string_literal, template_for};
use crate::report::{Code, Finding};
use crate::rewrite::helpers::Helper;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Regexp;

impl Pass for Regexp {
    fn name(&self) -> &'static str {
        "regexp"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        let native = cx.options.kernel().unwrap_or(12) >= 15;
        super::each_expression(script, cx, &mut |e, origin, cx| {
            let Some((name, args)) = [
                "REGEXP_LIKE",
                "REGEXP_SUBSTR",
                "REGEXP_INSTR",
                "REGEXP_COUNT",
                "REGEXP_REPLACE",
            ]
            .iter()
            .find_map(|n| {
                builtin_args(e, n).map(|a| (*n, a.into_iter().cloned().collect::<Vec<Expr>>()))
            }) else {
                return false;
            };
            let span = origin.locate(text, e);
            let mut report = |code: Code, message: String| {
                cx.findings.push(Finding::new(code, span, message));
            };
            let new = rewrite(e, name, &args, native, &mut report);
            match new {
                Some(new) => {
                    *e = new;
                    if name == "REGEXP_INSTR" && !native {
                        cx.require_helper(Helper::RegexpInstr, span);
                    }
                    true
                }
                None => false,
            }
        });
    }
}

/// Where the match parameter is, per function.
fn flags_index(name: &str) -> usize {
    match name {
        "REGEXP_LIKE" => 2,
        "REGEXP_COUNT" => 3,
        "REGEXP_SUBSTR" => 4,
        "REGEXP_INSTR" | "REGEXP_REPLACE" => 5,
        _ => usize::MAX,
    }
}

/// PostgreSQL flags for Oracle's match parameter.
fn pg_flags(oracle: &str) -> String {
    let (mut dot_newline, mut multiline) = (false, false);
    let mut out = String::new();
    for c in oracle.chars() {
        match c {
            'n' => dot_newline = true,
            'm' => multiline = true,
            'i' | 'c' | 'x' => out.push(c),
            _ => {}
        }
    }
    let newline = match (dot_newline, multiline) {
        (false, false) => 'p',
        (true, false) => 's',
        (false, true) => 'n',
        (true, true) => 'w',
    };
    format!("{newline}{out}")
}

fn lit(s: String) -> Expr {
    Expr::value(Value::SingleQuotedString(s))
}

fn rewrite(
    e: &Expr,
    name: &str,
    args: &[Expr],
    native: bool,
    report: &mut dyn FnMut(Code, String),
) -> Option<Expr> {
    let flags = match args.get(flags_index(name)) {
        None => pg_flags(""),
        Some(f) => match string_literal(f) {
            Some(f) => pg_flags(f),
            None => {
                report(
                    Code::SP0221,
                    format!(
                        "{e}: the match parameter is not a literal, so its flags cannot be converted; kept as written"
                    ),
                );
                return None;
            }
        },
    };
    let is = |a: Option<&Expr>, v: &str| a.is_none_or(|a| number_literal(a).as_deref() == Some(v));
    let (s, p) = (args.first()?.clone(), args.get(1)?.clone());
    let mut with_flags: Vec<Expr> = args.to_vec();
    if native && name != "REGEXP_REPLACE" {
        // Oracle's argument order; pad the optional ones before the flags.
        let defaults = ["1", "1", "0"];
        let at = flags_index(name);
        while with_flags.len() < at {
            let k = with_flags.len() - 2;
            with_flags.push(Expr::value(Value::Number(
                defaults.get(k).copied().unwrap_or("1").to_string(),
                false,
            )));
        }
        if with_flags.len() > at {
            with_flags[at] = lit(flags);
        } else {
            with_flags.push(lit(flags));
        }
        let placeholders: Vec<String> = (1..=with_flags.len()).map(|i| format!("${i}")).collect();
        let function = name.to_ascii_lowercase();
        return template_for(
            e,
            &format!("{function}({})", placeholders.join(", ")),
            &with_flags,
        );
    }
    // A pattern wrapped in a group: for a literal, in the literal itself.
    let grouped = |p: &Expr, report: &mut dyn FnMut(Code, String)| -> Expr {
        match string_literal(p) {
            Some(text) => {
                if text.contains('\\') && text.chars().any(|c| c.is_ascii_digit()) {
                    report(
                        Code::SP0322,
                        format!(
                            "{e}: the pattern is wrapped in a group, so its back-references (\\1 …) now count one more"
                        ),
                    );
                }
                lit(format!("({text})"))
            }
            None => template_for(e, "'(' || ($1) || ')'", std::slice::from_ref(p))
                .unwrap_or_else(|| p.clone()),
        }
    };
    match name {
        "REGEXP_LIKE" => {
            let pattern = match string_literal(&p) {
                Some(text) => lit(format!("(?{flags}){text}")),
                None => template_for(
                    e,
                    &format!("'(?{flags})' || ($1)"),
                    std::slice::from_ref(&p),
                )?,
            };
            template_for(e, "($1) ~ ($2)", &[s, pattern])
        }
        "REGEXP_REPLACE" => {
            let r = args.get(2).cloned().unwrap_or_else(|| lit(String::new()));
            let g = if is(args.get(4), "0") {
                "g"
            } else if is(args.get(4), "1") {
                ""
            } else {
                report(
                    Code::SP0221,
                    format!(
                        "{e}: PostgreSQL's regexp_replace before 16 takes no occurrence; kept as written"
                    ),
                );
                return None;
            };
            if !is(args.get(3), "1") {
                report(
                    Code::SP0221,
                    format!(
                        "{e}: PostgreSQL's regexp_replace before 16 takes no position; kept as written"
                    ),
                );
                return None;
            }
            template_for(
                e,
                "regexp_replace($1, $2, $3, $4)",
                &[s, p, r, lit(format!("{g}{flags}"))],
            )
        }
        "REGEXP_SUBSTR" => {
            if args.len() > 5 {
                report(
                    Code::SP0221,
                    format!(
                        "{e}: the sub-expression argument needs PostgreSQL 15; kept as written"
                    ),
                );
                return None;
            }
            let group = grouped(&p, report);
            if is(args.get(2), "1") && is(args.get(3), "1") {
                template_for(e, "(regexp_match($1, $2, $3))[1]", &[s, group, lit(flags)])
            } else {
                let pos = args
                    .get(2)
                    .cloned()
                    .unwrap_or_else(|| Expr::value(Value::Number("1".into(), false)));
                let occ = args
                    .get(3)
                    .cloned()
                    .unwrap_or_else(|| Expr::value(Value::Number("1".into(), false)));
                template_for(
                    e,
                    "(SELECT m[1] FROM regexp_matches(substr($1, $2), $3, $4) AS m LIMIT 1 OFFSET ($5) - 1)",
                    &[s, pos, group, lit(format!("g{flags}")), occ],
                )
            }
        }
        "REGEXP_COUNT" => {
            let pos = args
                .get(2)
                .cloned()
                .unwrap_or_else(|| Expr::value(Value::Number("1".into(), false)));
            template_for(
                e,
                "(SELECT count(*)::integer FROM regexp_matches(substr($1, $2), $3, $4))",
                &[s, pos, p, lit(format!("g{flags}"))],
            )
        }
        _ if args.len() > 6 => {
            report(
                Code::SP0221,
                format!(
                    "{e}: the sub-expression argument of REGEXP_INSTR needs PostgreSQL 15 (regexp_instr); kept as written"
                ),
            );
            None
        }
        _ => {
            // The helper takes Oracle's arguments, with PostgreSQL's flags.
            let number = |i: usize, default: &str| {
                args.get(i)
                    .cloned()
                    .unwrap_or_else(|| Expr::value(Value::Number(default.into(), false)))
            };
            template_for(
                e,
                &format!(
                    "{}($1, $2, $3, $4, $5, $6)",
                    Helper::RegexpInstr.qualified()
                ),
                &[
                    s,
                    p,
                    number(2, "1"),
                    number(3, "1"),
                    number(4, "0"),
                    lit(flags),
                ],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::translated;
    use super::pg_flags;

    const INPUT: &str = "SELECT REGEXP_LIKE(p.phone, '^1[3-9][0-9]{9}$') ok_phone,
       REGEXP_SUBSTR(p.addr, '[0-9]+') first_no, REGEXP_SUBSTR(p.addr, '[0-9]+', 1, 2, 'i') second_no,
       REGEXP_COUNT(p.remark, '过敏') allergies, REGEXP_REPLACE(p.id_card, '[^0-9X]') clean_id,
       REGEXP_REPLACE(p.pat_name, '\\s+', ' ', 1, 1) one_space, REGEXP_INSTR(p.addr, '[0-9]')
  FROM pat_info p WHERE REGEXP_LIKE(p.pat_name, '^张', 'i') AND NOT REGEXP_LIKE(p.remark, v_pat, p_flags);
";

    #[test]
    fn flags() {
        assert_eq!(pg_flags(""), "p");
        assert_eq!(pg_flags("i"), "pi");
        assert_eq!(pg_flags("n"), "s");
        assert_eq!(pg_flags("m"), "n");
        assert_eq!(pg_flags("nm"), "w");
    }

    #[test]
    fn before_15() {
        insta::assert_snapshot!(translated(INPUT, 12));
    }

    #[test]
    fn regexp_instr_calls_a_helper_before_15() {
        // 检验条码：第二段数字的起止位置
        let input = "SELECT REGEXP_INSTR(s.barcode, '[0-9]+', 1, 2, 1, 'i') end_of_second,
       REGEXP_INSTR(s.barcode, '([A-Z])([0-9]+)', 1, 1, 0, 'c', 2) second_group
  FROM lab_sample s;
";
        let out = translated(input, 14);
        assert!(
            out.contains(
                "sqlport.regexp_instr(s.barcode, '[0-9]+', 1, 2, 1, 'pi') AS end_of_second"
            ),
            "{out}"
        );
        assert!(
            out.contains("CREATE OR REPLACE FUNCTION sqlport.regexp_instr")
                || out.contains("-- helpers: sqlport.regexp_instr"),
            "{out}"
        );
        assert!(out.contains("SP0221"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn native_from_15() {
        insta::assert_snapshot!(translated(INPUT, 15));
    }
}
