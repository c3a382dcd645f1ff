//! Benchmark (not a test): `check` over a generated folder of 2,000 Oracle
//! scripts of about 25 KB each (~50 MB), built from the HIS corpus.
//!
//! ```sh
//! cargo bench --bench check            # SQLPORT_BENCH_FILES=N for another size
//! ```
//!
//! Prints the time to read and check every file on all CPUs (as `sqlport
//! check` does) and on one thread, with the throughput.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use sqlport::{Options, Source, Target};

const FILE_BYTES: usize = 25_000;

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/oracle");
    let mut texts: Vec<String> = fs::read_dir(&dir)
        .expect("corpus/oracle")
        .filter_map(|e| e.ok())
        .filter_map(|e| fs::read_to_string(e.path()).ok())
        .collect();
    texts.sort();
    texts
}

/// Writes `count` scripts under `dir` of about [`FILE_BYTES`] each: the corpus
/// lines in turn, each script ending where a statement ends (`;` or `/`).
fn generate(dir: &Path, count: usize) -> Vec<PathBuf> {
    let joined = corpus().join("\n/\n");
    let lines: Vec<&str> = joined.lines().collect();
    let mut next = 0;
    let _ = fs::remove_dir_all(dir);
    (0..count)
        .map(|i| {
            let mut body = format!("-- generated script {i}\n");
            loop {
                let line = lines[next % lines.len()];
                next += 1;
                body.push_str(line);
                body.push('\n');
                let end = line.trim_end();
                if body.len() >= FILE_BYTES && (end.ends_with(';') || end == "/") {
                    break;
                }
            }
            let path = dir.join(format!("m{:02}/script_{i:04}.sql", i % 50));
            fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
            fs::write(&path, body).expect("write script");
            path
        })
        .collect()
}

fn check_file(path: &Path, options: &Options) -> usize {
    let text = fs::read_to_string(path).expect("read script");
    sqlport::check(&text, options).findings.len()
}

fn main() {
    let count = std::env::var("SQLPORT_BENCH_FILES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let files = generate(&dir, count);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let options = Options::new(Source::Oracle, Target::Dameng);
    let mb = bytes as f64 / 1e6;
    println!("{count} files, {mb:.1} MB");

    let start = Instant::now();
    let findings: usize = files.par_iter().map(|f| check_file(f, &options)).sum();
    let all = start.elapsed().as_secs_f64();
    println!(
        "all CPUs ({}): {all:.2} s, {:.1} MB/s, {findings} findings",
        rayon::current_num_threads(),
        mb / all
    );

    let start = Instant::now();
    let single: usize = files.iter().map(|f| check_file(f, &options)).sum();
    let one = start.elapsed().as_secs_f64();
    println!("one thread: {one:.2} s, {:.1} MB/s", mb / one);
    assert_eq!(findings, single);
}
