//! `pg-nulls-not-distinct`: `UNIQUE NULLS NOT DISTINCT` before PostgreSQL 15.
//!
//! **What it does.** Removes `NULLS NOT DISTINCT` from a unique constraint
//! (of `CREATE TABLE`, column or table constraint, or `ALTER TABLE … ADD`)
//! or a `CREATE UNIQUE INDEX`, which keeps rejecting duplicates without
//! NULLs, and adds after the statement one partial unique index per
//! pattern of NULLs over the key's nullable columns: unique on the columns
//! that are not NULL, `WHERE` the others are NULL and these are not. The
//! pattern where every nullable column is NULL is unique on the NOT NULL
//! columns, or on the constant `(true)` when there are none (at most one
//! such row). Columns declared `NOT NULL` or `PRIMARY KEY` in the script's
//! `CREATE TABLE` of that table need no pattern; with none left nullable
//! only the words go. `UNIQUE NULLS DISTINCT` (the default, also 15
//! syntax) loses its two words.
//!
//! **Why.** The option arrives in PostgreSQL 15; before, two rows whose key
//! has a NULL never conflict. Each row with NULLs in the key falls into
//! exactly one pattern index, where two rows conflict exactly when 15's
//! constraint would reject them (same NULL positions, equal other values),
//! so the same rows are accepted and rejected.
//!
//! **Example** (kernel 14):
//!
//! ```sql
//! CREATE TABLE bed (ward_code text NOT NULL, room_no text, bed_no text,
//!   CONSTRAINT uq_bed UNIQUE NULLS NOT DISTINCT (ward_code, room_no));
//! -- becomes
//! CREATE TABLE bed (ward_code text NOT NULL, room_no text, bed_no text,
//!   CONSTRAINT uq_bed UNIQUE (ward_code, room_no));
//! CREATE UNIQUE INDEX uq_bed_nulls1 ON bed (ward_code) WHERE room_no IS NULL;
//! ```
//!
//! **Findings.** `SP0276` (warning) at each rewrite: the constraint becomes
//! a constraint and indexes — `ON CONFLICT (cols)` still infers the plain
//! constraint only, so a conflict of rows with NULLs raises a unique
//! violation instead of taking the `DO` action; `DROP CONSTRAINT` leaves the
//! indexes; the error names an index. `SP0245` (error) where it is kept:
//! more than [`MAX_NULLABLE`] nullable columns (2^k − 1 indexes), a
//! partitioned table (its unique indexes must hold the partition columns), a key or table that cannot be read (expressions, a
//! routine body). With `IF NOT EXISTS` the indexes are created `IF NOT
//! EXISTS` too.

