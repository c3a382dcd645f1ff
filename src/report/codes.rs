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
`ALTER TABLE … SPLIT PARTITION` is an example). Oracle storage clauses
(`TABLESPACE`, `PCTFREE`, `STORAGE (…)`), sequence options (`NOCACHE`,
`ORDER`), synonyms, multi-table inserts and `CREATE DATABASE LINK` are not a
problem: sqlport reads them.

The statement is copied to the output exactly as written, so nothing is lost,
but no rule looked at it: whatever in it the target runs differently is
neither translated nor flagged. The finding points at the place where the
parser stopped.

This is a warning, not an error, because the statement may well run on the
target as it is; sqlport simply cannot vouch for it.

Example:

```sql
ALTER TABLE ip_order SPLIT PARTITION p2024 AT (DATE '2024-07-01')
  INTO (PARTITION p2024h1, PARTITION p2024h2);
-- the parser stops at SPLIT
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
    SP0211 {
        name: "pg-set-returning-function",
        severity: Error,
        summary: "a PostgreSQL set-returning function whose rows cannot become one cursor",
        help: "return a SYS_REFCURSOR opened on one query, or declare a collection type for the rows and make the function PIPELINED",
        effort_minutes: 40,
        explanation: r#"A function `RETURNS SETOF t` or `RETURNS TABLE (…)` returns rows. DM8 has no
set-returning functions of that kind: it offers a cursor result
(`RETURN SYS_REFCURSOR`) or a pipelined table function over a declared
collection type. sqlport turns a function whose rows come from static
`RETURN QUERY` statements, each ending its work, into a cursor function
(`SP0355`). It leaves the function as written, flagged, when the rows are
built one by one (`RETURN NEXT`), come from `RETURN QUERY EXECUTE`, or more
work follows a `RETURN QUERY`.

```sql
CREATE FUNCTION fn_days(p_n integer) RETURNS TABLE (d date) LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..p_n LOOP d := current_date + i; RETURN NEXT; END LOOP;
END $$;
```

Fix: declare `TYPE t_days IS TABLE OF DATE`, make the function
`RETURN t_days PIPELINED` with `PIPE ROW (current_date + i)`, and have callers
select `FROM TABLE(fn_days(7))`."#,
    }
    SP0212 {
        name: "pg-trigger-skips-row",
        severity: Error,
        summary: "a PostgreSQL BEFORE row trigger returns NULL to skip the row; a DM trigger cannot skip it",
        help: "raise an error instead (the statement then fails), or move the condition into the statement or a constraint",
        effort_minutes: 30,
        explanation: r#"In PostgreSQL a `BEFORE … FOR EACH ROW` trigger function that returns
`NULL` silently skips the insert, update or delete of that row. A DM (and
Oracle) row trigger has no return value: it can change `:NEW` or raise an
error, never skip the row. sqlport keeps the `RETURN` (as `RETURN;`, which
lets the row through) and flags it.

```sql
IF NEW.qty = 0 THEN RETURN NULL; END IF;   -- PostgreSQL: the zero-quantity row is not inserted
```

Fix: `RAISE_APPLICATION_ERROR(-20001, '…')` if the statement may fail, or filter
the rows in the statement that inserts them."#,
    }
    SP0213 {
        name: "pg-only-feature",
        severity: Error,
        summary: "a PostgreSQL-only feature with no Dameng equivalent",
        help: "rewrite the feature by hand for DM8 (see the message), or keep that part of the application on PostgreSQL",
        effort_minutes: 30,
        explanation: r#"Some PostgreSQL features have no counterpart in DM8 and are kept as
written, flagged at their place: arrays (`int[]`, `ARRAY[…]`, `ANY(array)`),
range types and exclusion constraints, `LISTEN`/`NOTIFY`, `CREATE
EXTENSION`, full-text search (`tsvector`, `@@`, `to_tsquery`), table
inheritance (`INHERITS`), advisory locks (`pg_advisory_lock`), `COPY`,
PostgreSQL catalogs (`pg_catalog`, `pg_class`, `pg_stat_*`) and
PostgreSQL-only functions.

```sql
CREATE EXTENSION IF NOT EXISTS pgcrypto;          -- no extensions in DM8
SELECT pg_advisory_lock(42);                      -- DM: DBMS_LOCK, or a row lock on a lock table
```"#,
    }
    SP0214 {
        name: "pg-perform-unresolved",
        severity: Error,
        summary: "a PL/pgSQL PERFORM sqlport could not turn into DMSQL",
        help: "call a procedure directly, or SELECT … INTO a variable you declare",
        effort_minutes: 10,
        explanation: r#"PL/pgSQL's `PERFORM query` runs a query and throws its rows away. PL/SQL has
no such statement: a `SELECT` in PL/SQL must have `INTO`. sqlport rewrites
`PERFORM f(…)` of a routine the script declares as returning `void` into the
call `f(…);`, and `PERFORM … FROM …` (an existence test) into
`SELECT COUNT(*) INTO … FROM (…)`. Any other `PERFORM` (of a function that
returns a value, or one sqlport does not see) is kept and flagged.

```sql
PERFORM fn_calc_fee(v_visit_id);       -- fn_calc_fee returns numeric
```

Fix: `v_dummy := fn_calc_fee(v_visit_id);` with `v_dummy NUMBER` declared."#,
    }
    SP0215 {
        name: "pg-statement-no-dmsql",
        severity: Error,
        summary: "a PL/pgSQL statement with no DMSQL form",
        help: "rewrite the statement by hand (see the message)",
        effort_minutes: 20,
        explanation: r#"A few PL/pgSQL statements have no PL/SQL counterpart and are kept as
written: `FOREACH … IN ARRAY`, `MOVE`, `GET STACKED DIAGNOSTICS`,
`RETURN NEXT` outside a function sqlport rewrote, `ASSERT`, and `GET
DIAGNOSTICS` items other than `ROW_COUNT`.

```sql
GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT;   -- DM: v_msg := SQLERRM;
```"#,
    }
    SP0216 {
        name: "pg-condition-unmapped",
        severity: Error,
        summary: "an exception handler names a PostgreSQL condition DM has no predefined exception for",
        help: "catch OTHERS and test SQLCODE, or declare an exception with PRAGMA EXCEPTION_INIT for the DM error number",
        effort_minutes: 15,
        explanation: r#"PL/pgSQL handlers name conditions (`unique_violation`, `foreign_key_violation`,
`SQLSTATE '23503'`). DMSQL handlers name predefined exceptions
(`DUP_VAL_ON_INDEX`, `NO_DATA_FOUND`, …) or user exceptions tied to an error
number. sqlport renames the conditions that have a predefined exception
(from `grammar/oracle_errors.toml`, read backwards) and flags the others.

```sql
EXCEPTION WHEN foreign_key_violation THEN …
```

Fix: `e_fk EXCEPTION; PRAGMA EXCEPTION_INIT(e_fk, -2291);` (check DM's error
number) and `WHEN e_fk THEN`."#,
    }
    SP0217 {
        name: "pg-type-no-equivalent",
        severity: Error,
        summary: "a PostgreSQL type with no Dameng equivalent",
        help: "choose a DM type by hand (see the message) and adapt the code that uses it",
        effort_minutes: 20,
        explanation: r#"Arrays (`integer[]`), range types (`daterange`, `tstzrange`), `tsvector`,
geometric and network types, and user-defined enum and composite types have
no DM8 column type. sqlport keeps the type and flags it.

```sql
valid_during daterange NOT NULL     -- two columns valid_from/valid_to, and a CHECK
```"#,
    }
    SP0218 {
        name: "pg-trigger-function-unmatched",
        severity: Error,
        summary: "a PostgreSQL trigger or trigger function could not be merged into one DM trigger",
        help: "write the DM trigger by hand: its body is the trigger function body, with :NEW/:OLD and INSERTING/UPDATING/DELETING",
        effort_minutes: 20,
        explanation: r#"PostgreSQL splits a trigger in two: a function `RETURNS trigger` holding the
body, and `CREATE TRIGGER … EXECUTE FUNCTION f()`. DM (like Oracle) has one
`CREATE TRIGGER … BEGIN … END;`. sqlport merges the two when both are in
the script and the function is PL/pgSQL. A `CREATE TRIGGER` whose function
is not in the script (or takes arguments), or a trigger function no trigger
of the script uses, is kept and flagged.

```sql
CREATE TRIGGER trg_audit AFTER UPDATE ON visit FOR EACH ROW EXECUTE FUNCTION audit.fn_log('visit');
```"#,
    }
    SP0219 {
        name: "pg-dynamic-format",
        severity: Error,
        summary: "dynamic SQL built with format() that sqlport cannot resolve",
        help: "build the statement with || and bind values with USING; quote identifiers with DBMS_ASSERT.ENQUOTE_NAME",
        effort_minutes: 20,
        explanation: r#"`EXECUTE format('… %I … %L', a, b)` builds SQL with PostgreSQL's `format()`,
which DM does not have. The statement text also holds PostgreSQL SQL that
sqlport cannot translate inside a string.

```sql
EXECUTE format('DELETE FROM %I WHERE visit_id = $1', p_table) USING p_id;
-- DM: EXECUTE IMMEDIATE 'DELETE FROM ' || p_table || ' WHERE visit_id = :1' USING p_id;
```"#,
    }
    SP0220 {
        name: "sys-context-unmapped",
        severity: Error,
        summary: "a SYS_CONTEXT namespace or key with no PostgreSQL equivalent",
        help: "replace the call by hand: a setting (current_setting('app.x', true)) for an application context, or drop the key",
        effort_minutes: 20,
        explanation: r#"`SYS_CONTEXT('USERENV', key)` is translated for the keys PostgreSQL has an
equivalent for (`SESSION_USER`, `CURRENT_USER`, `CURRENT_SCHEMA`, `DB_NAME`,
`IP_ADDRESS`, `HOST`, `SID`, `MODULE`, …). Other keys, and application
contexts (`CREATE CONTEXT his_ctx …` set with `DBMS_SESSION.SET_CONTEXT`),
have none: the call is kept and the statement will not run.

```sql
SELECT SYS_CONTEXT('HIS_CTX', 'HOSPITAL_ID') FROM dual;   -- Oracle
SELECT current_setting('his_ctx.hospital_id', true);       -- one way, set with set_config()
```"#,
    }
    SP0221 {
        name: "regexp-unsupported",
        severity: Error,
        summary: "a regular-expression call PostgreSQL of this version cannot run as written",
        help: "rewrite the call by hand, or target a later kernel (--target-version 15)",
        effort_minutes: 15,
        explanation: r#"sqlport translates Oracle's `REGEXP_*` functions, converting Oracle's match
parameter to PostgreSQL flags. Some calls have no translation and are kept:
`REGEXP_INSTR`, and `REGEXP_SUBSTR` with a sub-expression number, before
PostgreSQL 15; `REGEXP_REPLACE` with a start position other than 1 or an
occurrence other than 0 (all) or 1 (PostgreSQL 16 added these); and any call
whose match parameter is not a literal, since the flags mean different things
(Oracle's default is PostgreSQL's `p`).

```sql
SELECT REGEXP_REPLACE(addr, '[0-9]+', '#', 1, 2) FROM pat_info;  -- the second number only
```"#,
    }
    SP0222 {
        name: "pg-routine-parameter",
        severity: Error,
        summary: "a PostgreSQL routine parameter with no DMSQL form (unnamed, or VARIADIC)",
        help: "name the parameter and use the name in the body; replace VARIADIC with a collection parameter",
        effort_minutes: 10,
        explanation: r#"PostgreSQL parameters may be unnamed (`$1` in the body) or `VARIADIC`
(any number of arguments gathered in an array). DMSQL parameters are named
and fixed in number.

```sql
CREATE FUNCTION fn_age(date) RETURNS integer …  -- DM: fn_age(p_birth IN DATE)
```"#,
    }
    SP0223 {
        name: "pg-sql-unsupported",
        severity: Error,
        summary: "PostgreSQL SQL that sqlport does not rewrite for an Oracle-style target",
        help: "rewrite the statement by hand (see the message)",
        effort_minutes: 20,
        explanation: r#"Some PostgreSQL query forms have an Oracle-style equivalent sqlport does not
build yet and are kept, flagged: `INSERT … ON CONFLICT` (DM: `MERGE`),
`DISTINCT ON` of a form the `distinct-on` pass cannot rewrite exactly (an
unnamed output column or `*`, keys not leading the `ORDER BY`; the others
become a `ROW_NUMBER()` subquery), `generate_series` other than an integer
series in `FROM` (dates with an `INTERVAL` step, a column of an earlier
`FROM` item, a call in an expression; DM: `CONNECT BY LEVEL`), `UPDATE … FROM`, `DELETE … USING`, interval literals of
several parts, `CREATE TABLE … (LIKE t)`, and `RETURNING` on a statement
outside PL code. (Aggregate `FILTER (WHERE …)` is rewritten: a `CASE` inside
the aggregate.)

```sql
INSERT INTO bed_stat (ward_code, n) VALUES ('W01', 1)
ON CONFLICT (ward_code) DO UPDATE SET n = bed_stat.n + 1;
-- DM: MERGE INTO bed_stat t USING (SELECT 'W01' ward_code FROM dual) s ON (t.ward_code = s.ward_code)
--     WHEN MATCHED THEN UPDATE SET n = t.n + 1 WHEN NOT MATCHED THEN INSERT VALUES (s.ward_code, 1);
```"#,
    }
    SP0224 {
        name: "pg-non-plpgsql-routine",
        severity: Error,
        summary: "a PostgreSQL routine not written in PL/pgSQL (LANGUAGE sql, plpython, c, …) is kept as written",
        help: "rewrite it as a DMSQL function: a LANGUAGE sql function RETURN (query) becomes a PL/SQL body with SELECT … INTO and RETURN",
        effort_minutes: 15,
        explanation: r#"sqlport reads PL/pgSQL bodies. A function in another language — most often
`LANGUAGE sql` (a body that is a query, or a `RETURN expr` body in
PostgreSQL 14+) — is kept as written and does not run on DM.

```sql
CREATE FUNCTION fn_age(p_birth date) RETURNS integer LANGUAGE sql IMMUTABLE
RETURN extract(year FROM age(current_date, p_birth))::integer;
-- DM: CREATE FUNCTION fn_age (p_birth IN DATE) RETURN INTEGER DETERMINISTIC IS
--     BEGIN RETURN TRUNC(MONTHS_BETWEEN(SYSDATE, p_birth) / 12); END;
```"#,
    }
    SP0225 {
        name: "pg-returning-into-strict",
        severity: Warning,
        summary: "UPDATE/DELETE … RETURNING … INTO STRICT lost STRICT: on DM no row leaves the variables NULL instead of raising NO_DATA_FOUND",
        help: "if the code relied on the error, test SQL%ROWCOUNT = 0 after the statement and RAISE NO_DATA_FOUND",
        effort_minutes: 5,
        explanation: r#"In PL/pgSQL, `UPDATE … RETURNING x INTO STRICT v` raises `NO_DATA_FOUND`
when no row was changed (and `TOO_MANY_ROWS` when several were). DMSQL, like
PL/SQL, writes `RETURNING x INTO v` without `STRICT`: several rows still raise
`TOO_MANY_ROWS`, but no row just leaves `v` NULL. sqlport drops `STRICT` and
reports the statement; an `INSERT … VALUES` always returns one row and is not
reported.

```sql
UPDATE bed SET status = 'O' WHERE bed_id = p_bed RETURNING bed_no INTO STRICT v_bed;
-- DM: UPDATE … RETURNING bed_no INTO v_bed;
--     IF SQL%ROWCOUNT = 0 THEN RAISE NO_DATA_FOUND; END IF;
```"#,
    }
    SP0226 {
        name: "pg-dynamic-for-loop",
        severity: Error,
        summary: "FOR … IN EXECUTE: a loop over a dynamic query, which PL/SQL does not have",
        help: "OPEN a SYS_REFCURSOR FOR the SQL USING its values, then LOOP FETCH … INTO variables of the columns' types; EXIT WHEN c%NOTFOUND",
        effort_minutes: 20,
        explanation: r#"PL/pgSQL loops over the rows of SQL text with `FOR r IN EXECUTE sql USING …
LOOP`, `r` being a `record` that takes whatever columns the query returns.
PL/SQL's cursor `FOR` loop needs a static query, and a record variable needs
its columns' types at compile time, which dynamic SQL does not give.

```sql
FOR rec IN EXECUTE 'SELECT status, count(*) AS n FROM ' || p_table || ' GROUP BY status' LOOP
    RAISE NOTICE '% %', rec.status, rec.n;
END LOOP;
-- DMSQL:
OPEN c FOR 'SELECT status, count(*) AS n FROM ' || p_table || ' GROUP BY status';
LOOP
    FETCH c INTO v_status, v_n;
    EXIT WHEN c%NOTFOUND;
    DBMS_OUTPUT.PUT_LINE(v_status || ' ' || v_n);
