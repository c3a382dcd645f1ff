//! SARIF 2.1.0 output, for GitHub and GitLab code scanning.
//!
//! One run per target (each with its own `automationDetails.id`, so that code
//! scanning keeps the targets apart), the code registry as the rules (help
//! text and long explanation included), and one result per finding with its
//! region. Columns count Unicode code points, as in the JSON report.

use serde_json::{Value, json};

use super::codes::{CodeInfo, REGISTRY};
use super::json::{Document, FileEntry, JsonFinding};
use super::severity::Severity;
use crate::Target;

/// The schema the output follows.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of the partial fingerprint: the baseline fingerprint (path-free:
/// the code's own text and lines, whitespace folded), so that code scanning
/// follows a finding when lines are added above it.
pub const FINGERPRINT_KEY: &str = "sqlportTextHash/v1";

/// The document as a SARIF 2.1.0 log, pretty-printed, ending in a newline.
pub fn to_sarif(document: &Document) -> String {
    let mut targets: Vec<Option<Target>> = Vec::new();
    for file in &document.files {
        if !targets.contains(&file.target) {
            targets.push(file.target);
        }
    }
    if targets.is_empty() {
        targets.push(None);
    }
    let runs: Vec<Value> = targets
        .iter()
        .map(|&target| {
            let files = document.files.iter().filter(|f| f.target == target);
            run(target, files)
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": runs,
    });
    // A tree of plain strings and numbers always serialises.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn run<'a>(target: Option<Target>, files: impl Iterator<Item = &'a FileEntry>) -> Value {
    let name = target.map_or("any", Target::as_str);
    let results: Vec<Value> = files
        .flat_map(|file| file.findings.iter().map(move |f| result(&file.path, f)))
        .collect();
    json!({
        "tool": {
            "driver": {
                "name": "sqlport",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/sqlport",
                "rules": REGISTRY.iter().map(rule).collect::<Vec<_>>(),
            }
        },
        "automationDetails": { "id": format!("sqlport/{name}/") },
        "columnKind": "unicodeCodePoints",
        "properties": { "target": name },
        "results": results,
    })
}

fn rule(info: &CodeInfo) -> Value {
    json!({
        "id": info.code.as_str(),
        "name": info.name,
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": info.summary },
        "help": { "text": info.help, "markdown": info.explanation },
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": { "tags": [info.code.category().title()] },
    })
}

fn result(path: &str, finding: &JsonFinding) -> Value {
    let index = REGISTRY
        .iter()
        .position(|i| i.code == finding.code)
        .unwrap_or_default();
    let fingerprints = match &finding.fingerprint {
        Some(fp) => json!({ FINGERPRINT_KEY: fp }),
        None => json!({}),
    };
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    json!({
        "ruleId": finding.code.as_str(),
        "ruleIndex": index,
        "level": level(finding.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(path) },
                "region": {
                    "startLine": finding.line.max(1),
                    "startColumn": finding.column.max(1),
                    "endLine": finding.end_line.max(finding.line).max(1),
                    "endColumn": finding.end_column.max(1),
                }
            }
        }],
        "partialFingerprints": fingerprints,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: `/` separators, no leading `./`,
/// anything but unreserved characters and `/` percent-encoded.
fn uri(path: &str) -> String {
    let path = super::baseline::normalise_path(path);
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Source};

    #[test]
    fn one_run_per_target_with_rules_and_regions() {
        let text = "SELECT 1 FROM dual;\nSELEC s FROM dual;\n";
        let mut document = Document::new();
        for target in [Target::Dameng, Target::Highgo] {
            let report = crate::check(text, &Options::new(Source::Oracle, target));
            document.push_target("./db/门诊 a.sql", target, true, &report);
            document.fingerprint_last(&report.findings, &crate::source::SourceFile::new(text));
        }
        let log: Value = serde_json::from_str(&to_sarif(&document)).unwrap_or_default();
        let runs = log["runs"].as_array().cloned().unwrap_or_default();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1]["automationDetails"]["id"], "sqlport/highgo/");
        let rules = runs[0]["tool"]["driver"]["rules"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(rules, REGISTRY.len());
        let first = &runs[0]["results"][0];
        assert_eq!(first["ruleId"], "SP0101");
        assert_eq!(first["level"], "warning");
        assert_eq!(
            runs[0]["tool"]["driver"]["rules"][first["ruleIndex"].as_u64().unwrap_or(99) as usize]
                ["id"],
            "SP0101"
        );
        let location = &first["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "db/%E9%97%A8%E8%AF%8A%20a.sql"
        );
        assert_eq!(location["region"]["startLine"], 2);
        assert_eq!(location["region"]["startColumn"], 1);
        let fp = first["partialFingerprints"][FINGERPRINT_KEY]
            .as_str()
            .unwrap_or("");
        assert_eq!(fp.len(), 16);
        assert_eq!(
            runs[1]["results"][0]["partialFingerprints"][FINGERPRINT_KEY],
            fp
        );
    }
}
