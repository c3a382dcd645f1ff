//! `type-env`: what sqlport knows about the types of names in the script,
//! for the rules whose output depends on them (a `DATE` plus a number is a
//! day later; a number plus a number is a sum).
//!
//! **What it knows.** The columns of every `CREATE TABLE` in the script
//! (`op_visit.visit_time`, and `visit_time` alone when no two tables give
//! that column different kinds), and in a program unit its parameters,
//! variables, constants and record fields, with `%TYPE` (of a column or a
//! variable) and `%ROWTYPE` of a table (`r.visit_time`), and in a trigger
//! `:NEW.x` / `:OLD.x` (and their `REFERENCING` aliases) as columns of the
//! trigger's table. Scopes are not
//! told apart: a name declared twice with different kinds is unknown.
//! Expressions get a kind from their names, literals, casts and the
//! built-ins they call — Oracle's and the PostgreSQL forms the rules write.
//!
//! Only kinds matter, not precise types: [`Kind::Date`] is Oracle's `DATE`
//! (and `TIMESTAMP(0)`, which is what a type rule may have turned it into),
//! [`Kind::Timestamp`] a timestamp with fractional seconds, whose difference
//! Oracle gives as an interval, as PostgreSQL does.

use std::collections::HashMap;

use sqlparser::ast::{
    AccessExpr, BinaryOperator, CastKind, DataType, Expr, Statement, TimezoneInfo, UnaryOperator,
    Value,
};

use super::expr::{builtin_args, is_word, plain_args};
use crate::ast::procedural::{
    Declaration, Param, Program, ProgramUnit, Routine, TypeDefinition, TypeRef, TypeRefKind,
};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script, Unit};
use crate::rewrite::Context;

/// The kind of a value, as far as the expression rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Oracle `DATE` (whole seconds): `d1 - d2` is a number of days.
    Date,
    /// A timestamp with fractional seconds (Oracle `TIMESTAMP`).
    Timestamp,
    /// Any number.
    Number,
    /// Any character string.
    Text,
    /// An interval.
    Interval,
    /// Something else (a record, a collection, a LOB of bytes, …).
    Other,
}

impl Kind {
    /// Whether it is a point in time.
    pub(super) fn is_datetime(self) -> bool {
        matches!(self, Kind::Date | Kind::Timestamp)
    }
}

