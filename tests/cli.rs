//! The command-line contract: outputs, exit codes, stdin, folders, reports.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use proptest::prelude::*;

const CLEAN: &str = "-- 挂号表\nCREATE TABLE op_reg (id NUMBER(10) PRIMARY KEY, name VARCHAR2(50));\nSELECT * FROM op_reg;\n";
const BROKEN: &str = "SELECT 1 FROM dual;\nINSERT INTO op_reg VALUES (1, 'O'Brien');\n";
const UNPARSED: &str = "SELEC op_reg FROM dual;\n";

fn sqlport(args: &[&str], stdin: &[u8]) -> Output {
    sqlport_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, stdin)
}

/// Runs sqlport with `dir` as its current folder (where it looks for sqlport.toml).
fn sqlport_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sqlport"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sqlport binary runs");
    if let Some(mut input) = child.stdin.take() {
        // A command that does not read stdin may have exited already.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("sqlport finishes")
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sqlport-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn write(path: &Path, content: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("parent folder");
    }
    fs::write(path, content).expect("write fixture");
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("valid JSON")
}

#[test]
fn translate_from_stdin_to_stdout_is_byte_identical_and_exits_0() {
    for args in [
        &["translate", "--from", "oracle", "--to", "dameng"][..],
        &["translate", "--from", "oracle", "--to", "kingbase", "-"][..],
    ] {
        let out = sqlport(args, CLEAN.as_bytes());
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), CLEAN);
        assert_eq!(text(&out.stderr), "");
    }
}

#[test]
fn translate_exits_1_on_errors_and_annotates_unless_told_not_to() {
    let out = sqlport(
        &["translate", "--from", "oracle", "--to", "kingbase"],
        BROKEN.as_bytes(),
    );
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stdout)
            .contains("-- sqlport: error[SP0102] string literal is never closed (line 2)\nINSERT")
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[SP0102]: string literal is never closed"),
        "{stderr}"
    );
    assert!(stderr.contains(" --> <stdin>:2:"), "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "no colour when stderr is not a terminal"
    );

    let out = sqlport(
        &[
            "translate",
            "--from",
            "oracle",
            "--to",
            "kingbase",
            "--no-annotate",
        ],
        BROKEN.as_bytes(),
    );
    assert_eq!(code(&out), 1);
    assert_eq!(text(&out.stdout), BROKEN);
}

#[test]
fn translate_threshold_is_error_so_warnings_exit_0() {
    let out = sqlport(
        &["translate", "--from", "oracle", "--to", "dameng"],
        UNPARSED.as_bytes(),
    );
    assert_eq!(code(&out), 0);
    assert_eq!(text(&out.stdout), UNPARSED);
    assert!(text(&out.stderr).contains("warning[SP0101]"));
}

#[test]
fn colour_is_forced_with_always_and_off_with_never() {
    let out = sqlport(
        &[
            "check", "--from", "oracle", "--to", "dameng", "--color", "always",
        ],
        BROKEN.as_bytes(),
    );
    assert!(text(&out.stdout).contains("\x1b[1;31merror[SP0102]"));
    let out = sqlport(
        &[
            "check", "--from", "oracle", "--to", "dameng", "--color", "never",
        ],
        BROKEN.as_bytes(),
    );
    assert!(!text(&out.stdout).contains('\x1b'));
}

#[test]
fn check_fail_on_thresholds() {
    let base = ["check", "--from", "oracle", "--to", "kingbase"];
    let run = |extra: &[&str], input: &str| {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        code(&sqlport(&args, input.as_bytes()))
    };
    assert_eq!(run(&[], CLEAN), 0);
    assert_eq!(run(&[], BROKEN), 1);
    assert_eq!(run(&[], UNPARSED), 0);
    assert_eq!(run(&["--fail-on", "warning"], UNPARSED), 1);
    assert_eq!(run(&["--fail-on", "info"], UNPARSED), 1);
    assert_eq!(run(&["--fail-on", "info"], CLEAN), 0);
    assert_eq!(run(&["--fail-on", "never"], BROKEN), 0);
}

