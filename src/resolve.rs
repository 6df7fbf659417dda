//! Resolve: parsed documents in, a [`Site`] out.
//!
//! Decides what each file is (section, page, bundle, glossary term, taxonomy term,
//! training path), gives it a URL, builds the section tree in a stable order, and
//! checks the knowledge-base structures (taxonomy vocabularies, glossary, paths,
//! quizzes) and every internal link. Pure: reads nothing from disk.

use crate::config::SiteConfig;
use crate::diagnostics::{column_of, did_you_mean, hint_did_you_mean, position, Diagnostic, Span};
use crate::front_matter::FrontMatter;
use crate::model::{GlossaryEntry, Kind, Page, Site, Taxonomy, Term, TrainingPath};
use crate::urls::{self, normalize, percent_decode, slugify};
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

/// A parsed content file.
pub struct Doc {
    pub rel: String,
    pub text: std::sync::Arc<str>,
    /// Hash of `text` (see `load::SourceFile::hash`).
    pub text_hash: u64,
    pub body_offset: usize,
    /// Shared with the dev server's cache (front matter is parsed once per version of a file).
    pub fm: std::sync::Arc<FrontMatter>,
    /// A translation's own path (`rel` is then its original's, see `crate::i18n`).
    pub source: Option<String>,
}

/// Build the site structure: kinds, URLs, tree, taxonomies, glossary, paths.
pub fn structure(config: &SiteConfig, docs: Vec<Doc>, drafts: Vec<String>, diags: &mut Vec<Diagnostic>) -> Site {
    let mut site = Site { drafts: drafts.into_iter().collect(), ..Default::default() };
    for doc in docs {
        let (kind, url) = match classify(config, &doc) {
            Ok(k) => k,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let page = Page {
            display: format!("content/{}", doc.source.as_deref().unwrap_or(&doc.rel)),
            rel: Some(doc.rel),
            text: doc.text,
            text_hash: doc.text_hash,
            body_offset: doc.body_offset,
            fm: doc.fm,
            kind: Some(kind),
            url,
            ..Default::default()
        };
        add_page(&mut site, page, diags);
    }
    if !site.by_url.contains_key("/") {
        let title = config.title.clone();
        add_generated(&mut site, Kind::Home, "/", &title, diags);
    }
    site.home = site.by_url.get("/").copied().unwrap_or(0);
    ensure_glossary_index(&mut site, config, diags);
    if config.search.enabled {
        add_generated(&mut site, Kind::Search, "/search/", "Search", diags);
    }
    add_generated(&mut site, Kind::NotFound, "/404.html", "Page not found", diags);
    link_tree(&mut site);
    taxonomies(&mut site, config, diags);
    for i in 0..site.pages.len() {
        if site.pages[i].parent.is_none() && i != site.home {
            site.pages[i].parent = Some(match site.pages[i].kind() {
                Kind::TaxonomyTerm(t, _) => site.taxonomies.get(t).map(|t| t.page).unwrap_or(site.home),
                _ => site.home,
            });
        }
    }
    glossary(&mut site, config, diags);
    site
}

fn classify(config: &SiteConfig, doc: &Doc) -> Result<(Kind, String), Diagnostic> {
    let rel = doc.rel.as_str();
    let (dir, file) = match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    };
    let display = format!("content/{rel}");
    let no_letters = |name: &str, fix: &str| {
        Diagnostic::error(
            &display,
            0,
            0,
            format!("`{name}` has no letters or digits to make a URL from (it would become `_`)"),
        )
        .with_hint(fix.to_string())
    };
    let mut segments = Vec::new();
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        match url_segment(seg) {
            Some(s) => segments.push(s),
            None => return Err(no_letters(seg, "rename the folder so its name has a letter or digit")),
        }
    }
    let dir_url = segments.join("/");
    let join = |last: &str| {
        if dir_url.is_empty() {
            format!("/{last}/")
        } else if last.is_empty() {
            format!("/{dir_url}/")
        } else {
            format!("/{dir_url}/{last}/")
        }
    };
    let taxonomy = config.taxonomies.iter().position(|t| t.name == dir);
    if file == "_index.md" {
        let kind = if dir.is_empty() {
            Kind::Home
        } else if dir == config.glossary.section {
            Kind::GlossaryIndex
        } else if let Some(t) = taxonomy {
            Kind::TaxonomyList(t)
        } else if !doc.fm.modules.is_empty() {
            Kind::TrainingPath(0)
        } else {
            Kind::Section
        };
        let url = if dir.is_empty() { "/".to_string() } else { join("") };
        return Ok((kind, url));
    }
    if file == "index.md" && !dir.is_empty() {
        // A bundle: the folder is the page.
        let (pdir, last) = match dir_url.rfind('/') {
            Some(i) => (&dir_url[..i], &dir_url[i + 1..]),
            None => ("", dir_url.as_str()),
        };
        let last = doc.fm.slug.clone().unwrap_or_else(|| last.to_string());
        let url = if pdir.is_empty() { format!("/{last}/") } else { format!("/{pdir}/{last}/") };
        return Ok((Kind::Page, url));
    }
    let stem = file.trim_end_matches(".md");
    let last = match (&doc.fm.slug, url_segment(stem)) {
        (Some(slug), _) => slug.clone(),
        (None, Some(s)) => s,
        (None, None) => {
            return Err(no_letters(file, "rename the file so its name has a letter or digit, or give it a `slug`"))
        }
    };
    let kind = if dir == config.glossary.section {
        Kind::GlossaryTerm(0)
    } else if let Some(t) = taxonomy {
        Kind::TaxonomyTerm(t, usize::MAX)
    } else {
        Kind::Page
    };
    Ok((kind, join(&last)))
}

