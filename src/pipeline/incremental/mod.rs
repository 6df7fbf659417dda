//! Incremental builds as a layer: memoization across builds, for the dev server.
//!
//! Each memoized step is a plain function (`fn`, no captured state) of ONE input value,
//! and that value, hashed, is its key ([`BuildCache::run`]): whatever the step reads is
//! in its input, so nothing it reads can be left out of the key. A cached result is
//! therefore exactly what a clean build computes: a rebuild after one edit redoes only
//! the steps whose inputs changed, and its output equals a clean build byte for byte
//! (the property test `tests/suite/incremental.rs` holds it to that, through edits of
//! pages, templates, heading ids other pages link to, glossary aliases, link targets
//! and the highlight theme). Entries not used by the latest build are dropped, so
//! memory stays bounded.
//!
//! Large inputs are not hashed twice: a [`Fingerprinted`] value is hashed by a
//! fingerprint computed from it once, and a fingerprint is one of three things, never
//! a list of parts written by hand: the hash this layer took of a source text when it
//! read the file ([`TextKeys::of`]), the key of the step that made the value
//! ([`Made::carry`]: the step's input fixes all it made), or the derived hash of the
//! value itself, taken once per build ([`BuildCache::by_hash`]). Its fields are
//! private to this module, so no other fingerprint can be made. The one key not made
//! from a step's input value is the template step's ([`pages`]): it keys each page's
//! HTML without building the page's view, from the model and render's input
//! (`render::RenderInput`, all a renderer is made from) destructured field by field,
//! so a field added to the model does not compile there until it has its place in a
//! key. The dev server keeps the layer across a change of site.toml: the settings are
//! in the inputs of the steps that read them. Stages never see this
//! module and the model carries no key: the pipeline wraps stages' pure functions in
//! steps, `load` reads through the [`TextSource`] it implements (the layer keeps each
//! text's hash by the text's address, [`TextKeys`]), and `render` asks the
//! `render::PageStore` it implements ([`pages`]) for each page by id, and builds the
//! page's view only when asked to render it. The on/off switch lives here: a one-off
//! build ([`BuildCache::off`]) computes no key at all.

use crate::diagnostics::Diagnostic;
use crate::front_matter::FrontMatter;
use crate::glossary::Matcher;
use crate::load::{ReadError, TextSource};
use crate::markdown::{Analysis, Rendered};
use crate::model::SourceFile;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

mod pages;
pub(crate) use pages::PagesInput;

/// The front matter stage's result for one file: body offset and keys, or errors.
pub(crate) type ParsedFrontMatter = Result<(usize, Arc<FrontMatter>), Vec<Diagnostic>>;

/// The link stage's result for one page: destination → rewritten URL, and errors.
pub(crate) type LinkResult = (Arc<HashMap<String, String>>, Vec<Diagnostic>);

/// A source text and its hash (0 when the cache is off).
pub(crate) type HashedText = (Arc<str>, u64);

/// A map from input hash to result that keeps only what the last build used.
pub(crate) struct Memo<T> {
    map: Mutex<(HashMap<u64, T>, HashMap<u64, T>)>,
}

impl<T: Clone> Default for Memo<T> {
    fn default() -> Self {
        Memo { map: Mutex::new((HashMap::new(), HashMap::new())) }
    }
}

impl<T: Clone> Memo<T> {
    fn get(&self, key: u64) -> Option<T> {
        let mut m = self.map.lock().ok()?;
        let (prev, used) = &mut *m;
        if let Some(v) = used.get(&key) {
            return Some(v.clone());
        }
        let v = prev.remove(&key)?;
        used.insert(key, v.clone());
        Some(v)
    }

    fn put(&self, key: u64, v: T) {
        if let Ok(mut m) = self.map.lock() {
            m.1.insert(key, v);
        }
    }

    fn get_or(&self, key: u64, compute: impl FnOnce() -> T) -> T {
        if let Ok(mut m) = self.map.lock() {
            let (prev, used) = &mut *m;
            if let Some(v) = used.get(&key) {
                return v.clone();
            }
            if let Some(v) = prev.remove(&key) {
                used.insert(key, v.clone());
                return v;
            }
        }
        let v = compute();
        if let Ok(mut m) = self.map.lock() {
            m.1.insert(key, v.clone());
        }
        v
    }

    /// Start a new build: what the last build used becomes the lookup set.
    fn rotate(&self) {
        if let Ok(mut m) = self.map.lock() {
            let used = std::mem::take(&mut m.1);
            m.0 = used;
        }
    }
}

