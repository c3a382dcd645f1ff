//! Per-target knowledge, loaded from `grammar/targets/*.toml`.
//!
//! The files are compiled into the binary, so the library needs no files at
//! run time; rewrite passes ask the catalog ("which case does this target
//! fold names to?") instead of comparing target names.

mod oracle_errors;
mod pg_features;
mod pg_to_oracle;

use std::sync::OnceLock;

use serde::Deserialize;

use crate::Target;

pub use oracle_errors::{ApplicationError, OraCode, OracleErrors, Predefined, oracle_errors};
pub use pg_features::{PgFeature, PgFeatures, pg_features};
pub use pg_to_oracle::{PgToOracle, PgTypeEntry, pg_to_oracle};

/// What went wrong loading a catalog.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CatalogError {
    /// The TOML is malformed or has unknown keys.
    #[error("grammar/targets/{file}: {message}")]
    Invalid {
        /// The file name.
        file: &'static str,
        /// What the TOML reader said.
        message: String,
    },
    /// The file describes another target than its name says.
    #[error("grammar/targets/{file}: describes target `{found}`")]
    WrongTarget {
        /// The file name.
        file: &'static str,
        /// The name inside it.
        found: String,
    },
}

/// How a target's procedural code is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProceduralStyle {
    /// PL/SQL-style (`IS … BEGIN … END;` then `/`).
    Plsql,
    /// PL/pgSQL in `$$` bodies.
    Plpgsql,
}

/// The case unquoted identifiers fold to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fold {
    /// Oracle-like.
    Upper,
    /// PostgreSQL-like.
    Lower,
}

/// The target's identity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetInfo {
    /// The name used on the command line.
    pub name: String,
    /// The product name for people.
    pub display_name: String,
    /// Where the facts come from.
    pub source: String,
}

/// A compatibility mode of the target (Kingbase has two).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mode {
    /// `oracle` or `pg`.
    pub name: String,
    /// Whether sqlport uses this mode unless told otherwise.
    #[serde(default)]
    pub default: bool,
    /// How routines are printed.
    pub procedural_style: ProceduralStyle,
    /// The line that ends a routine in the target's script client, if any.
    pub routine_terminator: Option<String>,
    /// The case unquoted names fold to, where it is fixed.
    pub identifier_fold: Option<Fold>,
    /// The PostgreSQL kernel version, for PostgreSQL-based modes.
    pub kernel: Option<u32>,
    /// Where the facts come from.
    pub source: String,
}

/// A product line and its PostgreSQL kernel.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// The PostgreSQL major version.
    pub kernel: u32,
    /// Whether it is the default `--target-version`.
    #[serde(default)]
    pub default: bool,
    /// Which product runs it.
    pub product: String,
    /// Where the fact comes from.
    pub source: String,
}

/// A built-in type the target runs differently, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeMapping {
    /// The source type's name (`DATE`).
    pub from: String,
    /// What to write for it (`TIMESTAMP(0)`).
    pub to: String,
    /// What to write where no precision may be given (PL/SQL parameters
    /// and return types), if `to` has one.
    pub unconstrained: Option<String>,
    /// The option that turns the mapping off (`dm-date`), if any.
    pub switch: Option<String>,
    /// Why, in one sentence: the finding's help.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// A function the target spells differently: calls of `from` become calls of `to`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionMapping {
    /// The source function, possibly qualified (`NVL`, `DBMS_OUTPUT.PUT_LINE`).
    pub from: String,
    /// What to call instead.
    pub to: String,
    /// Why, in one sentence: the finding's help.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// How serious a construct the target lacks is: the finding's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlagSeverity {
    /// The target cannot run it as written.
    Error,
    /// It runs only with a setting, differently, or support is unverified.
    Warning,
}