#[test]
fn check_writes_no_sql_and_prints_the_json_contract() {
    let out = sqlport(
        &[
            "check", "--from", "oracle", "--to", "dameng", "--format", "json",
        ],
        format!("{UNPARSED}{BROKEN}").as_bytes(),
    );
    assert_eq!(code(&out), 1);
    let report = json(&out.stdout);
    assert_eq!(report["version"], 1);
    let file = &report["files"][0];
    assert_eq!(file["path"], "<stdin>");
    let first = &file["findings"][0];
    assert_eq!(first["code"], "SP0101");
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["line"], 1);
    assert_eq!(first["column"], 1);
    assert_eq!(first["end_line"], 1);
    assert_eq!(first["end_column"], 6);
    assert!(first["help"].is_string());
    let keys: Vec<&String> = first
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "help",
            "line",
            "message",
            "severity"
        ]
    );
    assert_eq!(file["findings"][1]["code"], "SP0102");
    assert_eq!(file["findings"][1]["line"], 3);
    assert_eq!(
        file["stats"],
        serde_json::json!({"units": 3, "translated": 0, "unchanged": 1, "flagged": 2})
    );
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 1, "errors": 1, "warnings": 1, "infos": 0})
    );
}

#[test]
fn columns_count_characters_in_chinese_text() {
    let input = "-- 门诊\nSELECT '患者姓名' AS 姓名, x y z FROM op_reg;\n";
    let out = sqlport(
        &[
            "check", "--from", "postgres", "--to", "highgo", "--format", "json",
        ],
        input.as_bytes(),
    );
    let finding = &json(&out.stdout)["files"][0]["findings"][0];
    assert_eq!(finding["line"], 2);
    // `SELECT '患者姓名' AS 姓名, x y ` is 25 characters: z is the 26th.
    assert_eq!(finding["column"], 26);
}

