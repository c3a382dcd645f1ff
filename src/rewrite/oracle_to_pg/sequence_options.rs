//! `sequence-options`: Oracle sequence options become PostgreSQL's.
//!
//! **What it does.** In `CREATE SEQUENCE`: `NOCYCLE` → `NO CYCLE`,
//! `NOMAXVALUE` → `NO MAXVALUE`, `NOMINVALUE` → `NO MINVALUE`; `NOCACHE`,
//! `ORDER`, `NOORDER`, `KEEP`, `NOKEEP`, `NOSCALE` are dropped; a `MAXVALUE`
//! above PostgreSQL's limit (Oracle scripts often write
//! `MAXVALUE 9999999999999999999999999999`) becomes `NO MAXVALUE`, a
//! `MINVALUE` below it `NO MINVALUE`. `START WITH`, `INCREMENT BY`, `CACHE n`
//! and `CYCLE` are the same in both.
//!
//! **Why.** PostgreSQL sequences are `bigint`: their values stop at
//! 9223372036854775807, and a larger `MAXVALUE` is an error. PostgreSQL
//! caches one value unless told otherwise, which is what `NOCACHE` asks for;
//! `ORDER` only matters between Oracle RAC instances, and a PostgreSQL
//! sequence hands out values in the order they are asked for.
//!
//! **Example:**
//!
//! ```sql
//! CREATE SEQUENCE seq_his_patient START WITH 100000 MAXVALUE 9999999999999999999999999999 NOCYCLE NOCACHE ORDER;  -- Oracle
//! CREATE SEQUENCE seq_his_patient START WITH 100000 NO MAXVALUE NO CYCLE;                                           -- HighGo
//! ```
//!
//! **Findings.** `SP0412` (info), one per statement, listing the changes.

use sqlparser::ast::{Expr, SequenceOptions, Statement, UnaryOperator, Value};

use crate::ast::Content;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SequenceClauses;

impl Pass for SequenceClauses {
    fn name(&self) -> &'static str {
        "sequence-options"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let Content::Sql(statements) = &mut unit.content else {
                continue;
            };
            let mut changes: Vec<String> = Vec::new();
            let mut ast_changed = false;
            for s in statements.iter_mut() {
                let Statement::CreateSequence {
                    sequence_options, ..
                } = s
                else {
                    continue;
                };
                for o in sequence_options.iter_mut() {
                    match o {
                        SequenceOptions::MaxValue(Some(e)) if !fits_bigint(e) => {
                            changes.push(format!("MAXVALUE {e} → NO MAXVALUE"));
                            *o = SequenceOptions::MaxValue(None);
                            ast_changed = true;
                        }
                        SequenceOptions::MinValue(Some(e)) if !fits_bigint(e) => {
                            changes.push(format!("MINVALUE {e} → NO MINVALUE"));
                            *o = SequenceOptions::MinValue(None);
                            ast_changed = true;
                        }
                        _ => {}
                    }
                }
            }
            if !matches!(&unit.content, Content::Sql(s) if s.iter().any(|s| matches!(s, Statement::CreateSequence { .. })))
            {
                continue;
            }
            unit.rewritten |= ast_changed;
            let mut first: Option<Span> = None;
            let mut i = 0;
            while i < unit.set_aside.len() {
                let c = &unit.set_aside[i];
                let replacement = match c.keyword.as_str() {
                    "NOCYCLE" => "NO CYCLE",
                    "NOMAXVALUE" => "NO MAXVALUE",
                    "NOMINVALUE" => "NO MINVALUE",
                    "NOCACHE" | "ORDER" | "NOORDER" | "KEEP" | "NOKEEP" | "NOSCALE" => "",
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                first.get_or_insert(c.span);
                changes.push(match replacement {
                    "" => format!("{} dropped", c.keyword),
                    r => format!("{} → {r}", c.keyword),
                });
                super::replace_set_aside(unit, text, i, replacement);
                if !replacement.is_empty() {
                    i += 1;
                }
            }
            if changes.is_empty() {
                continue;
            }
            let span = first.unwrap_or(Span::new(unit.body.start, unit.body.start));
            cx.findings.push(
                Finding::new(
                    Code::SP0412,
                    span,
                    format!("sequence options adapted: {}", changes.join(", ")),
                )
                .with_help(
                    "PostgreSQL sequences are bigint (at most 9223372036854775807) and cache one value unless told otherwise; ORDER only matters on Oracle RAC",
                ),
            );
        }
    }
}

/// Whether a `MAXVALUE`/`MINVALUE` literal fits PostgreSQL's `bigint`
/// (anything that is not a plain number is left alone).
fn fits_bigint(e: &Expr) -> bool {
    let (negative, inner) = match e {
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => (true, expr.as_ref()),
        other => (false, other),
    };
    let Expr::Value(v) = inner else {
        return true;
    };
    let Value::Number(n, _) = &v.value else {
        return true;
    };
    let text = if negative { format!("-{n}") } else { n.clone() };
    text.parse::<i64>().is_ok() || text.parse::<f64>().is_err()
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    fn translated(input: &str) -> String {
        crate::rewrite::test_support::translated(
            input,
            &Options::new(Source::Oracle, Target::Highgo),
        )
    }

    #[test]
    fn oracle_sequence_options_become_postgresql_ones() {
        insta::assert_snapshot!(translated(
            "CREATE SEQUENCE seq_his_department START WITH 1000 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_his_patient START WITH 100000 INCREMENT BY 1 MAXVALUE 999999999999 NOCYCLE NOCACHE;
CREATE SEQUENCE seq_op_invoice START WITH 1 INCREMENT BY 1 MAXVALUE 99999999 CYCLE CACHE 20 ORDER;
-- 发票流水号：Oracle 默认最大值
CREATE SEQUENCE seq_op_charge
  START WITH 1
  MAXVALUE 9999999999999999999999999999
  MINVALUE 1
  NOCYCLE
  CACHE 20;
CREATE SEQUENCE seq_ph_stock_log START WITH 1 INCREMENT BY 1 CACHE 20;
"
        ));
    }
}
