//! `types`: Oracle built-in types become the PostgreSQL types that hold the
//! same values.
//!
//! **What it does.** Rewrites every type written in the unit — table columns,
//! `ALTER TABLE … ADD/MODIFY`, `CAST(… AS t)`, object-type attributes, PL/SQL
//! variables, constants, parameters, return types, record fields, collection
//! elements and subtypes — through the table in `grammar/oracle_to_pg.toml`
//! (`[[types]]`, each entry with its reason and source): `NUMBER(p,s)` →
//! `NUMERIC(p,s)`, bare `NUMBER` → `NUMERIC` (never `bigint` or `double
//! precision`), `VARCHAR2(n CHAR|BYTE)` → `VARCHAR(n)`, `DATE` →
//! `TIMESTAMP(0)`, `CLOB` → `TEXT`, `BLOB`/`RAW(n)` → `BYTEA`, `PLS_INTEGER` →
//! `INTEGER`, … The project's own `[mappings.types]` (`sqlport.toml`) are
//! applied first and win over the table.
//!
//! **Why.** A PostgreSQL kernel has none of Oracle's type names except a few
//! that mean something else there: PostgreSQL's `date` drops the time of day
//! Oracle's `DATE` keeps, its `integer` stops at 2³¹ where Oracle's `INTEGER`
//! is `NUMBER(38)`. The table picks, for each Oracle type, the PostgreSQL type
//! that keeps every value (ora2pg's default `NUMBER` → `bigint` silently
//! loses the decimals of fees and doses).
//!
//! This pass does on the AST what the text-edit pass `type-map` does for the
//! PL/SQL-style targets; the pipeline leaves `type-map` out for Oracle →
//! PostgreSQL-style output, so that every type is mapped exactly once.
//!
//! **Example** (Oracle → HighGo):
//!
//! ```sql
//! CREATE TABLE op_charge (charge_id NUMBER(12), total NUMBER(12,2), charge_time DATE, remark CLOB);
//! CREATE TABLE op_charge (charge_id NUMERIC(12), total NUMERIC(12,2), charge_time TIMESTAMP(0), remark TEXT);
//! ```
//!
//! **Findings.** One per unit and Oracle type, at its first use: `SP0410`
//! (info) when the meaning is kept, `SP0310` (warning) when the values carry
//! over but what they mean or allow differs (`ROWID`, `SIMPLE_INTEGER`,
//! `TIMESTAMP WITH TIME ZONE`); `SP0401` for a project mapping.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, CharacterLength, DataType, ExactNumberInfo, Expr,
    Ident, IntervalFields, ObjectName, Statement, TimezoneInfo, TypeModifier,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use crate::ast::procedural::{TypeRef, TypeRefKind};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Unit};
use crate::catalog::{self, MappingFinding, OracleToPg, PgType, TypeArgs, TypeMapping};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::{expressions_mut, statements_mut};
use crate::rewrite::{Context, Pass};
use crate::source::{LexemeKind, Lexer, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Types;

impl Pass for Types {
    fn name(&self) -> &'static str {
        "types"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let Ok(catalog) = catalog::oracle_to_pg() else {
            return;
        };
        for unit in script.units_mut() {
            let mut mapper = Mapper {
                catalog,
                project: &cx.options.mappings.types,
                used: Vec::new(),
            };
            map_unit(unit, &mut mapper);
            report(unit, mapper.used, cx);
        }
    }
}

/// An Oracle type as the table names it, with its arguments.
#[derive(Debug, Clone, PartialEq)]
struct OracleType {
    /// Upper case, words separated by one space (`NUMBER`, `LONG RAW`).
    name: String,
    /// Its numeric arguments, in order.
    numbers: Vec<u64>,
}

/// Where a mapping came from.
#[derive(Debug, Clone, Copy)]
enum Rule<'c> {
    Project(&'c TypeMapping),
    Catalog(&'c PgType),
}

/// The uses of one Oracle type in a unit.
struct Use<'c> {
    rule: Rule<'c>,
    name: String,
    first_to: String,
    /// Whether the type was rewritten (else only its meaning is flagged).
    changed: bool,
    span: Option<Span>,
    count: usize,
}

struct Mapper<'c> {
    catalog: &'c OracleToPg,
    project: &'c [TypeMapping],
    used: Vec<Use<'c>>,
}

