//! Output: the only stage that writes. Builds into a temporary sibling folder and
//! swaps it in at the end, so a failed or interrupted build leaves the last good
//! site untouched. Writes run in parallel; no fsync per file.
//!
//! primer only ever replaces a folder it made. Every output holds a marker file,
//! [`MARKER`](marker::MARKER), that starts with [`SIGNATURE`](marker::SIGNATURE) and lists every file the build wrote;
//! [`prepare`](placement::prepare) refuses, before anything is touched, an output folder that is (or is
//! inside, or contains) the site or any folder it reads sources from, that is not
//! empty and has no marker, or that holds files the marker does not list. It also
//! removes the staging (`NAME.tmp-…`) and set-aside (`NAME.old-…`) folders that an
//! interrupted build left beside the output: only folders whose marker says so, and
//! only when no running build holds the marker's lock.
//!
//! A stage (the dependency rule is in `lib.rs`): imports the model and the
//! cross-cutting modules, never another stage.

//!
//! Three parts: [`marker`] (the marker file: what it says, and removing a folder only
//! through it), [`placement`] (where the output may be: the checks before a build
//! and the clean-up of interrupted builds) and [`staging`] (writing: the staging
//! folder, the parallel fill, the atomic swap, and the build's [`Sink`]). They import
//! the model's output nouns and the cross-cutting modules, and no other stage.
//!
//! [`Sink`]: crate::model::Sink

mod marker;
mod placement;
mod staging;

pub(crate) use placement::{check_placement, prepare, refusal};
pub(crate) use staging::{write_site, Staging};
