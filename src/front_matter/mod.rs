//! Front matter: split the `---` block from the body and read its YAML.
//!
//! The only module that knows serde_yaml for content files (decision-tree files
//! have their own reader in `tree`). Each key is read on its own so that every
//! type error names the key and its line. Pure: text in, data or diagnostics out.
//!
//! Model layer (the dependency rule is in `lib.rs`): imports only the cross-cutting
//! modules.

use crate::diagnostics::yaml::{flow_too_deep, too_deep_error, top_level_keys};
use crate::diagnostics::{hint_did_you_mean, Diagnostic, Span};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod positions;
pub(crate) mod schema;

/// Front matter larger than this is refused before YAML parsing.
const MAX_FRONT_MATTER: usize = 256 * 1024;

/// The parsed front matter of one content file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontMatter {
    pub title: String,
    pub(crate) description: Option<String>,
    pub(crate) weight: i64,
    pub(crate) date: Option<String>,
    /// When the page was last changed (`updated: 2024-06-01`), shown as "Last updated".
    pub(crate) updated: Option<String>,
    pub(crate) draft: bool,
    pub(crate) slug: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) template: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) glossary: Option<bool>,
    pub(crate) extra: serde_json::Value,
    /// Taxonomy name → terms, as written.
    pub(crate) taxonomies: BTreeMap<String, Vec<String>>,
    pub(crate) quiz: Vec<QuizItem>,
    pub(crate) tree: Option<String>,
    pub(crate) term: Option<String>,
    pub(crate) definition: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) related: Vec<String>,
    pub(crate) modules: Vec<String>,
    pub(crate) objectives: Vec<String>,
    pub(crate) estimated_minutes: Option<u32>,
    /// Minutes the page's exercises take beyond reading (a decision tree to try, a
    /// knowledge check); added to its reading time wherever its time is shown.
    pub(crate) exercise_minutes: Option<u32>,
    /// Percentage of right answers that passes a knowledge check (on a path or a check).
    pub(crate) pass_mark: Option<u8>,
    /// `false` keeps every quiz question's options in the written order.
    pub(crate) quiz_shuffle: Option<bool>,
    /// Line (in the file) of each top-level key.
    #[serde(skip)]
    pub(crate) key_lines: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuizItem {
    pub(crate) question: String,
    pub(crate) options: Vec<String>,
    pub(crate) answer: String,
    #[serde(default)]
    pub(crate) explanation: String,
    /// Keep this question's options in the written order (e.g. "None of the above" last).
    #[serde(default)]
    pub(crate) pin: bool,
}

impl FrontMatter {
    /// The order in which question `q`'s options are shown: `order[k]` is the written
    /// index of the option shown at position `k`. Shuffled deterministically (seeded by
    /// `key`, the page's path, and the question's text, so a rebuild gives the same
    /// order) unless the question or the page pins it.
    pub(crate) fn quiz_order(&self, key: &str, q: usize) -> Vec<usize> {
        let Some(item) = self.quiz.get(q) else { return Vec::new() };
        let mut order: Vec<usize> = (0..item.options.len()).collect();
        if item.pin || self.quiz_shuffle == Some(false) {
            return order;
        }
        // FNV-1a of the key and the question, then splitmix64 steps for Fisher-Yates.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in key.bytes().chain([0]).chain(item.question.bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mut next = || {
            h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = h;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        for i in (1..order.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        order
    }
}

/// A content file split into front matter and body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub(crate) yaml: &'a str,
    /// Line of the first YAML line (1-based).
    pub(crate) yaml_line: usize,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// The keys every content file may use, besides taxonomy names (declared beside the
/// site settings, since taxonomies may not take them).
pub(crate) use crate::config::FRONT_MATTER_KEYS as KEYS;

/// Split `---\nyaml\n---\nbody`. Tolerates a BOM and CRLF line ends.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    // Fences are `---` lines; trailing spaces, tabs and a `\r` are allowed after them.
    let first_line = rest.split_inclusive('\n').next().unwrap_or("");
    let first_len = if is_fence(first_line) && first_line.ends_with('\n') {
        first_line.len()
    } else {
        return Err(Diagnostic::error(path, 1, 1, "missing front matter")
            .with_hint("start the file with a `---` line, then `title: ...`, then a closing `---` line")
            .with_source(text, 3));
    };
    let yaml_start = start + first_len;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if is_fence(line) {
            let body_offset = offset + line.len();
            return Ok(Split { yaml: &text[yaml_start..offset], yaml_line: 2, body_offset });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, 1, 1, "front matter is not closed")
        .with_hint("add a line with only `---` after the last front matter key")
        .with_source(text, 3))
}

