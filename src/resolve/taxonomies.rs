//! Taxonomies: closed vocabularies, term pages, and the terms each page names.

use super::add_generated;
use super::add_term_page;
use crate::config::SiteConfig;
use crate::diagnostics::hint_did_you_mean;
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::model::PageId;
use crate::model::Site;
use crate::model::Taxonomy;
use crate::model::TaxonomyId;
use crate::model::Term;
use crate::model::TermId;
use crate::urls::term_id;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;
/// Taxonomies, in phases: list pages, authored term pages (they define the vocabulary's
/// order), terms declared in site.toml, the terms each page names (closed vocabularies
/// checked), spellings that clash, then the final order and the pages' term lists.
pub(super) fn taxonomies(site: &mut Site, config: &SiteConfig, default: Option<&Site>, diags: &mut Vec<Diagnostic>) {
    list_pages(site, config, diags);
    authored_terms(site);
    let mut clashes: Clashes = BTreeMap::new();
    declared_terms(site, config, &mut clashes, diags);
    tag_pages(site, config, &mut clashes, diags);
    report_clashes(site, clashes, diags);
    order_terms(site, config, default);
}

/// Spellings that differ in more than case and spaces but make one term id:
/// (taxonomy, term) → (spelling, where, (page, line, col) of the first use).
type Clashes = BTreeMap<(TaxonomyId, TermId), Vec<TermClash>>;

/// Each taxonomy's list page: authored (`_index.md` at `/<name>/`) or generated.
fn list_pages(site: &mut Site, config: &SiteConfig, diags: &mut Vec<Diagnostic>) {
    for (ti, tc) in config.taxonomies.iter().enumerate() {
        let ti = TaxonomyId::new(ti);
        let list_url = format!("/{}/", tc.name);
        let page = match site.by_url.get(&list_url) {
            Some(&p) if site.pages[p].kind == Kind::TaxonomyList(ti) => p,
            // Any other page at the list's URL is reported as a collision.
            _ => add_generated(site, Kind::TaxonomyList(ti), &list_url, &tc.title, diags).unwrap_or(site.home),
        };
        site.taxonomies.push(Taxonomy { name: tc.name.clone(), title: tc.title.clone(), page, terms: Vec::new() });
    }
}

/// Authored term pages (their kind names their taxonomy), in weight order, so they
/// define the vocabulary's order.
fn authored_terms(site: &mut Site) {
    let mut term_pages: Vec<(PageId, TaxonomyId)> = site
        .ids()
        .zip(&site.pages)
        .filter_map(|(i, p)| match p.kind {
            Kind::TaxonomyTerm(t) if p.rel.is_some() => Some((i, t)),
            _ => None,
        })
        .collect();
    term_pages
        .sort_by_key(|&(i, _)| (site.pages[i].fm.weight, natural_key(site.pages[i].rel.as_deref().unwrap_or(""))));
    for (i, t) in term_pages {
        let stem = site.pages[i].url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
        let name = site.pages[i].fm.title.clone();
        site.taxonomies[t].terms.push(Term { id: stem, name, page: i, tagged: Vec::new() });
    }
}

/// Terms site.toml declares, each with a generated page unless one is authored.
fn declared_terms(site: &mut Site, config: &SiteConfig, clashes: &mut Clashes, diags: &mut Vec<Diagnostic>) {
    for (ti, tc) in config.taxonomies.iter().enumerate() {
        let ti = TaxonomyId::new(ti);
        for name in &tc.terms {
            let id = term_id(name);
            if id.is_empty() {
                diags.push(no_letters_term(crate::config::CONFIG_FILE, (0, 0), &tc.name, name));
                continue;
            }
            if let Some(t) = site.taxonomies[ti].terms.iter().position(|t| t.id == id).map(TermId::new) {
                if !same_term(name, &site.taxonomies[ti].terms[t]) {
                    let entry = clashes.entry((ti, t)).or_default();
                    if !entry.iter().any(|c| loose(&c.0) == loose(name)) {
                        entry.push((name.clone(), crate::config::CONFIG_FILE.to_string(), None));
                    }
                }
            } else {
                let url = format!("/{}/{}/", tc.name, id);
                let page = add_term_page(site, ti, &url, name, diags);
                site.taxonomies[ti].terms.push(Term {
                    id,
                    name: name.clone(),
                    page: page.unwrap_or_default(),
                    tagged: Vec::new(),
                });
            }
        }
    }
}

