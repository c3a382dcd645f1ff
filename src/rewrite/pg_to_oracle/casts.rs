//! `casts`: PostgreSQL `x::t` becomes `CAST(x AS t)`.
//!
//! **What it does.** Every `::` cast, in SQL statements and PL expressions,
//! is written in the standard form. The type itself is mapped by the
//! `types` pass, which runs later.
//!
//! **Why.** `::` is PostgreSQL's own; DM8 reads `CAST` (dameng.md, "Not in
//! DM": `::`).
//!
//! **Example.**
//! ```sql
//! SELECT visit_date::date, fee::numeric(12,2) FROM visit;
//! SELECT CAST(visit_date AS DATE), CAST(fee AS NUMERIC(12,2)) FROM visit;
//! ```
//!
//! **Findings.** None: the meaning is kept.

use sqlparser::ast::{CastKind, Expr};

use crate::ast::Script;
use crate::rewrite::visit_unit::expressions_mut;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Casts;

impl Pass for Casts {
    fn name(&self) -> &'static str {
        "casts"
    }

    fn run(&self, script: &mut Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            expressions_mut(unit, &mut |e| match e {
                Expr::Cast { kind, .. } if *kind == CastKind::DoubleColon => {
                    *kind = CastKind::Cast;
                    true
                }
                _ => false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn double_colon_casts_become_cast() {
        insta::assert_snapshot!(translated(
            "SELECT v.visit_id, v.fee_total::numeric(12,2) AS fee, v.visit_time::date AS visit_day\n  FROM visit v WHERE v.ward_code = 'W01'::varchar;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
