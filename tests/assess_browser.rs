//! `sqlport assess` in a real browser: headless Chromium loads the page with
//! no console message, the tables list the expected files, and a screenshot
//! is written to `target/assess/` (kept by CI).
//!
//! Needs Chromium (`apt-get install chromium`, which `.ci/run` does). Without
//! it the tests fail under CI (`CI` set) and are skipped, with a note, on a
//! developer's machine. `SQLPORT_CHROMIUM` names another binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SQLPORT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|n| dir.join(n)))
        .find(|candidate| candidate.is_file())
}

/// The browser, or `None` (after a note) when it is missing outside CI.
fn browser() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is required under CI (.ci/run installs it)"
        );
        eprintln!("note: Chromium not found; browser test skipped");
    }
    found
}

/// A scratch folder under target/ (kept, so CI can publish the screenshot).
fn out_dir() -> PathBuf {
    let dir = root().join("target/assess");
    fs::create_dir_all(&dir).expect("target/assess");
    dir
}

/// Runs headless Chromium on `page` with `extra` flags; returns its output.
fn headless(browser: &Path, page: &Path, extra: &[&str], name: &str) -> Output {
    let profile =
        std::env::temp_dir().join(format!("sqlport-chromium-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&profile);
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs");
    let _ = fs::remove_dir_all(&profile);
    out
}

/// The console messages Chromium logged while loading the page.
fn console_messages(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect()
}

fn corpus_files() -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(root().join("corpus/oracle"))
        .expect("corpus/oracle")
        .filter_map(|e| e.ok())
        .map(|e| format!("corpus/oracle/{}", e.file_name().to_string_lossy()))
        .collect();
    files.sort();
    files
}

#[test]
fn the_assessment_page_loads_cleanly_and_lists_the_files() {
    let Some(browser) = browser() else { return };
    let dir = out_dir();
    let page = dir.join("assessment.html");
    let status = Command::new(env!("CARGO_BIN_EXE_sqlport"))
        .current_dir(root())
        .args([
            "assess",
            "--no-config",
            "--from",
            "oracle",
            "--to",
            "dameng,kingbase,highgo",
            "-o",
        ])
        .arg(&page)
        .arg("corpus/oracle")
        .status()
        .expect("sqlport runs");
    assert_eq!(status.code(), Some(0));

    let loaded = headless(&browser, &page, &["--dump-dom"], "dom");
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    assert_eq!(console_messages(&loaded), Vec::<String>::new());
    let dom = String::from_utf8_lossy(&loaded.stdout);
    let expected = corpus_files();
    assert!(
        expected
            .iter()
            .any(|f| f.ends_with("his_outpatient_billing.sql"))
    );
    for target in ["dameng", "kingbase", "highgo"] {
        let start = dom
            .find(&format!("id=\"files-{target}\""))
            .unwrap_or_else(|| panic!("files table for {target}"));
        let table = &dom[start..start + dom[start..].find("</table>").unwrap_or(0)];
        for file in &expected {
            assert!(
                table.contains(&format!(">{file}</a>")),
                "{target}: {file} missing"
            );
        }
        assert!(dom.contains(&format!("id=\"codes-{target}\"")));
    }

    let shot = dir.join("assessment.png");
    let _ = fs::remove_file(&shot);
    let taken = headless(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400",
            "--hide-scrollbars",
        ],
        "shot",
    );
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    let png = fs::read(&shot).unwrap_or_default();
    assert!(
        png.len() > 1000 && png.starts_with(b"\x89PNG"),
        "screenshot of {} bytes",
        png.len()
    );
}

#[test]
fn the_console_check_catches_a_broken_page() {
    let Some(browser) = browser() else { return };
    let page = out_dir().join("broken.html");
    fs::write(
        &page,
        "<!DOCTYPE html><title>x</title><script>notDefined();</script>",
    )
    .expect("write page");
    let loaded = headless(&browser, &page, &["--dump-dom"], "broken");
    let messages = console_messages(&loaded);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("notDefined"), "{messages:?}");
}