/// Caches shared by successive builds of one site (see the module docs).
#[derive(Default)]
pub struct BuildCache {
    /// A one-off build gains nothing from caching; `off()` skips the bookkeeping.
    off: bool,
    front_matter: Memo<ParsedFrontMatter>,
    analysis: Memo<Arc<Analysis>>,
    markdown: Memo<Arc<Rendered>>,
    links: Memo<Arc<LinkResult>>,
    matchers: Memo<Arc<Matcher>>,
    output_space: Memo<Arc<Vec<Diagnostic>>>,
    pages: Memo<Arc<[u8]>>,
    templates: Memo<Arc<HashMap<String, u64>>>,
    /// The markdown step's key of each body this build made, by the body's address
    /// (the bodies are alive for the whole build): stands for the body in the keys of
    /// the pages that show it.
    bodies: Mutex<HashMap<usize, u64>>,
    /// Source texts by path relative to the root, kept only when a file watcher
    /// reports every change ([`BuildCache::watched`]); see [`BuildCache::forget_files`].
    texts: Option<Mutex<HashMap<String, HashedText>>>,
    /// The hash of each text this build read, by the text's address (see [`TextKeys`]).
    hashes: Mutex<HashMap<usize, u64>>,
}

impl BuildCache {
    /// A cache that stores nothing (for one-off builds).
    pub(crate) fn off() -> Self {
        BuildCache { off: true, ..Default::default() }
    }

    /// Run `step` on `input`, or return what an earlier build computed from an equal
    /// input, with the input's key (0 when the cache is off: no key is computed). A
    /// step's result is keyed by everything it reads, since it reads only `input`.
    pub(crate) fn run<I: Hash, T: Clone>(&self, memo: &Memo<T>, input: &I, step: fn(&I) -> T) -> Made<T> {
        if self.off {
            return Made { value: step(input), key: 0 };
        }
        let k = key(input);
        Made { value: memo.get_or(k, || step(input)), key: k }
    }

    /// A cache for the dev server, whose watcher reports every changed path: source
    /// texts are kept between builds and read again only after [`Self::forget_files`].
    pub fn watched() -> Self {
        BuildCache { texts: Some(Mutex::new(HashMap::new())), ..Default::default() }
    }

    /// The text of the source file at `rel` (relative to the site root): from the
    /// cache, or read by `read` and kept. Its hash is kept for this build's keys.
    pub(crate) fn text<E>(&self, rel: &str, read: impl FnOnce() -> Result<String, E>) -> Result<Arc<str>, E> {
        let Some(texts) = &self.texts else {
            return read().map(|t| self.shared(t));
        };
        let kept = texts.lock().ok().and_then(|m| m.get(rel).cloned());
        let (text, hash) = match kept {
            Some(t) => t,
            None => {
                let t = self.hashed(read()?);
                if let Ok(mut m) = texts.lock() {
                    m.insert(rel.to_string(), t.clone());
                }
                t
            }
        };
        self.record(&text, hash);
        Ok(text)
    }

    /// A text read outside the store, shared; hashed for this build's keys when the
    /// cache is on.
    pub(crate) fn shared(&self, text: String) -> Arc<str> {
        let (text, hash) = self.hashed(text);
        self.record(&text, hash);
        text
    }

    /// A text with its hash (0 when the cache is off).
    fn hashed(&self, text: String) -> HashedText {
        let h = if self.off { 0 } else { key(&text) };
        (Arc::from(text), h)
    }

    /// Keep a text's hash for this build's [`TextKeys`].
    fn record(&self, text: &Arc<str>, hash: u64) {
        if self.off {
            return;
        }
        if let Ok(mut h) = self.hashes.lock() {
            h.insert(address(text), hash);
        }
    }

