//! Printing a rewritten SQL unit: readable, and with every comment it had.
//!
//! sqlparser prints a statement from its AST on one line and knows nothing
//! of comments. Here a statement that was written on one line and still fits
//! on one stays on one line; any other is printed with sqlparser's pretty
//! form (`{:#}`: one column, select item or clause per line), which is what
//! a person maintaining the translated script needs to read.
//!
//! Comments are put back near where they were: each comment inside the unit
//! is anchored to the code around it in the source — the first word of its
//! line (a column name, `SELECT`, `FROM`) or the last token before it for a
//! comment that ends a line, the next token for a comment on a line of its
//! own — and placed after (or before) the printed line that starts with or
//! holds that anchor. Anchors are looked for in order, so comments keep
//! their order. A comment whose anchor is gone (the rewrite removed or
//! renamed it) goes on a line of its own before the statement: no comment is
//! ever lost.

use sqlparser::ast::Statement;

use crate::ast::Unit;
use crate::source::{Lexeme, LexemeKind, Lexer, SourceFile, Span};

/// A statement that fits in this many characters stays on one line, if it
/// was written on one.
const ONE_LINE: usize = 120;

/// The text of `statements` (a rewritten SQL unit), with the unit's comments
/// and `terminator` (the text that ended it in the input, e.g. `;`).
pub(super) fn print_statements(
    unit: &Unit,
    statements: &[Statement],
    file: &SourceFile<'_>,
    terminator: &str,
) -> String {
    let text = file.text();
    let source = unit.body.slice(text);
    let one_line_source = !source.trim().contains('\n');
    let printed = statements
        .iter()
        .map(|s| {
            let flat = s.to_string();
            let form = if one_line_source && flat.chars().count() <= ONE_LINE {
                flat
            } else {
                trim_line_ends(&format!("{s:#}"))
            };
            crate::parse::shims::unshim(&form)
        })
        .collect::<Vec<_>>()
        .join(";\n");
    let printed = crate::parse::set_aside::restore(printed, &unit.set_aside);
    let lexemes: Vec<Lexeme> = Lexer::new(text, unit.body.start, syntax_of(text, unit))
        .take_while(|l| l.span.start < unit.body.end)
        .collect();
    let comments = comments(&lexemes, text, &unit.set_aside, &printed);
    place(&printed, &comments, terminator)
}

/// The lexer syntax: Oracle and PostgreSQL scripts differ only in details
/// that do not matter for finding comments, except nested `/* */` and
/// dollar quotes, which only PostgreSQL has.
fn syntax_of(text: &str, unit: &Unit) -> crate::source::ScriptSyntax {
    let body = unit.body.slice(text);
    if body.contains('$') {
        crate::source::ScriptSyntax::Psql
    } else {
        crate::source::ScriptSyntax::SqlPlus
    }
}

fn trim_line_ends(s: &str) -> String {
    s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// A comment of the source and what it was written next to.
#[derive(Debug)]
struct Comment {
    text: String,
    /// `--` comment (must end its line).
    line: bool,
    /// Whether code comes before it on its line (it then ends that code's
    /// printed line); else it goes on a line of its own before the code
    /// that follows it.
    trailing: bool,
    /// The words and literals of that code's source line: the anchor.
    tokens: Vec<String>,
}

fn comments(
    lexemes: &[Lexeme],
    text: &str,
    set_aside: &[crate::ast::SetAside],
    printed: &str,
) -> Vec<Comment> {
    let anchor = |l: &&Lexeme| {
        matches!(
            l.kind,
            LexemeKind::Word | LexemeKind::QuotedIdent | LexemeKind::String
        )
    };
    let line_of = |at: usize| {
        let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
        let end = text[at..].find('\n').map_or(text.len(), |p| at + p);
        Span::new(start, end)
    };
    let mut out = Vec::new();
    for (i, l) in lexemes.iter().enumerate() {
        if !matches!(l.kind, LexemeKind::LineComment | LexemeKind::BlockComment) {
            continue;
        }
        let comment = l.span.slice(text).trim_end();
        // A comment inside a set-aside clause goes back with the clause; one
        // the AST kept (an optimizer hint) is printed already.
        if set_aside.iter().any(|c| c.span.contains(l.span.start)) || printed.contains(comment) {
            continue;
        }
        let line = line_of(l.span.start);
        let before: Vec<String> = lexemes[..i]
            .iter()
            .filter(|p| p.span.start >= line.start)
            .filter(anchor)
            .map(|p| p.span.slice(text).to_string())
            .collect();
        let (trailing, tokens) = if before.is_empty() {
            // The code that follows, up to the end of its line.
            let next = lexemes[i + 1..].iter().find(|n| !n.kind.is_trivia());
            let tokens = next.map_or_else(Vec::new, |n| {
                let line = line_of(n.span.start);
                lexemes[i + 1..]
                    .iter()
                    .filter(|p| p.span.start >= n.span.start && p.span.start < line.end)
                    .filter(anchor)
                    .map(|p| p.span.slice(text).to_string())
                    .collect()
            });
            (false, tokens)
        } else {
            (true, before)
        };
        out.push(Comment {
            text: comment.to_string(),
            line: l.kind == LexemeKind::LineComment,
            trailing,
            tokens,
        });
    }
    out
}

/// Whether `line` holds `token` as a whole word (literals and quoted names
/// as they are).
fn holds(line: &str, token: &str) -> bool {
    let word = token.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !word {
        return line.contains(token);
    }
    let lower = line.to_lowercase();
    let token = token.to_lowercase();
    lower.match_indices(&token).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + token.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after)
    })
}