/// The kind of a declared type.
pub(super) fn kind_of_type(ty: &DataType) -> Kind {
    match ty {
        DataType::Date => Kind::Date,
        DataType::Timestamp(Some(0), TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => {
            Kind::Date
        }
        DataType::Timestamp(..) | DataType::Datetime(_) => Kind::Timestamp,
        DataType::Interval { .. } => Kind::Interval,
        _ => {
            let text = ty.to_string().to_ascii_uppercase();
            let name = text.split(['(', ' ']).next().unwrap_or_default();
            const NUMBERS: &[&str] = &[
                "NUMBER",
                "NUMERIC",
                "DECIMAL",
                "DEC",
                "INT",
                "INTEGER",
                "SMALLINT",
                "BIGINT",
                "FLOAT",
                "REAL",
                "DOUBLE",
                "PLS_INTEGER",
                "BINARY_INTEGER",
                "BINARY_FLOAT",
                "BINARY_DOUBLE",
                "SIMPLE_INTEGER",
                "NATURAL",
                "NATURALN",
                "POSITIVE",
                "POSITIVEN",
                "SIGNTYPE",
                "INT4",
                "INT8",
                "FLOAT4",
                "FLOAT8",
            ];
            const TEXTS: &[&str] = &[
                "VARCHAR2",
                "VARCHAR",
                "NVARCHAR2",
                "NVARCHAR",
                "CHAR",
                "NCHAR",
                "CHARACTER",
                "CLOB",
                "NCLOB",
                "LONG",
                "TEXT",
                "STRING",
            ];
            if NUMBERS.contains(&name) {
                Kind::Number
            } else if TEXTS.contains(&name) {
                Kind::Text
            } else if name == "INTERVAL" {
                Kind::Interval
            } else {
                Kind::Other
            }
        }
    }
}

/// The columns of the tables the script creates.
#[derive(Debug, Default)]
pub(super) struct Tables {
    /// Lower-cased table name (last part) → lower-cased column → kind.
    tables: HashMap<String, HashMap<String, Kind>>,
    /// Lower-cased column name → its kind, `None` when tables disagree.
    columns: HashMap<String, Option<Kind>>,
}

impl Tables {
    /// Reads every `CREATE TABLE` of `script`.
    pub(super) fn of(script: &Script) -> Self {
        let mut tables = Tables::default();
        tables.read(script);
        tables
    }

    /// Reads the tables of `script`, then those of the run's other scripts
    /// (`options.context`) that `script` does not create itself: a query
    /// translated apart from the file that creates its tables still knows
    /// which columns hold dates.
    pub(super) fn with_context(script: &Script, cx: &Context<'_>) -> Self {
        let mut tables = Tables::of(script);
        for other in super::context_scripts(cx).iter() {
            tables.read(other);
        }
        tables
    }

    /// Adds the `CREATE TABLE`s of `script` whose table is not known yet.
    fn read(&mut self, script: &Script) {
        for unit in script.units() {
            let Content::Sql(statements) = &unit.content else {
                continue;
            };
            for s in statements {
                let Statement::CreateTable(t) = s else {
                    continue;
                };
                let name = t
                    .name
                    .0
                    .last()
                    .and_then(|p| p.as_ident())
                    .map(|i| i.value.to_lowercase())
                    .unwrap_or_default();
                if self.tables.contains_key(&name) {
                    continue;
                }
                let mut columns = HashMap::new();
                for c in &t.columns {
                    let kind = kind_of_type(&c.data_type);
                    let column = c.name.value.to_lowercase();
                    self.columns
                        .entry(column.clone())
                        .and_modify(|k| {
                            if *k != Some(kind) {
                                *k = None;
                            }
                        })
                        .or_insert(Some(kind));
                    columns.insert(column, kind);
                }
                self.tables.insert(name, columns);
            }
        }
    }

    fn column(&self, table: &str, column: &str) -> Option<Kind> {
        self.tables
            .get(&table.to_lowercase())?
            .get(&column.to_lowercase())
            .copied()
    }

    fn any_column(&self, column: &str) -> Option<Kind> {
        self.columns.get(&column.to_lowercase()).copied().flatten()
    }
}

/// What a name declared in a program unit stands for.
#[derive(Debug, Clone)]
enum Declared {
    /// A scalar (or whatever) of a type.
    Type(TypeRef),
    /// Declared twice, differently.
    Ambiguous,
}

/// The names of one unit, over the script's tables.
#[derive(Debug)]
pub(super) struct Env<'t> {
    tables: &'t Tables,
    names: HashMap<String, Declared>,
    /// Record types declared with `TYPE … IS RECORD`: type → field → type.
    records: HashMap<String, HashMap<String, TypeRef>>,
}

impl<'t> Env<'t> {
    /// The environment of `unit`: the script's tables, and the declarations
    /// of a program unit. Takes `&mut` only because the program walker does.
    pub(super) fn of(tables: &'t Tables, unit: &mut Unit) -> Self {
        let mut env = Env {
            tables,
            names: HashMap::new(),
            records: HashMap::new(),
        };
        if let Content::Program(program) = &mut unit.content {
            env.declare_program(program);
            if let ProgramUnit::Trigger(t) = &program.unit {
                // `:NEW.x` / `:OLD.x` (and the REFERENCING aliases) are
                // rows of the trigger's table.
                let shape = super::triggers::row_names(t);
                let row = TypeRef {
                    span: t.table.span,
                    kind: TypeRefKind::RowTypeOf(t.table.clone()),
                };
                for name in shape.new_names.iter().chain(&shape.old_names) {
                    env.declare(name, row.clone());
                }
            }
        }
        env
    }

