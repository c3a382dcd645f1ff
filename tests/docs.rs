//! Generated documentation stays in step with the code registry.
//!
//! Regenerate with `SQLPORT_UPDATE_DOCS=1 cargo test --test docs`.

use std::fs;
use std::path::Path;

use sqlport::report::{REGISTRY, codes};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn docs_codes_md_is_generated_from_the_registry() {
    let path = root().join("docs/codes.md");
    let expected = codes::markdown();
    if std::env::var_os("SQLPORT_UPDATE_DOCS").is_some() {
        fs::create_dir_all(root().join("docs")).expect("docs folder");
        fs::write(&path, &expected).expect("write docs/codes.md");
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/codes.md is stale: run SQLPORT_UPDATE_DOCS=1 cargo test --test docs"
    );
}

#[test]
fn readme_lists_every_code() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap_or_default();
    for info in REGISTRY {
        assert!(
            readme.contains(&format!("`{}`", info.code)),
            "README.md does not mention {}",
            info.code
        );
    }
}

/// The long flags `sqlport COMMAND --help` lists.
fn flags(command: &str) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sqlport"))
        .args([command, "--help"])
        .output()
        .expect("sqlport runs");
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut found: Vec<String> = help
        .split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']')
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(|w| w.split('=').next().unwrap_or(w).to_string())
        .filter(|w| w != "--help" && w != "--version")
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn readme_documents_every_flag_and_config_key() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap_or_default();
    let mut seen = 0;
    for command in ["translate", "check", "assess"] {
        for flag in flags(command) {
            seen += 1;
            assert!(
                readme.contains(&format!("`{flag}")),
                "README.md does not document {command} {flag}"
            );
        }
    }
    assert!(seen > 20, "only {seen} flags found in --help");
    for key in sqlport::config::KEYS
        .iter()
        .chain(sqlport::config::TARGET_KEYS)
    {
        assert!(
            readme.contains(&format!("`{key}`"))
                || readme.contains(&format!("`[{key}]`"))
                || readme.contains(&format!("`[{key}.")),
            "README.md does not document the config key {key}"
        );
    }
}
