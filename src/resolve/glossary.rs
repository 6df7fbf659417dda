//! The glossary: entries, their names and aliases, duplicates and related terms.

use crate::diagnostics::hint_did_you_mean;
use crate::diagnostics::Diagnostic;
use crate::model::GlossaryEntry;
use crate::model::GlossaryId;
use crate::model::Kind;
use crate::model::PageId;
use crate::model::Site;
use std::collections::BTreeMap;
use std::collections::HashMap;
/// Glossary entries, from the glossary term pages in reading order, sorted by title
/// (the glossary's order): their names and duplicates. A term page's kind was given
/// when it was classified (a page without a `definition` is a plain page there, and
/// no entry).
pub(super) fn glossary(site: &mut Site, order: &[PageId], diags: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<String, (GlossaryId, String)> = BTreeMap::new();
    let mut term_pages: Vec<PageId> =
        order.iter().copied().filter(|&i| site.pages[i].kind == Kind::GlossaryTerm).collect();
    term_pages.sort_by(|a, b| site.pages[*a].fm.title.to_lowercase().cmp(&site.pages[*b].fm.title.to_lowercase()));
    for i in term_pages {
        let p = &site.pages[i];
        let id = p.url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
        let term = p.fm.term.clone().unwrap_or_else(|| p.fm.title.clone());
        // Classification gives a page without a definition another kind.
        let Some(definition) = p.fm.definition.clone() else { continue };
        let entry = GlossaryId::new(site.glossary.len());
        for (n, name) in std::iter::once(&term).chain(p.fm.aliases.iter()).enumerate() {
            let key = name.trim().to_lowercase();
            if let Some((other, _)) = names.get(&key) {
                let o = &site.pages[site.glossary[*other].page];
                let at = match n.checked_sub(1) {
                    Some(alias) => p.fm.item_span(&p.text, "aliases", alias),
                    None if p.fm.term.is_some() => p.fm.value_span(&p.text, "term"),
                    None => p.fm.value_span(&p.text, "title"),
                };
                let message = format!("the glossary name `{name}` is used by both {} and {}", o.display, p.display);
                diags.push(
                    Diagnostic::error_at(&p.display, &p.text, at, message)
                        .with_hint("a term or alias may belong to one entry only; remove it from one of them"),
                );
                continue;
            }
            names.insert(key, (entry, p.display.clone()));
        }
        let aliases = p.fm.aliases.clone();
        site.add_entry(GlossaryEntry { id, page: i, term, definition, aliases, used_on: Vec::new() });
    }
}

/// Each glossary entry's pages (those whose rendered prose mentions it), in reading
/// order; an entry no page uses is a warning. Runs once every page is rendered.
pub(crate) fn glossary_usage(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let Site { pages, glossary, .. } = &mut *site;
    for (i, p) in pages.iter().enumerate() {
        for &e in &p.rendered.mentioned {
            if let Some(g) = glossary.get_mut(e) {
                g.used_on.push(PageId::new(i));
            }
        }
    }
    let order: HashMap<PageId, usize> = site.reading_order().into_iter().enumerate().map(|(k, i)| (i, k)).collect();
    for g in &mut site.glossary {
        g.used_on.sort_by_key(|i| order.get(i).copied().unwrap_or(usize::MAX));
        if g.used_on.is_empty() {
            let p = &site.pages[g.page];
            diags.push(
                Diagnostic::warning(&p.display, 1, 1, format!("glossary term `{}` is not used on any page", g.term))
                    .with_hint("use the term in some page's prose, add an alias that pages use, or remove the entry"),
            );
        }
    }
}

/// Related terms name glossary entries of this language or, in a translation, of the
/// original language (the entry links there until it is translated). Runs once the
/// language's fallback site is attached.
pub(crate) fn related_terms(site: &Site, diags: &mut Vec<Diagnostic>) {
    let ids: Vec<String> = site.glossary.iter().map(|g| g.id.clone()).collect();
    let mut known: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    if let Some(f) = site.fallback.as_deref() {
        known.extend(f.glossary.iter().map(|g| g.id.as_str()));
    }
    for g in &site.glossary {
        let p = &site.pages[g.page];
        for (n, r) in p.fm.related.iter().enumerate() {
            if !known.contains(r.as_str()) {
                let hint = hint_did_you_mean(r, known.iter().copied(), "", || {
                    "`related` lists ids (file names without .md) of other glossary pages".into()
                });
                let at = p.fm.item_span(&p.text, "related", n);
                diags.push(
                    Diagnostic::error_at(&p.display, &p.text, at, format!("related term `{r}` does not exist"))
                        .with_hint(hint),
                );
            }
        }
    }
}
