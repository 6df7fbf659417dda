//! The integration-test suite of primer's generator core.
//!
//! Each test copies a fixture site (`tests/fixtures/<area>/<case>/`) into a temporary
//! folder, runs the real `primer` binary on it, and inspects the exit code, the
//! diagnostics on stderr, and the files it wrote. Modules follow the areas of the
//! generator; `harness` holds the shared machinery.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod harness;

mod assets;
mod author;
mod build;
mod content_model;
mod diagnostics;
mod i18n;
mod incremental;
mod kb;
mod links;
mod output;
mod package;
mod props;
mod reporting;
mod scaling;
mod silent;
mod theme;
mod trees;
mod trust;