/// A URL segment from a file or folder name: kept if plain, slugified otherwise;
/// `None` if no letter or digit is left to make one from (`..`, `🎉`, spaces).
fn url_segment(s: &str) -> Option<String> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Some(s.to_string())
    } else {
        Some(slugify(s)).filter(|slug| !slug.is_empty())
    }
}

fn add_page(site: &mut Site, page: Page, diags: &mut Vec<Diagnostic>) -> Option<usize> {
    let idx = site.pages.len();
    if let Err(e) = urls::url_to_output(&page.url) {
        diags.push(
            Diagnostic::error(&page.display, 1, 1, format!("the output path for `{}` {}", page.url, e.0))
                .with_hint("rename the file or change its `slug`"),
        );
        return None;
    }
    if let Some(&other) = site.by_url.get(&page.url) {
        let o = &site.pages[other];
        if page.rel.is_none() {
            // A content page sits where primer generates one.
            diags.push(
                Diagnostic::error(
                    &o.display,
                    1,
                    1,
                    format!(
                        "{} takes the URL {}, where primer generates {} “{}”",
                        o.display,
                        page.url,
                        generated_what(page.kind()),
                        page.fm.title
                    ),
                )
                .with_hint("rename the file or give it a different `slug`; the generated page cannot move"),
            );
            return None;
        }
        diags.push(
            Diagnostic::error(
                &page.display,
                1,
                1,
                format!("{} and {} both map to the URL {}", o.display, page.display, page.url),
            )
            .with_hint("rename one of the files or give one a different `slug`"),
        );
        return None;
    }
    site.by_url.insert(page.url.clone(), idx);
    if let Some(rel) = &page.rel {
        site.by_rel.insert(rel.clone(), idx);
    }
    site.pages.push(page);
    Some(idx)
}

/// What a generated page is, for messages.
fn generated_what(kind: Kind) -> &'static str {
    match kind {
        Kind::Home => "the home page",
        Kind::GlossaryIndex => "the glossary index",
        Kind::TaxonomyList(_) => "the list of a taxonomy",
        Kind::TaxonomyTerm(..) => "the page of a taxonomy term",
        Kind::Search => "the search page",
        Kind::NotFound => "the 404 page",
        _ => "a page",
    }
}

fn add_generated(site: &mut Site, kind: Kind, url: &str, title: &str, diags: &mut Vec<Diagnostic>) -> Option<usize> {
    if let Some(&i) = site.by_url.get(url) {
        if site.pages[i].kind() == kind {
            return Some(i);
        }
    }
    let page = Page {
        display: format!("(generated {url})"),
        fm: std::sync::Arc::new(FrontMatter { title: title.to_string(), ..Default::default() }),
        kind: Some(kind),
        url: url.to_string(),
        ..Default::default()
    };
    add_page(site, page, diags)
}

