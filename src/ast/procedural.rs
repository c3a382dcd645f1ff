//! Program units — PL/SQL and PL/pgSQL — as one AST. Every embedded SQL
//! statement and expression is sqlparser's; every node keeps its span, so an
//! untouched node prints as its source text and comments inside it survive.

use sqlparser::ast::{DataType, Expr, Statement};

use crate::source::Span;

/// A name as written (`his.pkg_billing.p_charge`, `"Quoted"`), with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The text, exactly as in the source.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// An expression: its span and what sqlparser read.
#[derive(Debug, Clone, PartialEq)]
pub struct PlExpr {
    /// Where it is.
    pub span: Span,
    /// The expression (boxed: sqlparser's `Expr` is large, and statements
    /// hold many expressions).
    pub expr: Box<Expr>,
}

/// An argument of a cursor: positional, or named (`p_ward => 'W01'`).
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The parameter name of named notation.
    pub name: Option<Name>,
    /// The value.
    pub value: PlExpr,
}

/// A type reference in a declaration or parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeRef {
    /// Where it is.
    pub span: Span,
    /// What it refers to.
    pub kind: TypeRefKind,
}

impl TypeRef {
    /// Whether this is an integer type as an `INDEX BY` key names it
    /// (`PLS_INTEGER`, `BINARY_INTEGER`, `SIMPLE_INTEGER`, `NATURAL`,
    /// `POSITIVE`, `INTEGER`, `NUMBER`, …): such a collection is an array;
    /// one keyed by strings is a map.
    pub fn is_integer_key(&self) -> bool {
        let text = match &self.kind {
            TypeRefKind::Data(d) => d.to_string(),
            TypeRefKind::Named(n) => n.text.clone(),
            _ => return false,
        };
        let upper = text.to_ascii_uppercase();
        let base = upper.split('(').next().unwrap_or_default().trim();
        matches!(
            base,
            "PLS_INTEGER"
                | "BINARY_INTEGER"
                | "SIMPLE_INTEGER"
                | "NATURAL"
                | "NATURALN"
                | "POSITIVE"
                | "POSITIVEN"
                | "INTEGER"
                | "INT"
                | "NUMBER"
                | "SIGNTYPE"
        )
    }
}

/// What a type reference refers to.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRefKind {
    /// A SQL or built-in type sqlparser reads (`NUMBER(10,2)`, `VARCHAR2(50)`, `PLS_INTEGER`).
    Data(DataType),
    /// `name%TYPE`.
    TypeOf(Name),
    /// `name%ROWTYPE`.
    RowTypeOf(Name),
    /// A user-defined type (`t_fee_list`, `pkg.t_rec`, `SYS_REFCURSOR`).
    Named(Name),
    /// PostgreSQL `SETOF type` (a function's return type).
    SetOf(Box<TypeRef>),
    /// PostgreSQL `TABLE (column type, …)` (a function's return type).
    Table(Vec<Field>),
}

/// Parameter direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamMode {
    /// `IN` (also the default).
    In,
    /// `OUT`.
    Out,
    /// `IN OUT` / `INOUT`.
    InOut,
    /// PostgreSQL `VARIADIC`.
    Variadic,
}

/// A routine parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Where it is.
    pub span: Span,
    /// Its name (PostgreSQL parameters may be unnamed).
    pub name: Option<Name>,
    /// Its direction.
    pub mode: ParamMode,
    /// Whether `NOCOPY` was given.
    pub nocopy: bool,
    /// Its type.
    pub ty: TypeRef,
    /// `DEFAULT expr` or `:= expr`.
    pub default: Option<PlExpr>,
}

/// A clause of a routine header other than parameters and return type
/// (`AUTHID DEFINER`, `DETERMINISTIC`, `PIPELINED`, `LANGUAGE plpgsql`,
/// `SECURITY DEFINER`, `STABLE`, …), kept as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutineOption {
    /// Where it is.
    pub span: Span,
    /// The clause's tokens as written, separated by single spaces
    /// (`AUTHID CURRENT_USER`, `UPDATE OF status, fee`).
    pub text: String,
}

/// Procedure or function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutineKind {
    /// A procedure.
    Procedure,
    /// A function.
    Function,
}

