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
    SP0210 {
        name: "synonym-not-translated",
        severity: Error,
        summary: "a synonym PostgreSQL cannot have: not for a table or view of the script, or named like its target",
        help: "put the target's schema on search_path (ALTER ROLE … SET search_path), or use the target's own name",
        effort_minutes: 15,
        explanation: r#"PostgreSQL has no synonyms. For PostgreSQL-style targets (HighGo; Kingbase
in `pg` mode) a synonym for a table or view the script creates becomes a
view (`SP0414`). Any other synonym is kept as written, which the target
cannot run:

- a synonym for a package, procedure, function, sequence or type: PostgreSQL
  has nothing that renames them;
- a synonym for an object the script does not create: sqlport cannot tell
  what it is;
- a synonym over a database link (`t@link`): that needs a foreign table
  (postgres_fdw, oracle_fdw);
- a public synonym with its target's own name (`his_fee_item` for
  `his_op.his_fee_item`): it makes another schema's object visible
  everywhere, which is what `search_path` does;
- a `DROP SYNONYM` of a synonym the script does not make a view.

```sql
CREATE OR REPLACE SYNONYM op_bill FOR pkg_op_billing;               -- Oracle
ALTER ROLE his_app SET search_path = his_op, public;                -- PostgreSQL: find objects by schema
```