impl<'c> Mapper<'c> {
    /// The PostgreSQL type for `ty`, or `None` to leave it as it is.
    fn map(&mut self, ty: &DataType, span: Option<Span>) -> Option<DataType> {
        let oracle = oracle_type(ty)?;
        self.map_named(&oracle, Some(ty), span)
    }

    /// The PostgreSQL type for `oracle`; `None` when there is no mapping or
    /// it gives `old` back. A use is recorded when the type changes, and
    /// also when it stays but its meaning differs (a warning entry).
    fn map_named(
        &mut self,
        oracle: &OracleType,
        old: Option<&DataType>,
        span: Option<Span>,
    ) -> Option<DataType> {
        let (rule, text) = if let Some(m) = self
            .project
            .iter()
            .find(|m| m.from.eq_ignore_ascii_case(&oracle.name))
        {
            // A project type without arguments takes the source's, as the
            // text-edit pass does (`NUMBER(10)` with `NUMBER = "DECIMAL"`).
            let text = if m.to.contains('(') || oracle.numbers.is_empty() {
                m.to.clone()
            } else {
                format!("{}({})", m.to, join(&oracle.numbers))
            };
            (Rule::Project(m), text)
        } else {
            let t = self.catalog.pg_type(&oracle.name)?;
            (Rule::Catalog(t), render(t, &oracle.numbers))
        };
        let new = pg_data_type(&text);
        let same = old.is_some_and(|old| old.to_string() == new.to_string());
        let warns = matches!(rule, Rule::Catalog(t) if t.finding == MappingFinding::Warning);
        if same && !warns {
            return None;
        }
        match self.used.iter_mut().find(|u| u.name == oracle.name) {
            Some(u) => {
                u.count += 1;
                // The finding shows the use it points at.
                if u.span.is_none() && span.is_some() {
                    u.span = span;
                    u.first_to = new.to_string();
                    u.changed = !same;
                }
            }
            None => self.used.push(Use {
                rule,
                name: oracle.name.clone(),
                first_to: new.to_string(),
                changed: !same,
                span,
                count: 1,
            }),
        }
        (!same).then_some(new)
    }
}

