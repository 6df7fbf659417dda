//! What a build produces, and the seam between rendering and writing.
//!
//! `render` makes files and hands each one to a [`Sink`] that the pipeline passes in;
//! it never touches the disk itself. `output::Staging` is the sink of `primer build`
//! (each page goes into the staging folder as soon as it is rendered); [`Memory`] keeps
//! everything in memory (`primer serve`, `primer check`, builds that package the site).
//! A build with a search index puts `pipeline::index::Streamed` in front of its sink,
//! which keeps only what the index reads of each page.

use std::sync::Arc;

/// One file of the built site, at a path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared: the dev server's cache and its published site hold the same bytes.
    pub contents: Arc<[u8]>,
}

/// Where rendered files go as they are made. Called from many threads at once.
pub(crate) trait Sink: Sync {
    /// Take one rendered file; returns what the build keeps of it in memory (a sink
    /// that wrote the file to disk keeps its path and drops its contents).
    fn put(&self, file: OutputFile) -> OutputFile;
}

/// Keeps every file in memory, unchanged.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Memory;

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> OutputFile {
        file
    }
}
