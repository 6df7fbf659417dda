//! One language's pages indexed in parts, on all cores, and the parts' bundles joined into
//! the bundle one Pagefind run over all the pages writes, byte for byte.
//!
//! Pagefind reads and word-splits one page at a time (every `add_html_file` takes the
//! index's lock), and that is most of its work. Each page's reading is its own: its
//! fragment file (text, anchors, meta, filters) depends on that page alone, and the
//! index chunks, filter files and meta file list the pages' words, filter values and
//! fragments by page number. So the pages are given to several Pagefind indexes in URL
//! order, one contiguous part each, and the parts are joined here: pages renumbered
//! after the parts before them, every word's and filter value's pages put together,
//! the words chunked, encoded, hashed and compressed as Pagefind does (its CBOR
//! layout, SHA-1 names and their collision rule, gzip at `Compression::best()` after
//! the `pagefind_dcd` marker), and the fragment files taken as they are. The unit tests
//! compare the joined bundle with one run's, file for file.
//!
//! Where the parts cannot be joined exactly (sort keys, grouped fragments, a part whose
//! pages Pagefind saw in another language) the join returns `None` and the caller
//! indexes the language in one run.

use minicbor::Encoder;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Entry, SearchFile, BUNDLE_DIR};

mod codec;
use codec::*;

/// What Pagefind writes before the contents of every compressed file.
const MARKER: &[u8] = b"pagefind_dcd";

/// Pagefind's default target size of an index chunk (in locations), and the variable
/// that overrides it (Pagefind reads the same).
const DEFAULT_CHUNK_SIZE: usize = 20000;
const CHUNK_SIZE_VAR: &str = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE";

type Res<T> = Result<T, String>;

/// One part's bundle.
struct Part {
    language: String,
    entry: Entry,
    files: BTreeMap<String, Vec<u8>>,
}

impl Part {
    fn new(files: Vec<SearchFile>) -> Res<Option<Part>> {
        let files: BTreeMap<String, Vec<u8>> = files.into_iter().map(|f| (f.path, f.contents)).collect();
        let entry: Entry = serde_json::from_slice(file(&files, "pagefind-entry.json")?)
            .map_err(|e| format!("search index: pagefind's entry file is not as expected: {e}"))?;
        if entry.languages.len() != 1 {
            return Ok(None);
        }
        let language = entry.languages.keys().next().cloned().unwrap_or_default();
        Ok(Some(Part { language, entry, files }))
    }

    fn file(&self, name: &str) -> Res<&[u8]> {
        file(&self.files, name)
    }

    fn meta(&self) -> Res<Meta> {
        let hash = &self.entry.languages[&self.language].hash;
        decode_meta(&gunzip(self.file(&format!("pagefind.{hash}.pf_meta"))?)?)
    }
}

fn file<'a>(files: &'a BTreeMap<String, Vec<u8>>, name: &str) -> Res<&'a [u8]> {
    files
        .get(&format!("{BUNDLE_DIR}/{name}"))
        .map(Vec::as_slice)
        .ok_or_else(|| format!("search index: pagefind did not produce {BUNDLE_DIR}/{name}"))
}