/// A procedure or function: standalone, in a package, nested, or a PostgreSQL routine.
#[derive(Debug, Clone, PartialEq)]
pub struct Routine {
    /// Where it is (from `CREATE` or `PROCEDURE`/`FUNCTION` to its end).
    pub span: Span,
    /// Procedure or function.
    pub kind: RoutineKind,
    /// Its name.
    pub name: Name,
    /// Its parameters.
    pub params: Vec<Param>,
    /// Its return type (functions).
    pub returns: Option<TypeRef>,
    /// Other header clauses, in order.
    pub options: Vec<RoutineOption>,
    /// Its body; `None` for a declaration in a package specification or a
    /// call specification.
    pub body: Option<Block>,
    /// A call specification (`AS LANGUAGE C …`, `AS EXTERNAL …`), as written
    /// after `AS`.
    pub external: Option<RoutineOption>,
}

/// A record field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Where it is.
    pub span: Span,
    /// Its name.
    pub name: Name,
    /// Its type.
    pub ty: TypeRef,
    /// Whether `NOT NULL` was given.
    pub not_null: bool,
    /// Its default.
    pub default: Option<PlExpr>,
}

/// A type defined with `TYPE … IS`.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDefinition {
    /// `RECORD (…)`.
    Record(Vec<Field>),
    /// `TABLE OF t [NOT NULL] [INDEX BY k]`.
    Table {
        /// Element type.
        of: TypeRef,
        /// Key type of an associative array.
        index_by: Option<TypeRef>,
    },
    /// `VARRAY(n) OF t`.
    Varray {
        /// Maximum size.
        size: PlExpr,
        /// Element type.
        of: TypeRef,
    },
    /// `REF CURSOR [RETURN t]`.
    RefCursor(Option<TypeRef>),
}

/// A cursor parameter or routine parameter list element of a cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    /// Where it is.
    pub span: Span,
    /// Its name.
    pub name: Name,
    /// Its parameters.
    pub params: Vec<Param>,
    /// `RETURN type`.
    pub returns: Option<TypeRef>,
    /// Its query (absent in a package specification's forward declaration).
    pub query: Option<EmbeddedSql>,
}

/// A declaration in a declare section or package.
#[derive(Debug, Clone, PartialEq)]
pub enum Declaration {
    /// A variable or constant.
    Variable {
        /// Where it is.
        span: Span,
        /// Its name.
        name: Name,
        /// `CONSTANT`.
        constant: bool,
        /// Its type.
        ty: TypeRef,
        /// `NOT NULL`.
        not_null: bool,
        /// `:= expr` / `DEFAULT expr`.
        default: Option<PlExpr>,
    },
    /// `name EXCEPTION`.
    Exception {
        /// Where it is.
        span: Span,
        /// Its name.
        name: Name,
    },
    /// A cursor.
    Cursor(Cursor),
    /// `TYPE name IS …`.
    Type {
        /// Where it is.
        span: Span,
        /// Its name.
        name: Name,
        /// What it is.
        definition: TypeDefinition,
    },
    /// `SUBTYPE name IS base [NOT NULL]`.
    Subtype {
        /// Where it is.
        span: Span,
        /// Its name.
        name: Name,
        /// The base type.
        base: TypeRef,
        /// `NOT NULL`.
        not_null: bool,
    },
    /// `PRAGMA name[(args)]`.
    Pragma {
        /// Where it is.
        span: Span,
        /// `AUTONOMOUS_TRANSACTION`, `EXCEPTION_INIT`, …, upper-cased.
        name: String,
        /// Its arguments.
        args: Vec<PlExpr>,
    },
    /// A nested procedure or function (or, in a package, its declaration or body).
    Routine(Routine),
    /// PL/pgSQL `name ALIAS FOR $n|other;`.
    Alias {
        /// Where it is.
        span: Span,
        /// The new name.
        name: Name,
        /// What it names.
        target: Name,
    },
}

/// An `INTO` clause of an embedded query, `FETCH`, `RETURNING` or `EXECUTE IMMEDIATE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Into {
    /// Where it is (from `BULK`/`INTO` to the last target).
    pub span: Span,
    /// `BULK COLLECT INTO`.
    pub bulk_collect: bool,
    /// PL/pgSQL `INTO STRICT`.
    pub strict: bool,
    /// The targets.
    pub targets: Vec<PlExpr>,
}

