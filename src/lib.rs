//! primer: a static site generator for knowledge bases and training portals.
//!
//! The build is a visible pipeline of stages that share one model. Markdown is read
//! in two passes with resolve between them, since link checks need every page's
//! headings and the glossary links need every page's kind:
//!
//! ```text
//! site.toml          ─config───────► SiteConfig   (unknown keys rejected, then validated)
//! content/, theme/   ─load─────────► SourceSet    (the ONLY stage that reads the site's files)
//! SourceFile         ─front_matter─► Doc          (front matter + YAML; parallel)
//! Vec<Doc>           ─i18n─────────► one Vec<Doc> per language (translations beside originals)
//! Vec<Doc>           ─resolve──────► model::Site  (kinds, URLs, sections, taxonomies, glossary)
//! page body          ─markdown─────► Analysis     (pass 1: headings, links, words)
//! model::Site        ─resolve──────► model::Site  (training paths, decision trees, links checked)
//! page body          ─markdown─────► Rendered     (pass 2: ids, links, highlighting, glossary)
//! model::Site        ─render───────► OutputFile   (Tera; each file handed to a model::Sink)
//! rendered pages     ─search───────► pagefind/    (the search index, when site.toml asks)
//! OutputFile         ─output───────► public/      (the ONLY stage that writes; atomic swap)
//! every stage        ──────────────► BuildReport { diagnostics, timings }
//! ```
//!
//! `pipeline` runs that list (`pipeline::build_cached`), and its `incremental` layer
//! memoizes each step for `serve`.
//!
//! Of the stages, only `load` reads and only `output` writes; the others are pure
//! functions of what they are given. Besides them only drivers touch files, each for
//! what it alone does: `main` (the `stamp` command reads and writes
//! `translations.toml`; the stage `i18n::coverage` says what goes in it), `serve`
//! (serves static files from disk, watches the site), `package` (reads the static
//! files it packs, writes packages) and `init` (writes new sites, pages and editor schemas).
//! `pipeline` itself reads and writes no file: it goes through `load` and `output`.
//!
//! ## The dependency rule
//!
//! Modules fall in five layers; a module may import its own layer's shared parts and
//! the layers this list puts it after, never the other way:
//!
//! 1. **cross-cutting**: `diagnostics`, `html`, `colour`, `urls`, `config`, `trust`, `lang`,
//!    `guard`, `cli`, and `body` (the page body nouns the markdown engine makes and
//!    the model holds); they import only each other.
//! 2. **model**: `model` (the site, its pages and kinds, output files and the sink) and
//!    `front_matter` (the front matter nouns and their reader).
//! 3. **engines**: `markdown` (with `highlight` and `glossary`), `tree`, `search`: they
//!    see only the shared mechanics among the cross-cutting modules (`diagnostics`,
//!    `html`, `colour`, `urls`, `trust`, `lang`, and `body` for the nouns they make),
//!    never the site's settings (`config`, `cli`, `guard`): they know nothing of a site.
//! 4. **stages**: `load`, `i18n`, `resolve`, `render`, `output`: each imports the
//!    model, the cross-cutting modules and engines, and no other stage.
//! 5. **drivers**: `pipeline` (the only module that sees every stage; its
//!    `incremental` layer memoizes stages' pure functions), then `serve` (sees the
//!    pipeline, the model and the cross-cutting modules), `init`, and `package` (SCORM
//!    packages and the offline copy, made from the finished output as the pipeline's
//!    `Extra` step; it sees the pipeline, the model and the cross-cutting modules).
//!
//! The test `architecture::the_dependency_rule_holds` reads every `crate::` path
//! outside comments and tests and fails on an edge this rule forbids that is not in
//! its list of known exceptions (each named there, with what removes it), on an
//! exception that no longer exists, and on any cycle between top-level modules; a
//! module that the rule does not place in a layer fails it too (it may import nothing).
//!
//! Where to add a feature: a new front matter key goes in `front_matter` (its field
//! and reader, and its editor schema in `front_matter::schema`), its name in
//! `config::FRONT_MATTER_KEYS` (site.toml's `[front_matter] keep` may not reuse it),
//! and `docs/authoring.md`; a new structure across pages goes in `resolve` (checks) and
//! `render` (its view for templates); anything a template shows goes through the
//! page view in `render`, never through Tera globals. Each third-party engine lives
//! in one module: serde_yaml in `front_matter` (and `tree` for tree files),
//! pulldown-cmark in `markdown`, syntect in `markdown::highlight`, Tera in `render`,
//! Pagefind in `search`, notify and axum in `serve`.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod body;
pub mod cli;
pub(crate) mod colour;
pub mod config;
pub mod diagnostics;
pub mod front_matter;
pub mod guard;
pub(crate) mod html;
pub mod i18n;
pub mod init;
pub mod lang;
pub(crate) mod load;
pub mod markdown;
pub mod model;
// The markdown engines, also reachable at the top (the tests name them so).
pub use markdown::{glossary, highlight};
pub(crate) mod output;
pub mod package;
pub mod pipeline;
pub(crate) mod render;
pub(crate) mod resolve;
pub(crate) mod search;
pub mod serve;
pub mod tree;
pub(crate) mod trust;
pub(crate) mod urls;

#[cfg(test)]
mod architecture;
