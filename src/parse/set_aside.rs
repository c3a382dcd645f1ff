//! Clauses sqlparser cannot read, set aside so that it can read the rest:
//! Oracle's physical attributes of tables and indexes (`TABLESPACE`,
//! `PCTFREE`, `STORAGE (…)`, `LOGGING`, …), its sequence options (`NOCACHE`,
//! `NOCYCLE`, `ORDER`, …), the `SIBLINGS` of `ORDER SIBLINGS BY` and the
//! `NAME '…'` of `SET TRANSACTION`, Oracle's flashback clauses (`AS OF
//! TIMESTAMP|SCN …`, `VERSIONS BETWEEN …`) and `MODEL` clause (kept so that
//! the rules can report them precisely); PostgreSQL's argument list in
//! `COMMENT ON FUNCTION f(args)`. The unit keeps them, by span, for the
//! rewrite passes (some targets take them as written, others drop or rewrite
//! them), and [`restore`] puts them back into a reprinted statement.

use crate::ast::SetAside;
use crate::source::{LexemeKind, Lexer, ScriptSyntax, Span};

/// Physical attributes of tables, indexes and materialized views, with how
/// many tokens follow the keyword (a parenthesised group counts as one).
const PHYSICAL: &[(&str, usize)] = &[
    ("TABLESPACE", 1),
    ("PCTFREE", 1),
    ("PCTUSED", 1),
    ("INITRANS", 1),
    ("MAXTRANS", 1),
    ("STORAGE", 1),
    ("LOGGING", 0),
    ("NOLOGGING", 0),
    ("NOCOMPRESS", 0),
    ("NOCACHE", 0),
    ("NOPARALLEL", 0),
    ("MONITORING", 0),
    ("NOMONITORING", 0),
    ("ROWDEPENDENCIES", 0),
    ("NOROWDEPENDENCIES", 0),
    // A reverse-key index: `CREATE INDEX … (cols) REVERSE`.
    ("REVERSE", 0),
    // `PARALLEL [n]`, `COMPRESS [n | FOR OLTP …]`: an optional number.
    ("PARALLEL", OPTIONAL_NUMBER),
    ("COMPRESS", OPTIONAL_NUMBER),
    ("CACHE", 0),
    // `CREATE INDEX … COMPUTE STATISTICS`.
    ("COMPUTE", 1),
];

/// An argument count meaning "a number, if one follows".
const OPTIONAL_NUMBER: usize = usize::MAX;

/// `DROP TABLE t CASCADE CONSTRAINTS [PURGE]`: the `CONSTRAINTS` of
/// `CASCADE CONSTRAINTS`; `TRUNCATE TABLE t REUSE|DROP STORAGE`.
const DROP: &[(&str, usize)] = &[("CONSTRAINTS", 0), ("REUSE", 1), ("STORAGE", 0)];

/// `DROP TYPE t FORCE` (drop it although other objects depend on it).
const DROP_TYPE: &[(&str, usize)] = &[("FORCE", 0)];

/// `SET TRANSACTION … NAME 'label'`.
const TRANSACTION: &[(&str, usize)] = &[("NAME", 1)];

/// Oracle-only sequence options.
const SEQUENCE: &[(&str, usize)] = &[
    ("NOCACHE", 0),
    ("NOCYCLE", 0),
    ("ORDER", 0),
    ("NOORDER", 0),
    ("NOMAXVALUE", 0),
    ("NOMINVALUE", 0),
    ("NOKEEP", 0),
    ("KEEP", 0),
    ("NOSCALE", 0),
];