use super::{Context, Pass, Tok, between, closing, edit, missing, unit_tokens, unsupported};
use crate::report::{Code, Finding};
use crate::source::{LexemeKind, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct NullsNotDistinct;

/// The most nullable key columns rewritten (2^3 − 1 = 7 indexes).
pub const MAX_NULLABLE: usize = 3;

const FEATURE: &str = "unique_nulls_not_distinct";

impl Pass for NullsNotDistinct {
    fn name(&self) -> &'static str {
        "pg-nulls-not-distinct"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, FEATURE) {
            return;
        }
        let text = cx.file.text();
        // The CREATE TABLE statements of the script, for NOT NULL columns.
        let tables: Vec<Vec<Tok<'_>>> = script
            .units()
            .map(|u| unit_tokens(text, u))
            .filter(|t| create_table_name(t).is_some())
            .collect();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            let end = Span::empty(unit.body.end);
            let mut appended = Vec::new();
            for i in 0..toks.len() {
                if i == 0 || !toks[i].is("NULLS") {
                    continue;
                }
                let not = toks.get(i + 1).is_some_and(|t| t.is("NOT"));
                let d = if not { i + 2 } else { i + 1 };
                if !toks.get(d).is_some_and(|t| t.is("DISTINCT")) {
                    continue;
                }
                let words = between(&toks, i, d);
                // `NULLS NOT DISTINCT` goes with the space before it.
                let gone = Span::new(toks[i - 1].span.end, toks[d].span.end);
                if !not {
                    if edit(unit, gone, "") {
                        super::downgraded(
                            cx,
                            words,
                            FEATURE,
                            "NULLS DISTINCT is the default and was removed",
                        );
                    }
                    continue;
                }
                match plan(&toks, i, &tables, text) {
                    Ok(key) => {
                        if !edit(unit, gone, "") {
                            continue;
                        }
                        let indexes = key.indexes();
                        let how = if indexes.is_empty() {
                            "removed: every column of the key is NOT NULL".to_string()
                        } else {
                            format!(
                                "became a plain unique {} and {} partial unique {}, one per pattern of NULLs in {}; ON CONFLICT ({}) infers only the plain one (a conflict of rows with NULLs raises unique_violation instead of the DO action), DROP {} leaves the added indexes, and the error names the index that rejects the row",
                                if key.index { "index" } else { "constraint" },
                                indexes.len(),
                                if indexes.len() == 1 {
                                    "index"
                                } else {
                                    "indexes"
                                },
                                key.nullable.join(", "),
                                key.columns.join(", "),
                                if key.index { "INDEX" } else { "CONSTRAINT" },
                            )
                        };
                        let kernel = super::kernel(cx);
                        cx.findings.push(Finding::new(
                            Code::SP0276,
                            words,
                            format!(
                                "{} is not in PostgreSQL {kernel}: {how}",
                                super::feature(FEATURE)
                            ),
                        ));
                        appended.extend(indexes);
                    }
                    Err(why) => unsupported(cx, words, FEATURE, &why),
                }
            }
            if !appended.is_empty() {
                let sql: String = appended.iter().map(|s| format!(";\n{s}")).collect();
                edit(unit, end, sql);
            }
        }
    }
}

/// A key to make NULL-safe.
struct Key {
    /// The table as written (maybe schema-qualified).
    table: String,
    /// The base of the index names.
    base: String,
    /// The key's columns, in order.
    columns: Vec<String>,
    /// The ones that may be NULL.
    nullable: Vec<String>,
    /// The index's own predicate (`CREATE UNIQUE INDEX … WHERE`).
    predicate: Option<String>,
    /// Whether it is a `CREATE UNIQUE INDEX` (else a constraint).
    index: bool,
    /// Whether the statement says `IF NOT EXISTS` (a script run twice).
    if_not_exists: bool,
}

impl Key {
    /// One `CREATE UNIQUE INDEX` per non-empty set of NULL columns.
    fn indexes(&self) -> Vec<String> {
        let k = self.nullable.len();
        (1..(1usize << k))
            .map(|mask| {
                let null = |c: &String| {
                    self.nullable
                        .iter()
                        .position(|n| n == c)
                        .is_some_and(|p| mask & (1 << p) != 0)
                };
                let on: Vec<&str> = self
                    .columns
                    .iter()
                    .filter(|c| !null(c))
                    .map(String::as_str)
                    .collect();
                let on = if on.is_empty() {
                    "(true)".to_string()
                } else {
                    on.join(", ")
                };
                let mut cond: Vec<String> = self
                    .nullable
                    .iter()
                    .map(|c| format!("{c} IS {}NULL", if null(c) { "" } else { "NOT " }))
                    .collect();
                if let Some(p) = &self.predicate {
                    cond.push(format!("({p})"));
                }
                format!(
                    "CREATE UNIQUE INDEX {}{}_nulls{mask} ON {} ({on}) WHERE {}",
                    if self.if_not_exists {
                        "IF NOT EXISTS "
                    } else {
                        ""
                    },
                    self.base,
                    self.table,
                    cond.join(" AND ")
                )
            })
            .collect()
    }
}

/// The qualified name starting at `k`: its text and the index after it.
fn qualified<'a>(toks: &[Tok<'a>], mut k: usize, text: &'a str) -> Option<(&'a str, usize)> {
    let start = k;
    if toks.get(k)?.kind != LexemeKind::Word {
        return None;
    }
    while toks.get(k + 1).is_some_and(|t| t.punct('.')) {
        toks.get(k + 2).filter(|t| t.kind == LexemeKind::Word)?;
        k += 2;
    }
    Some((between(toks, start, k).slice(text), k + 1))
}

