//! `unsupported`: Oracle constructs the target lacks, reported where they are.
//!
//! **What it does.** Finds, in Oracle SQL and PL/SQL, the constructs that the
//! target catalog (`grammar/targets/*.toml`) lists as missing for the target
//! and its mode — `[[unsupported]]` entries for language features,
//! `[[packages]]` entries for Oracle's built-in packages — and reports each
//! at the construct's exact place. Nothing is rewritten.
//!
//! **Why.** A HIS team trusts a port only if no broken procedure goes
//! through silently: a `PRAGMA AUTONOMOUS_TRANSACTION`, a `DBMS_JOB.SUBMIT`
//! or a `@lis_link` that the target cannot run must be in the report, with
//! what to do instead. The catalog, not this module, says which target lacks
//! what: the detectors here only recognise constructs, so a fact fixed in the
//! catalog (with its source) fixes the report for every target. Constructs
//! that another pass translates (hierarchical queries, pipelined functions,
//! packages, `DBMS_OUTPUT` for PostgreSQL kernels) are simply not listed for
//! those targets.
//!
//! **Example** (Oracle → HighGo; the pragma is Kingbase Oracle mode's
//! warning, and HighGo's `autonomous` pass removes it with `SP0387`):
//!
//! ```sql
//! CREATE OR REPLACE PROCEDURE p_log (p_msg VARCHAR2) IS
//!   PRAGMA AUTONOMOUS_TRANSACTION;            -- Kingbase (Oracle mode): warning SP0370
//! BEGIN
//!   INSERT INTO sys_log@his_link VALUES (p_msg);  -- error SP0272 at sys_log@his_link
//!   COMMIT;
//! END;
//! ```
//!
//! **Detectors.** Read from the unit's lexemes, so that they also work on a
//! statement sqlparser could not read (a flashback query is such a one):
//! database links (`name@link`), `CREATE DATABASE LINK`, flashback
//! (`AS OF TIMESTAMP|SCN`, `VERSIONS BETWEEN`), `MODEL`, `MATCH_RECOGNIZE`,
//! package calls (`DBMS_PIPE.SEND_MESSAGE`). Read from the procedural AST:
//! autonomous transactions, string-indexed associative arrays, `GOTO`,
//! `FORALL … SAVE EXCEPTIONS`, compound triggers, object types with methods,
//! `PIPELINED`, `COMMIT`/`ROLLBACK` in functions, triggers and blocks with an
//! `EXCEPTION` section, and `SAVEPOINT`/`ROLLBACK TO` in procedural code.
//!
//! **Findings.** Per construct family: `SP0270` autonomous transactions,
//! `SP0271` packages, `SP0272` database links, `SP0273` query clauses,
//! `SP0274` PL/SQL constructs, `SP0275` transaction control (errors); an
//! entry whose catalog severity is `warning` (a setting is needed, or support
//! is unverified) gives `SP0370` instead.

use sqlparser::ast::Statement;

use crate::ast::procedural::{
    Block, Declaration, ProgramUnit, Routine, RoutineKind, Stmt, StmtKind, TriggerBody,
    TypeDefinition, TypeSpecKind,
};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Unit};
use crate::catalog::{
    self, Catalog, Feature, FlagSeverity, PackageStatus, PackageSupport, applies_in,
};
use crate::report::{Code, Finding};
use crate::source::{Lexeme, LexemeKind, Lexer, Span};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unsupported;

impl Pass for Unsupported {
    fn name(&self) -> &'static str {
        "unsupported"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let Some(catalog) = super::oracle_source_catalog(cx) else {
            return;
        };
        let mode = cx.options.mode();
        let rules = Rules {
            catalog,
            features: catalog
                .unsupported
                .iter()
                .filter(|e| applies_in(&e.modes, mode))
                .collect(),
            packages: catalog
                .packages
                .iter()
                .filter(|p| applies_in(&p.modes, mode) && p.status != PackageStatus::Present)
                .collect(),
        };
        if rules.features.is_empty() && rules.packages.is_empty() {
            return;
        }
        for unit in script.units_mut() {
            let mut hits = Vec::new();
            if let Some(lexemes) = lexemes_of(unit, cx) {
                lexeme_hits(&lexemes, cx.file.text(), &mut hits);
                overload_hits(&lexemes, cx.file.text(), &mut hits);
                package_hits(&lexemes, cx.file.text(), &rules, cx);
            }
            // A link the target's own form expresses is rewritten, not reported.
            if let Some(template) = &catalog.link_template
                && super::database_link::rewritten(unit, template).is_some()
            {
                hits.retain(|(f, _)| *f != Feature::CreateDatabaseLink);
            }
            if let Content::Program(program) = &mut unit.content {
                let mut v = AstHits {
                    text: cx.file.text(),
                    hits: Vec::new(),
                };
                program_hits(&mut v, &program.unit);
                walk_program(&mut v, program);
                hits.extend(v.hits);
            }
            for (feature, span) in hits {
                rules.report(feature, span, cx);
            }
        }
    }
}

