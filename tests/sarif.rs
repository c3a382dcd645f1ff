//! `check --format sarif` validates against the official SARIF 2.1.0 schema
//! (vendored in `tests/fixtures/sarif/`, see its README).

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
        .expect("the vendored schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn sarif(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_sqlport"))
        .current_dir(root())
        .args([
            "check",
            "--no-config",
            "--format",
            "sarif",
            "--from",
            "oracle",
        ])
        .args(args)
        .output()
        .expect("sqlport runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_of_the_corpus_validates_for_every_target() {
    let log = sarif(&["--to", "dameng,kingbase,highgo", "corpus/oracle"]);
    let errors: Vec<String> = validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let runs = log["runs"].as_array().cloned().unwrap_or_default();
    assert_eq!(runs.len(), 3);
    let results: usize = runs
        .iter()
        .map(|r| r["results"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(results > 0, "the corpus has findings to show");
}

#[test]
fn an_invalid_log_is_rejected_so_the_check_can_fail() {
    let mut log = sarif(&["--to", "dameng", "corpus/oracle"]);
    log["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator().is_valid(&log));
    log["version"] = serde_json::json!("2.0.0");
    assert!(!validator().is_valid(&log));
}
