//! A sample repository (`tests/fixtures/precommit/`: a sqlport.toml, an inline
//! suppression, a baseline, committed translations) goes through a real
//! `pre-commit run --all-files` with the hooks of `.pre-commit-hooks.yaml`
//! installed from the local build (`repo: local`).
//!
//! Needs `pre-commit` (`pip install pre-commit`, which `.ci/run` does) and
//! git. Without them the test fails under CI (`CI` set) and is skipped, with
//! a note, elsewhere.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("fixture entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).expect("copy fixture file");
        }
    }
}

/// A fresh git repository holding the fixture and the hook configuration.
fn sample_repo() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sqlport-precommit-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/precommit"), &dir);
    let template = fs::read_to_string(dir.join("pre-commit-config.yaml.in")).expect("template");
    let config = template.replace("@SQLPORT@", env!("CARGO_BIN_EXE_sqlport"));
    fs::write(dir.join(".pre-commit-config.yaml"), config).expect("write config");
    fs::remove_file(dir.join("pre-commit-config.yaml.in")).expect("remove template");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    dir
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn pre_commit(dir: &Path) -> Output {
    Command::new("pre-commit")
        .current_dir(dir)
        .args(["run", "--all-files", "--color", "never"])
        .env("PRE_COMMIT_HOME", dir.join(".pre-commit-home"))
        .env_remove("SQLPORT_CHROMIUM")
        .output()
        .expect("pre-commit runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The line pre-commit prints for a hook, e.g. `sqlport check....Passed`.
fn verdict(log: &str, name: &str) -> Option<&'static str> {
    let line = log.lines().find(|l| l.starts_with(name))?;
    ["Passed", "Failed", "Skipped"]
        .into_iter()
        .find(|v| line.ends_with(v))
}

#[test]
fn pre_commit_passes_on_the_sample_and_fails_on_new_findings_and_stale_translations() {
    if !(available("pre-commit") && available("git")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit and git are required under CI (.ci/run installs pre-commit)"
        );
        eprintln!("note: pre-commit or git not found; test skipped");
        return;
    }
    let repo = sample_repo();

    // As committed: the suppression, the baseline and the config's exclude
    // (db/legacy has an error) make both hooks pass.
    let out = pre_commit(&repo);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert_eq!(verdict(&log, "sqlport check"), Some("Passed"), "{log}");
    assert_eq!(
        verdict(&log, "sqlport translations up to date"),
        Some("Passed"),
        "{log}"
    );

    // A new unreadable statement: the check fails on it alone (the baselined
    // one stays excused), and the committed translation is now stale.
    let script = repo.join("db/oracle/op_register.sql");
    let mut body = fs::read_to_string(&script).expect("read script");
    body.push_str("ALTER TABLE op_visit SPLIT PARTITION p2024 AT (100) INTO (PARTITION p2024a, PARTITION p2024b);\n");
    fs::write(&script, body).expect("edit script");
    git(&repo, &["add", "-A"]);
    let out = pre_commit(&repo);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert_eq!(verdict(&log, "sqlport check"), Some("Failed"), "{log}");
    assert_eq!(
        verdict(&log, "sqlport translations up to date"),
        Some("Failed"),
        "{log}"
    );
    assert!(log.contains("op_register.sql:9:"), "{log}");
    assert!(!log.contains("op_fee.sql:2:"), "{log}");
    assert!(
        log.contains("db/dameng/op_register.sql is out of date with db/oracle/op_register.sql"),
        "{log}"
    );

    // Undo that; then removing the suppression comment brings back its
    // finding (and makes that script's translation stale).
    let register = fs::read_to_string(&script).expect("read script");
    fs::write(
        &script,
        register.replace(
            "ALTER TABLE op_visit SPLIT PARTITION p2024 AT (100) INTO (PARTITION p2024a, PARTITION p2024b);\n",
            "",
        ),
    )
    .expect("revert");
    let suppressed = repo.join("db/oracle/op_sequences.sql");
    let kept: String = fs::read_to_string(&suppressed)
        .expect("read script")
        .lines()
        .filter(|l| !l.contains("sqlport: ignore"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&suppressed, kept).expect("edit script");
    git(&repo, &["add", "-A"]);
    let out = pre_commit(&repo);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("op_sequences.sql:2:"), "{log}");
    // The reverted statement is gone (op_register keeps only its info finding).
    assert!(!log.contains("op_register.sql:9:"), "{log}");
    assert_eq!(
        verdict(&log, "sqlport translations up to date"),
        Some("Failed"),
        "{log}"
    );

    let _ = fs::remove_dir_all(&repo);
}

#[test]
fn the_manifest_defines_the_hooks_the_sample_runs() {
    let manifest = fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("manifest");
    let template =
        fs::read_to_string(root().join("tests/fixtures/precommit/pre-commit-config.yaml.in"))
            .expect("template");
    for (id, entry) in [
        ("sqlport-check", "check"),
        ("sqlport-translate-diff", "translate"),
    ] {
        assert!(manifest.contains(&format!("- id: {id}\n")), "{id}");
        assert!(
            manifest.contains(&format!("entry: sqlport {entry}\n")),
            "{id}"
        );
        assert!(template.contains(&format!("- id: {id}\n")), "{id}");
        assert!(
            template.contains(&format!("entry: @SQLPORT@ {entry}\n")),
            "{id}"
        );
    }
}
