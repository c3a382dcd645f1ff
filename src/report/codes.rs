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
    SP0240 {
        name: "transaction-control-not-allowed",
        severity: Error,
        summary: "COMMIT, ROLLBACK or SAVEPOINT where PL/pgSQL forbids it",
        help: "move the transaction control to the caller, or make the routine a procedure called by CALL outside a transaction, with no EXCEPTION section around the COMMIT",
        effort_minutes: 30,
        explanation: r#"Oracle lets any PL/SQL code end the transaction. PostgreSQL allows `COMMIT`
and `ROLLBACK` only in a procedure (or `DO` block) invoked by `CALL` outside
an explicit transaction, and never:

- in a function or a trigger ("invalid transaction termination");
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
        summary: "GOTO; PL/pgSQL has no GOTO",
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
        help: "check the SQL this code builds against the target: Oracle functions, (+) joins, bind placeholders ($1, not :x)",
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

Check what the code builds and write it for the target (`COALESCE`, `$1`)."#,
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
