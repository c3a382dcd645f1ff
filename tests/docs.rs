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
