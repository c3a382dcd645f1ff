//! Per-target knowledge, loaded from `grammar/targets/*.toml`.
