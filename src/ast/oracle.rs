//! Oracle SQL statements sqlparser does not read, as sqlport's own nodes:
//! synonyms, multi-table inserts and database links.

use std::fmt;

use super::procedural::{Name, PlExpr};
use crate::emit::procedural::plsql_expr_text;
use crate::source::Span;

/// An Oracle-only statement.
#[derive(Debug, Clone, PartialEq)]
pub enum OracleStatement {
    /// `CREATE [OR REPLACE] [PUBLIC] SYNONYM name FOR target`.
    CreateSynonym(Synonym),
    /// `DROP [PUBLIC] SYNONYM name [FORCE]`.
    DropSynonym {
        /// Where it is.
        span: Span,
        /// `PUBLIC`.
        public: bool,
        /// The synonym.
        name: Name,
        /// `FORCE`.
        force: bool,
    },
    /// `INSERT ALL|FIRST … subquery`.
    MultiTableInsert(MultiTableInsert),
    /// `CREATE [SHARED] [PUBLIC] DATABASE LINK …`.
    CreateDatabaseLink(DatabaseLink),
    /// Dameng's `CREATE [OR REPLACE] [PUBLIC] LINK name CONNECT ['type'] WITH
    /// user IDENTIFIED BY password USING 'connect string'` (read so that a
    /// translation for Dameng reads back).
    CreateDmLink(DmLink),
}

/// Dameng's form of a database link.
#[derive(Debug, Clone, PartialEq)]
pub struct DmLink {
    /// Where it is.
    pub span: Span,
    /// `OR REPLACE`.
    pub or_replace: bool,
    /// `PUBLIC`.
    pub public: bool,
    /// The link's name.
    pub name: Name,
    /// The quoted database type after `CONNECT` (`'ORACLE'`), as written.
    pub kind: Option<Name>,
    /// The remote user.
    pub user: Name,
    /// The password, as written.
    pub password: Name,
    /// The connect string literal, as written.
    pub using: Name,
}

/// `CREATE [SHARED] [PUBLIC] DATABASE LINK name [CONNECT TO …] [USING 'connect string']`.
#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseLink {
    /// Where it is.
    pub span: Span,
    /// `SHARED`.
    pub shared: bool,
    /// `PUBLIC`.
    pub public: bool,
    /// The link's name (may be qualified with a domain: `lis_link.his.local`).
    pub name: Name,
    /// `CONNECT TO …`, if given.
    pub connect: Option<LinkConnect>,
    /// The connect string literal of `USING`, as written (with its quotes).
    pub using: Option<Name>,
}

/// Whom a database link connects as.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkConnect {
    /// `CONNECT TO CURRENT_USER`.
    CurrentUser,
    /// `CONNECT TO user IDENTIFIED BY password`.
    User {
        /// The remote user.
        user: Name,
        /// The password, as written (a name or a quoted name).
        password: Name,
    },
}

/// `CREATE [OR REPLACE] [EDITIONABLE|NONEDITIONABLE] [PUBLIC] SYNONYM name FOR target`.
#[derive(Debug, Clone, PartialEq)]
pub struct Synonym {
    /// Where it is.
    pub span: Span,
    /// `OR REPLACE`.
    pub or_replace: bool,
    /// `Some(true)` for `EDITIONABLE`, `Some(false)` for `NONEDITIONABLE`.
    pub editionable: Option<bool>,
    /// `PUBLIC`.
    pub public: bool,
    /// The synonym's name.
    pub name: Name,
    /// What it names (`schema.object[@link]`).
    pub target: Name,
}

/// A multi-table insert.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiTableInsert {
    /// Where it is.
    pub span: Span,
    /// `INSERT FIRST` (else `INSERT ALL`).
    pub first: bool,
    /// The `[WHEN cond THEN] INTO …` groups, in order.
    pub branches: Vec<InsertBranch>,
    /// The subquery that feeds the rows.
    pub query: Box<sqlparser::ast::Statement>,
}

