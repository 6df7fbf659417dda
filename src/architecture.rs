//! The dependency rule of `lib.rs`, checked against the code: every `crate::` path in
//! `src/` outside comments and `#[cfg(test)]` code is an edge between top-level modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layer of each top-level module (see `lib.rs`); re-exports at the crate root
/// (`glossary`, `highlight`) belong to their engine.
fn layer(module: &str) -> Option<u8> {
    Some(match module {
        "diagnostics" | "html" | "colour" | "urls" | "config" | "trust" | "lang" | "guard" | "cli" | "body" => 1,
        "model" | "front_matter" => 2,
        "markdown" | "glossary" | "highlight" | "tree" | "search" => 3,
        "load" | "i18n" | "resolve" | "render" | "output" => 4,
        "pipeline" => 5,
        "serve" | "init" | "package" => 6,
        _ => return None,
    })
}

/// Edges the rule forbids that the code still has, each with what removes it. The test
/// fails when one disappears, so the list stays true.
const KNOWN: &[(&str, &str, &str)] = &[];

/// The cross-cutting modules an engine may import: the shared mechanics, never the
/// site's settings (`config`, `cli`, `guard`), so an engine knows nothing of a site.
const ENGINE_SEES: &[&str] = &["diagnostics", "html", "colour", "urls", "trust", "lang", "body"];

/// Edges the layer order allows. A module without a layer allows nothing: the test
/// names it instead of letting it import anything.
fn allowed(from: &str, to: &str) -> bool {
    let (Some(a), Some(b)) = (layer(from), layer(to)) else { return false };
    match a {
        1 => b == 1,
        2 => b <= 2,
        3 => ENGINE_SEES.contains(&to) || to == from || (from == "markdown" && (to == "glossary" || to == "highlight")),
        4 => b <= 3,
        5 => b <= 4,
        _ => b <= 2 || to == "pipeline" || (from == "init" && b <= 1),
    }
}

/// Every top-level module under `src/` (a `.rs` file or a folder), besides the crate
/// root, the binary and this test.
fn top_modules() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let is_module = name.ends_with(".rs") || e.path().join("mod.rs").exists();
        let name = name.trim_end_matches(".rs").to_string();
        if is_module && !matches!(name.as_str(), "lib" | "main" | "architecture") {
            out.insert(name);
        }
    }
    out
}

#[test]
fn every_module_has_a_layer() {
    let missing: Vec<_> = top_modules().into_iter().filter(|m| layer(m).is_none()).collect();
    assert!(missing.is_empty(), "modules with no layer in lib.rs's rule (add them to `layer`): {missing:?}");
}

#[test]
fn the_rule_refuses_what_lib_rs_forbids() {
    // A probe of edges the rule must refuse, so that the rule cannot open up unnoticed.
    for (from, to) in [
        ("render", "output"),
        ("resolve", "render"),
        ("markdown", "config"),
        ("tree", "model"),
        ("model", "render"),
        ("diagnostics", "model"),
        ("serve", "render"),
        ("package", "load"),
        ("nowhere", "model"),
        ("render", "nowhere"),
    ] {
        assert!(!allowed(from, to), "{from} -> {to} should be refused");
    }
    for (from, to) in [("render", "model"), ("pipeline", "render"), ("serve", "pipeline"), ("markdown", "html")] {
        assert!(allowed(from, to), "{from} -> {to} should be allowed");
    }
}

fn top_module(rel: &str) -> String {
    rel.split('/').next().unwrap_or("").trim_end_matches(".rs").to_string()
}

/// Code of a file without its test module (a `#[cfg(test)]` that opens a `mod`,
/// perhaps after more attributes; one on a single item does not end the code) and
/// without comment lines.
fn code_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let opens_module = |i: usize| {
        let next = lines[i + 1..].iter().map(|l| l.trim()).find(|l| !l.starts_with("#["));
        next.is_some_and(|l| l.starts_with("mod ") || l.starts_with("pub mod ") || l.starts_with("pub(crate) mod "))
    };
    let end = (0..lines.len()).find(|&i| lines[i].trim() == "#[cfg(test)]" && opens_module(i)).unwrap_or(lines.len());
    lines[..end].iter().copied().filter(|l| !l.trim_start().starts_with("//")).collect()
}

fn edges() -> BTreeMap<(String, String), String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "rs") || p.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let rel = p.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let from = top_module(&rel);
        if from == "lib" || from == "main" || from == "architecture" {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        for line in code_lines(&text) {
            let mut rest = line;
            while let Some(i) = rest.find("crate::") {
                rest = &rest[i + 7..];
                let to: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !to.is_empty() && to != from {
                    out.entry((from.clone(), to)).or_insert_with(|| rel.clone());
                }
            }
        }
    }
    out
}

#[test]
fn the_dependency_rule_holds() {
    let edges = edges();
    let mut broken = Vec::new();
    for ((from, to), file) in &edges {
        let known = KNOWN.iter().any(|(a, b, _)| a == from && b == to);
        if !allowed(from, to) && !known {
            broken.push(format!("{from} -> {to} (first in src/{file})"));
        }
    }
    assert!(broken.is_empty(), "imports the rule in lib.rs forbids:\n{}", broken.join("\n"));
    let stale: Vec<_> = KNOWN.iter().filter(|(a, b, _)| !edges.contains_key(&(a.to_string(), b.to_string()))).collect();
    assert!(stale.is_empty(), "known exceptions that the code no longer has (remove them): {stale:?}");
}

#[test]
fn top_level_modules_import_each_other_without_cycles() {
    let edges = edges();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        let to = match to.as_str() {
            "glossary" | "highlight" => "markdown",
            t => t,
        };
        if from != to {
            graph.entry(from).or_default().insert(to);
        }
    }
    // Depth-first search with colours; a grey node reached again closes a cycle.
    fn visit<'a>(
        n: &'a str,
        g: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        colour: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        colour.insert(n, 1);
        stack.push(n);
        for &m in g.get(n).into_iter().flatten() {
            match colour.get(m).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|&s| s == m).unwrap_or(0);
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(m);
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, g, colour, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        colour.insert(n, 2);
        None
    }
    let mut colour = BTreeMap::new();
    for &n in graph.keys() {
        if colour.get(n).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, &graph, &mut colour, &mut Vec::new()) {
                panic!("import cycle: {}", c.join(" -> "));
            }
        }
    }
}
