//! Stable codes of diagnostics: the name a kind of problem keeps across versions, for
//! `--format json` and `--format github`, for grouping repeated diagnostics, and for
//! telling a cascade's cause from its follow-ons.
//!
//! A diagnostic made with [`Diagnostic::with_code`](super::Diagnostic::with_code) has
//! that code; any other is classified here by the fixed words of its message (the
//! parts that are not names or numbers), then by the file it is in. The table is the
//! list of codes in docs/authoring.md ("Diagnostics").

/// (code, fixed words of the message, what one occurrence is called in a group).
/// First match wins; more specific words come first.
pub(crate) const CODES: &[(&str, &str, &str)] = &[
    ("unknown-language", "unknown code language", "blocks"),
    ("missing-page", "link to a missing page", "links"),
    ("missing-anchor", "does not exist on this page", "links"),
    ("missing-anchor", "anchor `#", "links"),
    ("draft-link", "link to the draft page", "links"),
    ("link-outside", "leads outside the site", "links"),
    ("link-dropped", "link dropped:", "links"),
    ("image-dropped", "image dropped:", "images"),
    ("list-too-deep", "lists are nested more than", "lists"),
    ("block-invalid", "`:::", "lines"),
    ("front-matter-missing", "missing front matter", "files"),
    ("front-matter-unclosed", "front matter is not closed", "files"),
    ("front-matter-too-large", "front matter is larger than", "files"),
    ("front-matter-shape", "front matter must be a map", "files"),
    ("front-matter-shape", "front matter keys must be strings", "files"),
    ("front-matter-required", "missing required key", "files"),
    ("front-matter-unknown-key", "unknown front matter key", "keys"),
    ("front-matter-invalid", "invalid front matter", "files"),
    ("front-matter-invalid", "the front matter nests", "files"),
    ("front-matter-invalid", "invalid value for `", "values"),
    ("yaml-too-deep", "brackets are nested too deeply", "files"),
    ("duplicate-module", "appears twice in this path", "modules"),
    ("untranslated-module", "translation; this language's path leaves it out", "modules"),
    ("missing-tree", "decision tree file", "pages"),
    ("tree-invalid", "leads to unknown node", "answers"),
    ("tree-invalid", "start node", "trees"),
    ("tree-invalid", "which is not declared", "questions"),
    ("tree-too-large", "tree file is too large", "files"),
    ("quiz-invalid", "quiz answer", "questions"),
    ("quiz-invalid", "a quiz question needs", "questions"),
    ("glossary-unused", "is not used on any page", "terms"),
    ("glossary-definition", "glossary term has no `definition`", "terms"),
    ("glossary-related", "related term", "terms"),
    ("glossary-name-clash", "the glossary name", "terms"),
    ("url-clash", "both map to the URL", "pages"),
    ("url-clash", "the output path for", "pages"),
    ("url-clash", "differ only by case or Unicode normalization", "files"),
    ("alias-invalid", "alias `", "aliases"),
    ("taxonomy-term", "term `", "terms"),
    ("url-empty", "has no letters or digits to make a URL from", "names"),
    ("file-name", "cannot be checked out on every system", "files"),
    ("file-name", "cannot be written to", "files"),
    ("translation-orphan", "of a page that does not exist", "files"),
    ("translation-orphan", "of a file that does not exist", "files"),
    ("translation-twice", "both translate", "files"),
    ("theme-strings", "theme string", "strings"),
    ("theme-strings", "the theme has no strings", "languages"),
    ("theme-strings", "invalid theme strings", "files"),
    ("template-missing", "(from `template:`) does not exist", "pages"),
    ("template", "template", "templates"),
    ("config", "site configuration", "keys"),
    ("config", "unknown key `", "keys"),
    ("config", "highlight theme", "themes"),
    ("config", "base_url", "keys"),
    ("config", "taxonomy", "taxonomies"),
    ("config", "language", "languages"),
    ("not-utf8", "is not valid UTF-8", "files"),
    ("read-failed", "cannot read", "files"),
    ("search-index", "search index", "indexes"),
    ("output-refused", "refusing to build into", "folders"),
    ("internal", "internal error", "builds"),
    ("empty-text", "is empty", "texts"),
    // Last: any other "`x` does not exist" is a training path's module.
    ("missing-module", "` does not exist", "modules"),
];

/// The code of a diagnostic without an explicit one: by its message's fixed words,
/// then by its file (`config`, `template`, `theme-strings`, `content`).
pub(crate) fn classify(path: &str, message: &str) -> &'static str {
    if let Some((code, _, _)) = CODES.iter().find(|(_, words, _)| message.contains(words)) {
        return code;
    }
    if path.ends_with("site.toml") {
        "config"
    } else if path.contains("templates/") {
        "template"
    } else if path.starts_with("i18n/") || path.contains("/i18n/") {
        "theme-strings"
    } else if path.ends_with(".yaml") || path.ends_with(".yml") {
        "tree-invalid"
    } else {
        "content"
    }
}

/// What one occurrence of `code` is called when several are grouped ("blocks", "links").
pub(crate) fn noun(code: &str) -> &'static str {
    CODES.iter().find(|(c, _, _)| *c == code).map(|(_, _, n)| *n).unwrap_or("places")
}

/// Every code, once, in table order (for the documentation and its test).
#[cfg(test)]
pub(crate) fn all() -> Vec<&'static str> {
    let mut seen: Vec<&'static str> = Vec::new();
    for (code, _, _) in CODES {
        if !seen.contains(code) {
            seen.push(code);
        }
    }
    for fallback in ["content", "tree-invalid", "theme-strings", "template", "config"] {
        if !seen.contains(&fallback) {
            seen.push(fallback);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_get_the_code_of_their_kind() {
        assert_eq!(
            classify("content/a.md", "unknown code language `foo`; shown without highlighting"),
            "unknown-language"
        );
        assert_eq!(classify("content/a.md", "link to a missing page `b.md`"), "missing-page");
        assert_eq!(classify("content/p/_index.md", "module `b.md` does not exist"), "missing-module");
        assert_eq!(
            classify("content/a.md", "invalid front matter: mapping values are not allowed"),
            "front-matter-invalid"
        );
        assert_eq!(classify("content/a.md", "unknown front matter key `titel`"), "front-matter-unknown-key");
        assert_eq!(classify("site.toml", "something new"), "config");
        assert_eq!(classify("content/a.md", "something new"), "content");
    }

    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../../docs/authoring.md");
        for code in all() {
            assert!(doc.contains(&format!("| `{code}` |")), "docs/authoring.md has no row for the code `{code}`");
        }
    }

    #[test]
    fn codes_are_kebab_case() {
        for code in all() {
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{code}");
        }
    }
}
