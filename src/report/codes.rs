//! The registry of finding codes.
//!
//! A code never changes meaning; a code that is no longer emitted is retired,
//! never reused. Each entry's text is written once here and feeds the report's
//! `help`, `sqlport explain CODE` and the generated `docs/codes.md`.
//!
//! Ranges: `SP01xx` the input could not be read; `SP02xx` a construct the
//! target cannot run; `SP03xx` translated, but meaning may differ; `SP04xx`
//! informational rewrites; `SP05xx` about sqlport's own directives (inline
//! suppressions).

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::severity::Severity;

/// What a code's range says about the construct it flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// `SP01xx`: the input could not be read.
    Unreadable,
    /// `SP02xx`: the target cannot run it.
    Untranslatable,
    /// `SP03xx`: translated, but the meaning may differ.
    MeaningMayDiffer,
    /// `SP04xx`: an informational rewrite.
    Rewritten,
    /// `SP05xx`: about sqlport's own directives in the input (suppressions).
    Directive,
}

impl Category {
    /// A short heading for documentation.
    pub fn title(self) -> &'static str {
        match self {
            Category::Unreadable => "SP01xx — the input could not be read",
            Category::Untranslatable => "SP02xx — the target cannot run it",
            Category::MeaningMayDiffer => "SP03xx — translated, but meaning may differ",
            Category::Rewritten => "SP04xx — informational rewrites",
            Category::Directive => "SP05xx — sqlport's own directives",
        }
    }
}

/// Everything the registry knows about one code.
#[derive(Debug)]
pub struct CodeInfo {
    /// The code itself.
    pub code: Code,
    /// A kebab-case name, for people who remember words better than numbers.
    pub name: &'static str,
    /// The severity findings of this code get unless configured otherwise.
    pub severity: Severity,
    /// One line: what was found.
    pub summary: &'static str,
    /// One line: what to do about it (the report's default `help`).
    pub help: &'static str,
    /// The long explanation (Markdown): what it means, why, an example and its fix.
    pub explanation: &'static str,
    /// A rough estimate of the minutes a person needs to resolve one finding by
    /// hand (for `sqlport assess`).
    pub effort_minutes: u32,
}

macro_rules! registry {
    ($($code:ident {
        name: $name:literal,
        severity: $severity:ident,
        summary: $summary:literal,
        help: $help:literal,
        effort_minutes: $effort:literal,
        explanation: $explanation:literal $(,)?
    })*) => {
        /// A stable finding code (`SP` and four digits).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $summary] $code,)*
        }

        /// Every registered code, in numeric order.
        pub static REGISTRY: &[CodeInfo] = &[$(CodeInfo {
            code: Code::$code,
            name: $name,
            severity: Severity::$severity,
            summary: $summary,
            help: $help,
            explanation: $explanation,
            effort_minutes: $effort,
        },)*];

        impl Code {
            /// The code as written in reports, e.g. `SP0101`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }
        }
    };
}

