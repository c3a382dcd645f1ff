//! What the script says about its tables' keys: the primary keys and unique
//! constraints of `CREATE TABLE` and `ALTER TABLE … ADD CONSTRAINT`, and the
//! plain-column `CREATE UNIQUE INDEX`es. Passes that need a table's keys
//! (the `MERGE` rewrite, for `ON CONFLICT`) ask [`Keys`].

use std::collections::{BTreeMap, BTreeSet};

use sqlparser::ast::{
    AlterTableOperation, ColumnOption, Expr, IndexColumn, ObjectName, ObjectNamePart, Statement,
    TableConstraint,
};

use crate::ast::{Content, Script};

use crate::rewrite::oracle_to_pg::sql_walk::fold;

/// The keys of every table the script creates, by table name (its last
/// part, compared as Oracle does: unquoted names case-insensitively).
#[derive(Debug, Default)]
pub(in crate::rewrite) struct Keys {
    tables: BTreeMap<String, Vec<BTreeSet<String>>>,
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
        table_name(table)
            .and_then(|t| self.tables.get(&t))
            .is_some_and(|keys| keys.iter().any(|k| k == columns))
    }

    fn add(&mut self, table: &ObjectName, columns: &[IndexColumn]) {
        let columns: Option<BTreeSet<String>> = columns
            .iter()
            .map(|c| match &c.column.expr {
                Expr::Identifier(id) => Some(fold(id)),
                _ => None,
            })
            .collect();
        if let (Some(t), Some(columns)) = (table_name(table), columns)
            && !columns.is_empty()
        {
            self.tables.entry(t).or_default().push(columns);
        }
    }

    fn constraint(&mut self, table: &ObjectName, c: &TableConstraint) {
        match c {
            TableConstraint::PrimaryKey(pk) => self.add(table, &pk.columns),
            TableConstraint::Unique(u) => self.add(table, &u.columns),
            _ => {}
        }
    }

    fn read(&mut self, statement: &Statement) {
        match statement {
            Statement::CreateTable(t) => {
                for column in &t.columns {
                    let single = column.options.iter().any(|o| {
                        matches!(
                            o.option,
                            ColumnOption::PrimaryKey(_) | ColumnOption::Unique(_)
                        )
                    });
                    if single {
                        self.add(&t.name, &[IndexColumn::from(column.name.clone())]);
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
                self.add(&i.table_name, &i.columns);
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
