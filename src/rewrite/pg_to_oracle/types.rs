//! `types`: PostgreSQL types become the types an Oracle-style target
//! (Dameng DM8) holds the same values in.
//!
//! **What it does.** Maps every type written in a unit — table columns,
//! `ALTER TABLE … ADD`, `CAST(… AS t)`, PL variables, parameters, return
//! types, record fields — through `grammar/pg_to_oracle.toml` (each entry
//! with its source): `bytea` → `BLOB`, `timestamptz` → `TIMESTAMP WITH TIME
//! ZONE`, `uuid` → `VARCHAR(36)`, `json`/`jsonb` → `CLOB`, `serial` → `INT
//! IDENTITY(1, 1)`, `bigserial` → `BIGINT IDENTITY(1, 1)`, bare `numeric` →
//! `NUMBER`, `int4`/`int8`/`float8` → `INT`/`BIGINT`/`DOUBLE PRECISION`.
//! Arrays, range types, `tsvector`, network types are kept and flagged.
//! PostgreSQL's `date` stays `DATE`: both hold a date only.
//!
//! **Why.** DM8 has none of PostgreSQL's own type names (dameng.md, Types);
//! its identity columns are `INT|BIGINT IDENTITY(seed, step)`.
//!
//! **Example.**
//! ```sql
//! CREATE TABLE lab_result (result_id bigserial PRIMARY KEY, payload jsonb, signed_at timestamptz);
//! CREATE TABLE lab_result (result_id BIGINT IDENTITY(1, 1) PRIMARY KEY, payload CLOB, signed_at TIMESTAMP WITH TIME ZONE);
//! ```
//!
//! **Findings.** `SP0488` (info) once per unit, listing the types mapped;
//! `SP0397` (warning) an identity column (explicit values need `SET
//! IDENTITY_INSERT … ON` on DM);
//! `SP0217` (error) a type with no DM equivalent, at the unit.

use sqlparser::ast::{AlterTableOperation, DataType, Expr, Ident, ObjectName, Statement};

use crate::ast::procedural::{TypeRef, TypeRefKind};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script};
use crate::catalog::pg_to_oracle;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::{expressions_mut, statements_mut};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Types;

impl Pass for Types {
    fn name(&self) -> &'static str {
        "types"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            if !matches!(unit.content, Content::Sql(_) | Content::Program(_)) {
                continue;
            }
            let mut m = Mapper::default();
            statements_mut(unit, &mut |s| statement_types(s, &mut m));
            expressions_mut(unit, &mut |e| match e {
                Expr::Cast { data_type, .. } => m.map_in_place(data_type),
                _ => false,
            });
            if let Content::Program(program) = &mut unit.content {
                let mut v = TypeRefs {
                    mapper: &mut m,
                    changed: false,
                };
                walk_program(&mut v, program);
                unit.rewritten |= v.changed;
            }
            if !m.mapped.is_empty() {
                cx.findings.push(Finding::new(
                    Code::SP0488,
                    unit.body,
                    format!("PostgreSQL types mapped: {}", m.mapped.join(", ")),
                ));
            }
            if m.identity {
                cx.findings.push(Finding::new(
                    Code::SP0397,
                    unit.body,
                    "an identity column: DM rejects explicit values for it unless SET IDENTITY_INSERT table ON is in force (PostgreSQL serial and BY DEFAULT identity accepted them)",
                ));
            }
            for (name, why) in m.unsupported {
                cx.findings.push(Finding::new(
                    Code::SP0217,
                    first_word(cx, unit.body, &name).unwrap_or(unit.body),
                    format!("{name} has no DM8 type: {why}"),
                ));
            }
        }
    }
}

/// The DM8 type for a PostgreSQL type, as text (the type as written when
/// it does not change); `None` when DM8 has none.
pub(super) fn dm_type_text(ty: &DataType) -> Option<String> {
    let mut m = Mapper::default();
    let mapped = m.map(ty);
    if !m.unsupported.is_empty() {
        return None;
    }
    Some(mapped.map_or_else(|| ty.to_string(), |t| t.to_string()))
}

#[derive(Default)]
struct Mapper {
    mapped: Vec<String>,
    /// Whether an identity column was made (`serial`, `GENERATED … AS IDENTITY`).
    identity: bool,
    unsupported: Vec<(String, String)>,
}

impl Mapper {
    fn map_in_place(&mut self, ty: &mut DataType) -> bool {
        match self.map(ty) {
            Some(new) => {
                *ty = new;
                true
            }
            None => false,
        }
    }