/// The catalog entries that apply to the target and mode in effect.
struct Rules<'c> {
    catalog: &'c Catalog,
    features: Vec<&'c catalog::Unsupported>,
    packages: Vec<&'c PackageSupport>,
}

impl Rules<'_> {
    fn report(&self, feature: Feature, span: Span, cx: &mut Context<'_>) {
        let Some(entry) = self.features.iter().find(|e| e.feature == feature) else {
            return;
        };
        let code = match entry.severity {
            FlagSeverity::Warning => Code::SP0370,
            FlagSeverity::Error => code_of(feature),
        };
        cx.findings
            .push(Finding::new(code, span, entry.message.clone()).with_help(entry.help.clone()));
    }

    fn package(&self, name: &str) -> Option<&PackageSupport> {
        self.packages
            .iter()
            .copied()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }
}

/// The error code of a construct family.
fn code_of(feature: Feature) -> Code {
    match feature {
        Feature::AutonomousTransaction => Code::SP0270,
        Feature::DatabaseLink | Feature::CreateDatabaseLink => Code::SP0272,
        Feature::FlashbackQuery | Feature::ModelClause | Feature::MatchRecognize => Code::SP0273,
        Feature::TransactionControlInFunction
        | Feature::TransactionControlInExceptionBlock
        | Feature::SavepointInPlsql => Code::SP0275,
        Feature::ObjectTypeMethods
        | Feature::StringIndexedTable
        | Feature::Goto
        | Feature::CompoundTrigger
        | Feature::ForallSaveExceptions
        | Feature::PipelinedFunction
        | Feature::NumericOverloads
        | Feature::ProcedureFunctionSameName => Code::SP0274,
    }
}

/// The significant lexemes of a unit holding SQL or PL/SQL — also one that
/// could not be read, since the constructs found here are often why.
fn lexemes_of(unit: &Unit, cx: &Context<'_>) -> Option<Vec<Lexeme>> {
    if matches!(unit.content, Content::ClientCommand | Content::Procedural) {
        return None;
    }
    Some(
        Lexer::new(
            cx.file.text(),
            unit.body.start,
            cx.options.source.script_syntax(),
        )
        .take_while(|l| l.span.start < unit.body.end)
        .filter(|l| !l.kind.is_trivia())
        .collect(),
    )
}

fn is_word(l: Option<&Lexeme>, text: &str, word: &str) -> bool {
    l.is_some_and(|l| l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case(word))
}

fn is_name(l: Option<&Lexeme>) -> bool {
    l.is_some_and(|l| matches!(l.kind, LexemeKind::Word | LexemeKind::QuotedIdent))
}

fn is_punct(l: Option<&Lexeme>, c: char) -> bool {
    l.is_some_and(|l| l.kind == LexemeKind::Punct(c))
}

