//! `conversions`: `TO_DATE`, `TO_TIMESTAMP`, `TO_CHAR`, `TO_NUMBER`.
//!
//! **What it does.**
//!
//! | Oracle | PostgreSQL |
//! |---|---|
//! | `TO_DATE(s, fmt [, nls])` | `to_timestamp(s, fmt')::timestamp(0)` |
//! | `TO_DATE(s)` | `(s)::timestamp(0)` |
//! | `TO_TIMESTAMP(s, fmt [, nls])` | `to_timestamp(s, fmt')::timestamp` |
//! | `TO_CHAR(x, fmt [, nls])` | `to_char(x, fmt')` |
//! | `TO_CHAR(x)` | `(x)::text` |
//! | `TO_NUMBER(s)` | `(s)::numeric` (`TO_NUMBER(s, fmt)` is PostgreSQL's too) |
//! | `HEXTORAW(s)` | `decode(s, 'hex')` (`RAW` is `bytea`) |
//! | `RAWTOHEX(r)` | `upper(encode(r, 'hex'))` (Oracle writes upper-case digits) |
//!
//! `fmt'` is the format with Oracle's tokens PostgreSQL spells differently:
//! `RRRR` → `YYYY`, `RR` → `YY`, and, before PostgreSQL 13 (which reads
//! `FF1`–`FF6`), `FF1`–`FF3` → `MS` and `FF4`–`FF9`, `FF` → `US`. Text in
//! double quotes is left alone. The NLS argument is dropped.
//!
//! **Why.** PostgreSQL's `to_date` returns a `date`, so the time of day in
//! `TO_DATE('2024-01-31 14:30', 'YYYY-MM-DD HH24:MI')` would be lost (ora2pg
//! keeps `to_date`); `to_timestamp` keeps it, and the cast gives Oracle's
//! `DATE` (no time zone, whole seconds). `TO_CHAR` without a format and
//! `TO_NUMBER` have no PostgreSQL function of one argument.
//!
//! **Example.**
//!
//! ```sql
//! SELECT TO_DATE('2024-01-31 14:30:00', 'YYYY-MM-DD HH24:MI:SS'), TO_CHAR(SYSDATE, 'RRRR-MM-DD') FROM dual;
//! SELECT to_timestamp('2024-01-31 14:30:00', 'YYYY-MM-DD HH24:MI:SS')::TIMESTAMP(0), to_char(…, 'YYYY-MM-DD') FROM dual;
//! ```
//!
//! **Findings.** `SP0320` (warning) for `TO_CHAR` without a format on a
//! value not known to be text; `SP0322` (warning) for `TO_DATE` without a
//! format (Oracle reads it with `NLS_DATE_FORMAT`) and for `RR` years (a
//! different century window: Oracle's `RR` puts 50–99 in the previous
//! century, PostgreSQL's `YY` puts 70–99 there) and for month and day names
//! (`MON`, `MONTH`, `DAY`, `DY`: Oracle's follow `NLS_DATE_LANGUAGE`).

use sqlparser::ast::Expr;

use super::expr::{builtin_args, string_literal, template_for};
use super::type_env::{Env, Kind, Tables};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Conversions;

impl Pass for Conversions {
    fn name(&self) -> &'static str {
        "conversions"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let tables = Tables::with_context(script, cx);
        let text = cx.file.text();
        let kernel = cx.options.kernel().unwrap_or(12);
        for unit in script.units_mut() {
            let env = Env::of(&tables, unit);
            expressions_at(unit, &mut |e, origin| {
                let span = origin.locate(text, e);
                let mut warn = |code: Code, message: String| {
                    cx.findings.push(Finding::new(code, span, message));
                };
                let new = rewrite(e, &env, kernel, &mut warn);
                match new {
                    Some(new) => {
                        *e = new;
                        true
                    }
                    None => false,
                }
            });
        }
    }
}