/// The statement in `body` of `text` without the clauses sqlparser cannot
/// read, and those clauses; `None` when there is nothing to set aside.
pub fn set_aside(text: &str, body: Span, syntax: ScriptSyntax) -> Option<(String, Vec<SetAside>)> {
    let lexemes: Vec<_> = Lexer::new(text, body.start, syntax)
        .take_while(|l| l.span.start < body.end)
        .filter(|l| !l.kind.is_trivia())
        .collect();
    let word = |i: usize| {
        lexemes
            .get(i)
            .filter(|l| l.kind == LexemeKind::Word)
            .map(|l| l.span.slice(text).to_ascii_uppercase())
    };
    let mut head = Vec::new();
    // Six words reach the object type past `OR REPLACE NOFORCE EDITIONABLE`.
    for i in 0..6 {
        head.extend(word(i));
    }
    let is = |w: &str| head.iter().any(|h| h == w);
    let table = {
        word(0).as_deref() == Some("CREATE") && (is("TABLE") || is("INDEX") || is("MATERIALIZED"))
    } || (word(0).as_deref() == Some("ALTER") && (is("TABLE") || is("INDEX")));
    let sequence = matches!(word(0).as_deref(), Some("CREATE" | "ALTER")) && is("SEQUENCE");
    let constraints = matches!(word(0).as_deref(), Some("CREATE" | "ALTER")) && is("TABLE");
    let drop = matches!(word(0).as_deref(), Some("DROP" | "TRUNCATE")) && is("TABLE");
    let drop_type = word(0).as_deref() == Some("DROP")
        && word(1).as_deref() == Some("TYPE")
        && word(2).as_deref() != Some("BODY");
    let query = matches!(
        word(0).as_deref(),
        Some("SELECT" | "WITH" | "INSERT" | "CREATE")
    );
    if syntax == ScriptSyntax::Psql {
        let clauses = sql_json_clauses(text, &lexemes);
        if !clauses.is_empty() {
            return without(text, body, clauses);
        }
        return comment_on_routine(text, body, &lexemes);
    }
    let view = word(0).as_deref() == Some("CREATE") && is("VIEW");
    let mut clauses = if view || is("INDEX") {
        head_clauses(text, &lexemes)
    } else {
        Vec::new()
    };
    if view {
        clauses.extend(view_options(text, &lexemes));
        return without(text, body, clauses);
    }
    let transaction =
        word(0).as_deref() == Some("SET") && word(1).as_deref() == Some("TRANSACTION");
    let table_ = if drop {
        DROP
    } else if drop_type {
        DROP_TYPE
    } else if table {
        PHYSICAL
    } else if sequence {
        SEQUENCE
    } else if transaction {
        TRANSACTION
    } else if query {
        &[]
    } else {
        return None;
    };
    // Depth-zero clauses from the table; `(…)` groups count as one token.
    let mut depth = 0usize;
    let mut i = 0;
    while i < lexemes.len() {
        let l = &lexemes[i];
        match l.kind {
            LexemeKind::Punct('(') => depth += 1,
            LexemeKind::Punct(')') => depth = depth.saturating_sub(1),
            // ORDER SIBLINGS BY, at any depth (hierarchical subqueries too).
            LexemeKind::Word
                if l.span.slice(text).eq_ignore_ascii_case("SIBLINGS")
                    && i > 0
                    && lexemes[i - 1]
                        .span
                        .slice(text)
                        .eq_ignore_ascii_case("ORDER") =>
            {
                clauses.push(SetAside {
                    span: l.span,
                    keyword: "SIBLINGS".to_string(),
                    text: l.span.slice(text).to_string(),
                    after: None,
                });
            }
            // Constraint states, at any depth of CREATE/ALTER TABLE:
            // `NOT NULL ENABLE`, `… PRIMARY KEY (id) USING INDEX TABLESPACE x`,
            // `… REFERENCES t (id) DISABLE NOVALIDATE`.
            LexemeKind::Word if constraints && constraint_state(text, &lexemes, i).is_some() => {
                let end = constraint_state(text, &lexemes, i).unwrap_or(i + 1);
                let last = lexemes.get(end.saturating_sub(1)).unwrap_or(l);
                let span = Span::new(l.span.start, last.span.end);
                let keyword = l.span.slice(text).to_ascii_uppercase();
                let keyword = match keyword.as_str() {
                    "USING" => "USING INDEX".to_string(),
                    "ON" => "ON NULL".to_string(),
                    _ => keyword,
                };
                // Goes back after the token it followed.
                let after = i
                    .checked_sub(1)
                    .and_then(|p| lexemes.get(p))
                    .map(|p| p.span.slice(text).to_ascii_uppercase());
                clauses.push(SetAside {
                    span,
                    keyword,
                    text: span.slice(text).to_string(),
                    after,
                });
                i = end;
                continue;
            }
            // Flashback and MODEL clauses of a query, at any depth.
            LexemeKind::Word
                if query && let Some((end, keyword)) = query_clause(text, &lexemes, i) =>
            {
                let Some(last) = lexemes.get(end - 1) else {
                    break;
                };
                let span = Span::new(l.span.start, last.span.end);
                // A flashback clause goes back after the table it follows.
                let after = (keyword != "MODEL")
                    .then(|| i.checked_sub(1).and_then(|p| lexemes.get(p)))
                    .flatten()
                    .map(|t| t.span.slice(text).to_string());
                clauses.push(SetAside {
                    span,
                    keyword: keyword.to_string(),
                    text: span.slice(text).to_string(),
                    after,
                });
                i = end;
                continue;
            }
            LexemeKind::Word if depth == 0 => {
                let w = l.span.slice(text).to_ascii_uppercase();
                let prev_is = |p: &str| {
                    i.checked_sub(1)
                        .and_then(|k| lexemes.get(k))
                        .is_some_and(|l| l.span.slice(text).eq_ignore_ascii_case(p))
                };
                // In DROP/TRUNCATE: only `CASCADE CONSTRAINTS`, `REUSE STORAGE`
                // and `DROP STORAGE`.
                let in_drop_context = !drop
                    || match w.as_str() {
                        "CONSTRAINTS" => prev_is("CASCADE"),
                        "STORAGE" => prev_is("DROP"),
                        _ => true,
                    };
                if let Some((_, args)) = table_
                    .iter()
                    .find(|(k, _)| *k == w)
                    .filter(|_| in_drop_context)
                {
                    let args = if *args == OPTIONAL_NUMBER {
                        let next = lexemes.get(i + 1);
                        usize::from(next.is_some_and(|n| {
                            n.kind == LexemeKind::Word
                                && n.span.slice(text).bytes().all(|b| b.is_ascii_digit())
                        }))
                    } else {
                        *args
                    };
                    // `DROP STORAGE`: the DROP goes too.
                    let start = if drop && w == "STORAGE" { i - 1 } else { i };
                    let l = &lexemes[start];
                    let end = skip_args(&lexemes, i + 1, args);
                    let last = lexemes.get(end.saturating_sub(1)).unwrap_or(l);
                    let span = Span::new(l.span.start, last.span.end);
                    clauses.push(SetAside {
                        span,
                        keyword: w,
                        text: span.slice(text).to_string(),
                        after: None,
                    });
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    clauses.sort_by_key(|c| c.span.start);
    without(text, body, clauses)
}

/// Where a constraint state that starts at lexeme `i` ends: `ENABLE`,
/// `DISABLE`, `VALIDATE`, `NOVALIDATE`, `RELY`, `NORELY` after a constraint,
/// or `USING INDEX` with its index (`(CREATE INDEX …)`, a name, or physical
/// attributes). `None` when there is none at `i`.
fn constraint_state(text: &str, lexemes: &[crate::source::Lexeme], i: usize) -> Option<usize> {
    let upper = |k: usize| {
        lexemes
            .get(k)
            .filter(|l| l.kind == LexemeKind::Word)
            .map(|l| l.span.slice(text).to_ascii_uppercase())
    };
    let prev = i.checked_sub(1).and_then(|p| lexemes.get(p))?;
    // After a constraint: a word (`NULL`, `ENABLE`) or a closing parenthesis.
    let after_constraint = matches!(
        prev.kind,
        LexemeKind::Word | LexemeKind::QuotedIdent | LexemeKind::Punct(')')
    );
    match upper(i)?.as_str() {
        // `GENERATED BY DEFAULT ON NULL AS IDENTITY`.
        "ON" if upper(i + 1).as_deref() == Some("NULL")
            && upper(i - 1).as_deref() == Some("DEFAULT")
            && upper(i + 2).as_deref() == Some("AS") =>
        {
            Some(i + 2)
        }
        "ENABLE" | "DISABLE" | "VALIDATE" | "NOVALIDATE" | "RELY" | "NORELY"
            if after_constraint =>
        {
            // `ALTER TABLE t ENABLE …` (triggers, row movement) is not a state.
            let statement_level = upper(i.saturating_sub(2)).as_deref() == Some("TABLE")
                || matches!(
                    upper(i + 1).as_deref(),
                    Some("TRIGGER" | "ALL" | "ROW" | "TABLE" | "CONSTRAINT" | "PRIMARY" | "UNIQUE")
                );
            (!statement_level).then_some(i + 1)
        }
        "USING" if upper(i + 1).as_deref() == Some("INDEX") && after_constraint => {
            let mut k = i + 2;
            if lexemes.get(k).map(|l| l.kind) == Some(LexemeKind::Punct('(')) {
                return Some(skip_args(lexemes, k, 1));
            }
            let mut any = false;
            while let Some(w) = upper(k) {
                match PHYSICAL.iter().find(|(p, _)| *p == w) {
                    Some((_, args)) => {
                        k = skip_args(lexemes, k + 1, *args);
                        any = true;
                    }
                    // An index's name.
                    None if !any
                        && !matches!(
                            w.as_str(),
                            "ENABLE" | "DISABLE" | "VALIDATE" | "NOVALIDATE" | "CONSTRAINT"
                        ) =>
                    {
                        k += 1;
                        any = true;
                    }
                    None => break,
                }
            }
            Some(k)
        }
        _ => None,
    }
}

/// Words between `CREATE [OR REPLACE]` and the object type that sqlparser
/// does not read: `BITMAP` (index), `FORCE`/`NOFORCE` and
/// `EDITIONABLE`/`NONEDITIONABLE` (view). They go back after the words
/// before them.
fn head_clauses(text: &str, lexemes: &[crate::source::Lexeme]) -> Vec<SetAside> {
    let word = |i: usize| {
        lexemes
            .get(i)
            .filter(|l| l.kind == LexemeKind::Word)
            .map(|l| l.span.slice(text).to_ascii_uppercase())
    };
    if word(0).as_deref() != Some("CREATE") {
        return Vec::new();
    }
    let mut i = 1;
    let mut after = "CREATE".to_string();
    if word(1).as_deref() == Some("OR") && word(2).as_deref() == Some("REPLACE") {
        i = 3;
        after = "CREATE OR REPLACE".to_string();
    }
    let mut clauses = Vec::new();
    while let Some(w) = word(i) {
        let head = matches!(
            w.as_str(),
            "BITMAP" | "FORCE" | "NOFORCE" | "EDITIONABLE" | "NONEDITIONABLE"
        );
        if !head {
            break;
        }
        let l = &lexemes[i];
        clauses.push(SetAside {
            span: l.span,
            keyword: w,
            text: l.span.slice(text).to_string(),
            after: Some(after.clone()),
        });
        i += 1;
    }
    clauses
}

/// A view's trailing `WITH READ ONLY` or `WITH CHECK OPTION [CONSTRAINT name]`.
fn view_options(text: &str, lexemes: &[crate::source::Lexeme]) -> Vec<SetAside> {
    let is = |i: usize, w: &str| {
        lexemes.get(i).is_some_and(|l| {
            l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case(w)
        })
    };
    let mut depth = 0usize;
    for (i, l) in lexemes.iter().enumerate() {
        match l.kind {
            LexemeKind::Punct('(') => depth += 1,
            LexemeKind::Punct(')') => depth = depth.saturating_sub(1),
            _ if depth == 0 && is(i, "WITH") => {
                let end = if is(i + 1, "READ") && is(i + 2, "ONLY") {
                    i + 3
                } else if is(i + 1, "CHECK") && is(i + 2, "OPTION") {
                    if is(i + 3, "CONSTRAINT") {
                        i + 5
                    } else {
                        i + 3
                    }
                } else {
                    continue;
                };
                // Only at the end of the statement.
                if end < lexemes.len() {
                    continue;
                }
                let last = &lexemes[end.min(lexemes.len()) - 1];
                let span = Span::new(l.span.start, last.span.end);
                return vec![SetAside {
                    span,
                    keyword: if is(i + 1, "READ") {
                        "WITH READ ONLY".to_string()
                    } else {
                        "WITH CHECK OPTION".to_string()
                    },
                    text: span.slice(text).to_string(),
                    after: None,
                }];
            }
            _ => {}
        }
    }
    Vec::new()
}

/// Words that end a flashback or `MODEL` clause (at its own depth).
const QUERY_CLAUSE_END: &[&str] = &[
    "WHERE",
    "GROUP",
    "HAVING",
    "ORDER",
    "UNION",
    "MINUS",
    "INTERSECT",
    "EXCEPT",
    "CONNECT",
    "START",
    "JOIN",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "NATURAL",
    "ON",
    "USING",
    "FOR",
    "FETCH",
    "OFFSET",
    "PIVOT",
    "UNPIVOT",
];

/// Words that may follow `MODEL` at the start of a model clause.
const MODEL_START: &[&str] = &[
    "PARTITION",
    "DIMENSION",
    "MAIN",
    "REFERENCE",
    "RETURN",
    "IGNORE",
    "KEEP",
    "UNIQUE",
];

/// A flashback (`AS OF TIMESTAMP|SCN expr`, `VERSIONS BETWEEN …`) or `MODEL`
/// clause starting at lexeme `i`: the index just past it (a table alias
/// after a flashback expression is not part of it) and its keyword.
fn query_clause(
    text: &str,
    lexemes: &[crate::source::Lexeme],
    i: usize,
) -> Option<(usize, &'static str)> {
    let word = |k: usize| {
        lexemes
            .get(k)
            .filter(|l| l.kind == LexemeKind::Word)
            .map(|l| l.span.slice(text).to_ascii_uppercase())
    };
    let period = matches!(word(i + 2).as_deref(), Some("TIMESTAMP" | "SCN"));
    let keyword = match (word(i).as_deref(), word(i + 1).as_deref()) {
        (Some("AS"), Some("OF")) if period => "AS OF",
        (Some("VERSIONS"), Some("BETWEEN")) if period => "VERSIONS",
        (Some("MODEL"), Some(next))
            if MODEL_START.contains(&next)
                && !i
                    .checked_sub(1)
                    .is_some_and(|p| lexemes[p].kind == LexemeKind::Punct('.')) =>
        {
            "MODEL"
        }
        _ => return None,
    };
    let first = if keyword == "MODEL" { i + 1 } else { i + 3 };
    let mut depth = 0usize;
    let mut end = first;
    while let Some(l) = lexemes.get(end) {
        match l.kind {
            LexemeKind::Punct('(') => depth += 1,
            LexemeKind::Punct(')') if depth == 0 => break,
            LexemeKind::Punct(')') => depth -= 1,
            LexemeKind::Punct(',' | ';') if depth == 0 => break,
            LexemeKind::Word
                if depth == 0
                    && QUERY_CLAUSE_END
                        .iter()
                        .any(|w| l.span.slice(text).eq_ignore_ascii_case(w))
                    // VERSIONS BETWEEN … AND …: AND is not an end.
                    && !(keyword == "MODEL" && l.span.slice(text).eq_ignore_ascii_case("FOR")) =>
            {
                break;
            }
            _ => {}
        }
        end += 1;
    }
    // `t AS OF TIMESTAMP SYSDATE - 1 r`: two operands in a row, the second
    // is the table's alias.
    let is_one_of = |l: &crate::source::Lexeme, words: &[&str]| {
        words
            .iter()
            .any(|w| l.span.slice(text).eq_ignore_ascii_case(w))
    };
    let operand = |l: &crate::source::Lexeme| match l.kind {
        LexemeKind::String | LexemeKind::Punct(')') => true,
        LexemeKind::Word => !is_one_of(
            l,
            &[
                "AND",
                "OR",
                "NOT",
                "BETWEEN",
                "TIMESTAMP",
                "SCN",
                "INTERVAL",
                "DATE",
            ],
        ),
        _ => false,
    };
    if keyword != "MODEL"
        && end > first + 1
        && let (Some(prev), Some(last)) = (lexemes.get(end - 2), lexemes.get(end - 1))
        && last.kind == LexemeKind::Word
        && !last
            .span
            .slice(text)
            .starts_with(|c: char| c.is_ascii_digit())
        && !is_one_of(last, &["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"])
        && operand(prev)
    {
        end -= 1;
    }
    (end > first).then_some((end, keyword))
}

/// The statement without `clauses`, and the clauses; `None` when there are none.
fn without(text: &str, body: Span, clauses: Vec<SetAside>) -> Option<(String, Vec<SetAside>)> {
    if clauses.is_empty() {
        return None;
    }
    let mut sql = String::new();
    let mut at = body.start;
    for c in &clauses {
        sql.push_str(&text[at..c.span.start]);
        at = c.span.end;
    }
    sql.push_str(&text[at..body.end]);
    Some((sql, clauses))
}

/// PostgreSQL `COMMENT ON FUNCTION|PROCEDURE|AGGREGATE name (args) IS …`:
/// the argument list is set aside.
fn comment_on_routine(
    text: &str,
    body: Span,
    lexemes: &[crate::source::Lexeme],
) -> Option<(String, Vec<SetAside>)> {
    let is = |i: usize, w: &str| {
        lexemes.get(i).is_some_and(|l| {
            l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case(w)
        })
    };
    let routine = is(2, "FUNCTION") || is(2, "PROCEDURE") || is(2, "AGGREGATE") || is(2, "ROUTINE");
    if !(is(0, "COMMENT") && is(1, "ON") && routine) {
        return None;
    }
    // The name (possibly qualified), then the argument list.
    let mut i = 3;
    while lexemes
        .get(i + 1)
        .is_some_and(|l| l.kind == LexemeKind::Punct('.'))
    {
        i += 2;
    }
    let open = i + 1;
    if lexemes.get(open).map(|l| l.kind) != Some(LexemeKind::Punct('(')) {
        return None;
    }
    let close = skip_args(lexemes, open, 1);
    let last = lexemes.get(close.checked_sub(1)?)?;
    let span = Span::new(lexemes[open].span.start, last.span.end);
    let name = Span::new(lexemes[3].span.start, lexemes[open - 1].span.end);
    let clause = SetAside {
        span,
        keyword: "ARGUMENTS".to_string(),
        text: span.slice(text).to_string(),
        after: Some(name.slice(text).to_string()),
    };
    without(text, body, vec![clause])
}

/// SQL/JSON clauses (PostgreSQL 16–17) sqlparser does not read: what
/// follows the path in `JSON_VALUE`, `JSON_QUERY` and `JSON_EXISTS`
/// (`PASSING …`, `RETURNING …`, `… ON EMPTY`, `… ON ERROR`, wrapper and
/// quotes clauses), the query of `JSON_ARRAY(SELECT …)`, and `FORMAT JSON
/// [ENCODING …]` after a value. Each goes back after the text it followed
/// (the path, `JSON_ARRAY(`, the value); the `pg_downgrade` passes read the
/// unit's tokens, not its AST, so they see the clauses as written.
fn sql_json_clauses(text: &str, lexemes: &[crate::source::Lexeme]) -> Vec<SetAside> {
    let word = |i: usize| {
        lexemes
            .get(i)
            .filter(|l| l.kind == LexemeKind::Word)
            .map(|l| l.span.slice(text).to_ascii_uppercase())
    };
    let punct = |i: usize, c: char| {
        lexemes
            .get(i)
            .is_some_and(|l| l.kind == LexemeKind::Punct(c))
    };
    // The index of the `)` closing the `(` at `open`.
    let close_of = |open: usize| skip_args(lexemes, open, 1).checked_sub(1);
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < lexemes.len() {
        let name = word(i);
        let call = punct(i + 1, '(') && !(i > 0 && punct(i - 1, '.'));
        match name.as_deref() {
            Some("JSON_VALUE" | "JSON_QUERY" | "JSON_EXISTS") if call => {
                let Some(close) = close_of(i + 1) else {
                    break;
                };
                // The path follows the first comma at the call's level; the
                // clauses start at the first keyword after it.
                let mut depth = 0usize;
                let mut comma = None;
                let mut start = None;
                for (k, l) in lexemes.iter().enumerate().take(close).skip(i + 2) {
                    match l.kind {
                        LexemeKind::Punct('(') => depth += 1,
                        LexemeKind::Punct(')') => depth = depth.saturating_sub(1),
                        LexemeKind::Punct(',') if depth == 0 && comma.is_none() => comma = Some(k),
                        LexemeKind::Word if depth == 0 && comma.is_some_and(|c| k > c + 1) => {
                            let w = word(k).unwrap_or_default();
                            if SQL_JSON_CLAUSE.contains(&w.as_str()) {
                                start = Some(k);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(start) = start
                    && start < close
                {
                    let span = Span::new(lexemes[start].span.start, lexemes[close - 1].span.end);
                    clauses.push(SetAside {
                        span,
                        keyword: "SQL/JSON".to_string(),
                        text: span.slice(text).to_string(),
                        after: Some(
                            Span::new(lexemes[start - 1].span.start, lexemes[start - 1].span.end)
                                .slice(text)
                                .to_string(),
                        ),
                    });
                }
                i = close + 1;
                continue;
            }
            Some("JSON_TABLE") if call => {
                // `PASSING …` and the row path's `AS name`, before COLUMNS.
                let Some(close) = close_of(i + 1) else {
                    break;
                };
                let mut depth = 0usize;
                let mut comma = None;
                let mut start = None;
                for (k, l) in lexemes.iter().enumerate().take(close).skip(i + 2) {
                    match l.kind {
                        LexemeKind::Punct('(') => depth += 1,
                        LexemeKind::Punct(')') => depth = depth.saturating_sub(1),
                        LexemeKind::Punct(',') if depth == 0 && comma.is_none() => comma = Some(k),
                        LexemeKind::Word if depth == 0 && comma.is_some() => {
                            match word(k).as_deref() {
                                Some("PASSING" | "AS") if start.is_none() => start = Some(k),
                                Some("COLUMNS") => {
                                    if let Some(s0) = start.filter(|&s0| s0 < k) {
                                        let span = Span::new(
                                            lexemes[s0].span.start,
                                            lexemes[k - 1].span.end,
                                        );
                                        clauses.push(SetAside {
                                            span,
                                            keyword: "SQL/JSON".to_string(),
                                            text: span.slice(text).to_string(),
                                            after: Some(
                                                lexemes[s0 - 1].span.slice(text).to_string(),
                                            ),
                                        });
                                    }
                                    break;
                                }
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
                // The column definitions are read by sqlparser (MySQL's form).
                i += 2;
                continue;
            }
            Some("JSON_ARRAY")
                if call && matches!(word(i + 2).as_deref(), Some("SELECT" | "WITH" | "VALUES")) =>
            {
                let Some(close) = close_of(i + 1) else {
                    break;
                };
                if close > i + 2 {
                    let span = Span::new(lexemes[i + 2].span.start, lexemes[close - 1].span.end);
                    clauses.push(SetAside {
                        span,
                        keyword: "SQL/JSON".to_string(),
                        text: span.slice(text).to_string(),
                        after: Some(
                            Span::new(lexemes[i].span.start, lexemes[i + 1].span.end)
                                .slice(text)
                                .to_string(),
                        ),
                    });
                }
                i = close + 1;
                continue;
            }
            Some("FORMAT") if word(i + 1).as_deref() == Some("JSON") && i > 0 => {
                let end = if word(i + 2).as_deref() == Some("ENCODING") {
                    i + 3
                } else {
                    i + 1
                };
                let last = lexemes.get(end).unwrap_or(&lexemes[i + 1]);
                let span = Span::new(lexemes[i].span.start, last.span.end);
                clauses.push(SetAside {
                    span,
                    keyword: "SQL/JSON".to_string(),
                    text: span.slice(text).to_string(),
                    after: Some(lexemes[i - 1].span.slice(text).to_string()),
                });
                i = end + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    clauses
}

/// The words that start a clause after the path of a SQL/JSON query
/// function (also read by the `pg_downgrade` SQL/JSON passes).
pub(crate) const SQL_JSON_CLAUSE: &[&str] = &[
    "PASSING",
    "RETURNING",
    "WITH",
    "WITHOUT",
    "KEEP",
    "OMIT",
    "ERROR",
    "NULL",
    "TRUE",
    "FALSE",
    "UNKNOWN",
    "EMPTY",
    "DEFAULT",
];

/// Puts set-aside clauses back into `printed`, a reprint of the statement
/// they came from: `SIBLINGS` after the `ORDER` it followed, a routine's
/// argument list after its name, the others (all trailing clauses) at the end.
pub fn restore(mut printed: String, clauses: &[SetAside]) -> String {
    let siblings = clauses.iter().filter(|c| c.keyword == "SIBLINGS").count();
    // sqlparser prints `ORDER BY`; the last ones are those that had SIBLINGS.
    let mut at = printed.len();
    for _ in 0..siblings {
        match printed[..at].rfind("ORDER BY") {
            Some(i) => {
                printed.insert_str(i + "ORDER ".len(), "SIBLINGS ");
                at = i;
            }
            None => break,
        }
    }
    // Clauses that go back after a word are looked for in order, each after
    // the one before it.
    let mut from = 0usize;
    for clause in clauses.iter().filter(|c| c.keyword != "SIBLINGS") {
        match &clause.after {
            Some(name) => {
                // sqlparser prints keywords in upper case: compare without case
                // (ASCII only, so byte offsets stay the same).
                let upper = printed.to_ascii_uppercase();
                // The word may end the clause put back just before.
                let start = from.saturating_sub(name.len());
                let found = upper
                    .get(start..)
                    .and_then(|rest| rest.find(&name.to_ascii_uppercase()))
                    .map(|at| at + start);
                if found.is_none() {
                    // Never lose a clause: at the end it is at least visible.
                    printed.push(' ');
                    printed.push_str(&clause.text);
                }
                if let Some(at) = found {
                    from = at + name.len();
                    // A word (`BITMAP` after `CREATE`) needs a space; an
                    // argument list follows its routine's name directly.
                    let text = if clause.text.starts_with(|c: char| c.is_alphabetic()) {
                        format!(" {}", clause.text)
                    } else {
                        clause.text.clone()
                    };
                    printed.insert_str(at + name.len(), &text);
                    from += text.len();
                }
            }
            None => {
                printed.push(' ');
                printed.push_str(&clause.text);
            }
        }
    }
    printed
}

/// The index after a keyword's `args` arguments, a parenthesised group
/// counting as one.
fn skip_args(lexemes: &[crate::source::Lexeme], mut i: usize, args: usize) -> usize {
    for _ in 0..args {
        match lexemes.get(i).map(|l| l.kind) {
            Some(LexemeKind::Punct('(')) => {
                let mut depth = 0usize;
                while let Some(l) = lexemes.get(i) {
                    i += 1;
                    match l.kind {
                        LexemeKind::Punct('(') => depth += 1,
                        LexemeKind::Punct(')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            Some(_) => i += 1,
            None => break,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(sql: &str) -> (String, Vec<String>) {
        let (rest, clauses) =
            set_aside(sql, Span::new(0, sql.len()), ScriptSyntax::SqlPlus).unwrap_or_default();
        (
            rest.split_whitespace().collect::<Vec<_>>().join(" "),
            clauses
                .iter()
                .map(|c| c.span.slice(sql).to_string())
                .collect(),
        )
    }

    #[test]
    fn flashback_and_model_clauses_are_set_aside() {
        assert_eq!(
            strip("SELECT * FROM ip_order AS OF TIMESTAMP SYSDATE - 1/24 WHERE order_id = 1"),
            (
                "SELECT * FROM ip_order WHERE order_id = 1".to_string(),
                vec!["AS OF TIMESTAMP SYSDATE - 1/24".to_string()]
            )
        );
        assert_eq!(
            strip(
                "SELECT o.status FROM ip_order VERSIONS BETWEEN SCN MINVALUE AND MAXVALUE o, ip_bed b"
            ),
            (
                "SELECT o.status FROM ip_order o, ip_bed b".to_string(),
                vec!["VERSIONS BETWEEN SCN MINVALUE AND MAXVALUE".to_string()]
            )
        );
        assert_eq!(
            strip("SELECT * FROM (SELECT * FROM t AS OF SCN 123) x"),
            (
                "SELECT * FROM (SELECT * FROM t ) x".to_string(),
                vec!["AS OF SCN 123".to_string()]
            )
        );
        assert_eq!(
            strip("SELECT d, y, a FROM f MODEL PARTITION BY (d) DIMENSION BY (y) MEASURES (a) RULES (a[2025] = a[2024] * 1.1) ORDER BY d"),
            (
                "SELECT d, y, a FROM f ORDER BY d".to_string(),
                vec!["MODEL PARTITION BY (d) DIMENSION BY (y) MEASURES (a) RULES (a[2025] = a[2024] * 1.1)".to_string()]
            )
        );
        assert_eq!(
            strip(
                "SELECT * FROM ip_order VERSIONS BETWEEN TIMESTAMP SYSDATE - 1 AND SYSDATE WHERE order_id = 1"
            ),
            (
                "SELECT * FROM ip_order WHERE order_id = 1".to_string(),
                vec!["VERSIONS BETWEEN TIMESTAMP SYSDATE - 1 AND SYSDATE".to_string()]
            )
        );
        // A column named model stays.
        assert_eq!(
            strip("SELECT model, model_no FROM device"),
            (String::new(), vec![])
        );
        let flashback = "SELECT * FROM ip_order AS OF TIMESTAMP SYSDATE - 1 r";
        let (sql, clauses) = set_aside(
            flashback,
            Span::new(0, flashback.len()),
            ScriptSyntax::SqlPlus,
        )
        .unwrap_or_default();
        assert_eq!(
            restore(
                sql.split_whitespace().collect::<Vec<_>>().join(" "),
                &clauses
            ),
            "SELECT * FROM ip_order AS OF TIMESTAMP SYSDATE - 1 r"
        );
    }

    #[test]
    fn table_physical_attributes_are_set_aside() {
        let (rest, clauses) = strip(
            "CREATE TABLE t (a NUMBER(10), b VARCHAR2(10)) TABLESPACE his_data PCTFREE 10 STORAGE (INITIAL 64K NEXT 1M) NOLOGGING",
        );
        assert_eq!(rest, "CREATE TABLE t (a NUMBER(10), b VARCHAR2(10))");
        assert_eq!(
            clauses,
            [
                "TABLESPACE his_data",
                "PCTFREE 10",
                "STORAGE (INITIAL 64K NEXT 1M)",
                "NOLOGGING"
            ]
        );
    }

    #[test]
    fn index_and_view_options_are_set_aside_and_restored_in_place() {
        let (rest, clauses) =
            strip("CREATE BITMAP INDEX idx_reg_status ON op_registration (status) REVERSE");
        assert_eq!(
            rest,
            "CREATE INDEX idx_reg_status ON op_registration (status)"
        );
        assert_eq!(clauses, ["BITMAP", "REVERSE"]);
        let sql = "CREATE OR REPLACE FORCE VIEW v_reg AS SELECT reg_id FROM op_registration WITH READ ONLY";
        let (rest, clauses) = strip(sql);
        assert_eq!(
            rest,
            "CREATE OR REPLACE VIEW v_reg AS SELECT reg_id FROM op_registration"
        );
        assert_eq!(clauses, ["FORCE", "WITH READ ONLY"]);
        let (_, aside) =
            set_aside(sql, Span::new(0, sql.len()), ScriptSyntax::SqlPlus).unwrap_or_default();
        assert_eq!(
            restore(
                "CREATE OR REPLACE VIEW v_reg AS SELECT reg_id FROM op_registration".to_string(),
                &aside
            ),
            sql
        );
        let (_, clauses) = strip(
            "CREATE VIEW v AS WITH x AS (SELECT 1 AS a FROM dual) SELECT a FROM x WITH CHECK OPTION CONSTRAINT ck_v",
        );
        assert_eq!(clauses, ["WITH CHECK OPTION CONSTRAINT ck_v"]);
    }

    #[test]
    fn constraint_states_are_set_aside_at_any_depth() {
        let (rest, clauses) = strip(
            "CREATE TABLE t (id NUMBER NOT NULL ENABLE, CONSTRAINT pk_t PRIMARY KEY (id) USING INDEX TABLESPACE his_idx PCTFREE 10 ENABLE, CONSTRAINT fk_t FOREIGN KEY (id) REFERENCES u (id) DISABLE NOVALIDATE) TABLESPACE his_data",
        );
        assert_eq!(
            rest,
            "CREATE TABLE t (id NUMBER NOT NULL , CONSTRAINT pk_t PRIMARY KEY (id) , CONSTRAINT fk_t FOREIGN KEY (id) REFERENCES u (id) )"
        );
        assert_eq!(
            clauses,
            [
                "ENABLE",
                "USING INDEX TABLESPACE his_idx PCTFREE 10",
                "ENABLE",
                "DISABLE",
                "NOVALIDATE",
                "TABLESPACE his_data"
            ]
        );
        let (rest, clauses) =
            strip("ALTER TABLE t ADD CONSTRAINT ck_t CHECK (a > 0) ENABLE NOVALIDATE");
        assert_eq!(rest, "ALTER TABLE t ADD CONSTRAINT ck_t CHECK (a > 0)");
        assert_eq!(clauses, ["ENABLE", "NOVALIDATE"]);
        let sql = "ALTER TABLE t DISABLE CONSTRAINT ck_t";
        assert!(set_aside(sql, Span::new(0, sql.len()), ScriptSyntax::SqlPlus).is_none());
    }

    #[test]
    fn order_siblings_by_is_read_and_restored() {
        let sql = "SELECT d.name FROM dept d START WITH d.parent_id IS NULL CONNECT BY PRIOR d.id = d.parent_id ORDER SIBLINGS BY d.sort_no";
        let (rest, clauses) =
            set_aside(sql, Span::new(0, sql.len()), ScriptSyntax::SqlPlus).unwrap_or_default();
        assert!(rest.contains("ORDER  BY d.sort_no"));
        assert_eq!(clauses.len(), 1);
        let restored = restore("SELECT x FROM t ORDER BY y".to_string(), &clauses);
        assert_eq!(restored, "SELECT x FROM t ORDER SIBLINGS BY y");
    }

    #[test]
    fn transaction_names_and_routine_comment_arguments() {
        let (rest, clauses) =
            strip("SET TRANSACTION ISOLATION LEVEL READ COMMITTED NAME 'NUR_BATCH'");
        assert_eq!(rest, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
        assert_eq!(clauses, ["NAME 'NUR_BATCH'"]);
        let sql = "COMMENT ON FUNCTION his.fn_judge(integer, numeric) IS '判定'";
        let (rest, clauses) =
            set_aside(sql, Span::new(0, sql.len()), ScriptSyntax::Psql).unwrap_or_default();
        assert_eq!(rest, "COMMENT ON FUNCTION his.fn_judge IS '判定'");
        let restored = restore(
            "COMMENT ON FUNCTION his.fn_judge IS '判定'".to_string(),
            &clauses,
        );
        assert_eq!(restored, sql);
    }

    #[test]
    fn sequence_options_are_set_aside_and_others_left_alone() {
        let (rest, clauses) =
            strip("CREATE SEQUENCE s START WITH 1 INCREMENT BY 1 NOCACHE NOCYCLE ORDER");
        assert_eq!(rest, "CREATE SEQUENCE s START WITH 1 INCREMENT BY 1");
        assert_eq!(clauses, ["NOCACHE", "NOCYCLE", "ORDER"]);
        assert!(
            set_aside(
                "SELECT a FROM t ORDER BY a",
                Span::new(0, 26),
                ScriptSyntax::SqlPlus
            )
            .is_none()
        );
    }
}