    fn declare_program(&mut self, program: &mut Program) {
        struct Collect<'e, 't> {
            env: &'e mut Env<'t>,
        }
        impl VisitMut for Collect<'_, '_> {
            fn routine(&mut self, r: &mut Routine) {
                self.env.params(&r.params);
            }
            fn declarations(&mut self, decls: &mut Vec<Declaration>) {
                for d in decls.iter() {
                    match d {
                        Declaration::Variable { name, ty, .. } => {
                            self.env.declare(&name.text, ty.clone())
                        }
                        Declaration::Cursor(c) => self.env.params(&c.params),
                        Declaration::Type {
                            name,
                            definition: TypeDefinition::Record(fields),
                            ..
                        } => {
                            let fields = fields
                                .iter()
                                .map(|f| (f.name.text.to_lowercase(), f.ty.clone()))
                                .collect();
                            self.env.records.insert(name.text.to_lowercase(), fields);
                        }
                        _ => {}
                    }
                }
            }
        }
        walk_program(&mut Collect { env: self }, program);
    }

    fn params(&mut self, params: &[Param]) {
        for p in params {
            if let Some(name) = &p.name {
                self.declare(&name.text, p.ty.clone());
            }
        }
    }

    fn declare(&mut self, name: &str, ty: TypeRef) {
        let name = name.to_lowercase();
        let new = match self.names.get(&name) {
            Some(Declared::Type(old)) if old.kind != ty.kind => Declared::Ambiguous,
            Some(Declared::Ambiguous) => Declared::Ambiguous,
            _ => Declared::Type(ty),
        };
        self.names.insert(name, new);
    }

    /// The kind of a declared type, following `%TYPE` (at most a few steps).
    fn kind_of_ref(&self, ty: &TypeRef, depth: u8) -> Option<Kind> {
        if depth > 8 {
            return None;
        }
        match &ty.kind {
            TypeRefKind::Data(d) => Some(kind_of_type(d)),
            TypeRefKind::TypeOf(name) => self.kind_of_path(&name.text, depth + 1),
            _ => Some(Kind::Other),
        }
    }

    /// The kind of `a`, `a.b` (a column of table `a`, a field of record `a`)
    /// written as text.
    fn kind_of_path(&self, path: &str, depth: u8) -> Option<Kind> {
        let parts: Vec<&str> = path.split('.').map(|p| p.trim_matches('"')).collect();
        match parts.as_slice() {
            [name] => self.kind_of_name(name, depth),
            [.., first, last] => self.kind_of_member(first, last, depth),
            [] => None,
        }
    }

    fn kind_of_name(&self, name: &str, depth: u8) -> Option<Kind> {
        match self.names.get(&name.to_lowercase()) {
            Some(Declared::Type(t)) => self.kind_of_ref(t, depth),
            Some(Declared::Ambiguous) => None,
            None => self.tables.any_column(name),
        }
    }

    fn kind_of_member(&self, first: &str, last: &str, depth: u8) -> Option<Kind> {
        match self.names.get(&first.to_lowercase()) {
            // A record variable: `r.col` of `t%ROWTYPE` or of a RECORD type.
            Some(Declared::Type(t)) => match &t.kind {
                TypeRefKind::RowTypeOf(table) => {
                    let table = table.text.rsplit('.').next().unwrap_or_default();
                    self.tables.column(table, last)
                }
                TypeRefKind::Named(record) => {
                    let field = self
                        .records
                        .get(&record.text.to_lowercase())?
                        .get(&last.to_lowercase())?;
                    self.kind_of_ref(field, depth + 1)
                }
                _ => None,
            },
            Some(Declared::Ambiguous) => None,
            // A table or an alias: the table's column, else any column so named.
            None => self
                .tables
                .column(first, last)
                .or_else(|| self.tables.any_column(last)),
        }
    }

