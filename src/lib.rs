//! primer
pub mod diagnostics;
