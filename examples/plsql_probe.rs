//! Parses every PL/SQL unit of the Oracle files given and prints failures.
use sqlport::parse::procedural::parse_plsql_unit;
use sqlport::source::{Segment, ScriptSyntax, SourceFile, UnitKind, split};

fn main() {
    let mut ok = 0;
    let mut bad = 0;
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let file = SourceFile::new(&text);
        for seg in split(&text, ScriptSyntax::SqlPlus).segments {
            if let Segment::Unit(u) = seg {
                if let UnitKind::Procedural(k) = u.kind {
                    match parse_plsql_unit(&text, u.body) {
                        Ok(_) => ok += 1,
                        Err(e) => {
                            bad += 1;
                            let p = file.position(e.offset);
                            let line = file.lines().line_text(&text, p.line);
                            println!("{path}:{}:{} {k:?}: {e}\n    {line}", p.line, p.column);
                        }
                    }
                }
            }
        }
    }
    println!("ok {ok}, failed {bad}");
}