/// A front matter fence: `---`, then only spaces, tabs or a line end.
fn is_fence(line: &str) -> bool {
    line.strip_prefix("---").is_some_and(|rest| rest.trim_end_matches([' ', '\t', '\r', '\n']).is_empty())
}

/// Parse the YAML of a split file. `taxonomies` are the extra keys allowed.
pub fn parse(path: &str, text: &str, split: &Split<'_>, taxonomies: &[&str]) -> Result<FrontMatter, Vec<Diagnostic>> {
    parse_keeping(path, text, split, taxonomies, &[])
}

/// Whether the unknown key `key` is kept under `extra` by one of the `keep` patterns
/// of `[front_matter]` (a name, a prefix ending in `*`, or `*`).
pub(crate) fn kept(keep: &[&str], key: &str) -> bool {
    keep.iter().any(|k| match k.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => *k == key,
    })
}

/// [`parse`], keeping unknown keys that match `keep` (see [`kept`]) under `extra`.
pub(crate) fn parse_keeping(
    path: &str,
    text: &str,
    split: &Split<'_>,
    taxonomies: &[&str],
    keep: &[&str],
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let line0 = split.yaml_line;
    if split.yaml.len() > MAX_FRONT_MATTER {
        return Err(vec![Diagnostic::error(path, line0, 1, "front matter is larger than 256 KiB")
            .with_hint("move large data into a data file")]);
    }
    if let Some((line, col)) = flow_too_deep(split.yaml) {
        return Err(vec![too_deep_error(path, text, line + line0 - 1, col)]);
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(split.yaml) {
        Ok(v) => v,
        Err(e) => {
            let mut d = yaml_error(path, text, line0, &e);
            if let Some(line) = duplicate_line(split.yaml, &d.message) {
                d = Diagnostic { line: line + line0 - 1, col: 1, ..d }.with_source(text, 1);
            }
            return Err(vec![d]);
        }
    };
    let map = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        _ => {
            return Err(vec![Diagnostic::error(path, line0, 1, "front matter must be a map of `key: value` lines")
                .with_source(text, 1)])
        }
    };
    let key_lines = top_level_key_lines(split.yaml, line0);
    let mut fm = FrontMatter { extra: serde_json::Value::Object(Default::default()), key_lines, ..Default::default() };
    let mut errors = Vec::new();
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_string) else {
            errors.push(Diagnostic::error(path, line0, 1, "front matter keys must be strings"));
            continue;
        };
        let line = fm.key_lines.get(&key).copied().unwrap_or(line0);
        let result = if !KEYS.contains(&key.as_str()) && !taxonomies.contains(&key.as_str()) && kept(keep, &key) {
            keep_in_extra(&mut fm, &key, v)
        } else {
            set_key(&mut fm, &key, v, taxonomies)
        };
        if let Err(d) = result {
            errors.push(d.locate(path, text, line, &key));
        }
    }
    if fm.title.trim().is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error(path, line0, 1, "missing required key `title`")
                .with_hint("add `title: Your page title` to the front matter")
                .with_source(text, 1),
        );
    }
    if errors.is_empty() {
        Ok(fm)
    } else {
        Err(errors)
    }
}

/// A problem with one key, located later by [`KeyError::locate`].
struct KeyError {
    message: String,
    hint: String,
}

impl KeyError {
    fn locate(self, path: &str, text: &str, line: usize, key: &str) -> Diagnostic {
        Diagnostic::error_at(path, text, Span::new(line, 1, key.chars().count()), self.message).with_hint(self.hint)
    }
}