/// The printed line, from `from` on, that holds most of `tokens` (the first
/// such line); `None` when no line holds any.
fn best_line(lines: &[String], from: usize, tokens: &[String]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (k, line) in lines.iter().enumerate().skip(from) {
        // A printed hint is not code to anchor to.
        let code = match (line.find("/*"), line.find("*/")) {
            (Some(a), Some(b)) if a < b => format!("{}{}", &line[..a], &line[b + 2..]),
            _ => line.clone(),
        };
        let score = tokens.iter().filter(|t| holds(&code, t)).count();
        if score > 0 && best.is_none_or(|(_, b)| score > b) {
            best = Some((k, score));
        }
    }
    best.map(|(k, _)| k)
}

/// `printed` with the comments placed, and the terminator before any comment
/// that ends the last line.
fn place(printed: &str, comments: &[Comment], terminator: &str) -> String {
    let mut lines: Vec<String> = printed.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    // Comments to put at the end of line k, and on their own lines before line k.
    let mut trailing: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len()];
    let mut leading: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len()];
    let mut homeless: Vec<&Comment> = Vec::new();
    let mut cursor = 0usize;
    for c in comments {
        match best_line(&lines, cursor, &c.tokens) {
            Some(k) if c.trailing => {
                trailing[k].push(c);
                cursor = k;
            }
            Some(k) => {
                leading[k].push(c);
                cursor = k;
            }
            None => homeless.push(c),
        }
    }
    let last = lines.len() - 1;
    let mut out = String::new();
    for c in &homeless {
        out.push_str(&c.text);
        out.push('\n');
    }
    for (k, line) in lines.iter().enumerate() {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        for c in &leading[k] {
            out.push_str(&indent);
            out.push_str(&c.text);
            out.push('\n');
        }
        out.push_str(line);
        // `;` goes before a comment ending the last line; a terminator on a
        // line of its own (`/`) after it.
        let own_line = terminator.starts_with(['\n', '\r']);
        if k == last && !own_line {
            out.push_str(terminator);
        }
        let n = trailing[k].len();
        for (j, c) in trailing[k].iter().enumerate() {
            out.push(' ');
            // A `--` comment ends its line: one that another comment follows
            // on the same line is written as a block comment.
            if c.line && j + 1 < n && !c.text.contains("*/") {
                out.push_str(&format!("/* {} */", c.text.trim_start_matches('-').trim()));
            } else {
                out.push_str(&c.text);
            }
        }
        if k == last && own_line {
            out.push_str(terminator);
        }
        if k < last {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    /// Prints every unit of `input` from its AST (as a pass that changed it would).
    fn reprinted(input: &str) -> String {
        let file = crate::source::SourceFile::new(input);
        let mut script = crate::parse::parse_script(&file, Source::Oracle).script;
        for unit in script.units_mut() {
            unit.rewritten = matches!(unit.content, crate::ast::Content::Sql(_));
        }
        super::super::emit(
            &script,
            &file,
            &[],
            &Options::new(Source::Oracle, Target::Dameng),
        )
    }

    /// Every comment of `input` is in `output`.
    fn keeps_comments(input: &str, output: &str) {
        let file = crate::source::SourceFile::new(input);
        for l in crate::source::Lexer::new(input, 0, crate::source::ScriptSyntax::SqlPlus) {
            if matches!(
                l.kind,
                crate::source::LexemeKind::LineComment | crate::source::LexemeKind::BlockComment
            ) {
                let c = l.span.slice(file.text()).trim_end();
                let body = c.trim_start_matches('-').trim();
                assert!(output.contains(body), "lost comment {c:?} in\n{output}");
            }
        }
    }

    #[test]
    fn a_table_is_printed_one_column_a_line_with_its_comments() {
        let input = "-- 医生表\nCREATE TABLE his_doctor\n(\n  doctor_id   NUMBER(10)  NOT NULL,  -- 主键\n  /* 挂号级别 */\n  reg_level   CHAR(1)     DEFAULT '1' NOT NULL, -- 1普通 2副主任\n  CONSTRAINT pk_his_doctor PRIMARY KEY (doctor_id) -- 约束\n);\n";
        let out = reprinted(input);
        keeps_comments(input, &out);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn a_query_keeps_its_hint_and_line_comments() {
        let input = "SELECT /*+ INDEX(r idx_op_reg_patient) */ r.reg_id,   -- 挂号ID\n       r.patient_id\n  FROM op_registration r   -- 挂号表\n WHERE r.status = 'N'      -- 未就诊\n   AND r.visit_date >= TRUNC(SYSDATE);\nselect 1 from dual; -- 单行\n";
        let out = reprinted(input);
        keeps_comments(input, &out);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn comments_inside_an_expression_end_its_line() {
        let input = "INSERT INTO t (a) VALUES (1 /* 一 */ + /* 二 */ 2);\n";
        let out = reprinted(input);
        keeps_comments(input, &out);
        insta::assert_snapshot!(out);
    }
}
