//! Language of parts (WCAG 3.1.2): runs of text in another script than the page's
//! language are wrapped in `<span lang="…">`, so screen readers switch voices.
//!
//! Detection is by script, in one pass over the text: Han and Kana (`zh`, or `ja`
//! when the run has Kana), Hangul (`ko`), Arabic (`ar`), Cyrillic (`ru`) and Hebrew
//! (`he`), the guess for each script being its most used language in the UN
//! system. Spaces, digits and punctuation between two letters of one run belong to
//! the run; around it they stay outside. On a page whose language is written in
//! another script (Chinese, say), runs of Latin letters get the site's language
//! when that is written in Latin letters (`latin`). Pure: no IO.
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

use crate::html::escape_into as escape;
use std::fmt::Write;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Han,
    Kana,
    Hangul,
    Arabic,
    Cyrillic,
    Hebrew,
    Latin,
    /// Spaces, digits, punctuation, symbols, marks: they join the run around them.
    Neutral,
    /// Letters of any other script: they end a run.
    Other,
}

fn script(c: char) -> Script {
    match c as u32 {
        0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3134f => Script::Han,
        0x3040..=0x30ff | 0x31f0..=0x31ff | 0xff66..=0xff9d => Script::Kana,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => Script::Hangul,
        0x0600..=0x06ff | 0x0750..=0x077f | 0x08a0..=0x08ff | 0xfb50..=0xfdff | 0xfe70..=0xfeff => Script::Arabic,
        0x0400..=0x052f => Script::Cyrillic,
        0x0590..=0x05ff => Script::Hebrew,
        0x3000..=0x303f | 0xff00..=0xff65 => Script::Neutral,
        _ if c.is_ascii_alphabetic() => Script::Latin,
        0x00c0..=0x024f if c.is_alphabetic() => Script::Latin,
        _ if c.is_alphabetic() => Script::Other,
        _ => Script::Neutral,
    }
}

/// The scripts a language is written in (by its primary subtag); empty: Latin or unknown.
fn native(language: &str) -> &'static [Script] {
    let primary = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "zh" | "yue" => &[Script::Han],
        "ja" => &[Script::Han, Script::Kana],
        "ko" => &[Script::Hangul, Script::Han],
        "ar" | "fa" | "ur" | "ps" => &[Script::Arabic],
        "ru" | "uk" | "be" | "bg" | "sr" | "mk" | "kk" | "ky" | "mn" | "tg" => &[Script::Cyrillic],
        "he" | "yi" => &[Script::Hebrew],
        _ => &[],
    }
}

/// Is the language written in Latin letters (as far as primer can tell)?
pub(crate) fn is_latin(language: &str) -> bool {
    native(language).is_empty()
}

/// What the page needs to mark runs: its own scripts and the language of Latin runs.
#[derive(Clone, Copy, Debug)]
pub struct Marker<'a> {
    native: &'static [Script],
    latin: Option<&'a str>,
}

impl<'a> Marker<'a> {
    /// For a page in `page` on a site in `site`.
    pub fn new(page: &str, site: &'a str) -> Self {
        let native = native(page);
        let latin = (!native.is_empty() && is_latin(site) && !site.is_empty()).then_some(site);
        Marker { native, latin }
    }

    /// Does `text` need marking at all (a fast check before any allocation)?
    pub fn needed(&self, text: &str) -> bool {
        // Most text is ASCII: its letters are Latin and the rest is neutral.
        if text.is_ascii() {
            return self.latin.is_some() && text.bytes().any(|b| b.is_ascii_alphabetic());
        }
        text.chars().any(|c| match script(c) {
            Script::Neutral | Script::Other => false,
            Script::Latin => self.latin.is_some(),
            s => !self.native.contains(&s),
        })
    }

    /// Write `text` HTML-escaped into `out`, its foreign runs wrapped in `<span lang>`.
    /// Linear in the length of `text`.
    pub fn write(&self, out: &mut String, text: &str) {
        // A run of one script group: (group, start, end of its last letter, Kana seen).
        let mut run: Option<(Script, usize, usize, bool)> = None;
        let mut done = 0; // bytes of `text` written so far
        for (i, c) in text.char_indices() {
            let s = script(c);
            if s == Script::Neutral {
                continue;
            }
            let g = if s == Script::Kana { Script::Han } else { s };
            let end = i + c.len_utf8();
            if let Some((rg, _, last, kana)) = run.as_mut() {
                if *rg == g {
                    *last = end;
                    *kana |= s == Script::Kana;
                    continue;
                }
            }
            if let Some(r) = run.take() {
                done = self.close(out, text, done, r);
            }
            if g != Script::Other {
                run = Some((g, i, end, s == Script::Kana));
            }
        }
        if let Some(r) = run.take() {
            done = self.close(out, text, done, r);
        }
        escape(out, &text[done..]);
    }