/// A SQL statement inside procedural code.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedSql {
    /// Where it is.
    pub span: Span,
    /// The statement as sqlparser read it, without the clauses below (boxed:
    /// sqlparser's `Statement` is several kilobytes).
    pub statement: Box<Statement>,
    /// `[BULK COLLECT] INTO …` of a query, or of `RETURNING … INTO …`.
    pub into: Option<Into>,
    /// `WHERE CURRENT OF cursor`.
    pub current_of: Option<Name>,
    /// `FOR UPDATE … WAIT n`: the seconds to wait for a lock.
    pub wait: Option<PlExpr>,
    /// PL/SQL's record insert `INSERT INTO t VALUES record`: the record. The
    /// statement then holds [`RECORD_PLACEHOLDER`] where the record stood.
    pub values_record: Option<PlExpr>,
    /// Clauses set aside before sqlparser read the statement
    /// (`SET TRANSACTION … NAME '…'`).
    pub set_aside: Vec<super::SetAside>,
}

/// What an embedded `INSERT … VALUES record` holds in place of the record, so
/// that sqlparser can read the rest; printers put the record back.
pub const RECORD_PLACEHOLDER: &str = "sqlport_values_record";

/// A `USING` argument of dynamic SQL.
#[derive(Debug, Clone, PartialEq)]
pub struct UsingArg {
    /// Its direction.
    pub mode: ParamMode,
    /// Its value or target.
    pub expr: PlExpr,
}

/// What a cursor `FOR` loop iterates over.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorSource {
    /// A declared cursor, with arguments.
    Named {
        /// The cursor.
        cursor: Name,
        /// Its arguments.
        args: Vec<Arg>,
    },
    /// An inline query.
    Query(Box<EmbeddedSql>),
    /// PL/pgSQL `EXECUTE sql [USING …]`.
    Dynamic {
        /// The SQL text expression.
        sql: PlExpr,
        /// Bind arguments.
        using: Vec<UsingArg>,
    },
}

/// An exception handler.
#[derive(Debug, Clone, PartialEq)]
pub struct Handler {
    /// Where it is.
    pub span: Span,
    /// The exceptions (`OTHERS` included) it catches.
    pub exceptions: Vec<Name>,
    /// What it does.
    pub body: Vec<Stmt>,
}

/// A block: `[DECLARE …] BEGIN … [EXCEPTION …] END [label];`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Where it is.
    pub span: Span,
    /// `<<label>>` before it.
    pub label: Option<Name>,
    /// Declarations (of the block, or of the routine whose body it is).
    pub declarations: Vec<Declaration>,
    /// Statements.
    pub statements: Vec<Stmt>,
    /// Exception handlers.
    pub handlers: Vec<Handler>,
    /// The name after `END`, if any.
    pub end_name: Option<Name>,
}

/// One statement, with the labels before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// Where it is (its labels excluded).
    pub span: Span,
    /// `<<label>>`s before it.
    pub labels: Vec<Name>,
    /// What it is.
    pub kind: StmtKind,
}

/// A branch of `IF` or `CASE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The condition or `WHEN` value.
    pub condition: PlExpr,
    /// The statements.
    pub body: Vec<Stmt>,
}

