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