/// A construct a detector of the `unsupported` pass recognises
/// (`src/rewrite/common/unsupported.rs`); the catalog says which targets
/// lack it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Feature {
    /// `PRAGMA AUTONOMOUS_TRANSACTION`.
    AutonomousTransaction,
    /// A remote object named through a database link (`t@link`, `p@link(…)`).
    DatabaseLink,
    /// `CREATE [PUBLIC] DATABASE LINK`.
    CreateDatabaseLink,
    /// `AS OF TIMESTAMP|SCN`, `VERSIONS BETWEEN`.
    FlashbackQuery,
    /// The `MODEL` clause of a query.
    ModelClause,
    /// `MATCH_RECOGNIZE (…)`.
    MatchRecognize,
    /// An object type with `MEMBER`/`STATIC`/`CONSTRUCTOR` methods, or its body.
    ObjectTypeMethods,
    /// `TABLE OF … INDEX BY VARCHAR2(n)`: an associative array keyed by strings.
    StringIndexedTable,
    /// `GOTO label`.
    Goto,
    /// `COMPOUND TRIGGER`.
    CompoundTrigger,
    /// `FORALL … SAVE EXCEPTIONS`.
    ForallSaveExceptions,
    /// `PIPELINED` functions.
    PipelinedFunction,
    /// `COMMIT`/`ROLLBACK`/`SAVEPOINT` in a function or a trigger.
    TransactionControlInFunction,
    /// `COMMIT`/`ROLLBACK`/`SAVEPOINT` inside a block that has an
    /// `EXCEPTION` section (in a procedure or an anonymous block).
    TransactionControlInExceptionBlock,
    /// `SAVEPOINT` and `ROLLBACK TO` in PL/SQL code.
    SavepointInPlsql,
    /// Overloads in a package spec that differ only in numeric parameter
    /// types (`NUMBER` vs `PLS_INTEGER`).
    NumericOverloads,
    /// A procedure and a function of the same name in one package spec.
    ProcedureFunctionSameName,
}

/// A construct the target lacks (or runs differently), as the
/// `unsupported` pass reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsupported {
    /// What is lacking.
    pub feature: Feature,
    /// The modes this applies to; empty for every mode.
    #[serde(default)]
    pub modes: Vec<String>,
    /// Error (cannot run) or warning (runs differently, or unverified).
    pub severity: FlagSeverity,
    /// The finding's message.
    pub message: String,
    /// The finding's help: what to do instead.
    pub help: String,
    /// Where the fact comes from.
    pub source: String,
}

/// How much of an Oracle built-in package (`DBMS_*`, `UTL_*`) the target has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageStatus {
    /// All of it (recorded so that the fact and its source are kept).
    Present,
    /// Only the procedures listed in `procedures`.
    Partial,
    /// None of it.
    Absent,
}

/// An Oracle built-in package and what the target has of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageSupport {
    /// The package (`DBMS_PIPE`).
    pub name: String,
    /// The modes this applies to; empty for every mode.
    #[serde(default)]
    pub modes: Vec<String>,
    /// Present, partial or absent.
    pub status: PackageStatus,
    /// For a partial package: the procedures that need no finding (the
    /// target has them, or another rule translates them).
    #[serde(default)]
    pub procedures: Vec<String>,
    /// The severity of a call the target lacks.
    pub severity: FlagSeverity,
    /// What to do instead: the finding's help.
    pub help: String,
    /// Where the fact comes from.
    pub source: String,
}

/// Words reserved in the target but not in Oracle, quoted where they are
/// used as names (`src/rewrite/common/reserved_words.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservedWords {
    /// The modes this applies to; empty for every mode.
    #[serde(default)]
    pub modes: Vec<String>,
    /// The words, upper-case.
    pub words: Vec<String>,
    /// Where the list comes from.
    pub source: String,
}

/// How the target writes a database link, for the `database-link` rewrite
/// (`src/rewrite/common/database_link.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkTemplate {
    /// The statement, with `{public}` (`PUBLIC ` or nothing), `{name}`,
    /// `{user}`, `{password}` and `{using}` (the connect string literal).
    pub template: String,
    /// Why, in one sentence: the finding's help.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// Whether an entry restricted to `modes` applies in `mode`.
pub fn applies_in(modes: &[String], mode: Option<&Mode>) -> bool {
    modes.is_empty() || mode.is_some_and(|m| modes.contains(&m.name))
}

/// A project's own function and type mappings (`[mappings]` in
/// `sqlport.toml`), applied before the catalog's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mappings {
    /// Function renames.
    pub functions: Vec<FunctionMapping>,
    /// Type replacements.
    pub types: Vec<TypeMapping>,
}

/// Which Oracle arguments of a type carry over to the PostgreSQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeArgs {
    /// All of them (`NUMBER(10,2)` → `NUMERIC(10,2)`).
    Numeric,
    /// The first number; Oracle's `CHAR`/`BYTE` length unit is dropped.
    Length,
    /// A fractional-seconds precision, at most 6 on PostgreSQL.
    Fraction,
    /// None: the PostgreSQL type takes none.
    None,
}