/// SQL-level constructs, found in the lexemes.
fn lexeme_hits(lexemes: &[Lexeme], text: &str, hits: &mut Vec<(Feature, Span)>) {
    let at = |i: usize| lexemes.get(i);
    // CREATE [SHARED] [PUBLIC] DATABASE LINK name
    let mut i = 1;
    while is_word(at(i), text, "SHARED") || is_word(at(i), text, "PUBLIC") {
        i += 1;
    }
    if is_word(at(0), text, "CREATE")
        && is_word(at(i), text, "DATABASE")
        && is_word(at(i + 1), text, "LINK")
        && let (Some(first), Some(name)) = (at(0), at(i + 2).filter(|l| is_name(Some(l))))
    {
        hits.push((
            Feature::CreateDatabaseLink,
            Span::new(first.span.start, name.span.end),
        ));
        return;
    }
    for (i, l) in lexemes.iter().enumerate() {
        match l.kind {
            // name@link (the name may be qualified; the link may be too)
            LexemeKind::Punct('@') if is_name(at(i + 1)) => {
                let Some(name) = i.checked_sub(1).and_then(at).filter(|n| is_name(Some(n))) else {
                    continue;
                };
                let mut end = i + 1;
                while is_punct(at(end + 1), '.') && is_name(at(end + 2)) {
                    end += 2;
                }
                let start = qualified_start(lexemes, i - 1);
                let end_span = at(end).map_or(name.span.end, |l| l.span.end);
                hits.push((
                    Feature::DatabaseLink,
                    Span::new(
                        at(start).map_or(name.span.start, |l| l.span.start),
                        end_span,
                    ),
                ));
            }
            LexemeKind::Word => {
                let word = l.span.slice(text);
                // AS OF TIMESTAMP|SCN, VERSIONS BETWEEN TIMESTAMP|SCN
                let period =
                    |j: usize| is_word(at(j), text, "TIMESTAMP") || is_word(at(j), text, "SCN");
                if (word.eq_ignore_ascii_case("AS")
                    && is_word(at(i + 1), text, "OF")
                    && period(i + 2))
                    || (word.eq_ignore_ascii_case("VERSIONS")
                        && is_word(at(i + 1), text, "BETWEEN")
                        && period(i + 2))
                {
                    let end = at(i + 2).map_or(l.span.end, |e| e.span.end);
                    hits.push((Feature::FlashbackQuery, Span::new(l.span.start, end)));
                } else if word.eq_ignore_ascii_case("MATCH_RECOGNIZE") && is_punct(at(i + 1), '(') {
                    hits.push((Feature::MatchRecognize, l.span));
                } else if word.eq_ignore_ascii_case("MODEL")
                    && !i.checked_sub(1).is_some_and(|p| is_punct(at(p), '.'))
                    && [
                        "PARTITION",
                        "DIMENSION",
                        "MAIN",
                        "REFERENCE",
                        "RETURN",
                        "IGNORE",
                        "KEEP",
                        "UNIQUE",
                    ]
                    .iter()
                    .any(|w| is_word(at(i + 1), text, w))
                {
                    hits.push((Feature::ModelClause, l.span));
                }
            }
            _ => {}
        }
    }
}

/// Numeric types, for overloads that differ only in them.
const NUMERIC_TYPES: &[&str] = &[
    "NUMBER",
    "INTEGER",
    "INT",
    "PLS_INTEGER",
    "BINARY_INTEGER",
    "SIMPLE_INTEGER",
    "NATURAL",
    "NATURALN",
    "POSITIVE",
    "POSITIVEN",
    "SIGNTYPE",
    "FLOAT",
    "REAL",
    "DECIMAL",
    "DEC",
    "NUMERIC",
    "SMALLINT",
    "BINARY_FLOAT",
    "BINARY_DOUBLE",
    "DOUBLE",
];

/// A subprogram declared in a package spec: kind, name, its span, and the
/// type name of each parameter (upper case).
struct Declared {
    function: bool,
    name: String,
    span: Span,
    types: Vec<String>,
}