END LOOP;
CLOSE c;
```"#,
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
in `UPDATE … SET`, in the `WHERE` of a `DELETE … USING` or `UPDATE … FROM`,
or in a block sqlport cannot restructure.

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
    SP0240 {
        name: "transaction-control-not-allowed",
        severity: Error,
        summary: "COMMIT, ROLLBACK or SAVEPOINT in a procedure where PL/pgSQL forbids it",
        help: "move the transaction control to the caller, or make the routine a procedure called by CALL outside a transaction, with no EXCEPTION section around the COMMIT",
        effort_minutes: 30,
        explanation: r#"Oracle lets any PL/SQL code end the transaction. PostgreSQL allows `COMMIT`
and `ROLLBACK` only in a procedure (or `DO` block) invoked by `CALL` outside
an explicit transaction (in functions and triggers never: `SP0275`), and even
there never:

- in the protected part of a block that has an `EXCEPTION` section ("cannot
  commit while a subtransaction is active"); inside the handler itself it
  is allowed;
- as `SAVEPOINT` or `ROLLBACK TO SAVEPOINT`, which PL/pgSQL has not at all
  (a block with an `EXCEPTION` section is its savepoint).

```sql
CREATE OR REPLACE PROCEDURE sp_ip_daily_bed_fee IS
BEGIN
  INSERT INTO ip_fee_detail …;
  COMMIT;                      -- fails at run time on PostgreSQL:
EXCEPTION                      -- the block has an EXCEPTION section
  WHEN OTHERS THEN ROLLBACK; RAISE;
END;
```

Fix: let the caller commit, or move the `COMMIT` out of the protected block
(for example, into an outer block without handlers)."#,
    }
    SP0241 {
        name: "nested-routine",
        severity: Error,
        summary: "a procedure or function declared inside a block; PL/pgSQL has no nested routines",
        help: "move it out as a separate routine, passing the enclosing variables it uses as parameters",
        effort_minutes: 30,
        explanation: r#"PL/SQL lets a block declare its own procedures and functions, which see the
block's variables. PL/pgSQL has no nested routines. Hoisting one into a
separate function would need every enclosing variable it reads or writes
passed in and out, and a name that does not clash with other routines:
sqlport leaves that decision to you and flags the declaration.

```sql
CREATE OR REPLACE FUNCTION fn_fee (p_id NUMBER) RETURN NUMBER IS
  FUNCTION local_round (x NUMBER) RETURN NUMBER IS
  BEGIN RETURN ROUND(x, 2); END;
BEGIN
  RETURN local_round(p_id);
END;
```

Fix: create `fn_fee_local_round(x numeric)` as its own function and call it."#,
    }
    SP0242 {
        name: "goto-statement",
        severity: Error,
        summary: "retired: GOTO is reported as SP0274 (GOTO; PL/pgSQL has no GOTO)",
        help: "restructure the code with loops, EXIT/CONTINUE with labels, or IF",
        effort_minutes: 20,
        explanation: r#"PL/pgSQL has labels for blocks and loops, but no `GOTO`. The statement is
kept as written and the routine will not compile until it is rewritten.

```sql
IF l_done THEN GOTO finish; END IF;
…
<<finish>>
NULL;
```

Fix: a jump forward out of a loop is `EXIT label`; a jump to the end of a
block is a labelled block left with `EXIT label`; anything else needs IF."#,
    }
    SP0243 {
        name: "function-out-params-and-return",
        severity: Error,
        summary: "a function with OUT or IN OUT parameters and a return value",
        help: "make it a procedure with one more OUT parameter, or return a composite type, and change its callers",
        effort_minutes: 30,
        explanation: r#"An Oracle function can return a value and also set `OUT` or `IN OUT`
parameters. In PostgreSQL the `OUT` and `INOUT` parameters of a function
*are* its result: such a function returns a record of them, and `RETURNS`
must match.
Callers written `v := f(a, o_msg)` have to change, so sqlport does not
invent the new shape.

```sql
CREATE FUNCTION fn_fee (p_id IN NUMBER, o_msg OUT VARCHAR2) RETURN NUMBER IS …
```

Fix: a procedure `sp_fee(p_id numeric, OUT o_msg varchar, OUT o_fee numeric)`
called with `CALL`, or a function returning both as a composite type."#,
    }
    SP0244 {
        name: "dynamic-sql-out-bind",
        severity: Error,
        summary: "EXECUTE IMMEDIATE with OUT binds or RETURNING INTO",
        help: "put RETURNING in the SQL text and use EXECUTE … INTO target; pass only input values in USING",
        effort_minutes: 15,
        explanation: r#"Oracle's dynamic SQL can return values through `USING OUT x` or
`RETURNING INTO x`. PL/pgSQL's `EXECUTE … USING` passes input values only;
results come back through `INTO`.

```sql
EXECUTE IMMEDIATE 'UPDATE op_charge SET status = ''P'' WHERE id = :1 RETURNING amount INTO :2'
  USING p_id, OUT l_amount;
```

Fix:

```sql
EXECUTE 'UPDATE op_charge SET status = ''P'' WHERE id = $1 RETURNING amount'
  INTO l_amount USING p_id;
```"#,
    }
    SP0245 {
        name: "newer-postgresql-feature",
        severity: Error,
        summary: "a PostgreSQL feature newer than the target's kernel, with no rewrite",
        help: "rewrite it by hand for the kernel (see the message for the version that added it), or target a newer kernel with --target-version",
        effort_minutes: 30,
        explanation: r#"HighGo runs PostgreSQL 12 (SEE 4.5) or 14 (V9.0) kernels and Kingbase V8R6
runs 12, in PG mode and in Oracle mode alike (the Oracle mode keeps the
kernel and runs PostgreSQL SQL and `plpgsql` routines as written). A script
written for PostgreSQL 15–17 may use features those kernels lack. sqlport
rewrites the ones with an equivalent (`MERGE`, `OUT` parameters of
procedures, jsonb subscripting, `regexp_count` and its siblings,
`gen_random_uuid()`, `WITH TIES`, `CREATE OR REPLACE TRIGGER`, SQL-standard
function bodies, `any_value`, `string_to_table`, `SEARCH DEPTH FIRST` and
`CYCLE`, SQL/JSON's `IS JSON`, constructors, query functions and `JSON_TABLE`) and reports
the others where they are written, with the version that introduced them
(the table is `grammar/pg_features.toml`):

```sql
CREATE TABLE lab_device (serial_no text, UNIQUE NULLS NOT DISTINCT (serial_no)); -- 15
WITH RECURSIVE t AS (…) SEARCH BREADTH FIRST BY item_id SET ord SELECT …; -- 14
SELECT jt.* FROM lab_msg, JSON_TABLE(payload, '$[*]' COLUMNS (NESTED PATH …)) jt; -- 17
```

`UNIQUE NULLS NOT DISTINCT` has no exact single-constraint equivalent: a
unique index over `COALESCE(col, sentinel)` makes a NULL collide with a row
that holds the sentinel, and partial unique indexes (one per pattern of
NULL columns) reject the same rows but cannot be named by `ON CONFLICT` or
a foreign key; the finding's help says so.

It also reports a use of a rewritable feature that cannot be rewritten as
written (a `WITH TIES` over a `UNION`, a nested jsonb subscript assignment).
Fix: write the equivalent by hand (a partial unique index over
`coalesce(col, …)`, a recursive query that builds the path array itself,
`jsonb_typeof(x) = 'object'` in an exception-guarded helper, …)."#,
    }
    SP0246 {
        name: "sql-json-result-type-unknown",
        severity: Warning,
        summary: "a SQL/JSON constructor became a json builder, but whether PostgreSQL 16+ would have returned jsonb is not known",
        help: "if the argument named in the message is jsonb, add RETURNING jsonb to the constructor in the source (the rewrite then uses the jsonb_ builder)",
        effort_minutes: 5,
        explanation: r#"PostgreSQL 16 and 17 give a SQL/JSON constructor with no `RETURNING`
clause (`JSON_OBJECT`, `JSON_ARRAY`, `JSON_OBJECTAGG`, `JSON_ARRAYAGG`) the
type `jsonb` when one of its arguments is `jsonb`, else `json`. For an older
kernel sqlport rewrites the call with `json_build_object`, `json_agg`, … or
their `jsonb_` twins, whose type is fixed, and decides from what the script
declares: a `jsonb` column of a table it creates, a parameter or variable,
a cast, a `jsonb_` function. Where an argument's type is not declared in the
script (a table created elsewhere, a function's result), the rewrite returns
`json`:

```sql
SELECT JSON_OBJECT('id' VALUE r.result_id, 'detail' VALUE r.detail) FROM lab_result r;
-- lab_result is created in another script: the result is json, and
SELECT json_build_object('id', r.result_id, 'detail', r.detail) FROM lab_result r;
```

If `detail` is `jsonb`, PostgreSQL 17 returns `jsonb`, with `jsonb`'s text
(keys sorted, `": "`) and operators (`||`, `@>`, `-`) that `json` lacks.
What to do: add `RETURNING jsonb` (or `RETURNING json`) to the source call;
sqlport then writes the builder of that type and says nothing."#,
    }
    SP0250 {
        name: "compound-trigger",
        severity: Error,
        summary: "a compound trigger has no PostgreSQL equivalent",
        help: "split it into statement- and row-level triggers; keep the shared state in a transition table (REFERENCING NEW TABLE AS …) or a temporary table",
        effort_minutes: 120,
        explanation: r#"An Oracle compound trigger (`FOR … COMPOUND TRIGGER`) has timing-point
sections (`BEFORE STATEMENT`, `AFTER EACH ROW`, …) that share declarations,
so rows collected in `AFTER EACH ROW` can be written in bulk in
`AFTER STATEMENT`. PostgreSQL triggers are single functions with no state
shared between firings.

```sql
CREATE OR REPLACE TRIGGER trg_nur_exec_audit
  FOR INSERT OR UPDATE ON nur_exec
  COMPOUND TRIGGER
  g_logs t_log_tab;
  AFTER EACH ROW IS BEGIN … END AFTER EACH ROW;
  AFTER STATEMENT IS BEGIN FORALL i IN 1 .. g_logs.COUNT INSERT … END AFTER STATEMENT;
END;
```

What to do: most compound triggers exist to avoid Oracle's mutating-table
error, which PostgreSQL does not have. Write one `AFTER … FOR EACH ROW`
trigger doing the row's work, or one `AFTER … FOR EACH STATEMENT` trigger
with `REFERENCING NEW TABLE AS new_rows` that works on the transition table.
The unit is kept as written."#,
    }
    SP0251 {
        name: "system-trigger",
        severity: Error,
        summary: "a database, schema or DDL event trigger has no direct PostgreSQL equivalent",
        help: "write a PostgreSQL event trigger (CREATE EVENT TRIGGER … ON ddl_command_start) or move the logic to the client; logon triggers have none",
        effort_minutes: 60,
        explanation: r#"Oracle triggers `ON DATABASE` or `ON SCHEMA` fire on events (`LOGON`,
`STARTUP`, `CREATE`, `DDL`, `SERVERERROR`, …) rather than on a table's rows.
PostgreSQL has event triggers for DDL only, with other variables and rules,
and nothing for logon or startup.

```sql
CREATE OR REPLACE TRIGGER trg_his_logon AFTER LOGON ON DATABASE
BEGIN sp_his_log('LOGON', 'INFO', USER); END;
```

What to do: rewrite DDL triggers as event triggers by hand; move logon logic
to the application or to `ALTER ROLE … SET` settings. The unit is kept as written."#,
    }
    SP0252 {
        name: "package-initialization",
        severity: Error,
        summary: "a package body's initialization section does not run on PostgreSQL",
        help: "move the statements into the package variables' defaults, or into a routine that callers run first",
        effort_minutes: 30,
        explanation: r#"The statements between `BEGIN` and the final `END` of an Oracle package
body run once per session, the first time the package is used. A package
becomes a schema on PostgreSQL, and a schema has no code of its own that runs
on first use, so the section is dropped from the output.

```sql
CREATE OR REPLACE PACKAGE BODY pkg_nur_exec IS
  g_done_total PLS_INTEGER;
  …
BEGIN
  g_done_total := 0;        -- runs once per session in Oracle
END pkg_nur_exec;
```

What to do: when the section only sets variables, give the variables those
values as defaults (`g_done_total PLS_INTEGER := 0;`): the session-state
accessors sqlport writes return the default until the variable is first set.
Otherwise, put the statements in a routine and call it where the session starts."#,
    }
    SP0253 {
        name: "string-indexed-collection",
        severity: Error,
        summary: "an associative array indexed by strings has no PostgreSQL array equivalent",
        help: "use a jsonb object (v := jsonb_set(v, ARRAY[key], to_jsonb(x)); v->>key) or an hstore, or a temporary table keyed by the string",
        effort_minutes: 45,
        explanation: r#"`TABLE OF t INDEX BY VARCHAR2(n)` is a map from strings to values.
PostgreSQL arrays are indexed by integers only, so sqlport cannot turn it into
an array as it does integer-indexed collections; the map operations
(`m(k) := v`, `m.EXISTS(k)`, `m.FIRST`/`m.NEXT(k)` in key order) need a
different structure.

```sql
TYPE t_code_count IS TABLE OF PLS_INTEGER INDEX BY VARCHAR2(20);
g_freq_cache t_code_count;
g_freq_cache('BID') := 2;
```

What to do: a `jsonb` object keeps the meaning for scalar values
(`g := jsonb_set(coalesce(g, '{}'), ARRAY['BID'], to_jsonb(2))`, `(g->>'BID')::int`,
`g ? 'BID'`, `jsonb_object_keys(g)` for iteration — in key order for jsonb). The
declaration is kept as written."#,
    }
    SP0254 {
        name: "forall-save-exceptions",
        severity: Error,
        summary: "FORALL … SAVE EXCEPTIONS has no PostgreSQL equivalent",
        help: "loop over the elements with a BEGIN … EXCEPTION WHEN OTHERS block around each statement, collecting the failures yourself",
        effort_minutes: 30,
        explanation: r#"With `SAVE EXCEPTIONS`, Oracle runs every iteration of a `FORALL`, collects
the failing ones in `SQL%BULK_EXCEPTIONS` and raises `ORA-24381` at the end.
PostgreSQL has no bulk binding and no such collection.

```sql
FORALL i IN INDICES OF v_ids SAVE EXCEPTIONS
  UPDATE nur_exec SET exec_status = 'D' WHERE exec_id = v_ids(i);
```

What to do: write a `FOR` loop whose body is a block with
`EXCEPTION WHEN OTHERS THEN` that records `i` and `SQLERRM` in an array, and
raise after the loop when the array is not empty. The statement is kept as written."#,
    }
    SP0255 {
        name: "package-variable-element-write",
        severity: Error,
        summary: "a package variable is changed in place (an element, a field, or INTO), which session-state accessors cannot do",
        help: "read the variable into a local (v := pkg.g_x()), change the local, then write it back (PERFORM pkg.set_g_x(v))",
        effort_minutes: 15,
        explanation: r#"sqlport turns each package variable into a pair of accessor functions over a
session setting (`pkg.g_x()` reads it, `pkg.set_g_x(v)` writes it), and
rewrites whole assignments `g_x := v` into calls of the setter. A change of
part of the variable (`g_list(i) := v`, `g_rec.f := v`), or a statement that
writes into it (`SELECT … INTO g_x`, `FETCH … INTO g_x`, an `OUT` argument), has
no accessor form, so it is left as written and would fail.

```sql
g_logs(g_idx).log_time := SYSDATE;   -- g_logs is a package variable
```

What to do: copy the variable into a local, change the local, and write it
back with the setter."#,
    }
    SP0256 {
        name: "collection-operation-without-array-form",
        severity: Error,
        summary: "a collection operation has no PostgreSQL array equivalent",
        help: "rewrite it with a loop over the array, or rebuild the array (the finding's help says how for the operation)",
        effort_minutes: 20,
        explanation: r#"sqlport turns integer-indexed collections into PostgreSQL arrays, which are
dense and 1-based. Some collection operations have no array form:
`v.DELETE(i)` (arrays have no gaps), and `FETCH … BULK COLLECT` or `v.EXTEND(n)`
into a collection whose element type is not known here (declared in a file
the translation was not given).

```sql
v_ids.DELETE(3);
```

What to do: for `DELETE(i)`, rebuild the array without the element; for
the others, give the file declaring the type to the
translation (`Options::with_context`, or translate the files together). The
statement is kept as written."#,
    }
    SP0257 {
        name: "local-record-type",
        severity: Error,
        summary: "a record type declared in a block has no PL/pgSQL equivalent",
        help: "create it once as a composite type (CREATE TYPE name AS (…)) before the routine, or declare the variables as table%ROWTYPE",
        effort_minutes: 15,
        explanation: r#"PL/SQL lets a block declare its own record types (`TYPE r IS RECORD (…)`),
for variables and for collections of records. PL/pgSQL has no local types:
types are schema objects. (A package's record types are translated: they
become composite types in the package's schema.)

```sql
DECLARE
  TYPE r_line IS RECORD (item_id NUMBER, amount NUMBER(12,2));
  TYPE t_lines IS TABLE OF r_line INDEX BY PLS_INTEGER;
  l_lines t_lines;