fn ensure_glossary_index(site: &mut Site, config: &SiteConfig, diags: &mut Vec<Diagnostic>) {
    let has_terms = site.pages.iter().any(|p| matches!(p.kind(), Kind::GlossaryTerm(_)));
    let section = url_segment(&config.glossary.section).unwrap_or_else(|| config.glossary.section.clone());
    let url = format!("/{section}/");
    // An authored glossary index is `_index.md` in the section; any other page there is a collision.
    if has_terms && site.by_url.get(&url).is_none_or(|&i| site.pages[i].kind() != Kind::GlossaryIndex) {
        add_generated(site, Kind::GlossaryIndex, &url, "Glossary", diags);
    }
}

/// Parents, children and their order (weight, then title, then path).
fn link_tree(site: &mut Site) {
    let n = site.pages.len();
    let mut section_dirs: HashMap<String, usize> = HashMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        if let Some(rel) = &p.rel {
            if rel == "_index.md" {
                section_dirs.insert(String::new(), i);
            } else if let Some(dir) = rel.strip_suffix("/_index.md") {
                section_dirs.insert(dir.to_string(), i);
            }
        }
    }
    for i in 0..n {
        if i == site.home {
            continue;
        }
        let parent = match &site.pages[i].rel {
            Some(rel) => {
                let mut dir = parent_dir(rel);
                if rel.ends_with("_index.md") || rel.ends_with("/index.md") {
                    dir = parent_dir(&dir);
                }
                loop {
                    if let Some(&s) = section_dirs.get(&dir) {
                        break s;
                    }
                    if dir.is_empty() {
                        break site.home;
                    }
                    dir = parent_dir(&dir);
                }
            }
            None => continue,
        };
        if parent == i {
            continue;
        }
        site.pages[i].parent = Some(parent);
        let k = site.pages[i].kind();
        let is_section =
            matches!(k, Kind::Section | Kind::GlossaryIndex | Kind::TaxonomyList(_) | Kind::TrainingPath(_));
        let authored = site.pages[i].rel.is_some();
        if !authored || matches!(k, Kind::TaxonomyTerm(..)) {
            continue;
        }
        if is_section {
            site.pages[parent].subsections.push(i);
        } else if matches!(k, Kind::Page | Kind::GlossaryTerm(_)) {
            site.pages[parent].pages.push(i);
        }
    }
    let keys: Vec<(i64, String, String)> = site
        .pages
        .iter()
        .map(|p| (p.fm.weight, p.fm.title.to_lowercase(), p.rel.clone().unwrap_or_default()))
        .collect();
    for p in &mut site.pages {
        p.pages.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
        p.subsections.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    }
    // Taxonomy lists are reached from the footer and from tags; the menu keeps sections.
    site.menu = site.pages[site.home]
        .subsections
        .iter()
        .copied()
        .filter(|&s| !matches!(site.pages[s].kind(), Kind::TaxonomyList(_)))
        .collect();
}

fn parent_dir(rel: &str) -> String {
    rel.rfind('/').map(|i| rel[..i].to_string()).unwrap_or_default()
}

