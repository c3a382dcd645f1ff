//! The collection types a script declares (`CREATE TYPE t AS TABLE OF x`,
//! `TYPE t IS TABLE OF x [INDEX BY k]` / `VARRAY(n) OF x` in packages), so
//! that the passes turning collections into PostgreSQL arrays and pipelined
//! functions into set-returning ones know what a type name stands for.

use std::collections::{HashMap, HashSet};

use crate::ast::procedural::Name;
use crate::ast::procedural::{
    Declaration, ProgramUnit, TypeDefinition, TypeRef, TypeRefKind, TypeSpecKind,
};
use crate::ast::{Content, Script, Unit};
use crate::source::Span;

/// What a collection type holds.
#[derive(Debug, Clone)]
pub(super) struct Collection {
    /// The element type, as declared.
    pub elem: TypeRef,
    /// The element type as SQL names it (`tbl` for `tbl%ROWTYPE`, `pkg.r`
    /// for a record type of the package), when known without the catalog.
    pub elem_sql: Option<String>,
}

/// Collection types by upper-cased name: standalone ones by their name,
/// package ones by `PKG.T` (and by `T` for code inside the package, see
/// [`CollectionTypes::lookup`]).
#[derive(Debug, Default)]
pub(super) struct CollectionTypes {
    by_name: HashMap<String, Collection>,
    /// Object types with neither methods nor supertype (upper-cased): their
    /// constructor is a row of their attributes.
    rows: HashSet<String>,
}

impl CollectionTypes {
    /// Collects the collection types of `script` and of the context scripts.
    pub fn of(script: &Script, context: &[Script]) -> Self {
        let mut types = CollectionTypes::default();
        // The first declaration of a name wins (see `add`): the script's own
        // last one (a later CREATE OR REPLACE replaces an earlier), then the
        // context's, which only fill in what the script does not declare.
        let own: Vec<&Unit> = script.units().collect();
        for unit in own
            .into_iter()
            .rev()
            .chain(context.iter().flat_map(Script::units))
        {
            let Content::Program(program) = &unit.content else {
                continue;
            };
            match &program.unit {
                ProgramUnit::Type(t) => match &t.kind {
                    TypeSpecKind::Collection(def) => types.add(&t.name.text, def, None),
                    TypeSpecKind::Object {
                        under: None,
                        methods,
                        ..
                    } if methods.is_empty() => {
                        types.rows.insert(t.name.text.to_ascii_uppercase());
                    }
                    TypeSpecKind::Object { .. } => {}
                },
                ProgramUnit::Package(p) => {
                    let records: HashSet<String> = p
                        .declarations
                        .iter()
                        .filter_map(|d| match d {
                            Declaration::Type {
                                name,
                                definition: TypeDefinition::Record(_),
                                ..
                            } => Some(name.text.to_ascii_uppercase()),
                            _ => None,
                        })
                        .collect();
                    for d in &p.declarations {
                        if let Declaration::Type {
                            name, definition, ..
                        } = d
                        {
                            types.add(
                                &format!("{}.{}", p.name.text, name.text),
                                definition,
                                Some((&p.name.text, &records)),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        types
    }

    /// Adds `def` as `name`, if it is a collection; `package` is the package
    /// declaring it, with the names of its record types.
    pub fn add(
        &mut self,
        name: &str,
        def: &TypeDefinition,
        package: Option<(&str, &HashSet<String>)>,
    ) {
        let collection = match def {
            // A map keyed by strings is no array (SP0253): not a collection here.
            TypeDefinition::Table {
                index_by: Some(key),
                ..
            } if !key.is_integer_key() => return,
            TypeDefinition::Table { of, .. } | TypeDefinition::Varray { of, .. } => Collection {
                elem: detached(of),
                elem_sql: elem_sql(of, package),
            },
            _ => return,
        };
        // The first declaration wins: the script's own (read first, its
        // element types already PostgreSQL's) over a context script's
        // (Oracle's types, as written).
        self.by_name
            .entry(name.to_ascii_uppercase())
            .or_insert(collection);
    }

    /// The name of the collection type `name` as PostgreSQL knows it, seen
    /// from code in `package`: `pkg.t` for a type of that package.
    pub fn qualified(&self, name: &str, package: Option<&str>) -> Option<String> {
        let upper = name.to_ascii_uppercase();
        if let Some(p) = package
            && !name.contains('.')
            && self
                .by_name
                .contains_key(&format!("{}.{upper}", p.to_ascii_uppercase()))
        {
            return Some(format!("{p}.{name}"));
        }
        self.by_name.contains_key(&upper).then(|| name.to_string())
    }

    /// Whether `name` is an object type whose constructor is a plain row.
    pub fn is_row(&self, name: &str) -> bool {
        self.rows.contains(&name.to_ascii_uppercase())
    }

    /// The collection `name` stands for, seen from code in `package` (whose
    /// own types it may name without the package).
    pub fn lookup(&self, name: &str, package: Option<&str>) -> Option<&Collection> {
        let upper = name.to_ascii_uppercase();
        package
            .and_then(|p| {
                self.by_name
                    .get(&format!("{}.{upper}", p.to_ascii_uppercase()))
            })
            .or_else(|| self.by_name.get(&upper))
    }
}

/// The element type as SQL names it, when known without the catalog.
fn elem_sql(of: &TypeRef, package: Option<(&str, &HashSet<String>)>) -> Option<String> {
    match &of.kind {
        TypeRefKind::RowTypeOf(n) => Some(n.text.clone()),
        TypeRefKind::Data(sqlparser::ast::DataType::Custom(name, m)) if m.is_empty() => {
            Some(qualify(&name.to_string(), package))
        }
        TypeRefKind::Data(d) => Some(d.to_string()),
        TypeRefKind::Named(n) => Some(qualify(&n.text, package)),
        _ => None,
    }
}

fn qualify(name: &str, package: Option<(&str, &HashSet<String>)>) -> String {
    match package {
        Some((p, records))
            if !name.contains('.') && records.contains(&name.to_ascii_uppercase()) =>
        {
            format!("{p}.{name}")
        }
        _ => name.to_string(),
    }
}

/// `t` for use outside its unit (the type may come from another file): no
/// source spans, so that it prints from its AST; a table's row type
/// (`tbl%ROWTYPE`) by the table's name, which SQL knows as a type.
fn detached(t: &TypeRef) -> TypeRef {
    let kind = match &t.kind {
        TypeRefKind::RowTypeOf(n) | TypeRefKind::Named(n) => TypeRefKind::Named(Name {
            text: n.text.clone(),
            span: Span::default(),
        }),
        TypeRefKind::TypeOf(n) => TypeRefKind::TypeOf(Name {
            text: n.text.clone(),
            span: Span::default(),
        }),
        other => other.clone(),
    };
    TypeRef {
        span: Span::default(),
        kind,
    }
}
