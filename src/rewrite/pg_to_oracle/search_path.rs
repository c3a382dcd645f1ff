//! `search-path`: `SET search_path TO s, …` becomes DM's `SET SCHEMA s`.
//!
//! **What it does.** A script statement `SET search_path TO|= s [, …]`
//! becomes `SET SCHEMA s`, `s` being the first schema named that is not
//! `"$user"`, `pg_catalog` or `pg_temp`; a list of nothing else, or whose
//! first such schema is `public`, stays and is reported.
//!
//! **Why.** DM8 sets the current schema with `SET SCHEMA <模式名>` (DM8 SQL
//! 语言使用手册, 数据定义语句 §3.3.2) and has no search path: an unqualified
//! name is looked up in the current schema only. A PostgreSQL script's
//! `SET search_path TO opb, public` means "create and find in `opb`", which
//! the current schema gives; what it found in `public` (shared tables,
//! functions) must now be qualified or given a synonym — the warning says so.
//! PostgreSQL's `public` has no DM counterpart of that name.
//!
//! **Example.**
//! ```sql
//! SET search_path TO opb, public;
//! -- DM:
//! SET SCHEMA opb;
//! ```
//!
//! **Findings.** `SP0305` (warning) at each rewritten statement; `SP0213`
//! (error) at one it keeps.

use crate::ast::{Content, Edit, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::{LexemeKind, Lexer, ScriptSyntax};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SearchPath;

impl Pass for SearchPath {
    fn name(&self) -> &'static str {
        "search-path"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            if unit.rewritten || !matches!(unit.content, Content::Sql(_) | Content::Unreadable) {
                continue;
            }
            let words: Vec<String> = Lexer::new(text, unit.body.start, ScriptSyntax::Psql)
                .take_while(|l| l.span.start < unit.body.end)
                .filter(|l| !l.kind.is_trivia() && l.kind != LexemeKind::Punct(','))
                .map(|l| l.span.slice(text).to_string())
                .collect();
            let [set, path, rest @ ..] = words.as_slice() else {
                continue;
            };
            if !set.eq_ignore_ascii_case("set") || !path.eq_ignore_ascii_case("search_path") {
                continue;
            }
            let schemas: Vec<&String> = rest
                .iter()
                .filter(|w| !w.eq_ignore_ascii_case("to") && *w != "=")
                .collect();
            let first = schemas.iter().find(|s| {
                let bare = s.trim_matches('"').to_ascii_lowercase();
                !matches!(bare.as_str(), "$user" | "pg_catalog" | "pg_temp")
            });
            match first {
                Some(s) if !s.trim_matches('"').eq_ignore_ascii_case("public") => {
                    let others: Vec<&str> = schemas
                        .iter()
                        .filter(|o| *o != s)
                        .map(|o| o.as_str())
                        .collect();
                    unit.edits.push(Edit {
                        span: unit.body,
                        replacement: format!("SET SCHEMA {s}"),
                    });
                    cx.findings.push(Finding::new(
                        Code::SP0305,
                        unit.body,
                        if others.is_empty() {
                            format!("SET search_path became SET SCHEMA {s}")
                        } else {
                            format!(
                                "SET search_path became SET SCHEMA {s}: DM has no search path, so what the script found in {} must be qualified or given a synonym",
                                others.join(", ")
                            )
                        },
                    ));
                }
                _ => cx.findings.push(Finding::new(
                    Code::SP0213,
                    unit.body,
                    "SET search_path with no schema of the script's own (only public or system schemas): DM sets one current schema with SET SCHEMA name",
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn search_path_becomes_the_current_schema() {
        insta::assert_snapshot!(translated(
            "SET search_path TO opb, public;\nSET search_path = \"$user\", lis;\nSET search_path TO public;\nCREATE TABLE fee_item (item_code varchar(20) PRIMARY KEY);\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
