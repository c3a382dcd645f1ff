//! Parse throughput: `cargo bench --bench parse_throughput`.
//!
//! Generates a large PL/SQL script (the Oracle corpus's program units,
//! repeated under fresh names, ~20 MB) and a large PL/pgSQL one, then times
//! `sqlport::check` over each and prints MB/s. A benchmark, not a test: the
//! figure goes in the README.

use std::time::Instant;

use sqlport::source::{ScriptSyntax, Segment, UnitKind, split};
use sqlport::{Options, Source, Target};

const TARGET_BYTES: usize = 20 << 20;

/// The procedural units of the corpus files in `folder`, each with its terminator.
fn units(folder: &str, syntax: ScriptSyntax) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for segment in split(&text, syntax).segments {
            if let Segment::Unit(u) = segment
                && matches!(u.kind, UnitKind::Procedural(_))
            {
                out.push(u.span.slice(&text).to_string());
            }
        }
    }
    out
}

/// Repeats `units` until the script reaches [`TARGET_BYTES`], renaming each copy.
fn generate(units: &[String]) -> String {
    let mut script = String::with_capacity(TARGET_BYTES + (1 << 20));
    let mut copy = 0;
    while script.len() < TARGET_BYTES && !units.is_empty() {
        for unit in units {
            // A distinct suffix on every copy keeps the units from being identical.
            script.push_str(&unit.replacen("his_", &format!("his{copy}_"), 1));
            script.push_str("\n\n");
        }
        copy += 1;
    }
    script
}

fn measure(name: &str, script: &str, source: Source) {
    let options = Options::new(source, Target::Highgo);
    if let Ok(dir) = std::env::var("SQLPORT_BENCH_DUMP") {
        let _ = std::fs::write(format!("{dir}/{source}.sql"), script);
    }
    // One warm-up run, then the best of three.
    let _ = sqlport::check(script, &options);
    let mut best = f64::MAX;
    let mut findings = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let report = sqlport::check(script, &options);
        best = best.min(start.elapsed().as_secs_f64());
        findings = report.findings.len();
    }
    let mb = script.len() as f64 / (1 << 20) as f64;
    println!(
        "{name}: {mb:.1} MB, {} units in {best:.2} s = {:.1} MB/s ({findings} findings)",
        sqlport::check(script, &options).stats.units,
        mb / best
    );
}

fn main() {
    let plsql = generate(&units("corpus/oracle", ScriptSyntax::SqlPlus));
    measure("PL/SQL", &plsql, Source::Oracle);
    let plpgsql = generate(&units("corpus/postgres", ScriptSyntax::Psql));
    measure("PL/pgSQL", &plpgsql, Source::Postgres);
}