registry! {
    SP0101 {
        name: "statement-not-parsed",
        severity: Warning,
        summary: "statement could not be parsed; it is passed through unchanged and was not checked",
        help: "check this statement by hand for the target; if it is valid for the source database, report the construct so sqlport learns to read it",
        effort_minutes: 15,
        explanation: r#"sqlport reads every SQL statement with a full SQL parser before it translates
it. This statement did not parse: either it is not valid for the source
database, or it uses syntax sqlport cannot read yet (Oracle's
`CREATE DATABASE LINK` is an example). Oracle storage clauses
(`TABLESPACE`, `PCTFREE`, `STORAGE (…)`), sequence options (`NOCACHE`,
`ORDER`), synonyms and multi-table inserts are not a problem: sqlport reads
them.

The statement is copied to the output exactly as written, so nothing is lost,
but no rule looked at it: whatever in it the target runs differently is
neither translated nor flagged. The finding points at the place where the
parser stopped.

This is a warning, not an error, because the statement may well run on the
target as it is; sqlport simply cannot vouch for it.

Example:

```sql
CREATE DATABASE LINK his_link CONNECT TO his IDENTIFIED BY pwd USING 'HIS';
-- the parser stops at his_link
```

What to do: check the statement against the target by hand. If it is valid
source SQL, report it (with the statement) so that sqlport can read it."#,
    }
    SP0102 {
        name: "unterminated-string",
        severity: Error,
        summary: "string literal is never closed",
        help: "close the string; a quote inside a string is written twice ('O''Brien') or the string uses q'[...]' quoting",
        effort_minutes: 5,
        explanation: r#"A string literal opens here and no closing quote follows before the end of the
file, so everything after the opening quote is read as part of the string.
The database would reject the statement, and every statement after it in the
file is swallowed.

The usual cause is a single quote inside the text that was not doubled:

```sql
INSERT INTO dict_item (name) VALUES ('O'Brien');
```

Fix: double the inner quote, or (Oracle) use alternative quoting:

```sql
INSERT INTO dict_item (name) VALUES ('O''Brien');
INSERT INTO dict_item (name) VALUES (q'[O'Brien]');
```

In PostgreSQL, a backslash in an `E'...'` string escapes the next character,
so `E'C:\'` is also unterminated; write `E'C:\\'`."#,
    }
    SP0103 {
        name: "unterminated-quoted-identifier",
        severity: Error,
        summary: "quoted identifier is never closed",
        help: "add the closing double quote",
        effort_minutes: 5,
        explanation: r#"A double-quoted identifier opens here and no closing `"` follows before the end
of the file, so the rest of the file is read as one name.

```sql
SELECT "patient_name FROM his.patient;
```

Fix: close the identifier (`"patient_name"`), or remove the quote if the
name needs no quoting."#,
    }
    SP0104 {
        name: "unterminated-block-comment",
        severity: Error,
        summary: "block comment is never closed",
        help: "add the closing */",
        effort_minutes: 5,
        explanation: r#"A `/*` comment opens here and no matching `*/` follows, so the rest of the file
is a comment: none of it would run.

In PostgreSQL block comments nest: `/* a /* b */ c */` needs both `*/`. In
Oracle they do not, and the first `*/` ends the comment.

```sql
/* 挂号费用计算
CREATE TABLE op_fee (...);
```

Fix: add `*/` where the comment should end."#,
    }
    SP0105 {
        name: "unterminated-dollar-quote",
        severity: Error,
        summary: "dollar-quoted body is never closed",
        help: "close the body with the same $tag$ that opened it",
        effort_minutes: 5,
        explanation: r#"A PostgreSQL dollar-quoted string (`$$` or `$tag$`) opens here and the same tag
never appears again, so the rest of the file is part of the body.

```sql
CREATE FUNCTION f() RETURNS int AS $body$
BEGIN RETURN 1; END;
$$ LANGUAGE plpgsql;
```

Fix: close the body with exactly the tag that opened it (`$body$` above)."#,
    }
    SP0106 {
        name: "missing-slash",
        severity: Error,
        summary: "program unit is not closed by a `/` line before the next statement",
        help: "put a line containing only / after the END; of the program unit",
        effort_minutes: 2,
        explanation: r#"In SQL*Plus and DM's DIsql a PL/SQL program unit (procedure, function,
package, trigger, type, anonymous block) ends only at a line holding a single
`/`; semicolons inside it do not end it. Here a new `CREATE` statement starts
right after the unit's last `;` with no `/` between, so the client would send
both as one unit and the compilation fails.

```sql
CREATE OR REPLACE PROCEDURE p_close_visit IS
BEGIN
  NULL;
END;
CREATE TABLE op_visit_log (id NUMBER);
```

sqlport splits the two anyway, so that the rest of the file is still
translated, and reports the missing line. Fix:

```sql
END;
/
CREATE TABLE op_visit_log (id NUMBER);
```"#,
    }
    SP0107 {
        name: "invalid-utf8",
        severity: Error,
        summary: "input is not valid UTF-8",
        help: "convert the file to UTF-8 first, for example with: iconv -f GBK -t UTF-8 FILE",
        effort_minutes: 10,
        explanation: r#"sqlport reads UTF-8 text. The file has a byte sequence that is not UTF-8 at
the reported place; Chinese scripts exported from older tools are often in
GBK or GB18030.

Fix: convert the file, then run sqlport again:

```sh
iconv -f GB18030 -t UTF-8 proc_his.sql > proc_his.utf8.sql
```"#,
    }
    SP0108 {
        name: "slash-line-in-literal",
        severity: Warning,
        summary: "a line holding only `/` inside a string or comment ends the statement in SQL*Plus and DIsql",
        help: "build the text without a line that is only /, e.g. 'line 1' || CHR(10) || '/' || CHR(10) || 'line 3'",
        effort_minutes: 10,
        explanation: r#"SQL*Plus (and DM's DIsql, which follows it) looks for a line holding only `/`
before it looks at quotes: such a line ends and runs the statement even when it
sits inside a string literal, a quoted name or a comment. The database itself
accepts the text, so the script works in some tools and fails in the script
client.

sqlport reads the statement as the database would (the string goes on), so the
rest of the file is translated correctly, and reports the line.

```sql
INSERT INTO op_print_template (id, body) VALUES (1, '第一行
/
第三行');
```

Fix: keep the slash off a line of its own, for example:

```sql
INSERT INTO op_print_template (id, body)
VALUES (1, '第一行' || CHR(10) || '/' || CHR(10) || '第三行');
```"#,
    }
    SP0109 {
        name: "program-unit-not-parsed",
        severity: Warning,
        summary: "program unit could not be parsed; it is passed through unchanged and was not checked",
        help: "check this program unit by hand for the target; if it is valid PL/SQL or PL/pgSQL, report the construct so sqlport learns to read it",
        effort_minutes: 30,
        explanation: r#"sqlport reads every PL/SQL program unit — procedure, function, package,
trigger, type, anonymous block — and every PL/pgSQL routine and `DO` block
with its own parser, and every expression and SQL statement inside them with
a full SQL parser. This unit did not parse: either it is not valid, or it uses
syntax sqlport cannot read yet (Oracle's `(SELF AS supertype).method()` or
PostgreSQL's `f(VARIADIC arr)`, for example). The finding points at the
place where reading stopped.

The unit is copied to the output exactly as written, so nothing is lost, but
no rule looked inside it.

```sql
CREATE OR REPLACE PROCEDURE p_refund (p_id NUMBER) IS
BEGIN
  UPDATE op_charge SET status = 'R' WHERE id = p_id
END;   -- the parser stops here: the UPDATE lacks its `;`
/
```

What to do: check the unit by hand. If it is valid PL/SQL or PL/pgSQL,
report it so that sqlport can read it."#,
    }
    SP0230 {
        name: "outer-join-not-translated",
        severity: Error,
        summary: "an Oracle (+) outer join could not be written as an ANSI join",
        help: "rewrite the join by hand with LEFT JOIN … ON, moving every condition that carries (+) on the optional table into its ON",
        effort_minutes: 20,
        explanation: r#"PostgreSQL has no `(+)` outer-join operator. sqlport rewrites the usual
forms to `LEFT JOIN … ON` (see `SP0431`), but leaves a query as written when
the `(+)` conditions do not describe a join it can express: the optional
table's columns are not qualified, the table is part of an explicit `JOIN`,
the `(+)` sits under `OR`, or the tables outer-join one another in a cycle.

```sql
SELECT r.reg_id, d.doctor_name
  FROM op_reg r, his_doctor d
 WHERE r.doctor_id = d.doctor_id(+) OR r.status = 'X';   -- (+) under OR
```

What to do: write the join by hand. Every condition with `(+)` on table `d`
goes into `d`'s `ON`; conditions on `d` without `(+)` stay in `WHERE`."#,
    }
    SP0231 {
        name: "rownum-not-translated",
        severity: Error,
        summary: "a use of Oracle's ROWNUM could not be translated",
        help: "rewrite with LIMIT / OFFSET or row_number() OVER (…) by hand",
        effort_minutes: 15,
        explanation: r#"PostgreSQL has no `ROWNUM`. sqlport rewrites `ROWNUM <= n`, `ROWNUM < n`
and `ROWNUM = 1` in a `WHERE` to `LIMIT`, and `ROWNUM` in a select list to
`row_number() OVER ()` (see `SP0432`). Other uses are left as written and
reported: `ROWNUM > n` or `ROWNUM = n` with `n > 1` (never true in Oracle,
since the first row to be kept is always number 1), `ROWNUM` under `OR`,
in `UPDATE … SET`, or in a block sqlport cannot restructure.

```sql
SELECT * FROM op_reg WHERE ROWNUM > 10;   -- Oracle: always empty
```

What to do: decide what the code meant, and write it with `LIMIT`/`OFFSET`
or `row_number() OVER (ORDER BY …)`."#,
    }
    SP0232 {
        name: "connect-by-not-translated",
        severity: Error,
        summary: "a hierarchical query (CONNECT BY) could not be translated",
        help: "rewrite it by hand as WITH RECURSIVE",
        effort_minutes: 30,
        explanation: r#"PostgreSQL has no `START WITH … CONNECT BY`. sqlport rewrites hierarchical
queries over one table to `WITH RECURSIVE` (see `SP0433`), but leaves the
query as written when it cannot: the `FROM` has several tables or a join,
the `CONNECT BY` has no `PRIOR col = col` condition, or the query uses
`CONNECT_BY_ISCYCLE` or `PRIOR` outside the `CONNECT BY`.

```sql
SELECT e.name, d.dept_name
  FROM his_emp e, his_dept d
 WHERE e.dept_id = d.dept_id
 START WITH e.mgr_id IS NULL
CONNECT BY PRIOR e.emp_id = e.mgr_id;   -- a join in the hierarchical query
```

What to do: write the recursive CTE by hand (an anchor member for the
`START WITH` rows, a recursive member joined on the `PRIOR` condition); keep
in mind that Oracle applies the join first, the hierarchy next, the other
`WHERE` conditions last."#,
    }
    SP0233 {
        name: "merge-not-translated",
        severity: Error,
        summary: "a MERGE could not be translated for the target's kernel",
        help: "split it by hand into UPDATE, INSERT and DELETE statements (or INSERT … ON CONFLICT)",
        effort_minutes: 20,
        explanation: r#"sqlport rewrites Oracle's `MERGE` for PostgreSQL kernels (see `SP0434`), but
keeps it as written when a part has no equivalent: the `DELETE WHERE`
clause of Oracle's update branch (PostgreSQL's `MERGE` has `WHEN MATCHED
THEN DELETE`, a branch of its own, not a delete of updated rows), a target
that is not a table, or an `INSERT` branch without its column list.

```sql
MERGE INTO his_fee_item t USING his_fee_sync s ON (t.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET t.price = s.price DELETE WHERE t.status = '0';
```

What to do: write the update and the delete as statements of their own
(the delete of the rows the merge updated, with the same `ON` condition)."#,
    }
    SP0301 {
        name: "empty-string-comparison",
        severity: Warning,
        summary: "a comparison with '' is never true in Oracle, but may be on the target",
        help: "write IS NULL / IS NOT NULL if that is what the code means (it is what Oracle did)",
        effort_minutes: 10,
        explanation: r#"Oracle stores and compares a zero-length string as NULL, so `x = ''` and
`x <> ''` are never true there: such code almost always meant `x IS NULL` or
`x IS NOT NULL`, and in Oracle it silently selected nothing. On a target where
`''` is an empty string (HighGo, a PostgreSQL kernel; Kingbase when
`ora_input_emptystr_isnull` is off; Dameng depending on its compatibility
settings) the same comparison starts matching rows, so the program behaves
differently after the move.

```sql
SELECT * FROM op_reg WHERE remark = '';      -- Oracle: no rows, ever
SELECT * FROM op_reg WHERE remark IS NULL;   -- what it meant
```

sqlport reports the comparison and changes nothing: decide which meaning the
program needs, and write it explicitly."#,
    }
    SP0330 {
        name: "rownum-with-order-by",
        severity: Warning,
        summary: "ROWNUM and ORDER BY in one query block: Oracle numbers the rows before sorting them",
        help: "check which rows the code means: Oracle kept the first rows found, not the first rows in sort order",
        effort_minutes: 10,
        explanation: r#"In Oracle, `ROWNUM` is assigned while rows are fetched, before `ORDER BY`
of the same query block sorts them: `WHERE ROWNUM <= 10 ORDER BY fee DESC`
takes *any* ten rows and then sorts those ten. It is a classic bug (the
author usually wanted the ten largest), but it is what Oracle did.

sqlport keeps Oracle's meaning: the rows are limited in a subquery and the
result is sorted after it.

```sql
SELECT * FROM op_charge WHERE ROWNUM <= 10 ORDER BY fee DESC;               -- Oracle
SELECT * FROM (SELECT * FROM op_charge LIMIT 10) op_charge ORDER BY fee DESC; -- HighGo
```

If the top ten by fee was meant, write
`SELECT * FROM op_charge ORDER BY fee DESC LIMIT 10` instead."#,
    }
    SP0331 {
        name: "merge-emulated",
        severity: Warning,
        summary: "MERGE became UPDATE + INSERT … WHERE NOT EXISTS, which is not safe against concurrent inserts",
        help: "add a primary key or unique constraint on the ON columns (then sqlport writes INSERT … ON CONFLICT), or lock the table around the statement",
        effort_minutes: 10,
        explanation: r#"The target's PostgreSQL kernel has no `MERGE` (before 15), and no primary
key or unique constraint the script declares matches the `ON` condition, so
`INSERT … ON CONFLICT` cannot be used. The `MERGE` became one statement: a
data-modifying CTE that updates the matched rows, then an insert of the
source rows for which `NOT EXISTS` finds no target row. Both parts see the
table as it was before the statement, as `MERGE` does, so one session gets
the same rows. Two sessions running it at once may both insert the same
key, where Oracle's `MERGE` serialises on the rows it touches.

```sql
WITH sqlport_matched AS (
  UPDATE his_fee_log AS l SET price = s.price FROM his_fee_item s
   WHERE (l.item_code = s.item_code) RETURNING 1)
INSERT INTO his_fee_log (item_code, price)
SELECT s.item_code, s.price FROM his_fee_item s
 WHERE NOT EXISTS (SELECT 1 FROM his_fee_log AS l WHERE l.item_code = s.item_code);
```

`SQL%ROWCOUNT` (PL/pgSQL's `ROW_COUNT`) now counts the inserted rows only."#,
    }
    SP0332 {
        name: "connect-by-star",
        severity: Warning,
        summary: "a hierarchical query that selects * also returns the recursive CTE's helper columns on the target",
        help: "list the columns the code needs instead of *",
        effort_minutes: 5,
        explanation: r#"A `CONNECT BY` query becomes a recursive CTE that carries, besides the
table's columns, the helper columns `sqlport_level`, `sqlport_order`,
`sqlport_visited` (and `sqlport_path_N`, `sqlport_root_N` when used). The
query reads the CTE under the table's name, so `SELECT *` (or `t.*`) returns
those columns too: a program that fetches by position or copies rows into a
table of the same shape sees more columns than in Oracle.

```sql
SELECT * FROM his_dept START WITH parent_id IS NULL CONNECT BY PRIOR dept_id = parent_id;
SELECT dept_id, parent_id, dept_name FROM his_dept START WITH …;   -- list the columns
```"#,
    }
    SP0401 {
        name: "type-mapped",
        severity: Info,
        summary: "a built-in type was replaced by the target's equivalent",
        help: "nothing to do unless the data needs otherwise; the finding says why the type changed",
        effort_minutes: 1,
        explanation: r#"A type with the same name means something else on the target, so sqlport
wrote the target's equivalent instead, wherever the type is used: columns,
`CAST`, variables, record fields, parameters and return types. The mapping
comes from the target's catalog (`grammar/targets/*.toml`, `[[types]]`),
each entry with its reason and source.

Oracle → Dameng, where `DATE` holds only the date:

```sql
CREATE TABLE op_reg (reg_time DATE DEFAULT SYSDATE);          -- Oracle
CREATE TABLE op_reg (reg_time TIMESTAMP(0) DEFAULT SYSDATE);  -- Dameng
```

Parameters and return types get the form without precision (`TIMESTAMP`),
which PL/SQL requires there. A date literal (`DATE '2024-01-01'`) stays.

One finding is given per unit and type, at its first use. To keep Dameng's
`DATE` (only when no value carries a time of day), translate with
`--dm-date keep`."#,
    }
    SP0402 {
        name: "function-mapped",
        severity: Info,
        summary: "a function call was renamed to the target's (or the project's) equivalent",
        help: "nothing to do; check that the replacement takes the same arguments",
        effort_minutes: 1,
        explanation: r#"Calls of a function the target spells differently, or that the project maps
in `sqlport.toml` (`[mappings.functions]`), were renamed. Only the name
changes: the arguments, layout and comments stay as written. A qualified
call (`pkg.nvl(…)`) is a different function and is left alone.

```toml
# sqlport.toml
[mappings.functions]
NVL = "COALESCE"
"his_util.fmt_money" = "his_fmt.money"
```

```sql
SELECT NVL(fee, 0) FROM op_charge;        -- before
SELECT COALESCE(fee, 0) FROM op_charge;   -- after
```

One finding is given per unit and function, at its first call."#,
    }
    SP0430 {
        name: "optimizer-hint-kept",
        severity: Info,
        summary: "an Oracle optimizer hint was kept as a comment; the target ignores it",
        help: "nothing to do for correctness; check the plan of performance-critical statements on the target",
        effort_minutes: 2,
        explanation: r#"An Oracle hint (`/*+ INDEX(…) */`, `/*+ LEADING(…) USE_NL(…) */`,
`/*+ PARALLEL(…) */`, …) is a comment to PostgreSQL: the statement runs,
the hint does nothing. sqlport keeps it where it was, so the intent stays
visible, and reports it.

```sql
SELECT /*+ INDEX(r idx_op_reg_date) */ COUNT(*) FROM op_reg r;   -- runs; the hint is ignored
```

If the statement is slow on the target, look at its plan (`EXPLAIN`); the
pg_hint_plan extension, where installed, reads hints of its own syntax."#,
    }
    SP0431 {
        name: "outer-join-rewritten",
        severity: Info,
        summary: "an Oracle (+) outer join was rewritten as LEFT JOIN … ON",
        help: "nothing to do; the conditions with (+) are now in the ON of the optional table",
        effort_minutes: 1,
        explanation: r#"PostgreSQL has no `(+)`. Each table whose columns carry `(+)` becomes the
right side of a `LEFT JOIN`, placed after the tables its conditions refer
to, and every condition with `(+)` on it moves into its `ON` — those with
constants too (`d.status(+) = 'A'`), which must filter the optional rows,
not the result. Conditions without `(+)` stay in `WHERE`, as Oracle
applies them after the join.

```sql
SELECT r.reg_id, d.doctor_name                      -- Oracle
  FROM op_reg r, his_doctor d
 WHERE r.doctor_id = d.doctor_id(+) AND d.status(+) = 'A';

SELECT r.reg_id, d.doctor_name                      -- HighGo
  FROM op_reg AS r LEFT JOIN his_doctor AS d
    ON r.doctor_id = d.doctor_id AND d.status = 'A';
```"#,
    }
    SP0432 {
        name: "rownum-rewritten",
        severity: Info,
        summary: "Oracle's ROWNUM was rewritten as LIMIT or row_number()",
        help: "nothing to do; the rows and their numbers are the same",
        effort_minutes: 1,
        explanation: r#"PostgreSQL has no `ROWNUM`. A `WHERE ROWNUM <= n` (or `< n`, `= 1`) becomes
`LIMIT n` (`n - 1`, `1`); the top-N idiom over a sorted subquery keeps its
meaning because the subquery's order reaches the `LIMIT`. `ROWNUM` in a
select list becomes `row_number() OVER ()`, which numbers the rows in the
order they arrive, as `ROWNUM` did; so the pagination idiom
(`… ROWNUM rn … WHERE rn BETWEEN 11 AND 20`) works as written.

```sql
SELECT * FROM (SELECT * FROM op_charge ORDER BY fee DESC) WHERE ROWNUM <= 10;         -- Oracle
SELECT * FROM (SELECT * FROM op_charge ORDER BY fee DESC) AS sqlport_q1 LIMIT 10;     -- HighGo
```"#,
    }
    SP0433 {
        name: "connect-by-rewritten",
        severity: Info,
        summary: "a hierarchical query (START WITH … CONNECT BY) was rewritten as WITH RECURSIVE",
        help: "nothing to do; check that deep hierarchies perform well on the target",
        effort_minutes: 3,
        explanation: r#"PostgreSQL has no `CONNECT BY`. The query becomes a recursive CTE over the
same table: the `START WITH` rows are the anchor, each `PRIOR` condition
joins a child to its parent, and the CTE carries what Oracle's
pseudo-columns need: `LEVEL`, one path per `SYS_CONNECT_BY_PATH`, one value
per `CONNECT_BY_ROOT`, a sort key for `ORDER SIBLINGS BY` and the keys
visited on the way down (a loop stops instead of running forever; Oracle
raises ORA-01436 unless `NOCYCLE` is given, and with `NOCYCLE` returns the
same rows as here). `CONNECT_BY_ISLEAF` becomes a `NOT EXISTS` test for a
child row. The other `WHERE` conditions filter the result, as in Oracle.

```sql
SELECT LEVEL, dept_name FROM his_dept                           -- Oracle
 START WITH parent_id IS NULL CONNECT BY PRIOR dept_id = parent_id;

WITH RECURSIVE sqlport_tree AS (                                -- HighGo
  SELECT his_dept.*, 1 AS sqlport_level, … FROM his_dept WHERE parent_id IS NULL
  UNION ALL
  SELECT his_dept.*, p.sqlport_level + 1, … FROM his_dept JOIN sqlport_tree p
    ON p.dept_id = his_dept.parent_id WHERE …)
SELECT his_dept.sqlport_level, dept_name FROM sqlport_tree his_dept;
```"#,
    }
    SP0434 {
        name: "merge-rewritten",
        severity: Info,
        summary: "a MERGE was adapted to the target's kernel with the same meaning",
        help: "nothing to do; the finding says which form was used",
        effort_minutes: 2,
        explanation: r#"From PostgreSQL 15 `MERGE` exists: it stays, in PostgreSQL's form (bare
column names in `UPDATE SET`; Oracle's `UPDATE … WHERE c` becomes
`WHEN MATCHED AND c`). Before 15, a `MERGE` whose `ON` condition compares
exactly a primary key or unique key of the target (declared in the script)
becomes `INSERT … ON CONFLICT (key) DO UPDATE`, the source values read
through `EXCLUDED`; one with only `WHEN MATCHED` becomes `UPDATE … FROM`.

