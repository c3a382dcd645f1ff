//! The shared AST: a script of units. SQL statements are sqlparser's
//! `Statement`; program units are kept as their source text until the
//! procedural layer parses them.

pub mod oracle;
pub mod procedural;
pub mod visit;

use sqlparser::ast::Statement;

use crate::source::{Span, Terminator, UnitKind};

/// A whole script: units and the trivia between them, in input order.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// Units and trivia; their spans tile the input.
    pub items: Vec<Item>,
}

/// A piece of a script.
#[derive(Debug, Clone)]
pub enum Item {
    /// Whitespace and comments between units, emitted as written.
    Trivia(Span),
    /// A unit.
    Unit(Unit),
}

/// One unit of a script and what sqlport made of it.
#[derive(Debug, Clone)]
pub struct Unit {
    /// All of its bytes, terminator included.
    pub span: Span,
    /// Its text without the terminator.
    pub body: Span,
    /// What kind of unit it is.
    pub kind: UnitKind,
    /// How it ended in the input.
    pub terminator: Terminator,
    /// What was read from it.
    pub content: Content,
    /// Clauses taken out before sqlparser read the statement (Oracle
    /// physical attributes and sequence options), in order.
    pub set_aside: Vec<SetAside>,
    /// Set by a rewrite pass that changed the unit's AST: the unit is then
    /// printed from its AST.
    pub rewritten: bool,
    /// Text edits a rewrite pass made to the unit's source: the unit is then
    /// emitted as its original text with these spans replaced, so everything
    /// else (layout, comments) stays as written. Non-overlapping.
    pub edits: Vec<Edit>,
}

/// A clause taken out of a statement before sqlparser read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// Where it is.
    pub span: Span,
    /// Its first word, upper-cased (`TABLESPACE`, `STORAGE`, `NOCACHE`, …;
    /// `ARGUMENTS` for a routine's argument list).
    pub keyword: String,
    /// Its text, as written.
    pub text: String,
    /// For a clause that goes back in the middle of the statement: the name
    /// it follows (a routine's, for `ARGUMENTS`).
    pub after: Option<String>,
}

/// A replacement of a span of the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// What to replace.
    pub span: Span,
    /// What to put there.
    pub replacement: String,
}

impl Unit {
    /// Whether a rewrite pass changed the unit (its AST or its text).
    pub fn is_translated(&self) -> bool {
        self.rewritten || !self.edits.is_empty()
    }
}

/// What was read from a unit.
#[derive(Debug, Clone)]
pub enum Content {
    /// SQL statements, as sqlparser read them.
    Sql(Vec<Statement>),
    /// An Oracle statement sqlparser does not read (synonyms, multi-table inserts).
    Oracle(Box<oracle::OracleStatement>),
    /// A PL/SQL program unit, as the procedural reader read it.
    Program(Box<procedural::Program>),
    /// A program unit not read yet (PL/pgSQL routines and `DO` blocks, Java sources).
    Procedural,
    /// A client command (SQL*Plus, DIsql, psql), kept verbatim.
    ClientCommand,
    /// Text that could not be read; a finding says why.
    Unreadable,
}

impl Script {
    /// The units, in order.
    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.items.iter().filter_map(|item| match item {
            Item::Unit(unit) => Some(unit),
            Item::Trivia(_) => None,
        })
    }

    /// The units, mutably, in order.
    pub fn units_mut(&mut self) -> impl Iterator<Item = &mut Unit> {
        self.items.iter_mut().filter_map(|item| match item {
            Item::Unit(unit) => Some(unit),
            Item::Trivia(_) => None,
        })
    }
}
