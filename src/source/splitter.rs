//! Splitting a script into units the way its client (SQL*Plus, DIsql, psql)
//! would send them to the server.
//!
//! Every byte belongs to exactly one segment, so concatenating the segments
//! gives back the input. Problems (an unterminated string, say) never stop the
//! split: the offending unit runs to the end of the text and a problem records
//! where the trouble started.

use thiserror::Error;

use super::client_command::{continues_with_hyphen, sqlplus_command};
use super::lexer::{Lexeme, LexemeKind, Lexer, ScriptSyntax};
use super::span::Span;
use super::unit::{ProceduralKind, RawUnit, Segment, Terminator, UnitKind};

/// Something the splitter noticed that a person must fix.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SplitProblem {
    /// A string literal with no closing quote.
    #[error("unterminated string literal")]
    UnterminatedString(Span),
    /// A `"quoted identifier"` with no closing quote.
    #[error("unterminated quoted identifier")]
    UnterminatedQuotedIdent(Span),
    /// A `/*` comment with no `*/`.
    #[error("unterminated block comment")]
    UnterminatedComment(Span),
    /// A `$tag$` body with no closing `$tag$`.
    #[error("unterminated dollar-quoted string")]
    UnterminatedDollarQuote(Span),
    /// A program unit that runs into the next `CREATE` with no `/` between.
    #[error("program unit is not closed by a `/` line before the next statement")]
    MissingSlash(Span),
    /// A line holding only `/` inside a string, quoted name or comment, which
    /// SQL*Plus and DIsql take for the end of the statement.
    #[error("a line holding only `/` inside a literal or comment ends the statement in SQL*Plus")]
    SlashLineInLiteral(Span),
}

impl SplitProblem {
    /// Whether the unit it is in cannot be read at all (rather than read, with
    /// a caveat about how a script client would split it).
    pub fn is_fatal(&self) -> bool {
        !matches!(self, SplitProblem::SlashLineInLiteral(_))
    }

    /// Where the problem starts.
    pub fn span(&self) -> Span {
        match self {
            SplitProblem::UnterminatedString(s)
            | SplitProblem::UnterminatedQuotedIdent(s)
            | SplitProblem::UnterminatedComment(s)
            | SplitProblem::UnterminatedDollarQuote(s)
            | SplitProblem::MissingSlash(s)
            | SplitProblem::SlashLineInLiteral(s) => *s,
        }
    }
}

/// The result of splitting a script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// Units and trivia, in order, covering the whole text.
    pub segments: Vec<Segment>,
    /// Problems found while splitting.
    pub problems: Vec<SplitProblem>,
}

/// Splits `text` into segments according to `syntax`.
pub fn split(text: &str, syntax: ScriptSyntax) -> Split {
    let mut splitter = Splitter {
        text,
        syntax,
        out: Split::default(),
    };
    splitter.run();
    splitter.out
}

struct Splitter<'a> {
    text: &'a str,
    syntax: ScriptSyntax,
    out: Split,
}

