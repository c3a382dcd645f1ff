//! PostgreSQL features and the first major version that has each, loaded
//! from `grammar/pg_features.toml`: the gates of the PostgreSQL →
//! older-kernel passes (`rewrite::pg_downgrade`).

use std::sync::OnceLock;

use serde::Deserialize;

use super::CatalogError;

/// One PostgreSQL feature.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgFeature {
    /// Its key, which the passes ask for (`merge`, `fetch_with_ties`, …).
    pub name: String,
    /// What it is, for messages.
    pub what: String,
    /// The first PostgreSQL major version that has it.
    pub since: u32,
    /// The pass that rewrites it for older kernels; `None`: it is reported.
    #[serde(default)]
    pub rewrite: Option<String>,
    /// Token sequences that find it (features without `rewrite`).
    #[serde(default)]
    pub detect: Vec<Vec<String>>,
    /// What to do instead, where no pass rewrites it and the general help
    /// of `SP0245` says too little (why no equivalent exists).
    #[serde(default)]
    pub help: Option<String>,
    /// Where the fact comes from.
    pub source: String,
}

/// The whole table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgFeatures {
    /// Every feature.
    pub feature: Vec<PgFeature>,
}

impl PgFeatures {
    /// The feature named `name`.
    pub fn get(&self, name: &str) -> Option<&PgFeature> {
        self.feature.iter().find(|f| f.name == name)
    }

    /// Whether a kernel of version `kernel` lacks the feature `name` (so the
    /// output must not use it). An unknown name is never missing.
    pub fn missing(&self, name: &str, kernel: u32) -> bool {
        self.get(name).is_some_and(|f| kernel < f.since)
    }
}

/// The table, parsed once.
pub fn pg_features() -> Result<&'static PgFeatures, CatalogError> {
    static CATALOG: OnceLock<Result<PgFeatures, CatalogError>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            toml::from_str(include_str!("../../grammar/pg_features.toml")).map_err(|e| {
                CatalogError::Invalid {
                    file: "../pg_features.toml",
                    message: e.to_string(),
                }
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_a_source_a_version_and_a_way_to_be_handled() {
        let features = pg_features().expect("grammar/pg_features.toml loads");
        assert!(features.feature.len() >= 15);
        for f in &features.feature {
            assert!(f.source.contains("PostgreSQL"), "{}: source", f.name);
            assert!((10..=18).contains(&f.since), "{}: since", f.name);
            assert!(
                f.rewrite.is_some() == f.detect.is_empty(),
                "{}: either a rewrite pass or detect patterns",
                f.name
            );
        }
        assert!(features.missing("merge", 14));
        assert!(!features.missing("merge", 15));
        assert!(features.missing("fetch_with_ties", 12));
        assert!(!features.missing("no_such_feature", 12));
    }
}