fn set_key(fm: &mut FrontMatter, key: &str, v: serde_yaml::Value, taxonomies: &[&str]) -> Result<(), KeyError> {
    match key {
        "title" => fm.title = read(key, v, "a text, e.g. `title: What is a ledger?`")?,
        "description" => fm.description = Some(read(key, v, "a text of one or two sentences")?),
        "weight" => fm.weight = read(key, v, "a whole number, e.g. `weight: 10`")?,
        "date" => fm.date = Some(read_date(v)?),
        "updated" => fm.updated = Some(read_date(v)?),
        "draft" => fm.draft = read(key, v, "`true` or `false`")?,
        "slug" => fm.slug = Some(read_slug(v)?),
        "aliases" => fm.aliases = read(key, v, "a list, e.g. `aliases: [/old/url/]`")?,
        "template" => fm.template = Some(read(key, v, "a template file name, e.g. `template: wide.html`")?),
        "language" => fm.language = Some(read(key, v, "a language code, e.g. `language: zh`")?),
        "glossary" => fm.glossary = Some(read(key, v, "`true` or `false`")?),
        "extra" => {
            let kept = std::mem::take(&mut fm.extra);
            fm.extra = read(key, v, "a map of free data")?;
            // Keys kept from elsewhere in the front matter join the author's `extra`
            // (which wins where both name one).
            if let (Some(own), serde_json::Value::Object(kept)) = (fm.extra.as_object_mut(), kept) {
                for (k, v) in kept {
                    own.entry(k).or_insert(v);
                }
            }
        }
        "quiz" => fm.quiz = read(key, v, "a list of items with `question`, `options`, `answer`, `explanation`")?,
        "tree" => fm.tree = Some(read(key, v, "the relative path of a decision-tree YAML file")?),
        "term" => fm.term = Some(read(key, v, "a text")?),
        "definition" => fm.definition = Some(read(key, v, "one plain sentence")?),
        "source" => fm.source = Some(read(key, v, "a citation text")?),
        "related" => fm.related = read(key, v, "a list of term ids, e.g. `related: [ledger]`")?,
        "modules" => fm.modules = read(key, v, "a list of relative links to .md pages")?,
        "objectives" => fm.objectives = read(key, v, "a list of texts")?,
        "estimated_minutes" => fm.estimated_minutes = Some(read(key, v, "a whole number of minutes")?),
        "exercise_minutes" => fm.exercise_minutes = Some(read(key, v, "a whole number of minutes")?),
        "pass_mark" => {
            let mark: u8 = read(key, v, "a percentage from 0 to 100, e.g. `pass_mark: 80`")?;
            if mark > 100 {
                return Err(KeyError {
                    message: format!("invalid value for `pass_mark`: {mark} is more than 100"),
                    hint: "`pass_mark` takes a percentage from 0 to 100, e.g. `pass_mark: 80`".into(),
                });
            }
            fm.pass_mark = Some(mark);
        }
        "quiz_shuffle" => fm.quiz_shuffle = Some(read(key, v, "`true` or `false`")?),
        _ if taxonomies.contains(&key) => {
            let terms = read_terms(key, v)?;
            fm.taxonomies.insert(key.to_string(), terms);
        }
        _ => {
            let candidates = KEYS.iter().copied().chain(taxonomies.iter().copied());
            let hint = hint_did_you_mean(key, candidates, "", || {
                format!(
                    "known keys are {}{}; put free data under `extra:`, or keep another generator's keys with `keep` under `[front_matter]` in site.toml",
                    KEYS.join(", "),
                    taxonomies.iter().map(|t| format!(", {t}")).collect::<String>()
                )
            });
            return Err(KeyError { message: format!("unknown front matter key `{key}`"), hint });
        }
    }
    Ok(())
}

/// A kept key (`[front_matter] keep`) goes under `extra`, as templates read it
/// (`page.extra["ms.date"]`); the author's own `extra` entry of that name wins.
fn keep_in_extra(fm: &mut FrontMatter, key: &str, v: serde_yaml::Value) -> Result<(), KeyError> {
    let value: serde_json::Value = read(key, v, "a value that JSON can hold")?;
    if let Some(map) = fm.extra.as_object_mut() {
        map.entry(key.to_string()).or_insert(value);
    }
    Ok(())
}

fn read<T: DeserializeOwned>(key: &str, v: serde_yaml::Value, expected: &str) -> Result<T, KeyError> {
    let shown = describe(&v);
    serde_yaml::from_value(v).map_err(|e| KeyError {
        message: format!("invalid value for `{key}`: {}", clean(&e.to_string(), &shown)),
        hint: format!("`{key}` takes {expected}"),
    })
}

/// serde_yaml's messages for values say "invalid type: floating point `1.5`, expected i64";
/// say it in the author's words.
fn clean(msg: &str, shown: &str) -> String {
    if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
        format!("found {shown}")
    } else {
        msg.to_string()
    }
}

fn describe(v: &serde_yaml::Value) -> String {
    use serde_yaml::Value as V;
    match v {
        V::Null => "nothing".into(),
        V::Bool(b) => format!("`{b}`"),
        V::Number(n) if n.is_i64() || n.is_u64() => format!("the whole number `{n}`"),
        V::Number(n) => format!("the number `{n}`"),
        V::String(s) => format!("the text `{}`", s.chars().take(40).collect::<String>()),
        V::Sequence(_) => "a list".into(),
        V::Mapping(_) => "a map".into(),
        V::Tagged(_) => "a tagged value".into(),
    }
}

