//! Passes shared by several directions.

pub mod type_map;