/// What a statement does.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `target := value`.
    Assign {
        /// Variable, field, element.
        target: PlExpr,
        /// The value.
        value: PlExpr,
    },
    /// `IF … ELSIF … ELSE … END IF`.
    If {
        /// `IF` and `ELSIF` branches.
        branches: Vec<Branch>,
        /// `ELSE`.
        otherwise: Option<Vec<Stmt>>,
    },
    /// `CASE [operand] WHEN … END CASE`.
    Case {
        /// The operand of a simple `CASE`.
        operand: Option<PlExpr>,
        /// `WHEN` branches.
        whens: Vec<Branch>,
        /// `ELSE`.
        otherwise: Option<Vec<Stmt>>,
    },
    /// `LOOP … END LOOP`.
    Loop(Vec<Stmt>),
    /// `WHILE cond LOOP … END LOOP`.
    While {
        /// The condition.
        condition: PlExpr,
        /// The body.
        body: Vec<Stmt>,
    },
    /// `FOR i IN [REVERSE] low..high LOOP … END LOOP`.
    ForRange {
        /// The index.
        index: Name,
        /// `REVERSE`.
        reverse: bool,
        /// Lower bound.
        low: PlExpr,
        /// Upper bound.
        high: PlExpr,
        /// PL/pgSQL `BY step`.
        step: Option<PlExpr>,
        /// The body.
        body: Vec<Stmt>,
    },
    /// `FOR rec IN cursor|(query) LOOP … END LOOP`.
    ForCursor {
        /// The record.
        record: Name,
        /// What it iterates over.
        source: CursorSource,
        /// The body.
        body: Vec<Stmt>,
    },
    /// `EXIT [label] [WHEN cond]`.
    Exit {
        /// The loop label.
        label: Option<Name>,
        /// The condition.
        when: Option<PlExpr>,
    },
    /// `CONTINUE [label] [WHEN cond]`.
    Continue {
        /// The loop label.
        label: Option<Name>,
        /// The condition.
        when: Option<PlExpr>,
    },
    /// `GOTO label`.
    Goto(Name),
    /// `NULL`.
    Null,
    /// `RETURN [expr]`.
    Return(Option<PlExpr>),
    /// `RAISE [exception]`.
    Raise(Option<Name>),
    /// `OPEN cursor [(args)]`.
    Open {
        /// The cursor.
        cursor: Name,
        /// Its arguments.
        args: Vec<Arg>,
    },
    /// `OPEN cursor FOR query|dynamic [USING …]`.
    OpenFor {
        /// The cursor variable.
        cursor: Name,
        /// A static query, or
        query: Option<Box<EmbeddedSql>>,
        /// a dynamic query string.
        dynamic: Option<PlExpr>,
        /// Bind arguments.
        using: Vec<UsingArg>,
    },
    /// `FETCH [direction FROM] cursor [BULK COLLECT] INTO … [LIMIT n]`.
    Fetch {
        /// PL/pgSQL direction (`NEXT`, `PRIOR`, `ABSOLUTE 3`, …), as written.
        direction: Option<String>,
        /// The cursor.
        cursor: Name,
        /// The targets.
        into: Into,
        /// `LIMIT n`.
        limit: Option<PlExpr>,
    },
    /// `CLOSE cursor`.
    Close(Name),
    /// `EXECUTE IMMEDIATE sql [INTO …] [USING …] [RETURNING INTO …]`.
    ExecuteImmediate {
        /// The SQL text expression.
        sql: PlExpr,
        /// `[BULK COLLECT] INTO`.
        into: Option<Into>,
        /// `USING`.
        using: Vec<UsingArg>,
        /// `RETURNING|RETURN [BULK COLLECT] INTO`.
        returning: Option<Into>,
    },
    /// `FORALL i IN low..high [SAVE EXCEPTIONS] dml`.
    Forall {
        /// The index.
        index: Name,
        /// Lower bound (or the collection of `INDICES OF`/`VALUES OF`).
        low: PlExpr,
        /// Upper bound (absent for `INDICES OF`/`VALUES OF`).
        high: Option<PlExpr>,
        /// `SAVE EXCEPTIONS`.
        save_exceptions: bool,
        /// The DML statement.
        statement: Box<EmbeddedSql>,
    },
    /// `PIPE ROW (expr)`.
    PipeRow(PlExpr),
    /// A nested block.
    Block(Box<Block>),
    /// A procedure call (`p;`, `pkg.p(a, b => c);`).
    Call(PlExpr),
    /// An embedded SQL statement (query with `INTO`, DML, transaction control).
    Sql(Box<EmbeddedSql>),
    /// PL/pgSQL `PERFORM query` (the query is read as a `SELECT`).
    Perform(Box<EmbeddedSql>),
    /// PL/pgSQL `RETURN NEXT [expr]`.
    ReturnNext(Option<PlExpr>),
    /// PL/pgSQL `RETURN QUERY query` or `RETURN QUERY EXECUTE sql [USING …]`.
    ReturnQuery {
        /// A static query, or
        query: Option<Box<EmbeddedSql>>,
        /// a dynamic one.
        dynamic: Option<PlExpr>,
        /// Bind arguments of the dynamic query.
        using: Vec<UsingArg>,
    },
    /// PL/pgSQL `RAISE [level] ['format' [, args]] [USING option = expr, …]`
    /// or `RAISE [level] condition [USING …]`.
    RaiseMessage {
        /// `DEBUG`, `LOG`, `INFO`, `NOTICE`, `WARNING`, `EXCEPTION`, upper-cased.
        level: Option<String>,
        /// The format string.
        format: Option<PlExpr>,
        /// A condition name or `SQLSTATE 'xxxxx'`.
        condition: Option<Name>,
        /// The format's arguments.
        args: Vec<PlExpr>,
        /// `USING` options (`ERRCODE`, `MESSAGE`, `DETAIL`, `HINT`, …).
        options: Vec<(Name, PlExpr)>,
    },
    /// PL/pgSQL `ASSERT condition [, message]`.
    Assert {
        /// The condition.
        condition: PlExpr,
        /// The message.
        message: Option<PlExpr>,
    },
    /// PL/pgSQL `GET [CURRENT|STACKED] DIAGNOSTICS target = item, …`.
    GetDiagnostics {
        /// `STACKED`.
        stacked: bool,
        /// (target, item) pairs.
        items: Vec<(PlExpr, Name)>,
    },
    /// PL/pgSQL `FOREACH var [SLICE n] IN ARRAY expr LOOP … END LOOP`.
    Foreach {
        /// The loop variable.
        var: Name,
        /// `SLICE n`.
        slice: Option<PlExpr>,
        /// The array.
        array: PlExpr,
        /// The body.
        body: Vec<Stmt>,
    },
    /// PL/pgSQL `MOVE [direction FROM] cursor`.
    Move {
        /// The direction, as written.
        direction: Option<String>,
        /// The cursor.
        cursor: Name,
    },
}