/// The bundle of one Pagefind run over the parts' pages in order, from the parts'
/// bundles; `None` when they cannot be joined exactly.
pub(super) fn join_parts(bundles: Vec<Vec<SearchFile>>) -> Res<Option<Vec<SearchFile>>> {
    let mut parts = Vec::new();
    for bundle in bundles {
        match Part::new(bundle)? {
            Some(part) => parts.push(part),
            None => return Ok(None),
        }
    }
    let Some(first) = parts.first() else { return Ok(None) };
    let language = first.language.clone();
    let metas: Vec<Meta> = parts.par_iter().map(Part::meta).collect::<Res<_>>()?;
    let joinable = parts.iter().all(|p| p.language == language)
        && metas
            .iter()
            .all(|m| m.sorts == 0 && m.version == metas[0].version && m.pages.iter().all(|p| p.2.is_empty()));
    if !joinable {
        return Ok(None);
    }
    let mut out = runtime_files(&parts)?;
    let meta_fields: Vec<String> =
        metas.iter().flat_map(|m| m.meta_fields.iter().cloned()).collect::<BTreeSet<_>>().into_iter().collect();
    let Some(pages) = join_fragments(&parts, &metas, &language, &mut out)? else { return Ok(None) };
    let words = join_words(&parts, &metas, &meta_fields)?;
    let Some(chunks) = write_chunks(words, &language, &mut out)? else { return Ok(None) };
    let Some(filters) = join_filters(&parts, &metas, &language, &mut out)? else { return Ok(None) };

    let mut e = Encoder::new(Vec::new());
    enc(e.array(6).and_then(|e| e.str(&metas[0].version)).and_then(|e| e.array(pages.len() as u64)))?;
    for (hash, word_count) in &pages {
        enc(e.array(3).and_then(|e| e.str(hash)).and_then(|e| e.u32(*word_count)).and_then(|e| e.str("")))?;
    }
    enc(e.array(chunks.len() as u64))?;
    for (from, to, hash) in &chunks {
        enc(e.array(3).and_then(|e| e.str(from)).and_then(|e| e.str(to)).and_then(|e| e.str(hash)))?;
    }
    enc(e.array(filters.len() as u64))?;
    for (filter, hash) in &filters {
        enc(e.array(2).and_then(|e| e.str(filter)).and_then(|e| e.str(hash)))?;
    }
    enc(e.array(0).and_then(|e| e.array(meta_fields.len() as u64)))?;
    for field in &meta_fields {
        enc(e.str(field))?;
    }
    let meta = e.into_writer();
    let meta_hash = format!("{language}_{}", &hex_sha1(&meta)[..language.len() + 8]);
    out.insert(format!("{BUNDLE_DIR}/pagefind.{meta_hash}.pf_meta"), gzip(&meta)?);

    let mut entry = Entry {
        version: parts[0].entry.version.clone(),
        languages: parts[0].entry.languages.clone(),
        include_characters: parts[0].entry.include_characters.clone(),
    };
    if let Some(lang) = entry.languages.get_mut(&language) {
        lang.hash = meta_hash;
        lang.page_count = pages.len() as u64;
    }
    let text = serde_json::to_vec(&entry).map_err(|e| format!("search index: {e}"))?;
    out.insert(format!("{BUNDLE_DIR}/pagefind-entry.json"), text);
    Ok(Some(out.into_iter().map(|(path, contents)| SearchFile { path, contents }).collect()))
}

/// The files that do not depend on the pages (scripts, wasm): the same in every part.
fn runtime_files(parts: &[Part]) -> Res<BTreeMap<String, Vec<u8>>> {
    let paged = |path: &str| {
        let rel = path.strip_prefix(BUNDLE_DIR).unwrap_or(path).trim_start_matches('/');
        rel.ends_with(".pf_meta")
            || rel.starts_with("fragment/")
            || rel.starts_with("index/")
            || rel.starts_with("filter/")
            || rel == "pagefind-entry.json"
    };
    let mut out = BTreeMap::new();
    for part in parts {
        for (path, contents) in part.files.iter().filter(|(p, _)| !paged(p)) {
            match out.get(path) {
                None => {
                    out.insert(path.clone(), contents.clone());
                }
                Some(old) if old == contents => {}
                Some(_) => return Err(format!("search index: two parts of the index differ in {path}")),
            }
        }
    }
    Ok(out)
}

/// Every page's fragment file under the name one run gives it (the first 7 hex digits
/// of its hash, more where that name is taken), in page order: (name, word count).
fn join_fragments(
    parts: &[Part],
    metas: &[Meta],
    language: &str,
    out: &mut BTreeMap<String, Vec<u8>>,
) -> Res<Option<Vec<(String, u32)>>> {
    let listed: Vec<(&Part, &(String, u32, String))> =
        parts.iter().zip(metas).flat_map(|(part, meta)| meta.pages.iter().map(move |p| (part, p))).collect();
    let full: Vec<String> = listed
        .par_iter()
        .map(|(part, page)| {
            let data = gunzip(part.file(&format!("fragment/{}.pf_fragment", page.0))?)?;
            Ok(format!("{language}_{}", hex_sha1(&data)))
        })
        .collect::<Res<_>>()?;
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut pages = Vec::with_capacity(listed.len());
    for (i, ((part, page), full)) in listed.iter().zip(&full).enumerate() {
        let mut len = language.len() + 8;
        while len <= full.len() && taken.contains_key(&full[..len]) {
            len += 1;
        }
        if len > full.len() {
            return Ok(None);
        }
        let short = &full[..len];
        taken.insert(short.to_string(), i);
        let contents = part.file(&format!("fragment/{}.pf_fragment", page.0))?.to_vec();
        out.insert(format!("{BUNDLE_DIR}/fragment/{short}.pf_fragment"), contents);
        pages.push((short.to_string(), page.1));
    }
    Ok(Some(pages))
}