    /// Write a finished run (and the text before it) when it is foreign; returns how
    /// far `text` is written.
    fn close(
        &self,
        out: &mut String,
        text: &str,
        done: usize,
        (g, start, end, kana): (Script, usize, usize, bool),
    ) -> usize {
        let has = |s: Script| self.native.contains(&s);
        let (foreign, lang) = match g {
            Script::Han => (!(has(Script::Han) && (!kana || has(Script::Kana))), if kana { "ja" } else { "zh" }),
            Script::Latin => (self.latin.is_some(), self.latin.unwrap_or("")),
            Script::Hangul => (!has(g), "ko"),
            Script::Arabic => (!has(g), "ar"),
            Script::Cyrillic => (!has(g), "ru"),
            Script::Hebrew => (!has(g), "he"),
            _ => (false, ""),
        };
        if !foreign {
            return done;
        }
        escape(out, &text[done..start]);
        let _ = write!(out, "<span lang=\"{lang}\">");
        escape(out, &text[start..end]);
        out.push_str("</span>");
        end
    }
}

/// Languages written right to left.
pub(crate) fn is_rtl(code: &str) -> bool {
    matches!(primary(code).as_str(), "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "dv" | "ckb" | "sd" | "ug")
}

pub(crate) fn primary(code: &str) -> String {
    code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(page: &str, site: &str, text: &str) -> String {
        let mut out = String::new();
        Marker::new(page, site).write(&mut out, text);
        out
    }

    #[test]
    fn chinese_runs_in_english_text_are_marked() {
        assert_eq!(
            mark("en", "en", "Smart contract (智能合同, 智能合约) & more"),
            "Smart contract (<span lang=\"zh\">智能合同, 智能合约</span>) &amp; more"
        );
        assert_eq!(mark("en", "en", "no foreign text"), "no foreign text");
    }

    #[test]
    fn each_script_gets_its_language_and_own_script_is_left_alone() {
        assert_eq!(mark("en", "en", "ブロックチェーン"), "<span lang=\"ja\">ブロックチェーン</span>");
        assert_eq!(mark("en", "en", "区块链とは"), "<span lang=\"ja\">区块链とは</span>");
        assert_eq!(
            mark("fr", "fr", "블록체인 and блокчейн"),
            "<span lang=\"ko\">블록체인</span> and <span lang=\"ru\">блокчейн</span>"
        );
        assert_eq!(mark("en", "en", "سلسلة الكتل"), "<span lang=\"ar\">سلسلة الكتل</span>");
        assert_eq!(mark("zh", "zh", "区块链是一种技术"), "区块链是一种技术");
        assert_eq!(mark("ja", "en", "区块链とは"), "区块链とは");
    }

    #[test]
    fn latin_runs_on_a_chinese_page_get_the_site_language() {
        assert_eq!(mark("zh", "en", "分布式账本技术（DLT）是"), "分布式账本技术（<span lang=\"en\">DLT</span>）是");
        assert_eq!(mark("zh", "fr", "smart contract 是"), "<span lang=\"fr\">smart contract</span> 是");
        // A site whose own language is not in Latin letters says nothing about them.
        assert_eq!(mark("zh", "ar", "DLT 是"), "DLT 是");
    }

    /// `needed` (with its fast path for ASCII text) says yes exactly when `write` marks something.
    #[test]
    fn needed_is_whether_write_marks_anything() {
        let texts =
            ["", "plain text, 42!", "{ \"a\": [1, 2] }", "DLT", "  \n\t", "区块链", "分布式（DLT）", "café", "블록 x"];
        for (page, site) in [("en", "en"), ("zh", "en"), ("zh", "ar"), ("fr", "fr"), ("ja", "en")] {
            let marker = Marker::new(page, site);
            for text in texts {
                let mut out = String::new();
                marker.write(&mut out, text);
                let mut escaped = String::new();
                escape(&mut escaped, text);
                assert_eq!(marker.needed(text), out != escaped, "{page}/{site}: {text:?}");
            }
        }
    }

    #[test]
    fn spacing_and_escaping_stay_outside_and_inside_correctly() {
        assert_eq!(mark("en", "en", " <中> "), " &lt;<span lang=\"zh\">中</span>&gt; ");
        assert_eq!(mark("en", "en", "中 文"), "<span lang=\"zh\">中 文</span>");
        assert_eq!(mark("en", "en", "中 x 文"), "<span lang=\"zh\">中</span> x <span lang=\"zh\">文</span>");
    }
}
