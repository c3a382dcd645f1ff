//! What can go wrong reading `sqlport.toml`.

/// A configuration file that cannot be read or holds a bad key or value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A key or value is wrong (or the file is not TOML).
    #[error("{path}:{line}: {}{message}", key.as_ref().map(|k| format!("`{k}`: ")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: String,
        /// The 1-based line of the offending key or value.
        line: usize,
        /// The dotted key, when known (`severity.SP0101`).
        key: Option<String>,
        /// What is wrong, in one line.
        message: String,
    },
}
