//! Oracle SQL statements sqlparser does not read, read with `nom` over the
//! unit's tokens into [`crate::ast::oracle`] nodes: synonyms, multi-table
//! inserts and database links. Expressions and the feeding query still go to
//! sqlparser.

use nom::Input;
use sqlparser::dialect::OracleDialect;

use crate::ast::oracle::{
    DatabaseLink, DmLink, InsertBranch, InsertTarget, LinkConnect, MultiTableInsert,
    OracleStatement, Synonym,
};
use crate::ast::procedural::Name;
use crate::source::LexemeKind;
use crate::source::{ScriptSyntax, Span};

use super::procedural::common::{
    PError, PResult, Stops, cut, dotted_name, expr_until, fail, ident, kw, parse_statement, punct,
    span_of,
};
use super::procedural::{Tokens, tokenize};

/// Reads `body` of `text` as an Oracle-only statement; `None` when it is not
/// one (the caller keeps sqlparser's error).
pub fn parse_oracle_statement(text: &str, body: Span) -> Option<OracleStatement> {
    let tokens = tokenize(text, body, ScriptSyntax::SqlPlus);
    let input = Tokens::new(&tokens);
    let reader = Reader {
        text,
        dialect: OracleDialect {},
    };
    let (rest, statement) = reader.statement(input).ok()?;
    rest.is_empty().then_some(statement)
}

struct Reader<'a> {
    text: &'a str,
    dialect: OracleDialect,
}

impl<'a> Reader<'a> {
    fn statement<'t>(&self, i: Tokens<'a, 't>) -> PResult<'a, 't, OracleStatement>
    where
        'a: 't,
    {
        if kw("INSERT")(i).is_ok() {
            return self.multi_table_insert(i);
        }
        if kw("DROP")(i).is_ok() {
            let span = span_of(i.tokens, 0);
            let (r, _) = kw("DROP")(i)?;
            let (r, public) = flag(r, "PUBLIC");
            let (r, _) = kw("SYNONYM")(r)?;
            let (r, name) = cut(dotted_name(self.text)(r))?;
            let (r, force) = flag(r, "FORCE");
            return Ok((
                r,
                OracleStatement::DropSynonym {
                    span,
                    public,
                    name,
                    force,
                },
            ));
        }
        let span = span_of(i.tokens, 0);
        if let Ok(link) = self.database_link(i) {
            return Ok(link);
        }
        if let Ok(link) = self.dm_link(i) {
            return Ok(link);
        }
        let (r, _) = kw("CREATE")(i)?;
        let (r, or_replace) = match kw("OR")(r) {
            Ok((r2, _)) => (cut(kw("REPLACE")(r2))?.0, true),
            Err(_) => (r, false),
        };
        let (r, editionable) = if let Ok((r2, _)) = kw("EDITIONABLE")(r) {
            (r2, Some(true))
        } else if let Ok((r2, _)) = kw("NONEDITIONABLE")(r) {
            (r2, Some(false))
        } else {
            (r, None)
        };
        let (r, public) = flag(r, "PUBLIC");
        let (r, _) = kw("SYNONYM")(r)?;
        let (r, name) = cut(dotted_name(self.text)(r))?;
        let (r, _) = cut(kw("FOR")(r))?;
        let (r, target) = cut(dotted_name(self.text)(r))?;
        Ok((
            r,
            OracleStatement::CreateSynonym(Synonym {
                span,
                or_replace,
                editionable,
                public,
                name,
                target,
            }),
        ))
    }