/// How sure sqlport is that a type mapping keeps the meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MappingFinding {
    /// Same meaning, different spelling.
    Info,
    /// The values carry over, but what they mean or allow may differ.
    Warning,
}

/// An Oracle type and what a PostgreSQL kernel needs instead.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgType {
    /// The Oracle type, upper case, words separated by one space.
    pub from: String,
    /// The PostgreSQL type; `(*)` stands for the carried-over arguments.
    pub to: String,
    /// Which Oracle arguments carry over.
    pub args: TypeArgs,
    /// Whether the meaning is kept.
    pub finding: MappingFinding,
    /// Why, in one sentence: the finding's help.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// What sqlport knows about Oracle → PostgreSQL-kernel translation, shared by
/// every PostgreSQL-style target (`grammar/oracle_to_pg.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleToPg {
    /// Oracle built-in types and their PostgreSQL replacements.
    pub types: Vec<PgType>,
    /// Oracle data dictionary views and the catalog queries that stand in
    /// for them.
    #[serde(default)]
    pub dictionary: Vec<DictionaryView>,
}

/// An Oracle data dictionary view (`USER_SEQUENCES`, …) and, when there is
/// one, a PostgreSQL query with its columns, under their Oracle names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DictionaryView {
    /// The view's name, upper case.
    pub name: String,
    /// The query over PostgreSQL's catalog with the view's columns; absent
    /// when PostgreSQL has nothing that answers the same question.
    #[serde(default)]
    pub query: Option<String>,
    /// What differs, or why there is no query: the finding's help.
    pub note: String,
    /// Where the fact comes from.
    pub source: String,
}

impl OracleToPg {
    /// The mapping of the Oracle type named `from` (upper case).
    pub fn pg_type(&self, from: &str) -> Option<&PgType> {
        self.types.iter().find(|t| t.from == from)
    }

    /// The data dictionary view named `name` (upper case).
    pub fn dictionary_view(&self, name: &str) -> Option<&DictionaryView> {
        self.dictionary.iter().find(|v| v.name == name)
    }
}

/// The Oracle → PostgreSQL-kernel catalog, parsed once.
pub fn oracle_to_pg() -> Result<&'static OracleToPg, CatalogError> {
    static CATALOG: OnceLock<Result<OracleToPg, CatalogError>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            toml::from_str(include_str!("../../grammar/oracle_to_pg.toml")).map_err(|e| {
                CatalogError::Invalid {
                    file: "../oracle_to_pg.toml",
                    message: e.to_string(),
                }
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Everything sqlport knows about one target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Identity.
    pub target: TargetInfo,
    /// Compatibility modes; exactly one is the default.
    pub modes: Vec<Mode>,
    /// Kernel versions, for targets that have several.
    #[serde(default)]
    pub versions: Vec<Version>,
    /// Built-in types rewritten by the `type-map` pass.
    #[serde(default)]
    pub types: Vec<TypeMapping>,
    /// Functions renamed by the `function-map` pass.
    #[serde(default)]
    pub functions: Vec<FunctionMapping>,
    /// Constructs the target lacks, reported by the `unsupported` pass.
    #[serde(default)]
    pub unsupported: Vec<Unsupported>,
    /// Oracle built-in packages and what the target has of them.
    #[serde(default)]
    pub packages: Vec<PackageSupport>,
    /// Words reserved in the target but not in Oracle.
    #[serde(default)]
    pub reserved_words: Vec<ReservedWords>,
    /// The target's own form of `CREATE DATABASE LINK`, if it has one.
    pub link_template: Option<LinkTemplate>,
    /// What Oracle `DATE` operations give on the type `DATE` is mapped to
    /// (Dameng: `TIMESTAMP(0)`), read by the `dm-date` pass.
    #[serde(default)]
    pub date_semantics: Vec<DateSemantics>,
    /// Constructs that run on the target but may give another result there,
    /// reported by the `semantic-risks` pass.
    #[serde(default)]
    pub semantic_risks: Vec<SemanticRisk>,
    /// What the target does with `''` (Oracle reads it as NULL), for the
    /// `empty-string` pass's message; one entry per mode at most.
    #[serde(default)]
    pub empty_string: Vec<EmptyStringBehaviour>,
    /// PostgreSQL constructs in a mode that is not PostgreSQL's (Kingbase's
    /// Oracle mode): what runs as written and what runs differently.
    #[serde(default)]
    pub pg_syntax: Vec<PgSyntax>,
    /// Oracle forms the target rejects but accepts slightly rewritten, by
    /// rule name (`into-parentheses`); a rule runs only where listed.
    #[serde(default)]
    pub rewrites: Vec<CatalogRewrite>,
}

/// A rewrite rule the target needs, with why and where the fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogRewrite {
    /// The rule (`into-parentheses`).
    pub rule: String,
    /// The modes this applies to; empty for every mode.
    #[serde(default)]
    pub modes: Vec<String>,
    /// Why the target needs it, for the finding's help.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// A PostgreSQL construct, as the `pg-in-kingbase-oracle` pass knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PgConstruct {
    /// `$$` routines in `plpgsql`, `DO` blocks.
    PlpgsqlRoutines,
    /// `expr::type`.
    CastOperator,
    /// `LIMIT` / `OFFSET`.
    LimitOffset,
    /// `INSERT … ON CONFLICT`.
    OnConflict,
    /// Array types and constructors.
    Arrays,
    /// `jsonb`.
    Jsonb,
    /// The literal `''`.
    EmptyStringLiteral,
    /// The type `date`.
    DateType,
}

