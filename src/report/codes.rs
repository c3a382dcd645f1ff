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