/// Taxonomies: term pages, vocabulary checks, tagged pages.
fn taxonomies(site: &mut Site, config: &SiteConfig, diags: &mut Vec<Diagnostic>) {
    for (ti, tc) in config.taxonomies.iter().enumerate() {
        let list_url = format!("/{}/", tc.name);
        let page = match site.by_url.get(&list_url) {
            Some(&p) if site.pages[p].kind() == Kind::TaxonomyList(ti) => p,
            // Any other page at the list's URL is reported as a collision.
            _ => add_generated(site, Kind::TaxonomyList(ti), &list_url, &tc.title, diags).unwrap_or(site.home),
        };
        site.taxonomies.push(Taxonomy { name: tc.name.clone(), title: tc.title.clone(), page, terms: Vec::new() });
    }
    // Term pages first, in weight order, so they define the vocabulary's order.
    let mut term_pages: Vec<usize> =
        (0..site.pages.len()).filter(|&i| matches!(site.pages[i].kind(), Kind::TaxonomyTerm(..))).collect();
    term_pages.sort_by_key(|&i| (site.pages[i].fm.weight, natural_key(site.pages[i].rel.as_deref().unwrap_or(""))));
    for i in term_pages {
        let Kind::TaxonomyTerm(t, _) = site.pages[i].kind() else { continue };
        let stem = site.pages[i].url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
        let name = site.pages[i].fm.title.clone();
        let ti = site.taxonomies[t].terms.len();
        site.taxonomies[t].terms.push(Term { id: stem, name, page: i, tagged: Vec::new() });
        site.pages[i].kind = Some(Kind::TaxonomyTerm(t, ti));
    }
    // Spellings that differ in more than case and spaces but make one term id:
    // (taxonomy, term) → (spelling, where, (page, line, col) of the first use).
    let mut clashes: BTreeMap<(usize, usize), Vec<TermClash>> = BTreeMap::new();
    for (ti, tc) in config.taxonomies.iter().enumerate() {
        for name in &tc.terms {
            let id = term_id(name);
            if id.is_empty() {
                diags.push(no_letters_term(crate::config::CONFIG_FILE, 0, &tc.name, name));
                continue;
            }
            if let Some(t) = site.taxonomies[ti].terms.iter().position(|t| t.id == id) {
                if !same_term(name, &site.taxonomies[ti].terms[t]) {
                    let entry = clashes.entry((ti, t)).or_default();
                    if !entry.iter().any(|c| loose(&c.0) == loose(name)) {
                        entry.push((name.clone(), crate::config::CONFIG_FILE.to_string(), None));
                    }
                }
            } else {
                let url = format!("/{}/{}/", tc.name, id);
                let page =
                    add_generated(site, Kind::TaxonomyTerm(ti, site.taxonomies[ti].terms.len()), &url, name, diags);
                site.taxonomies[ti].terms.push(Term {
                    id,
                    name: name.clone(),
                    page: page.unwrap_or(0),
                    tagged: Vec::new(),
                });
            }
        }
    }
    let order = site.reading_order();
    for i in order {
        let tags: Vec<(String, Vec<String>)> =
            site.pages[i].fm.taxonomies.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (name, values) in tags {
            let Some(ti) = config.taxonomies.iter().position(|t| t.name == name) else { continue };
            let closed = config.taxonomies[ti].closed;
            for value in values {
                let id = term_id(&value);
                if id.is_empty() {
                    let p = &site.pages[i];
                    let line = p.fm.value_line(&p.text, &name, &value);
                    diags.push(no_letters_term(&p.display, line, &name, &value).with_source(&p.text, 1));
                    continue;
                }
                let found = site.taxonomies[ti].terms.iter().position(|t| t.id == id);
                let term = match found {
                    Some(t) if same_term(&value, &site.taxonomies[ti].terms[t]) => t,
                    Some(_) if closed => {
                        report_closed(site, i, &name, &value, ti, diags);
                        continue;
                    }
                    Some(t) => {
                        let entry = clashes.entry((ti, t)).or_default();
                        if !entry.iter().any(|c| loose(&c.0) == loose(&value)) {
                            let p = &site.pages[i];
                            let line = p.fm.value_line(&p.text, &name, &value);
                            let col = column_of(&p.text, line, &value);
                            entry.push((value.clone(), format!("{}:{line}", p.display), Some((i, line, col))));
                        }
                        continue;
                    }
                    None if closed => {
                        report_closed(site, i, &name, &value, ti, diags);
                        continue;
                    }
                    None => {
                        let url = format!("/{}/{}/", name, id);
                        let tidx = site.taxonomies[ti].terms.len();
                        let Some(page) = add_generated(site, Kind::TaxonomyTerm(ti, tidx), &url, &value, diags) else {
                            continue;
                        };
                        site.pages[page].parent = Some(site.taxonomies[ti].page);
                        site.taxonomies[ti].terms.push(Term { id, name: value.clone(), page, tagged: Vec::new() });
                        tidx
                    }
                };
                // Pages are visited one at a time, so a repeat can only be the last one.
                if site.taxonomies[ti].terms[term].tagged.last() != Some(&i) {
                    site.taxonomies[ti].terms[term].tagged.push(i);
                    site.pages[i].terms.push((ti, term));
                }
            }
        }
    }
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
    for tax in &mut site.taxonomies {
        if !config.taxonomy(&tax.name).is_some_and(|c| c.closed) {
            let pages = &site.pages;
            tax.terms.sort_by_key(|t| (pages[t.page].fm.weight, natural_key(&t.name.to_lowercase())));
        }
    }
    // Re-number term kinds after sorting.
    for (ti, tax) in site.taxonomies.iter().enumerate() {
        for (k, term) in tax.terms.iter().enumerate() {
            site.pages[term.page].kind = Some(Kind::TaxonomyTerm(ti, k));
        }
    }
    let mut tagged: Vec<Vec<(usize, usize)>> = vec![Vec::new(); site.pages.len()];
    for (ti, tax) in site.taxonomies.iter().enumerate() {
        for (k, term) in tax.terms.iter().enumerate() {
            for &p in &term.tagged {
                tagged[p].push((ti, k));
            }
        }
    }
    for (p, t) in site.pages.iter_mut().zip(tagged) {
        p.terms = t;
    }
}

