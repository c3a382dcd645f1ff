//! `reserved-words`: names that are reserved words on the target are quoted.
//!
//! **What it does.** Finds columns, tables, aliases and variables named with a
//! word the target reserves but Oracle does not (the catalog's
//! `[[reserved_words]]` for the target and mode: `limit`, `offset`, `window`
//! on PostgreSQL kernels, `top` on Dameng), and quotes every use of them as a
//! name, in every statement of the script, in the case the target folds
//! unquoted names to (`"limit"` on PostgreSQL kernels, `"TOP"` on Dameng), so
//! that the quoted name is the one an unquoted reference would have meant.
//!
//! **Why.** Unquoted, such a name is a syntax error on the target: a
//! `CREATE TABLE drug_dose (…, limit NUMBER)` that Oracle accepts fails on
//! HighGo. Quoting it in the `CREATE TABLE` alone is not enough — every query
//! naming the column must quote it too, so the rule applies to each statement
//! alike. Words that are only non-reserved key words on the target need no
//! quotes and are not in the lists.
//!
//! **Example** (Oracle → HighGo):
//!
//! ```sql
//! CREATE TABLE drug_dose (drug_code VARCHAR2(20), limit NUMBER(8,2));   -- before
//! CREATE TABLE drug_dose (drug_code VARCHAR2(20), "limit" NUMBER(8,2)); -- after
//! SELECT d.limit FROM drug_dose d;        -- becomes SELECT d."limit" FROM drug_dose d;
//! ```
//!
//! **How a name is told from a key word.** From the lexemes around the word:
//! a name is qualified (`d.limit`, `limit.x`), or stands where a value or a
//! column goes — after `,` `(` an operator or a clause word (`SELECT`,
//! `WHERE`, `BY`, `SET`, …) and before `,` `)` an operator, a clause word or a
//! type (a column definition). `BULK COLLECT INTO v LIMIT 100` or
//! `OFFSET 10 ROWS` follow a value, not a clause word, and stay key words.
//! The words of the lists are chosen so that this cannot misfire on Oracle
//! syntax (see the comments in the catalogs).
//!
//! **Two outputs, one decision.** The quoting is decided once, on the
//! lexemes, and applied twice: as text edits of the unit (so an Oracle-style
//! target gets a unit that is byte-identical apart from the quotes), and, for
//! PostgreSQL-style output, also on the AST (sqlparser's `Ident.quote_style`,
//! the procedural AST's names), because those targets reprint program units
//! and any statement another pass rewrites from the AST, where text edits do
//! not apply.
//!
//! **Findings.** `SP0470` (info), once per unit and word, at its first use.

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use sqlparser::ast::{
    AssignmentTarget, Expr, Ident, ObjectName, ObjectNamePart, Select, SelectItem, Statement,
    VisitMut as _, VisitorMut,
};

use crate::ast::procedural::{Declaration, Name, Routine, TypeDefinition, TypeRef, TypeRefKind};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Unit};
use crate::catalog::{Fold, applies_in};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit;
use crate::source::{Lexeme, LexemeKind, Span};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReservedWords;

impl Pass for ReservedWords {
    fn name(&self) -> &'static str {
        "reserved-words"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let Some(catalog) = super::oracle_source_catalog(cx) else {
            return;
        };
        let mode = cx.options.mode();
        let words: Vec<String> = catalog
            .reserved_words
            .iter()
            .filter(|r| applies_in(&r.modes, mode))
            .flat_map(|r| r.words.iter().map(|w| w.to_ascii_uppercase()))
            .collect();
        if words.is_empty() {
            return;
        }
        let quoter = Quoter {
            words,
            fold: mode.and_then(|m| m.identifier_fold).unwrap_or(Fold::Upper),
            target: catalog.target.display_name.clone(),
        };
        let ast = cx.options.pg_output();
        for unit in script.units_mut() {
            let Some(lexemes) = super::read_lexemes(unit, cx) else {
                continue;
            };
            let text = cx.file.text();
            let names = names_in(&lexemes, text, &quoter.words);
            if names.is_empty() {
                continue;
            }
            let mut firsts: BTreeMap<String, (Span, usize)> = BTreeMap::new();
            for (span, word) in &names {
                unit.edits.push(super::type_map::aligned_edit(
                    text,
                    *span,
                    quoter.quoted(word),
                ));
                firsts
                    .entry(word.clone())
                    .and_modify(|e| e.1 += 1)
                    .or_insert((*span, 1));
            }
            if ast {
                quote_ast(unit, &quoter);
            }
            for (word, (span, count)) in firsts {
                let places = if count == 1 {
                    "once".to_string()
                } else {
                    format!("in {count} places")
                };
                cx.findings.push(
                    Finding::new(
                        Code::SP0470,
                        span,
                        format!(
                            "{} is a reserved word on {}: the name was quoted as {}, {places} in this unit",
                            word.to_ascii_lowercase(),
                            quoter.target,
                            quoter.quoted(&word)
                        ),
                    )
                    .with_help(
                        "other code that names it on the target (views, reports, the application's SQL) must quote it the same way",
                    ),
                );
            }
        }
    }
}

