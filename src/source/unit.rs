//! What the splitter produces: units (statements, program units, client
//! commands) and the trivia between them.

use super::span::Span;

/// The kind of program unit a procedural unit holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProceduralKind {
    /// `CREATE PROCEDURE` (Oracle).
    Procedure,
    /// `CREATE FUNCTION` (Oracle).
    Function,
    /// `CREATE PACKAGE` (specification).
    Package,
    /// `CREATE PACKAGE BODY`.
    PackageBody,
    /// `CREATE TRIGGER` (Oracle).
    Trigger,
    /// `CREATE TYPE` (Oracle object, table or varray type).
    Type,
    /// `CREATE TYPE BODY`.
    TypeBody,
    /// `CREATE JAVA SOURCE` and its kin.
    Java,
    /// A `DECLARE … END;` or `BEGIN … END;` block, possibly labelled.
    AnonymousBlock,
    /// PostgreSQL `CREATE FUNCTION`.
    PgFunction,
    /// PostgreSQL `CREATE PROCEDURE`.
    PgProcedure,
    /// PostgreSQL `DO` block.
    PgDo,
}

impl ProceduralKind {
    /// Whether the unit is PostgreSQL's (a PL/pgSQL routine or `DO` block).
    pub fn is_postgres(self) -> bool {
        matches!(
            self,
            ProceduralKind::PgFunction | ProceduralKind::PgProcedure | ProceduralKind::PgDo
        )
    }
}

/// What kind of unit a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// A SQL statement, read with sqlparser.
    Sql,
    /// A program unit (PL/SQL or PL/pgSQL).
    Procedural(ProceduralKind),
    /// A client command: SQL*Plus/DIsql or psql; never sent to the server.
    ClientCommand,
}

/// How a unit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Terminator {
    /// A `;`.
    Semicolon,
    /// A `/` alone on its line.
    Slash,
    /// The end of the line (client commands).
    EndOfLine,
    /// A psql meta-command that sends the query buffer (`\g`, `\gexec`,
    /// `\gset`, `\gx`, `\crosstabview`, `\watch`), up to the end of its line.
    PsqlSend,
    /// Nothing: a psql meta-command on the next line interrupts the statement.
    Interrupted,
    /// The end of the text.
    EndOfInput,
    /// Cut where the next program unit visibly starts, because the `/` that
    /// should close this one is missing.
    MissingSlash,
}

/// One unit of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawUnit {
    /// All of the unit's bytes, terminator included.
    pub span: Span,
    /// The unit's text without its terminator (what a parser reads).
    pub body: Span,
    /// What the unit is.
    pub kind: UnitKind,
    /// How it ended.
    pub terminator: Terminator,
}

/// A piece of a script: units and the trivia between them tile the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Whitespace, comments, stray `;` and `/` lines between units.
    Trivia(Span),
    /// A unit.
    Unit(RawUnit),
}

impl Segment {
    /// The bytes this segment covers.
    pub fn span(&self) -> Span {
        match self {
            Segment::Trivia(span) => *span,
            Segment::Unit(unit) => unit.span,
        }
    }
}
