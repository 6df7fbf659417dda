//! A cascade reported as its cause. A page whose front matter cannot be read is
//! left out of the build, so every link to it, a training path that lists it and a
//! translation of it would each report "missing": true, but misleading, and sorted by
//! file they can come before the one error that explains them. Those follow-ons are
//! folded into their cause (its hint lists where they are) instead of being reported.

use std::collections::HashMap;

use super::Diagnostic;

/// Fold every follow-on of a left-out page into the error that left it out.
pub(crate) fn fold_cascades(diags: &mut Vec<Diagnostic>) {
    let mut causes: HashMap<String, usize> = HashMap::new();
    for (i, d) in diags.iter().enumerate() {
        if d.is_error() && d.code().starts_with("front-matter") && d.path.ends_with(".md") {
            causes.entry(d.path.clone()).or_insert(i);
        }
    }
    if causes.is_empty() {
        return;
    }
    let mut folded: Vec<(usize, usize)> = Vec::new();
    for (i, d) in diags.iter().enumerate() {
        if let Some(&cause) = target(d).and_then(|t| causes.get(&t)) {
            if cause != i {
                folded.push((i, cause));
            }
        }
    }
    if folded.is_empty() {
        return;
    }
    for &(i, cause) in &folded {
        let at = diags[i].location();
        diags[cause].follow_ons.push(at);
    }
    let gone: std::collections::HashSet<usize> = folded.iter().map(|(i, _)| *i).collect();
    let mut i = 0;
    diags.retain(|_| {
        i += 1;
        !gone.contains(&(i - 1))
    });
}

/// The file (`content/…`) a "missing" diagnostic points to, if it is one.
fn target(d: &Diagnostic) -> Option<String> {
    match d.code() {
        "missing-page" | "missing-module" => {
            let dest = d.message.split('`').nth(1)?;
            let dest = dest.split('#').next()?;
            let dir = d.path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
            let joined = match dest.strip_prefix('/') {
                Some(abs) => format!("content/{abs}"),
                None => format!("{dir}/{dest}"),
            };
            normalize(&joined)
        }
        "translation-orphan" => Some(format!("content/{}", d.message.rsplit_once("content/")?.1)),
        // A glossary entry's related terms are entries beside it, by id (file name).
        "glossary-related" => {
            let id = d.message.split('`').nth(1)?;
            let dir = d.path.rsplit_once('/').map(|(dir, _)| dir)?;
            Some(format!("{dir}/{id}.md"))
        }
        _ => None,
    }
}

/// `a/b/../c/./d` → `a/c/d`; `None` if it climbs above its start.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_modules_and_translations_of_a_left_out_page_fold_into_its_error() {
        let mut diags = vec![
            Diagnostic::error("content/decide/t.yaml", 56, 15, "link to a missing page `../guide/a.md`"),
            Diagnostic::error("content/guide/a.md", 5, 20, "invalid front matter: mapping values are not allowed"),
            Diagnostic::error("content/paths/p/_index.md", 13, 5, "module `../../guide/a.md` does not exist"),
            Diagnostic::error("content/x.md", 3, 1, "link to a missing page `/guide/a.md#part`"),
            Diagnostic::warning(
                "content/guide/a.zh.md",
                1,
                1,
                "translation into Chinese (`zh`) of a page that does not exist: content/guide/a.md",
            ),
            Diagnostic::error("content/x.md", 4, 1, "link to a missing page `/guide/other.md`"),
            Diagnostic::error("content/guide/b.md", 2, 1, "related term `a` does not exist"),
        ];
        fold_cascades(&mut diags);
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert_eq!(diags[0].path, "content/guide/a.md");
        assert_eq!(
            diags[0].follow_ons,
            [
                "content/decide/t.yaml:56:15",
                "content/paths/p/_index.md:13:5",
                "content/x.md:3:1",
                "content/guide/a.zh.md:1:1",
                "content/guide/b.md:2:1"
            ]
        );
        assert!(diags[0].full_hint().unwrap().contains("5 reference(s) to it are not checked"));
        assert_eq!(diags[1].message, "link to a missing page `/guide/other.md`");
    }

    #[test]
    fn nothing_folds_without_a_front_matter_error() {
        let mut diags = vec![Diagnostic::error("content/x.md", 4, 1, "link to a missing page `a.md`")];
        fold_cascades(&mut diags);
        assert_eq!(diags.len(), 1);
    }
}