/// The last part of a qualified name, unquoted, lower case.
fn simple(name: &str) -> String {
    name.rsplit('.')
        .next()
        .unwrap_or(name)
        .trim_matches('"')
        .to_lowercase()
}

/// The index after `words` if the tokens from `k` are those words.
fn skip(toks: &[Tok<'_>], k: usize, words: &[&str]) -> usize {
    if words
        .iter()
        .enumerate()
        .all(|(n, w)| toks.get(k + n).is_some_and(|t| t.is(w)))
    {
        k + words.len()
    } else {
        k
    }
}

/// `CREATE [TEMP…] TABLE [IF NOT EXISTS] name (`: the name's last part and
/// the index of the `(`.
fn create_table_name(toks: &[Tok<'_>]) -> Option<(String, usize)> {
    if !toks.first()?.is("CREATE") {
        return None;
    }
    let mut k = 1;
    while toks.get(k).is_some_and(|t| {
        ["TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL"]
            .iter()
            .any(|w| t.is(w))
    }) {
        k += 1;
    }
    if !toks.get(k)?.is("TABLE") {
        return None;
    }
    k = skip(toks, k + 1, &["IF", "NOT", "EXISTS"]);
    while toks.get(k + 1).is_some_and(|t| t.punct('.')) {
        k += 2;
    }
    let name = toks.get(k)?;
    toks.get(k + 1).filter(|t| t.punct('('))?;
    Some((simple(name.text), k + 1))
}

/// The elements of the `CREATE TABLE` list opening at `open`: (first, last).
fn elements(toks: &[Tok<'_>], open: usize) -> Vec<(usize, usize)> {
    let Some(close) = closing(toks, open) else {
        return Vec::new();
    };
    let depth = toks[open].depth + 1;
    let mut out = Vec::new();
    let mut start = open + 1;
    let cuts = (open + 1..=close)
        .filter(|&k| k == close || (toks[k].depth == depth && toks[k].punct(',')));
    for k in cuts {
        if k > start {
            out.push((start, k - 1));
        }
        start = k + 1;
    }
    out
}

/// The columns the `CREATE TABLE` in `toks` declares NOT NULL (or PRIMARY
/// KEY), lower case.
fn not_null_columns(toks: &[Tok<'_>]) -> Vec<String> {
    let Some((_, open)) = create_table_name(toks) else {
        return Vec::new();
    };
    let depth = toks[open].depth + 1;
    let mut out = Vec::new();
    for (a, b) in elements(toks, open) {
        let top = |k: usize| toks[k].depth == depth;
        let has =
            |w1: &str, w2: &str| (a..b).any(|k| top(k) && toks[k].is(w1) && toks[k + 1].is(w2));
        let constraint = [
            "CONSTRAINT",
            "PRIMARY",
            "UNIQUE",
            "CHECK",
            "FOREIGN",
            "EXCLUDE",
        ]
        .iter()
        .any(|w| toks[a].is(w));
        if constraint {
            // PRIMARY KEY (a, b): its columns are NOT NULL.
            if let Some(p) = (a..b).find(|&k| top(k) && toks[k].is("PRIMARY"))
                && toks.get(p + 1).is_some_and(|t| t.is("KEY"))
                && toks.get(p + 2).is_some_and(|t| t.punct('('))
                && let Some(c) = closing(toks, p + 2)
            {
                out.extend(
                    toks[p + 3..c]
                        .iter()
                        .filter(|t| t.kind == LexemeKind::Word)
                        .map(|t| simple(t.text)),
                );
            }
        } else if has("NOT", "NULL") || has("PRIMARY", "KEY") {
            out.push(simple(toks[a].text));
        }
    }
    out
}

/// Reads the key whose `NULLS NOT DISTINCT` starts at `i`.
fn plan(toks: &[Tok<'_>], i: usize, tables: &[Vec<Tok<'_>>], text: &str) -> Result<Key, String> {
    if toks[i].body > 0 {
        return Err("inside a routine body it is not rewritten".into());
    }
    let unreadable = || "the statement could not be read".to_string();
    let first = toks.first().ok_or_else(unreadable)?;
    let after = i + 3;
    let words = |a: usize, b: usize| -> Result<Vec<String>, String> {
        let mut cols = Vec::new();
        for (n, t) in toks[a..b].iter().enumerate() {
            match (n % 2, t) {
                (0, t) if t.kind == LexemeKind::Word => cols.push(t.text.to_string()),
                (1, t) if t.punct(',') => {}
                _ => return Err("the key has expressions or options, not only column names".into()),
            }
        }
        if cols.is_empty() {
            return Err(unreadable());
        }
        Ok(cols)
    };
    let (table, columns, base, predicate, own) = if first.is("CREATE")
        && let Some((name, open)) = create_table_name(toks)
    {
        if !toks[i - 1].is("UNIQUE") {
            return Err(unreadable());
        }
        let table = qualified_before(toks, open, text).ok_or_else(unreadable)?;
        // A unique index of a partitioned table must hold every partition
        // column, which the pattern where that column is NULL leaves out.
        if let Some(close) = closing(toks, open)
            && toks[close + 1..]
                .windows(2)
                .any(|w| w[0].is("PARTITION") && w[1].is("BY"))
        {
            return Err("the table is partitioned: a unique index there must contain every partition column, which the indexes for the NULL patterns leave out".into());
        }
        let element = elements(toks, open)
            .into_iter()
            .find(|&(a, b)| a <= i && i <= b)
            .ok_or_else(unreadable)?;
        let constraint_name = (i >= 3 && toks[i - 3].is("CONSTRAINT")).then(|| toks[i - 2].text);
        let columns = if toks.get(after).is_some_and(|t| t.punct('(')) {
            let c = closing(toks, after).ok_or_else(unreadable)?;
            words(after + 1, c)?
        } else {
            vec![toks[element.0].text.to_string()]
        };
        let base = match constraint_name {
            Some(n) => n.to_string(),
            None => format!("{name}_{}", columns.join("_")),
        };
        (table.to_string(), columns, base, None, true)
    } else if first.is("ALTER") && toks.get(1).is_some_and(|t| t.is("TABLE")) {
        let mut k = skip(toks, 2, &["IF", "EXISTS"]);
        k = skip(toks, k, &["ONLY"]);
        let (table, _) = qualified(toks, k, text).ok_or_else(unreadable)?;
        if !toks[i - 1].is("UNIQUE") || !toks.get(after).is_some_and(|t| t.punct('(')) {
            return Err(unreadable());
        }
        let c = closing(toks, after).ok_or_else(unreadable)?;
        let columns = words(after + 1, c)?;
        let base = match toks.get(i.wrapping_sub(3)) {
            Some(t) if t.is("CONSTRAINT") => toks[i - 2].text.to_string(),
            _ => format!("{}_{}", simple(table), columns.join("_")),
        };
        (table.to_string(), columns, base, None, false)
    } else if first.is("CREATE") && toks.get(1).is_some_and(|t| t.is("UNIQUE")) {
        // CREATE UNIQUE INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] t [USING m] (cols) … NULLS NOT DISTINCT [WHERE p]
        let on = (3..i).find(|&k| toks[k].is("ON")).ok_or_else(unreadable)?;
        let index_name = toks
            .get(on - 1)
            .filter(|t| !t.is("INDEX") && !t.is("CONCURRENTLY") && !t.is("EXISTS"))
            .map(|t| t.text);
        let k = skip(toks, on + 1, &["ONLY"]);
        let (table, mut k) = qualified(toks, k, text).ok_or_else(unreadable)?;
        if toks.get(k).is_some_and(|t| t.is("USING")) {
            k += 2;
        }
        if !toks.get(k).is_some_and(|t| t.punct('(')) {
            return Err(unreadable());
        }
        let c = closing(toks, k).ok_or_else(unreadable)?;
        let columns = words(k + 1, c)?;
        // Only NULLS NOT DISTINCT and WHERE may follow.
        if c + 1 != i {
            return Err("INCLUDE or storage options on the index are not rewritten".into());
        }
        let predicate = match toks.get(after) {
            None => None,
            Some(t) if t.is("WHERE") && after + 1 < toks.len() => Some(
                between(toks, after + 1, toks.len() - 1)
                    .slice(text)
                    .to_string(),
            ),
            Some(_) => return Err(unreadable()),
        };
        let base = match index_name {
            Some(n) => n.to_string(),
            None => format!("{}_{}", simple(table), columns.join("_")),
        };
        (table.to_string(), columns, base, predicate, false)
    } else {
        return Err(unreadable());
    };
    // NOT NULL columns: from this CREATE TABLE, or the script's one.
    let not_null = if own {
        not_null_columns(toks)
    } else {
        tables
            .iter()
            .find(|t| create_table_name(t).is_some_and(|(n, _)| n == simple(&table)))
            .map(|t| not_null_columns(t))
            .unwrap_or_default()
    };
    let nullable: Vec<String> = columns
        .iter()
        .filter(|c| !not_null.contains(&simple(c)))
        .cloned()
        .collect();
    if nullable.len() > MAX_NULLABLE {
        return Err(format!(
            "{} nullable key columns would need {} partial indexes (rewritten up to {MAX_NULLABLE}); declare columns NOT NULL or target kernel 15",
            nullable.len(),
            (1usize << nullable.len()) - 1
        ));
    }
    let mut base: String = simple(&base).chars().filter(|c| *c != '"').collect();
    while base.len() > 52 {
        base.pop();
    }
    Ok(Key {
        table,
        base,
        columns,
        nullable,
        index: predicate.is_some() || !own && first.is("CREATE"),
        if_not_exists: first.is("CREATE")
            && toks
                .windows(3)
                .any(|w| w[0].is("IF") && w[1].is("NOT") && w[2].is("EXISTS")),
        predicate,
    })
}

/// The qualified table name of a `CREATE TABLE` whose list opens at `open`.
fn qualified_before<'a>(toks: &[Tok<'a>], open: usize, text: &'a str) -> Option<&'a str> {
    let last = open.checked_sub(1)?;
    let mut first = last;
    while first >= 2 && toks[first - 1].punct('.') {
        first -= 2;
    }
    Some(between(toks, first, last).slice(text))
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 床位：同一病区同一房间床号唯一（房间可空）\nCREATE TABLE ward_bed (\n    bed_id     bigint PRIMARY KEY,\n    ward_code  varchar(10) NOT NULL,\n    room_no    varchar(10),\n    bed_no     varchar(10),\n    CONSTRAINT uq_ward_bed UNIQUE NULLS NOT DISTINCT (ward_code, room_no, bed_no)\n);\n-- 医生工号（可空）唯一\nCREATE TABLE duty_doctor (doctor_id int PRIMARY KEY, staff_no text UNIQUE NULLS NOT DISTINCT);\nALTER TABLE duty_doctor ADD CONSTRAINT uq_duty_doctor_ward UNIQUE NULLS NOT DISTINCT (doctor_id, staff_no);\nCREATE UNIQUE INDEX ix_bed_label ON ward_bed (room_no, bed_no) NULLS NOT DISTINCT WHERE ward_code <> 'ICU';\nCREATE TABLE device (a int, b int, c int, d int, UNIQUE NULLS NOT DISTINCT (a, b, c, d));\nCREATE TABLE tag (code text, UNIQUE NULLS DISTINCT (code));\nCREATE TABLE IF NOT EXISTS bed_lock (bed_id int, lock_no text, UNIQUE NULLS NOT DISTINCT (bed_id, lock_no));\nCREATE TABLE adm_log (ward text, adm_date date, UNIQUE NULLS NOT DISTINCT (ward, adm_date)) PARTITION BY RANGE (adm_date);\n";

    #[test]
    fn partial_indexes_per_null_pattern_before_15() {
        insta::assert_snapshot!(translated(SQL, &highgo(14)));
    }

    /// Four nullable columns (15 indexes) stay flagged, with the catalog's help.
    #[test]
    fn too_many_nullable_columns_are_flagged() {
        let report = crate::check(SQL, &highgo(14));
        let flagged: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == crate::report::Code::SP0245)
            .collect();
        assert_eq!(flagged.len(), 2, "{flagged:?}");
        assert!(
            flagged[0]
                .message
                .contains("4 nullable key columns would need 15")
        );
        assert!(
            flagged[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("NOT NULL")
        );
    }

    #[test]
    fn kept_on_15() {
        assert_eq!(crate::translate(SQL, &highgo(15)).sql, SQL);
    }
}