```

What to do: create the type once, before the routine
(`CREATE TYPE r_line AS (item_id numeric, amount numeric(12,2));`, with a name
that does not clash with other routines' types), or, when the record has a
table's columns, declare the variables as `table%ROWTYPE`. The declaration is
kept as written."#,
    }
    SP0258 {
        name: "collection-of-column-type",
        severity: Error,
        summary: "a collection of a column's type (TABLE OF t.c%TYPE) needs PostgreSQL 17's t.c%TYPE[]",
        help: "write the column's type as the element type (TABLE OF NUMBER(14) for TABLE OF t.c%TYPE)",
        effort_minutes: 5,
        explanation: r#"sqlport turns a block's collection types into arrays of their element type.
An element given as a column's type, `t.c%TYPE`, would become `t.c%TYPE[]`,
which PL/pgSQL reads only from PostgreSQL 17; the HighGo kernels (12, 14)
and PostgreSQL 15 do not.

```sql
TYPE t_batch_ids IS TABLE OF ph_stock_batch.batch_id%TYPE;
l_ids t_batch_ids;           -- becomes l_ids ph_stock_batch.batch_id%TYPE[]
```

What to do: write the column's type itself (`TABLE OF NUMBER(14)`), which
then maps as any other type."#,
    }
    SP0260 {
        name: "transaction-name-dropped",
        severity: Info,
        summary: "the NAME of a SET TRANSACTION was dropped: PostgreSQL transactions have no names",
        help: "monitoring that looked for the name in V$TRANSACTION can use application_name or a comment instead",
        effort_minutes: 1,
        explanation: r#"Oracle's `SET TRANSACTION … NAME 'text'` labels the transaction for
`V$TRANSACTION` and distributed-transaction diagnostics; it changes nothing
about what the transaction does. PostgreSQL's `SET TRANSACTION` has no such
clause and rejects the statement, so sqlport drops the name and keeps the
rest (isolation level, `READ ONLY`).

```sql
SET TRANSACTION ISOLATION LEVEL READ COMMITTED NAME 'NUR_BATCH_EXEC';  -- Oracle
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;                        -- HighGo
```

What to do: nothing, unless monitoring read the name; `SET application_name`
labels a session in `pg_stat_activity`."#,
    }
    SP0261 {
        name: "dictionary-view-from-catalog",
        severity: Info,
        summary: "an Oracle data dictionary view was read from PostgreSQL's catalog",
        help: "check the columns the code reads: names are upper-cased as Oracle stores them, and some values differ",
        effort_minutes: 3,
        explanation: r#"PostgreSQL has no Oracle data dictionary. A query on `USER_SEQUENCES`,
`USER_TABLES`, `USER_VIEWS`, `USER_INDEXES` or `USER_TAB_COLUMNS` reads a
subquery over PostgreSQL's catalog (`pg_sequences`, `pg_tables`, …) that has
the view's columns under their Oracle names, for the current schema, with
object names upper-cased as Oracle stores unquoted names. Values that
PostgreSQL keeps differently (a table's row count estimate, a view's text as
PostgreSQL rebuilds it) are what PostgreSQL has.

```sql
SELECT sequence_name FROM user_sequences WHERE sequence_name LIKE 'SEQ\_OP\_%' ESCAPE '\';
-- becomes
SELECT sequence_name FROM (SELECT upper(sqlport_s.sequencename)::varchar(128) AS sequence_name, …
  FROM pg_catalog.pg_sequences sqlport_s WHERE sqlport_s.schemaname = current_schema()) AS user_sequences
 WHERE sequence_name LIKE 'SEQ\_OP\_%' ESCAPE '\';
```

What to do: check the columns the code reads against the finding's note."#,
    }
    SP0262 {
        name: "dictionary-view-not-translated",
        severity: Error,
        summary: "an Oracle data dictionary view with no PostgreSQL equivalent",
        help: "query the PostgreSQL catalog that holds the objects the code looks for",
        effort_minutes: 20,
        explanation: r#"Some Oracle data dictionary views answer questions PostgreSQL's catalog
splits up or does not keep: `USER_OBJECTS` (every kind of object, with a
`STATUS` of `VALID`/`INVALID`), `USER_SOURCE` (a routine's source one line
per row), `USER_ERRORS` (compilation errors). sqlport leaves the query as
written; it fails with "relation does not exist".

```sql
SELECT object_name FROM user_objects WHERE status = 'INVALID';
```

What to do: query the catalog for the kind of object the code looks for
(`pg_class`, `pg_proc`, `pg_trigger`, `pg_constraint`), or drop the check if
it only served Oracle's object invalidation."#,
    }
    SP0270 {
        name: "autonomous-transaction",
        severity: Error,
        summary: "an autonomous transaction (`PRAGMA AUTONOMOUS_TRANSACTION`) the target cannot run",
        help: "decide how the routine's own commit should work on the target (separate connection, or let the caller commit)",
        effort_minutes: 60,
        explanation: r#"A routine declared with `PRAGMA AUTONOMOUS_TRANSACTION` commits or rolls back
its own work independently of its caller — typically an audit or error log
that must survive the caller's rollback. A PostgreSQL kernel (HighGo,
Kingbase in PG mode) has no autonomous transactions: the pragma is not
accepted, and removing it silently ties the log to the caller's transaction.

```sql
CREATE OR REPLACE PROCEDURE p_log_error (p_msg VARCHAR2) IS
  PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
  INSERT INTO sys_error_log (msg, log_time) VALUES (p_msg, SYSDATE);
  COMMIT;