```sql
MERGE INTO his_fee_item t USING src s ON (t.item_code = s.item_code)      -- Oracle
 WHEN MATCHED THEN UPDATE SET t.price = s.price
 WHEN NOT MATCHED THEN INSERT (item_code, price) VALUES (s.item_code, s.price);

INSERT INTO his_fee_item AS t (item_code, price)                          -- PostgreSQL 12/14
SELECT s.item_code, s.price FROM src s
    ON CONFLICT (item_code) DO UPDATE SET price = EXCLUDED.price;
```"#,
    }
    SP0501 {
        name: "unused-suppression",
        severity: Info,
        summary: "a suppression comment names a code that has no finding where it applies",
        help: "remove the code from the comment (or the whole comment) if the finding is gone",
        effort_minutes: 1,
        explanation: r#"An inline suppression silences findings of the codes it names:
`-- sqlport: ignore[SP0101]` covers findings that start on the comment's line
or on the next line, and `-- sqlport: ignore-file[SP0101,SP0108]` covers the
whole file. This one names a code with no such finding there: the statement
was fixed, moved, or sqlport learnt to read it. A dead suppression would
silently hide a new finding later, so it is reported.

The finding points at the code inside the comment.

```sql
-- sqlport: ignore[SP0101]
SELECT 1 FROM dual;          -- nothing here is SP0101 any more
```

Fix: remove the code from the comment, or the whole comment when it names no
other code:

```sql
SELECT 1 FROM dual;
```

This finding cannot itself be suppressed inline; a project that wants to keep
such comments can set `ignore = ["SP0501"]` in `sqlport.toml`."#,
    }
    SP0502 {
        name: "malformed-suppression",
        severity: Warning,
        summary: "a `-- sqlport:` suppression comment cannot be read",
        help: "write it as -- sqlport: ignore[SP0101] or -- sqlport: ignore-file[SP0101,SP0108]",
        effort_minutes: 2,
        explanation: r#"A `--` comment starts with `sqlport: ignore` but is not a well-formed
directive, so it silences nothing. The list of codes must follow the keyword
directly, in square brackets, separated by commas; each entry is a registered
code (`SP0101`) or its name (`statement-not-parsed`).

```sql
-- sqlport: ignore SP0101              -- no brackets
-- sqlport: ignore[SP0110]             -- not a sqlport code
-- sqlport: ignore[SP0101              -- not closed
CREATE DATABASE LINK his_link CONNECT TO his IDENTIFIED BY pwd USING 'HIS';
```

Fix:

```sql
-- sqlport: ignore[SP0101] link checked by hand
CREATE DATABASE LINK his_link CONNECT TO his IDENTIFIED BY pwd USING 'HIS';
```

Text after the closing `]` is free, which is a good place for the reason."#,
    }
}