fn report_closed(site: &Site, page: usize, name: &str, value: &str, ti: usize, diags: &mut Vec<Diagnostic>) {
    let p = &site.pages[page];
    let line = p.fm.value_line(&p.text, name, value);
    let col = column_of(&p.text, line, value);
    let valid: Vec<&str> = site.taxonomies[ti].terms.iter().map(|t| t.id.as_str()).collect();
    let list = valid.join(", ");
    let hint =
        hint_did_you_mean(&term_id(value), valid, &format!(" valid terms: {list}"), || format!("valid terms: {list}"));
    let at = Span::new(line, col, value.chars().count());
    let message = format!("`{value}` is not a term of the closed taxonomy `{name}`");
    diags.push(Diagnostic::error_at(&p.display, &p.text, at, message).with_hint(hint));
}

/// A spelling of a term that clashes with another: the spelling, where it is written
/// (for the message), and the page, line and column of its first use.
type TermClash = (String, String, Option<(usize, usize, usize)>);

/// The URL id of a taxonomy term; empty if the name has no letter or digit.
pub fn term_id(name: &str) -> String {
    url_segment(&slugify(name)).unwrap_or_default()
}

/// A term name for comparing spellings: lower case, runs of spaces, `-` and `_` as one `-`.
fn loose(name: &str) -> String {
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
fn same_term(value: &str, term: &Term) -> bool {
    let v = loose(value);
    v == loose(&term.name) || v == loose(&term.id)
}

/// Where a term comes from, for messages: its page, the first page that uses it, or site.toml.
fn term_origin(site: &Site, term: &Term, taxonomy: &str) -> String {
    let p = &site.pages[term.page];
    if p.rel.is_some() {
        return p.display.clone();
    }
    match term.tagged.first().map(|&i| &site.pages[i]) {
        Some(q) => format!("{}:{}", q.display, q.fm.value_line(&q.text, taxonomy, &term.name)),
        None => crate::config::CONFIG_FILE.to_string(),
    }
}

fn no_letters_term(file: &str, line: usize, taxonomy: &str, value: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        line,
        if line > 0 { 1 } else { 0 },
        format!("the `{taxonomy}` term `{value}` has no letters or digits to make a URL from"),
    )
    .with_hint("rename the term so it has a letter or digit")
}

/// Sort key that orders "2" before "10".
fn natural_key(s: &str) -> (u64, String) {
    let stem = s.rsplit('/').next().unwrap_or(s).trim_end_matches(".md");
    (stem.parse::<u64>().unwrap_or(u64::MAX), s.to_string())
}

