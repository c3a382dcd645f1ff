//! Passes shared by several directions.

pub mod function_map;
pub mod type_map;