impl Code {
    /// The registry entry for this code.
    pub fn info(self) -> &'static CodeInfo {
        // The registry lists every variant in declaration order.
        &REGISTRY[self as usize]
    }

    /// Which range the code belongs to.
    pub fn category(self) -> Category {
        match &self.as_str()[2..4] {
            "01" => Category::Unreadable,
            "02" => Category::Untranslatable,
            "03" => Category::MeaningMayDiffer,
            "05" => Category::Directive,
            _ => Category::Rewritten,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A string that names no registered code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown finding code `{0}`")]
pub struct UnknownCode(pub String);

impl FromStr for Code {
    type Err = UnknownCode;

    /// Accepts the code (`SP0101`, any case) or its name (`statement-not-parsed`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        REGISTRY
            .iter()
            .find(|info| info.code.as_str().eq_ignore_ascii_case(s) || info.name == s)
            .map(|info| info.code)
            .ok_or_else(|| UnknownCode(s.to_string()))
    }
}

/// The whole registry as Markdown: the content of `docs/codes.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# sqlport finding codes\n\n\
         Generated from `src/report/codes.rs` (`sqlport explain CODE` prints the same text);\n\
         do not edit by hand. A code never changes meaning; retired codes are not reused.\n",
    );
    let mut category = None;
    for info in REGISTRY {
        if category != Some(info.code.category()) {
            category = Some(info.code.category());
            out.push_str(&format!("\n## {}\n", info.code.category().title()));
        }
        out.push_str(&format!(
            "\n### {} `{}` ({})\n\n{}\n\n**Help:** {}\n\n**Effort:** about {} min per finding\n\n{}\n",
            info.code,
            info.name,
            info.severity,
            info.summary,
            info.help,
            info.effort_minutes,
            info.explanation
        ));
    }
    out
}