/// The timing of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerTiming {
    /// `BEFORE`.
    Before,
    /// `AFTER`.
    After,
    /// `INSTEAD OF`.
    InsteadOf,
    /// `FOR` (compound triggers).
    For,
}

/// A `CREATE TRIGGER` (PL/SQL).
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// Where it is.
    pub span: Span,
    /// Its name.
    pub name: Name,
    /// `BEFORE`, `AFTER`, `INSTEAD OF`, `FOR`.
    pub timing: TriggerTiming,
    /// The events (`INSERT`, `UPDATE OF a, b`, `DELETE`), as written.
    pub events: Vec<RoutineOption>,
    /// The table or view.
    pub table: Name,
    /// `REFERENCING …`, `FOR EACH ROW`, `FOLLOWS …`, `ENABLE`, … as written.
    pub options: Vec<RoutineOption>,
    /// `WHEN (condition)`.
    pub when: Option<PlExpr>,
    /// The body: a block, or the sections of a compound trigger.
    pub body: TriggerBody,
    /// The trigger function that PL/pgSQL-style output creates for the body
    /// (set by a rewrite pass; `None`: the trigger is printed as written).
    pub function: Option<Name>,
    /// Drop an existing trigger of the name before creating it: how
    /// PL/pgSQL-style output replaces a trigger on kernels without
    /// `CREATE OR REPLACE TRIGGER` (PostgreSQL before 14).
    pub drop_existing: bool,
}

/// One timing-point section of a compound trigger.
#[derive(Debug, Clone, PartialEq)]
pub struct TimingSection {
    /// Where it is.
    pub span: Span,
    /// `BEFORE STATEMENT`, `BEFORE EACH ROW`, `AFTER EACH ROW`,
    /// `AFTER STATEMENT` or `INSTEAD OF EACH ROW`, upper-cased.
    pub timing: String,
    /// Its block (declarations are those of the whole trigger).
    pub block: Block,
}

/// What a trigger runs.
#[derive(Debug, Clone, PartialEq)]
pub enum TriggerBody {
    /// A block.
    Simple(Block),
    /// `COMPOUND TRIGGER declarations sections END [name];`.
    Compound {
        /// Where it is.
        span: Span,
        /// Declarations shared by all sections.
        declarations: Vec<Declaration>,
        /// The timing-point sections.
        sections: Vec<TimingSection>,
        /// The name after the final `END`.
        end_name: Option<Name>,
    },
}

impl StmtKind {
    /// The statement lists directly inside this statement: the branches and
    /// `ELSE` of `IF`/`CASE`, and loop bodies. A nested block is not among
    /// them: its handlers and declarations need their own treatment.
    pub fn nested_lists(&self) -> Vec<&Vec<Stmt>> {
        match self {
            StmtKind::If {
                branches,
                otherwise,
            }
            | StmtKind::Case {
                whens: branches,
                otherwise,
                ..
            } => branches
                .iter()
                .map(|b| &b.body)
                .chain(otherwise.as_ref())
                .collect(),
            StmtKind::Loop(body)
            | StmtKind::While { body, .. }
            | StmtKind::ForRange { body, .. }
            | StmtKind::ForCursor { body, .. }
            | StmtKind::Foreach { body, .. } => vec![body],
            _ => Vec::new(),
        }
    }