    /// `CREATE [SHARED] [PUBLIC] DATABASE LINK name [CONNECT TO CURRENT_USER |
    /// CONNECT TO user IDENTIFIED BY password] [USING 'connect string']`
    fn database_link<'t>(&self, i: Tokens<'a, 't>) -> PResult<'a, 't, OracleStatement>
    where
        'a: 't,
    {
        let span = span_of(i.tokens, 0);
        let (r, _) = kw("CREATE")(i)?;
        let (r, shared) = flag(r, "SHARED");
        let (r, public) = flag(r, "PUBLIC");
        let (r, _) = kw("DATABASE")(r)?;
        let (r, _) = kw("LINK")(r)?;
        let (mut r, name) = cut(dotted_name(self.text)(r))?;
        let mut connect = None;
        if let Ok((r2, _)) = kw("CONNECT")(r) {
            let (r2, _) = cut(kw("TO")(r2))?;
            if let Ok((r3, _)) = kw("CURRENT_USER")(r2) {
                connect = Some(LinkConnect::CurrentUser);
                r = r3;
            } else {
                let (r3, user) = cut(ident(r2))?;
                let (r3, _) = cut(kw("IDENTIFIED")(r3))?;
                let (r3, _) = cut(kw("BY")(r3))?;
                // A password may be any word, quoted or not.
                let Some(password) = r3
                    .first()
                    .filter(|t| matches!(t.kind, LexemeKind::Word | LexemeKind::QuotedIdent))
                else {
                    return cut(fail(r3, "a password"));
                };
                connect = Some(LinkConnect::User {
                    user,
                    password: Name {
                        text: password.text.to_string(),
                        span: password.span,
                    },
                });
                r = r3.take_from(1);
            }
        }
        let mut using = None;
        if let Ok((r2, _)) = kw("USING")(r) {
            let Some(literal) = r2.first().filter(|t| t.kind == LexemeKind::String) else {
                return cut(fail(r2, "a connect string"));
            };
            using = Some(Name {
                text: literal.text.to_string(),
                span: literal.span,
            });
            r = r2.take_from(1);
        }
        Ok((
            r,
            OracleStatement::CreateDatabaseLink(DatabaseLink {
                span,
                shared,
                public,
                name,
                connect,
                using,
            }),
        ))
    }

    /// Dameng's `CREATE [OR REPLACE] [PUBLIC] LINK name CONNECT ['type'] WITH
    /// user IDENTIFIED BY password USING 'connect string'`.
    fn dm_link<'t>(&self, i: Tokens<'a, 't>) -> PResult<'a, 't, OracleStatement>
    where
        'a: 't,
    {
        let span = span_of(i.tokens, 0);
        let (r, _) = kw("CREATE")(i)?;
        let (r, or_replace) = match kw("OR")(r) {
            Ok((r2, _)) => (kw("REPLACE")(r2)?.0, true),
            Err(_) => (r, false),
        };
        let (r, public) = flag(r, "PUBLIC");
        let (r, _) = kw("LINK")(r)?;
        let (r, name) = cut(dotted_name(self.text)(r))?;
        let (r, _) = cut(kw("CONNECT")(r))?;
        let (r, kind) = match r.first().filter(|t| t.kind == LexemeKind::String) {
            Some(t) => (r.take_from(1), Some(token_name(t))),
            None => (r, None),
        };
        let (r, _) = cut(kw("WITH")(r))?;
        let (r, user) = cut(ident(r))?;
        let (r, _) = cut(kw("IDENTIFIED")(r))?;
        let (r, _) = cut(kw("BY")(r))?;
        let Some(password) = r
            .first()
            .filter(|t| matches!(t.kind, LexemeKind::Word | LexemeKind::QuotedIdent))
        else {
            return cut(fail(r, "a password"));
        };
        let r = r.take_from(1);
        let (r, _) = cut(kw("USING")(r))?;
        let Some(using) = r.first().filter(|t| t.kind == LexemeKind::String) else {
            return cut(fail(r, "a connect string"));
        };
        Ok((
            r.take_from(1),
            OracleStatement::CreateDmLink(DmLink {
                span,
                or_replace,
                public,
                name,
                kind,
                user,
                password: token_name(password),
                using: token_name(using),
            }),
        ))
    }