#[test]
fn folders_are_walked_recursively_and_mirrored_under_out_dir() {
    let dir = scratch("folders");
    let src = dir.join("his");
    write(&src.join("op/reg.sql"), CLEAN.as_bytes());
    write(
        &src.join("pkg/pkg_bill.pkb"),
        b"CREATE PACKAGE BODY pkg_bill IS\nEND;\n/\n",
    );
    write(&src.join("pkg/notes.txt"), b"not sql");
    write(&src.join(".git/hook.sql"), b"hidden");
    let out_dir = dir.join("out");
    let report = dir.join("report.json");
    let out = sqlport(
        &[
            "translate",
            "--from",
            "oracle",
            "--to",
            "dameng",
            "--out-dir",
            out_dir.to_str().unwrap_or_default(),
            "--report",
            report.to_str().unwrap_or_default(),
            src.to_str().unwrap_or_default(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        fs::read_to_string(out_dir.join("op/reg.sql"))
            .ok()
            .as_deref(),
        Some(CLEAN)
    );
    assert!(out_dir.join("pkg/pkg_bill.pkb").is_file());
    assert!(!out_dir.join("pkg/notes.txt").exists());
    assert!(!out_dir.join(".git").exists());
    let report = json(&fs::read(&report).unwrap_or_default());
    assert_eq!(report["summary"]["files"], 2);
    let paths: Vec<String> = report["files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .map(|f| f["path"].as_str().unwrap_or("").replace('\\', "/"))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        paths[0].ends_with("his/op/reg.sql") && paths[1].ends_with("his/pkg/pkg_bill.pkb"),
        "{paths:?}"
    );
}

#[test]
fn one_file_goes_to_o_file() {
    let dir = scratch("output");
    let input = dir.join("in.sql");
    let output = dir.join("nested/out.sql");
    write(&input, CLEAN.as_bytes());
    let out = sqlport(
        &[
            "translate",
            "--from",
            "oracle",
            "--to",
            "kingbase",
            "-o",
            output.to_str().unwrap_or_default(),
            input.to_str().unwrap_or_default(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0);
    assert_eq!(fs::read_to_string(&output).ok().as_deref(), Some(CLEAN));
}

#[test]
fn usage_and_io_errors_exit_2_with_one_line() {
    let dir = scratch("usage");
    let a = dir.join("a.sql");
    let b = dir.join("sub/a.sql");
    write(&a, CLEAN.as_bytes());
    write(&b, CLEAN.as_bytes());
    let (a, b) = (
        a.to_str().unwrap_or_default(),
        b.to_str().unwrap_or_default(),
    );
    let missing = dir.join("missing.sql");
    let cases: Vec<Vec<&str>> = vec![
        vec!["translate", "--from", "oracle"],
        vec!["translate", "--from", "mysql", "--to", "dameng"],
        vec!["translate", "--from", "oracle", "--to", "db2"],
        vec![
            "check",
            "--from",
            "oracle",
            "--to",
            "dameng",
            "--fail-on",
            "sometimes",
        ],
        vec!["translate", "--from", "oracle", "--to", "dameng", a, b],
        vec![
            "translate",
            "--from",
            "oracle",
            "--to",
            "dameng",
            "--out-dir",
            "x",
            a,
            b,
        ],
        vec!["translate", "--from", "oracle", "--to", "dameng", "-", a],
        vec![
            "check",
            "--from",
            "oracle",
            "--to",
            "dameng",
            missing.to_str().unwrap_or_default(),
        ],
        vec!["explain", "SP9999"],
        vec!["frobnicate"],
    ];
    for args in cases {
        let out = sqlport(&args, b"");
        assert_eq!(code(&out), 2, "{args:?}: {}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("sqlport: error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}");
    }
}

#[test]
fn invalid_utf8_exits_2_and_is_located_in_the_json_report() {
    let gbk = b"SELECT 1 FROM dual;\n-- \xbb\xbc\xd5\xdf\n";
    let out = sqlport(
        &[
            "check", "--from", "oracle", "--to", "dameng", "--format", "json",
        ],
        gbk,
    );
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("not valid UTF-8 at line 2, column 4"));
    let finding = &json(&out.stdout)["files"][0]["findings"][0];
    assert_eq!(finding["code"], "SP0107");
    assert_eq!(finding["line"], 2);
    assert_eq!(finding["column"], 4);
    let out = sqlport(&["translate", "--from", "oracle", "--to", "dameng"], gbk);
    assert_eq!(code(&out), 2);
    assert_eq!(out.stdout, b"");
}

#[test]
fn help_version_and_explain_exit_0() {
    for args in [
        &["--help"][..],
        &["--version"][..],
        &["translate", "--help"][..],
        &["explain", "SP0101"][..],
        &["explain", "missing-slash"][..],
    ] {
        let out = sqlport(args, b"");
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
    let out = sqlport(&["explain", "sp0102"], b"");
    assert!(text(&out.stdout).starts_with("SP0102 (unterminated-string, error)"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever the bytes, the CLI answers with 0, 1 or 2 and never panics.
    #[test]
    fn arbitrary_bytes_never_crash_the_cli(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let out = sqlport(&["check", "--from", "oracle", "--to", "dameng", "--format", "json"], &bytes);
        prop_assert!(matches!(code(&out), 0..=2), "status {:?}", out.status);
        prop_assert!(!text(&out.stderr).contains("panicked"));
        json(&out.stdout);
        let out = sqlport(&["translate", "--from", "postgres", "--to", "highgo"], &bytes);
        prop_assert!(matches!(code(&out), 0..=2));
        prop_assert!(!text(&out.stderr).contains("panicked"));
        if std::str::from_utf8(&bytes).is_ok() {
            prop_assert_eq!(code(&out) == 2, false);
        }
    }
}

#[test]
fn inline_suppressions_are_counted_in_json_and_the_summary_line() {
    let input = format!("-- sqlport: ignore[SP0101]\n{UNPARSED}-- sqlport: ignore[SP0108]\n");
    let out = sqlport(
        &[
            "check",
            "--from",
            "oracle",
            "--to",
            "dameng",
            "--format",
            "json",
            "--fail-on",
            "warning",
        ],
        input.as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    let report = json(&out.stdout);
    assert_eq!(report["files"][0]["stats"]["suppressed"], 1);
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(report["summary"]["infos"], 1);
    assert_eq!(report["files"][0]["findings"][0]["code"], "SP0501");
    let out = sqlport(
        &["check", "--from", "oracle", "--to", "dameng"],
        input.as_bytes(),
    );
    assert!(
        text(&out.stdout).contains("1 info, 1 suppressed in 1 file"),
        "{}",
        text(&out.stdout)
    );
}

/// A project with a sqlport.toml, a clean file, an excluded file and one with a warning.
fn project(name: &str, config: &str) -> PathBuf {
    let dir = scratch(name);
    write(&dir.join("sqlport.toml"), config.as_bytes());
    write(&dir.join("db/clean.sql"), CLEAN.as_bytes());
    write(&dir.join("db/seq.sql"), UNPARSED.as_bytes());
    write(&dir.join("db/legacy/old.sql"), BROKEN.as_bytes());
    dir
}

#[test]
fn the_config_file_supplies_source_targets_globs_and_fail_on() {
    let dir = project(
        "config",
        "source = \"oracle\"\ntargets = [\"dameng\"]\nexclude = [\"db/legacy/**\"]\nfail-on = \"warning\"\n",
    );
    let sub = dir.join("db");
    // Found from a sub-folder by walking up; the excluded error file is skipped.
    let out = sqlport_in(&sub, &["check", "--format", "json", "."], b"");
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    let report = json(&out.stdout);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["path"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(paths, ["./clean.sql", "./seq.sql"]);
    assert_eq!(report["files"][0]["target"], "dameng");
    // Flags win: --fail-on error makes the warning pass.
    let out = sqlport_in(&sub, &["check", "--fail-on", "error", "."], b"");
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    // --no-config needs --from/--to again.
    let out = sqlport_in(&sub, &["check", "--no-config", "."], b"");
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("--from"),
        "{}",
        text(&out.stderr)
    );
    // --config names another file.
    write(
        &dir.join("other.toml"),
        b"source = \"oracle\"\ntargets = [\"highgo\"]\n",
    );
    let other = dir.join("other.toml");
    let out = sqlport_in(
        &sub,
        &[
            "check",
            "--format",
            "json",
            "--config",
            other.to_str().unwrap_or_default(),
            "legacy",
        ],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    assert_eq!(json(&out.stdout)["files"][0]["target"], "highgo");
}

#[test]
fn config_policy_ignores_and_changes_severities() {
    let dir = project(
        "policy",
        "source = \"oracle\"\ntargets = [\"kingbase\"]\n[severity]\nSP0101 = \"error\"\n",
    );
    let out = sqlport_in(&dir, &["check", "--format", "json", "db/seq.sql"], b"");
    assert_eq!(code(&out), 1);
    assert_eq!(
        json(&out.stdout)["files"][0]["findings"][0]["severity"],
        "error"
    );
    write(
        &dir.join("sqlport.toml"),
        b"source = \"oracle\"\ntargets = [\"kingbase\"]\nignore = [\"SP01xx\"]\n",
    );
    let out = sqlport_in(&dir, &["check", "--format", "json", "db"], b"");
    assert_eq!(code(&out), 0);
    assert_eq!(json(&out.stdout)["summary"]["errors"], 0);
    assert_eq!(json(&out.stdout)["summary"]["warnings"], 0);
}

#[test]
fn bad_config_exits_2_naming_file_line_and_key() {
    let dir = project(
        "badconfig",
        "source = \"oracle\"\n\n[severity]\nSP0101 = \"loud\"\n",
    );
    let out = sqlport_in(&dir, &["check", "db"], b"");
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("sqlport.toml:4: `severity.SP0101`: unknown severity `loud`"),
        "{stderr}"
    );
    write(
        &dir.join("sqlport.toml"),
        b"source = \"oracle\"\ntarget = \"dameng\"\ntargest = []\n",
    );
    let stderr = text(&sqlport_in(&dir, &["check", "db"], b"").stderr);
    assert!(
        stderr.contains("sqlport.toml:2: `target`: expected a table"),
        "{stderr}"
    );
}

#[test]
fn several_targets_in_one_run_label_their_findings() {
    let out = sqlport(
        &[
            "check",
            "--from",
            "oracle",
            "--to",
            "dameng,kingbase,highgo",
            "--format",
            "json",
        ],
        UNPARSED.as_bytes(),
    );
    assert_eq!(code(&out), 0);
    let report = json(&out.stdout);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    let targets: Vec<&str> = files.iter().filter_map(|f| f["target"].as_str()).collect();
    assert_eq!(targets, ["dameng", "kingbase", "highgo"]);
    for file in &files {
        assert_eq!(file["findings"][0]["target"], file["target"]);
    }
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["summary"]["warnings"], 3);
    let out = sqlport(
        &[
            "check",
            "--from",
            "oracle",
            "--to",
            "dameng,highgo",
            "--color",
            "never",
        ],
        UNPARSED.as_bytes(),
    );
    let human = text(&out.stdout);
    let dameng = human.find("== <stdin> [dameng] ==").unwrap_or(usize::MAX);
    let highgo = human.find("== <stdin> [highgo] ==").unwrap_or(0);
    assert!(dameng < highgo, "{human}");
}

#[test]
fn several_targets_translate_under_out_dir_per_target() {
    let dir = scratch("multi");
    let input = dir.join("in/a.sql");
    write(&input, CLEAN.as_bytes());
    let out_dir = dir.join("out");
    let args = [
        "translate",
        "--from",
        "oracle",
        "--to",
        "dm,kingbase",
        "--out-dir",
        out_dir.to_str().unwrap_or_default(),
        input.to_str().unwrap_or_default(),
    ];
    let out = sqlport(&args, b"");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    for target in ["dameng", "kingbase"] {
        assert_eq!(
            fs::read_to_string(out_dir.join(target).join("a.sql"))
                .ok()
                .as_deref(),
            Some(CLEAN)
        );
    }
    let out = sqlport(
        &["translate", "--from", "oracle", "--to", "dm,highgo"],
        CLEAN.as_bytes(),
    );
    assert_eq!(code(&out), 2);
}

#[test]
fn jobs_do_not_change_the_output() {
    let dir = scratch("jobs");
    for i in 0..12 {
        let body = if i % 3 == 0 { UNPARSED } else { CLEAN };
        write(&dir.join(format!("f{i:02}.sql")), body.as_bytes());
    }
    let d = dir.to_str().unwrap_or_default();
    let one = sqlport(
        &[
            "check", "--from", "oracle", "--to", "dameng", "-j", "1", "--format", "json", d,
        ],
        b"",
    );
    let many = sqlport(
        &[
            "check", "--from", "oracle", "--to", "dameng", "--jobs", "8", "--format", "json", d,
        ],
        b"",
    );
    assert_eq!(text(&one.stdout), text(&many.stdout));
    assert_eq!(json(&one.stdout)["summary"]["files"], 12);
    let zero = sqlport(
        &["check", "--from", "oracle", "--to", "dameng", "-j", "0", d],
        b"",
    );
    assert_eq!(code(&zero), 2);
}

#[test]
fn a_baseline_excuses_todays_findings_but_not_new_ones() {
    let dir = scratch("baseline");
    write(
        &dir.join("db/seq.sql"),
        format!("{UNPARSED}{BROKEN}").as_bytes(),
    );
    let base = [
        "check",
        "--from",
        "oracle",
        "--to",
        "dameng",
        "--fail-on",
        "warning",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        sqlport_in(&dir, &args, b"")
    };
    assert_eq!(code(&with(&["db"])), 1);
    let out = with(&["--write-baseline", "baseline.json", "db"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("wrote 2 finding(s) to baseline.json"));
    let recorded = json(&fs::read(dir.join("baseline.json")).unwrap_or_default());
    assert_eq!(recorded["version"], 1);
    assert_eq!(recorded["findings"][0]["path"], "db/seq.sql");
    // Lines inserted above and re-indentation keep the findings excused.
    write(
        &dir.join("db/seq.sql"),
        format!("-- 新的说明\nSELECT 1 FROM dual;\n  {UNPARSED}{BROKEN}").as_bytes(),
    );
    let out = with(&["--baseline", "baseline.json", "--format", "json", "./db"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    assert_eq!(json(&out.stdout)["summary"]["baselined"], 2);
    // A new finding fails, and only it is reported.
    write(&dir.join("db/new.sql"), b"SELEC seq_new FROM dual;\n");
    let out = with(&["--baseline", "baseline.json", "--format", "json", "db"]);
    assert_eq!(code(&out), 1);
    let report = json(&out.stdout);
    assert_eq!(report["files"][0]["path"], "db/new.sql");
    assert_eq!(report["files"][0]["findings"][0]["code"], "SP0101");
    assert_eq!(report["files"][1]["findings"], serde_json::json!([]));
    // A missing or broken baseline is a usage error.
    assert_eq!(code(&with(&["--baseline", "nothing.json", "db"])), 2);
    write(&dir.join("bad.json"), b"{\"version\": 1}");
    assert_eq!(code(&with(&["--baseline", "bad.json", "db"])), 2);
}

#[test]
fn assess_writes_markdown_and_html() {
    let dir = project(
        "assess",
        "source = \"oracle\"\ntargets = [\"dameng\", \"highgo\"]\n",
    );
    let out = sqlport_in(&dir, &["assess", "--format", "markdown", "db"], b"");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.contains("## dameng") && md.contains("## highgo"), "{md}");
    assert!(md.contains("| db/legacy/old.sql | 2 |"), "{md}");
    assert!(md.contains("| `SP0102` | error |"), "{md}");
    let out = sqlport_in(&dir, &["assess", "-o", "report/a.html", "db"], b"");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let html = fs::read_to_string(dir.join("report/a.html")).unwrap_or_default();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("id=\"files-highgo\""));
}

/// Runs a shell command line under a pseudo-terminal with `script`, if it is installed.
fn on_a_terminal(command: &str) -> Option<String> {
    let out = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .ok()?;
    Some(text(&out.stdout))
}

#[test]
fn progress_bar_only_on_a_terminal_and_never_with_quiet() {
    let dir = scratch("progress");
    for i in 0..3 {
        write(&dir.join(format!("db/f{i}.sql")), CLEAN.as_bytes());
    }
    let bin = env!("CARGO_BIN_EXE_sqlport");
    let db = dir.join("db");
    let page = dir.join("a.html");
    let run = |extra: &str| {
        on_a_terminal(&format!(
            "{bin} assess --no-config --from oracle --to dameng -o {} {extra} {}",
            page.display(),
            db.display()
        ))
    };
    let Some(shown) = run("") else {
        eprintln!("note: `script` not found; terminal test skipped");
        return;
    };
    assert!(shown.contains("/3 files"), "{shown:?}");
    assert_eq!(run("--quiet").unwrap_or_default(), "");
    // Not a terminal: nothing on stderr.
    let out = sqlport(
        &[
            "assess",
            "--no-config",
            "--from",
            "oracle",
            "--to",
            "dameng",
            "-o",
            page.to_str().unwrap_or_default(),
            db.to_str().unwrap_or_default(),
        ],
        b"",
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn check_output_reports_missing_and_stale_translations_and_writes_nothing() {
    let dir = scratch("check-output");
    write(&dir.join("db/oracle/sub/a.sql"), CLEAN.as_bytes());
    write(&dir.join("db/oracle/b.sql"), BROKEN.as_bytes());
    let base = [
        "translate",
        "--no-config",
        "--from",
        "oracle",
        "--to",
        "dameng",
        "--source-root",
        "db/oracle",
    ];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.extend_from_slice(&["db/oracle/sub/a.sql", "./db/oracle/b.sql"]);
        sqlport_in(&dir, &args, b"")
    };
    let out = run(&["--check-output", "db/dameng"]);
    assert_eq!(code(&out), 1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("db/dameng/sub/a.sql is missing (the translation of db/oracle/sub/a.sql)"),
        "{stderr}"
    );
    assert!(!dir.join("db/dameng").exists());
    // Written with --out-dir, they are up to date, even though b.sql has an error.
    assert_eq!(code(&run(&["--out-dir", "db/dameng"])), 1);
    assert!(dir.join("db/dameng/sub/a.sql").is_file());
    let out = run(&["--check-output", "db/dameng"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    write(&dir.join("db/dameng/b.sql"), b"-- edited by hand\n");
    let out = run(&["--check-output", "db/dameng"]);
    assert_eq!(code(&out), 1);
    assert!(text(&out.stderr).contains("db/dameng/b.sql is out of date with ./db/oracle/b.sql"));
}

#[test]
fn project_mappings_in_sqlport_toml_are_applied_and_checked() {
    let dir = scratch("mappings");
    write(
        &dir.join("sqlport.toml"),
        "source = \"oracle\"\ntargets = [\"kingbase\"]\n\n[mappings.functions]\nNVL = \"COALESCE\"\n\n[mappings.types]\nLONG = \"CLOB\"\n".as_bytes(),
    );
    let out = sqlport_in(
        &dir,
        &["translate"],
        "CREATE TABLE op_note (id NUMBER, body LONG);\nSELECT NVL(body, '无') FROM op_note;\n"
            .as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "CREATE TABLE op_note (id NUMBER, body CLOB);\nSELECT COALESCE(body, '无') FROM op_note;\n"
    );
    assert!(text(&out.stderr).contains("info[SP0402]"));
    // An unknown kind of mapping is a configuration error naming the key.
    write(
        &dir.join("sqlport.toml"),
        b"[mappings.views]\nV_A = \"V_B\"\n",
    );
    let out = sqlport_in(
        &dir,
        &["check", "--from", "oracle", "--to", "dameng"],
        b"SELECT 1 FROM dual;\n",
    );
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("mappings.views"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn target_version_and_mode_flags_are_checked() {
    let ok = sqlport(
        &[
            "check",
            "--from",
            "oracle",
            "--to",
            "highgo",
            "--target-version",
            "14",
            "--kingbase-mode",
            "pg",
        ],
        b"SELECT 1 FROM dual;\n",
    );
    assert_eq!(code(&ok), 0, "{}", text(&ok.stderr));
    let bad = sqlport(
        &[
            "check",
            "--from",
            "oracle",
            "--to",
            "highgo",
            "--target-version",
            "13",
        ],
        b"",
    );
    assert_eq!(code(&bad), 2);
    assert!(
        text(&bad.stderr).contains("expected one of 12, 14, 15"),
        "{}",
        text(&bad.stderr)
    );
    let bad = sqlport(
        &[
            "check",
            "--from",
            "oracle",
            "--to",
            "kingbase",
            "--kingbase-mode",
            "mysql",
        ],
        b"",
    );
    assert_eq!(code(&bad), 2);
}

#[test]
fn mappings_also_take_the_catalog_format() {
    let dir = scratch("mappings-catalog-format");
    write(
        &dir.join("sqlport.toml"),
        "[[mappings.types]]\nfrom = \"LONG\"\nto = \"CLOB\"\nreason = \"LONG 列统一改为 CLOB\"\n\n[[mappings.functions]]\nfrom = \"his_util.fmt\"\nto = \"his_fmt\"\n".as_bytes(),
    );
    let out = sqlport_in(
        &dir,
        &["translate", "--from", "oracle", "--to", "highgo"],
        "SELECT his_util.fmt(CAST(a AS LONG)) FROM t;\n".as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "SELECT his_fmt(CAST(a AS CLOB)) FROM t;\n"
    );
    assert!(text(&out.stderr).contains("LONG 列统一改为 CLOB"));
    write(
        &dir.join("sqlport.toml"),
        b"[[mappings.types]]\nfrom = \"LONG\"\n",
    );
    let out = sqlport_in(&dir, &["check", "--from", "oracle", "--to", "highgo"], b"");
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("mappings.types[0]"),
        "{}",
        text(&out.stderr)
    );
}