impl<'a> Splitter<'a> {
    fn lexer(&self, pos: usize) -> Lexer<'a> {
        Lexer::new(self.text, pos, self.syntax)
    }

    /// Records what is wrong with a lexeme: no closing delimiter, or (in
    /// SQL*Plus scripts) a line holding only `/` inside it.
    fn note_lexeme(&mut self, lexeme: &Lexeme) {
        if !lexeme.terminated {
            let at = lexeme.opener;
            self.out.problems.push(match lexeme.kind {
                LexemeKind::QuotedIdent => SplitProblem::UnterminatedQuotedIdent(at),
                LexemeKind::BlockComment => SplitProblem::UnterminatedComment(at),
                LexemeKind::DollarString => SplitProblem::UnterminatedDollarQuote(at),
                _ => SplitProblem::UnterminatedString(at),
            });
        }
        let multi_line = matches!(
            lexeme.kind,
            LexemeKind::String | LexemeKind::QuotedIdent | LexemeKind::BlockComment
        );
        if self.syntax == ScriptSyntax::SqlPlus && multi_line {
            // SQL*Plus looks for a `/` line before it looks at quotes.
            let mut offset = lexeme.span.start;
            for (i, line) in lexeme.span.slice(self.text).split('\n').enumerate() {
                if i > 0 && line.trim() == "/" {
                    let slash = offset + line.find('/').unwrap_or(0);
                    self.out
                        .problems
                        .push(SplitProblem::SlashLineInLiteral(Span::new(
                            slash,
                            slash + 1,
                        )));
                }
                offset += line.len() + 1;
            }
        }
    }

    fn run(&mut self) {
        let mut pos = 0;
        while pos < self.text.len() {
            let trivia_end = self.skip_trivia(pos);
            if trivia_end > pos {
                self.out
                    .segments
                    .push(Segment::Trivia(Span::new(pos, trivia_end)));
            }
            if trivia_end >= self.text.len() {
                break;
            }
            let unit = self.scan_unit(trivia_end);
            // Units are never empty (they start at a significant lexeme);
            // the guard only ensures progress.
            let step = self.text[trivia_end..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            pos = unit.span.end.max(trivia_end + step);
            self.out.segments.push(Segment::Unit(unit));
        }
    }

    /// Skips whitespace, comments, empty statements (`;`) and stray `/`
    /// lines; returns where the next unit starts.
    fn skip_trivia(&mut self, pos: usize) -> usize {
        let mut end = pos;
        for lexeme in self.lexer(pos) {
            let stray_slash = lexeme.kind == LexemeKind::Punct('/')
                && self.syntax == ScriptSyntax::SqlPlus
                && self.is_slash_line(lexeme.span.start);
            if lexeme.kind.is_trivia() || lexeme.kind == LexemeKind::Punct(';') || stray_slash {
                self.note_lexeme(&lexeme);
                end = lexeme.span.end;
            } else {
                break;
            }
        }
        end
    }

    /// The next `n` significant words from `pos`, upper-cased, stopping at the
    /// first lexeme that is not a word.
    fn words(&self, pos: usize, n: usize) -> Vec<String> {
        self.lexer(pos)
            .filter(|l| !l.kind.is_trivia())
            .take(n)
            .take_while(|l| l.kind == LexemeKind::Word)
            .map(|l| l.span.slice(self.text).to_ascii_uppercase())
            .collect()
    }

    fn classify(&self, pos: usize) -> UnitKind {
        let first = self.lexer(pos).next().map(|l| l.kind);
        match (self.syntax, first) {
            (ScriptSyntax::SqlPlus, Some(LexemeKind::Punct('@' | '!'))) => {
                return UnitKind::ClientCommand;
            }
            (ScriptSyntax::SqlPlus, Some(LexemeKind::Punct('<')))
                if self.text[pos..].starts_with("<<") =>
            {
                return UnitKind::Procedural(ProceduralKind::AnonymousBlock);
            }
            (ScriptSyntax::Psql, Some(LexemeKind::Punct('\\'))) => {
                return UnitKind::ClientCommand;
            }
            _ => {}
        }
        let words = self.words(pos, 8);
        let word = |i: usize| words.get(i).map(String::as_str);
        match self.syntax {
            ScriptSyntax::SqlPlus => {
                if let Some(w) = word(0)
                    && sqlplus_command(w, word(1)).is_some()
                {
                    return UnitKind::ClientCommand;
                }
                match word(0) {
                    Some("DECLARE" | "BEGIN") => {
                        UnitKind::Procedural(ProceduralKind::AnonymousBlock)
                    }
                    Some("CREATE") => oracle_create_kind(&words[1..]),
                    _ => UnitKind::Sql,
                }
            }
            ScriptSyntax::Psql => match word(0) {
                Some("DO") => UnitKind::Procedural(ProceduralKind::PgDo),
                Some("CREATE") => {
                    let rest = skip_or_replace(&words[1..]);
                    match rest.first().map(String::as_str) {
                        Some("FUNCTION") => UnitKind::Procedural(ProceduralKind::PgFunction),
                        Some("PROCEDURE") => UnitKind::Procedural(ProceduralKind::PgProcedure),
                        _ => UnitKind::Sql,
                    }
                }
                _ => UnitKind::Sql,
            },
        }
    }

    fn scan_unit(&mut self, start: usize) -> RawUnit {
        let kind = self.classify(start);
        let slash_terminated =
            self.syntax == ScriptSyntax::SqlPlus && matches!(kind, UnitKind::Procedural(_));
        let (end, body_end, terminator) = match kind {
            UnitKind::ClientCommand => self.scan_client_command(start),
            _ if slash_terminated => self.scan_to_slash(start),
            UnitKind::Procedural(ProceduralKind::PgFunction | ProceduralKind::PgProcedure) => {
                self.scan_to_semicolon(start, true)
            }
            _ => self.scan_to_semicolon(start, false),
        };
        RawUnit {
            span: Span::new(start, end),
            body: Span::new(start, body_end),
            kind,
            terminator,
        }
    }

    /// Whether the `/` at `pos` stands alone on its line (whitespace aside).
    fn is_slash_line(&self, pos: usize) -> bool {
        let line_start = self.text[..pos].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[pos..]
            .find('\n')
            .map_or(self.text.len(), |i| pos + i);
        self.text[line_start..pos].trim().is_empty()
            && self.text[pos + 1..line_end].trim().is_empty()
    }

    fn is_first_on_line(&self, pos: usize) -> bool {
        let line_start = self.text[..pos].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..pos].trim().is_empty()
    }

    fn line_end(&self, pos: usize) -> usize {
        self.text[pos..]
            .find('\n')
            .map_or(self.text.len(), |i| pos + i)
    }

    /// A client command runs to the end of its line; SQL*Plus commands may
    /// continue with a trailing ` -`.
    fn scan_client_command(&self, start: usize) -> (usize, usize, Terminator) {
        let words = self.words(start, 2);
        let command = words
            .first()
            .and_then(|w| sqlplus_command(w, words.get(1).map(String::as_str)));
        let may_continue =
            self.syntax == ScriptSyntax::SqlPlus && command.is_some_and(continues_with_hyphen);
        let mut end = self.line_end(start);
        while may_continue && end < self.text.len() {
            let line = self.text[start..end].trim_end_matches('\r').trim_end();
            if line.ends_with(" -") || line.ends_with("\t-") {
                end = self.line_end(end + 1);
            } else {
                break;
            }
        }
        let end_trimmed = start + self.text[start..end].trim_end().len();
        (end_trimmed, end_trimmed, Terminator::EndOfLine)
    }

    /// psql runs a backslash command as soon as it meets one. The `\g` family
    /// sends the statement typed so far, so the command is its terminator;
    /// any other command cuts the statement short.
    fn meta_command_in_statement(&self, at: usize) -> (usize, usize, Terminator) {
        let name: String = self.text[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let sends = name.starts_with('g') || name == "crosstabview" || name == "watch";
        if sends {
            let end = at + self.text[at..self.line_end(at)].trim_end().len();
            (end, at, Terminator::PsqlSend)
        } else {
            let end = at - (self.text[..at].len() - self.text[..at].trim_end().len());
            (end, end, Terminator::Interrupted)
        }
    }

    /// A PL/SQL unit ends at a `/` line; `;` inside it never ends it.
    fn scan_to_slash(&mut self, start: usize) -> (usize, usize, Terminator) {
        let mut last_semicolon: Option<usize> = None;
        for lexeme in self.lexer(start) {
            self.note_lexeme(&lexeme);
            match lexeme.kind {
                LexemeKind::Punct('/') if self.is_slash_line(lexeme.span.start) => {
                    return (lexeme.span.end, lexeme.span.start, Terminator::Slash);
                }
                LexemeKind::Punct(';') => last_semicolon = Some(lexeme.span.end),
                LexemeKind::Word => {
                    let starts_unit = lexeme.span.slice(self.text).eq_ignore_ascii_case("CREATE")
                        && self.is_first_on_line(lexeme.span.start);
                    if let (true, Some(cut)) = (starts_unit, last_semicolon) {
                        self.out
                            .problems
                            .push(SplitProblem::MissingSlash(Span::new(cut - 1, cut)));
                        return (cut, cut, Terminator::MissingSlash);
                    }
                    last_semicolon = None;
                }
                kind if kind.is_trivia() => {}
                _ => last_semicolon = None,
            }
        }
        let end = self.text.len();
        (end, end, Terminator::EndOfInput)
    }

    /// A SQL statement ends at `;`, or in Oracle scripts at a `/` line.
    /// psql does not end a statement inside parentheses, nor inside the
    /// `BEGIN ATOMIC … END` body of a SQL-standard routine.
    fn scan_to_semicolon(&mut self, start: usize, routine: bool) -> (usize, usize, Terminator) {
        let psql = self.syntax == ScriptSyntax::Psql;
        let mut parens = 0usize;
        let mut blocks = 0usize;
        for lexeme in self.lexer(start) {
            self.note_lexeme(&lexeme);
            match lexeme.kind {
                LexemeKind::Punct(';') if parens == 0 && blocks == 0 => {
                    return (lexeme.span.end, lexeme.span.start, Terminator::Semicolon);
                }
                LexemeKind::Punct('/') if !psql && self.is_slash_line(lexeme.span.start) => {
                    return (lexeme.span.end, lexeme.span.start, Terminator::Slash);
                }
                LexemeKind::Punct('\\') if psql => {
                    return self.meta_command_in_statement(lexeme.span.start);
                }
                LexemeKind::Punct('(') if psql => parens += 1,
                LexemeKind::Punct(')') if psql => parens = parens.saturating_sub(1),
                LexemeKind::Word if psql && routine => {
                    let word = lexeme.span.slice(self.text);
                    let opens = word.eq_ignore_ascii_case("BEGIN")
                        || (word.eq_ignore_ascii_case("CASE") && blocks > 0);
                    if opens {
                        blocks += 1;
                    } else if word.eq_ignore_ascii_case("END") {
                        blocks = blocks.saturating_sub(1);
                    }
                }
                _ => {}
            }
        }
        let end = self.text.len();
        (end, end, Terminator::EndOfInput)
    }
}