Fix: set `search_path`, or change the callers to use the target's name."#,
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
    SP0310 {
        name: "type-meaning-differs",
        severity: Warning,
        summary: "an Oracle type became a PostgreSQL type whose values mean or allow something else",
        help: "check the code that relies on what the Oracle type did; the finding says what differs",
        effort_minutes: 15,
        explanation: r#"For PostgreSQL-style targets (HighGo; Kingbase in `pg` mode) every Oracle
type is rewritten to the PostgreSQL type that holds its values
(`grammar/oracle_to_pg.toml`). For a few types the values carry over but
their meaning does not:

- `ROWID`, `UROWID` become `text`: a stored rowid keeps its text, but
  PostgreSQL rows have no stable address (`ctid` changes on every `UPDATE`),
  so it no longer finds its row;
- `SIMPLE_INTEGER` becomes `integer`, which may be NULL and raises an error on
  overflow where `SIMPLE_INTEGER` wrapped around;
- `TIMESTAMP WITH TIME ZONE` stores the instant, not the zone it was written in.

```sql
CREATE TABLE op_fee_audit (src_rowid ROWID);   -- Oracle
CREATE TABLE op_fee_audit (src_rowid TEXT);    -- HighGo: the row it named is not findable
```

Fix: refer to rows by their primary key; keep the zone in a column of its own
if the code reads it back."#,
    }
    SP0311 {
        name: "global-temporary-table",
        severity: Warning,
        summary: "an Oracle global temporary table became a PostgreSQL temporary table, which exists per session",
        help: "run the CREATE in each session before the table's first use, or install the pgtt extension",
        effort_minutes: 30,
        explanation: r#"An Oracle global temporary table is a permanent definition whose rows are
private to each session. A PostgreSQL temporary table is private as a
whole: it exists only in the session that created it, and disappears with
it. sqlport writes

```sql
CREATE GLOBAL TEMPORARY TABLE gtt_fee_calc (item_id NUMBER(10)) ON COMMIT DELETE ROWS;          -- Oracle
CREATE TEMPORARY TABLE IF NOT EXISTS gtt_fee_calc (item_id NUMERIC(10)) ON COMMIT DELETE ROWS; -- HighGo
```

keeping `ON COMMIT DELETE ROWS | PRESERVE ROWS`. Run once by the install
script, the table exists only for that session: procedures that use it fail
elsewhere with `relation "gtt_fee_calc" does not exist`.

Fix: run the statement (it has `IF NOT EXISTS`) at the start of each
procedure or session that uses the table, or install the `pgtt` extension,
which emulates Oracle's global temporary tables, if the target allows it."#,
    }
    SP0312 {
        name: "view-read-only-dropped",
        severity: Warning,
        summary: "a view's WITH READ ONLY was dropped: PostgreSQL has no read-only views",
        help: "revoke INSERT, UPDATE and DELETE on the view from the roles that must not write through it",
        effort_minutes: 10,
        explanation: r#"Oracle's `WITH READ ONLY` forbids writing through a view. PostgreSQL has no
such option, and a view over a single table is automatically updatable: after
the translation, `INSERT`, `UPDATE` and `DELETE` on the view reach the table.

```sql
CREATE OR REPLACE VIEW v_op_reg AS SELECT reg_id, status FROM op_registration WITH READ ONLY;  -- Oracle
CREATE OR REPLACE VIEW v_op_reg AS SELECT reg_id, status FROM op_registration;                 -- HighGo
REVOKE INSERT, UPDATE, DELETE ON v_op_reg FROM his_app_role;                                   -- keep it read-only
```

Fix: grant only `SELECT` on the view (or add a `DO INSTEAD NOTHING` rule, or
an `INSTEAD OF` trigger that raises an error)."#,
    }
    SP0313 {
        name: "disabled-constraint-enforced",
        severity: Warning,
        summary: "a constraint Oracle kept disabled is enforced on PostgreSQL",
        help: "check that existing and future rows satisfy it, or leave the constraint out",
        effort_minutes: 15,
        explanation: r#"Oracle can keep a constraint `DISABLE`d: written down, not checked.
PostgreSQL has no disabled constraints, so for PostgreSQL-style targets
`DISABLE` is dropped and the constraint is enforced: loading data Oracle
accepted, or the application's inserts, may now fail with a constraint
violation.

```sql
CONSTRAINT fk_op_charge_reg FOREIGN KEY (reg_id) REFERENCES op_registration (reg_id) DISABLE   -- Oracle: not checked
CONSTRAINT fk_op_charge_reg FOREIGN KEY (reg_id) REFERENCES op_registration(reg_id)           -- HighGo: checked
```

Fix: clean the data so it satisfies the constraint, or remove the constraint
from the translated DDL if it was only documentation."#,
    }
    SP0314 {
        name: "identity-on-null-dropped",
        severity: Warning,
        summary: "an identity column's ON NULL was dropped: an explicit NULL is not replaced by a generated value",
        help: "leave the column out of INSERTs (or write DEFAULT) where the code inserted NULL into it",
        effort_minutes: 10,
        explanation: r#"Oracle's `GENERATED BY DEFAULT ON NULL AS IDENTITY` gives the column its
next value also when an `INSERT` writes `NULL` into it. PostgreSQL has
`GENERATED BY DEFAULT AS IDENTITY` without `ON NULL`: an explicit `NULL` is
stored as such, and since identity columns are `NOT NULL`, the `INSERT` fails.

```sql
CREATE TABLE his_op_log (log_id NUMBER GENERATED BY DEFAULT ON NULL AS IDENTITY);  -- Oracle
CREATE TABLE his_op_log (log_id BIGINT GENERATED BY DEFAULT AS IDENTITY);          -- HighGo
INSERT INTO his_op_log (log_id) VALUES (NULL);   -- Oracle: next value; HighGo: error
```

Fix: leave the column out of the `INSERT`, or write `DEFAULT` for it."#,
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
    SP0410 {
        name: "oracle-type-to-postgres",
        severity: Info,
        summary: "an Oracle type was replaced by the PostgreSQL type that holds the same values",
        help: "nothing to do; narrow a NUMERIC column to integer or bigint by hand where the values are known to fit",
        effort_minutes: 1,
        explanation: r#"For PostgreSQL-style targets (HighGo; Kingbase in `pg` mode) every Oracle
type is rewritten wherever it is written — columns, `ALTER TABLE`, `CAST`,
object-type attributes, PL/SQL variables, parameters, return types, record
fields and collection elements — to the PostgreSQL type that keeps every
value, from the table in `grammar/oracle_to_pg.toml` (each entry with its
reason and source):

| Oracle | PostgreSQL |
|---|---|
| `NUMBER(p,s)`, `NUMBER(p)`, `NUMBER` | `NUMERIC(p,s)`, `NUMERIC(p)`, `NUMERIC` |
| `INTEGER`, `INT`, `SMALLINT` (all `NUMBER(38)`) | `NUMERIC(38)` |
| `FLOAT(n)` (a decimal `NUMBER`) | `NUMERIC` |
| `VARCHAR2(n [CHAR\|BYTE])`, `NVARCHAR2(n)` | `VARCHAR(n)` |
| `CHAR(n)`, `NCHAR(n)` | `CHAR(n)` |
| `DATE` | `TIMESTAMP(0)` (PostgreSQL's `date` has no time of day) |
| `TIMESTAMP(9)` | `TIMESTAMP(6)` |
| `CLOB`, `NCLOB`, `LONG` | `TEXT` |
| `BLOB`, `RAW(n)`, `LONG RAW` | `BYTEA` |
| `BINARY_FLOAT`, `BINARY_DOUBLE` | `REAL`, `DOUBLE PRECISION` |
| `XMLTYPE` | `XML` |
| `PLS_INTEGER`, `BINARY_INTEGER`, `NATURAL`, `POSITIVE` | `INTEGER` |

A bare `NUMBER` never becomes `bigint` or `double precision`: that would lose
the decimals of a fee or a dose. Where `NATURAL` or `POSITIVE` lose their
range check, the finding's help says so.

```sql
CREATE TABLE op_charge (total NUMBER(12,2), charge_time DATE, remark CLOB);        -- Oracle
CREATE TABLE op_charge (total NUMERIC(12,2), charge_time TIMESTAMP(0), remark TEXT); -- HighGo
```

One finding is given per unit and Oracle type, at its first use. The
project's own `[mappings.types]` in `sqlport.toml` win over the table
(reported as `SP0401`)."#,
    }
    SP0411 {
        name: "physical-attributes-dropped",
        severity: Info,
        summary: "Oracle physical attributes (TABLESPACE, PCTFREE, STORAGE, LOGGING, …) were dropped",
        help: "nothing to do; add TABLESPACE back where you created PostgreSQL tablespaces",
        effort_minutes: 1,
        explanation: r#"A PostgreSQL kernel manages space itself: it has no `PCTFREE`, `PCTUSED`,
`INITRANS`, `MAXTRANS`, `STORAGE (…)`, `[NO]LOGGING`, `NOCOMPRESS`,
`NOCACHE`, `NOPARALLEL`, `[NO]MONITORING` or `[NO]ROWDEPENDENCIES`, so for
PostgreSQL-style targets they are dropped from tables, indexes and
materialized views. `TABLESPACE` is dropped too: PostgreSQL's tablespaces are
directories created with `CREATE TABLESPACE … LOCATION`, and an Oracle
tablespace's name would not exist. `NOLOGGING` is not turned into
`UNLOGGED`: an unlogged table is emptied after a crash.

```sql
CREATE TABLE his_doctor (doctor_id NUMBER(10)) TABLESPACE his_data PCTFREE 10 STORAGE (INITIAL 64K);  -- Oracle
CREATE TABLE his_doctor (doctor_id NUMERIC(10));                                                 -- HighGo
```

One finding is given per statement, naming what was dropped."#,
    }
    SP0412 {
        name: "sequence-options-adapted",
        severity: Info,
        summary: "Oracle sequence options were rewritten or dropped for PostgreSQL",
        help: "nothing to do; PostgreSQL sequences are bigint and cache one value unless told otherwise",
        effort_minutes: 1,
        explanation: r#"For PostgreSQL-style targets, `CREATE SEQUENCE` options Oracle spells
differently are rewritten: `NOCYCLE` → `NO CYCLE`, `NOMAXVALUE` →
`NO MAXVALUE`, `NOMINVALUE` → `NO MINVALUE`. `NOCACHE` is dropped (PostgreSQL
caches one value by default), so are `ORDER`/`NOORDER` (they only matter
between Oracle RAC instances) and `KEEP`/`NOKEEP`/`NOSCALE`. A `MAXVALUE`
beyond `bigint` (Oracle's default 9999999999999999999999999999, often
written out) becomes `NO MAXVALUE`, since PostgreSQL rejects it.

```sql
CREATE SEQUENCE seq_his_patient START WITH 100000 MAXVALUE 9999999999999999999999999999 NOCYCLE NOCACHE;  -- Oracle
CREATE SEQUENCE seq_his_patient START WITH 100000 NO MAXVALUE NO CYCLE;                                   -- HighGo
```"#,
    }
    SP0413 {
        name: "identity-column-bigint",
        severity: Info,
        summary: "an identity column's type became BIGINT, the type PostgreSQL allows for identity",
        help: "nothing to do; BIGINT holds every value the identity sequence can produce",
        effort_minutes: 1,
        explanation: r#"PostgreSQL (10 and later) has Oracle's `GENERATED ALWAYS | BY DEFAULT AS
IDENTITY`, but only on `smallint`, `integer` and `bigint` columns. An Oracle
identity column is usually a `NUMBER`, which becomes `NUMERIC` for
PostgreSQL-style targets and would be rejected ("identity column type must be
smallint, integer, or bigint"), so its type becomes `BIGINT`.

```sql
CREATE TABLE his_op_log (log_id NUMBER GENERATED ALWAYS AS IDENTITY);   -- Oracle
CREATE TABLE his_op_log (log_id BIGINT GENERATED ALWAYS AS IDENTITY);   -- HighGo
```"#,
    }
    SP0414 {
        name: "synonym-became-view",
        severity: Info,
        summary: "a synonym for a table or view became a view",
        help: "nothing to do; recreate the view if the table's columns change (SELECT * is expanded when the view is made)",
        effort_minutes: 2,
        explanation: r#"PostgreSQL has no synonyms. For PostgreSQL-style targets a synonym for a
table or view the script creates becomes a simple view over it, which
reads, and (being automatically updatable) writes, the same rows:

```sql
CREATE OR REPLACE SYNONYM op_reg FOR op_registration;             -- Oracle
CREATE OR REPLACE VIEW op_reg AS SELECT * FROM op_registration;   -- HighGo
```

Two differences: the view's `SELECT *` is expanded when it is created, so a
column added to the table later is not seen until the view is recreated; and
a public synonym was visible from every schema, the view only from its own
(grant it, and put its schema on `search_path`). Synonyms a view cannot
replace are reported as `SP0210`. A `DROP [PUBLIC] SYNONYM` of a synonym the
script makes a view becomes `DROP VIEW IF EXISTS`."#,
    }
    SP0415 {
        name: "index-kind-dropped",
        severity: Info,
        summary: "a BITMAP or REVERSE index became a plain B-tree index",
        help: "nothing to do in most cases; PostgreSQL builds bitmaps from B-tree indexes at query time",
        effort_minutes: 2,
        explanation: r#"PostgreSQL has neither stored bitmap indexes nor reverse-key indexes. For
PostgreSQL-style targets `BITMAP` and `REVERSE` are dropped and the index is
an ordinary B-tree, which serves the same queries: PostgreSQL combines
B-tree indexes into bitmaps while it runs a query (bitmap heap scans).

```sql
CREATE BITMAP INDEX idx_op_reg_status ON op_registration (status);   -- Oracle
CREATE INDEX idx_op_reg_status ON op_registration (status);          -- HighGo
```

A reverse-key index spread sequence-fed keys over the index to avoid
contention between Oracle RAC nodes; on a single PostgreSQL server a B-tree
is the usual choice."#,
    }
    SP0416 {
        name: "view-options-dropped",
        severity: Info,
        summary: "Oracle view options PostgreSQL does not have were dropped (FORCE, EDITIONABLE, a CHECK OPTION's name)",
        help: "nothing to do; create the tables and views a view reads before it",
        effort_minutes: 1,
        explanation: r#"PostgreSQL creates a view only when everything it reads exists: there is
no `FORCE`, so the script must create tables (and the views a view reads)
first. It has no editions (`EDITIONABLE`, `NONEDITIONABLE`), and its
`WITH CHECK OPTION` takes no constraint name. These are dropped.

```sql
CREATE OR REPLACE FORCE VIEW v_op_reg AS SELECT … WITH CHECK OPTION CONSTRAINT ck_v;  -- Oracle
CREATE OR REPLACE VIEW v_op_reg AS SELECT … WITH CHECK OPTION;                         -- HighGo
```"#,
    }
    SP0417 {
        name: "constraint-states-dropped",
        severity: Info,
        summary: "Oracle constraint states (ENABLE, VALIDATE, RELY, USING INDEX …) were dropped or made NOT VALID",
        help: "nothing to do; PostgreSQL constraints are enabled and validated, and make their own indexes",
        effort_minutes: 1,
        explanation: r#"Oracle DDL, as DBMS_METADATA exports it, follows constraints with their
state: `NOT NULL ENABLE`, `PRIMARY KEY (id) USING INDEX … ENABLE`. A
PostgreSQL constraint is always enabled and validated, and a primary key or
unique constraint creates its own index, so for PostgreSQL-style targets these
are dropped. `NOVALIDATE` on a foreign key or check added with
`ALTER TABLE … ADD CONSTRAINT` becomes PostgreSQL's `NOT VALID` (existing
rows are not checked; run `ALTER TABLE … VALIDATE CONSTRAINT` later);
elsewhere it is dropped.

```sql
"CHARGE_ID" NUMBER(14,0) NOT NULL ENABLE,                                   -- Oracle
"CHARGE_ID" NUMERIC(14,0) NOT NULL,                                         -- HighGo
ALTER TABLE op_charge ADD CONSTRAINT ck_amt CHECK (amount >= 0) ENABLE NOVALIDATE;   -- Oracle
ALTER TABLE op_charge ADD CONSTRAINT ck_amt CHECK (amount >= 0) NOT VALID;           -- HighGo
```

`DISABLE` is reported on its own (`SP0313`)."#,
    }
    SP0418 {
        name: "modify-became-alter-column",
        severity: Info,
        summary: "ALTER TABLE … MODIFY became PostgreSQL ALTER COLUMN actions",
        help: "nothing to do; a type change that needs a conversion takes ALTER COLUMN … TYPE … USING (expression)",
        effort_minutes: 2,
        explanation: r#"PostgreSQL has no `MODIFY`: each change of a column is an `ALTER COLUMN`
action (`TYPE`, `SET DEFAULT`, `SET NOT NULL`, `DROP NOT NULL`), several of
them separated by commas in one statement. Oracle's list forms
`MODIFY (c1 …, c2 …)` and `ADD (c1 …, c2 …)` are taken apart too.

```sql
ALTER TABLE op_registration MODIFY (remark VARCHAR2(400 CHAR) DEFAULT '无' NOT NULL);   -- Oracle
ALTER TABLE op_registration ALTER COLUMN remark TYPE VARCHAR(400),
  ALTER COLUMN remark SET DEFAULT '无', ALTER COLUMN remark SET NOT NULL;               -- HighGo
```

PostgreSQL converts the column's values to the new type itself where a cast
exists; where none does (text to number), add `USING (expression)`."#,
    }
    SP0419 {
        name: "drop-options-adapted",
        severity: Info,
        summary: "Oracle DROP TABLE / TRUNCATE options were adapted (PURGE, CASCADE CONSTRAINTS, REUSE STORAGE)",
        help: "recreate the views that read a table dropped with CASCADE",
        effort_minutes: 2,
        explanation: r#"PostgreSQL has no recycle bin, so `DROP TABLE … PURGE` loses `PURGE` (the
table is gone either way), and no storage options on `TRUNCATE` (`REUSE
STORAGE`, `DROP STORAGE`). `CASCADE CONSTRAINTS` becomes `CASCADE`, which in
PostgreSQL drops the foreign keys referencing the table *and the views that
read it*: an install script that drops and recreates a table must recreate
those views afterwards.

```sql
DROP TABLE op_charge_detail CASCADE CONSTRAINTS PURGE;   -- Oracle
DROP TABLE op_charge_detail CASCADE;                     -- HighGo
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
