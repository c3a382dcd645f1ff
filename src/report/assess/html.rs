//! The assessment as one self-contained HTML page: inline CSS, no script, no
//! network, links only within the page.

use std::fmt::Write;

use super::{Assessment, duration, target_name};
use crate::Target;

const STYLE: &str = "
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d2330; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #d8dde6; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #d8dde6; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f4f8; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: 600; background: #f8f9fb; }
.error { color: #b3261e; } .warning { color: #8a5a00; } .info { color: #0b6185; }
code { font-family: ui-monospace, monospace; }
ul.findings { list-style: none; padding-left: 0; } ul.findings li { margin: .2rem 0; }
:target { background: #fff3c4; }
";

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page.
pub fn render(assessment: &Assessment, title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(title),
        escape(title)
    );
    let _ = writeln!(
        out,
        "<p id=\"overview\">{} file(s), target(s): {}.</p>",
        assessment.file_count(),
        assessment
            .targets
            .iter()
            .map(|&t| escape(target_name(t)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    overview(&mut out, assessment);
    for &target in &assessment.targets {
        target_section(&mut out, assessment, target);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn overview(out: &mut String, a: &Assessment) {
    out.push_str("<table id=\"totals\">\n<thead><tr><th>Target</th><th>Units</th><th>Translated</th><th>Unchanged</th><th>Flagged</th><th>Findings</th><th>Estimated effort</th></tr></thead>\n<tbody>\n");
    for &target in &a.targets {
        let (stats, minutes) = a.totals(target);
        let findings: usize = a.files_for(target).map(|(_, f)| f.findings.len()).sum();
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#target-{name}\">{name}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{findings}</td><td class=\"n\">{}</td></tr>",
            stats.units,
            stats.translated,
            stats.unchanged,
            stats.flagged,
            duration(minutes),
            name = escape(target_name(target)),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn target_section(out: &mut String, a: &Assessment, target: Option<Target>) {
    let name = escape(target_name(target));
    let _ = writeln!(out, "<section id=\"target-{name}\">\n<h2>{name}</h2>");
    let _ = writeln!(
        out,
        "<h3>Files</h3>\n<table class=\"files\" id=\"files-{name}\">\n<thead><tr><th>File</th><th>Units</th><th>Translated</th><th>Unchanged</th><th>Flagged</th><th>Findings</th><th>Estimated effort</th></tr></thead>\n<tbody>"
    );
    for (row, file) in a.files_for(target) {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#file-{row}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&file.path),
            file.stats.units,
            file.stats.translated,
            file.stats.unchanged,
            file.stats.flagged,
            file.findings.len(),
            duration(file.minutes)
        );
    }
    let (stats, minutes) = a.totals(target);
    let findings: usize = a.files_for(target).map(|(_, f)| f.findings.len()).sum();
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr><td>Total</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{findings}</td><td class=\"n\">{}</td></tr></tfoot>\n</table>",
        stats.units,
        stats.translated,
        stats.unchanged,
        stats.flagged,
        duration(minutes)
    );
    let _ = writeln!(
        out,
        "<h3>Findings by code</h3>\n<table class=\"codes\" id=\"codes-{name}\">\n<thead><tr><th>Code</th><th>Severity</th><th>What</th><th>Count</th><th>Estimated effort</th><th>Where</th></tr></thead>\n<tbody>"
    );
    for code in a.codes.iter().filter(|c| c.target == target) {
        let links: Vec<String> = code
            .locations
            .iter()
            .filter_map(|&(row, i)| {
                let file = a.files.get(row)?;
                let f = file.findings.get(i)?;
                Some(format!(
                    "<a href=\"#f-{row}-{i}\">{}:{}:{}</a>",
                    escape(&file.path),
                    f.line,
                    f.column
                ))
            })
            .collect();
        let info = code.code.info();
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td class=\"{sev}\">{sev}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            code.code,
            escape(info.summary),
            code.count,
            duration(code.minutes),
            links.join("<br>"),
            sev = code.severity,
        );
    }
    out.push_str("</tbody>\n</table>\n");
    for (row, file) in a.files_for(target) {
        if file.findings.is_empty() {
            let _ = writeln!(
                out,
                "<section id=\"file-{row}\" class=\"file\"><h4>{} [{name}]</h4><p>No findings.</p></section>",
                escape(&file.path)
            );
            continue;
        }
        let _ = writeln!(
            out,
            "<section id=\"file-{row}\" class=\"file\"><h4>{} [{name}]</h4>\n<ul class=\"findings\">",
            escape(&file.path)
        );
        for (i, f) in file.findings.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li id=\"f-{row}-{i}\"><span class=\"{sev}\">{sev}[{}]</span> {}:{}:{} {}</li>",
                f.code,
                escape(&file.path),
                f.line,
                f.column,
                escape(&f.message),
                sev = f.severity,
            );
        }
        out.push_str("</ul></section>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;

    #[test]
    fn the_page_escapes_names_and_links_every_location() {
        let page = super::render(&sample(), "HIS <assessment>");
        assert!(page.contains("<title>HIS &lt;assessment&gt;</title>"));
        assert!(page.contains("db/&lt;b&gt;&amp;.sql"));
        assert!(!page.contains("<b>&"));
        assert!(!page.contains("<script"));
        assert!(!page.contains("http"));
        for (row, file) in sample().files.iter().enumerate() {
            for i in 0..file.findings.len() {
                assert!(page.contains(&format!("href=\"#f-{row}-{i}\"")));
                assert!(page.contains(&format!("id=\"f-{row}-{i}\"")));
            }
        }
        insta::assert_snapshot!("assess_html", page);
    }
}