fn skip_or_replace(words: &[String]) -> &[String] {
    match words {
        [or, replace, rest @ ..] if or == "OR" && replace == "REPLACE" => rest,
        _ => words,
    }
}

/// The program unit an Oracle `CREATE …` starts, or SQL.
fn oracle_create_kind(words: &[String]) -> UnitKind {
    let mut rest = skip_or_replace(words);
    if let [edition, tail @ ..] = rest
        && (edition == "EDITIONABLE" || edition == "NONEDITIONABLE")
    {
        rest = tail;
    }
    let body = rest.get(1).is_some_and(|w| w == "BODY");
    let kind = match rest.first().map(String::as_str) {
        Some("PROCEDURE") => ProceduralKind::Procedure,
        Some("FUNCTION") => ProceduralKind::Function,
        Some("PACKAGE") if body => ProceduralKind::PackageBody,
        Some("PACKAGE") => ProceduralKind::Package,
        Some("TRIGGER") => ProceduralKind::Trigger,
        Some("TYPE") if body => ProceduralKind::TypeBody,
        Some("TYPE") => ProceduralKind::Type,
        // CREATE [OR REPLACE] [AND {RESOLVE|COMPILE}] [NOFORCE] JAVA …
        _ if rest.iter().take(4).any(|w| w == "JAVA") => ProceduralKind::Java,
        _ => return UnitKind::Sql,
    };
    UnitKind::Procedural(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each segment as `kind: text`, trivia as `~`.
    fn show(text: &str, syntax: ScriptSyntax) -> Vec<String> {
        let split = split(text, syntax);
        let joined: String = split
            .segments
            .iter()
            .map(|s| s.span().slice(text))
            .collect();
        assert_eq!(joined, text, "segments must tile the input");
        split
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Trivia(_) => None,
                Segment::Unit(u) => Some(format!("{:?}: {}", u.kind, u.span.slice(text))),
            })
            .collect()
    }

    fn problems(text: &str, syntax: ScriptSyntax) -> Vec<(String, usize)> {
        split(text, syntax)
            .problems
            .iter()
            .map(|p| (p.to_string(), p.span().start))
            .collect()
    }

    #[test]
    fn plsql_units_end_at_slash_not_at_inner_semicolons() {
        let text =
            "create or replace procedure p is\nbegin\n  x := 1;\nend;\n/\nselect 1 from dual;\n";
        assert_eq!(
            show(text, ScriptSyntax::SqlPlus),
            vec![
                "Procedural(Procedure): create or replace procedure p is\nbegin\n  x := 1;\nend;\n/",
                "Sql: select 1 from dual;",
            ]
        );
    }

    #[test]
    fn every_plsql_unit_header_is_recognised() {
        for (header, kind) in [
            ("CREATE PROCEDURE", ProceduralKind::Procedure),
            (
                "CREATE OR REPLACE EDITIONABLE FUNCTION",
                ProceduralKind::Function,
            ),
            (
                "create or replace noneditionable package",
                ProceduralKind::Package,
            ),
            ("CREATE PACKAGE BODY", ProceduralKind::PackageBody),
            ("CREATE OR REPLACE TRIGGER", ProceduralKind::Trigger),
            ("CREATE TYPE", ProceduralKind::Type),
            ("CREATE OR REPLACE TYPE BODY", ProceduralKind::TypeBody),
            (
                "CREATE OR REPLACE AND COMPILE JAVA SOURCE NAMED",
                ProceduralKind::Java,
            ),
            ("DECLARE", ProceduralKind::AnonymousBlock),
            ("BEGIN", ProceduralKind::AnonymousBlock),
            ("<<outer>> BEGIN", ProceduralKind::AnonymousBlock),
        ] {
            let text = format!("{header} x;\n y;\n/\n");
            let split = split(&text, ScriptSyntax::SqlPlus);
            let Some(Segment::Unit(unit)) = split.segments.first() else {
                panic!("no unit for {header}");
            };
            assert_eq!(unit.kind, UnitKind::Procedural(kind), "{header}");
            assert_eq!(unit.terminator, Terminator::Slash, "{header}");
        }
    }

    #[test]
    fn slash_inside_strings_and_comments_does_not_end_a_unit_but_is_reported() {
        let text = "begin\n  x := 'a\n/\nb';\n  /*\n /\n*/\n  y := q'[\n/\n]';\nend;\n/\n";
        let units = show(text, ScriptSyntax::SqlPlus);
        assert_eq!(units.len(), 1, "{units:?}");
        let at: Vec<usize> = split(text, ScriptSyntax::SqlPlus)
            .problems
            .iter()
            .map(|p| p.span().start)
            .collect();
        assert_eq!(at, vec![16, 28, 44]);
        assert!(split(text, ScriptSyntax::Psql).problems.is_empty());
    }

    #[test]
    fn sql_can_end_with_a_slash_line_and_stray_slashes_are_trivia() {
        let text = "select 1\nfrom dual\n/\ncreate table t (a int);\n/\n";
        assert_eq!(
            show(text, ScriptSyntax::SqlPlus),
            vec![
                "Sql: select 1\nfrom dual\n/",
                "Sql: create table t (a int);"
            ]
        );
    }

    #[test]
    fn crlf_line_breaks_work_like_lf() {
        let text = "SET DEFINE OFF\r\nbegin\r\n  null;\r\nend;\r\n/\r\nselect 1 from dual\r\n/\r\n";
        assert_eq!(
            show(text, ScriptSyntax::SqlPlus),
            vec![
                "ClientCommand: SET DEFINE OFF",
                "Procedural(AnonymousBlock): begin\r\n  null;\r\nend;\r\n/",
                "Sql: select 1 from dual\r\n/",
            ]
        );
    }

    #[test]
    fn sqlplus_commands_are_line_units() {
        let text = "SET DEFINE OFF\nprompt 创建表 it's ok\n@@common.sql\nSET TRANSACTION READ ONLY;\nWHENEVER SQLERROR EXIT SQL.SQLCODE\ncolumn a format a10 -\n  heading 'A'\nselect 1 from dual;\n";
        assert_eq!(
            show(text, ScriptSyntax::SqlPlus),
            vec![
                "ClientCommand: SET DEFINE OFF",
                "ClientCommand: prompt 创建表 it's ok",
                "ClientCommand: @@common.sql",
                "Sql: SET TRANSACTION READ ONLY;",
                "ClientCommand: WHENEVER SQLERROR EXIT SQL.SQLCODE",
                "ClientCommand: column a format a10 -\n  heading 'A'",
                "Sql: select 1 from dual;",
            ]
        );
    }

    #[test]
    fn psql_bodies_meta_commands_and_parentheses() {
        let text = "\\set ON_ERROR_STOP on\nSET search_path = his;\nCREATE FUNCTION f() RETURNS int AS $fn$ begin return 1; end $fn$ LANGUAGE plpgsql;\nDO $$ begin perform 1; end $$;\nCREATE RULE r AS ON INSERT TO t DO ALSO (insert into a values (1); insert into b values (2));\nCREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\nBEGIN;\n";
        assert_eq!(
            show(text, ScriptSyntax::Psql),
            vec![
                "ClientCommand: \\set ON_ERROR_STOP on",
                "Sql: SET search_path = his;",
                "Procedural(PgFunction): CREATE FUNCTION f() RETURNS int AS $fn$ begin return 1; end $fn$ LANGUAGE plpgsql;",
                "Procedural(PgDo): DO $$ begin perform 1; end $$;",
                "Sql: CREATE RULE r AS ON INSERT TO t DO ALSO (insert into a values (1); insert into b values (2));",
                "Procedural(PgFunction): CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;",
                "Sql: BEGIN;",
            ]
        );
    }

    #[test]
    fn psql_gexec_sends_the_statement_before_it() {
        let text = "SELECT 'CREATE DATABASE his'\n WHERE true\n\\gexec\nSELECT 1\n\\echo hi\n";
        assert_eq!(
            show(text, ScriptSyntax::Psql),
            vec![
                "Sql: SELECT 'CREATE DATABASE his'\n WHERE true\n\\gexec",
                "Sql: SELECT 1",
                "ClientCommand: \\echo hi",
            ]
        );
    }

    #[test]
    fn unterminated_things_are_reported_where_they_start() {
        assert_eq!(
            problems("select 1;\nselect 'abc;\nselect 2;", ScriptSyntax::SqlPlus),
            vec![("unterminated string literal".to_string(), 17)]
        );
        assert_eq!(
            problems("select 1; /* open", ScriptSyntax::Psql),
            vec![("unterminated block comment".to_string(), 10)]
        );
        assert_eq!(
            problems("do $x$ begin end;", ScriptSyntax::Psql),
            vec![("unterminated dollar-quoted string".to_string(), 3)]
        );
        assert_eq!(
            problems("select \"abc from t;", ScriptSyntax::Psql),
            vec![("unterminated quoted identifier".to_string(), 7)]
        );
    }

    #[test]
    fn a_missing_slash_is_reported_and_the_next_unit_still_splits() {
        let text = "create procedure p is begin null; end;\ncreate table t (a int);\n";
        assert_eq!(
            show(text, ScriptSyntax::SqlPlus),
            vec![
                "Procedural(Procedure): create procedure p is begin null; end;",
                "Sql: create table t (a int);",
            ]
        );
        assert_eq!(problems(text, ScriptSyntax::SqlPlus).len(), 1);
    }
}