/// The target's reserved words and how it folds names.
struct Quoter {
    /// Upper-case words.
    words: Vec<String>,
    fold: Fold,
    target: String,
}

impl Quoter {
    fn folded(&self, word: &str) -> String {
        match self.fold {
            Fold::Upper => word.to_ascii_uppercase(),
            Fold::Lower => word.to_ascii_lowercase(),
        }
    }

    fn quoted(&self, word: &str) -> String {
        format!("\"{}\"", self.folded(word))
    }

    fn is_reserved(&self, word: &str) -> bool {
        self.words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    /// Quotes `ident` if it is an unquoted reserved word.
    fn ident(&self, ident: &mut Ident) -> bool {
        if ident.quote_style.is_some() || !self.is_reserved(&ident.value) {
            return false;
        }
        ident.value = self.folded(&ident.value);
        ident.quote_style = Some('"');
        true
    }

    fn object_name(&self, name: &mut ObjectName) -> bool {
        name.0.iter_mut().fold(false, |changed, part| match part {
            ObjectNamePart::Identifier(i) => self.ident(i) | changed,
            _ => changed,
        })
    }

    /// Quotes a procedural name (`limit`, `r.limit`) part by part.
    fn name(&self, name: &mut Name) -> bool {
        let parts: Vec<String> = name
            .text
            .split('.')
            .map(|p| {
                if !p.starts_with('"') && self.is_reserved(p) {
                    self.quoted(p)
                } else {
                    p.to_string()
                }
            })
            .collect();
        let text = parts.join(".");
        if text == name.text {
            return false;
        }
        name.text = text;
        name.span = Span::default();
        true
    }
}

/// Words after which a name may stand (before a value or a column).
const BEFORE: &[&str] = &[
    "SELECT", "WHERE", "AND", "OR", "BY", "SET", "ON", "WHEN", "THEN", "ELSE", "DISTINCT", "CASE",
    "RETURN", "AS", "BEGIN", "LOOP", "DECLARE", "IS", "HAVING",
];

/// Words that may follow a name.
const AFTER: &[&str] = &[
    "FROM",
    "AS",
    "IS",
    "IN",
    "LIKE",
    "BETWEEN",
    "AND",
    "OR",
    "THEN",
    "ELSE",
    "END",
    "ASC",
    "DESC",
    "NOT",
    "WHEN",
    "NULLS",
    "WHERE",
    "GROUP",
    "ORDER",
    "HAVING",
    "UNION",
    "MINUS",
    "INTERSECT",
    "INTO",
    "DEFAULT",
    "CONSTANT",
    // column and variable types
    "NUMBER",
    "VARCHAR2",
    "VARCHAR",
    "CHAR",
    "NCHAR",
    "NVARCHAR2",
    "DATE",
    "TIMESTAMP",
    "CLOB",
    "NCLOB",
    "BLOB",
    "INTEGER",
    "INT",
    "FLOAT",
    "RAW",
    "LONG",
    "DECIMAL",
    "NUMERIC",
    "SMALLINT",
    "BINARY_FLOAT",
    "BINARY_DOUBLE",
    "INTERVAL",
    "BOOLEAN",
    "PLS_INTEGER",
    "BINARY_INTEGER",
];

/// Punctuation around a name: separators and operators.
fn name_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '(' | ')' | ';' | '=' | '<' | '>' | '+' | '-' | '*' | '/' | '|' | '!' | ':'
    )
}

fn word_in(l: Option<&Lexeme>, text: &str, list: &[&str]) -> bool {
    l.is_some_and(|l| {
        l.kind == LexemeKind::Word
            && list
                .iter()
                .any(|w| l.span.slice(text).eq_ignore_ascii_case(w))
    })
}