/// Whether a PostgreSQL construct runs as written in the mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PgStatus {
    /// It runs and means the same: passed through.
    Runs,
    /// It runs but means something else: reported (warning).
    Differs,
}

/// What a PostgreSQL construct does in a mode that is not PostgreSQL's.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgSyntax {
    /// The construct.
    pub construct: PgConstruct,
    /// The modes this applies to; empty for every mode.
    #[serde(default)]
    pub modes: Vec<String>,
    /// Runs as written, or differs.
    pub status: PgStatus,
    /// What it is (`runs`), or the finding's message (`differs`).
    pub message: String,
    /// The finding's help (`differs`).
    #[serde(default)]
    pub help: String,
    /// Where the fact comes from.
    pub source: String,
}

/// A kind of construct that runs on the target but may mean something else
/// there; the `semantic-risks` pass (`src/rewrite/common/semantic_risks.rs`)
/// recognises it, the catalog says which targets it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Risk {
    /// `CREATE/ALTER SEQUENCE … CACHE n` with n > 1.
    SequenceCache,
    /// A conversion whose result depends on NLS session settings:
    /// `TO_DATE`/`TO_TIMESTAMP` without a format, month and day names, `D`.
    NlsFormat,
    /// A character column compared with a number literal, which Oracle
    /// converts implicitly.
    ImplicitConversion,
}

/// A construct that runs on the target but may give another result there.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SemanticRisk {
    /// What is at risk.
    pub risk: Risk,
    /// The modes this applies to; empty for every mode.
    #[serde(default)]
    pub modes: Vec<String>,
    /// Error (the target rejects it at run time) or warning (the result may
    /// differ, or the target's behaviour is unverified).
    pub severity: FlagSeverity,
    /// The finding's message (after what was found).
    pub message: String,
    /// The finding's help.
    pub help: String,
    /// Where the fact comes from.
    pub source: String,
}

/// How the target treats the empty string.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyStringBehaviour {
    /// The modes this applies to; empty for every mode.
    #[serde(default)]
    pub modes: Vec<String>,
    /// What the target does with `''`, for the finding's message.
    pub behaviour: String,
    /// The setting that decides it, for the finding's help.
    pub setting: String,
    /// Where the fact comes from.
    pub source: String,
}