    /// Changed paths (relative to the root, `/` separators): their texts, and those
    /// of any file under them (a renamed or deleted folder), are read again.
    pub fn forget_files<'a>(&self, rels: impl IntoIterator<Item = &'a str>) {
        if let Some(Ok(mut m)) = self.texts.as_ref().map(|t| t.lock()) {
            for rel in rels {
                let rel = rel.trim_end_matches('/');
                m.remove(rel);
                let folder = format!("{rel}/");
                m.retain(|k, _| !k.starts_with(&folder));
            }
        }
    }

    /// Anything may have changed (a rescan, a watcher error): read every file again.
    pub(crate) fn forget_all_files(&self) {
        if let Some(Ok(mut m)) = self.texts.as_ref().map(|t| t.lock()) {
            m.clear();
        }
    }

    pub(crate) fn start_build(&self) {
        self.front_matter.rotate();
        self.analysis.rotate();
        self.markdown.rotate();
        self.links.rotate();
        self.matchers.rotate();
        self.output_space.rotate();
        self.pages.rotate();
        self.templates.rotate();
        if let Ok(mut b) = self.bodies.lock() {
            b.clear();
        }
        if let Ok(mut h) = self.hashes.lock() {
            h.clear();
        }
    }

    /// A value for a step's input, fingerprinted by its own hash (derived from the
    /// value, taken here once however many inputs hold it; 0, and not computed, when
    /// the cache is off).
    pub(crate) fn by_hash<'a, T: Hash + ?Sized>(&self, value: &'a T) -> Fingerprinted<'a, T> {
        let fingerprint = if self.off { 0 } else { key(&value) };
        Fingerprinted { value, fingerprint }
    }

    /// A file's parsed front matter (body offset and keys), or its errors.
    pub(crate) fn front_matter<I: Hash>(&self, input: &I, step: fn(&I) -> ParsedFrontMatter) -> ParsedFrontMatter {
        self.run(&self.front_matter, input, step).value
    }

    /// A page body's analysis (headings, links, words).
    pub(crate) fn analysis<I: Hash>(&self, input: &I, step: fn(&I) -> Arc<Analysis>) -> Made<Arc<Analysis>> {
        self.run(&self.analysis, input, step)
    }

    /// A page's checked and rewritten links with their diagnostics.
    pub(crate) fn links<I: Hash>(&self, input: &I, step: fn(&I) -> Arc<LinkResult>) -> Made<Arc<LinkResult>> {
        self.run(&self.links, input, step)
    }

    /// The glossary's matcher of names in page texts.
    pub(crate) fn matcher<I: Hash>(&self, input: &I, step: fn(&I) -> Arc<Matcher>) -> Made<Arc<Matcher>> {
        self.run(&self.matchers, input, step)
    }

    /// The problems of the output paths every page, file and alias claims.
    pub(crate) fn output_space<I: Hash>(
        &self,
        input: &I,
        step: fn(&I) -> Arc<Vec<Diagnostic>>,
    ) -> Arc<Vec<Diagnostic>> {
        self.run(&self.output_space, input, step).value
    }

    /// A page body's HTML (its key is kept for the template step's keys).
    pub(crate) fn markdown<I: Hash>(&self, input: &I, step: fn(&I) -> Arc<Rendered>) -> Arc<Rendered> {
        let Made { value: body, key: k } = self.run(&self.markdown, input, step);
        if !self.off {
            if let Ok(mut b) = self.bodies.lock() {
                b.insert(pages::address_of(&body), k);
            }
        }
        body
    }
}

impl TextSource for BuildCache {
    fn text(&self, rel: &str, read: &dyn Fn() -> Result<String, ReadError>) -> Result<Arc<str>, ReadError> {
        BuildCache::text(self, rel, read)
    }

    fn shared(&self, text: String) -> Arc<str> {
        BuildCache::shared(self, text)
    }
}

/// The key of each source text, found by the text itself: `load` shares each file's
/// text as one `Arc<str>`, which the documents and pages made from the file keep, so
/// a page's text finds the hash the layer took when it read the file, without the
/// model carrying it. A text that no
/// file holds (a generated section's) is hashed here. Nothing is hashed when the cache
/// is off.
pub(crate) struct TextKeys {
    /// Text allocation's address → its file's hash.
    by_text: HashMap<usize, u64>,
    off: bool,
}

impl BuildCache {
    /// The keys of the texts of `files` (as this build read them; `files` are alive,
    /// so their addresses are theirs).
    pub(crate) fn text_keys(&self, files: &[SourceFile]) -> TextKeys {
        let hashes = match self.hashes.lock() {
            Ok(h) if !self.off => h,
            _ => return TextKeys { by_text: HashMap::new(), off: self.off },
        };
        let by_text = files
            .iter()
            .filter_map(|f| {
                let a = address(&f.text);
                hashes.get(&a).map(|&h| (a, h))
            })
            .collect();
        TextKeys { by_text, off: self.off }
    }
}

impl TextKeys {
    /// `text` with its key, for a step's input.
    pub(crate) fn of<'t>(&self, text: &'t Arc<str>) -> Fingerprinted<'t, str> {
        let fingerprint =
            if self.off { 0 } else { self.by_text.get(&address(text)).copied().unwrap_or_else(|| key(&text.as_ref())) };
        Fingerprinted { value: text, fingerprint }
    }
}

