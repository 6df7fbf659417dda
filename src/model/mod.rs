//! The model: the nouns every stage shares, and nothing that knows an engine's inner
//! workings or does IO. Stages read and fill it; only `pipeline` sees every stage.
//!
//! * [`site`]: the built site (pages and their kinds, sections, taxonomies, glossary,
//!   training paths), pages referring to each other by [`PageId`].
//! * [`sources`]: what `load` read (markdown, data, templates, strings, assets).
//! * [`output`]: what a build produces ([`OutputFile`]) and where it goes as it is made
//!   (a [`Sink`]: the staging folder for `build`, memory for `serve` and `check`).
//!
//! Model layer (the dependency rule is in `lib.rs`): imports `front_matter` and the
//! cross-cutting modules only. A page's body nouns (`Analysis`, `Rendered`) come from
//! the cross-cutting `body` module, which the markdown engine fills: the model holds
//! them without knowing the engine.

pub(crate) mod language;
pub(crate) mod output;
pub(crate) mod site;
pub(crate) mod sources;

pub(crate) use language::{AlternateView, Alternates, Language, Table};
pub(crate) use output::{Memory, OutputFile, Sink};
pub(crate) use site::*;
pub use sources::STAMPS_FILE;
pub(crate) use sources::*;
