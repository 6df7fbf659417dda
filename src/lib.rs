//! primer: a static site generator for knowledge bases and training portals.
//!
//! The build is a visible pipeline; each stage is one module and imports only the
//! model (`site`, `front_matter`) and the cross-cutting modules (`diagnostics`,
//! `config`, `urls`); only `pipeline` (and `serve`, through it) sees every stage.
//!
//! ```text
//! site.toml          ─config──► SiteConfig        (unknown keys rejected, then validated)
//! content/, theme/   ─load────► SourceSet         (the ONLY stage that reads user files)
//! SourceFile         ─parse───► Doc               (front matter + YAML; parallel)
//! Vec<Doc>           ─resolve─► Site              (URLs, sections, taxonomies, glossary,
//!                                                  paths, decision trees, links)
//! page body          ─markdown► Rendered          (ids, links, highlighting, glossary links)
//! Site               ─render──► Vec<OutputFile>   (Tera; sitemap; redirects; search index)
//! Vec<OutputFile>    ─output──► public/           (the ONLY stage that writes; atomic swap)
//! every stage        ─────────► BuildReport { diagnostics, timings }
//! ```
//!
//! Where to add a feature: a new front matter key goes in `front_matter` (and
//! `docs/authoring.md`); a new structure across pages goes in `resolve` (checks) and
//! `render` (its view for templates); anything a template shows goes through the
//! page view in `render`, never through Tera globals. Each third-party engine lives
//! in one module: serde_yaml in `front_matter` (and `tree` for tree files),
//! pulldown-cmark in `markdown`, syntect in `highlight`, Tera in `render`, Pagefind
//! in `search`, notify and axum in `serve`.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod front_matter;
pub mod guard;
pub mod html;
pub mod i18n;
pub mod init;
pub mod kb;
pub mod lang;
pub mod load;
pub mod markdown;
pub mod model;
// The markdown engines, also reachable at the top (benches and tests name them so).
pub use markdown::{glossary, highlight};
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod tree;
pub mod trust;
pub mod urls;
