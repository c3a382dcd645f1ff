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
    SP0259 {
        name: "nested-routine",
        severity: Error,
        summary: "a procedure or function declared inside another routine has no PL/pgSQL equivalent",
        help: "make it a routine of its own (in the package's schema), passing it the variables of the enclosing routine it uses",
        effort_minutes: 20,
        explanation: r#"PL/SQL lets a routine, trigger or block declare its own procedures and
functions, which see the enclosing routine's variables. PL/pgSQL has no
nested subprograms: functions are schema objects and see only their
parameters. (A package's routines are not nested: they become routines of the
package's schema.)

```sql
PROCEDURE generate_plan (p_order_id IN NUMBER) IS
  v_count PLS_INTEGER := 0;
  PROCEDURE add_plan (p_time IN DATE) IS
  BEGIN
    v_count := v_count + 1;      -- the enclosing routine's variable
  END add_plan;
BEGIN
  add_plan(SYSDATE);
END;
```

What to do: create the nested routine as a routine of its own (in a package,
as another routine of the package's schema), give it parameters for the
enclosing variables it reads (`INOUT` for those it changes), and change its
calls. The declaration is kept as written."#,
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