/// The long explanation of one code, as `sqlport explain` prints it.
pub fn explain(code: Code) -> String {
    let info = code.info();
    format!(
        "{} ({}, {}): {}\n\n{}\n\nhelp: {}\n",
        info.code, info.name, info.severity, info.summary, info.explanation, info.help
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_in_declaration_order_and_codes_are_well_formed() {
        for (i, info) in REGISTRY.iter().enumerate() {
            assert_eq!(info.code as usize, i);
            let code = info.code.as_str();
            assert!(code.len() == 6 && code.starts_with("SP"), "{code}");
            assert!(code[2..].chars().all(|c| c.is_ascii_digit()), "{code}");
            assert_eq!(code.parse::<Code>(), Ok(info.code));
            assert_eq!(info.name.parse::<Code>(), Ok(info.code));
            assert!(!info.explanation.is_empty() && !info.help.is_empty());
            assert!(info.effort_minutes > 0, "{code}");
        }
        let mut sorted: Vec<&str> = REGISTRY.iter().map(|i| i.code.as_str()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), REGISTRY.len());
    }

    #[test]
    fn read_failures_are_in_the_01_range() {
        assert_eq!(Code::SP0101.category(), Category::Unreadable);
        assert!("SP9999".parse::<Code>().is_err());
    }
}