/// Where a shared text lives: the sources are alive for the whole build, so no other
/// text has this address meanwhile.
fn address(text: &Arc<str>) -> usize {
    Arc::as_ptr(text) as *const u8 as usize
}

/// A value in a step's input, hashed by a fingerprint computed from it once, so that an
/// input holding it is not hashed again in full. Made only here (see the module docs):
/// a source text by its xxh3 ([`TextKeys::of`]), a value a step made by the step's key
/// ([`Made::carry`]), any other value by its own derived hash ([`BuildCache::by_hash`]).
pub(crate) struct Fingerprinted<'a, T: ?Sized> {
    pub(crate) value: &'a T,
    fingerprint: u64,
}

impl<T: ?Sized> Clone for Fingerprinted<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Fingerprinted<'_, T> {}

/// A memoized step's result with the key of its input: the key stands for the result
/// in later steps' inputs (0 when the cache is off).
#[derive(Clone)]
pub(crate) struct Made<T> {
    value: T,
    key: u64,
}

impl<T> Made<T> {
    pub(crate) fn value(&self) -> &T {
        &self.value
    }

    /// The result, or a part of it, for a later step's input, fingerprinted by the key
    /// of the step that made it: the step's input fixes everything it made.
    pub(crate) fn carry<U: ?Sized>(&self, part: impl FnOnce(&T) -> &U) -> Fingerprinted<'_, U> {
        Fingerprinted { value: part(&self.value), fingerprint: self.key }
    }
}

impl<T: ?Sized> Hash for Fingerprinted<'_, T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

/// Collects the bytes a value hashes into, to hash them in one call at the end
/// (xxh3 one-shot is fast; its streaming form pays for every small write).
#[derive(Default)]
struct ByteSink(Vec<u8>);

impl Hasher for ByteSink {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

impl std::io::Write for ByteSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Hash any hashable inputs into one key (xxh3: fast on the large texts hashed here,
/// and of good quality, since a collision would serve a stale page).
pub(crate) fn key(parts: &impl Hash) -> u64 {
    let mut h = ByteSink::default();
    parts.hash(&mut h);
    h.finish()
}

/// Hash a serializable value (a template's view) into one key: serde_json writes it
/// straight into the hashed buffer, no text is built. JSON is an exact encoding of
/// the value (every string quoted and escaped, every map key written, one spelling
/// per number), so two different views never write the same bytes; and it is
/// deterministic, since the views hold no hash maps (site.toml's `extra` is a sorted
/// table).
pub(crate) fn key_of(value: &impl serde::Serialize) -> u64 {
    let mut w = ByteSink::default();
    if serde_json::to_writer(&mut w, value).is_err() {
        // A value JSON cannot hold (a map with non-string keys): never the same key as
        // a value it can, and never reused.
        w.0.clear();
        w.0.extend_from_slice(&std::process::id().to_le_bytes());
        w.0.extend_from_slice(&FAILED.fetch_add(1, std::sync::atomic::Ordering::Relaxed).to_le_bytes());
        w.0.push(0xff);
    }
    w.finish()
}

/// Counts views that could not be hashed, so each gets a key of its own.
static FAILED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct View<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        extra: toml::Table,
    }

    fn view<'a>(title: &'a str, tags: Vec<&'a str>, extra: &str) -> View<'a> {
        View { title, tags, extra: toml::from_str(extra).unwrap() }
    }

    #[test]
    fn key_of_is_stable_and_sees_every_field() {
        let a = key_of(&view("A", vec!["x", "y"], "k = 1\nj = 2"));
        assert_eq!(a, key_of(&view("A", vec!["x", "y"], "j = 2\nk = 1")), "the same value, the same key");
        for other in [
            view("B", vec!["x", "y"], "k = 1\nj = 2"),
            view("A", vec!["x"], "k = 1\nj = 2"),
            view("A", vec!["xy"], "k = 1\nj = 2"),
            view("A", vec!["x", "y"], "k = 1\nj = 3"),
            view("A", vec!["x", "y"], "k = 1"),
            view("A\",\"tags\":[\"x", vec!["y"], "k = 1\nj = 2"),
        ] {
            assert_ne!(a, key_of(&other), "a different value, a different key");
        }
    }

    /// bincode 1.x is unmaintained (RUSTSEC-2025-0141): cache keys do not use it.
    #[test]
    fn bincode_is_not_a_dependency() {
        let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
        let manifest: toml::Table = toml::from_str(&manifest).unwrap();
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            let deps = manifest.get(section).and_then(|d| d.as_table());
            assert!(deps.is_none_or(|d| !d.contains_key("bincode")), "bincode is in [{section}]");
        }
    }
}