/// The reserved words of `words` used as names in `lexemes`: (span, word).
fn names_in(lexemes: &[Lexeme], text: &str, words: &[String]) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for (i, l) in lexemes.iter().enumerate() {
        if l.kind != LexemeKind::Word {
            continue;
        }
        let word = l.span.slice(text);
        if !words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| lexemes.get(p));
        let next = lexemes.get(i + 1);
        let punct = |x: Option<&Lexeme>, f: &dyn Fn(char) -> bool| {
            x.is_some_and(|x| matches!(x.kind, LexemeKind::Punct(c) if f(c)))
        };
        if punct(prev, &|c| c == '%') {
            continue;
        }
        let qualified = punct(prev, &|c| c == '.')
            || (punct(next, &|c| c == '.')
                && lexemes
                    .get(i + 2)
                    .is_some_and(|n| matches!(n.kind, LexemeKind::Word | LexemeKind::QuotedIdent)));
        let before = punct(prev, &|c| name_punct(c) && c != ')') || word_in(prev, text, BEFORE);
        let after = next.is_none()
            || punct(next, &|c| name_punct(c) && c != '(')
            || word_in(next, text, AFTER);
        if qualified || (before && after) {
            out.push((l.span, word.to_ascii_uppercase()));
        }
    }
    out
}

/// Quotes the same names in the unit's AST, for PostgreSQL-style output.
fn quote_ast(unit: &mut Unit, quoter: &Quoter) {
    match &mut unit.content {
        // A SQL unit keeps its text edits unless another pass reprints it
        // from the AST: then the AST must say the same.
        Content::Sql(statements) => {
            let mut v = SqlQuoter {
                quoter,
                changed: false,
            };
            for s in statements {
                let _ = s.visit(&mut v);
            }
        }
        Content::Program(_) => {
            visit_unit::statements_mut(unit, &mut |s| {
                let mut v = SqlQuoter {
                    quoter,
                    changed: false,
                };
                let _ = s.visit(&mut v);
                v.changed
            });
            if let Content::Program(program) = &mut unit.content {
                let mut v = NameQuoter {
                    quoter,
                    changed: false,
                };
                walk_program(&mut v, program);
                unit.rewritten |= v.changed;
            }
        }
        _ => {}
    }
}

/// Quotes identifiers in sqlparser's AST.
struct SqlQuoter<'q> {
    quoter: &'q Quoter,
    changed: bool,
}