    /// `INSERT ALL|FIRST { [WHEN c THEN | ELSE] INTO … } subquery`
    fn multi_table_insert<'t>(&self, i: Tokens<'a, 't>) -> PResult<'a, 't, OracleStatement>
    where
        'a: 't,
    {
        let span = span_of(i.tokens, 0);
        let (r, _) = kw("INSERT")(i)?;
        let (mut r, first) = if let Ok((r2, _)) = kw("FIRST")(r) {
            (r2, true)
        } else {
            (kw("ALL")(r)?.0, false)
        };
        let mut branches: Vec<InsertBranch> = Vec::new();
        loop {
            if let Ok((r2, _)) = kw("WHEN")(r) {
                let (r2, condition) =
                    cut(expr_until(self.text, &self.dialect, stops(&["THEN"]))(r2))?;
                let (r2, _) = cut(kw("THEN")(r2))?;
                branches.push(InsertBranch {
                    condition: Some(condition),
                    otherwise: false,
                    targets: Vec::new(),
                });
                r = r2;
            } else if let Ok((r2, _)) = kw("ELSE")(r) {
                branches.push(InsertBranch {
                    condition: None,
                    otherwise: true,
                    targets: Vec::new(),
                });
                r = r2;
            } else if kw("INTO")(r).is_ok() {
                let (r2, target) = cut(self.insert_target(r))?;
                // INTO clauses before any WHEN form one unconditional group.
                if branches.is_empty() {
                    branches.push(InsertBranch {
                        condition: None,
                        otherwise: false,
                        targets: Vec::new(),
                    });
                }
                if let Some(b) = branches.last_mut() {
                    b.targets.push(target);
                }
                r = r2;
            } else {
                break;
            }
        }
        if branches.iter().all(|b| b.targets.is_empty()) {
            return fail(r, "INTO");
        }
        // The rest is the subquery.
        let query_span = span_of(r.tokens, 0);
        let query =
            parse_statement(query_span.slice(self.text), &self.dialect).map_err(|offset| {
                nom::Err::Failure(PError {
                    offset: query_span.start + offset,
                    expected: "a query".to_string(),
                    depth: usize::MAX,
                })
            })?;
        Ok((
            r.take_from(r.input_len()),
            OracleStatement::MultiTableInsert(MultiTableInsert {
                span,
                first,
                branches,
                query: Box::new(query),
            }),
        ))
    }

    /// `INTO table [(columns)] [VALUES (expr, …)]`
    fn insert_target<'t>(&self, i: Tokens<'a, 't>) -> PResult<'a, 't, InsertTarget>
    where
        'a: 't,
    {
        let (r, _) = kw("INTO")(i)?;
        let (mut r, table) = cut(dotted_name(self.text)(r))?;
        let mut columns = Vec::new();
        if let Ok((r2, _)) = punct('(')(r) {
            let mut r2 = r2;
            loop {
                let (r3, c) = cut(ident(r2))?;
                columns.push(c);
                match punct(',')(r3) {
                    Ok((r4, _)) => r2 = r4,
                    Err(_) => {
                        r = cut(punct(')')(r3))?.0;
                        break;
                    }
                }
            }
        }
        let mut values = None;
        if let Ok((r2, _)) = kw("VALUES")(r) {
            let (mut r2, _) = cut(punct('(')(r2))?;
            let mut list = Vec::new();
            loop {
                let (r3, e) = cut(expr_until(
                    self.text,
                    &self.dialect,
                    Stops {
                        words: &[],
                        chars: &[',', ')'],
                        range: false,
                        assign: false,
                    },
                )(r2))?;
                list.push(e);
                match punct(',')(r3) {
                    Ok((r4, _)) => r2 = r4,
                    Err(_) => {
                        r = cut(punct(')')(r3))?.0;
                        break;
                    }
                }
            }
            values = Some(list);
        }
        Ok((
            r,
            InsertTarget {
                table,
                columns,
                values,
            },
        ))
    }
}

