//! `q-quotes`: Oracle's alternative quoting becomes standard quoting.
//!
//! **What it does.** Every `q'[…]'` / `nq'[…]'` literal (any delimiter) is
//! written as a standard string literal, with its quotes doubled:
//! `q'[医生已停诊，请到 'SERVICE DESK' 改约]'` →
//! `'医生已停诊，请到 ''SERVICE DESK'' 改约'`. This covers SQL statements
//! (`COMMENT ON … IS q'…'`, queries, DML) and the expressions of PL/SQL code.
//!
//! **Why.** PostgreSQL has no alternative quoting: `q'[…]'` is a syntax
//! error there.
//!
//! **Findings.** None: the literal's value is unchanged.

use sqlparser::ast::{Expr, Value};

use crate::ast::Content;
use crate::rewrite::visit_unit::expressions_mut;
use crate::rewrite::{Context, Pass};
use crate::source::{LexemeKind, Lexer};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct QQuotes;

impl Pass for QQuotes {
    fn name(&self) -> &'static str {
        "q-quotes"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            if !matches!(unit.content, Content::Sql(_) | Content::Program(_)) {
                continue;
            }
            let has_q = Lexer::new(text, unit.body.start, cx.options.source.script_syntax())
                .take_while(|l| l.span.start < unit.body.end)
                .any(|l| {
                    l.kind == LexemeKind::String && {
                        let head = l.span.slice(text).get(..3).unwrap_or("");
                        let head = head.to_ascii_lowercase();
                        head.starts_with("q'") || head == "nq'"
                    }
                });
            if !has_q {
                continue;
            }
            expressions_mut(unit, &mut |e| {
                let Expr::Value(v) = e else {
                    return false;
                };
                let plain = match &v.value {
                    Value::QuoteDelimitedStringLiteral(s) => {
                        Value::SingleQuotedString(s.value.clone())
                    }
                    Value::NationalQuoteDelimitedStringLiteral(s) => {
                        Value::NationalStringLiteral(s.value.clone())
                    }
                    _ => return false,
                };
                v.value = plain;
                true
            });
            // A SQL unit sqlparser read after writing its q-quotes in
            // standard quoting has standard strings in its AST already:
            // printing it from the AST is enough.
            if matches!(unit.content, Content::Sql(_)) {
                unit.rewritten = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn q_quoted_literals_become_standard_strings() {
        let input =
            "COMMENT ON COLUMN op_charge.pay_method IS q'!支付方式：CASH现金 'CARD'银行卡!';
SELECT q'[医生已停诊，请到 'SERVICE DESK' 改约]' AS msg FROM dual;
BEGIN
  DBMS_OUTPUT.PUT_LINE(q'(提示：发票号段即将用完 (剩余<100张))');
END;
/
";
        let out = crate::translate(input, &Options::new(Source::Oracle, Target::Highgo));
        insta::assert_snapshot!(out.sql);
    }
}
