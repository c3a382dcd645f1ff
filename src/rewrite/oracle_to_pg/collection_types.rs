//! The collection types a script declares (`CREATE TYPE t AS TABLE OF x`,
//! `TYPE t IS TABLE OF x [INDEX BY k]` / `VARRAY(n) OF x` in packages), so
//! that the passes turning collections into PostgreSQL arrays and pipelined
//! functions into set-returning ones know what a type name stands for.

use std::collections::HashMap;

use crate::ast::procedural::{Declaration, ProgramUnit, TypeDefinition, TypeRef, TypeSpecKind};
use crate::ast::{Content, Script};

/// What a collection type holds.
#[derive(Debug, Clone)]
pub(super) struct Collection {
    /// The element type, as declared.
    pub elem: TypeRef,
}

/// Collection types by upper-cased name: standalone ones by their name,
/// package ones by `PKG.T` (and by `T` for code inside the package, see
/// [`CollectionTypes::lookup`]).
#[derive(Debug, Default)]
pub(super) struct CollectionTypes {
    by_name: HashMap<String, Collection>,
}

impl CollectionTypes {
    /// Collects the collection types of `script`.
    pub fn of(script: &Script) -> Self {
        let mut types = CollectionTypes::default();
        for unit in script.units() {
            let Content::Program(program) = &unit.content else {
                continue;
            };
            match &program.unit {
                ProgramUnit::Type(t) => {
                    if let TypeSpecKind::Collection(def) = &t.kind {
                        types.add(&t.name.text, def);
                    }
                }
                ProgramUnit::Package(p) => {
                    for d in &p.declarations {
                        if let Declaration::Type {
                            name, definition, ..
                        } = d
                        {
                            types.add(&format!("{}.{}", p.name.text, name.text), definition);
                        }
                    }
                }
                _ => {}
            }
        }
        types
    }

    /// Adds `def` as `name`, if it is a collection.
    pub fn add(&mut self, name: &str, def: &TypeDefinition) {
        let collection = match def {
            TypeDefinition::Table { of, .. } | TypeDefinition::Varray { of, .. } => {
                Collection { elem: of.clone() }
            }
            _ => return,
        };
        self.by_name.insert(name.to_ascii_uppercase(), collection);
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

/// Whether an `INDEX BY` key is an integer type.
pub(super) fn is_integer_key(key: &TypeRef) -> bool {
    key.is_integer_key()
}
