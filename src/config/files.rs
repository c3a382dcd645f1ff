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

/// `path` relative to `root` when it lies below it (both taken lexically,
/// after dropping `.` components), else `path` as it is.
fn relative_to(root: &Path, path: &Path) -> PathBuf {
    let clean = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    };
    let (root, path) = (clean(root), clean(path));
    let absolute = |p: PathBuf| {
        if p.is_absolute() {
            p
        } else {
            std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
        }
    };
    if let Ok(rest) = path.strip_prefix(&root) {
        return rest.to_path_buf();
    }
    let (abs_root, abs_path) = (absolute(root), absolute(path.clone()));
    abs_path
        .strip_prefix(&abs_root)
        .map(Path::to_path_buf)
        .unwrap_or(path)
}