fn join(numbers: &[u64]) -> String {
    numbers
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table entry's `to` with the carried-over arguments in place of `(*)`.
fn render(t: &PgType, numbers: &[u64]) -> String {
    let args: Vec<u64> = match t.args {
        TypeArgs::Numeric => numbers.to_vec(),
        TypeArgs::Length => numbers.iter().take(1).copied().collect(),
        // The last number is the seconds' (INTERVAL DAY(p) TO SECOND(s) reads as [s]).
        TypeArgs::Fraction => numbers.last().map(|&n| n.min(6)).into_iter().collect(),
        TypeArgs::None => Vec::new(),
    };
    if args.is_empty() {
        t.to.replace("(*)", "")
    } else {
        t.to.replace("(*)", &format!("({})", join(&args)))
    }
}

/// `text` read as a PostgreSQL type; a type sqlparser cannot read is kept as
/// its text.
fn pg_data_type(text: &str) -> DataType {
    let dialect = PostgreSqlDialect {};
    let parsed = Parser::new(&dialect)
        .try_with_sql(text)
        .ok()
        .and_then(|mut p| {
            let ty = p.parse_data_type().ok()?;
            (p.peek_token().token == sqlparser::tokenizer::Token::EOF).then_some(ty)
        });
    parsed.unwrap_or_else(|| DataType::Custom(ObjectName::from(vec![Ident::new(text)]), vec![]))
}

/// How the table names `ty`, for the types it may list.
fn oracle_type(ty: &DataType) -> Option<OracleType> {
    let named = |name: &str, numbers: Vec<u64>| {
        Some(OracleType {
            name: name.to_string(),
            numbers,
        })
    };
    let length = |len: &Option<CharacterLength>| match len {
        Some(CharacterLength::IntegerLength { length, .. }) => vec![*length],
        _ => Vec::new(),
    };
    match ty {
        DataType::Custom(name, modifiers) => {
            let [part] = name.0.as_slice() else {
                return None;
            };
            let ident = part.as_ident()?;
            if ident.quote_style.is_some() {
                return None;
            }
            let name = ident.value.to_ascii_uppercase();
            if let Some(placeholder) = placeholder_type(&name, modifiers) {
                return Some(placeholder);
            }
            let mut numbers = Vec::new();
            for m in modifiers {
                match m {
                    TypeModifier::Number(n, _) => numbers.push(n.parse().ok()?),
                    // `VARCHAR2(20 CHAR)`: the unit is not an argument.
                    TypeModifier::Identifier(_) => {}
                    _ => return None,
                }
            }
            named(&name, numbers)
        }
        DataType::Date => named("DATE", vec![]),
        DataType::Timestamp(p, tz) => {
            let name = match tz {
                TimezoneInfo::None | TimezoneInfo::WithoutTimeZone => "TIMESTAMP",
                TimezoneInfo::WithTimeZone => "TIMESTAMP WITH TIME ZONE",
                TimezoneInfo::Tz => return None,
            };
            named(name, p.iter().copied().collect())
        }
        DataType::Clob(_) => named("CLOB", vec![]),
        DataType::Blob(_) => named("BLOB", vec![]),
        DataType::Char(len) | DataType::Character(len) => named("CHAR", length(len)),
        DataType::Varchar(len) => named("VARCHAR", length(len)),
        DataType::Float(info) => named(
            "FLOAT",
            match info {
                ExactNumberInfo::Precision(p) => vec![*p],
                _ => vec![],
            },
        ),
        DataType::Integer(_) => named("INTEGER", vec![]),
        DataType::Int(_) => named("INT", vec![]),
        DataType::SmallInt(_) => named("SMALLINT", vec![]),
        DataType::Interval { fields, precision } => match fields {
            Some(IntervalFields::YearToMonth) => named("INTERVAL YEAR TO MONTH", vec![]),
            Some(IntervalFields::DayToSecond) => named(
                "INTERVAL DAY TO SECOND",
                precision.iter().copied().collect(),
            ),
            _ => None,
        },
        _ => None,
    }
}

/// An Oracle type the reader wrote as a placeholder (`parse::shims`).
fn placeholder_type(name: &str, modifiers: &[TypeModifier]) -> Option<OracleType> {
    let number = |i: usize| match modifiers.get(i) {
        Some(TypeModifier::Number(n, _)) => n.parse::<u64>().ok(),
        _ => None,
    };
    let (name, numbers) = match name {
        "SQLPORT_LONG_RAW" => ("LONG RAW", vec![]),
        "SQLPORT_INTERVAL_YM" => ("INTERVAL YEAR TO MONTH", vec![]),
        // (day precision | X, seconds precision | X): only the seconds carry over.
        "SQLPORT_INTERVAL_DS" => ("INTERVAL DAY TO SECOND", number(1).into_iter().collect()),
        "SQLPORT_TIMESTAMP_LTZ" => (
            "TIMESTAMP WITH LOCAL TIME ZONE",
            number(0).into_iter().collect(),
        ),
        // NUMBER(*, s) is NUMBER(38, s); NUMBER(*) is NUMBER.
        "SQLPORT_NUMBER_STAR" => ("NUMBER", number(0).map(|s| vec![38, s]).unwrap_or_default()),
        "SQLPORT_CHAR" => ("CHAR", number(0).into_iter().collect()),
        _ => return None,
    };
    Some(OracleType {
        name: name.to_string(),
        numbers,
    })
}

/// A type the procedural reader keeps as a name: multi-word ones (`LONG
/// RAW`, `INTERVAL DAY TO SECOND`), and PL/SQL's own single-word types
/// sqlparser does not know (`SYS_REFCURSOR`); the catalog then says whether
/// it is an Oracle type at all (a user type's name is not in it).
fn oracle_type_of_name(text: &str) -> Option<OracleType> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_ascii_uppercase)
        .collect();
    let all_words = words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    (!words.is_empty() && all_words).then(|| OracleType {
        name: words.join(" "),
        numbers: Vec::new(),
    })
}

