//! Memoization across builds, for the dev server.
//!
//! Caches pure functions of the build by a hash of ALL their inputs, so a cached
//! result is exactly what a clean build computes: a rebuild after one edit redoes
//! only the pages whose inputs changed, and its output equals a clean build byte for
//! byte. Entries not used by the latest build are dropped, so memory stays bounded.

use crate::diagnostics::Diagnostic;
use crate::front_matter::FrontMatter;
use crate::markdown::{Analysis, Rendered};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::Xxh3Default as KeyHasher;

/// The front matter stage's result for one file: body offset and keys, or errors.
pub type ParsedFrontMatter = Result<(usize, FrontMatter), Vec<Diagnostic>>;

/// A map from input hash to result that keeps only what the last build used.
struct Memo<T> {
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
    pages: Memo<Arc<[u8]>>,
}

impl BuildCache {
    /// A cache that stores nothing (for one-off builds).
    pub fn off() -> Self {
        BuildCache { off: true, ..Default::default() }
    }

    pub fn is_on(&self) -> bool {
        !self.off
    }

    pub fn start_build(&self) {
        self.front_matter.rotate();
        self.analysis.rotate();
        self.markdown.rotate();
        self.pages.rotate();
    }

    /// A page's rendered HTML, by the hash of its template inputs.
    pub fn page(&self, key: u64) -> Option<Arc<[u8]>> {
        self.pages.get(key)
    }

    pub fn put_page(&self, key: u64, html: Arc<[u8]>) {
        if !self.off {
            self.pages.put(key, html);
        }
    }

    /// A file's parsed front matter (body offset and keys), or its errors.
    pub fn front_matter(&self, key: u64, compute: impl FnOnce() -> ParsedFrontMatter) -> ParsedFrontMatter {
        if self.off {
            return compute();
        }
        self.front_matter.get_or(key, compute)
    }

    pub fn analysis(&self, key: u64, compute: impl FnOnce() -> Arc<Analysis>) -> Arc<Analysis> {
        if self.off {
            return compute();
        }
        self.analysis.get_or(key, compute)
    }

    pub fn markdown(&self, key: u64, compute: impl FnOnce() -> Arc<Rendered>) -> Arc<Rendered> {
        if self.off {
            return compute();
        }
        self.markdown.get_or(key, compute)
    }
}

/// Hash any hashable inputs into one key (xxh3: fast on the large texts hashed here,
/// and of good quality, since a collision would serve a stale page).
pub fn key(parts: &impl Hash) -> u64 {
    let mut h = KeyHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// Hash a serializable value (a template's view) into one key, without building a
/// string: bincode writes lengths and raw bytes straight into the hasher.
pub fn key_of(value: &impl serde::Serialize) -> u64 {
    struct HashWriter(KeyHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(KeyHasher::new());
    if bincode::serialize_into(&mut w, value).is_err() {
        // bincode refuses sequences of unknown length; JSON takes anything.
        let mut w = HashWriter(KeyHasher::new());
        w.0.write_u8(1);
        let _ = serde_json::to_writer(&mut w, value);
        return w.0.finish();
    }
    w.0.finish()
}
