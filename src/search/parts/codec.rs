//! The bytes of a Pagefind bundle, for [`super`]'s join: the records of its index
//! chunks, meta and filter files (Pagefind's CBOR layout), their SHA-1 names and their
//! compression (gzip at `Compression::best()` after the `pagefind_dcd` marker), read and
//! written exactly as Pagefind does.

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use minicbor::{Decoder, Encoder};
use sha1::{Digest, Sha1};

use super::{Res, MARKER};

/// The locations of a word on one page, kept as the part's encoded bytes: the arrays of
/// positions (weight changes as negative markers) and of positions in meta fields (field
/// changes as negative markers), `raw` in the part's decompressed chunk `chunk`.
pub(super) struct Page {
    pub(super) number: u64,
    pub(super) chunk: u32,
    pub(super) raw: (u32, u32),
    /// How many locations in both arrays (for the chunk size).
    pub(super) count: u32,
    /// The part the page comes from (its meta fields may need renumbering).
    pub(super) part: u32,
}

/// A spelling of a word with diacritics, and its pages.
pub(super) struct Variant {
    pub(super) form: String,
    pub(super) pages: Vec<Page>,
}

pub(super) struct Word {
    pub(super) word: String,
    pub(super) pages: Vec<Page>,
    pub(super) variants: Vec<Variant>,
}

/// A part's `pf_meta` file.
pub(super) struct Meta {
    pub(super) version: String,
    /// Fragment hash, word count, group hash.
    pub(super) pages: Vec<(String, u32, String)>,
    /// Index chunks: first word, last word, hash.
    pub(super) chunks: Vec<(String, String, String)>,
    /// Filter name, hash.
    pub(super) filters: Vec<(String, String)>,
    pub(super) sorts: u64,
    pub(super) meta_fields: Vec<String>,
}

/// An index chunk: its words with their pages' numbers as deltas.
pub(super) fn encode_words(words: Vec<Word>, sources: &[Vec<u8>], fields: &[Option<Vec<i32>>]) -> Res<Vec<u8>> {
    let mut e = Encoder::new(Vec::new());
    enc(e.array(1).and_then(|e| e.array(words.len() as u64)))?;
    for word in &words {
        enc(e.array(3).and_then(|e| e.str(&word.word)))?;
        encode_pages(&mut e, &word.pages, sources, fields)?;
        enc(e.array(word.variants.len() as u64))?;
        for variant in &word.variants {
            enc(e.array(2).and_then(|e| e.str(&variant.form)))?;
            encode_pages(&mut e, &variant.pages, sources, fields)?;
        }
    }
    Ok(e.into_writer())
}

/// A word's pages: numbers as deltas, locations as the part wrote them (meta field
/// markers renumbered where the part's fields are numbered otherwise).
pub(super) fn encode_pages(
    e: &mut Encoder<Vec<u8>>,
    pages: &[Page],
    sources: &[Vec<u8>],
    fields: &[Option<Vec<i32>>],
) -> Res<()> {
    enc(e.array(pages.len() as u64))?;
    let mut last = 0;
    for page in pages {
        enc(e.array(3).and_then(|e| e.u64(page.number - last)))?;
        last = page.number;
        let raw = &sources[page.chunk as usize][page.raw.0 as usize..page.raw.1 as usize];
        let Some(Some(map)) = fields.get(page.part as usize) else {
            e.writer_mut().extend_from_slice(raw);
            continue;
        };
        let d = &mut Decoder::new(raw);
        let locs = decode_i32s(d)?;
        let meta_locs = decode_i32s(d)?;
        enc(e.array(locs.len() as u64))?;
        for loc in locs {
            enc(e.i32(loc))?;
        }
        enc(e.array(meta_locs.len() as u64))?;
        for loc in meta_locs {
            let loc = if loc < 0 { -map.get((-loc - 1) as usize).copied().unwrap_or(0) - 1 } else { loc };
            enc(e.i32(loc))?;
        }
    }
    Ok(())
}

pub(super) fn enc<T, E: std::fmt::Display>(r: Result<T, E>) -> Res<()> {
    r.map(|_| ()).map_err(|e| format!("search index: cannot encode the index: {e}"))
}

pub(super) fn dec<T>(r: Result<T, minicbor::decode::Error>) -> Res<T> {
    r.map_err(|e| format!("search index: a part of the index is not as expected: {e}"))
}

/// A definite array's length.
pub(super) fn array(d: &mut Decoder) -> Res<usize> {
    dec(d.array())?.map(|n| n as usize).ok_or_else(|| "search index: an indefinite array in the index".to_string())
}