/// The terms each page names, in reading order: closed vocabularies checked, new terms of
/// open ones created, clashing spellings collected.
fn tag_pages(site: &mut Site, config: &SiteConfig, clashes: &mut Clashes, diags: &mut Vec<Diagnostic>) {
    for i in site.reading_order() {
        let tags: Vec<(String, Vec<String>)> =
            site.pages[i].fm.taxonomies.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (name, values) in tags {
            let Some(ti) = config.taxonomies.iter().position(|t| t.name == name).map(TaxonomyId::new) else { continue };
            for (n, value) in values.iter().enumerate() {
                if let Some(term) = page_term(site, config, (i, ti), (&name, value, n), clashes, diags) {
                    // Pages are visited one at a time, so a repeat can only be the last one.
                    if site.taxonomies[ti].terms[term].tagged.last() != Some(&i) {
                        site.taxonomies[ti].terms[term].tagged.push(i);
                        site.pages[i].terms.push((ti, term));
                    }
                }
            }
        }
    }
}

/// The term page `i` names with `value` in taxonomy `ti` (`name`), or None when the value
/// is reported (no letters, not in a closed vocabulary, a clashing spelling).
fn page_term(
    site: &mut Site,
    config: &SiteConfig,
    (i, ti): (PageId, TaxonomyId),
    (name, value, n): (&str, &str, usize),
    clashes: &mut Clashes,
    diags: &mut Vec<Diagnostic>,
) -> Option<TermId> {
    let closed = config.taxonomies[ti.index()].closed;
    let id = term_id(value);
    if id.is_empty() {
        let p = &site.pages[i];
        let at = p.fm.item_span(&p.text, name, n);
        diags.push(no_letters_term(&p.display, (at.line, at.col), name, value).with_source(&p.text, at.len));
        return None;
    }
    let found = site.taxonomies[ti].terms.iter().position(|t| t.id == id).map(TermId::new);
    match found {
        Some(t) if same_term(value, &site.taxonomies[ti].terms[t]) => Some(t),
        Some(_) | None if closed => {
            report_closed(site, (i, n), name, value, ti, diags);
            None
        }
        Some(t) => {
            let entry = clashes.entry((ti, t)).or_default();
            if !entry.iter().any(|c| loose(&c.0) == loose(value)) {
                let p = &site.pages[i];
                let at = p.fm.item_span(&p.text, name, n);
                entry.push((value.to_string(), format!("{}:{}", p.display, at.line), Some((i, at.line, at.col))));
            }
            None
        }
        None => {
            let url = format!("/{}/{}/", name, id);
            let tidx = TermId::new(site.taxonomies[ti].terms.len());
            let page = add_term_page(site, ti, &url, value, diags)?;
            site.pages[page].parent = Some(site.taxonomies[ti].page);
            site.taxonomies[ti].terms.push(Term { id, name: value.to_string(), page, tagged: Vec::new() });
            Some(tidx)
        }
    }
}

/// One error per term whose spellings differ in more than case and spaces.
fn report_clashes(site: &Site, clashes: Clashes, diags: &mut Vec<Diagnostic>) {
    for ((ti, t), list) in clashes {
        let tax = &site.taxonomies[ti];
        let term = &tax.terms[t];
        let mut all = vec![format!("`{}` ({})", term.name, term_origin(site, term, &tax.name))];
        all.extend(list.iter().map(|(v, at, _)| format!("`{v}` ({at})")));
        let message =
            format!("the `{}` terms {} all make the URL /{}/{}/", tax.name, all.join(", "), tax.name, term.id);
        let (value, at, first_use) = &list[0];
        let mut d = match first_use {
            Some((i, line, col)) => Diagnostic::error(&site.pages[*i].display, *line, *col, message)
                .with_source(&site.pages[*i].text, value.chars().count()),
            None => Diagnostic::error(at.as_str(), 0, 0, message),
        };
        d = d.with_hint(
            "terms that differ only in punctuation or symbols get one URL; rename all but one (e.g. `C++` → `cpp`, `C#` → `csharp`)",
        );
        diags.push(d);
    }
}

