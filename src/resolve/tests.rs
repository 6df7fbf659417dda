//! Kinds are given once, when a page is made, and the site's reverse lookups agree
//! with the structures that own the relations (glossary entries, paths, terms).

use super::*;
use crate::model::PathId;

const CONFIG: &str = r#"
title = "Kinds"

[[taxonomies]]
name = "tags"
title = "Tags"
terms = ["zeta"]
"#;

/// A parsed document at `rel` with front matter `yaml`.
fn doc(rel: &str, yaml: &str) -> Doc {
    let text = format!("---\n{yaml}\n---\nBody of {rel}.\n");
    let split = crate::front_matter::split(rel, &text).expect("front matter splits");
    let fm = crate::front_matter::parse(rel, &text, &split, &["tags"]).expect("front matter parses");
    Doc { rel: rel.into(), body_offset: split.body_offset, text: text.into(), fm: fm.into(), source: None }
}

/// The site of a few pages of each kind whose kind a site-wide order used to number.
fn site(diags: &mut Vec<Diagnostic>) -> Site {
    let config = crate::config::parse("site.toml", CONFIG).expect("site.toml parses");
    let docs = vec![
        doc("_index.md", "title: Home"),
        doc("glossary/ledger.md", "title: Ledger\ndefinition: A record of transactions."),
        doc("glossary/block.md", "title: Block\ndefinition: A batch of transactions."),
        doc("glossary/node.md", "title: Node"),
        doc("tags/alpha.md", "title: Alpha\nweight: 2"),
        doc("b/_index.md", "title: Second path\nmodules: [one.md]"),
        doc("b/one.md", "title: One\ntags: [beta, alpha]"),
        doc("a/_index.md", "title: First path\nweight: -1\nmodules: [one.md, two.md]"),
        doc("a/one.md", "title: One A\ntags: [zeta]"),
        doc("a/two.md", "title: Two A"),
    ];
    let mut site = structure(&config, docs, Vec::new(), None, diags);
    paths_and_quizzes(&mut site, diags);
    site
}

fn page<'a>(site: &'a Site, url: &str) -> (PageId, &'a Page) {
    let i = site.by_url[url];
    (i, &site.pages[i])
}

#[test]
fn kinds_come_with_the_page_and_carry_no_order() {
    let mut diags = Vec::new();
    let site = site(&mut diags);
    let tags = TaxonomyId::new(0);
    for (url, kind) in [
        ("/glossary/ledger/", Kind::GlossaryTerm),
        ("/glossary/block/", Kind::GlossaryTerm),
        ("/glossary/node/", Kind::Page),
        ("/glossary/", Kind::GlossaryIndex),
        ("/tags/", Kind::TaxonomyList(tags)),
        ("/tags/alpha/", Kind::TaxonomyTerm(tags)),
        ("/tags/beta/", Kind::TaxonomyTerm(tags)),
        ("/tags/zeta/", Kind::TaxonomyTerm(tags)),
        ("/a/", Kind::TrainingPath),
        ("/b/", Kind::TrainingPath),
        ("/a/one/", Kind::Page),
    ] {
        assert_eq!(page(&site, url).1.kind, kind, "{url}");
    }
    // The term file without a definition: one error, where it always was.
    let errors: Vec<String> = diags.iter().map(|d| format!("{}:{}:{}: {}", d.path, d.line, d.col, d.message)).collect();
    assert_eq!(errors, ["content/glossary/node.md:1:1: glossary term has no `definition`"]);
    assert_eq!(diags[0].hint.as_deref(), Some("add `definition: One plain sentence.` to the front matter"));
}

#[test]
fn reverse_lookups_follow_the_orders_of_their_owners() {
    let site = site(&mut Vec::new());
    // The glossary is sorted by title, the paths by reading order (weight first), the
    // open vocabulary by weight and then name.
    let entries: Vec<&str> = site.glossary.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(entries, ["block", "ledger"]);
    let paths: Vec<&str> = site.paths.iter().map(|p| site.pages[p.page].url.as_str()).collect();
    assert_eq!(paths, ["/a/", "/b/"]);
    let terms: Vec<&str> = site.taxonomies[TaxonomyId::new(0)].terms.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(terms, ["beta", "zeta", "alpha"]);
    for (i, p) in site.ids().zip(&site.pages) {
        let entry = site.entry_of(i);
        assert_eq!(entry.is_some(), p.kind == Kind::GlossaryTerm, "{}", p.url);
        assert!(entry.is_none_or(|e| site.glossary[e].page == i));
        let path = site.path_of(i);
        assert_eq!(path.is_some(), p.kind == Kind::TrainingPath, "{}", p.url);
        assert!(path.is_none_or(|k| site.paths[k].page == i));
        let term = site.term_of(i);
        assert_eq!(term.map(|(t, _)| Kind::TaxonomyTerm(t)), matches!(p.kind, Kind::TaxonomyTerm(_)).then_some(p.kind));
        assert!(term.is_none_or(|(t, k)| site.taxonomies[t].terms[k].page == i));
    }
    // Memberships name the path by its place in the paths' order.
    let (_, one) = page(&site, "/b/one/");
    assert_eq!(one.memberships, [(PathId::new(1), 0)]);
    let (a, _) = page(&site, "/a/");
    assert_eq!(site.path_of(a), Some(PathId::new(0)));
}