/// One Oracle `DATE` operation, what it gives in Oracle, and what is known of
/// it on the target's replacement type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateSemantics {
    /// The function name (`ADD_MONTHS`, `TO_CHAR` without a format) or
    /// `date difference`.
    pub operation: String,
    /// What it gives in Oracle on a `DATE` (for the finding's message).
    pub oracle: String,
    /// What is believed of it on the target, as far as known.
    pub target: String,
    /// Whether `target` is confirmed by the vendor's documentation (or by
    /// output the vendor printed); the pass reports unverified operations
    /// as such.
    pub verified: bool,
    /// Whether the target is confirmed to give something else than Oracle
    /// and no rewrite can restore Oracle's result (it depends on a setting
    /// of the Oracle database that sqlport cannot know): the pass reports
    /// each use as a verified difference.
    #[serde(default)]
    pub differs: bool,
    /// What the target writes for the operation to mean what it meant in
    /// Oracle, for an operation that is a single word (`CURRENT_DATE` →
    /// `SYSDATE`): the pass rewrites it and reports each unit once.
    #[serde(default)]
    pub replacement: Option<String>,
    /// An expression that means on the target what the call meant in
    /// Oracle, built only from operations the target's documentation
    /// settles: `{1}`, `{2}`, … stand for the call's arguments. The pass
    /// rewrites each call of the operation (with that many arguments) into
    /// it instead of reporting it.
    #[serde(default)]
    pub formula: Option<String>,
    /// What to do, for the finding's help.
    pub help: String,
    /// Where the facts come from, or what was searched without result.
    pub source: String,
}

impl Catalog {
    /// The default mode.
    pub fn default_mode(&self) -> Option<&Mode> {
        self.modes.iter().find(|m| m.default)
    }

    /// A mode by name.
    pub fn mode(&self, name: &str) -> Option<&Mode> {
        self.modes.iter().find(|m| m.name == name)
    }
}

fn file_of(target: Target) -> (&'static str, &'static str) {
    match target {
        Target::Dameng => (
            "dameng.toml",
            include_str!("../../grammar/targets/dameng.toml"),
        ),
        Target::Kingbase => (
            "kingbase.toml",
            include_str!("../../grammar/targets/kingbase.toml"),
        ),
        Target::Highgo => (
            "highgo.toml",
            include_str!("../../grammar/targets/highgo.toml"),
        ),
    }
}

fn parse(target: Target) -> Result<Catalog, CatalogError> {
    let (file, text) = file_of(target);
    let catalog: Catalog = toml::from_str(text).map_err(|e| CatalogError::Invalid {
        file,
        message: e.to_string(),
    })?;
    if catalog.target.name != target.as_str() {
        return Err(CatalogError::WrongTarget {
            file,
            found: catalog.target.name,
        });
    }
    Ok(catalog)
}

/// The catalog of `target`, parsed once.
pub fn catalog(target: Target) -> Result<&'static Catalog, CatalogError> {
    static CATALOGS: [OnceLock<Result<Catalog, CatalogError>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = &CATALOGS[target as usize];
    slot.get_or_init(|| parse(target))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_catalog_loads_with_one_default_mode() {
        for target in Target::ALL {
            let catalog = catalog(target).map_err(|e| e.to_string());
            let catalog = match catalog {
                Ok(c) => c,
                Err(e) => panic!("{e}"),
            };
            assert_eq!(
                catalog.modes.iter().filter(|m| m.default).count(),
                1,
                "{target}"
            );
            assert!(!catalog.target.source.is_empty());
            assert!(catalog.modes.iter().all(|m| !m.source.is_empty()));
            let defaults = catalog.versions.iter().filter(|v| v.default).count();
            assert!(catalog.versions.is_empty() || defaults == 1, "{target}");
        }
    }

    #[test]
    fn the_oracle_to_pg_catalog_loads_with_a_source_for_every_type() {
        let catalog = match oracle_to_pg() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert!(catalog.types.iter().all(|t| !t.source.is_empty()));
        assert_eq!(
            catalog.pg_type("NUMBER").map(|t| t.to.as_str()),
            Some("NUMERIC(*)")
        );
        for t in &catalog.types {
            assert_eq!(t.from, t.from.to_ascii_uppercase(), "{}", t.from);
        }
    }

    #[test]
    fn facts_the_later_passes_rely_on() {
        let highgo = catalog(Target::Highgo).ok();
        assert_eq!(
            highgo
                .and_then(|c| c.versions.iter().find(|v| v.default))
                .map(|v| v.kernel),
            Some(12)
        );
        let kingbase = catalog(Target::Kingbase).ok();
        assert_eq!(
            kingbase
                .and_then(|c| c.mode("pg"))
                .map(|m| m.procedural_style),
            Some(ProceduralStyle::Plpgsql)
        );
        let dameng = catalog(Target::Dameng).ok();
        assert_eq!(
            dameng
                .and_then(Catalog::default_mode)
                .and_then(|m| m.identifier_fold),
            Some(Fold::Upper)
        );
    }
}