/// Glossary entries, their names, duplicates, related terms.
fn glossary(site: &mut Site, _config: &SiteConfig, diags: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let order = site.reading_order();
    let mut term_pages: Vec<usize> =
        order.into_iter().filter(|&i| matches!(site.pages[i].kind(), Kind::GlossaryTerm(_))).collect();
    term_pages.sort_by(|a, b| site.pages[*a].fm.title.to_lowercase().cmp(&site.pages[*b].fm.title.to_lowercase()));
    for i in term_pages {
        let p = &site.pages[i];
        let id = p.url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
        let term = p.fm.term.clone().unwrap_or_else(|| p.fm.title.clone());
        let Some(definition) = p.fm.definition.clone() else {
            diags.push(
                Diagnostic::error(&p.display, 1, 1, "glossary term has no `definition`")
                    .with_hint("add `definition: One plain sentence.` to the front matter"),
            );
            continue;
        };
        let entry = site.glossary.len();
        for name in std::iter::once(&term).chain(p.fm.aliases.iter()) {
            let key = name.trim().to_lowercase();
            if let Some((other, _)) = names.get(&key) {
                let o = &site.pages[site.glossary[*other].page];
                let line = if name == &term {
                    p.fm.key_lines.get("term").or(p.fm.key_lines.get("title")).copied().unwrap_or(1)
                } else {
                    p.fm.value_line(&p.text, "aliases", name)
                };
                diags.push(
                    Diagnostic::error(
                        &p.display,
                        line,
                        1,
                        format!("the glossary name `{name}` is used by both {} and {}", o.display, p.display),
                    )
                    .with_hint("a term or alias may belong to one entry only; remove it from one of them")
                    .with_source(&p.text, 1),
                );
                continue;
            }
            names.insert(key, (entry, p.display.clone()));
        }
        site.glossary.push(GlossaryEntry {
            id,
            page: i,
            term,
            definition,
            aliases: p.fm.aliases.clone(),
            used_on: Vec::new(),
        });
        site.pages[i].kind = Some(Kind::GlossaryTerm(entry));
    }
    let ids: Vec<String> = site.glossary.iter().map(|g| g.id.clone()).collect();
    let known: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    for g in &site.glossary {
        let p = &site.pages[g.page];
        for r in &p.fm.related {
            if !known.contains(r.as_str()) {
                let line = p.fm.value_line(&p.text, "related", r);
                let hint = hint_did_you_mean(r, ids.iter().map(String::as_str), "", || {
                    "`related` lists ids (file names without .md) of other glossary pages".into()
                });
                let at = Span::new(line, column_of(&p.text, line, r), r.chars().count());
                diags.push(
                    Diagnostic::error_at(&p.display, &p.text, at, format!("related term `{r}` does not exist"))
                        .with_hint(hint),
                );
            }
        }
    }
    let names: Vec<Vec<String>> = site
        .glossary
        .iter()
        .map(|g| std::iter::once(g.term.clone()).chain(g.aliases.iter().cloned()).collect())
        .collect();
    site.matcher = Some(crate::glossary::Matcher::new(&names));
}

/// Training paths and quizzes (needs page analysis for reading times).
pub fn paths_and_quizzes(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let path_pages: Vec<usize> =
        site.reading_order().into_iter().filter(|&i| matches!(site.pages[i].kind(), Kind::TrainingPath(_))).collect();
    for i in path_pages {
        let p = &site.pages[i];
        let dir = parent_dir(p.rel.as_deref().unwrap_or(""));
        let mut modules = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for m in &p.fm.modules {
            let count = seen.entry(m.as_str()).or_insert(0);
            let line = p.fm.value_line_nth(&p.text, "modules", m, *count);
            *count += 1;
            let col = column_of(&p.text, line, m);
            let target = normalize(&format!("{dir}/{}", m.split('#').next().unwrap_or(m)));
            match target.as_ref().and_then(|t| site.by_rel.get(t)) {
                Some(&t) if modules.contains(&t) => diags.push(
                    Diagnostic::error(&p.display, line, col, format!("module `{m}` appears twice in this path"))
                        .with_hint("list each module once")
                        .with_source(&p.text, m.chars().count()),
                ),
                Some(&t) => modules.push(t),
                None if target
                    .as_ref()
                    .is_some_and(|t| site.fallback.as_ref().is_some_and(|f| f.by_rel.contains_key(t))) =>
                {
                    let code = site.prefix.trim_end_matches('/');
                    diags.push(
                        Diagnostic::warning(
                            &p.display,
                            line,
                            col,
                            format!("module `{m}` has no `{code}` translation; this language's path leaves it out"),
                        )
                        .with_hint(format!(
                            "translate the module (a `.{code}.md` file beside it) so the path can be taken wholly in this language"
                        ))
                        .with_source(&p.text, m.chars().count()),
                    )
                }
                None => diags.push(
                    Diagnostic::error(&p.display, line, col, format!("module `{m}` does not exist"))
                        .with_hint(missing_hint(site, &dir, m))
                        .with_source(&p.text, m.chars().count()),
                ),
            }
        }
        let id = dir.rsplit('/').next().unwrap_or("").to_string();
        let minutes =
            p.fm.estimated_minutes.unwrap_or_else(|| modules.iter().map(|&m| site.pages[m].reading_minutes()).sum());
        let pi = site.paths.len();
        for (pos, &m) in modules.iter().enumerate() {
            site.pages[m].memberships.push((pi, pos));
        }
        site.paths.push(TrainingPath { id, page: i, modules, minutes });
        site.pages[i].kind = Some(Kind::TrainingPath(pi));
    }
    for p in &site.pages {
        for q in &p.fm.quiz {
            if !q.options.contains(&q.answer) {
                let line =
                    p.fm.value_line(&p.text, "quiz", &format!("answer: {}", q.answer))
                        .max(p.fm.value_line(&p.text, "quiz", &q.answer));
                diags.push(
                    Diagnostic::error(
                        &p.display,
                        line,
                        column_of(&p.text, line, "answer"),
                        format!("quiz answer `{}` is not one of the options", q.answer),
                    )
                    .with_hint(format!("the answer must be exactly one of: {}", q.options.join(" | ")))
                    .with_source(&p.text, 6),
                );
            }
            if q.options.len() < 2 {
                let line = p.fm.value_line(&p.text, "quiz", &q.question);
                diags.push(
                    Diagnostic::error(&p.display, line, 1, "a quiz question needs at least two options")
                        .with_source(&p.text, 1),
                );
            }
        }
    }
}

