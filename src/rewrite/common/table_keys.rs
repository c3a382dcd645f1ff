//! What the script says about its tables' keys: the primary keys and unique
//! constraints of `CREATE TABLE` and `ALTER TABLE … ADD CONSTRAINT`, and the
//! plain-column `CREATE UNIQUE INDEX`es. Passes that need a table's keys
//! (the `MERGE` rewrite, for `ON CONFLICT`) ask [`Keys`]; `ON CONFLICT ON
//! CONSTRAINT name` finds a constraint's columns by its name, the one written
//! or the one PostgreSQL gives an unnamed constraint (`t_pkey`,
//! `t_c1_c2_key`).

use sqlparser::ast::{
    AlterTableOperation, ColumnOption, Expr, Ident, IndexColumn, ObjectName, ObjectNamePart,
    Statement, TableConstraint,
};
use std::collections::BTreeSet;

use crate::ast::{Content, Script};

use crate::rewrite::oracle_to_pg::sql_walk::fold;

/// The keys of every table the script creates (names compared folded:
/// unquoted names case-insensitively).
#[derive(Debug, Default)]
pub(in crate::rewrite) struct Keys {
    keys: Vec<Key>,
}

/// One key: its table (last name part, folded), its constraint name (folded;
/// `None` for a unique index) and its columns as written.
#[derive(Debug)]
struct Key {
    table: String,
    constraint: Option<String>,
    columns: Vec<Ident>,
}

impl Keys {
    /// Reads the keys declared anywhere in `script`.
    pub(in crate::rewrite) fn of(script: &Script) -> Keys {
        let mut keys = Keys::default();
        for unit in script.units() {
            if let Content::Sql(statements) = &unit.content {
                for s in statements {
                    keys.read(s);
                }
            }
        }
        keys
    }

    /// Whether `columns` (folded names) are exactly a primary key or unique
    /// key of `table`.
    pub(in crate::rewrite) fn is_key(
        &self,
        table: &ObjectName,
        columns: &BTreeSet<String>,
    ) -> bool {
        table_name(table).is_some_and(|t| {
            self.keys.iter().any(|k| {
                k.table == t && k.columns.iter().map(fold).collect::<BTreeSet<_>>() == *columns
            })
        })
    }

    /// The columns of the constraint `name` of `table`; `None` when the
    /// script creates no such constraint, or two of that name.
    pub(in crate::rewrite) fn constraint_columns(
        &self,
        table: &ObjectName,
        name: &ObjectName,
    ) -> Option<Vec<Ident>> {
        let table = table_name(table)?;
        let name = table_name(name)?;
        let mut found = self
            .keys
            .iter()
            .filter(|k| k.table == table && k.constraint.as_ref() == Some(&name));
        let key = found.next()?;
        // Two constraints of one name (two scripts' tables): not resolved.
        found.next().is_none().then(|| key.columns.clone())
    }

    /// Adds a key whose columns are all plain names; `constraint` is the
    /// constraint's name for a constraint (`Some(None)`: unnamed).
    fn add(
        &mut self,
        table: &ObjectName,
        constraint: Option<(Option<&Ident>, bool)>,
        columns: &[IndexColumn],
    ) {
        let columns: Option<Vec<Ident>> = columns
            .iter()
            .map(|c| match &c.column.expr {
                Expr::Identifier(id) => Some(id.clone()),
                _ => None,
            })
            .collect();
        let (Some(table), Some(columns)) = (table_name(table), columns) else {
            return;
        };
        if columns.is_empty() {
            return;
        }
        let constraint = constraint.map(|(name, primary)| match name {
            Some(n) => fold(n),
            None if primary => format!("{table}_pkey"),
            None => {
                let cols: Vec<String> = columns.iter().map(fold).collect();
                format!("{table}_{}_key", cols.join("_"))
            }
        });
        self.keys.push(Key {
            table,
            constraint,
            columns,
        });
    }

    fn constraint(&mut self, table: &ObjectName, c: &TableConstraint) {
        match c {
            TableConstraint::PrimaryKey(pk) => {
                self.add(table, Some((pk.name.as_ref(), true)), &pk.columns)
            }
            TableConstraint::Unique(u) => {
                self.add(table, Some((u.name.as_ref(), false)), &u.columns)
            }
            _ => {}
        }
    }

    fn read(&mut self, statement: &Statement) {
        match statement {
            Statement::CreateTable(t) => {
                for column in &t.columns {
                    for o in &column.options {
                        let (primary, own_name) = match &o.option {
                            ColumnOption::PrimaryKey(pk) => (true, pk.name.as_ref()),
                            ColumnOption::Unique(u) => (false, u.name.as_ref()),
                            _ => continue,
                        };
                        let name = o.name.as_ref().or(own_name);
                        self.add(
                            &t.name,
                            Some((name, primary)),
                            &[IndexColumn::from(column.name.clone())],
                        );
                    }
                }
                for c in &t.constraints {
                    self.constraint(&t.name, c);
                }
            }
            Statement::AlterTable(a) => {
                for op in &a.operations {
                    if let AlterTableOperation::AddConstraint { constraint, .. } = op {
                        self.constraint(&a.name, constraint);
                    }
                }
            }
            Statement::CreateIndex(i) if i.unique && i.predicate.is_none() => {
                self.add(&i.table_name, None, &i.columns);
            }
            _ => {}
        }
    }
}

fn table_name(name: &ObjectName) -> Option<String> {
    match name.0.last()? {
        ObjectNamePart::Identifier(id) => Some(fold(id)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_tables_constraints_and_unique_indexes() {
        let sql = "CREATE TABLE his_fee_item (item_id NUMBER(10) PRIMARY KEY, item_code VARCHAR2(20) NOT NULL, hosp VARCHAR2(10));
CREATE TABLE nur_shift_stat (ward_code VARCHAR2(10), stat_date DATE, shift_no NUMBER(1), CONSTRAINT pk_nss PRIMARY KEY (ward_code, stat_date, shift_no));
ALTER TABLE his_fee_item ADD CONSTRAINT uk_fee_code UNIQUE (item_code);
CREATE UNIQUE INDEX ux_fee_hosp ON his_fee_item (hosp, item_code);
CREATE UNIQUE INDEX ux_fee_upper ON his_fee_item (UPPER(item_code));
";
        let file = crate::source::SourceFile::new(sql);
        let script = crate::parse::parse_script(&file, crate::Source::Oracle).script;
        let keys = Keys::of(&script);
        let set = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let name = |n: &str| {
            ObjectName(vec![ObjectNamePart::Identifier(
                sqlparser::ast::Ident::new(n),
            )])
        };
        assert!(keys.is_key(&name("HIS_FEE_ITEM"), &set(&["item_id"])));
        assert!(keys.is_key(&name("his_fee_item"), &set(&["item_code"])));
        assert!(keys.is_key(&name("his_fee_item"), &set(&["item_code", "hosp"])));
        assert!(!keys.is_key(&name("his_fee_item"), &set(&["hosp"])));
        assert!(keys.is_key(
            &name("nur_shift_stat"),
            &set(&["shift_no", "ward_code", "stat_date"])
        ));
        assert!(!keys.is_key(&name("nur_shift_stat"), &set(&["ward_code"])));
    }
}
