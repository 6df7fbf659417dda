//! Where things are in a text: byte offsets to 1-based lines and columns (columns
//! count chars), a needle's column on a line, and the line that sets a TOML key, for
//! every parser's diagnostics.

/// Maps byte offsets in a text to 1-based (line, column) pairs; columns count chars.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self.text.get(start..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (line, col)
    }
}

/// Where `offset` (a byte offset in `text`) is: 1-based line and char column.
pub(crate) fn position(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).position(offset)
}

/// Column (1-based, chars) of `needle` on line `line` of `text`, or 1.
pub(crate) fn column_of(text: &str, line: usize, needle: &str) -> usize {
    text.lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find(needle).map(|b| l[..b].chars().count() + 1))
        .unwrap_or(1)
}

/// The 1-based line on which a TOML `text` sets `key` (`key = …`, however indented),
/// or 0 when no line does.
pub(crate) fn toml_key_line(text: &str, key: &str) -> usize {
    let sets = |l: &str| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='));
    text.lines().position(sets).map_or(0, |n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets_to_lines_and_char_columns() {
        let idx = LineIndex::new("ab\nçd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(5), (2, 2));
    }

    #[test]
    fn toml_key_line_finds_the_line_that_sets_the_key() {
        let text = "title = \"x\"\n[paths]\npass_mark_note = 1\n  pass_mark  = 120\n";
        assert_eq!(toml_key_line(text, "pass_mark"), 4);
        assert_eq!(toml_key_line(text, "title"), 1);
        assert_eq!(toml_key_line(text, "missing"), 0);
    }
}