/// A token as a [`Name`]: its text as written, and its span.
fn token_name(t: &super::procedural::Token<'_>) -> Name {
    Name {
        text: t.text.to_string(),
        span: t.span,
    }
}

fn stops(words: &'static [&'static str]) -> Stops {
    Stops {
        words,
        chars: &[';'],
        range: false,
        assign: false,
    }
}

fn flag<'a, 't>(i: Tokens<'a, 't>, word: &'static str) -> (Tokens<'a, 't>, bool)
where
    'a: 't,
{
    match kw(word)(i) {
        Ok((r, _)) => (r, true),
        Err(_) => (i, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sql: &str) -> String {
        parse_oracle_statement(sql, Span::new(0, sql.len()))
            .map_or_else(|| "not read".to_string(), |s| s.to_string())
    }

    #[test]
    fn synonyms() {
        assert_eq!(
            read("CREATE OR REPLACE PUBLIC SYNONYM his_fee_item FOR his_op.his_fee_item"),
            "CREATE OR REPLACE PUBLIC SYNONYM his_fee_item FOR his_op.his_fee_item"
        );
        assert_eq!(
            read("create synonym op_daily FOR \"V_OpDaily\"@his_link"),
            "CREATE SYNONYM op_daily FOR \"V_OpDaily\"@his_link"
        );
        assert_eq!(
            read("DROP PUBLIC SYNONYM x FORCE"),
            "DROP PUBLIC SYNONYM x FORCE"
        );
        assert_eq!(read("CREATE SYNONYM x"), "not read");
    }

    #[test]
    fn database_links() {
        assert_eq!(
            read("CREATE DATABASE LINK his_link CONNECT TO his IDENTIFIED BY pwd USING 'HIS'"),
            "CREATE DATABASE LINK his_link CONNECT TO his IDENTIFIED BY pwd USING 'HIS'"
        );
        assert_eq!(
            read(
                "create shared public database link lis_link.his.local connect to current_user using '(DESCRIPTION=(ADDRESS=(HOST=10.1.1.2)(PORT=1521)))'"
            ),
            "CREATE SHARED PUBLIC DATABASE LINK lis_link.his.local CONNECT TO CURRENT_USER USING '(DESCRIPTION=(ADDRESS=(HOST=10.1.1.2)(PORT=1521)))'"
        );
        assert_eq!(
            read(
                "CREATE PUBLIC DATABASE LINK pacs_link CONNECT TO pacs IDENTIFIED BY \"Pacs#2024\" USING 'PACS'"
            ),
            "CREATE PUBLIC DATABASE LINK pacs_link CONNECT TO pacs IDENTIFIED BY \"Pacs#2024\" USING 'PACS'"
        );
        assert_eq!(read("CREATE DATABASE LINK x USING his"), "not read");
        assert_eq!(
            read(
                "create or replace public link lis_link connect 'ORACLE' with lis identified by pwd using 'LISDB'"
            ),
            "CREATE OR REPLACE PUBLIC LINK lis_link CONNECT 'ORACLE' WITH lis IDENTIFIED BY pwd USING 'LISDB'"
        );
        assert_eq!(read("CREATE DATABASE LINK x CONNECT TO"), "not read");
    }

    #[test]
    fn multi_table_inserts() {
        insta::assert_snapshot!(read(
            "INSERT ALL\n  INTO his_ins_policy (policy_id, ratio) VALUES (1, 0.7)\n  INTO his_ins_policy (policy_id, ratio) VALUES (2, 0.5)\nSELECT * FROM dual"
        ));
        insta::assert_snapshot!(read(
            "INSERT FIRST\n  WHEN amount > 1000 THEN INTO op_big_fee VALUES (fee_id, amount)\n  WHEN amount > 100 THEN INTO op_mid_fee\n  ELSE INTO op_small_fee (fee_id) VALUES (fee_id)\nSELECT fee_id, amount FROM op_fee"
        ));
    }
}