/// Every word of every part, its pages numbered after the parts before it (and its meta
/// fields numbered among every part's fields), sorted by word.
fn join_words(parts: &[Part], metas: &[Meta], meta_fields: &[String]) -> Res<Joined> {
    let decoded: Vec<(Vec<Vec<u8>>, Vec<Word>)> = parts
        .par_iter()
        .zip(metas)
        .map(|(part, meta)| {
            let mut chunks = Vec::new();
            let mut words = Vec::new();
            for chunk in &meta.chunks {
                let bytes = gunzip(part.file(&format!("index/{}.pf_index", chunk.2))?)?;
                words.extend(decode_words(&bytes, chunks.len() as u32)?);
                chunks.push(bytes);
            }
            Ok((chunks, words))
        })
        .collect::<Res<_>>()?;
    let mut all: HashMap<String, Word> = HashMap::new();
    let mut chunks = Vec::new();
    let mut fields = Vec::new();
    let mut offset = 0u64;
    for (part, ((bytes, words), meta)) in decoded.into_iter().zip(metas).enumerate() {
        let map: Vec<i32> =
            meta.meta_fields.iter().map(|f| meta_fields.iter().position(|g| g == f).unwrap_or(0) as i32).collect();
        fields.push((map.iter().enumerate().any(|(i, &f)| i as i32 != f)).then_some(map));
        let base = chunks.len() as u32;
        chunks.extend(bytes);
        for mut word in words {
            renumber(&mut word.pages, offset, base, part as u32);
            for variant in &mut word.variants {
                renumber(&mut variant.pages, offset, base, part as u32);
            }
            match all.get_mut(&word.word) {
                None => {
                    all.insert(word.word.clone(), word);
                }
                Some(old) => {
                    old.pages.append(&mut word.pages);
                    for variant in word.variants {
                        match old.variants.iter_mut().find(|v| v.form == variant.form) {
                            Some(v) => v.pages.extend(variant.pages),
                            None => old.variants.push(variant),
                        }
                    }
                }
            }
        }
        offset += meta.pages.len() as u64;
    }
    let mut words: Vec<Word> = all.into_values().collect();
    words.sort_by(|a, b| a.word.cmp(&b.word));
    Ok(Joined { words, chunks, fields })
}

/// Every part's words put together, with the decompressed chunks their locations are in
/// and, per part, how its meta fields are numbered in the whole (`None`: the same).
struct Joined {
    words: Vec<Word>,
    chunks: Vec<Vec<u8>>,
    fields: Vec<Option<Vec<i32>>>,
}

/// Page numbers from deltas within a part to numbers in the whole; chunk numbers from the
/// part's to the whole's.
fn renumber(pages: &mut [Page], offset: u64, base: u32, part: u32) {
    let mut number = 0;
    for page in pages {
        number += page.number;
        page.number = number + offset;
        page.chunk += base;
        page.part = part;
    }
}

