//! `intervals`: PostgreSQL interval literals become Oracle-style ones.
//!
//! **What it does.** `INTERVAL '30 days'`, `INTERVAL '2 hours'`, `INTERVAL
//! '1 month'`, `INTERVAL '15 min'` (one number, one unit) become `INTERVAL
//! '30' DAY`, `INTERVAL '2' HOUR`, `INTERVAL '1' MONTH`, `INTERVAL '15'
//! MINUTE`; weeks become days; a number of more than two digits gets its
//! leading precision (`INTERVAL '120' DAY(3)`), which defaults to 2. An interval of several parts (`'1 day 2
//! hours'`) or with a fraction is kept and reported.
//!
//! **Why.** DM8 reads Oracle's interval literals, whose unit follows the
//! string (dameng.md, Types: `INTERVAL …` supported as in Oracle); the unit
//! inside the string is PostgreSQL's form.
//!
//! **Example.**
//! ```sql
//! WHERE reported_at < now() - INTERVAL '2 hours'
//! WHERE reported_at < SYSTIMESTAMP - INTERVAL '2' HOUR
//! ```
//!
//! **Findings.** `SP0223` (error) an interval literal of several parts.

use sqlparser::ast::{DateTimeField, Expr, Interval, Value};

use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_mut;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Intervals;

impl Pass for Intervals {
    fn name(&self) -> &'static str {
        "intervals"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let mut kept: Vec<String> = Vec::new();
            expressions_mut(unit, &mut |e| {
                let Expr::Interval(i) = e else {
                    return false;
                };
                if i.leading_field.is_some() || i.last_field.is_some() {
                    return false;
                }
                let Expr::Value(v) = i.value.as_ref() else {
                    return false;
                };
                let Value::SingleQuotedString(text) = &v.value else {
                    return false;
                };
                match oracle_interval(text) {
                    Some((n, field)) => {
                        // The default leading precision is 2 digits.
                        let digits = n.trim_start_matches('-').len() as u64;
                        *i = Interval {
                            value: Box::new(Expr::Value(Value::SingleQuotedString(n).into())),
                            leading_field: Some(field),
                            leading_precision: (digits > 2).then_some(digits),
                            last_field: None,
                            fractional_seconds_precision: None,
                        };
                        true
                    }
                    None => {
                        kept.push(text.clone());
                        false
                    }
                }
            });
            if let Some(text) = kept.first() {
                cx.findings.push(Finding::new(
                    Code::SP0223,
                    unit.body,
                    format!("INTERVAL '{text}': write it as a sum of Oracle-style intervals (INTERVAL '1' DAY + INTERVAL '2' HOUR) or with NUMTODSINTERVAL"),
                ));
            }
        }
    }
}

/// `"30 days"` → (`"30"`, `DAY`).
fn oracle_interval(text: &str) -> Option<(String, DateTimeField)> {
    let mut words = text.split_whitespace();
    let (n, unit) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    let number: i64 = n.parse().ok()?;
    let (number, field) = match unit.to_ascii_lowercase().trim_end_matches('s') {
        "year" | "yr" | "y" => (number, DateTimeField::Year),
        "mon" | "month" => (number, DateTimeField::Month),
        "week" | "w" => (number.checked_mul(7)?, DateTimeField::Day),
        "day" | "d" => (number, DateTimeField::Day),
        "hour" | "hr" | "h" => (number, DateTimeField::Hour),
        "min" | "minute" | "m" => (number, DateTimeField::Minute),
        "sec" | "second" => (number, DateTimeField::Second),
        _ => return None,
    };
    Some((number.to_string(), field))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn interval_literals_take_the_oracle_form() {
        insta::assert_snapshot!(translated(
            "SELECT count(*) FROM lab_result\n WHERE reported_at - received_at > INTERVAL '2 hours'\n   AND received_at > now() - INTERVAL '30 days'\n   AND received_at < now() + INTERVAL '1 week'\n   AND received_at > now() - INTERVAL '180 days';\nSELECT now() - INTERVAL '1 day 2 hours';\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