fn read_terms(key: &str, v: serde_yaml::Value) -> Result<Vec<String>, KeyError> {
    let err = |found: String| KeyError {
        message: format!("invalid value for `{key}`: expected a list, found {found}"),
        hint: format!("write a list, e.g. `{key}: [a, b]` (one term: `{key}: [a]`)"),
    };
    let serde_yaml::Value::Sequence(items) = v else {
        return Err(err(describe(&v)));
    };
    items
        .into_iter()
        .map(|item| match item {
            serde_yaml::Value::String(s) => Ok(s),
            serde_yaml::Value::Number(n) => Ok(n.to_string()),
            other => Err(KeyError {
                message: format!("invalid term in `{key}`: found {}", describe(&other)),
                hint: "each term is a plain text or number".into(),
            }),
        })
        .collect()
}

fn read_date(v: serde_yaml::Value) -> Result<String, KeyError> {
    let s: String = read("date", v, "a date `YYYY-MM-DD`")?;
    let hint = "write the date as `YYYY-MM-DD`, e.g. `date: 2024-02-29`";
    let shape =
        s.len() == 10 && s.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    if !shape {
        return Err(KeyError { message: format!("invalid date `{s}`"), hint: hint.into() });
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u16>().ok()).unwrap_or(0);
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    let Ok(m) = time::Month::try_from(u8::try_from(month).unwrap_or(0)) else {
        return Err(KeyError { message: format!("invalid date `{s}`: there is no month {month}"), hint: hint.into() });
    };
    let day8 = u8::try_from(day).unwrap_or(0);
    match time::Date::from_calendar_date(i32::from(year), m, day8) {
        Ok(_) => Ok(s),
        Err(_) => Err(KeyError {
            message: format!(
                "invalid date `{s}`: {m} {year} has {} days",
                time::util::days_in_month(m, i32::from(year))
            ),
            hint: hint.into(),
        }),
    }
}

fn read_slug(v: serde_yaml::Value) -> Result<String, KeyError> {
    let s: String = read("slug", v, "a URL segment, e.g. `slug: what-is-dlt`")?;
    let ok = !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        && s != "."
        && s != "..";
    if ok {
        Ok(s)
    } else {
        Err(KeyError {
            message: format!("invalid slug `{s}`"),
            hint: "a slug is one URL segment: letters, digits, `-`, `_` (no `/`, `..` or spaces)".into(),
        })
    }
}

fn yaml_error(path: &str, text: &str, line0: usize, e: &serde_yaml::Error) -> Diagnostic {
    let (line, col) = e.location().map(|l| (l.line() + line0 - 1, l.column())).unwrap_or((line0, 1));
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let hint = if msg.contains("duplicate") {
        "each key may appear once; remove or merge the repeated key"
    } else if msg.contains("recursion limit") || msg.contains("repetition limit") {
        "the front matter nests or repeats too deeply (aliases?); simplify it"
    } else {
        "check the YAML syntax: `key: value`, lists as `[a, b]`, quote texts that contain `: ` or start with a special character"
    };
    Diagnostic::error_at(path, text, Span::new(line, col, 1), format!("invalid front matter: {msg}")).with_hint(hint)
}

/// For "duplicate entry with key \"k\"": the line (1-based, in `yaml`) of the second top-level `k:`.
fn duplicate_line(yaml: &str, message: &str) -> Option<usize> {
    let key = message.split("duplicate entry with key \"").nth(1)?.split('"').next()?;
    top_level_keys(yaml).into_iter().filter(|(k, _)| k == key).nth(1).map(|(_, l)| l + 1)
}