/// The subprograms a package spec declares (not a package body, whose
/// nested declarations repeat the spec's).
fn declared_subprograms(lexemes: &[Lexeme], text: &str) -> Vec<Declared> {
    let at = |i: usize| lexemes.get(i);
    let mut k = 1;
    if is_word(at(k), text, "OR") && is_word(at(k + 1), text, "REPLACE") {
        k += 2;
    }
    while is_word(at(k), text, "EDITIONABLE") || is_word(at(k), text, "NONEDITIONABLE") {
        k += 1;
    }
    if !is_word(at(0), text, "CREATE")
        || !is_word(at(k), text, "PACKAGE")
        || is_word(at(k + 1), text, "BODY")
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, l) in lexemes.iter().enumerate() {
        let function = is_word(Some(l), text, "FUNCTION");
        if !(function || is_word(Some(l), text, "PROCEDURE")) {
            continue;
        }
        let Some(name) = at(i + 1).filter(|n| is_name(Some(n))) else {
            continue;
        };
        // Parameters: `name [IN] [OUT] [NOCOPY] type …` separated by commas.
        let mut types = Vec::new();
        if is_punct(at(i + 2), '(') {
            let mut depth = 0usize;
            let mut j = i + 2;
            let mut expect_param = true;
            while let Some(x) = at(j) {
                match x.kind {
                    LexemeKind::Punct('(') => depth += 1,
                    LexemeKind::Punct(')') => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    LexemeKind::Punct(',') if depth == 1 => expect_param = true,
                    LexemeKind::Word if depth == 1 && expect_param => {
                        // skip the parameter's name and its modes
                        let mut t = j + 1;
                        while ["IN", "OUT", "NOCOPY"]
                            .iter()
                            .any(|m| is_word(at(t), text, m))
                        {
                            t += 1;
                        }
                        if let Some(ty) = at(t) {
                            types.push(ty.span.slice(text).to_ascii_uppercase());
                        }
                        expect_param = false;
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        out.push(Declared {
            function,
            name: name.span.slice(text).to_ascii_uppercase(),
            span: Span::new(l.span.start, name.span.end),
            types,
        });
    }
    out
}

/// Overloads that differ only in numeric parameter types, and a procedure
/// and a function sharing a name, in a package spec: reported at the later
/// declaration.
fn overload_hits(lexemes: &[Lexeme], text: &str, hits: &mut Vec<(Feature, Span)>) {
    let declared = declared_subprograms(lexemes, text);
    let numeric = |t: &str| NUMERIC_TYPES.contains(&t);
    for (i, b) in declared.iter().enumerate() {
        let earlier = &declared[..i];
        if earlier.iter().any(|a| {
            a.name == b.name
                && a.function == b.function
                && a.types.len() == b.types.len()
                && a.types != b.types
                && a.types
                    .iter()
                    .zip(&b.types)
                    .all(|(x, y)| x == y || (numeric(x) && numeric(y)))
        }) {
            hits.push((Feature::NumericOverloads, b.span));
        }
        if earlier
            .iter()
            .any(|a| a.name == b.name && a.function != b.function)
        {
            hits.push((Feature::ProcedureFunctionSameName, b.span));
        }
    }
}

/// The index of the first part of the dotted name that ends at `i`.
fn qualified_start(lexemes: &[Lexeme], mut i: usize) -> usize {
    while i >= 2 && is_punct(lexemes.get(i - 1), '.') && is_name(lexemes.get(i - 2)) {
        i -= 2;
    }
    i
}

/// Calls and type references of packages the target lacks (wholly or the
/// member used): `[SYS.]PKG.MEMBER`.
fn package_hits(lexemes: &[Lexeme], text: &str, rules: &Rules<'_>, cx: &mut Context<'_>) {
    for (i, l) in lexemes.iter().enumerate() {
        if l.kind != LexemeKind::Word
            || !is_punct(lexemes.get(i + 1), '.')
            || i.checked_sub(1).is_some_and(|p| {
                // `x.DBMS_LOB` is a member of something else, unless it is `SYS.`
                is_punct(lexemes.get(p), '.')
                    && !p
                        .checked_sub(1)
                        .is_some_and(|q| is_word(lexemes.get(q), text, "SYS"))
            })
        {
            continue;
        }
        let Some(member) = lexemes.get(i + 2).filter(|m| m.kind == LexemeKind::Word) else {
            continue;
        };
        let package = l.span.slice(text);
        let Some(support) = rules.package(package) else {
            continue;
        };
        let member_name = member.span.slice(text);
        if support.status == PackageStatus::Partial
            && support
                .procedures
                .iter()
                .any(|p| p.eq_ignore_ascii_case(member_name))
        {
            continue;
        }
        let call = format!(
            "{}.{}",
            package.to_ascii_uppercase(),
            member_name.to_ascii_uppercase()
        );
        let target = &rules.catalog.target.display_name;
        let pkg = support.name.as_str();
        let (code, message) = match (support.severity, support.status) {
            (FlagSeverity::Warning, _) => (
                Code::SP0370,
                format!("{call}: {pkg} may be missing on {target}"),
            ),
            (FlagSeverity::Error, PackageStatus::Partial) => (
                Code::SP0271,
                format!("{call}: {target} has no equivalent of this {pkg} member"),
            ),
            (FlagSeverity::Error, _) => (
                Code::SP0271,
                format!("{call}: {target} has no {pkg} package"),
            ),
        };
        cx.findings.push(
            Finding::new(code, Span::new(l.span.start, member.span.end), message)
                .with_help(support.help.clone()),
        );
    }
}

/// Constructs of the program unit as a whole: compound triggers, object
/// types with methods, and transaction control in a standalone function or
/// trigger.
fn program_hits(v: &mut AstHits<'_>, unit: &ProgramUnit) {
    match unit {
        ProgramUnit::Trigger(t) => match &t.body {
            TriggerBody::Compound { span, .. } => {
                v.hits
                    .push((Feature::CompoundTrigger, v.first_words(*span, 2)));
            }
            TriggerBody::Simple(b) => transaction_control(&b.statements, &mut v.hits),
        },
        ProgramUnit::Type(t) => {
            if let TypeSpecKind::Object { methods, .. } = &t.kind
                && let Some(first) = methods.first()
            {
                v.hits.push((Feature::ObjectTypeMethods, first.span));
            }
        }
        ProgramUnit::TypeBody(t) => v.hits.push((Feature::ObjectTypeMethods, t.name.span)),
        ProgramUnit::Block(b) => subtransaction_control(b, false, &mut v.hits),
        ProgramUnit::Routine(_) | ProgramUnit::Package(_) => {}
    }
}

/// The constructs found while walking a program.
struct AstHits<'a> {
    text: &'a str,
    hits: Vec<(Feature, Span)>,
}

impl AstHits<'_> {
    /// The span of the first `n` words of `span` (`COMPOUND TRIGGER`).
    fn first_words(&self, span: Span, n: usize) -> Span {
        let words: Vec<Lexeme> =
            Lexer::new(self.text, span.start, crate::source::ScriptSyntax::SqlPlus)
                .take_while(|l| l.span.start < span.end)
                .filter(|l| !l.kind.is_trivia())
                .take(n)
                .collect();
        match (words.first(), words.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => span,
        }
    }
}

impl VisitMut for AstHits<'_> {
    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter() {
            match d {
                Declaration::Pragma { span, name, .. } if name == "AUTONOMOUS_TRANSACTION" => {
                    self.hits.push((Feature::AutonomousTransaction, *span));
                }
                Declaration::Type {
                    definition:
                        TypeDefinition::Table {
                            index_by: Some(key),
                            ..
                        },
                    ..
                } => {
                    let key_text = key.span.slice(self.text).trim_start().to_ascii_uppercase();
                    let by_string = ["VARCHAR", "NVARCHAR", "STRING", "CHAR", "NCHAR", "LONG"]
                        .iter()
                        .any(|t| key_text.starts_with(t));
                    if by_string {
                        self.hits.push((Feature::StringIndexedTable, key.span));
                    }
                }
                _ => {}
            }
        }
    }

    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter() {
            match &s.kind {
                StmtKind::Goto(_) => self.hits.push((Feature::Goto, s.span)),
                StmtKind::Sql(_) if is_savepoint(s) => {
                    self.hits.push((Feature::SavepointInPlsql, s.span));
                }
                StmtKind::Forall {
                    save_exceptions: true,
                    ..
                } => {
                    let span = save_exceptions_span(self.text, s.span).unwrap_or(s.span);
                    self.hits.push((Feature::ForallSaveExceptions, span));
                }
                _ => {}
            }
        }
    }

    fn routine(&mut self, routine: &mut Routine) {
        if let Some(option) = routine
            .options
            .iter()
            .find(|o| o.text.eq_ignore_ascii_case("PIPELINED"))
        {
            self.hits.push((Feature::PipelinedFunction, option.span));
        }
        match (&routine.kind, &routine.body) {
            (RoutineKind::Function, Some(body)) => {
                block_transaction_control(body, &mut self.hits);
            }
            (RoutineKind::Procedure, Some(body)) => {
                subtransaction_control(body, false, &mut self.hits);
            }
            _ => {}
        }
    }
}