    /// The kind of `e`, when it can be told.
    pub(super) fn kind(&self, e: &Expr) -> Option<Kind> {
        self.kind_at(e, 0)
    }

    fn kind_at(&self, e: &Expr, depth: u8) -> Option<Kind> {
        if depth > 32 {
            return None;
        }
        let kind = |e: &Expr| self.kind_at(e, depth + 1);
        match e {
            _ if is_word(e, "SYSDATE") => Some(Kind::Date),
            _ if is_word(e, "SYSTIMESTAMP") => Some(Kind::Timestamp),
            Expr::Identifier(i) => self.kind_of_name(&i.value, depth),
            Expr::CompoundIdentifier(parts) => match parts.as_slice() {
                [.., first, last] => self.kind_of_member(&first.value, &last.value, depth),
                _ => None,
            },
            // `:NEW.x` in a trigger, before the trigger rule makes it `NEW.x`.
            Expr::CompoundFieldAccess { root, access_chain } => {
                match (&**root, &access_chain[..]) {
                    (Expr::Value(v), [AccessExpr::Dot(Expr::Identifier(field))]) => {
                        match &v.value {
                            Value::Placeholder(p) => {
                                self.kind_of_member(p.strip_prefix(':')?, &field.value, depth)
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            Expr::Value(v) => match &v.value {
                Value::Number(..) => Some(Kind::Number),
                Value::SingleQuotedString(_) | Value::NationalStringLiteral(_) => Some(Kind::Text),
                _ => None,
            },
            Expr::TypedString(t) => Some(kind_of_type(&t.data_type)),
            Expr::Interval(_) => Some(Kind::Interval),
            Expr::Cast {
                kind: CastKind::Cast | CastKind::DoubleColon,
                data_type,
                ..
            } => Some(kind_of_type(data_type)),
            Expr::Nested(inner) => kind(inner),
            Expr::UnaryOp {
                op: UnaryOperator::Minus | UnaryOperator::Plus,
                expr,
            } => kind(expr),
            Expr::Extract { .. } => Some(Kind::Number),
            Expr::Case {
                conditions,
                else_result,
                ..
            } => conditions
                .iter()
                .map(|c| &c.result)
                .chain(else_result.as_deref())
                .find_map(kind),
            Expr::BinaryOp { left, op, right } => {
                let (l, r) = (kind(left), kind(right));
                match op {
                    BinaryOperator::StringConcat => Some(Kind::Text),
                    BinaryOperator::Plus | BinaryOperator::Minus => match (l?, r?) {
                        (Kind::Date, Kind::Date) if *op == BinaryOperator::Minus => {
                            Some(Kind::Number)
                        }
                        (a, b) if a.is_datetime() && b.is_datetime() => Some(Kind::Interval),
                        (a, _) if a.is_datetime() => Some(a),
                        (_, b) if b.is_datetime() => Some(b),
                        (Kind::Number, Kind::Number) => Some(Kind::Number),
                        (Kind::Interval, Kind::Interval) => Some(Kind::Interval),
                        _ => None,
                    },
                    BinaryOperator::Multiply | BinaryOperator::Divide | BinaryOperator::Modulo => {
                        match (l, r) {
                            (Some(Kind::Interval), _) | (_, Some(Kind::Interval)) => {
                                Some(Kind::Interval)
                            }
                            (Some(Kind::Number), Some(Kind::Number)) => Some(Kind::Number),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            Expr::Function(f) => self.kind_of_call(e, f, depth),
            _ => None,
        }
    }

    fn kind_of_call(&self, e: &Expr, f: &sqlparser::ast::Function, depth: u8) -> Option<Kind> {
        let name = f.name.to_string().to_ascii_uppercase();
        let first_known = || {
            plain_args(&f.args)?
                .into_iter()
                .find_map(|a| self.kind_at(a, depth + 1))
        };
        match name.as_str() {
            "CURRENT_DATE" | "TO_DATE" | "ADD_MONTHS" | "LAST_DAY" | "NEXT_DAY"
            | "SQLPORT.ADD_MONTHS" | "SQLPORT.LAST_DAY" | "SQLPORT.NEXT_DAY" => Some(Kind::Date),
            "DATE_TRUNC" => plain_args(&f.args)
                .and_then(|a| a.get(1).and_then(|x| self.kind_at(x, depth + 1)))
                // What Oracle's TRUNC of a date became.
                .or(Some(Kind::Date)),
            "TO_TIMESTAMP"
            | "CLOCK_TIMESTAMP"
            | "STATEMENT_TIMESTAMP"
            | "NOW"
            | "CURRENT_TIMESTAMP"
            | "LOCALTIMESTAMP" => Some(Kind::Timestamp),
            "TRUNC" | "ROUND" => match builtin_args(e, &name) {
                Some(args)
                    if args.len() == 2
                        && matches!(self.kind_at(args[1], depth + 1), Some(Kind::Text)) =>
                {
                    Some(Kind::Date)
                }
                _ => first_known(),
            },
            "MONTHS_BETWEEN"
            | "SQLPORT.MONTHS_BETWEEN"
            | "TO_NUMBER"
            | "LENGTH"
            | "LENGTHB"
            | "INSTR"
            | "SQLPORT.INSTR"
            | "STRPOS"
            | "OCTET_LENGTH"
            | "COUNT"
            | "ABS"
            | "MOD"
            | "CEIL"
            | "FLOOR"
            | "SIGN"
            | "POWER"
            | "SQRT"
            | "BITAND"
            | "ASCII" => Some(Kind::Number),
            "TO_CHAR" | "SUBSTR" | "SUBSTRB" | "LPAD" | "RPAD" | "UPPER" | "LOWER" | "TRIM"
            | "LTRIM" | "RTRIM" | "REPLACE" | "CONCAT" | "INITCAP" | "CHR" | "TRANSLATE"
            | "LISTAGG" | "STRING_AGG" => Some(Kind::Text),
            "NVL" | "COALESCE" | "GREATEST" | "LEAST" | "MAX" | "MIN" | "NVL2" | "SUM" | "AVG" => {
                first_known()
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_variables_type_of_and_rowtype() {
        let input = "CREATE TABLE op_visit (visit_id NUMBER(10), visit_time DATE, note VARCHAR2(100), sent TIMESTAMP(6));
CREATE OR REPLACE PROCEDURE p (p_day IN DATE, p_n NUMBER) IS
  v_t op_visit.visit_time%TYPE;
  v_u v_t%TYPE;
  r op_visit%ROWTYPE;
BEGIN
  NULL;
END;
/
";
        let file = crate::source::SourceFile::new(input);
        let mut script = crate::parse::parse_script(&file, crate::Source::Oracle).script;
        let tables = Tables::of(&script);
        let unit = script.units_mut().nth(1).expect("two units");
        let env = Env::of(&tables, unit);
        let kind = |text: &str| {
            let e = sqlparser::parser::Parser::new(&sqlparser::dialect::OracleDialect {})
                .try_with_sql(text)
                .and_then(|mut p| p.parse_expr())
                .expect("reads");
            env.kind(&e)
        };
        assert_eq!(kind("p_day"), Some(Kind::Date));
        assert_eq!(kind("v_u"), Some(Kind::Date));
        assert_eq!(kind("r.visit_time"), Some(Kind::Date));
        assert_eq!(kind("r.note"), Some(Kind::Text));
        assert_eq!(kind("v.sent"), Some(Kind::Timestamp));
        assert_eq!(kind("p_day - v_t"), Some(Kind::Number));
        assert_eq!(kind("p_day + p_n"), Some(Kind::Date));
        assert_eq!(kind("TRUNC(SYSDATE, 'MM')"), Some(Kind::Date));
        assert_eq!(kind("TRUNC(p_n, 2)"), Some(Kind::Number));
        assert_eq!(kind("unknown_col"), None);
    }
}