/// One `[WHEN cond THEN | ELSE] INTO … [INTO …]` group.
#[derive(Debug, Clone, PartialEq)]
pub struct InsertBranch {
    /// `WHEN cond THEN`; `None` for an unconditional or `ELSE` group.
    pub condition: Option<PlExpr>,
    /// `ELSE`.
    pub otherwise: bool,
    /// The `INTO` clauses.
    pub targets: Vec<InsertTarget>,
}

/// `INTO table [(columns)] [VALUES (expr, …)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct InsertTarget {
    /// The table.
    pub table: Name,
    /// The columns, if listed.
    pub columns: Vec<Name>,
    /// The values; absent when the subquery's columns are inserted as they are.
    pub values: Option<Vec<PlExpr>>,
}

fn join_exprs(exprs: &[PlExpr]) -> String {
    exprs
        .iter()
        .map(|e| plsql_expr_text(&e.expr.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for OracleStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OracleStatement::CreateSynonym(s) => {
                f.write_str("CREATE ")?;
                if s.or_replace {
                    f.write_str("OR REPLACE ")?;
                }
                match s.editionable {
                    Some(true) => f.write_str("EDITIONABLE ")?,
                    Some(false) => f.write_str("NONEDITIONABLE ")?,
                    None => {}
                }
                if s.public {
                    f.write_str("PUBLIC ")?;
                }
                write!(f, "SYNONYM {} FOR {}", s.name.text, s.target.text)
            }
            OracleStatement::DropSynonym {
                public,
                name,
                force,
                ..
            } => {
                let public = if *public { "PUBLIC " } else { "" };
                let force = if *force { " FORCE" } else { "" };
                write!(f, "DROP {public}SYNONYM {}{force}", name.text)
            }
            OracleStatement::CreateDatabaseLink(l) => {
                f.write_str("CREATE ")?;
                if l.shared {
                    f.write_str("SHARED ")?;
                }
                if l.public {
                    f.write_str("PUBLIC ")?;
                }
                write!(f, "DATABASE LINK {}", l.name.text)?;
                match &l.connect {
                    Some(LinkConnect::CurrentUser) => f.write_str(" CONNECT TO CURRENT_USER")?,
                    Some(LinkConnect::User { user, password }) => write!(
                        f,
                        " CONNECT TO {} IDENTIFIED BY {}",
                        user.text, password.text
                    )?,
                    None => {}
                }
                if let Some(using) = &l.using {
                    write!(f, " USING {}", using.text)?;
                }
                Ok(())
            }
            OracleStatement::CreateDmLink(l) => {
                f.write_str("CREATE ")?;
                if l.or_replace {
                    f.write_str("OR REPLACE ")?;
                }
                if l.public {
                    f.write_str("PUBLIC ")?;
                }
                write!(f, "LINK {} CONNECT ", l.name.text)?;
                if let Some(kind) = &l.kind {
                    write!(f, "{} ", kind.text)?;
                }
                write!(
                    f,
                    "WITH {} IDENTIFIED BY {} USING {}",
                    l.user.text, l.password.text, l.using.text
                )
            }
            OracleStatement::MultiTableInsert(m) => {
                write!(f, "INSERT {}", if m.first { "FIRST" } else { "ALL" })?;
                for b in &m.branches {
                    if let Some(c) = &b.condition {
                        write!(f, "\n  WHEN {} THEN", plsql_expr_text(&c.expr.to_string()))?;
                    } else if b.otherwise {
                        f.write_str("\n  ELSE")?;
                    }
                    for t in &b.targets {
                        write!(f, "\n  INTO {}", t.table.text)?;
                        if !t.columns.is_empty() {
                            let cols: Vec<&str> =
                                t.columns.iter().map(|c| c.text.as_str()).collect();
                            write!(f, " ({})", cols.join(", "))?;
                        }
                        if let Some(values) = &t.values {
                            write!(f, " VALUES ({})", join_exprs(values))?;
                        }
                    }
                }
                write!(f, "\n{}", crate::parse::shims::unshim(&m.query.to_string()))
            }
        }
    }
}