/// `SAVE EXCEPTIONS` inside the `FORALL` statement at `span`.
fn save_exceptions_span(text: &str, span: Span) -> Option<Span> {
    let lexemes: Vec<Lexeme> = Lexer::new(text, span.start, crate::source::ScriptSyntax::SqlPlus)
        .take_while(|l| l.span.start < span.end)
        .filter(|l| !l.kind.is_trivia())
        .collect();
    lexemes.windows(2).find_map(|w| {
        (is_word(w.first(), text, "SAVE") && is_word(w.get(1), text, "EXCEPTIONS"))
            .then(|| Span::new(w[0].span.start, w[1].span.end))
    })
}

fn block_transaction_control(b: &Block, hits: &mut Vec<(Feature, Span)>) {
    transaction_control(&b.statements, hits);
    for h in &b.handlers {
        transaction_control(&h.body, hits);
    }
}

/// `COMMIT`, `ROLLBACK` and `SAVEPOINT` statements in `stmts`, nested
/// blocks and control structures included (not nested routines: they are
/// judged on their own).
fn transaction_control(stmts: &[Stmt], hits: &mut Vec<(Feature, Span)>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Sql(_) if is_transaction_control(s) => {
                hits.push((Feature::TransactionControlInFunction, s.span));
            }
            StmtKind::Block(b) => block_transaction_control(b, hits),
            kind => {
                for inner in kind.nested_lists() {
                    transaction_control(inner, hits);
                }
            }
        }
    }
}