fn missing_hint(site: &Site, dir: &str, dest: &str) -> String {
    let base = normalize(&format!("{dir}/{dest}")).unwrap_or_default();
    let close = did_you_mean(&base, site.by_rel.keys().map(String::as_str));
    match close {
        Some(c) => {
            let from_dir: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
            format!("did you mean `{}`?", relative_file(&from_dir, c))
        }
        None => "link to an existing .md file by its path relative to this file".into(),
    }
}

fn relative_file(from_dir: &[&str], to: &str) -> String {
    let to_segs: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to_segs).take_while(|(a, b)| a == b).count();
    let mut s = "../".repeat(from_dir.len() - common);
    s.push_str(&to_segs[common..].join("/"));
    s
}

/// How a link destination resolved.
pub enum LinkTarget {
    /// Leave the destination as written.
    Keep,
    /// Write this (relative) URL instead.
    Rewrite(String),
}

/// Resolve one link of `page`: relative `.md` paths, `term:` references, `#anchors`,
/// site-absolute URLs and files. Errors carry a message and a hint.
pub fn resolve_link(
    site: &Site,
    page: usize,
    dest: &str,
    assets: &dyn Fn(&str) -> bool,
) -> Result<LinkTarget, (String, String)> {
    let p = &site.pages[page];
    if dest.is_empty() || urls::is_external(dest) {
        return Ok(LinkTarget::Keep);
    }
    if let Some(id) = dest.strip_prefix("term:") {
        let (id, frag) = split_fragment(id);
        let fallback = site.fallback.as_deref().and_then(|f| Some((f, f.glossary.iter().find(|g| g.id == id)?)));
        return match site.glossary.iter().find(|g| g.id == id) {
            Some(g) => target_with_anchor(site, page, g.page, frag),
            None if fallback.is_some() => {
                let (f, g) = fallback.unwrap_or_else(|| unreachable!());
                target_in(site, page, f, g.page, frag)
            }
            None => {
                let hint = match did_you_mean(id, site.glossary.iter().map(|g| g.id.as_str())) {
                    Some(s) => format!("did you mean `term:{s}`?"),
                    None => "`term:` takes the id (file name without .md) of a glossary page".into(),
                };
                Err((format!("unknown glossary term `{id}`"), hint))
            }
        };
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return if p.has_anchor(&percent_decode(anchor)) || p.rel.is_none() {
            Ok(LinkTarget::Keep)
        } else {
            Err((format!("anchor `#{anchor}` does not exist on this page"), anchor_hint(p, anchor)))
        };
    }
    let (path, frag) = split_fragment(dest);
    let path = percent_decode(path);
    let dir = parent_dir(p.rel.as_deref().unwrap_or(""));
    let joined = if let Some(abs) = path.strip_prefix('/') { abs.to_string() } else { format!("{dir}/{path}") };
    let Some(norm) = normalize(&joined) else {
        return Err((format!("link `{dest}` leads outside the site"), "remove the extra `../`".into()));
    };
    if path.ends_with(".md") {
        let Some(&t) = site.by_rel.get(&norm) else {
            if let Some((f, t)) = site.fallback.as_deref().and_then(|f| Some((f, *f.by_rel.get(&norm)?))) {
                return target_in(site, page, f, t, frag);
            }
            if site.drafts.contains(&norm) {
                return Err((
                    format!("link to the draft page content/{norm}"),
                    "publish the page (remove `draft: true`), build with --drafts, or remove the link".into(),
                ));
            }
            return Err((format!("link to a missing page `{dest}`"), missing_hint(site, &dir, &path)));
        };
        return target_with_anchor(site, page, t, frag);
    }
    if path.starts_with('/') {
        let url = if norm.is_empty() { "/".to_string() } else { format!("/{}/", norm.trim_end_matches('/')) };
        if let Some(&t) = site.by_url.get(&format!("/{}{}", site.prefix, &url[1..])) {
            return target_with_anchor(site, page, t, frag);
        }
        if let Some((f, t)) = site.fallback.as_deref().and_then(|f| Some((f, *f.by_url.get(&url)?))) {
            return target_in(site, page, f, t, frag);
        }
        if assets(&norm) {
            return Ok(LinkTarget::Rewrite(format!("{}{}", urls::relative(&p.url, &format!("/{norm}")), frag)));
        }
        return Err((
            format!("link to a missing page or file `{dest}`"),
            "link to the .md file by its relative path, e.g. `../section/page.md`".into(),
        ));
    }
    // A relative link to a file (image, PDF) next to the markdown file.
    if assets(&norm) {
        return Ok(LinkTarget::Rewrite(format!("{}{}", urls::relative(&p.url, &format!("/{norm}")), frag)));
    }
    let index = format!("{}/_index.md", norm.trim_end_matches('/'));
    if let Some(&t) = site.by_rel.get(&index) {
        return target_with_anchor(site, page, t, frag);
    }
    if let Some((f, t)) = site.fallback.as_deref().and_then(|f| Some((f, *f.by_rel.get(&index)?))) {
        return target_in(site, page, f, t, frag);
    }
    Err((format!("link to a missing file `{dest}`"), "check the path; links are relative to this file's folder".into()))
}

