//! `include` and `exclude`: which files a project checks.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Compiled `include`/`exclude` globs, relative to the configuration's folder.
///
/// A file is accepted when it matches an `include` glob (or there are none)
/// and no `exclude` glob. `*` does not cross `/`; `**` does.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    root: PathBuf,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// The patterns as written (for equality and display).
    patterns: (Vec<String>, Vec<String>),
}

impl PartialEq for FileFilter {
    fn eq(&self, other: &Self) -> bool {
        self.root == other.root && self.patterns == other.patterns
    }
}

/// Compiles one glob, or says why it is not one.
pub(super) fn compile(pattern: &str) -> Result<Glob, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

impl FileFilter {
    /// A filter from already-checked globs.
    pub(super) fn new(
        root: PathBuf,
        include: Vec<(String, Glob)>,
        exclude: Vec<(String, Glob)>,
    ) -> Self {
        let set = |globs: &[(String, Glob)]| {
            if globs.is_empty() {
                return None;
            }
            let mut builder = GlobSetBuilder::new();
            for (_, glob) in globs {
                builder.add(glob.clone());
            }
            builder.build().ok()
        };
        FileFilter {
            include: set(&include),
            exclude: set(&exclude),
            patterns: (
                include.into_iter().map(|(p, _)| p).collect(),
                exclude.into_iter().map(|(p, _)| p).collect(),
            ),
            root,
        }
    }

    /// Whether the file at `path` (relative to the current folder, or
    /// absolute) is to be checked.
    pub fn accepts(&self, path: &Path) -> bool {
        let relative = relative_to(&self.root, path);
        let included = self.include.as_ref().is_none_or(|g| g.is_match(&relative));
        let excluded = self.exclude.as_ref().is_some_and(|g| g.is_match(&relative));
        included && !excluded
    }
}

/// `path` relative to `root` when it lies below it (both made absolute
/// against the current folder, `.` components dropped), else `path` as given.
fn relative_to(root: &Path, path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = |p: &Path| -> PathBuf {
        let clean: PathBuf = p
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect();
        if clean.is_absolute() {
            clean
        } else {
            cwd.join(clean)
        }
    };
    absolute(path)
        .strip_prefix(absolute(root))
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_absolute_inputs_match_the_same_globs() {
        let cwd = std::env::current_dir().unwrap_or_default();
        let glob = |p: &str| (p.to_string(), compile(p).unwrap_or_else(|e| panic!("{e}")));
        for root in [PathBuf::new(), PathBuf::from("."), cwd.clone()] {
            let filter = FileFilter::new(root, vec![glob("db/**")], vec![glob("db/old/*.sql")]);
            assert!(filter.accepts(Path::new("db/a.sql")));
            assert!(filter.accepts(Path::new("./db/x/a.sql")));
            assert!(filter.accepts(&cwd.join("db/a.sql")));
            assert!(!filter.accepts(&cwd.join("db/old/a.sql")));
            assert!(!filter.accepts(Path::new("db/old/a.sql")));
            assert!(filter.accepts(Path::new("db/old/deeper/a.sql")));
            assert!(!filter.accepts(Path::new("src/a.sql")));
        }
    }
}