/// Open vocabularies sorted (weight, then name), and in a translation then by the
/// default language's order (`default`; its terms first, the others after, each group
/// in its own order); every term's page noted and every page's term list numbered by
/// the final order. A page lists its terms in this language's own order (before the
/// default language's is applied).
fn order_terms(site: &mut Site, config: &SiteConfig, default: Option<&Site>) {
    for tax in &mut site.taxonomies {
        if !config.taxonomy(&tax.name).is_some_and(|c| c.closed) {
            let pages = &site.pages;
            tax.terms.sort_by_key(|t| (pages[t.page].fm.weight, natural_key(&t.name.to_lowercase())));
        }
    }
    let mut tagged: Vec<Vec<(TaxonomyId, TermId)>> = vec![Vec::new(); site.pages.len()];
    for (ti, tax) in TaxonomyId::each(&site.taxonomies) {
        for (k, term) in TermId::each(&tax.terms) {
            for &p in &term.tagged {
                tagged[p.index()].push((ti, k));
            }
        }
    }
    if let Some(d) = default {
        for (ti, (tax, dtax)) in site.taxonomies.iter_mut().zip(&d.taxonomies).enumerate() {
            let ti = TaxonomyId::new(ti);
            let rank = |id: &str| dtax.terms.iter().position(|d| d.id == id).unwrap_or(usize::MAX);
            // A stable sort: terms of equal rank keep their order.
            let mut order: Vec<usize> = (0..tax.terms.len()).collect();
            order.sort_by_key(|&k| rank(&tax.terms[k].id));
            let mut new_index = vec![0; order.len()];
            for (new, &old) in order.iter().enumerate() {
                new_index[old] = new;
            }
            let mut terms: Vec<Option<Term>> = std::mem::take(&mut tax.terms).into_iter().map(Some).collect();
            tax.terms = order.iter().filter_map(|&k| terms[k].take()).collect();
            for pair in tagged.iter_mut().flatten().filter(|pair| pair.0 == ti) {
                pair.1 = TermId::new(new_index[pair.1.index()]);
            }
        }
    }
    site.index_terms();
    for (p, t) in site.pages.iter_mut().zip(tagged) {
        p.terms = t;
    }
}

pub(super) fn report_closed(
    site: &Site,
    (page, n): (PageId, usize),
    name: &str,
    value: &str,
    ti: TaxonomyId,
    diags: &mut Vec<Diagnostic>,
) {
    let p = &site.pages[page];
    let valid: Vec<&str> = site.taxonomies[ti].terms.iter().map(|t| t.id.as_str()).collect();
    let list = valid.join(", ");
    let hint =
        hint_did_you_mean(&term_id(value), valid, &format!(" valid terms: {list}"), || format!("valid terms: {list}"));
    let at = p.fm.item_span(&p.text, name, n);
    let message = format!("`{value}` is not a term of the closed taxonomy `{name}`");
    diags.push(Diagnostic::error_at(&p.display, &p.text, at, message).with_hint(hint));
}

/// A spelling of a term that clashes with another: the spelling, where it is written
/// (for the message), and the page, line and column of its first use.
pub(super) type TermClash = (String, String, Option<(PageId, usize, usize)>);

/// A term name for comparing spellings: lower case, runs of spaces, `-` and `_` as one `-`.
pub(super) fn loose(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let name = name.trim();
    // NFC leaves ASCII as it is.
    let chars: Box<dyn Iterator<Item = char>> =
        if name.is_ascii() { Box::new(name.chars()) } else { Box::new(name.nfc()) };
    for c in chars {
        if c.is_whitespace() || c == '-' || c == '_' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Is `value`, as written on a page or in site.toml, a spelling of `term`? Spellings
/// differ only by case, spaces, `-` and `_`, or are the term's id.
pub(super) fn same_term(value: &str, term: &Term) -> bool {
    let v = loose(value);
    v == loose(&term.name) || v == loose(&term.id)
}

/// Where a term comes from, for messages: its page, the first page that uses it, or site.toml.
pub(super) fn term_origin(site: &Site, term: &Term, taxonomy: &str) -> String {
    let p = &site.pages[term.page];
    if p.rel.is_some() {
        return p.display.clone();
    }
    match term.tagged.first().map(|&i| &site.pages[i]) {
        Some(q) => format!("{}:{}", q.display, q.fm.item_span_of(&q.text, taxonomy, &term.name).line),
        None => crate::config::CONFIG_FILE.to_string(),
    }
}

/// `(line, col)` is (0, 0) for a term of site.toml.
pub(super) fn no_letters_term(file: &str, (line, col): (usize, usize), taxonomy: &str, value: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        line,
        col,
        format!("the `{taxonomy}` term `{value}` has no letters or digits to make a URL from"),
    )
    .with_hint("rename the term so it has a letter or digit")
}

/// Sort key that orders "2" before "10".
pub(super) fn natural_key(s: &str) -> (u64, String) {
    let stem = s.rsplit('/').next().unwrap_or(s).trim_end_matches(".md");
    (stem.parse::<u64>().unwrap_or(u64::MAX), s.to_string())
}