END;
```

What to do: choose per routine — write through a second connection
(`dblink`, `pg_background`; extra credentials, different locking), or
accept that the log rolls back with its caller and commit in the caller.
Where the target runs the pragma but differently (Kingbase's Oracle mode),
the finding is a warning (`SP0370`) instead."#,
    }
    SP0271 {
        name: "unsupported-package",
        severity: Error,
        summary: "a call to an Oracle built-in package (`DBMS_*`, `UTL_*`) the target lacks",
        help: "replace the call with what the target offers (the finding's help names it) or move the work to the application",
        effort_minutes: 45,
        explanation: r#"Oracle ships many PL/SQL packages (`DBMS_JOB`, `DBMS_PIPE`, `UTL_FILE`,
`UTL_HTTP`, …). Each target has a different subset: Dameng creates most of
them as system packages, Kingbase's Oracle mode provides some as plug-ins,
and a PostgreSQL kernel has none (sqlport does not assume orafce). The
target catalogs (`grammar/targets/*.toml`, `[[packages]]`) record, per
package and mode, what the target has, each fact with its source; a call
outside it is reported here.

```sql
BEGIN
  DBMS_JOB.SUBMIT(v_job, 'pkg_billing.p_nightly_close;', SYSDATE, 'TRUNC(SYSDATE) + 1 + 2/24');
  UTL_FILE.PUT_LINE(v_file, v_line);
END;
```

What to do: follow the help of the finding (for example `pg_cron` or the
operating system's scheduler for `DBMS_JOB`, `LISTEN/NOTIFY` for
`DBMS_PIPE`). Where the package exists only after a setup step or its
support is unverified, the finding is a warning (`SP0370`)."#,
    }
    SP0272 {
        name: "database-link",
        severity: Error,
        summary: "a database link (`name@link`, `CREATE DATABASE LINK`) the target cannot use as written",
        help: "give the remote objects a local name on the target (foreign tables on PostgreSQL kernels, DM's own CREATE LINK on Dameng)",
        effort_minutes: 60,
        explanation: r#"Oracle reaches objects of another database through a database link:
`SELECT … FROM lis_result@lis_link`, `p_sync@lis_link(…)`, created with
`CREATE DATABASE LINK`. A PostgreSQL kernel has no database links: remote
tables become foreign tables (`postgres_fdw`, `oracle_fdw`) with a local
name, and remote procedure calls have no equivalent. Dameng has links, but
creates them with its own statement:

```sql
CREATE DATABASE LINK lis_link CONNECT TO lis IDENTIFIED BY pwd USING 'LIS';  -- Oracle
CREATE LINK lis_link CONNECT 'ORACLE' WITH lis IDENTIFIED BY pwd USING 'LIS'; -- Dameng
```

What to do: create the link (or the foreign server, user mapping and
foreign tables) on the target by hand — the connection data differs anyway
— and rename the remote objects where the target needs it."#,
    }
    SP0273 {
        name: "unsupported-query-clause",
        severity: Error,
        summary: "a query clause the target lacks: flashback (`AS OF`, `VERSIONS BETWEEN`), `MODEL` or `MATCH_RECOGNIZE`",
        help: "rewrite the query with what the target has (the finding's help says how)",
        effort_minutes: 60,
        explanation: r#"Some Oracle query clauses have no counterpart on the target:

- flashback queries (`AS OF TIMESTAMP …`, `AS OF SCN …`, `VERSIONS BETWEEN …`)
  read old row versions from undo data; a PostgreSQL kernel keeps no such
  history, and Dameng answers them only with its flashback feature on;
- the `MODEL` clause computes spreadsheet-like rules over a result;
- `MATCH_RECOGNIZE` finds row patterns.

```sql
SELECT * FROM ip_order AS OF TIMESTAMP SYSDATE - 1/24 WHERE order_id = 1001;
```

The finding points at the clause. What to do: keep history explicitly (a
history table filled by a trigger) for flashback; rewrite `MODEL` and
`MATCH_RECOGNIZE` with window functions or procedural code."#,
    }
    SP0274 {
        name: "unsupported-plsql-construct",
        severity: Error,
        summary: "a PL/SQL construct the target's procedural language lacks",
        help: "restructure the code as the finding's help says",
        effort_minutes: 45,
        explanation: r#"Constructs of PL/SQL that the target's procedural language does not have,
and that sqlport cannot translate faithfully: on PostgreSQL kernels `GOTO`,
compound triggers, object types with methods (`MEMBER`, `STATIC`,
`CONSTRUCTOR`, `TYPE BODY`), associative arrays indexed by strings
(`TABLE OF … INDEX BY VARCHAR2(n)`) and `FORALL … SAVE EXCEPTIONS`; per
target, whatever its catalog (`grammar/targets/*.toml`, `[[unsupported]]`)
lists.

```sql
DECLARE
  TYPE t_price_map IS TABLE OF NUMBER INDEX BY VARCHAR2(20);  -- keyed by drug code
BEGIN
  …
  GOTO done;
END;
```

What to do: restructure by hand — a labelled block with `EXIT` instead of
`GOTO`, a `jsonb`/`hstore` value instead of a string-keyed array, functions
taking the type as a parameter instead of methods, one trigger per timing
point instead of a compound trigger."#,
    }
    SP0275 {
        name: "transaction-control-in-function",
        severity: Error,
        summary: "transaction control where the target forbids it: `COMMIT`/`ROLLBACK` in a function, a trigger or a block with an `EXCEPTION` section; `SAVEPOINT`/`ROLLBACK TO` in procedural code",
        help: "move the transaction control to the caller, or make the routine a procedure called outside a transaction block",
        effort_minutes: 30,
        explanation: r#"On a PostgreSQL kernel a function or a trigger runs inside its caller's
transaction and may not end it: `COMMIT` or `ROLLBACK` there fails at run
time with "invalid transaction termination". Oracle allows it in an
autonomous routine, and HIS code often commits in functions called from
batch jobs.

```sql
CREATE OR REPLACE FUNCTION f_close_day (p_day DATE) RETURN NUMBER IS
BEGIN
  UPDATE op_charge SET status = 'C' WHERE charge_day = p_day;
  COMMIT;
  RETURN SQL%ROWCOUNT;
END;
```

Procedures may commit on PostgreSQL 11 and later, but not inside a block
that has an `EXCEPTION` section: PL/pgSQL runs such a block as a
subtransaction, and `COMMIT` there fails with "cannot commit while a
subtransaction is active" — which the block's own `WHEN OTHERS` handler then
catches, silently undoing the block's work. (`ROLLBACK` inside the handler
itself is accepted.)

```sql
CREATE OR REPLACE PROCEDURE p_settle (p_id NUMBER) IS
BEGIN
  UPDATE op_charge SET status = 'S' WHERE charge_id = p_id;
  COMMIT;                       -- inside the block that has the handler
EXCEPTION
  WHEN OTHERS THEN ROLLBACK; RAISE;
END;
```

`SAVEPOINT` and `ROLLBACK TO` are not accepted in PL/pgSQL at all; there a
block with an `EXCEPTION` section is the savepoint (its handler runs after
the block's work was undone).

What to do: let the caller commit, or turn the function into a procedure
(`CALL`ed outside an explicit transaction block); commit outside the block
that has the handler; replace `SAVEPOINT … ROLLBACK TO` by a block with a
handler."#,
    }
    SP0276 {
        name: "postgresql-feature-downgraded-with-differences",
        severity: Warning,
        summary: "a PostgreSQL feature newer than the target's kernel was rewritten; the rewrite accepts the same rows but differs in a named edge case",
        help: "read the message's list of differences and check the application does not rely on them",
        effort_minutes: 10,
        explanation: r#"A PostgreSQL source is translated for an older PostgreSQL kernel (HighGo 12
or 14, Kingbase 12). Some features have a rewrite that gives the same
results for the data but is a different object, and the difference shows
elsewhere. `UNIQUE NULLS NOT DISTINCT` (15) becomes a plain unique
constraint and one partial unique index per pattern of NULLs in the key:

```sql
CREATE TABLE ward_bed (ward_code text NOT NULL, room_no text,
  CONSTRAINT uq_bed UNIQUE NULLS NOT DISTINCT (ward_code, room_no));   -- 15
CREATE TABLE ward_bed (ward_code text NOT NULL, room_no text,
  CONSTRAINT uq_bed UNIQUE (ward_code, room_no));
CREATE UNIQUE INDEX uq_bed_nulls1 ON ward_bed (ward_code) WHERE room_no IS NULL;  -- 12, 14
```

The same rows are accepted and rejected, but `INSERT … ON CONFLICT
(ward_code, room_no)` infers only the plain constraint (a conflict of two
rows with a NULL raises `unique_violation` instead of taking the `DO`
action), `ALTER TABLE … DROP CONSTRAINT uq_bed` leaves the indexes, and the
error names the index.

`MERGE … WHEN NOT MATCHED BY SOURCE THEN DELETE` (17) becomes a `DELETE` of
the target rows no source row matches, run before the rest of the `MERGE`:
the same rows change, but in two statements (atomic only inside a
transaction), and the `MERGE`'s row count (`GET DIAGNOSTICS`, the command
tag) no longer includes the deleted rows. The message lists the differences
of each rewrite."#,
    }
    SP0280 {
        name: "grant-execute-without-kind",
        severity: Error,
        summary: "`GRANT`/`REVOKE EXECUTE ON name` without an object kind, which PostgreSQL reads as a table",
        help: "write ON FUNCTION/PROCEDURE name(argument types) or ON TYPE; for a package (now a schema) grant USAGE ON SCHEMA and EXECUTE ON ALL ROUTINES IN SCHEMA",
        effort_minutes: 5,
        explanation: r#"Oracle grants `EXECUTE` on a procedure, function, package or type by its
name alone. PostgreSQL reads an object without a kind as a table, so the
statement fails with "relation … does not exist". It wants the kind, and for
a routine its argument types; a package became a schema.

```sql
GRANT EXECUTE ON pkg_op_billing TO his_app_role;   -- Oracle
GRANT USAGE ON SCHEMA pkg_op_billing TO his_app_role;
GRANT EXECUTE ON ALL ROUTINES IN SCHEMA pkg_op_billing TO his_app_role;   -- PostgreSQL
GRANT EXECUTE ON FUNCTION fn_calc_fee(numeric, numeric) TO his_app_role;
```

The statement is left as written and reported: which kind a name is, and a
routine's argument types, are not always known from the script."#,
    }
    SP0281 {
        name: "call-specification",
        severity: Error,
        summary: "a routine that is a call specification (`AS LANGUAGE C`, `AS LANGUAGE JAVA`, `AS EXTERNAL`): its code is outside the database",
        help: "rewrite the routine in PL/pgSQL, or build a PostgreSQL C extension function",
        effort_minutes: 240,
        explanation: r#"An Oracle call specification publishes a routine written in C (an
external procedure, through `extproc`) or Java (loaded into the database)
under a PL/SQL name. Its code is not in the script, and PostgreSQL cannot
call Oracle's libraries: the routine has to be rewritten in PL/pgSQL, or
compiled as a PostgreSQL C function against PostgreSQL's own interface.

```sql
CREATE OR REPLACE FUNCTION f_device_checksum (p_payload IN VARCHAR2) RETURN BINARY_INTEGER
AS LANGUAGE C LIBRARY his_device_lib NAME "device_checksum" PARAMETERS (p_payload STRING);
```

The header is translated and the statement reported; it does not load as
written."#,
    }
    SP0282 {
        name: "sqlplus-bind-variable",
        severity: Error,
        summary: "a SQL*Plus bind variable (`:name`, declared by `VARIABLE`) left in a statement or block",
        help: "declare a variable in a DO block and fill it there, from the call that set it",
        effort_minutes: 10,
        explanation: r#"SQL*Plus's `VARIABLE v_adm_id NUMBER` declares a bind variable that
statements and anonymous blocks of the script read and write as
`:v_adm_id`. psql has no bind variables: its `:name` variables are text
substituted into SQL, never inside a `$$` body, and the `VARIABLE` command
itself is commented out. A block that reads one fails with a syntax error at
`:`.

```sql
VARIABLE v_adm_id NUMBER
EXEC pkg_ip_admission.admit(…, o_admission_id => :v_adm_id);
BEGIN
  IF pkg_ip_admission.need_reminder(:v_adm_id) THEN … END IF;
END;
/
```

PostgreSQL: one block that declares the variable, makes the call that
fills it, and uses it:

```sql
DO $$
DECLARE v_adm_id numeric;
BEGIN
  CALL pkg_ip_admission.admit(…, v_adm_id);
  IF pkg_ip_admission.need_reminder(v_adm_id) THEN … END IF;
END $$;
```"#,
    }
    SP0283 {
        name: "multi-table-insert",
        severity: Error,
        summary: "a multi-table insert (`INSERT ALL`/`INSERT FIRST`) with conditions or a subquery, which PostgreSQL lacks",
        help: "write one INSERT … SELECT per target, with the WHEN condition as WHERE",
        effort_minutes: 20,
        explanation: r#"PostgreSQL has no multi-table insert. sqlport rewrites the plain form,
`INSERT ALL INTO … VALUES … INTO … VALUES … SELECT * FROM dual`, into one
`INSERT … VALUES` per target; a form with `WHEN` conditions, `INSERT FIRST`
or a real subquery is left as written and reported:

```sql
INSERT FIRST
  WHEN amount > 1000 THEN INTO op_charge_big VALUES (charge_id, amount)
  ELSE INTO op_charge_small VALUES (charge_id, amount)
SELECT charge_id, amount FROM op_charge;
```

PostgreSQL: one `INSERT … SELECT … WHERE condition` per target (for
`INSERT FIRST`, each also excludes the rows an earlier condition took:
`AND NOT coalesce(earlier, false)`); Oracle reads the subquery once, so
if it can change between the statements, read it once into a temporary
table or a data-modifying `WITH`."#,
    }
    SP0284 {
        name: "object-method-call",
        severity: Error,
        summary: "a member method called on an object (`VALUE(t).describe()`): PostgreSQL composite types have no methods",
        help: "write the method as a function taking the object as its first argument, and call it so",
        effort_minutes: 20,
        explanation: r#"An Oracle object type carries member functions, called with a dot on an
object: `VALUE(t).describe()`, `l_task.describe()`. An object type becomes a
PostgreSQL composite type, which has attributes but no methods, so the call
does not parse or finds nothing.

```sql
SELECT VALUE(t).describe() FROM TABLE(fn_nur_task_feed('W301', 24)) t;   -- Oracle
SELECT t_nur_task_describe(t) FROM fn_nur_task_feed('W301', 24) t;     -- PostgreSQL, with the method written as a function
```

The type body's methods are reported where the type is translated (`SP0274`);
this finding marks each place that calls one."#,
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
    SP0302 {
        name: "pg-format-concatenated",
        severity: Warning,
        summary: "format() with a constant format string became a || concatenation: values print in the target's default text form",
        help: "where a number, date or timestamp is formatted, wrap it in TO_CHAR with the format PostgreSQL printed; quote names that need quotes",
        effort_minutes: 5,
        explanation: r#"PostgreSQL's `format()` substitutes its arguments into a format string; DM
has no such function. When the format string is a literal, sqlport resolves
it at translation time: the text between placeholders stays as it is, `%s`
and `%I` become the argument, `%L` the argument as a quoted literal
(`NVL2(v, '''' || REPLACE(v, '''', CHR(39) || CHR(39)) || '''', 'NULL')`), `%%` a
percent sign, and the pieces are joined with `||`.

```sql
RAISE EXCEPTION USING DETAIL = format('库存 %s 低于下限 %s', NEW.qty, NEW.min_qty);
-- DM: '库存 ' || :NEW.qty || ' 低于下限 ' || :NEW.min_qty
```

What may differ is the text of each value: PostgreSQL prints a value with
its type's output function (`12.50` for a `numeric(10,2)`, `2024-05-01
08:00:00` for a timestamp), DM converts it with its own defaults (`12.5`, the
session's `NLS_TIMESTAMP_FORMAT`). `%I` quoted a name that needs quotes
(upper-case letters, spaces); the concatenation does not — which is what
DM's upper-case folding wants for ordinary names. Check messages and dynamic
SQL that format numbers or dates."#,
    }
    SP0303 {
        name: "pg-update-from-merge",
        severity: Warning,
        summary: "UPDATE … FROM became MERGE: a target row matched by several source rows now raises an error",
        help: "make sure the ON condition matches at most one source row per target row (join on a key), or aggregate the source first",
        effort_minutes: 10,
        explanation: r#"DM has no `UPDATE … FROM`; the Oracle-style form of an update driven by
another table is `MERGE INTO t USING s ON (…) WHEN MATCHED THEN UPDATE SET
…`, which updates the same target rows. When more than one source row
matches a target row, PostgreSQL updates the row from one of them (which one
is not defined), while `MERGE` stops with an error because the set of source
rows is not stable.

```sql
UPDATE patient p SET balance = p.balance + 10
  FROM registration r WHERE r.reg_id = 42 AND p.patient_id = r.patient_id;
-- DM:
MERGE INTO patient p USING registration r ON (r.reg_id = 42 AND p.patient_id = r.patient_id)
  WHEN MATCHED THEN UPDATE SET balance = p.balance + 10;
```

A join on the source's key (as here) matches at most one row: nothing
changes. Otherwise aggregate the source in a subquery first."#,
    }
    SP0304 {
        name: "pg-json-dm-json-mode",
        severity: Warning,
        summary: "PostgreSQL JSON kept: DM8 has it, reading PostgreSQL's syntax when JSON_MODE=1",
        help: "run DM with JSON_MODE=1 (dm.ini), or rewrite the access with JSON_VALUE/JSON_QUERY; compare @> with 1",
        effort_minutes: 5,
        explanation: r#"DM8 has `JSON` and `JSONB` data, the operators `->`, `->>`, `@>` and `||`,
and PostgreSQL's JSON functions under their names (`to_json`, `to_jsonb`,
`json_build_object`, `jsonb_build_object`, `jsonb_agg`, `jsonb_set`,
`jsonb_array_elements`, …; DM8 SQL 语言使用手册, JSON). How it reads a key or
an array index follows the `JSON_MODE` setting of dm.ini: `1` is
PostgreSQL's syntax, the default `0` Oracle's. sqlport keeps the PostgreSQL
code and says so once per unit, at the first such construct.

```sql
SELECT payload->>'code' FROM lab_result WHERE payload @> '{"urgent": true}';
-- DM, JSON_MODE=1: runs; @> gives 1 or 0, not a boolean
```

`json_agg`, `json_object_agg` and `<@` are not in DM8's list and stay
errors (`SP0213`)."#,
    }
    SP0305 {
        name: "pg-search-path-schema",
        severity: Warning,
        summary: "SET search_path became DM's SET SCHEMA: the other schemas of the path are not searched",
        help: "qualify the names the script found in the other schemas (public …), or create synonyms for them",
        effort_minutes: 10,
        explanation: r#"DM8 sets the current schema with `SET SCHEMA name` and has no search path:
an unqualified name is looked up in the current schema. sqlport writes the
first schema of the path that is not a system one (`"$user"`, `pg_catalog`,
`pg_temp`):

```sql
SET search_path TO opb, public;
-- DM:
SET SCHEMA opb;
```

What the script found in the other schemas of the path — typically shared
tables or functions in `public` — must now be qualified or reached through a
synonym."#,
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
    SP0320 {
        name: "to-char-without-format",
        severity: Warning,
        summary: "TO_CHAR without a format: Oracle's text depends on NLS settings and differs from PostgreSQL's",
        help: "give TO_CHAR the format the program expects (to_char(x, 'YYYY-MM-DD HH24:MI:SS'), to_char(n, 'FM9990.00'))",
        effort_minutes: 5,
        explanation: r#"Without a format, Oracle's `TO_CHAR` of a date uses the session's
`NLS_DATE_FORMAT` (often `DD-MON-RR`: `25-NOV-26`), and of a number prints
`.5` for 0.5 and up to 40 digits. sqlport writes a plain cast to text, which
prints PostgreSQL's own form (`2026-11-25 10:00:00`, `0.5`): the same value,
a different text. Code that parses, compares or stores the text may behave
differently.

```sql
SELECT TO_CHAR(reg_time) FROM op_reg;                          -- Oracle
SELECT (reg_time)::text FROM op_reg;                           -- translated
SELECT to_char(reg_time, 'YYYY-MM-DD HH24:MI:SS') FROM op_reg; -- explicit
```"#,
    }
    SP0321 {
        name: "unknown-date-type",
        severity: Warning,
        summary: "date arithmetic or TRUNC on a value whose type sqlport does not know: if it is an Oracle DATE, it needs rewriting",
        help: "if the operand is a DATE, write d + n * interval '1 day', extract(epoch from d1 - d2) / 86400, or date_trunc('day', d)",
        effort_minutes: 5,
        explanation: r#"Oracle adds days to a `DATE` with `+ n` and subtracts two dates to get days
(with a fraction). On PostgreSQL, `timestamp + integer` does not run and
`timestamp - timestamp` is an interval. sqlport rewrites both when it knows
the operand is a date: a column of a table created in the same script, a
PL/SQL variable or parameter (with `%TYPE`), `SYSDATE`, `TO_DATE(…)` and the
other date functions. Here it could not tell, so the expression is kept.

```sql
SELECT visit_time + 7 FROM op_visit;                        -- op_visit not in this script
SELECT visit_time + 7 * interval '1 day' FROM op_visit;     -- if visit_time is a DATE
```"#,
    }
    SP0322 {
        name: "nls-dependent-date",
        severity: Warning,
        summary: "the result depends on Oracle NLS settings (date format, week start, day names)",
        help: "check the translation against the NLS settings the Oracle database ran with",
        effort_minutes: 10,
        explanation: r#"Some date operations depend on the Oracle session's NLS settings:
`TRUNC(d, 'D')` starts the week on the territory's first day (Sunday in
AMERICA, Monday in many others), `NEXT_DAY` reads the day name in the date
language, `TO_DATE(s)` without a format reads `s` with `NLS_DATE_FORMAT`,
and `RR` years use a century window. sqlport writes one fixed reading
(Sunday-start weeks; English and Chinese day names; ISO text for a string
without a format; `YY` for `RR`); check it is the one the database used.

```sql
SELECT TRUNC(visit_time, 'D') FROM op_visit;                                       -- Oracle
SELECT date_trunc('week', visit_time + interval '1 day') - interval '1 day' FROM op_visit; -- Sunday start
```"#,
    }
    SP0323 {
        name: "sys-guid-uuid",
        severity: Warning,
        summary: "SYS_GUID() became a uuid: Oracle returns RAW(16), printed as 32 hex digits",
        help: "store it in a uuid column, or write upper(replace(gen_random_uuid()::text, '-', '')) for Oracle's text form",
        effort_minutes: 5,
        explanation: r#"Oracle's `SYS_GUID()` returns 16 raw bytes, which Oracle converts to 32
upper-case hexadecimal digits when stored in a `VARCHAR2` column. sqlport
writes `gen_random_uuid()` (PostgreSQL 13 and later) or `sqlport.sys_guid()`
(a helper, on 12), both of type `uuid`, printed as `8-4-4-4-12` lower-case
digits with hyphens: 36 characters, which no longer fit a `VARCHAR2(32)`.

```sql
INSERT INTO pat_doc (doc_id) VALUES (SYS_GUID());                                  -- Oracle, VARCHAR2(32)
INSERT INTO pat_doc (doc_id) VALUES (upper(replace(gen_random_uuid()::text, '-', '')));
```"#,
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
    SP0340 {
        name: "sqlcode-is-text",
        severity: Warning,
        summary: "SQLCODE became SQLSTATE, a five-character text instead of Oracle's number",
        help: "where the code is compared with a number or stored in a NUMBER, compare with SQLSTATE values ('23505', '45001', …) instead",
        effort_minutes: 10,
        explanation: r#"Oracle's `SQLCODE` is a number: `-1` for a unique violation, `-20001` for
`RAISE_APPLICATION_ERROR(-20001, …)`, `100` for no data. PostgreSQL has no
`SQLCODE`; the nearest is `SQLSTATE`, the five-character code of the error
(`'23505'`, and for application errors `'45001'`, see `SP0442`). sqlport
writes `SQLSTATE`, which is right for logging, but a comparison with a
number or an assignment to a numeric variable or parameter now fails or
means something else.

```sql
IF SQLCODE = -1 THEN …             -- Oracle
IF SQLSTATE = '23505' THEN …       -- PostgreSQL
```"#,
    }
    SP0341 {
        name: "call-of-unknown-routine",
        severity: Warning,
        summary: "a call of a routine not defined in the script became CALL",
        help: "if the routine is a function on the target, write PERFORM instead of CALL",
        effort_minutes: 2,
        explanation: r#"In PL/pgSQL a procedure is called with `CALL p(…)` and a function whose
result is not wanted with `PERFORM f(…)`; a bare `p(…);` does not compile.
In PL/SQL a call statement can only call a procedure, so sqlport writes
`CALL`. It checks the script for the routine's definition; this one is
defined elsewhere, so if it became a function on the target, use `PERFORM`.

```sql
sp_his_log('IP_ADMIT', 'INFO', l_msg);        -- PL/SQL
CALL sp_his_log('IP_ADMIT', 'INFO', l_msg);   -- PL/pgSQL
```"#,
    }
    SP0342 {
        name: "dynamic-sql-assembled",
        severity: Warning,
        summary: "dynamic SQL built at run time is not translated",
        help: "check the SQL this code builds against the target: functions, joins and bind placeholders of the source dialect",
        effort_minutes: 15,
        explanation: r#"sqlport translates the SQL text of `EXECUTE IMMEDIATE` only for its bind
placeholders, and only in string literals it can see: `:x` and `:1` become
`$1`, `$2`, … in order of appearance (Oracle binds dynamic SQL by
position). SQL assembled from variables and concatenations is only known at
run time, so its Oracle functions, joins and placeholders are not
translated.

```sql
EXECUTE IMMEDIATE 'SELECT NVL(SUM(amount), 0) FROM ' || l_table || ' WHERE dept_id = :d'
  INTO l_total USING p_dept;
```

Check what the code builds and write it for the target (`COALESCE`, `$1`).

The other way, PostgreSQL → Dameng, PL/pgSQL's `$n` placeholders become
`:1`, `:2`, … in the literal parts (see `SP0404`), and PostgreSQL functions,
`::` casts and other PostgreSQL SQL in the concatenated values are left as
they are."#,
    }
    SP0343 {
        name: "transaction-control-in-procedure",
        severity: Warning,
        summary: "COMMIT or ROLLBACK in a procedure works only when it is called outside a transaction",
        help: "call the procedure with CALL in autocommit mode, not from a function or inside BEGIN … COMMIT",
        effort_minutes: 5,
        explanation: r#"PostgreSQL allows `COMMIT` and `ROLLBACK` in a procedure or `DO` block only
when it was invoked by `CALL` (or `DO`) at the top level, outside an
explicit transaction block, and not from a function; otherwise it fails with
"invalid transaction termination". Oracle has no such condition.

```sql
CALL sp_ip_daily_bed_fee();            -- works (autocommit)
BEGIN; CALL sp_ip_daily_bed_fee();     -- fails at the COMMIT
```"#,
    }
    SP0344 {
        name: "handler-undoes-block",
        severity: Warning,
        summary: "an exception handler that goes on also undoes the block's changes on PostgreSQL, not in Oracle",
        help: "if the changes made before the error must stay, move them out of the protected block (before BEGIN … EXCEPTION)",
        effort_minutes: 15,
        explanation: r#"In PL/pgSQL a block with an `EXCEPTION` section runs as a subtransaction:
when a handler catches an error, every change the block made before the
error is rolled back. In Oracle only the failing statement is undone; the
block's earlier `INSERT`s and `UPDATE`s stay. The difference shows when a
handler lets the program go on (it does not re-raise).

```sql
BEGIN
  INSERT INTO his_log … ;               -- Oracle keeps this row
  UPDATE ip_bed SET … ;                 -- fails
EXCEPTION
  WHEN OTHERS THEN NULL;                -- PostgreSQL has undone the INSERT too
END;
```

Fix: move the changes that must stay before the protected block, or repeat
them in the handler."#,
    }
    SP0345 {
        name: "cursor-lock-wait-dropped",
        severity: Warning,
        summary: "FOR UPDATE WAIT n in a cursor was dropped; PostgreSQL waits as long as lock_timeout allows",
        help: "set lock_timeout around the FETCH loop if waiting must be bounded",
        effort_minutes: 10,
        explanation: r#"PostgreSQL's `FOR UPDATE` has `NOWAIT` and `SKIP LOCKED`, but no `WAIT n`.
For a single statement sqlport sets `lock_timeout` to `n` seconds around it
(the timeout raises `lock_not_available`, which handlers for ORA-30006 catch).
A cursor cannot be treated that way: Oracle locks its rows when the cursor
is opened, PostgreSQL as each row is fetched. sqlport drops `WAIT n`; the
cursor then waits as long as the session's `lock_timeout` allows (by
default, for ever).

```sql
CURSOR c_batch IS SELECT … FOR UPDATE OF b.stock_qty WAIT 3;   -- Oracle
c_batch CURSOR FOR SELECT … FOR UPDATE OF b.stock_qty;          -- PostgreSQL
```

Fix, if the wait must be bounded: `PERFORM set_config('lock_timeout', '3s',
true)` before the loop that fetches, and put the old value back after it."#,
    }
    SP0350 {
        name: "trigger-order",
        severity: Warning,
        summary: "FOLLOWS / PRECEDES is dropped: PostgreSQL fires a table's triggers in the order of their names",
        help: "if the order matters, rename the triggers so that their names sort in the order Oracle ran them",
        effort_minutes: 10,
        explanation: r#"Oracle's `FOLLOWS other_trigger` and `PRECEDES other_trigger` fix the order in
which triggers of the same timing fire. PostgreSQL has no such clause: triggers
on the same table and event fire in alphabetical order of their names.

```sql
CREATE OR REPLACE TRIGGER trg_nur_exec_bu_check
  BEFORE UPDATE OF exec_status ON nur_exec
  FOR EACH ROW
  FOLLOWS trg_nur_exec_bu_stamp      -- dropped
```

Here `trg_nur_exec_bu_check` sorts before `trg_nur_exec_bu_stamp`, so on
PostgreSQL it fires first. What to do: rename the triggers (e.g. with
a numeric prefix) when their order matters."#,
    }
    SP0351 {
        name: "updating-column",
        severity: Warning,
        summary: "UPDATING('col') became a test that the column's value changed",
        help: "Oracle's test is true when the column is in the UPDATE's SET list, even when set to the same value; check that the trigger does not rely on that",
        effort_minutes: 5,
        explanation: r#"In an Oracle trigger, `UPDATING('status')` is true when the triggering UPDATE
names `status` in its SET list. A PostgreSQL trigger function cannot see the
SET list, so sqlport writes `(TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status)`:
true when the value changed. An UPDATE that sets the column to its current
value is true in Oracle and false here.

```sql
IF UPDATING('status') THEN …                                           -- Oracle
IF (TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status) THEN … -- PostgreSQL
```

What to do: usually nothing (most triggers mean "the value changed"). If the
trigger must fire on every SET of the column, make a separate trigger with
`BEFORE UPDATE OF status`, which PostgreSQL fires on the SET list, as Oracle does."#,
    }
    SP0353 {
        name: "package-state-as-setting",
        severity: Warning,
        summary: "a package variable became session state held in a setting, which a rolled-back transaction resets",
        help: "check that nothing relies on the variable keeping a value set in a transaction that rolled back",
        effort_minutes: 10,
        explanation: r#"A package variable keeps its value for the session in Oracle, whatever
happens to transactions. sqlport writes it as two functions over a custom
setting: `pkg.g_x()` returns its value (or the declared default while it was
never set), `pkg.set_g_x(v)` sets it with `set_config('pkg.g_x', …, false)`.
Settings are session-wide too, but a change made in a transaction that rolls
back is undone, and values go through text (so a `DATE` loses nothing, but a
`NUMBER` keeps only what its text form holds).

```sql
g_done_total PLS_INTEGER := 0;      -- Oracle package body
g_done_total := g_done_total + 1;
PERFORM pkg_nur_exec.set_g_done_total(pkg_nur_exec.g_done_total() + 1);  -- PostgreSQL
```

Why settings and not a temporary table: a setting needs no table created in
every session before the first call, works in functions marked `STABLE`, and
costs no catalog changes per session. What to do: check code that sets a
variable and then rolls back, and code behind a connection pool that reuses
sessions (the values stay with the session, as in Oracle)."#,
    }
    SP0354 {
        name: "record-field-default",
        severity: Warning,
        summary: "a default of a record type's field is lost: PostgreSQL composite types have no defaults",
        help: "assign the field after declaring each variable of the type (v.f := default), or give the variables a default value",
        effort_minutes: 10,
        explanation: r#"A PL/SQL record type may give its fields defaults (`f t := v`), and every
variable of the type starts with them. A package's record type becomes a
PostgreSQL composite type, whose fields have no defaults: a variable of the
type starts with every field NULL.

```sql
TYPE t_exec_rec IS RECORD (
  exec_id      NUMBER,
  exec_status  CHAR(1) := 'P',              -- lost
  remark       VARCHAR2(200) DEFAULT '常规执行' -- lost
);
```

What to do: where the program relies on the defaults, assign the fields
after the declaration (`v_rec.exec_status := 'P';`)."#,
    }
    SP0355 {
        name: "pg-setof-cursor",
        severity: Warning,
        summary: "a set-returning function now returns a SYS_REFCURSOR; its callers change",
        help: "change callers from SELECT … FROM f(…) to fetching from the returned cursor (or make the function PIPELINED)",
        effort_minutes: 20,
        explanation: r#"A PostgreSQL function `RETURNS SETOF t` / `RETURNS TABLE (…)` whose rows come
from `RETURN QUERY` now opens a cursor on that query and returns it
(`RETURN SYS_REFCURSOR`). The function compiles and returns the same rows,
but callers read them differently: `SELECT * FROM fn_ward_beds('W01')` no
longer works; a caller fetches from the cursor (in PL: `c := fn_ward_beds('W01');
LOOP FETCH c INTO r; …`; from JDBC: a ResultSet from the cursor)."#,
    }
    SP0356 {
        name: "pg-select-into-strictness",
        severity: Warning,
        summary: "a SELECT INTO without STRICT: PostgreSQL leaves NULL when no row matches, DM raises NO_DATA_FOUND",
        help: "keep it if the query always finds exactly one row; else handle NO_DATA_FOUND (and TOO_MANY_ROWS) where PostgreSQL went on",
        effort_minutes: 10,
        explanation: r#"PL/pgSQL's `SELECT … INTO v` (without `STRICT`) sets `v` to NULL when no row
matches, takes the first row when several match, and sets `FOUND`. PL/SQL's
`SELECT … INTO` raises `NO_DATA_FOUND` or `TOO_MANY_ROWS` instead. Code that
tests `IF NOT FOUND` after it (rewritten to `SQL%NOTFOUND`) never gets there on
DM: the exception is raised first.

```sql
SELECT bed_no INTO v_bed FROM bed WHERE ward_code = p_ward AND status = 'F' LIMIT 1;
IF NOT FOUND THEN … END IF;
-- DM: BEGIN SELECT … INTO v_bed …; EXCEPTION WHEN NO_DATA_FOUND THEN v_bed := NULL; END;
```"#,
    }
    SP0357 {
        name: "pg-void-function",
        severity: Warning,
        summary: "a PostgreSQL function returning void became a procedure; callers change",
        help: "call it as a statement in PL code (p(…);) or with CALL, not with SELECT",
        effort_minutes: 10,
        explanation: r#"DMSQL functions must return a value. A PostgreSQL function `RETURNS void`
is a procedure in DM. Inside the script, `PERFORM f(…)` becomes the call
`f(…);`; callers elsewhere that run `SELECT f(…)` must change to `CALL f(…)`."#,
    }
    SP0358 {
        name: "pg-errcode-unmapped",
        severity: Warning,
        summary: "a RAISE with an ERRCODE that the error-number table does not list got the generic number -20000",
        help: "add the SQLSTATE to [[application_errors]] in grammar/oracle_errors.toml, or check the callers that test the code",
        effort_minutes: 10,
        explanation: r#"`RAISE EXCEPTION … USING ERRCODE = 'HIS01'` becomes
`RAISE_APPLICATION_ERROR(n, message)`. The number comes from the table
`[[application_errors]]` in `grammar/oracle_errors.toml` (SQLSTATE → number
in -20999..-20000). A SQLSTATE the table does not list gets -20000: callers
that told errors apart by SQLSTATE can no longer tell them apart by number."#,
    }
    SP0359 {
        name: "pg-found-after",
        severity: Warning,
        summary: "FOUND after a statement whose DM attribute differs",
        help: "check the test: after a FETCH use cursor%FOUND, after PERFORM or a loop set a variable",
        effort_minutes: 10,
        explanation: r#"PL/pgSQL's `FOUND` is set by `SELECT INTO`, DML, `FETCH`, `PERFORM`, `FOR`
loops and `RETURN QUERY`. sqlport writes `SQL%FOUND`, which DM sets after
`SELECT INTO` and DML only. When the statement before the test is a `FETCH`
or a loop, the test means something else and is flagged."#,
    }
    SP0360 {
        name: "sqlplus-command-with-effect-dropped",
        severity: Warning,
        summary: "a SQL*Plus command that mattered to the script was commented out",
        help: "do by hand what the command did: run the call in a DO block, or inline the script with its arguments",
        effort_minutes: 10,
        explanation: r#"The translated script runs with psql, which has no equivalent of this
SQL*Plus command, so sqlport commented it out; unlike `SET LINESIZE` or
`COLUMN … FORMAT`, though, the command did something the script relies on:

- `EXEC` with bind variables (`:v_adm_id`) declared by `VARIABLE`: psql's
  variables are not bind variables, and an `OUT` parameter cannot fill one;
- `@script arg1 arg2`: psql's `\i` passes no arguments for `&1`, `&2`.

```sql
VARIABLE v_adm_id NUMBER
EXEC pkg_ip_admission.assign_bed(:v_adm_id, 1);
-- psql: write the call in a block with a variable instead
DO $$
DECLARE v_adm_id numeric;
BEGIN
  CALL pkg_ip_admission.admit(…, v_adm_id);
  CALL pkg_ip_admission.assign_bed(v_adm_id, 1);
END $$;
```"#,
    }
    SP0362 {
        name: "pg-sql-function-to-dmsql",
        severity: Info,
        summary: "a LANGUAGE sql routine became a DMSQL routine",
        help: "nothing to do; check that the result is what callers expect (a scalar function returns its query's first row, NULL when it finds none)",
        effort_minutes: 1,
        explanation: r#"DM has no `LANGUAGE sql` routines. sqlport reads the body's SQL
statements and writes the DMSQL routine that does what PostgreSQL does with
them: `$n` becomes the parameter's name (an unnamed parameter is named
`sqlport_argN`); every statement but the last runs as written; the last one
gives the result. A scalar function's `SELECT expr` becomes `RETURN expr`;
its query becomes a cursor `FOR` loop that returns the first row's value and
`RETURN NULL` after it (PostgreSQL returns the first row, NULL when there is
none, where `SELECT … INTO` would raise); a set-returning function opens a
`SYS_REFCURSOR` on its last query (see `SP0355`); a `void` function becomes a
procedure (see `SP0357`).

```sql
CREATE FUNCTION fn_ward_name(varchar) RETURNS varchar LANGUAGE sql STABLE AS $$
  SELECT ward_name FROM ward WHERE ward_code = $1
$$;
-- DM
CREATE FUNCTION fn_ward_name (sqlport_arg1 IN varchar) RETURN varchar
IS
BEGIN
  FOR sqlport_row IN (SELECT ward_name AS sqlport_value FROM ward WHERE ward_code = sqlport_arg1) LOOP
    RETURN sqlport_row.sqlport_value;
  END LOOP;
  RETURN NULL;
END;
/
```"#,
    }
    SP0363 {
        name: "pg-month-series",
        severity: Warning,
        summary: "a generate_series() by months became ADD_MONTHS; values from a day after the 28th, or with a time of day, may differ",
        help: "start the series on a date up to the 28th (or at a month start), or check the values the application needs",
        effort_minutes: 10,
        explanation: r#"`generate_series(start, stop, interval '1 month')` becomes a `CONNECT BY
LEVEL` row generator whose `n`th value is `ADD_MONTHS(start, (n - 1) * k)`.
PostgreSQL adds the step to the previous value, so a series from January 31
goes Jan 31, Feb 28, Mar 28, …; `ADD_MONTHS` keeps a month end at the month
end: Jan 31, Feb 28, Mar 31. From a day up to the 28th both agree. On DM
`ADD_MONTHS` of a `TIMESTAMP` may also return a `DATE` without the time of
day (unverified). A series that starts at a `DATE` literal on a day up to the
28th is exact and not reported.

```sql
SELECT m FROM generate_series(date_trunc('month', now()), now() + interval '1 year', interval '1 month') AS m;
-- DM
SELECT m FROM (SELECT ADD_MONTHS(TRUNC(SYSTIMESTAMP, 'MM'), (LEVEL - 1) * 1) AS m FROM DUAL
               WHERE … CONNECT BY ADD_MONTHS(TRUNC(SYSTIMESTAMP, 'MM'), (LEVEL - 1) * 1) <= …) m;
```"#,
    }
    SP0364 {
        name: "pg-return-next-pipelined",
        severity: Warning,
        summary: "a RETURN NEXT function became a PIPELINED function over a collection type; its callers change",
        help: "change the callers to SELECT … FROM TABLE(f(…)); deploy the types created before the function with it",
        effort_minutes: 20,
        explanation: r#"A PostgreSQL function `RETURNS TABLE (…)` or `RETURNS SETOF scalar` that
builds its rows with `RETURN NEXT` becomes a DMSQL pipelined table function:
sqlport creates, before it, an object type for a row (`f_row`, for `TABLE
(…)`) and a collection type (`f_rows`); the function returns `f_rows
PIPELINED` and every `RETURN NEXT` becomes `PIPE ROW`. The rows are the same,
but callers read them with `TABLE()`:

```sql
SELECT * FROM fn_days(7);          -- PostgreSQL
SELECT * FROM TABLE(fn_days(7));   -- DM
```

DM7 added pipelined table functions for Oracle ports (practitioner reports);
test the function on the target."#,
    }
    SP0365 {
        name: "pg-merge-kept",
        severity: Error,
        summary: "a PostgreSQL MERGE has clauses Oracle-style MERGE cannot express",
        help: "write at most one WHEN MATCHED THEN UPDATE … [WHERE …] [DELETE WHERE …] and one WHEN NOT MATCHED THEN INSERT … [WHERE …]",
        effort_minutes: 20,
        explanation: r#"DM's `MERGE` is Oracle's: `ON (…)` in parentheses, at most one `WHEN
MATCHED THEN UPDATE … [WHERE …] [DELETE WHERE …]` and one `WHEN NOT MATCHED
THEN INSERT … [WHERE …]`. sqlport moves PostgreSQL's `WHEN … AND c` into the
`WHERE` and drops trailing `DO NOTHING` clauses; it keeps a `MERGE` with a
`DELETE` clause, `WHEN NOT MATCHED BY SOURCE`, or several clauses of one kind
(PostgreSQL tries them in order).

```sql
MERGE INTO ward_stock t USING (SELECT drug_id FROM drug WHERE drug_code = 'XY0005') s
   ON t.drug_id = s.drug_id AND t.ward_code = 'W02'
 WHEN MATCHED AND t.qty <= 0 THEN DELETE;
-- DM: a DELETE (or UPDATE SET … DELETE WHERE t.qty <= 0, which deletes only updated rows)
DELETE FROM ward_stock t WHERE t.ward_code = 'W02' AND t.qty <= 0
   AND t.drug_id IN (SELECT drug_id FROM drug WHERE drug_code = 'XY0005');
```"#,
    }
    SP0370 {
        name: "feature-differs-on-target",
        severity: Warning,
        summary: "a construct the target runs only with a setting, differently, or with unverified support",
        help: "check the construct on the target as the finding says; the catalog entry names its source",
        effort_minutes: 20,
        explanation: r#"The target accepts this construct, but not unconditionally: it needs a
setting or a setup step (Dameng answers flashback queries only with
flashback enabled; its `DBMS_JOB` exists only after `SP_INIT_JOB_SYS(1)`),
behaves slightly differently (autonomous transactions on Kingbase), or its
support could not be confirmed from the vendor's documentation. The facts
are in the target catalog (`grammar/targets/*.toml`) with their sources,
marked `[?]` where unverified.

```sql
SELECT * FROM ip_order AS OF TIMESTAMP SYSDATE - 1/24;   -- Dameng: flashback must be on
```

What to do: check the construct on the target; when the fact is confirmed
either way, fix the catalog entry so that every rule that uses it learns."#,
    }
    SP0371 {
        name: "sequence-cache-per-node-or-session",
        severity: Warning,
        summary: "a sequence with CACHE n hands out its numbers out of order on the target (per session, or per cluster node)",
        help: "use NOCACHE where the application relies on increasing numbers; gaps are normal either way",
        effort_minutes: 5,
        explanation: r#"Oracle caches a sequence's next values once for the instance (per instance
in RAC without `ORDER`). The targets cache them differently: a PostgreSQL
kernel (HighGo, Kingbase in either mode) caches per **session** — each
session takes its own block of `n` values, so numbers from two sessions
interleave out of order and what a session did not use is lost when it ends;
a Dameng cluster (DSC, MPP) caches per node. The statement runs unchanged;
code that sorts by the number to know what came first, or that expects no
large gaps (invoice numbers), may now be wrong.

```sql
CREATE SEQUENCE seq_itf_message START WITH 1 INCREMENT BY 1 CACHE 100;   -- warning SP0371
CREATE SEQUENCE seq_itf_message START WITH 1 INCREMENT BY 1 NOCACHE;     -- increasing, one value at a time
```

The message and the source per target come from the catalogs
(`grammar/targets/*.toml`, `[[semantic_risks]]`, `risk = "sequence-cache"`)."#,
    }
    SP0372 {
        name: "nls-dependent-conversion",
        severity: Warning,
        summary: "a date conversion whose result depends on NLS session settings, whose defaults on the target differ",
        help: "give the format (and the language for month and day names) explicitly",
        effort_minutes: 5,
        explanation: r#"`TO_DATE(s)` and `TO_TIMESTAMP(s)` without a format read `s` with the
session's `NLS_DATE_FORMAT`; month and day names (`MON`, `MONTH`, `DY`, `DAY`)
follow `NLS_DATE_LANGUAGE`; the day-of-week number `D` follows
`NLS_TERRITORY`. Dameng and Kingbase's Oracle mode accept all of these, but
their sessions start with their own defaults, not the Oracle database's, so
the same call can read or print something else — or fail on a string the
Oracle database read.

```sql
v_day := TO_DATE(p_text);                     -- warning SP0372: which format?
v_name := TO_CHAR(v_visit_time, 'DAY');       -- warning SP0372: in which language?
v_day := TO_DATE(p_text, 'YYYY-MM-DD');       -- the same everywhere
```

For PostgreSQL-style output the `conversions` rule reports the same
(`SP0320`, `SP0322`). The targets concerned are listed in the catalogs
(`[[semantic_risks]]`, `risk = "nls-format"`)."#,
    }
    SP0373 {
        name: "implicit-conversion-rejected",
        severity: Error,
        summary: "a character column compared with a number, which Oracle converts implicitly and the target rejects",
        help: "compare with a string literal, or convert explicitly",
        effort_minutes: 5,
        explanation: r#"Oracle compares `status_code = 1` on a `VARCHAR2` column by converting the
column to a number (and fails only when a row holds a non-number).
PostgreSQL kernels have no implicit cast between text and numbers: the
statement is accepted when a routine is created, and fails when it runs
with `operator does not exist: character varying = integer`.

```sql
CREATE TABLE itf_endpoint (endpoint_code VARCHAR2(20), port_code VARCHAR2(5));
SELECT * FROM itf_endpoint WHERE port_code = 9100;      -- error SP0373 on HighGo
SELECT * FROM itf_endpoint WHERE port_code = '9100';    -- compares as text everywhere
```

sqlport knows a column's type from the `CREATE TABLE` statements of the
script. Where the target's behaviour is not confirmed (Kingbase's Oracle
mode), the finding is a warning (`SP0370`). The targets concerned are listed
in the catalogs (`[[semantic_risks]]`, `risk = "implicit-conversion"`)."#,
    }
    SP0374 {
        name: "pg-construct-differs-in-kingbase-oracle-mode",
        severity: Warning,
        summary: "a PostgreSQL construct that runs in Kingbase's Oracle mode but means something else there",
        help: "check the code against the Oracle behaviour the mode switches on (the message says which)",
        effort_minutes: 5,
        explanation: r#"Kingbase's Oracle mode keeps its PostgreSQL kernel, so a PostgreSQL script
(`$$` routines in `plpgsql`, `::`, `LIMIT`, `ON CONFLICT`, arrays, `jsonb`)
is read as written and sqlport passes it through (bringing down to the
kernel, 12, only what is newer: see `SP0480`, `SP0245`). What changes is the Oracle
behaviour the mode switches on, listed in `grammar/targets/kingbase.toml`
(`[[pg_syntax]]`, `status = "differs"`), each with its source:

- `ora_input_emptystr_isnull` is on by default: `''` is read as NULL, so
  `coalesce(note, '')` gives NULL and `note = ''` is never true;
- `DATE` is Oracle's `DATE`, with a time of day.

```sql
SELECT coalesce(remark, '') FROM lab_order;       -- warning SP0374: NULL in Oracle mode
CREATE TABLE lab_slot (slot_day date NOT NULL);   -- warning SP0374: keeps a time of day
```

Fix: where the code needs an empty string distinct from NULL, rework it or
turn `ora_input_emptystr_isnull` off for its sessions; where only the day is
meant, cut the time off explicitly."#,
    }
    SP0375 {
        name: "integer-division",
        severity: Info,
        summary: "an integer division (literal by literal, or of a name declared with an integer type) got a decimal point, because DM8 divides integers as integers",
        help: "nothing to do; where two variables declared INTEGER or PLS_INTEGER are divided, check that division too",
        effort_minutes: 1,
        explanation: r#"Oracle divides numbers exactly: `1/24` is 0.0416…, one hour in days.
DM8 (with its default `CALC_AS_DECIMAL=0`) divides an integer by an integer
as integers: `1/24` is 0, `8/20` is 0, so `SYSDATE - 1/24` is now, and
`end_time - start_time > 14/24` compares with 0. A decimal point on either
side makes DM8 divide as decimals, which is what Oracle computed:

```sql
UPDATE lab_request SET due_time = apply_time + 2 / 24;     -- Oracle
UPDATE lab_request SET due_time = apply_time + 2.0 / 24;   -- Dameng (SP0375)
```

A name declared `INTEGER`, `PLS_INTEGER` (and the other integer types)
divided by a literal gets the decimal point on the literal (`l_rows / 2.0`).
Two such names divided (`v_a / v_b`) are still an integer division on DM8:
check those by hand. The
target's catalog lists the rule (`[[rewrites]]`, `rule =
"integer-division"`, with the DM FAQ it rests on)."#,
    }
    SP0376 {
        name: "dm-timestamp-to-char",
        severity: Warning,
        summary: "TO_CHAR without a format of a DATE value that became TIMESTAMP(0) prints DM8's timestamp format, with a fraction of a second",
        help: "give TO_CHAR the format Oracle's NLS_DATE_FORMAT had, e.g. 'YYYY-MM-DD HH24:MI:SS'",
        effort_minutes: 5,
        explanation: r#"In Oracle `TO_CHAR(d)` of a `DATE` prints with the session's
`NLS_DATE_FORMAT` (for example `2024-03-01 08:30:00` where it is set to
`YYYY-MM-DD HH24:MI:SS`, `01-MAR-24` by default). On Dameng the value is a
`TIMESTAMP(0)`, and DM8 prints a timestamp without a format as
`YYYY-MM-DD HH24:MI:SS.FF6`: `2024-03-01 08:30:00.000000`. Which format the
Oracle database used is a setting sqlport cannot see, so the call is kept
and reported:

```sql
v_text := TO_CHAR(v_adm_time);                          -- warning SP0376
v_text := TO_CHAR(v_adm_time, 'YYYY-MM-DD HH24:MI:SS'); -- the same on both
```

The facts and their source are in `grammar/targets/dameng.toml`
(`[[date_semantics]]`, `operation = "TO_CHAR"`)."#,
    }
    SP0377 {
        name: "dm-current-date",
        severity: Info,
        summary: "CURRENT_DATE became SYSDATE on Dameng, where CURRENT_DATE is the date without its time of day",
        help: "nothing to do",
        effort_minutes: 1,
        explanation: r#"Oracle's `CURRENT_DATE` is the current date *and time* in the session's time
zone. DM8's `CURRENT_DATE` is a `DATE`, which on DM holds the date only
(it is `CURDATE()`), so `reg_time := CURRENT_DATE` would store midnight.
DM8's `SYSDATE` is the current date and time in the session's time zone —
what Oracle's `CURRENT_DATE` was:

```sql
UPDATE op_reg SET reg_time = CURRENT_DATE WHERE reg_id = p_reg_id;   -- Oracle
UPDATE op_reg SET reg_time = SYSDATE WHERE reg_id = p_reg_id;        -- Dameng (SP0377)
```

The facts and their source are in `grammar/targets/dameng.toml`
(`[[date_semantics]]`, `operation = "CURRENT_DATE"`). Not done with
`--dm-date keep`."#,
    }
    SP0378 {
        name: "dm-date-formula",
        severity: Info,
        summary: "an Oracle date function written out, on Dameng, from operations whose DM8 results are documented",
        help: "nothing to do: the expression computes what the function computed in Oracle",
        effort_minutes: 1,
        explanation: r#"Where DM8's own behaviour for a date function on `TIMESTAMP(0)` (Oracle's
`DATE` on Dameng) is not documented, sqlport writes the function out from
operations whose DM8 results are: `EXTRACT`, `TRUNC`, `LAST_DAY` and the
difference of two timestamps in days. `MONTHS_BETWEEN` is the case: DM8's
manual shows its 31-day fraction only for two values at the same time of day,
while Oracle counts the time of day in the fraction.

```sql
v_mons := MONTHS_BETWEEN(v_dis_time, v_adm_time);
-- DM:
v_mons := (EXTRACT(YEAR FROM v_dis_time) - EXTRACT(YEAR FROM v_adm_time)) * 12
          + EXTRACT(MONTH FROM v_dis_time) - EXTRACT(MONTH FROM v_adm_time)
          + CASE WHEN EXTRACT(DAY FROM v_dis_time) = EXTRACT(DAY FROM v_adm_time)
                   OR (TRUNC(v_dis_time) = TRUNC(LAST_DAY(v_dis_time))
                       AND TRUNC(v_adm_time) = TRUNC(LAST_DAY(v_adm_time)))
                 THEN 0
                 ELSE ((v_dis_time - TRUNC(v_dis_time, 'MM')) - (v_adm_time - TRUNC(v_adm_time, 'MM'))) / 31 END;
```

The formula is in `grammar/targets/dameng.toml` (`[[date_semantics]]`,
`formula`), with the sources of each operation it uses."#,
    }
    SP0380 {
        name: "grant-needs-role",
        severity: Warning,
        summary: "a `GRANT`/`REVOKE` names roles that must exist on the target",
        help: "create the roles (CREATE ROLE name) before loading the grants",
        effort_minutes: 2,
        explanation: r#"Roles are not created by the script that grants to them: Oracle's
`his_app_role` or `his_report` were made by a DBA beforehand. On the target
the grant fails with "role … does not exist" until they are created.

```sql
CREATE ROLE his_app_role;   -- PostgreSQL, first
GRANT SELECT ON op_charge TO his_app_role;
```

`PUBLIC` always exists and is not reported."#,
    }
    SP0381 {
        name: "accessible-by-dropped",
        severity: Warning,
        summary: "a routine's `ACCESSIBLE BY (…)` white list was dropped: any role with EXECUTE may call it",
        help: "restrict the callers with REVOKE EXECUTE … FROM PUBLIC and grants",
        effort_minutes: 10,
        explanation: r#"Oracle 12.1's `ACCESSIBLE BY (PACKAGE pkg_nur_exec)` lets only the listed
units call a routine. PostgreSQL has no such clause: who may call a function
is decided by `EXECUTE` grants to roles, not by the calling code. The clause
is dropped, so the routine can be called by anyone with `EXECUTE` (which
`PUBLIC` has by default).

```sql
CREATE OR REPLACE FUNCTION fn_nur_new_exec_id RETURN NUMBER
  ACCESSIBLE BY (PACKAGE pkg_nur_exec) IS
BEGIN RETURN seq_nur_exec.NEXTVAL; END;
```

Nearest PostgreSQL: `REVOKE EXECUTE ON FUNCTION fn_nur_new_exec_id() FROM
PUBLIC`, and make the allowed package's routines `SECURITY DEFINER` owned by
a role that keeps `EXECUTE`."#,
    }
    SP0382 {
        name: "object-value-as-row",
        severity: Warning,
        summary: "`VALUE(t)` became the whole-row reference `t`, which compares column by column",
        help: "where the type had a MAP or ORDER method, compare or order by that method's expression",
        effort_minutes: 5,
        explanation: r#"`VALUE(t)` returns the object a row of an object table (or of
`TABLE(collection)`) holds. In PostgreSQL that row is already a composite
value, named by its alias, so `VALUE(t)` becomes `t`. Oracle compares and
orders objects with the type's `MAP` or `ORDER` member method (and refuses
to without one); PostgreSQL compares rows column by column, in order.

```sql
SELECT t.order_id FROM TABLE(fn_nur_task_feed('W301', 24)) t ORDER BY VALUE(t);   -- Oracle: by t_nur_task's MAP method
SELECT t.order_id FROM fn_nur_task_feed('W301', 24) t ORDER BY t;                  -- PostgreSQL: by order_id, task_name, …
```"#,
    }
    SP0385 {
        name: "dm-date-operation-unverified",
        severity: Warning,
        summary: "an Oracle DATE operation on a value that became TIMESTAMP(0) on Dameng, whose DM8 result is not fully documented",
        help: "test the expression on DM8 with values that have different times of day",
        effort_minutes: 10,
        explanation: r#"Dameng's `DATE` holds only the date, so sqlport declares Oracle `DATE`
columns, variables and parameters `TIMESTAMP(0)` on Dameng (unless
`--dm-date keep`). The values keep their times, but the operations applied to
them now see a `TIMESTAMP`. DM8's manuals and FAQ confirm that most of them
mean what they meant in Oracle (with `COMPATIBLE_MODE=2` and
`ORA_DATE_FMT=0`): a difference is a number of days, `± n` adds days,
`TRUNC`/`ROUND` keep the type, `ADD_MONTHS`, `LAST_DAY` and `NEXT_DAY` keep
the time of day (`grammar/targets/dameng.toml`, `[[date_semantics]]`, with
the sources). What the manuals leave open is reported at its first use in a
unit — today `MONTHS_BETWEEN`, whose documented example has two values at
the same time of day:

```sql
v_months := MONTHS_BETWEEN(v_dis_time, v_adm_time);  -- Oracle counts 08:00 vs 20:00 in the fraction; DM8: not shown
```

Fix: run the expression on DM8 with values at different times of day, or
`TRUNC` both arguments where only whole days matter."#,
    }
    SP0386 {
        name: "sqlcode-from-sqlstate",
        severity: Warning,
        summary: "SQLCODE became sqlport.sqlcode(SQLSTATE): Oracle's number for the errors sqlport knows, -99999 for the others",
        help: "where the code is stored or compared, check that the errors it can see are in grammar/oracle_errors.toml; -99999 means a PostgreSQL error Oracle has no number for",
        effort_minutes: 5,
        explanation: r#"PostgreSQL has no `SQLCODE`; a handler knows the error by `SQLSTATE`, a
five-character code. sqlport writes `sqlport.sqlcode(SQLSTATE)`, a helper
function (defined at the top of the output) that gives Oracle's number back:
-20nnn for `RAISE_APPLICATION_ERROR(-20nnn, …)` (SQLSTATE `45nnn`, see
`SP0442`), +1 for a user-defined exception, +100 for no data, -1 for a unique
violation, and the ORA code of every SQLSTATE in `grammar/oracle_errors.toml`.
A PostgreSQL error Oracle has no number for gives -99999; where several ORA
codes share one SQLSTATE (-2291 and -2292 are both `23503`) it gives one of
them. `SQLERRM` becomes `sqlport.sqlerrm(SQLSTATE, SQLERRM)`: `'ORA-nnnnn: '`
and PostgreSQL's message (whose wording is PostgreSQL's, not Oracle's).
A comparison of `SQLCODE` with numbers becomes an exact comparison of
`SQLSTATE` with those errors' codes.

```sql
l_code := SQLCODE;                         -- Oracle: -20030
l_code := sqlport.sqlcode(SQLSTATE);       -- PostgreSQL: -20030 (SQLSTATE '45030')
IF SQLCODE NOT IN (-942, -4043) THEN …     -- Oracle
IF SQLSTATE NOT IN ('42P01', '42704') THEN …
```"#,
    }
    SP0387 {
        name: "autonomous-transaction-joins-caller",
        severity: Error,
        summary: "PRAGMA AUTONOMOUS_TRANSACTION was removed: the routine's writes commit and roll back with its caller's",
        help: "if the writes must survive the caller's rollback, write them through a second connection (dblink, pg_background) instead",
        effort_minutes: 15,
        explanation: r#"A routine declared with `PRAGMA AUTONOMOUS_TRANSACTION` commits its own work
apart from its caller's: an error log written in a handler survives the
caller's rollback. A PostgreSQL kernel (HighGo, Kingbase in PG mode) has no
autonomous transactions, so sqlport removes the pragma, the routine's
`COMMIT`s and the `ROLLBACK`s of its handlers (PL/pgSQL already undoes a
block's work when its handler catches an error). The routine is created and
its callers work, but it now runs inside the caller's transaction: its writes
are committed by the caller's commit and undone by the caller's rollback, so
a log row written just before the caller fails is lost.

```sql
CREATE OR REPLACE PROCEDURE sp_his_log (p_msg VARCHAR2) IS
  PRAGMA AUTONOMOUS_TRANSACTION;          -- Oracle: commits on its own
BEGIN
  INSERT INTO his_op_log (message) VALUES (p_msg);
  COMMIT;
END;
-- PostgreSQL: no pragma, no COMMIT; the caller's transaction decides
```

Where the log must survive, write it through a second connection (`dblink`
or `pg_background`, with their credentials and connection cost), or have the
caller log after its rollback.

The severity is error, as for every autonomous transaction the target cannot
run: the routine loads, but what it exists for (writes that outlive the
caller's rollback) is gone exactly when it matters, and a pre-commit check
must stop on it until someone has decided."#,
    }
    SP0388 {
        name: "call-of-incomplete-routine",
        severity: Warning,
        summary: "a call of a routine sqlport could not translate completely (it has an error finding, or calls one that has)",
        help: "resolve the error findings of the called routine first; the call then works as translated",
        effort_minutes: 2,
        explanation: r#"The error is reported where the routine is defined, but the failure shows
where it is called: if the routine could not be created, every call fails with
"procedure … does not exist"; if it was created, a call fails when it reaches
the untranslated part. This warning marks each place (each calling routine,
block or statement, once per routine) that calls a routine with an error
finding, directly or through other routines of the script, so that no
statement fails without a finding at its line.

```sql
CREATE OR REPLACE PROCEDURE p_export_shift (p_ward VARCHAR2) IS
  f UTL_FILE.FILE_TYPE;                 -- error SP0271: no UTL_FILE
BEGIN … END;
/
CALL p_export_shift('W301');            -- warning SP0388 here
```"#,
    }
    SP0396 {
        name: "pg-trigger-when-dropped",
        severity: Warning,
        summary: "a PostgreSQL trigger's WHEN on whole rows was dropped; the DM trigger fires on every row",
        help: "compare the columns that matter in the WHEN clause (NEW.a <> OLD.a OR …), or test them at the start of the body",
        effort_minutes: 10,
        explanation: r#"PostgreSQL triggers may compare whole rows in `WHEN`
(`OLD.* IS DISTINCT FROM NEW.*`: fire only when something changed). PL/SQL's
`WHEN` compares columns only. sqlport drops the clause: the trigger then fires
on every updated row, also when nothing changed (an `updated_at` touch
trigger then sets the time on no-op updates).

```sql
WHEN (NEW.status <> OLD.status OR NEW.ward_code <> OLD.ward_code)   -- list the columns
```"#,
    }
    SP0397 {
        name: "pg-identity-explicit-values",
        severity: Warning,
        summary: "a PostgreSQL serial or identity column became a DM IDENTITY column, which rejects explicit values by default",
        help: "let DM generate the values, or run SET IDENTITY_INSERT table ON around inserts that give them (loads, tests)",
        effort_minutes: 10,
        explanation: r#"`serial`, `bigserial` and `GENERATED BY DEFAULT AS IDENTITY` columns accept
explicit values in PostgreSQL. A DM `IDENTITY(seed, step)` column takes them
only while `SET IDENTITY_INSERT table ON` is in force for the session, and
cannot have a `DEFAULT` (DM SQL manual, 自增列). Seed scripts that insert
fixed ids need `SET IDENTITY_INSERT … ON` first."#,
    }
    SP0398 {
        name: "pg-composite-object",
        severity: Warning,
        summary: "a PostgreSQL composite type became an object type; constructors and field access change",
        help: "build values with the type's constructor t(…) instead of ROW(…) or (…)::t, and read a column's fields through a table alias (t.col.field)",
        effort_minutes: 15,
        explanation: r#"DM8 has no composite types; it has Oracle's object types, which hold the
same attributes and can be column, variable and return types. sqlport writes
`CREATE TYPE t AS OBJECT (…)`. The type compiles; the code that builds and
reads values must change: `ROW(a, b)::fee_split` → `fee_split(a, b)`,
`(c.split).total` → `c.split.total` (a table alias is required).

```sql
CREATE TYPE fee_split AS (total numeric(12,2), fund numeric(12,2));
CREATE TYPE fee_split AS OBJECT (total NUMERIC(12,2), fund NUMERIC(12,2));
/
```"#,
    }
    SP0399 {
        name: "pg-subquery-in-pl-expression",
        severity: Warning,
        summary: "a subquery in a PL expression, which PL/SQL rejects",
        help: "SELECT COUNT(*) (or the value) INTO a variable first and test the variable",
        effort_minutes: 10,
        explanation: r#"PL/pgSQL evaluates any SQL expression in `IF`, assignments and `RETURN`,
subqueries included (`IF EXISTS (SELECT …) THEN`, `v := (SELECT max(x) FROM t)`).
PL/SQL does not allow a subquery there (PLS-00405); DMSQL's rule is not
verified. sqlport keeps the expression and warns.

```sql
IF EXISTS (SELECT 1 FROM registration WHERE patient_id = v_id) THEN …
-- PL/SQL: SELECT COUNT(*) INTO v_n FROM registration WHERE patient_id = v_id AND ROWNUM = 1;
--         IF v_n > 0 THEN …
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
    SP0403 {
        name: "pg-age-months",
        severity: Info,
        summary: "the years or months of age() computed with EXTRACT and TO_CHAR",
        help: "nothing to do: the expression counts years and months as age() does",
        effort_minutes: 1,
        explanation: r#"PostgreSQL's `age(a, b)` gives the interval from `b` to `a` in years, months
and days; HIS code takes its years (a patient's age) or months (a child's age
in months) with `EXTRACT` or `date_part`. DM has no `age()`. sqlport counts
the whole months from `b` to `a` — the difference of years and months, less
one when the day and time of `a` have not yet reached those of `b`, which is
how `age` borrows — and takes `TRUNC(m / 12)` for the years, `MOD(m, 12)` for
the months.

```sql
RETURN extract(year FROM age(p_at, p_birth))::integer;
-- DM:
RETURN CAST(TRUNC((CASE WHEN p_at >= p_birth
    THEN (12 * (EXTRACT(YEAR FROM p_at) - EXTRACT(YEAR FROM p_birth)) + EXTRACT(MONTH FROM p_at)
          - EXTRACT(MONTH FROM p_birth)
          - CASE WHEN TO_CHAR(p_at, 'DDHH24MISS') < TO_CHAR(p_birth, 'DDHH24MISS') THEN 1 ELSE 0 END)
    ELSE -(…) END) / 12) AS INTEGER);
```

The usual Oracle idiom `TRUNC(MONTHS_BETWEEN(a, b) / 12)` would differ for
birthdays on 29 February and on the 31st. The expression compares whole
seconds: two timestamps in the same second compare as equal."#,
    }
    SP0404 {
        name: "dynamic-binds-in-order",
        severity: Info,
        summary: "dynamic SQL placeholders numbered in order of appearance, USING arguments listed in that order",
        help: "nothing to do: the statement binds the same values",
        effort_minutes: 1,
        explanation: r#"PostgreSQL's `$n` names the n-th `USING` argument wherever it occurs, so
`$2` may come first or occur twice. Oracle-style dynamic SQL binds
placeholders by their position of appearance, one `USING` argument each.
sqlport numbers the placeholders `:1`, `:2`, … in order and writes the
`USING` list in that order, repeating an argument whose placeholder repeats;
under either binding rule the statement gets the same values.

```sql
EXECUTE 'SELECT count(*) FROM lab_request WHERE ward_code = $2 AND status = $1 AND $2 IS NOT NULL'
   INTO v_n USING 'F', p_ward;
-- DM:
EXECUTE IMMEDIATE 'SELECT count(*) FROM lab_request WHERE ward_code = :1 AND status = :2 AND :3 IS NOT NULL'
   INTO v_n USING p_ward, 'F', p_ward;
```"#,
    }
    SP0405 {
        name: "pg-delete-using-exists",
        severity: Info,
        summary: "DELETE … USING became DELETE … WHERE EXISTS",
        help: "nothing to do: the same rows are deleted",
        effort_minutes: 1,
        explanation: r#"DM has no `USING` clause in `DELETE`. A row of the target is deleted by
PostgreSQL's `DELETE … USING s WHERE cond` when some row of `s` satisfies
`cond` with it, which is what a correlated `EXISTS` asks:

```sql
DELETE FROM lab_result r USING lab_request q WHERE q.request_id = r.request_id AND q.status = 'X';
-- DM:
DELETE FROM lab_result r WHERE EXISTS (SELECT 1 FROM lab_request q
  WHERE q.request_id = r.request_id AND q.status = 'X');
```"#,
    }
    SP0406 {
        name: "pg-drop-dm-form",
        severity: Info,
        summary: "a DROP statement written in DM's form (one object each, routines by name, triggers without ON table)",
        help: "nothing to do; if the script relied on dropping one overload of a routine, check which routine DM drops",
        effort_minutes: 1,
        explanation: r#"DM8's `DROP` names one object, identifies a routine by its name alone and a
trigger by its name alone; PostgreSQL's may list several objects, give a
routine's argument types and a trigger's table:

```sql
DROP TRIGGER IF EXISTS trg_bed_touch ON bed;
DROP FUNCTION IF EXISTS fn_bed_free(int, text), fn_bed_count(varchar);
-- DM:
DROP TRIGGER IF EXISTS trg_bed_touch;
DROP FUNCTION IF EXISTS fn_bed_free;
DROP FUNCTION IF EXISTS fn_bed_count;
```

`IF EXISTS` stays (DM8 has it); `DROP INDEX` loses `CASCADE`, which DM8's
`DROP INDEX` does not take."#,
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
    SP0420 {
        name: "helper-function",
        severity: Info,
        summary: "the output calls a helper function that sqlport defines at its top (schema sqlport)",
        help: "nothing to do; run the whole output, or create the helper functions once in the database",
        effort_minutes: 1,
        explanation: r#"Some Oracle built-ins have no PostgreSQL expression that means the same:
`MONTHS_BETWEEN`, `ADD_MONTHS` (Oracle moves a month's last day to the
target month's last day), `INSTR` with a position or an occurrence,
`NEXT_DAY`, `LAST_DAY` (with the time of day kept), `SYS_GUID` on
PostgreSQL 12. sqlport calls a helper function instead, and writes its
definition at the top of the output, once, in the schema `sqlport`:

```sql
CREATE SCHEMA IF NOT EXISTS sqlport;
CREATE OR REPLACE FUNCTION sqlport.add_months(d timestamp, n numeric) … ;
SELECT sqlport.add_months(visit_time, 1) FROM op_visit;
```

The definitions are plain SQL and PL/pgSQL (no extension such as orafce),
created with `CREATE OR REPLACE`, so running several translated files is
safe. One finding is given per helper and file, at its first use."#,
    }
    SP0421 {
        name: "concat-null-as-empty",
        severity: Info,
        summary: "a tested || chain became NULLIF(concat(…), ''), which treats NULL operands as Oracle does",
        help: "nothing to do; other || chains (select lists, assignments) yield NULL on PostgreSQL when an operand is NULL",
        effort_minutes: 1,
        explanation: r#"Oracle's `||` treats a NULL operand as an empty string, and an empty
result as NULL: `'A' || NULL` is `'A'`. PostgreSQL's `||` yields NULL as soon
as one operand is NULL. Where the result of a chain is tested (compared,
`IS [NOT] NULL`, `LIKE`, `IN`, `BETWEEN`, or a `coalesce`/`NVL` argument),
sqlport writes `NULLIF(concat(a, b, …), '')`, which gives Oracle's result.

```sql
SELECT * FROM pat_info WHERE last_name || first_name = :name;                    -- Oracle
SELECT * FROM pat_info WHERE NULLIF(concat(last_name, first_name), '') = :name;  -- translated
```

Chains elsewhere are kept: on PostgreSQL they give NULL where Oracle gave the
other operands' text, which matters for messages built from columns that may
be NULL."#,
    }
    SP0422 {
        name: "into-parentheses-dropped",
        severity: Info,
        summary: "the parentheses around an INTO list were dropped: the target rejects them",
        help: "nothing to do: the statement means the same",
        effort_minutes: 1,
        explanation: r#"Some Oracle code writes the targets of `SELECT … INTO` (or `FETCH … INTO`,
`RETURNING … INTO`) in parentheses. Kingbase's Oracle mode rejects that form;
without the parentheses the statement means the same everywhere, so sqlport
drops them (only for targets whose catalog lists the `into-parentheses`
rewrite, `grammar/targets/kingbase.toml`).

```sql
SELECT patient_name INTO (v_name) FROM pat_contact WHERE patient_id = p_id;   -- Oracle
SELECT patient_name INTO v_name FROM pat_contact WHERE patient_id = p_id;     -- Kingbase
```"#,
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
(`… ROWNUM rn … WHERE rn BETWEEN 11 AND 20`) works as written. In a
`DELETE` or `UPDATE` of one table, which has no `LIMIT` in PostgreSQL, the
rows are chosen by their `ctid` in a limited subquery: any `n` rows that
match, as in Oracle.

```sql
SELECT * FROM (SELECT * FROM op_charge ORDER BY fee DESC) WHERE ROWNUM <= 10;         -- Oracle
SELECT * FROM (SELECT * FROM op_charge ORDER BY fee DESC) AS sqlport_q1 LIMIT 10;     -- HighGo
DELETE FROM his_op_log WHERE log_time < SYSDATE - 180 AND ROWNUM <= 1000;             -- Oracle
DELETE FROM his_op_log WHERE ctid IN (SELECT ctid FROM his_op_log WHERE log_time < … LIMIT 1000);
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
    SP0440 {
        name: "routine-clause-changed",
        severity: Info,
        summary: "a PL/SQL routine clause was dropped or replaced",
        help: "a PostgreSQL routine runs with its caller's privileges: grant them, or add SECURITY DEFINER (then it may not COMMIT)",
        effort_minutes: 2,
        explanation: r#"Some routine header clauses have no PostgreSQL form:

- `AUTHID DEFINER` / `AUTHID CURRENT_USER` are dropped. A PostgreSQL routine
  runs with its caller's rights (`SECURITY INVOKER`); `SECURITY DEFINER`
  exists but forbids transaction control and needs a safe `search_path`,
  so sqlport leaves the choice to you.
- `RESULT_CACHE` and `PARALLEL_ENABLE` are dropped.
- `DETERMINISTIC` becomes `IMMUTABLE` for a function that runs no SQL, and
  `STABLE` for one that reads tables (an `IMMUTABLE` function must not).

```sql
CREATE FUNCTION fn_age (p_birth DATE) RETURN NUMBER DETERMINISTIC IS …  -- Oracle
CREATE FUNCTION fn_age(p_birth DATE) RETURNS NUMBER … IMMUTABLE;        -- PostgreSQL
```"#,
    }
    SP0441 {
        name: "out-parameter-became-inout",
        severity: Info,
        summary: "an OUT parameter of a procedure became INOUT (kernel before 14)",
        help: "nothing to do; with --target-version 14 or later it stays OUT",
        effort_minutes: 1,
        explanation: r#"PostgreSQL procedures accept `OUT` parameters only from version 14; before
that they have `INOUT`. Callers pass a variable in both cases. An Oracle
`OUT` parameter starts `NULL` inside the procedure, an `INOUT` one starts
with the caller's value, so sqlport sets it to `NULL` first.

```sql
PROCEDURE admit (p_id IN NUMBER, o_no OUT VARCHAR2)          -- Oracle
PROCEDURE admit(p_id NUMBER, INOUT o_no VARCHAR2) … o_no := NULL;  -- PG 12
```"#,
    }
    SP0442 {
        name: "application-error-sqlstate",
        severity: Info,
        summary: "RAISE_APPLICATION_ERROR became RAISE EXCEPTION with SQLSTATE 45nnn",
        help: "callers that looked for ORA-20nnn should look for SQLSTATE '45nnn'; the message no longer starts with 'ORA-20nnn: '",
        effort_minutes: 2,
        explanation: r#"Oracle's application errors -20000 … -20999 become PostgreSQL errors whose
SQLSTATE is `45` followed by the last three digits: -20001 → `'45001'`,
-20999 → `'45999'`. Class 45 is not used by PostgreSQL, the mapping is
reversible, and it is the one ora2pg uses, so code migrated earlier agrees.

```sql
RAISE_APPLICATION_ERROR(-20201, '患者已有在院记录');                     -- Oracle
RAISE EXCEPTION '%', '患者已有在院记录' USING ERRCODE = '45201';         -- PostgreSQL
```

A handler catches it with `WHEN SQLSTATE '45201'`; `SQLERRM` is the message
alone, without Oracle's `ORA-20201: ` prefix. A code computed at run time is
mapped by the same rule in the `ERRCODE` expression."#,
    }
    SP0443 {
        name: "user-exception-sqlstate",
        severity: Info,
        summary: "a user-defined exception became a SQLSTATE",
        help: "nothing to do; handlers in other routines catch it with WHEN SQLSTATE 'code'",
        effort_minutes: 1,
        explanation: r#"PL/pgSQL has no exception declarations. sqlport removes `e EXCEPTION;`,
raises `RAISE EXCEPTION 'e' USING ERRCODE = 'code'` and catches
`WHEN SQLSTATE 'code'`. The code is `UX` and three letters or digits
computed from the exception's name, so the same name gets the same code in
every routine (a package's exception raised in one routine and caught in
another still matches). With `PRAGMA EXCEPTION_INIT(e, -nnnn)` the exception
stands for an Oracle error instead, and becomes the PostgreSQL condition for
it (`-1` → `unique_violation`, `-2292` → `foreign_key_violation`, -20nnn →
`SQLSTATE '45nnn'`), from the table in `grammar/oracle_errors.toml`.

```sql
e_no_stock EXCEPTION;  … RAISE e_no_stock; … WHEN e_no_stock THEN   -- Oracle
RAISE EXCEPTION 'e_no_stock' USING ERRCODE = 'UX3K9'; … WHEN SQLSTATE 'UX3K9' THEN
```"#,
    }
    SP0444 {
        name: "dbms-output-notice",
        severity: Info,
        summary: "DBMS_OUTPUT became RAISE NOTICE",
        help: "clients see notices (psql prints them); set client_min_messages to notice or lower",
        effort_minutes: 1,
        explanation: r#"`DBMS_OUTPUT.PUT_LINE(x)` becomes `RAISE NOTICE '%', x`: the text goes to
the client as a notice at once, instead of into a buffer the client reads
after the call. `DBMS_OUTPUT.ENABLE`, `DISABLE` and `NEW_LINE` become `NULL;`
and `PUT` (no line end) a notice of its own.

```sql
DBMS_OUTPUT.PUT_LINE('计费 ' || l_rows || ' 人次');        -- Oracle
RAISE NOTICE '%', '计费 ' || l_rows || ' 人次';             -- PostgreSQL
```"#,
    }
    SP0450 {
        name: "package-as-schema",
        severity: Info,
        summary: "a package became a schema with its routines, types and variable accessors",
        help: "nothing to do; calls pkg.f(…) keep working as schema-qualified calls",
        effort_minutes: 1,
        explanation: r#"PostgreSQL has no packages. sqlport writes the specification as
`CREATE SCHEMA pkg`, record types as composite types `pkg.t`, constants as
functions `pkg.c()`, variables as accessor functions over session settings
(`pkg.g()`, `pkg.set_g(v)`), and each routine of the body, public or private,
as `pkg.routine`. Calls written `pkg.routine(…)` in other units are
schema-qualified calls, so they keep working; references to the package's
own names inside its body are qualified.

```sql
CREATE OR REPLACE PACKAGE pkg_pharmacy IS
  c_pharmacy_opd CONSTANT NUMBER(10) := 71;
  FUNCTION get_available_qty (p_drug_id NUMBER) RETURN NUMBER;
END pkg_pharmacy;
```

becomes `CREATE SCHEMA IF NOT EXISTS pkg_pharmacy;` and
`CREATE OR REPLACE FUNCTION pkg_pharmacy.c_pharmacy_opd() RETURNS numeric …`;
the function itself comes from the package body. Private routines become
callable from outside: PostgreSQL has no private functions in a schema
(revoke EXECUTE on them if that matters)."#,
    }
    SP0451 {
        name: "package-cursor-inlined",
        severity: Info,
        summary: "a cursor declared in a package was copied into the routines that use it",
        help: "nothing to do, unless a caller kept the cursor open between calls (it is now local to each call)",
        effort_minutes: 2,
        explanation: r#"A schema cannot hold a cursor, so a cursor declared at package level is
declared again in each routine of the package that uses it. Its meaning is
the same, unless the program opened it in one call and fetched in another:
in PostgreSQL each call has its own cursor.

```sql
CREATE OR REPLACE PACKAGE BODY pkg_pharmacy IS
  CURSOR cur_fifo (cp_drug_id NUMBER) IS SELECT … FOR UPDATE;
  PROCEDURE deduct_stock (…) IS
  BEGIN
    FOR b IN cur_fifo(p_drug_id) LOOP … END LOOP;   -- cur_fifo is declared here now
```"#,
    }
    SP0452 {
        name: "pipelined-function",
        severity: Info,
        summary: "a pipelined function became a set-returning function",
        help: "nothing to do; TABLE(f(…)) in queries became f(…)",
        effort_minutes: 1,
        explanation: r#"Oracle's `PIPELINED` functions return rows one at a time with `PIPE ROW`;
PostgreSQL's set-returning functions do the same with `RETURNS SETOF t` and
`RETURN NEXT`. Queries call them as tables: `TABLE(f(…))` becomes `f(…)`.

```sql
FUNCTION stock_summary (p_dept_id NUMBER) RETURN t_stock_info PIPELINED IS …
  PIPE ROW (l_row);
-- PostgreSQL
FUNCTION stock_summary (p_dept_id numeric) RETURNS SETOF r_stock_info …
  RETURN NEXT l_row;
```

The returned collection type becomes its element type (`t_stock_info`, a table
of `r_stock_info`, returns `SETOF r_stock_info`)."#,
    }
    SP0460 {
        name: "sqlplus-command-commented-out",
        severity: Info,
        summary: "a SQL*Plus command with no psql equivalent was commented out",
        help: "nothing to do unless the script's output layout matters; psql's \\pset sets its own",
        effort_minutes: 1,
        explanation: r#"Output of an Oracle script for a PostgreSQL-kernel target (HighGo,
Kingbase in PG mode) is run with psql. SQL*Plus commands are not SQL, and
psql reads them as syntax errors, so sqlport translates the ones psql has an
equivalent for (`PROMPT` → `\echo`, `@@file` → `\ir file`, `SPOOL` → `\o`,
`WHENEVER SQLERROR EXIT` → `\set ON_ERROR_STOP on`, `EXIT` → `\q`, `EXEC`
→ `CALL`) and comments out the others — formatting (`COLUMN`,
`SET LINESIZE`, `SET PAGESIZE`), `SHOW ERRORS` (psql reports errors as they
happen), `VARIABLE`, `PRINT` and the like.

```sql
COLUMN dept_tree FORMAT A40        -- SQL*Plus
-- COLUMN dept_tree FORMAT A40     -- psql output
```"#,
    }
    SP0461 {
        name: "sqlplus-command-approximated",
        severity: Info,
        summary: "a SQL*Plus command became a psql command that behaves a little differently",
        help: "check the difference the message names matters to how the script is run",
        effort_minutes: 2,
        explanation: r#"The psql command written for this SQL*Plus command does the same job with a
difference worth knowing:

- `SPOOL file` → `\o file`: psql writes only query results to the file,
  not `\echo` text, notices or errors (redirect psql's output instead);
- `WHENEVER SQLERROR EXIT SQL.SQLCODE` → `\set ON_ERROR_STOP on`: psql stops
  at the first error with exit status 3, not the Oracle error code, and
  `ROLLBACK`/`COMMIT` after it is not kept (psql commits each statement);
- `EXIT 1` → `\q`: psql ends with status 0;
- `EXEC p(…)` → `CALL p(…);`: right for a procedure; a function is called
  with `SELECT f(…);`.

```sql
EXEC pkg_op_billing.daily_close(9001);      -- SQL*Plus
CALL pkg_op_billing.daily_close(9001);      -- psql
```"#,
    }
    SP0470 {
        name: "reserved-word-quoted",
        severity: Info,
        summary: "a name that is a reserved word on the target was quoted",
        help: "nothing to do in the script; other code that names this column or variable on the target must quote it too",
        effort_minutes: 2,
        explanation: r#"A column, table or variable is named with a word the target reserves but
Oracle does not (PostgreSQL kernels reserve `limit`, `offset`, `window`,
`array`, …; Dameng reserves `top`). Unquoted, such a name is a syntax error
on the target, so sqlport quotes it wherever it is used as a name, in every
statement of the script, in the case the target folds unquoted names to
(upper case on Dameng, lower case on PostgreSQL kernels), so that the quoted
name is the one an unquoted reference would have meant.

```sql
CREATE TABLE drug_dose (drug_code VARCHAR2(20), limit NUMBER(8,2));       -- Oracle
CREATE TABLE drug_dose (drug_code VARCHAR2(20), "limit" NUMBER(8,2));     -- HighGo
```

Words the target reserves only in some contexts (non-reserved key words)
are left alone. The lists are in `grammar/targets/*.toml`
(`[[reserved_words]]`), with their sources. One finding is given per unit
and word."#,
    }
    SP0471 {
        name: "database-link-rewritten",
        severity: Info,
        summary: "`CREATE DATABASE LINK` was written in the target's own form",
        help: "check the connection string against the target's network and client configuration",
        effort_minutes: 5,
        explanation: r#"The target has database links but creates them with its own statement, so
sqlport rewrote Oracle's `CREATE DATABASE LINK` into it, keeping the name,
user, password and connect string. Names written `table@link` then work as
in Oracle. The form comes from the target catalog (`[link_template]`).

Oracle → Dameng:

```sql
CREATE PUBLIC DATABASE LINK lis_link CONNECT TO lis IDENTIFIED BY pwd USING 'LISDB';
CREATE PUBLIC LINK lis_link CONNECT 'ORACLE' WITH lis IDENTIFIED BY pwd USING 'LISDB';
```

What to check: that the target reaches the remote server with this connect
string (a TNS name needs Dameng's Oracle client configuration; `IP/service`
does not), and whether the password should stay in the script. A link the
target's form cannot express (`CONNECT TO CURRENT_USER`) is reported as
`SP0272` instead."#,
    }
    SP0480 {
        name: "postgresql-feature-downgraded",
        severity: Info,
        summary: "a PostgreSQL feature newer than the target's kernel was rewritten with an equivalent",
        help: "none needed; the message says what it became",
        effort_minutes: 1,
        explanation: r#"A PostgreSQL source is translated for an older PostgreSQL kernel (HighGo 12
or 14, Kingbase 12 in either mode). Features the kernel lacks are rewritten with
what it has, and each rewrite is reported once where it was made:

```sql
SELECT payload['result']['value'] FROM lab_msg;              -- 14
SELECT (payload -> 'result' -> 'value') FROM lab_msg;        -- 12

CREATE PROCEDURE p(IN a int, OUT b int) …                    -- 14
CREATE PROCEDURE p(IN a int, INOUT b int) … b := NULL; …     -- 12

SELECT … ORDER BY total DESC FETCH FIRST 3 ROWS WITH TIES;   -- 13
SELECT … ORDER BY total DESC LIMIT (SELECT count(*) FROM (SELECT rank() OVER (ORDER BY …) …) …);

WITH RECURSIVE t(id, up) AS (SELECT … UNION ALL SELECT …) SEARCH DEPTH FIRST BY id SET ord …  -- 14
WITH RECURSIVE t(id, up, ord) AS (SELECT …, ARRAY[ROW(id)] AS ord … UNION ALL SELECT …, t.ord || ROW(c.id) …) …
```

The table of features and versions, with sources, is
`grammar/pg_features.toml`."#,
    }
    SP0485 {
        name: "pg-routine-clauses",
        severity: Info,
        summary: "PostgreSQL routine header clauses were dropped",
        help: "nothing to do unless the clause mattered (STRICT: add NULL tests)",
        effort_minutes: 2,
        explanation: r#"`LANGUAGE plpgsql`, `STABLE`, `VOLATILE`, `PARALLEL SAFE`, `COST`, `ROWS`,
`SECURITY INVOKER|DEFINER`, `SET search_path …` and `STRICT` have no DMSQL
header form and are dropped; `IMMUTABLE` becomes `DETERMINISTIC`. `STRICT`
(return NULL without running the body when an argument is NULL) changes
behaviour when callers pass NULL."#,
    }
    SP0486 {
        name: "pg-raise",
        severity: Info,
        summary: "a PL/pgSQL RAISE became RAISE_APPLICATION_ERROR or DBMS_OUTPUT.PUT_LINE",
        help: "nothing to do; DBMS_OUTPUT needs the DM system packages (SP_CREATE_SYSTEM_PACKAGES(1))",
        effort_minutes: 2,
        explanation: r#"`RAISE EXCEPTION 'fmt %', a USING ERRCODE = 'HIS01'` becomes
`RAISE_APPLICATION_ERROR(-20001, 'fmt ' || a)` (the number from
`[[application_errors]]` in `grammar/oracle_errors.toml`); `RAISE NOTICE`,
`INFO`, `WARNING`, `LOG` and `DEBUG` become `DBMS_OUTPUT.PUT_LINE(…)`, with the
`%` placeholders replaced by concatenation."#,
    }
    SP0487 {
        name: "pg-trigger-merged",
        severity: Info,
        summary: "a PostgreSQL trigger function and its CREATE TRIGGER became one DM trigger",
        help: "nothing to do",
        effort_minutes: 2,
        explanation: r#"The trigger function's body moves into the `CREATE TRIGGER` that used it:
`NEW.x`/`OLD.x` become `:NEW.x`/`:OLD.x`, `TG_OP = 'INSERT'` becomes
`INSERTING` (and `UPDATING`, `DELETING`), `RETURN NEW`/`RETURN OLD` become
`RETURN;`. The function's own unit is replaced by a comment."#,
    }
    SP0488 {
        name: "pg-type-mapped",
        severity: Info,
        summary: "a PostgreSQL type became the Dameng type that holds the same values",
        help: "nothing to do",
        effort_minutes: 1,
        explanation: r#"`text` → `CLOB`, `bytea` → `BLOB`, `boolean` → `BIT`, `timestamptz` →
`TIMESTAMP WITH TIME ZONE`, `uuid` → `VARCHAR(36)`, `json`/`jsonb` → `CLOB`,
`serial`/`bigserial` → `INT`/`BIGINT IDENTITY(1, 1)`, … (the table in
`grammar/pg_to_oracle.toml`, each entry with its source)."#,
    }
    SP0489 {
        name: "pg-function-mapped",
        severity: Info,
        summary: "a PostgreSQL function or operator became its Oracle-style equivalent",
        help: "nothing to do",
        effort_minutes: 1,
        explanation: r#"`now()` → `SYSTIMESTAMP`, `nextval('s')` → `s.NEXTVAL`, `string_agg(x, ',')`
→ `LISTAGG(x, ',') WITHIN GROUP (ORDER BY …)`, `ILIKE` → `UPPER(a) LIKE
UPPER(b)`, `a IS DISTINCT FROM b` → `DECODE(a, b, 0, 1) = 1`, `x::t` →
`CAST(x AS t)`."#,
    }
    SP0490 {
        name: "pg-script-command",
        severity: Info,
        summary: "a psql command or statement DIsql cannot run was commented out",
        help: "nothing to do; run the script in DIsql with the settings you need (for example WHENEVER SQLERROR EXIT)",
        effort_minutes: 2,
        explanation: r#"psql meta-commands (`\set`, `\echo`, `\c`, `\gexec`, …) mean nothing to DIsql
and become comments; `\i file` becomes `@file`. `BEGIN;` and `START
TRANSACTION;` become comments too (DM opens a transaction at the first
statement; in DIsql `BEGIN` starts a PL block), and so do `COMMENT ON` an
object DM cannot comment (types, functions, schemas, …)."#,
    }
    SP0491 {
        name: "pg-enum-varchar",
        severity: Info,
        summary: "a PostgreSQL enum type became VARCHAR with a CHECK on the columns that use it",
        help: "nothing to do; the values and their check are kept, the order of the labels is not (ORDER BY the column sorts them alphabetically)",
        effort_minutes: 5,
        explanation: r#"DM8 has no enum types. `CREATE TYPE charge_status AS ENUM ('unpaid', 'paid')`
becomes a comment; every column of that type becomes `VARCHAR(n)` (n = the
longest label) with `CHECK (col IN ('unpaid', 'paid'))`, and variables,
parameters and casts of the type become `VARCHAR(n)`. PostgreSQL sorted enum
values in label order; `VARCHAR` sorts them alphabetically."#,
    }
    SP0492 {
        name: "pg-on-conflict-merge",
        severity: Info,
        summary: "an INSERT … ON CONFLICT became MERGE",
        help: "nothing to do, unless two sessions insert the same key at the same moment: then retry on DUP_VAL_ON_INDEX",
        effort_minutes: 2,
        explanation: r#"`INSERT INTO t (cols) VALUES (…) ON CONFLICT (key) DO UPDATE SET …` (or
`DO NOTHING`) becomes `MERGE INTO t USING (SELECT … FROM dual) sqlport_new ON
(t.key = sqlport_new.key) WHEN MATCHED THEN UPDATE SET … WHEN NOT MATCHED THEN
INSERT …`, with `EXCLUDED.c` read as `sqlport_new.c`. PostgreSQL's `ON
CONFLICT` is atomic against a concurrent insert of the same key; `MERGE` is
not, so one of two simultaneous sessions can still get a unique-key error."#,
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
ALTER TABLE ip_order SPLIT PARTITION p2024 AT (DATE '2024-07-01') INTO (PARTITION a, PARTITION b);
```

Fix:

```sql
-- sqlport: ignore[SP0101] partition split checked by hand
ALTER TABLE ip_order SPLIT PARTITION p2024 AT (DATE '2024-07-01') INTO (PARTITION a, PARTITION b);
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