/// Whether `s` is `COMMIT` or `ROLLBACK` (of the whole transaction).
fn is_transaction_control(s: &Stmt) -> bool {
    matches!(&s.kind, StmtKind::Sql(sql) if matches!(
        *sql.statement,
        Statement::Commit { .. } | Statement::Rollback { savepoint: None, .. }
    ))
}

/// Whether `s` is `SAVEPOINT` or `ROLLBACK TO`.
fn is_savepoint(s: &Stmt) -> bool {
    matches!(&s.kind, StmtKind::Sql(sql) if matches!(
        *sql.statement,
        Statement::Savepoint { .. } | Statement::Rollback { savepoint: Some(_), .. }
    ))
}

/// Transaction control that runs inside a block with an `EXCEPTION` section
/// (`inside`: an enclosing block has one). A block's handlers run outside
/// its own subtransaction, but inside those of the blocks around it.
fn subtransaction_control(b: &Block, inside: bool, hits: &mut Vec<(Feature, Span)>) {
    let body_inside = inside || !b.handlers.is_empty();
    subtransaction_statements(&b.statements, body_inside, hits);
    for h in &b.handlers {
        subtransaction_statements(&h.body, inside, hits);
    }
}

fn subtransaction_statements(stmts: &[Stmt], inside: bool, hits: &mut Vec<(Feature, Span)>) {
    for s in stmts {
        if inside && is_transaction_control(s) {
            hits.push((Feature::TransactionControlInExceptionBlock, s.span));
        }
        match &s.kind {
            StmtKind::Block(b) => subtransaction_control(b, inside, hits),
            kind => {
                for inner in kind.nested_lists() {
                    subtransaction_statements(inner, inside, hits);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    /// The findings of `input` for `options`, one line each.
    fn findings(input: &str, options: &Options) -> String {
        let report = crate::check(input, options);
        report
            .findings
            .iter()
            .map(|f| {
                let file = crate::source::SourceFile::new(input);
                format!(
                    "{}:{} {} {} `{}`",
                    f.start.line,
                    f.start.column,
                    f.code,
                    f.message,
                    file.slice(f.span)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn per_target(input: &str) -> String {
        let mut out = String::new();
        for (name, options) in [
            ("dameng", Options::new(Source::Oracle, Target::Dameng)),
            (
                "kingbase oracle",
                Options::new(Source::Oracle, Target::Kingbase),
            ),
            (
                "kingbase pg",
                Options::new(Source::Oracle, Target::Kingbase).with_target_mode(Some("pg".into())),
            ),
            ("highgo", Options::new(Source::Oracle, Target::Highgo)),
        ] {
            out.push_str(&format!("== {name}\n{}\n", findings(input, &options)));
        }
        out
    }

    #[test]
    fn autonomous_transactions() {
        insta::assert_snapshot!(per_target(
            "CREATE OR REPLACE PROCEDURE p_log_error (p_msg VARCHAR2) IS\n  PRAGMA AUTONOMOUS_TRANSACTION; -- 错误日志必须独立提交\nBEGIN\n  INSERT INTO sys_error_log (msg) VALUES (p_msg);\n  COMMIT;\nEND;\n/\n"
        ));
    }

    #[test]
    fn packages_per_target() {
        insta::assert_snapshot!(per_target(
            "DECLARE\n  v_job  NUMBER;\n  v_file UTL_FILE.FILE_TYPE;\n  v_len  NUMBER;\nBEGIN\n  DBMS_JOB.SUBMIT(v_job, 'pkg_billing.p_close_day;', SYSDATE, 'TRUNC(SYSDATE) + 1');\n  DBMS_PIPE.PACK_MESSAGE('bed 12 free');\n  SYS.DBMS_AQ.ENQUEUE(q, o, p, m, id);\n  v_len := DBMS_LOB.GETLENGTH(v_doc);\n  DBMS_LOB.WRITEAPPEND(v_doc, 4, 'text');\n  DBMS_OUTPUT.PUT_LINE('done');\n  DBMS_UTILITY.COMPILE_SCHEMA(schema => USER, compile_all => FALSE); -- 上线后重编译\n  his.dbms_job.run(1); -- 同名的业务包不算\n  v_x := 'DBMS_PIPE.SEND_MESSAGE'; -- 字符串不算\nEND;\n/\n"
        ));
    }

    #[test]
    fn highgo_rejects_scheduler_http_and_smtp() {
        // Issue 5's error list: DBMS_SCHEDULER, UTL_HTTP and UTL_SMTP have no
        // PostgreSQL counterpart; each call is an error at its line.
        insta::assert_snapshot!(findings(
            "CREATE OR REPLACE PROCEDURE p_notify_critical (p_sample_no IN VARCHAR2) IS\n  v_req  UTL_HTTP.REQ;\n  v_conn UTL_SMTP.CONNECTION;\nBEGIN\n  -- 危急值：通知临床并推送到移动护理\n  v_req := UTL_HTTP.BEGIN_REQUEST('http://mnis.his.local/api/alert?no=' || p_sample_no);\n  v_conn := UTL_SMTP.OPEN_CONNECTION('mail.his.local', 25);\n  UTL_SMTP.HELO(v_conn, 'his.local');\n  DBMS_SCHEDULER.RUN_JOB('JOB_LIS_RECHECK');\nEND;\n/\n",
            &Options::new(Source::Oracle, Target::Highgo)
        ));
    }

    #[test]
    fn package_overloads_kingbase_resolves_differently() {
        // Only in the spec; an overload that also differs in a text
        // parameter, and the body's repetitions, are not reported.
        insta::assert_snapshot!(per_target(
            "CREATE OR REPLACE PACKAGE pkg_fee AS\n  FUNCTION f_fee (p_qty IN NUMBER) RETURN NUMBER;\n  FUNCTION f_fee (p_qty IN PLS_INTEGER) RETURN NUMBER; -- 仅数值类型不同\n  FUNCTION f_fee (p_qty IN NUMBER, p_unit IN VARCHAR2) RETURN NUMBER;\n  FUNCTION f_fee (p_code IN VARCHAR2, p_unit IN VARCHAR2) RETURN NUMBER;\n  PROCEDURE p_bill (p_id IN NUMBER);\n  FUNCTION p_bill (p_id IN NUMBER, p_day IN DATE) RETURN NUMBER; -- 与过程同名\nEND pkg_fee;\n/\nCREATE OR REPLACE PACKAGE BODY pkg_fee AS\n  FUNCTION f_fee (p_qty IN NUMBER) RETURN NUMBER IS BEGIN RETURN p_qty; END;\n  FUNCTION f_fee (p_qty IN PLS_INTEGER) RETURN NUMBER IS BEGIN RETURN p_qty; END;\nEND pkg_fee;\n/\n"
        ));
    }

    #[test]
    fn database_links() {
        insta::assert_snapshot!(per_target(
            "CREATE PUBLIC DATABASE LINK lis_link CONNECT TO lis IDENTIFIED BY lis_pwd USING 'LIS';\nSELECT r.result_value FROM lis.lis_result@lis_link r WHERE r.sample_no = '20240101001';\nBEGIN\n  p_sync_result@lis_link(1);\nEND;\n/\n"
        ));
    }

    #[test]
    fn query_clauses() {
        insta::assert_snapshot!(per_target(
            "SELECT * FROM ip_order AS OF TIMESTAMP SYSDATE - 1/24 WHERE order_id = 1001;\nSELECT * FROM ip_order VERSIONS BETWEEN SCN MINVALUE AND MAXVALUE WHERE order_id = 1001;\nSELECT dept_id, yr, amt FROM fee_sum MODEL PARTITION BY (dept_id) DIMENSION BY (yr) MEASURES (amt) RULES (amt[2025] = amt[2024] * 1.1);\nSELECT model, model_no FROM device WHERE model = 'X1';\nSELECT * FROM vital_sign MATCH_RECOGNIZE (PARTITION BY pat_id ORDER BY measure_time MEASURES FIRST(a.measure_time) AS start_time PATTERN (a b+) DEFINE b AS b.temperature > PREV(b.temperature));\n"
        ));
    }

    #[test]
    fn plsql_constructs() {
        insta::assert_snapshot!(per_target(
            "CREATE OR REPLACE FUNCTION f_close_day (p_day DATE) RETURN NUMBER IS\n  TYPE t_price IS TABLE OF NUMBER INDEX BY VARCHAR2(20);\n  TYPE t_ids IS TABLE OF NUMBER INDEX BY PLS_INTEGER;\n  v_ids t_ids;\nBEGIN\n  IF p_day IS NULL THEN\n    GOTO done;\n  END IF;\n  FORALL i IN 1 .. v_ids.COUNT SAVE EXCEPTIONS\n    UPDATE op_charge SET status = 'C' WHERE charge_id = v_ids(i);\n  COMMIT;\n  <<done>>\n  RETURN 0;\nEND;\n/\nCREATE OR REPLACE PROCEDURE p_close_all IS\nBEGIN\n  COMMIT; -- 过程里提交可以\nEND;\n/\n"
        ));
    }

    #[test]
    fn triggers_and_types() {
        insta::assert_snapshot!(per_target(
            "CREATE OR REPLACE TRIGGER trg_order_audit\n  FOR UPDATE ON ip_order\n  COMPOUND TRIGGER\n  AFTER EACH ROW IS\n  BEGIN\n    NULL;\n  END AFTER EACH ROW;\nEND trg_order_audit;\n/\nCREATE OR REPLACE TYPE t_money AS OBJECT (\n  amount NUMBER(12,2),\n  MEMBER FUNCTION yuan RETURN VARCHAR2\n);\n/\nCREATE OR REPLACE TYPE BODY t_money AS\n  MEMBER FUNCTION yuan RETURN VARCHAR2 IS\n  BEGIN\n    RETURN TO_CHAR(amount, 'FM999990.00');\n  END;\nEND;\n/\nCREATE OR REPLACE TRIGGER trg_bed_free\n  AFTER UPDATE ON ip_bed FOR EACH ROW\nBEGIN\n  INSERT INTO ip_bed_log (bed_id) VALUES (:NEW.bed_id);\n  COMMIT;\nEND;\n/\nCREATE OR REPLACE FUNCTION f_days (p_n NUMBER) RETURN t_days PIPELINED IS\nBEGIN\n  PIPE ROW (p_n);\n  RETURN;\nEND;\n/\n"
        ));
    }

    #[test]
    fn commits_inside_blocks_with_handlers() {
        insta::assert_snapshot!(per_target(
            "CREATE OR REPLACE PROCEDURE p_settle (p_id NUMBER) IS\nBEGIN\n  SAVEPOINT sp_settle;\n  UPDATE op_charge SET status = 'S' WHERE charge_id = p_id;\n  COMMIT; -- 块内有异常处理：PostgreSQL 拒绝\nEXCEPTION\n  WHEN OTHERS THEN\n    ROLLBACK TO sp_settle;\n    ROLLBACK; -- 处理器里回滚可以\n    RAISE;\nEND;\n/\nBEGIN\n  BEGIN\n    p_settle(1);\n  EXCEPTION WHEN OTHERS THEN NULL;\n  END;\n  COMMIT; -- 块外提交可以\nEND;\n/\n"
        ));
    }

    #[test]
    fn kingbase_pg_mode_flags_what_highgo_flags() {
        // Kingbase in PG mode is a PostgreSQL 12 kernel: its catalog lists
        // the same gaps as HighGo's, so the same places are reported.
        let input = include_str!("../../../corpus/oracle/his_target_differences.sql");
        let places = |options: &Options| {
            crate::check(input, options)
                .findings
                .iter()
                .map(|f| (f.start.line, f.start.column, f.code))
                .collect::<Vec<_>>()
        };
        let highgo = places(&Options::new(Source::Oracle, Target::Highgo));
        let kingbase_pg = places(
            &Options::new(Source::Oracle, Target::Kingbase).with_target_mode(Some("pg".into())),
        );
        assert!(highgo.iter().any(|p| p.2 == crate::Code::SP0387));
        assert_eq!(highgo, kingbase_pg);
    }

    #[test]
    fn postgres_input_is_not_checked() {
        let input = "SELECT dbms_pipe.x FROM t;\n";
        let report = crate::check(input, &Options::new(Source::Postgres, Target::Highgo));
        assert!(report.findings.is_empty());
    }
}