fn rewrite(
    e: &Expr,
    env: &Env<'_>,
    kernel: u32,
    warn: &mut dyn FnMut(Code, String),
) -> Option<Expr> {
    let owned = |args: Vec<&Expr>| -> Vec<Expr> { args.into_iter().cloned().collect() };
    // The format argument with Oracle's tokens in PostgreSQL's spelling.
    let format = |f: &Expr, warn: &mut dyn FnMut(Code, String)| -> Expr {
        match string_literal(f) {
            Some(s) => {
                let (converted, rr) = convert_format(s, kernel);
                let names = {
                    // Outside quoted text: month and day names.
                    let bare: String = s
                        .split('"')
                        .step_by(2)
                        .collect::<String>()
                        .to_ascii_uppercase();
                    ["MON", "DAY", "DY"].iter().any(|n| bare.contains(n))
                };
                if names {
                    warn(
                        Code::SP0322,
                        format!(
                            "'{s}': Oracle spells month and day names in NLS_DATE_LANGUAGE; PostgreSQL in English (TMMON/TMDAY follow lc_time)"
                        ),
                    );
                }
                if rr {
                    warn(
                        Code::SP0322,
                        format!(
                            "'{s}': Oracle's RR century window differs from PostgreSQL's YY (50–99 vs 70–99 go to the 1900s)"
                        ),
                    );
                }
                Expr::value(sqlparser::ast::Value::SingleQuotedString(converted))
            }
            None => f.clone(),
        }
    };
    if let Some(args) = builtin_args(e, "TO_DATE") {
        return match args.as_slice() {
            [s] => {
                warn(
                    Code::SP0322,
                    format!(
                        "{e}: Oracle reads the text with NLS_DATE_FORMAT; PostgreSQL reads ISO forms such as 2024-01-31 14:30:00"
                    ),
                );
                template_for(e, "($1)::timestamp(0)", &[(*s).clone()])
            }
            [s, f, ..] => {
                let f = format(f, warn);
                template_for(e, "to_timestamp($1, $2)::timestamp(0)", &[(*s).clone(), f])
            }
            [] => None,
        };
    }
    if let Some(args) = builtin_args(e, "TO_TIMESTAMP") {
        return match args.as_slice() {
            [s, f, ..] => {
                let f = format(f, warn);
                template_for(e, "to_timestamp($1, $2)::timestamp", &[(*s).clone(), f])
            }
            _ => None,
        };
    }
    if let Some(args) = builtin_args(e, "TO_CHAR") {
        return match args.as_slice() {
            [x] => {
                if env.kind(x) != Some(Kind::Text) {
                    warn(
                        Code::SP0320,
                        format!(
                            "{e}: without a format Oracle prints per NLS settings (dates) or its own way (.5); this prints PostgreSQL's text"
                        ),
                    );
                }
                template_for(e, "($1)::text", &owned(args))
            }
            [x, f, ..] => {
                let f = format(f, warn);
                template_for(e, "to_char($1, $2)", &[(*x).clone(), f])
            }
            [] => None,
        };
    }
    if let Some(args) = builtin_args(e, "TO_NUMBER").filter(|a| a.len() == 1) {
        return template_for(e, "($1)::numeric", &owned(args));
    }
    // RAW ↔ hexadecimal text: RAW is bytea; Oracle writes hex upper-case.
    if let Some(args) = builtin_args(e, "HEXTORAW").filter(|a| a.len() == 1) {
        return template_for(e, "decode($1, 'hex')", &owned(args));
    }
    if let Some(args) = builtin_args(e, "RAWTOHEX").filter(|a| a.len() == 1) {
        return template_for(e, "upper(encode($1, 'hex'))", &owned(args));
    }
    None
}

