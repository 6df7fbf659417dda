//! "Last updated" from git: the date of the last commit that changed each file under
//! `content/`, read with one `git log` over the site (git is the user's own tool and
//! the repository its own data; primer only reads it). Used when site.toml sets
//! `[repository] last_updated = "git"`.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The file a problem with the history is reported against.
const WHERE: &str = "site.toml";

/// Content-relative path → `YYYY-MM-DD` of the newest commit that changed it. A file
/// never committed has no date; uncommitted changes do not count.
pub(super) fn commit_dates(root: &Path) -> Result<BTreeMap<String, String>, Box<Diagnostic>> {
    let shallow = git(root, &["rev-parse", "--is-shallow-repository"])?;
    if String::from_utf8_lossy(&shallow).trim() == "true" {
        return Err(problem(
            "the site's git clone is shallow: its history lacks the commits that changed most pages, so their \"Last updated\" dates would be wrong",
            "fetch the whole history (`git fetch --unshallow`; in GitHub Actions, `actions/checkout` with `fetch-depth: 0`), or remove `last_updated = \"git\"` from [repository]",
        ));
    }
    let log =
        git(root, &["log", "-z", "--format=%x01%cs", "--name-only", "--no-renames", "--relative", "--", "content"])?;
    Ok(parse_log(&String::from_utf8_lossy(&log)))
}

/// Read `git log -z --format=%x01%cs --name-only` (newest first): the first date seen
/// for a path is its last change.
fn parse_log(log: &str) -> BTreeMap<String, String> {
    let mut dates = BTreeMap::new();
    let mut date = "";
    for token in log.split('\0') {
        let token = token.trim_start_matches('\n');
        if let Some(d) = token.strip_prefix('\u{1}') {
            date = d.trim();
        } else if let Some(rel) = token.strip_prefix("content/") {
            if !date.is_empty() && !dates.contains_key(rel) {
                dates.insert(rel.to_string(), date.to_string());
            }
        }
    }
    dates
}

/// Run git in the site's folder; its failure as a warning that says how to fix it.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, Box<Diagnostic>> {
    let out = Command::new("git").arg("-C").arg(root).args(args).output().map_err(|e| {
        problem(
            &format!("\"Last updated\" from git needs the `git` command, which could not be run ({e})"),
            "install git, or remove `last_updated = \"git\"` from [repository] (front matter `updated` still works)",
        )
    })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        if why.contains("not a git repository") {
            return Err(problem(
                "\"Last updated\" from git: the site is not inside a git repository, so its pages have no commit dates",
                "build the site from a clone of its repository, or remove `last_updated = \"git\"` from [repository] (front matter `updated` still works)",
            ));
        }
        return Err(problem(
            &format!("\"Last updated\" from git: `git {}` failed: {}", args.join(" "), why.trim()),
            "build the site from inside its git repository, or remove `last_updated = \"git\"` from [repository]",
        ));
    }
    Ok(out.stdout)
}

fn problem(message: &str, hint: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::warning(WHERE, 0, 0, message).with_hint(hint).with_code("git-dates"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_gives_its_date() {
        let log = "\u{1}2026-12-05\0\u{1}2026-12-04\0\ncontent/a.md\0content/b/c.md\0\u{1}2026-11-30\0\ncontent/a.md\0content/d é.md\0";
        let d = parse_log(log);
        assert_eq!(d.get("a.md").map(String::as_str), Some("2026-12-04"));
        assert_eq!(d.get("b/c.md").map(String::as_str), Some("2026-12-04"));
        assert_eq!(d.get("d é.md").map(String::as_str), Some("2026-11-30"));
        assert_eq!(d.len(), 3);
    }
}