/// Lines of top-level keys (the first of each), as lines of the file whose front
/// matter starts on line `line0`.
fn top_level_key_lines(yaml: &str, line0: usize) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (key, l) in top_level_keys(yaml) {
        out.entry(key).or_insert(line0 + l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let s = split("a.md", text).map_err(|d| vec![d])?;
        parse("a.md", text, &s, &["tags"])
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing_with_file_line_and_limit() {
        let deep = format!("---\ntitle: Hi\nextra: {}{}\n---\nbody", "[".repeat(100_000), "]".repeat(100_000));
        let started = std::time::Instant::now();
        let e = fm(&deep).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].headline(), "a.md:3:72: error: brackets are nested too deeply (more than 64 levels)");
        // Mappings count too; 64 levels are fine.
        let ok = format!("---\ntitle: Hi\nextra: {}1{}\n---\n", "{a: ".repeat(63), "}".repeat(63));
        assert!(fm(&ok).is_ok(), "{:?}", fm(&ok).err());
        let deep = format!("---\ntitle: Hi\nextra:\n  k: {}1{}\n---\n", "{a: ".repeat(65), "}".repeat(65));
        assert_eq!(fm(&deep).unwrap_err()[0].headline().split(": error").next(), Some("a.md:4:262"));
    }

    #[test]
    fn brackets_in_texts_comments_and_block_scalars_do_not_count_as_nesting() {
        let b = "[".repeat(200);
        for yaml in [
            format!("title: \"{b}\""),
            format!("title: '{b}'"),
            format!("title: a {b}"),
            format!("title: Hi # {b}"),
            format!("title: Hi\nextra:\n  note: |\n    {b}\n  other: >\n    {b}"),
            format!("title: \"multi\n  {b} line\""),
            format!("title: Hi\nextra:\n  - key: |\n      {b}\n    k: x"),
        ] {
            let text = format!("---\n{yaml}\n---\n");
            assert!(fm(&text).is_ok(), "{yaml}: {:?}", fm(&text).err());
        }
    }

    #[test]
    fn reads_known_keys_and_taxonomies() {
        let f = fm("---\ntitle: Hi\nweight: 3\ntags: [a, 2]\n---\nbody").unwrap();
        assert_eq!(f.title, "Hi");
        assert_eq!(f.weight, 3);
        assert_eq!(f.taxonomies["tags"], vec!["a", "2"]);
    }

    #[test]
    fn kept_keys_go_under_extra_and_others_stay_errors() {
        let text = "---\ntitle: Hi\nms.date: 2024-01-02\nauthor: ann\nextra:\n  author: own\n  x: 1\ntitel: t\n---\n";
        let s = split("a.md", text).unwrap();
        let e = parse_keeping("a.md", text, &s, &[], &["ms.*", "author"]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].message, "unknown front matter key `titel`");
        let text = text.replace("titel: t\n", "");
        let s = split("a.md", &text).unwrap();
        let fm = parse_keeping("a.md", &text, &s, &[], &["ms.*", "author"]).unwrap();
        assert_eq!(fm.extra, serde_json::json!({"ms.date": "2024-01-02", "author": "own", "x": 1}));
        let fm = parse_keeping("a.md", &text, &s, &[], &["*"]).unwrap();
        assert_eq!(fm.extra["ms.date"], "2024-01-02");
        assert!(parse_keeping("a.md", &text, &s, &[], &[]).is_err());
        assert!(kept(&["ms.*"], "ms.topic") && !kept(&["ms.*"], "title") && kept(&["*"], "anything"));
    }

    #[test]
    fn unknown_key_has_line_and_did_you_mean() {
        let e = fm("---\ntitle: Hi\ntitel: x\n---\n").unwrap_err();
        assert_eq!(e[0].headline(), "a.md:3:1: error: unknown front matter key `titel`");
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn wrong_types_name_the_key_and_line() {
        let e = fm("---\ntitle: Hi\nweight: 1.5\ntags: foo\n---\n").unwrap_err();
        assert_eq!(e[0].headline(), "a.md:3:1: error: invalid value for `weight`: found the number `1.5`");
        assert_eq!(e[1].headline(), "a.md:4:1: error: invalid value for `tags`: expected a list, found the text `foo`");
    }

    #[test]
    fn duplicate_key_is_an_error_with_line() {
        let e = fm("---\ntitle: Hi\ntitle: Again\n---\n").unwrap_err();
        assert!(e[0].message.contains("duplicate"), "{:?}", e[0]);
        assert_eq!(e[0].line, 3);
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut y = String::from(
            "---\ntitle: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 0..9u8 {
            let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
            y.push_str(&format!(
                "b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        y.push_str("---\n");
        // Expanded, the document is 9^10 strings (hours of work and gigabytes); refused,
        // it is milliseconds. The bound only separates the two, with room for a loaded machine.
        let t = std::time::Instant::now();
        assert!(fm(&y).is_err());
        assert!(t.elapsed().as_secs() < 10);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let y = format!("---\ntitle: x\nextra: {}{}\n---\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(fm(&y).is_err());
    }

    #[test]
    fn missing_title_and_missing_front_matter() {
        assert_eq!(fm("---\nweight: 1\n---\n").unwrap_err()[0].message, "missing required key `title`");
        assert_eq!(fm("# no front matter").unwrap_err()[0].message, "missing front matter");
        assert_eq!(fm("---\ntitle: x\n").unwrap_err()[0].message, "front matter is not closed");
    }

    #[test]
    fn yaml_syntax_error_points_into_the_file() {
        let e = fm("---\ntitle: Hi\ndescription: [unclosed\n---\n").unwrap_err();
        assert!(e[0].line >= 3, "{:?}", e[0]);
        assert!(e[0].message.starts_with("invalid front matter:"));
    }
}