/// `format` with Oracle's tokens in PostgreSQL's spelling, and whether it
/// had an `RR` year.
fn convert_format(format: &str, kernel: u32) -> (String, bool) {
    let mut out = String::with_capacity(format.len());
    let mut rr = false;
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    let upper = |k: usize| chars.get(k).map(|c| c.to_ascii_uppercase());
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            // Quoted text is copied as it is, up to its closing quote.
            let end = chars[i + 1..]
                .iter()
                .position(|&q| q == '"')
                .map_or(chars.len(), |p| i + 1 + p + 1);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        let at = |s: &str| s.chars().enumerate().all(|(k, x)| upper(i + k) == Some(x));
        if at("RRRR") {
            out.push_str("YYYY");
            i += 4;
        } else if at("RR") {
            out.push_str("YY");
            rr = true;
            i += 2;
        } else if at("FF") && kernel < 13 {
            // PostgreSQL 12 has milliseconds and microseconds only.
            match chars.get(i + 2).and_then(|d| d.to_digit(10)) {
                Some(1..=3) => {
                    out.push_str("MS");
                    i += 3;
                }
                Some(_) => {
                    out.push_str("US");
                    i += 3;
                }
                None => {
                    out.push_str("US");
                    i += 2;
                }
            }
        } else if at("FF") {
            // PostgreSQL 13+ reads FF1–FF6; a bare FF (Oracle: 6 digits) and
            // FF7–FF9 are microseconds at most.
            match chars.get(i + 2).and_then(|d| d.to_digit(10)) {
                Some(1..=6) => {
                    out.extend(&chars[i..i + 3]);
                    i += 3;
                }
                Some(_) => {
                    out.push_str("FF6");
                    i += 3;
                }
                None => {
                    out.push_str("FF6");
                    i += 2;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    (out, rr)
}

#[cfg(test)]
mod tests {
    use super::super::translated;
    use super::convert_format;

    #[test]
    fn formats() {
        assert_eq!(convert_format("DD-MON-RR", 12), ("DD-MON-YY".into(), true));
        assert_eq!(
            convert_format("rrrr/mm/dd", 12),
            ("YYYY/mm/dd".into(), false)
        );
        assert_eq!(
            convert_format("HH24:MI:SS.FF3 \"RR\"", 12),
            ("HH24:MI:SS.MS \"RR\"".into(), false)
        );
        assert_eq!(convert_format("SS.FF", 15), ("SS.FF6".into(), false));
        assert_eq!(convert_format("SS.FF3", 15), ("SS.FF3".into(), false));
    }

    #[test]
    fn raw_and_hex_text() {
        // 指纹摘要以 RAW 存储：HEXTORAW/RAWTOHEX 对应 bytea 的 decode/encode
        insta::assert_snapshot!(translated(
            "INSERT INTO his_patient (card_no, finger_digest) VALUES ('JZK0000000005', HEXTORAW('9F86D081884C7D659A2FEAA0C55AD015'));
SELECT card_no, RAWTOHEX(finger_digest) AS digest_hex FROM his_patient;
",
            12
        ));
    }

    #[test]
    fn conversions_keep_the_time_of_day() {
        let input = "CREATE TABLE op_reg (reg_id NUMBER(10), reg_no VARCHAR2(20), reg_time DATE);
SELECT TO_DATE('2024-01-31 14:30:00', 'YYYY-MM-DD HH24:MI:SS'), TO_DATE('31-01-24', 'DD-MM-RR'),
       TO_DATE('2024-01-31'), TO_TIMESTAMP('2024-01-31 14:30:00.123', 'YYYY-MM-DD HH24:MI:SS.FF3'),
       TO_CHAR(reg_time, 'RRRR-MM-DD HH24:MI:SS'), TO_CHAR(reg_time, 'DD-MON-YYYY \"DAY\"'), TO_CHAR(reg_time), TO_CHAR(reg_no), TO_CHAR(reg_id, 'FM000000'),
       TO_NUMBER(reg_no), TO_NUMBER('1,234.5', '9,999.9')
  FROM op_reg WHERE reg_time >= TO_DATE(:p_day, 'YYYYMMDD', 'NLS_DATE_LANGUAGE=AMERICAN');
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