fn split_fragment(s: &str) -> (&str, &str) {
    match s.find('#') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

fn target_with_anchor(site: &Site, from: usize, to: usize, frag: &str) -> Result<LinkTarget, (String, String)> {
    target_in(site, from, site, to, frag)
}

/// A link from page `from` of `site` to page `to` of `to_site` (the same site, or the
/// default language's for a page not translated).
fn target_in(site: &Site, from: usize, to_site: &Site, to: usize, frag: &str) -> Result<LinkTarget, (String, String)> {
    let t = &to_site.pages[to];
    if let Some(anchor) = frag.strip_prefix('#') {
        if !anchor.is_empty() && t.rel.is_some() && !t.has_anchor(&percent_decode(anchor)) {
            return Err((format!("anchor `#{anchor}` does not exist in {}", t.display), anchor_hint(t, anchor)));
        }
    }
    Ok(LinkTarget::Rewrite(format!("{}{}", urls::relative(&site.pages[from].url, &t.url), frag)))
}

fn anchor_hint(p: &Page, anchor: &str) -> String {
    let ids: Vec<&str> = p.analysis.headings.iter().map(|h| h.id.as_str()).collect();
    match did_you_mean(anchor, ids.iter().copied()) {
        Some(s) => format!("did you mean `#{s}`?"),
        None if ids.is_empty() => "the page has no headings".into(),
        None => {
            format!("headings on that page: {}", ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "))
        }
    }
}

/// Check and rewrite every link of every page; returns per-page maps.
pub fn links(site: &Site, page: usize, assets: &dyn Fn(&str) -> bool) -> (HashMap<String, String>, Vec<Diagnostic>) {
    let p = &site.pages[page];
    let mut map = HashMap::new();
    let mut diags = Vec::new();
    for l in &p.analysis.links {
        match resolve_link(site, page, &l.dest, assets) {
            Ok(LinkTarget::Keep) => {}
            Ok(LinkTarget::Rewrite(u)) => {
                map.insert(l.dest.clone(), u);
            }
            Err((message, hint)) => {
                let (line, col) = position(&p.text, p.body_offset + l.offset);
                let src_line = p.text.lines().nth(line - 1).unwrap_or("");
                let len = src_line
                    .get(..)
                    .map(|s| s.chars().skip(col - 1).take_while(|&c| c != ')').count() + 1)
                    .unwrap_or(1);
                diags.push(Diagnostic::error(&p.display, line, col, message).with_hint(hint).with_source(&p.text, len));
            }
        }
    }
    (map, diags)
}