/// Pagefind's chunking of the sorted words, the chunks' encoding and names; returns the
/// meta file's chunk list (first word, last word, name), `None` if a name runs out.
fn write_chunks(
    joined: Joined,
    language: &str,
    out: &mut BTreeMap<String, Vec<u8>>,
) -> Res<Option<Vec<(String, String, String)>>> {
    let Joined { words, chunks: sources, fields } = joined;
    let chunk_size = std::env::var(CHUNK_SIZE_VAR).ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_CHUNK_SIZE);
    let mut chunks: Vec<Vec<Word>> = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for word in words {
        size += word
            .pages
            .iter()
            .chain(word.variants.iter().flat_map(|v| &v.pages))
            .map(|p| p.count as usize + 1)
            .sum::<usize>()
            + word.variants.len();
        chunk.push(word);
        if size >= chunk_size {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    let mut ranges: Vec<(String, String)> = chunks
        .iter()
        .map(|c| {
            (
                c.first().map(|w| w.word.clone()).unwrap_or_default(),
                c.last().map(|w| w.word.clone()).unwrap_or_default(),
            )
        })
        .collect();
    for i in 1..ranges.len() {
        let (to, from) = prefixes(&ranges[i - 1].1, &ranges[i].0);
        if to >= ranges[i - 1].0 {
            ranges[i - 1].1 = to;
        }
        ranges[i].0 = from;
    }
    let encoded: Vec<(Vec<u8>, String, Vec<u8>)> = chunks
        .into_par_iter()
        .map(|chunk| {
            let bytes = encode_words(chunk, &sources, &fields)?;
            let hash = format!("{language}_{}", hex_sha1(&bytes));
            let gz = gzip(&bytes)?;
            Ok((bytes, hash, gz))
        })
        .collect::<Res<_>>()?;
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut list = Vec::with_capacity(encoded.len());
    for ((_, hash, gz), (from, to)) in encoded.into_iter().zip(ranges) {
        let Some(short) = short_name(&hash, language, &names) else { return Ok(None) };
        names.insert(short.clone());
        out.insert(format!("{BUNDLE_DIR}/index/{short}.pf_index"), gz);
        list.push((from, to, short));
    }
    Ok(Some(list))
}

/// The name Pagefind gives an index chunk or filter file of hash `hash`: the language and
/// 7 hex digits, two more at a time while the name is taken.
fn short_name(hash: &str, language: &str, taken: &BTreeSet<String>) -> Option<String> {
    let mut len = language.len() + 8;
    while taken.contains(&hash[..len]) {
        len += 2;
        if len > hash.len() {
            return None;
        }
        if len == hash.len() {
            break;
        }
    }
    Some(hash[..len].to_string())
}

/// The chunk range bounds Pagefind writes between two chunks: the last word of one and
/// the first of the next, each cut one character after their common prefix.
fn prefixes(a: &str, b: &str) -> (String, String) {
    let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (a.chars().take(common + 1).collect(), b.chars().take(common + 1).collect())
}

/// Every filter's values and pages, the pages numbered in the whole; returns the meta
/// file's filter list (name, file name), `None` if a name runs out.
fn join_filters(
    parts: &[Part],
    metas: &[Meta],
    language: &str,
    out: &mut BTreeMap<String, Vec<u8>>,
) -> Res<Option<Vec<(String, String)>>> {
    let mut all: BTreeMap<String, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
    let mut offset = 0u64;
    for (part, meta) in parts.iter().zip(metas) {
        for (_, hash) in &meta.filters {
            let (filter, values) = decode_filter(&gunzip(part.file(&format!("filter/{hash}.pf_filter"))?)?)?;
            let joined = all.entry(filter).or_default();
            for (value, pages) in values {
                joined.entry(value).or_default().extend(pages.into_iter().map(|p| p + offset));
            }
        }
        offset += meta.pages.len() as u64;
    }
    let mut names = BTreeSet::new();
    let mut list = Vec::with_capacity(all.len());
    for (filter, values) in all {
        let mut e = Encoder::new(Vec::new());
        enc(e.array(2).and_then(|e| e.str(&filter)).and_then(|e| e.array(values.len() as u64)))?;
        for (value, pages) in &values {
            enc(e.array(2).and_then(|e| e.str(value)).and_then(|e| e.array(pages.len() as u64)))?;
            for page in pages {
                enc(e.u64(*page))?;
            }
        }
        let bytes = e.into_writer();
        let hash = format!("{language}_{}", hex_sha1(&bytes));
        let Some(short) = short_name(&hash, language, &names) else { return Ok(None) };
        names.insert(short.clone());
        out.insert(format!("{BUNDLE_DIR}/filter/{short}.pf_filter"), gzip(&bytes)?);
        list.push((filter, short));
    }
    Ok(Some(list))
}
