//! Passes shared by several directions.

pub mod empty_string;
pub mod function_map;
pub mod type_map;