    /// [`StmtKind::nested_lists`], to change them.
    pub fn nested_lists_mut(&mut self) -> Vec<&mut Vec<Stmt>> {
        match self {
            StmtKind::If {
                branches,
                otherwise,
            }
            | StmtKind::Case {
                whens: branches,
                otherwise,
                ..
            } => branches
                .iter_mut()
                .map(|b| &mut b.body)
                .chain(otherwise.as_mut())
                .collect(),
            StmtKind::Loop(body)
            | StmtKind::While { body, .. }
            | StmtKind::ForRange { body, .. }
            | StmtKind::ForCursor { body, .. }
            | StmtKind::Foreach { body, .. } => vec![body],
            _ => Vec::new(),
        }
    }
}

impl TriggerBody {
    /// Where it is.
    pub fn span(&self) -> Span {
        match self {
            TriggerBody::Simple(b) => b.span,
            TriggerBody::Compound { span, .. } => *span,
        }
    }
}

/// A package specification or body.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Where it is.
    pub span: Span,
    /// Its name.
    pub name: Name,
    /// `true` for `PACKAGE BODY`.
    pub body: bool,
    /// `AUTHID …` and similar header clauses.
    pub options: Vec<RoutineOption>,
    /// Declarations, routines included.
    pub declarations: Vec<Declaration>,
    /// The initialisation section of a body (`BEGIN …` before `END`).
    pub initialization: Option<Vec<Stmt>>,
    /// Its exception handlers.
    pub handlers: Vec<Handler>,
}

/// A method of an object type: its qualifiers and the routine.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Where it is.
    pub span: Span,
    /// `MEMBER`, `STATIC`, `CONSTRUCTOR`, `MAP`, `ORDER`, `OVERRIDING`, `FINAL`, … upper-cased.
    pub qualifiers: Vec<String>,
    /// The routine (without a body in a type specification).
    pub routine: Routine,
}

/// What a `CREATE TYPE` defines.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeSpecKind {
    /// `AS OBJECT (…)` or `UNDER parent (…)`.
    Object {
        /// The supertype of `UNDER parent`.
        under: Option<Name>,
        /// Attributes.
        attributes: Vec<Field>,
        /// Method declarations.
        methods: Vec<Method>,
    },
    /// `AS TABLE OF …` or `AS VARRAY(n) OF …`.
    Collection(TypeDefinition),
}

/// `CREATE TYPE name …`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpec {
    /// Where it is.
    pub span: Span,
    /// Its name.
    pub name: Name,
    /// `FORCE`, `AUTHID …`, and trailing `[NOT] FINAL`, `[NOT] INSTANTIABLE`, as written.
    pub options: Vec<RoutineOption>,
    /// What it defines.
    pub kind: TypeSpecKind,
}

/// `CREATE TYPE BODY name AS methods END;`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeBody {
    /// Where it is.
    pub span: Span,
    /// Its name.
    pub name: Name,
    /// The method bodies.
    pub methods: Vec<Method>,
}

/// `CREATE [OR REPLACE] [EDITIONABLE|NONEDITIONABLE]` before a program unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CreateClause {
    /// `OR REPLACE`.
    pub or_replace: bool,
    /// `Some(true)` for `EDITIONABLE`, `Some(false)` for `NONEDITIONABLE`.
    pub editionable: Option<bool>,
}

/// What a procedural script unit holds: the `CREATE` clause, if any, and the unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Where it is (without the terminating `/`).
    pub span: Span,
    /// `CREATE …`; absent for an anonymous block.
    pub create: Option<CreateClause>,
    /// The unit.
    pub unit: ProgramUnit,
}

/// A PL/SQL program unit.
#[derive(Debug, Clone, PartialEq)]
pub enum ProgramUnit {
    /// `CREATE PROCEDURE|FUNCTION`.
    Routine(Routine),
    /// `CREATE PACKAGE [BODY]`.
    Package(Package),
    /// `CREATE TRIGGER`.
    Trigger(Trigger),
    /// `CREATE TYPE`.
    Type(TypeSpec),
    /// `CREATE TYPE BODY`.
    TypeBody(TypeBody),
    /// An anonymous block.
    Block(Block),
}