    /// The target type for `ty`, if it changes.
    fn map(&mut self, ty: &DataType) -> Option<DataType> {
        if let DataType::Array(_) = ty {
            self.unsupported(
                "ARRAY".to_string(),
                "arrays: use a child table, or a delimited VARCHAR".to_string(),
            );
            return None;
        }
        let printed = ty.to_string();
        let (base, args) = match printed.find('(') {
            Some(i) => (
                printed[..i].trim().to_ascii_uppercase(),
                Some(&printed[i..]),
            ),
            None => (printed.trim().to_ascii_uppercase(), None),
        };
        let entry = pg_to_oracle().pg_type(&base)?;
        if let Some(why) = &entry.unsupported {
            self.unsupported(base, why.clone());
            return None;
        }
        if entry.only_bare && args.is_some() {
            return None;
        }
        let to = entry.to.as_deref()?;
        let text = match (entry.keep_args, args) {
            (true, Some(a)) => format!("{to}{a}"),
            _ => to.to_string(),
        };
        if text == printed {
            return None;
        }
        if !self
            .mapped
            .iter()
            .any(|m| m.starts_with(&format!("{base} →")))
        {
            self.mapped.push(format!("{base} → {text}"));
        }
        Some(DataType::Custom(
            ObjectName::from(vec![Ident::new(text)]),
            Vec::new(),
        ))
    }

    fn unsupported(&mut self, name: String, why: String) {
        if !self.unsupported.iter().any(|(n, _)| *n == name) {
            self.unsupported.push((name, why));
        }
    }
}

/// Maps the column types of `s`; whether any changed.
fn statement_types(s: &mut Statement, m: &mut Mapper) -> bool {
    let mut changed = false;
    match s {
        Statement::CreateTable(t) => {
            for c in &mut t.columns {
                changed |= identity_column(c, m);
                changed |= m.map_in_place(&mut c.data_type);
            }
        }
        Statement::AlterTable(t) => {
            for op in &mut t.operations {
                if let AlterTableOperation::AddColumn { column_def, .. } = op {
                    changed |= m.map_in_place(&mut column_def.data_type);
                }
            }
        }
        _ => {}
    }
    changed
}

/// `GENERATED … AS IDENTITY [(START WITH s INCREMENT BY i)]` → the type
/// `INT|BIGINT IDENTITY(s, i)`.
fn identity_column(c: &mut sqlparser::ast::ColumnDef, m: &mut Mapper) -> bool {
    use sqlparser::ast::{ColumnOption, SequenceOptions};
    let Some(at) = c.options.iter().position(|o| {
        matches!(
            &o.option,
            ColumnOption::Generated {
                generation_expr: None,
                ..
            }
        )
    }) else {
        return false;
    };
    let (mut start, mut step) = ("1".to_string(), "1".to_string());
    if let ColumnOption::Generated {
        sequence_options: Some(options),
        ..
    } = &c.options[at].option
    {
        for o in options {
            match o {
                SequenceOptions::StartWith(e, _) => start = e.to_string(),
                SequenceOptions::IncrementBy(e, _) => step = e.to_string(),
                _ => {}
            }
        }
    }
    let base = match c.data_type.to_string().to_ascii_uppercase().as_str() {
        "BIGINT" | "INT8" => "BIGINT",
        _ => "INT",
    };
    c.options.remove(at);
    let text = format!("{base} IDENTITY({start}, {step})");
    m.mapped.push(format!("GENERATED AS IDENTITY → {text}"));
    m.identity = true;
    c.data_type = DataType::Custom(ObjectName::from(vec![Ident::new(text)]), Vec::new());
    true
}

struct TypeRefs<'m> {
    mapper: &'m mut Mapper,
    changed: bool,
}

impl VisitMut for TypeRefs<'_> {
    fn type_ref(&mut self, ty: &mut TypeRef) {
        let new = match &ty.kind {
            TypeRefKind::Data(d) => self.mapper.map(d),
            TypeRefKind::Named(n) => {
                let d = DataType::Custom(
                    ObjectName::from(vec![Ident::new(n.text.clone())]),
                    Vec::new(),
                );
                self.mapper.map(&d)
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

/// Where the word `name` (any case) first occurs in `within`.
fn first_word(cx: &Context<'_>, within: Span, name: &str) -> Option<Span> {
    let text = cx.file.slice(within).to_ascii_uppercase();
    let at = text.find(&name.to_ascii_uppercase())?;
    Some(Span::new(within.start + at, within.start + at + name.len()))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn postgresql_types_become_dameng_types() {
        insta::assert_snapshot!(translated(
            "CREATE TABLE lab_item (item_id integer GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 1) PRIMARY KEY, item_code varchar(20));\nCREATE TABLE lab_result (\n    result_id   bigserial PRIMARY KEY,\n    sample_no   varchar(30) NOT NULL,\n    payload     jsonb,\n    image       bytea,\n    value_num   numeric,\n    fee         numeric(12,2),\n    verified    boolean NOT NULL DEFAULT false,\n    signed_at   timestamptz,\n    collected_on date,\n    tags        text[],\n    valid_during daterange\n);\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