impl VisitorMut for SqlQuoter<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        match expr {
            Expr::Identifier(i) => self.changed |= self.quoter.ident(i),
            Expr::CompoundIdentifier(parts) => {
                for i in parts {
                    self.changed |= self.quoter.ident(i);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_relation(&mut self, relation: &mut ObjectName) -> ControlFlow<()> {
        self.changed |= self.quoter.object_name(relation);
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &mut Select) -> ControlFlow<()> {
        for item in &mut select.projection {
            if let SelectItem::ExprWithAlias { alias, .. } = item {
                self.changed |= self.quoter.ident(alias);
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_statement(&mut self, statement: &mut Statement) -> ControlFlow<()> {
        match statement {
            Statement::CreateTable(t) => {
                for c in &mut t.columns {
                    self.changed |= self.quoter.ident(&mut c.name);
                }
            }
            Statement::Insert(i) => {
                for c in &mut i.columns {
                    self.changed |= self.quoter.object_name(c);
                }
            }
            Statement::Update(u) => {
                for a in &mut u.assignments {
                    match &mut a.target {
                        AssignmentTarget::ColumnName(n) => {
                            self.changed |= self.quoter.object_name(n);
                        }
                        AssignmentTarget::Tuple(names) => {
                            for n in names {
                                self.changed |= self.quoter.object_name(n);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// Quotes names of the procedural AST: variables, record fields,
/// parameters, and the identifiers inside expressions.
struct NameQuoter<'q> {
    quoter: &'q Quoter,
    changed: bool,
}

impl VisitMut for NameQuoter<'_> {
    fn expr(&mut self, e: &mut crate::ast::procedural::PlExpr) {
        let mut v = SqlQuoter {
            quoter: self.quoter,
            changed: false,
        };
        let _ = e.expr.visit(&mut v);
        if v.changed {
            e.span = Span::default();
            self.changed = true;
        }
    }

    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter_mut() {
            match d {
                Declaration::Variable { name, .. } => self.changed |= self.quoter.name(name),
                Declaration::Type {
                    definition: TypeDefinition::Record(fields),
                    ..
                } => {
                    for f in fields {
                        self.changed |= self.quoter.name(&mut f.name);
                    }
                }
                _ => {}
            }
        }
    }

    fn type_ref(&mut self, ty: &mut TypeRef) {
        if let TypeRefKind::TypeOf(n) | TypeRefKind::RowTypeOf(n) = &mut ty.kind
            && self.quoter.name(n)
        {
            ty.span = Span::default();
            self.changed = true;
        }
    }

    fn routine(&mut self, routine: &mut Routine) {
        for p in &mut routine.params {
            if let Some(n) = &mut p.name {
                self.changed |= self.quoter.name(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    /// The translation and its findings, as one text for a snapshot.
    fn translated(input: &str, options: &Options) -> String {
        crate::rewrite::test_support::translated_keeping(input, options, |f| {
            f.code == crate::Code::SP0470
        })
    }

    const SCRIPT: &str = "-- 药品限量：limit 列在 PostgreSQL 是保留字\nCREATE TABLE drug_dose (\n  drug_code VARCHAR2(20) NOT NULL,\n  limit     NUMBER(8,2),\n  top       NUMBER(1) DEFAULT 0, -- 置顶\n  type      VARCHAR2(10)\n);\nINSERT INTO drug_dose (drug_code, limit, top, type) VALUES ('A01', 3, 1, 'ORAL');\nSELECT d.drug_code, d.limit AS max_dose, type FROM drug_dose d WHERE limit > 2 ORDER BY top DESC, limit;\nUPDATE drug_dose SET limit = limit * 2 WHERE top = 1;\nSELECT * FROM drug_dose ORDER BY drug_code OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY;\nCREATE OR REPLACE PROCEDURE p_double_limit (p_code VARCHAR2) IS\n  CURSOR c IS SELECT drug_code FROM drug_dose;\n  TYPE t_codes IS TABLE OF VARCHAR2(20);\n  v_codes t_codes;\n  v_limit drug_dose.limit%TYPE;\nBEGIN\n  SELECT limit INTO v_limit FROM drug_dose WHERE drug_code = p_code;\n  OPEN c;\n  FETCH c BULK COLLECT INTO v_codes LIMIT 100;\n  CLOSE c;\n  UPDATE drug_dose SET limit = v_limit * 2 WHERE drug_code = p_code;\nEND;\n/\n";

    #[test]
    fn highgo_quotes_limit_in_lower_case_everywhere() {
        insta::assert_snapshot!(translated(
            SCRIPT,
            &Options::new(Source::Oracle, Target::Highgo)
        ));
    }

    #[test]
    fn dameng_quotes_top_in_upper_case_and_keeps_the_rest_byte_identical() {
        let out = translated(SCRIPT, &Options::new(Source::Oracle, Target::Dameng));
        insta::assert_snapshot!(out);
    }

    #[test]
    fn kingbase_oracle_mode_quotes_the_kernels_reserved_words_in_lower_case() {
        // The Oracle mode keeps the PostgreSQL parser: `limit` must be quoted
        // there too; `top` and `type` are not reserved on Kingbase.
        insta::assert_snapshot!(translated(
            SCRIPT,
            &Options::new(Source::Oracle, Target::Kingbase)
        ));
    }

    /// A ward-round table as HIS schemas name it: `type`, `class`,
    /// `context`, `data`, and Oracle's own reserved words `LEVEL` and
    /// `COMMENT`, which Oracle code already writes quoted.
    const WARD_ROUND: &str = "-- 查房记录：列名 type/class/context/data，LEVEL/COMMENT 在 Oracle 已加引号\nCREATE TABLE ward_round (\n  round_id  NUMBER(12) PRIMARY KEY,\n  type      VARCHAR2(10),\n  class     VARCHAR2(8),\n  \"LEVEL\"   NUMBER(1),\n  \"COMMENT\" VARCHAR2(400),\n  context   VARCHAR2(200),\n  data      CLOB,\n  round_time DATE\n);\nSELECT r.type, r.class, r.\"LEVEL\", r.context FROM ward_round r WHERE r.class = 'ICU' AND \"LEVEL\" >= 2;\nUPDATE ward_round SET class = 'ICU', data = NULL WHERE round_id = 1;\nCREATE OR REPLACE FUNCTION f_round_class (p_id NUMBER) RETURN VARCHAR2 IS\n  v_class ward_round.class%TYPE;\nBEGIN\n  SELECT class INTO v_class FROM ward_round WHERE round_id = p_id;\n  RETURN v_class;\nEND;\n/\n";

    #[test]
    fn dameng_quotes_class_and_context_but_not_type_or_data() {
        // DATA is a DM key word, not a reserved one (DM8 SQL 语言使用手册 附录 1).
        let out = translated(
            WARD_ROUND,
            &Options::new(Source::Oracle, Target::Dameng).with_dm_date(crate::DmDate::Keep),
        );
        assert!(
            out.contains("r.\"CLASS\", r.\"LEVEL\", r.\"CONTEXT\""),
            "{out}"
        );
        assert!(out.contains("  type      VARCHAR2(10)"), "{out}");
        assert!(out.contains("  data      CLOB"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn dameng_quotes_the_reserved_words_the_client_list_lacked() {
        // 检验项目：reference（参考值）、section（检验分组）、xml（报告原文）是 DM 保留字
        // (DM8 SQL 语言使用手册 附录 1, 带 * 号)。
        let input = "CREATE TABLE lab_item (item_id NUMBER(10), reference VARCHAR2(60), section VARCHAR2(20), xml CLOB);\nSELECT i.reference, i.section FROM lab_item i WHERE i.xml IS NOT NULL;\n";
        let out = crate::translate(
            input,
            &Options::new(Source::Oracle, Target::Dameng).with_dm_date(crate::DmDate::Keep),
        );
        assert_eq!(
            out.sql,
            "CREATE TABLE lab_item (item_id NUMBER(10), \"REFERENCE\" VARCHAR2(60), \"SECTION\" VARCHAR2(20), \"XML\" CLOB);\nSELECT i.\"REFERENCE\", i.\"SECTION\" FROM lab_item i WHERE i.\"XML\" IS NOT NULL;\n"
        );
    }

    #[test]
    fn dameng_quotes_reserved_words_of_the_later_letters() {
        // 护理评估表：repeat（是否复评）、verify（核对人）、login（登录工号）都是 DM 保留字。
        let input = "CREATE TABLE nur_assess (assess_id NUMBER(10), repeat CHAR(1), verify VARCHAR2(20), login VARCHAR2(20));\nSELECT a.repeat, a.verify FROM nur_assess a WHERE a.login = 'N01';\n";
        let out = crate::translate(
            input,
            &Options::new(Source::Oracle, Target::Dameng).with_dm_date(crate::DmDate::Keep),
        );
        assert_eq!(
            out.sql,
            "CREATE TABLE nur_assess (assess_id NUMBER(10), \"REPEAT\" CHAR(1), \"VERIFY\" VARCHAR2(20), \"LOGIN\" VARCHAR2(20));\nSELECT a.\"REPEAT\", a.\"VERIFY\" FROM nur_assess a WHERE a.\"LOGIN\" = 'N01';\n"
        );
    }

    #[test]
    fn kingbase_oracle_mode_leaves_ward_round_names_alone() {
        // None of these is reserved on Kingbase: nothing to quote.
        let out = crate::translate(WARD_ROUND, &Options::new(Source::Oracle, Target::Kingbase));
        assert_eq!(out.sql, WARD_ROUND);
        let array = "SELECT t.array FROM his_cfg t;\n";
        let out = crate::translate(array, &Options::new(Source::Oracle, Target::Kingbase));
        assert_eq!(out.sql, "SELECT t.\"array\" FROM his_cfg t;\n");
    }

    #[test]
    fn key_words_stay_key_words() {
        let input = "BEGIN\n  FETCH c BULK COLLECT INTO v_a, v_b LIMIT 500;\n  UPDATE t SET a = 1 RETURNING a INTO v_a;\nEND;\n/\nSELECT * FROM t ORDER BY id OFFSET 5 ROWS;\nALTER TABLE t ADD CONSTRAINT uq UNIQUE (a) DEFERRABLE INITIALLY DEFERRED;\n";
        for target in [Target::Dameng, Target::Kingbase] {
            let out = crate::translate(input, &Options::new(Source::Oracle, target));
            assert_eq!(out.sql, input, "{target}");
        }
        let report = crate::check(input, &Options::new(Source::Oracle, Target::Highgo));
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.code != crate::Code::SP0470)
        );
    }
}