/// A definite array of `n` elements (a struct of `n` fields).
pub(super) fn fields(d: &mut Decoder, n: usize) -> Res<()> {
    match array(d)? {
        len if len == n => Ok(()),
        len => Err(format!("search index: a record of {len} fields in the index, {n} expected")),
    }
}

pub(super) fn text(d: &mut Decoder) -> Res<String> {
    dec(d.str()).map(str::to_string)
}

pub(super) fn decode_meta(bytes: &[u8]) -> Res<Meta> {
    let d = &mut Decoder::new(bytes);
    fields(d, 6)?;
    let version = text(d)?;
    let mut pages = Vec::new();
    for _ in 0..array(d)? {
        fields(d, 3)?;
        pages.push((text(d)?, dec(d.u32())?, text(d)?));
    }
    let mut chunks = Vec::new();
    for _ in 0..array(d)? {
        fields(d, 3)?;
        chunks.push((text(d)?, text(d)?, text(d)?));
    }
    let mut filters = Vec::new();
    for _ in 0..array(d)? {
        fields(d, 2)?;
        filters.push((text(d)?, text(d)?));
    }
    let sorts = array(d)? as u64;
    if sorts > 0 {
        return Ok(Meta { version, pages, chunks, filters, sorts, meta_fields: Vec::new() });
    }
    let mut meta_fields = Vec::new();
    for _ in 0..array(d)? {
        meta_fields.push(text(d)?);
    }
    Ok(Meta { version, pages, chunks, filters, sorts, meta_fields })
}

pub(super) fn decode_words(bytes: &[u8], chunk: u32) -> Res<Vec<Word>> {
    let d = &mut Decoder::new(bytes);
    fields(d, 1)?;
    let n = array(d)?;
    let mut words = Vec::with_capacity(n);
    for _ in 0..n {
        fields(d, 3)?;
        let word = text(d)?;
        let pages = decode_pages(d, chunk)?;
        let mut variants = Vec::new();
        for _ in 0..array(d)? {
            fields(d, 2)?;
            let form = text(d)?;
            variants.push(Variant { form, pages: decode_pages(d, chunk)? });
        }
        words.push(Word { word, pages, variants });
    }
    Ok(words)
}

pub(super) fn decode_pages(d: &mut Decoder, chunk: u32) -> Res<Vec<Page>> {
    let n = array(d)?;
    let mut pages = Vec::with_capacity(n);
    for _ in 0..n {
        fields(d, 3)?;
        let number = dec(d.u64())?;
        let start = d.position() as u32;
        let mut count = 0;
        for _ in 0..2 {
            let len = array(d)?;
            for _ in 0..len {
                dec(d.skip())?;
            }
            count += len as u32;
        }
        pages.push(Page { number, chunk, raw: (start, d.position() as u32), count, part: 0 });
    }
    Ok(pages)
}

pub(super) fn decode_i32s(d: &mut Decoder) -> Res<Vec<i32>> {
    let n = array(d)?;
    (0..n).map(|_| dec(d.i32())).collect()
}

/// A filter file: the filter's name, and each value with its pages.
pub(super) type Filter = (String, Vec<(String, Vec<u64>)>);

pub(super) fn decode_filter(bytes: &[u8]) -> Res<Filter> {
    let d = &mut Decoder::new(bytes);
    fields(d, 2)?;
    let filter = text(d)?;
    let mut values = Vec::new();
    for _ in 0..array(d)? {
        fields(d, 2)?;
        let value = text(d)?;
        let pages = (0..array(d)?).map(|_| dec(d.u64())).collect::<Res<Vec<u64>>>()?;
        values.push((value, pages));
    }
    Ok((filter, values))
}

/// Pagefind's hash of a file: SHA-1, each byte in hex without leading zeros.
pub(super) fn hex_sha1(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(40);
    for b in Sha1::digest(bytes) {
        let _ = write!(out, "{b:x}");
    }
    out
}

/// A compressed file's contents after Pagefind's marker.
pub(super) fn gunzip(bytes: &[u8]) -> Res<Vec<u8>> {
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| format!("search index: a part of the index does not decompress: {e}"))?;
    if !out.starts_with(MARKER) {
        return Err("search index: a part of the index lacks pagefind's marker".to_string());
    }
    out.drain(..MARKER.len());
    Ok(out)
}

/// A file compressed as Pagefind compresses it.
pub(super) fn gzip(data: &[u8]) -> Res<Vec<u8>> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(MARKER)
        .and_then(|_| gz.write_all(data))
        .and_then(|_| gz.finish())
        .map_err(|e| format!("search index: cannot compress the index: {e}"))
}