fn map_unit(unit: &mut Unit, mapper: &mut Mapper<'_>) {
    if !matches!(unit.content, Content::Sql(_) | Content::Program(_)) {
        return;
    }
    // Column types of CREATE TABLE and ALTER TABLE (SQL units and SQL in code).
    statements_mut(unit, &mut |s| statement_types(s, mapper));
    // CAST(… AS type) anywhere.
    expressions_mut(unit, &mut |e| match e {
        Expr::Cast { data_type, .. } => match mapper.map(data_type, None) {
            Some(new) => {
                *data_type = new;
                true
            }
            None => false,
        },
        _ => false,
    });
    // Types of variables, parameters, return values, fields, attributes.
    if let Content::Program(program) = &mut unit.content {
        let mut v = TypeRefs {
            mapper,
            changed: false,
        };
        walk_program(&mut v, program);
        unit.rewritten |= v.changed;
    }
}

/// Maps the column types of `s`; whether any changed.
fn statement_types(s: &mut Statement, mapper: &mut Mapper<'_>) -> bool {
    let mut changed = false;
    let mut one = |ty: &mut DataType| {
        if let Some(new) = mapper.map(ty, None) {
            *ty = new;
            changed = true;
        }
    };
    match s {
        Statement::CreateTable(t) => t.columns.iter_mut().for_each(|c| one(&mut c.data_type)),
        Statement::AlterTable(t) => {
            for op in &mut t.operations {
                match op {
                    AlterTableOperation::AddColumn { column_def, .. } => {
                        one(&mut column_def.data_type);
                    }
                    AlterTableOperation::ModifyColumn { data_type, .. }
                    | AlterTableOperation::ChangeColumn { data_type, .. }
                    | AlterTableOperation::AlterColumn {
                        op: AlterColumnOperation::SetDataType { data_type, .. },
                        ..
                    } => one(data_type),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    changed
}

struct TypeRefs<'m, 'c> {
    mapper: &'m mut Mapper<'c>,
    changed: bool,
}

impl VisitMut for TypeRefs<'_, '_> {
    fn type_ref(&mut self, ty: &mut TypeRef) {
        let span = (!ty.span.is_empty()).then_some(ty.span);
        let new = match &ty.kind {
            TypeRefKind::Data(d) => self.mapper.map(d, span),
            TypeRefKind::Named(n) => {
                oracle_type_of_name(&n.text).and_then(|o| self.mapper.map_named(&o, None, span))
            }
            _ => None,
        };
        if let Some(new) = new {
            ty.kind = TypeRefKind::Data(new);
            ty.span = Span::default();
            self.changed = true;
        }
    }
}

/// One finding per Oracle type used in `unit`.
fn report(unit: &Unit, used: Vec<Use<'_>>, cx: &mut Context<'_>) {
    for u in used {
        let span = u
            .span
            .or_else(|| first_word(unit, &u.name, cx))
            .unwrap_or(Span::new(unit.body.start, unit.body.start));
        let more = match u.count {
            1 => String::new(),
            n => format!(" (and {} more uses in this unit)", n - 1),
        };
        let verb = if u.changed { "became" } else { "stays" };
        // The type as written at its first use (`NUMBER(10,2)`), else its name.
        let written = span
            .slice(cx.file.text())
            .split_whitespace()
            .collect::<Vec<_>>();
        let written = if written.is_empty() || written.join(" ").len() > 60 {
            u.name.clone()
        } else {
            written.join(" ")
        };
        let message = format!("{written} {verb} {}{more}", u.first_to);
        let finding = match u.rule {
            Rule::Project(m) => Finding::new(Code::SP0401, span, message).with_help(&m.reason),
            Rule::Catalog(t) => {
                let code = match t.finding {
                    MappingFinding::Info => Code::SP0410,
                    MappingFinding::Warning => Code::SP0310,
                };
                Finding::new(code, span, message).with_help(&t.reason)
            }
        };
        cx.findings.push(finding);
    }
}

/// The first use of a type named `name` in `unit`'s text: its first word,
/// not a qualified name's part and not a literal's prefix (`DATE '…'`).
fn first_word(unit: &Unit, name: &str, cx: &Context<'_>) -> Option<Span> {
    let words: Vec<&str> = name.split(' ').collect();
    let text = cx.file.text();
    let lexemes: Vec<_> = Lexer::new(text, unit.body.start, cx.options.source.script_syntax())
        .take_while(|l| l.span.start < unit.body.end)
        .filter(|l| !l.kind.is_trivia())
        .collect();
    let is_word = |i: usize, w: &str| {
        lexemes.get(i).is_some_and(|l| {
            l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case(w)
        })
    };
    // All the name's words in a row, a parenthesised precision allowed
    // after each (`TIMESTAMP(6) WITH TIME ZONE`).
    let skip_group = |mut i: usize| {
        if lexemes.get(i).map(|l| l.kind) == Some(LexemeKind::Punct('(')) {
            while lexemes
                .get(i)
                .is_some_and(|l| l.kind != LexemeKind::Punct(')'))
            {
                i += 1;
            }
            i += 1;
        }
        i
    };
    // The index after the type, if the name's words start at `start`.
    let spells = |start: usize| {
        let mut i = start;
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                i = skip_group(i);
            }
            if !is_word(i, w) {
                return None;
            }
            i += 1;
        }
        Some(skip_group(i))
    };
    (0..lexemes.len()).find_map(|i| {
        let next = lexemes.get(i + 1).map(|l| l.kind);
        let prev = i.checked_sub(1).map(|p| lexemes[p].kind);
        let end = spells(i)?;
        let plain = !matches!(next, Some(LexemeKind::String | LexemeKind::Punct('.')))
            && prev != Some(LexemeKind::Punct('.'));
        let last = lexemes.get(end.saturating_sub(1))?;
        plain.then(|| Span::new(lexemes[i].span.start, last.span.end))
    })
}

#[cfg(test)]
mod tests {
    use crate::catalog::{Mappings, TypeMapping};
    use crate::rewrite::test_support::{highgo, translated};
    use crate::{Options, Source, Target};

    #[test]
    fn table_columns_get_postgresql_types() {
        let sql = "CREATE TABLE op_charge (
  charge_id    NUMBER(12)        NOT NULL,
  total_amt    NUMBER(12,2)      DEFAULT 0,
  version_no   NUMBER,
  card_no      VARCHAR2(30 BYTE),
  patient_name VARCHAR2(50 CHAR) NOT NULL,
  doctor_name  NVARCHAR2(50),
  gender       CHAR(1),
  id_type      NCHAR(2),
  charge_time  DATE              DEFAULT SYSDATE,
  audit_time   TIMESTAMP(9),
  sent_at      TIMESTAMP WITH TIME ZONE,
  remark       CLOB,
  remark_en    NCLOB,
  old_note     LONG,
  sign_image   BLOB,
  finger       RAW(32),
  ratio_f      BINARY_FLOAT,
  ratio_d      BINARY_DOUBLE,
  qty          INTEGER,
  dose         FLOAT(126),
  report_xml   XMLTYPE,
  src_rowid    ROWID,
  is_paid      BOOLEAN
);
CREATE TABLE his_lab_sample (
  sample_id    NUMBER(*,0),
  raw_image    LONG RAW,
  keep_period  INTERVAL YEAR(2) TO MONTH,
  tat          INTERVAL DAY(3) TO SECOND(2),
  received_at  TIMESTAMP(6) WITH LOCAL TIME ZONE,
  flag         CHAR(1 CHAR)
);
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn casts_and_alter_table_are_mapped() {
        let sql = "SELECT CAST(fee AS NUMBER(10,2)), CAST(card_no AS VARCHAR2(30)), CAST(reg_time AS DATE) FROM op_reg WHERE visit_day = DATE '2024-01-01';
ALTER TABLE op_reg MODIFY remark VARCHAR2(400 CHAR);
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn plsql_types_are_mapped_in_every_place() {
        let sql = "CREATE OR REPLACE FUNCTION fn_fee_total (p_reg_id IN NUMBER, p_day IN DATE) RETURN NUMBER IS
  TYPE t_ids IS TABLE OF NUMBER(12) INDEX BY PLS_INTEGER;
  TYPE r_fee IS RECORD (item VARCHAR2(20), amt NUMBER(12,2));
  v_ids   t_ids;
  v_total NUMBER(12,2) := 0;   -- 合计
  v_i     PLS_INTEGER := 1;
  v_n     NATURAL := 0;
  v_blob  LONG RAW;
  v_name  his_patient.patient_name%TYPE;
BEGIN
  SELECT SUM(CAST(amount AS NUMBER(12,2))) INTO v_total FROM op_fee_order WHERE reg_id = p_reg_id;
  RETURN v_total;
END;
/
CREATE OR REPLACE TYPE t_fee_obj AS OBJECT (item_code VARCHAR2(20), amount NUMBER(12,2), fee_time DATE);
/
-- 带成员方法的对象类型：属性成为复合类型，方法另行报告
CREATE OR REPLACE TYPE t_fee_item AS OBJECT (
  item_id NUMBER(10),
  amount  NUMBER(12,2),
  -- 显示文本
  MEMBER FUNCTION display_text RETURN VARCHAR2
);
/
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn sys_refcursor_becomes_refcursor_opened_and_returned() {
        // 未结算收费明细：函数打开游标返回给调用方逐行读取。
        let sql = "CREATE OR REPLACE FUNCTION fn_unpaid_charges (p_reg_id IN NUMBER) RETURN SYS_REFCURSOR IS
  l_cur SYS_REFCURSOR;
BEGIN
  OPEN l_cur FOR
    SELECT charge_id, amount FROM op_charge WHERE reg_id = p_reg_id AND pay_status = '0' ORDER BY charge_id;
  RETURN l_cur;
END fn_unpaid_charges;
/
CREATE OR REPLACE PROCEDURE sp_unpaid_total (p_reg_id IN NUMBER, o_total OUT NUMBER) IS
  l_cur    SYS_REFCURSOR;
  l_id     NUMBER;
  l_amount NUMBER;
BEGIN
  o_total := 0;
  l_cur := fn_unpaid_charges(p_reg_id);
  LOOP
    FETCH l_cur INTO l_id, l_amount;
    EXIT WHEN l_cur%NOTFOUND;
    o_total := o_total + l_amount;
  END LOOP;
  CLOSE l_cur;
END sp_unpaid_total;
/
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn kingbase_pg_mode_uses_the_same_table() {
        let sql = "CREATE TABLE t (a NUMBER(10,2), b DATE);\n";
        let kb = Options::new(Source::Oracle, Target::Kingbase).with_target_mode(Some("pg".into()));
        let hg = crate::translate(sql, &highgo()).sql;
        assert_eq!(crate::translate(sql, &kb).sql, hg);
        assert!(
            hg.contains("NUMERIC(10,2)") && hg.contains("TIMESTAMP(0)"),
            "{hg}"
        );
        // Kingbase in Oracle mode keeps Oracle's types.
        let oracle_mode = Options::new(Source::Oracle, Target::Kingbase);
        assert_eq!(crate::translate(sql, &oracle_mode).sql, sql);
    }

    #[test]
    fn project_mappings_win_and_apply_once() {
        let mappings = Mappings {
            functions: vec![],
            types: vec![TypeMapping {
                from: "NUMBER".into(),
                to: "DECIMAL".into(),
                unconstrained: None,
                switch: None,
                reason: "项目约定：金额用 DECIMAL".into(),
                source: "sqlport.toml".into(),
            }],
        };
        let options = highgo().with_mappings(mappings);
        insta::assert_snapshot!(translated(
            "CREATE TABLE t (fee NUMBER(10,2), cnt NUMBER, at_ DATE);\n",
            &options
        ));
    }

    #[test]
    fn from_postgresql_the_project_types_still_go_through_type_map() {
        // Postgres → HighGo runs no oracle_to_pg pass: type-map applies the
        // project's mappings as text edits, and the catalog table is unused.
        let mappings = Mappings {
            functions: vec![],
            types: vec![TypeMapping {
                from: "money".into(),
                to: "numeric(14,2)".into(),
                unconstrained: None,
                switch: None,
                reason: "金额统一为 numeric".into(),
                source: "sqlport.toml".into(),
            }],
        };
        let options = Options::new(Source::Postgres, Target::Highgo).with_mappings(mappings);
        let out = crate::translate("CREATE TABLE op_fee (fee money, d date);\n", &options);
        assert_eq!(
            out.sql,
            "CREATE TABLE op_fee (fee numeric(14,2), d date);\n"
        );
    }

    #[test]
    fn a_translation_translated_again_is_unchanged() {
        let sql =
            "CREATE TABLE t (a NUMBER(10,2), b DATE, c CLOB, d TIMESTAMP(3), e VARCHAR2(10));\n";
        let once = crate::translate(sql, &highgo()).sql;
        let twice = crate::translate(&once, &highgo()).sql;
        assert_eq!(once, twice);
    }
}
