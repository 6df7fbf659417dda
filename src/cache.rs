//! Memoization across builds, for the dev server.
//!
//! Caches pure functions of the build by a hash of ALL their inputs, so a cached
//! result is exactly what a clean build computes: a rebuild after one edit redoes
//! only the pages whose inputs changed, and its output equals a clean build byte for
//! byte. Entries not used by the latest build are dropped, so memory stays bounded.

use crate::markdown::{Analysis, Rendered};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

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
    analysis: Memo<Analysis>,
    markdown: Memo<Rendered>,
    pages: Memo<std::sync::Arc<Vec<u8>>>,
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
        self.analysis.rotate();
        self.markdown.rotate();
        self.pages.rotate();
    }

    /// A page's rendered HTML, by the hash of its template inputs.
    pub fn page(&self, key: u64) -> Option<std::sync::Arc<Vec<u8>>> {
        self.pages.get(key)
    }

    pub fn put_page(&self, key: u64, html: std::sync::Arc<Vec<u8>>) {
        if !self.off {
            self.pages.put(key, html);
        }
    }

    pub fn analysis(&self, key: u64, compute: impl FnOnce() -> Analysis) -> Analysis {
        if self.off {
            return compute();
        }
        self.analysis.get_or(key, compute)
    }

    pub fn markdown(&self, key: u64, compute: impl FnOnce() -> Rendered) -> Rendered {
        if self.off {
            return compute();
        }
        self.markdown.get_or(key, compute)
    }
}

/// Hash any hashable inputs into one key.
pub fn key(parts: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}
