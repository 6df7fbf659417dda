//! The model: the nouns every stage shares, and nothing that knows an engine's inner
//! workings or does IO. Stages read and fill it; only `pipeline` sees every stage.
//!
//! * [`site`]: the built site (pages and their kinds, sections, taxonomies, glossary,
//!   training paths), each referring to the others by a typed id ([`PageId`],
//!   [`TaxonomyId`], [`TermId`], [`GlossaryId`], [`PathId`]; languages by [`LangId`]).
//! * [`sources`]: what `load` read (markdown, data, templates, strings, assets).
//! * [`output`]: what a build produces ([`OutputFile`]) and where it goes as it is made
//!   (a [`Sink`]: the staging folder for `build`, memory for `serve` and `check`).
//!
//! Model layer (the dependency rule is in `lib.rs`): imports `front_matter` and the
//! cross-cutting modules only. A page's body nouns (`Analysis`, `Rendered`) come from
//! the cross-cutting `body` module, which the markdown engine fills: the model holds
//! them without knowing the engine.

/// A typed index into one of the model's vectors: a page's, a taxonomy's, a term's (in
/// its taxonomy), a glossary entry's, a training path's, a language's. Each kind of
/// number has its own type, so a term's number cannot be passed where a page's or a
/// taxonomy's is expected, and each indexes only its own vector (and the vectors kept
/// beside it, listed after the first: `LangId => Language, SiteConfig, Table`).
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident => $item:ty $(, $also:ty)*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub(crate) struct $name(usize);

        // Not every id needs every way in and out.
        #[allow(dead_code)]
        impl $name {
            /// The item at this place of its vector.
            pub(crate) fn new(index: usize) -> $name {
                $name(index)
            }

            /// Its place in its vector (for a vector kept beside it).
            pub(crate) fn index(self) -> usize {
                self.0
            }

            /// Each item of `items` with its id, in order.
            pub(crate) fn each(items: &[$item]) -> impl Iterator<Item = ($name, &$item)> {
                items.iter().enumerate().map(|(i, x)| ($name(i), x))
            }
        }

        $crate::model::id_type!(@index $name => $item $(, $also)*);
    };
    (@index $name:ident => $($item:ty),*) => {
        $(
            impl std::ops::Index<$name> for [$item] {
                type Output = $item;
                fn index(&self, id: $name) -> &$item {
                    &self[id.0]
                }
            }

            impl std::ops::Index<$name> for Vec<$item> {
                type Output = $item;
                fn index(&self, id: $name) -> &$item {
                    &self[id.0]
                }
            }

            impl std::ops::IndexMut<$name> for Vec<$item> {
                fn index_mut(&mut self, id: $name) -> &mut $item {
                    &mut self[id.0]
                }
            }
        )*
    };
}

pub(crate) use id_type;

pub(crate) mod language;
pub(crate) mod output;
pub(crate) mod site;
pub(crate) mod sources;

pub(crate) use language::{AlternateView, Alternates, LangId, Language, Table};
pub(crate) use output::{Claim, Memory, OutputFile, Sink};
pub(crate) use site::*;
pub use sources::STAMPS_FILE;
pub(crate) use sources::*;
