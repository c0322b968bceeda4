//! JSON streams: finding where each value of a stream begins and ends without parsing it.
//!
//! `serde_json`'s stream reader stops at the first syntax error, which would lose every
//! document after a broken one. The boundaries of a JSON value can be found from brackets
//! and strings alone: a value that starts with `{` or `[` ends at the bracket that brings the
//! nesting back to zero, counting only brackets outside strings. A JSON string cannot hold a
//! raw line break, so a string still open at the end of a line is broken there and the scan
//! goes on, which keeps one unterminated string from swallowing the rest of the stream. What
//! cannot be recovered is a value whose brackets never balance: nothing in the text then
//! tells where the next document begins, so the rest of the stream is reported as not read
//! rather than guessed at.
//!
//! While scanning, the splitter measures each value's nesting depth and counts its values,
//! so that a document over the [`Limits`] is reported without being parsed.

use super::Limits;

/// One value of a JSON stream, or a stray token between values.
pub(crate) struct JsonDocument<'a> {
    /// The value's text.
    pub(crate) text: &'a str,
    /// The 1-based line on which it starts.
    pub(crate) first_line: u64,
    /// The 1-based byte column at which it starts.
    pub(crate) first_column: u64,
    /// The first line on which its nesting went past the depth limit.
    pub(crate) too_deep_at: Option<u64>,
    /// The first line on which its values went past the node limit.
    pub(crate) too_many_nodes_at: Option<u64>,
    /// Whether its brackets never balance: it then runs to the end of the text.
    pub(crate) unterminated: bool,
    /// The line on which the text ends.
    pub(crate) last_line: u64,
}

/// Splits a JSON stream into its values, in order; see the module documentation.
pub(crate) struct Splitter<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
    line_start: usize,
    max_depth: usize,
    max_nodes: usize,
}

impl<'a> Splitter<'a> {
    pub(crate) fn new(text: &'a str, limits: &Limits) -> Self {
        Self {
            text,
            pos: 0,
            line: 1,
            line_start: 0,
            max_depth: limits.depth(),
            max_nodes: limits.max_nodes,
        }
    }

    fn newline(&mut self, at: usize) {
        self.line += 1;
        self.line_start = at + 1;
    }

    /// Scans a string from the byte after its opening quote; returns the position after its
    /// closing quote, or of the line break or end of text that broke it.
    fn string_end(&mut self, mut at: usize) -> usize {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b'"' => return at + 1,
                b'\\' => {
                    // An escaped line break is still a line break, and still breaks the string.
                    if bytes.get(at + 1) == Some(&b'\n') {
                        return at + 1;
                    }
                    at += 2;
                }
                b'\n' => return at,
                _ => at += 1,
            }
        }
        bytes.len()
    }

    /// Scans a container from its opening bracket.
    fn container(&mut self, start: usize) -> JsonDocument<'a> {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut nodes = 0usize;
        let mut in_literal = false;
        let mut too_deep_at = None;
        let mut too_many_nodes_at = None;
        let mut at = start;
        let (first_line, first_column) = (self.line, (start - self.line_start) as u64 + 1);
        let mut end = None;
        while let Some(&byte) = bytes.get(at) {
            let literal = !matches!(
                byte,
                b'{' | b'}' | b'[' | b']' | b',' | b':' | b'"' | b' ' | b'\t' | b'\r' | b'\n'
            );
            if literal && !in_literal {
                nodes += 1;
            }
            in_literal = literal;
            match byte {
                b'{' | b'[' => {
                    depth += 1;
                    nodes += 1;
                    if depth > self.max_depth && too_deep_at.is_none() {
                        too_deep_at = Some(self.line);
                    }
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = Some(at + 1);
                        break;
                    }
                }
                b'"' => {
                    nodes += 1;
                    at = self.string_end(at + 1);
                    continue;
                }
                b'\n' => self.newline(at),
                _ => {}
            }
            if nodes > self.max_nodes && too_many_nodes_at.is_none() {
                too_many_nodes_at = Some(self.line);
            }
            at += 1;
        }
        let unterminated = end.is_none();
        let end = end.unwrap_or(bytes.len());
        self.pos = end;
        // A line break that ends the text does not start another line.
        let last_line = self.line - u64::from(unterminated && self.text.ends_with('\n'));
        JsonDocument {
            text: self.text.get(start..end).unwrap_or_default(),
            first_line,
            first_column,
            too_deep_at,
            too_many_nodes_at,
            unterminated,
            last_line,
        }
    }

    /// A value that is not a container: a string, a literal, or a stray token.
    fn scalar(&mut self, start: usize, end: usize) -> JsonDocument<'a> {
        let first_column = (start - self.line_start) as u64 + 1;
        self.pos = end;
        JsonDocument {
            text: self.text.get(start..end).unwrap_or_default(),
            first_line: self.line,
            first_column,
            too_deep_at: None,
            too_many_nodes_at: None,
            unterminated: false,
            last_line: self.line,
        }
    }
}

impl<'a> Iterator for Splitter<'a> {
    type Item = JsonDocument<'a>;

    fn next(&mut self) -> Option<JsonDocument<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos)? {
                b'\n' => {
                    self.newline(self.pos);
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                _ => break,
            }
        }
        let start = self.pos;
        Some(match bytes.get(start)? {
            b'{' | b'[' => self.container(start),
            b'"' => {
                let end = self.string_end(start + 1);
                self.scalar(start, end)
            }
            b'}' | b']' | b',' | b':' => self.scalar(start, start + 1),
            _ => {
                let len = bytes
                    .get(start..)?
                    .iter()
                    .position(|b| {
                        matches!(
                            b,
                            b'{' | b'}'
                                | b'['
                                | b']'
                                | b','
                                | b':'
                                | b'"'
                                | b' '
                                | b'\t'
                                | b'\r'
                                | b'\n'
                        )
                    })
                    .unwrap_or(bytes.len() - start);
                // A literal is at least one byte, and ends before an ASCII byte, so on a
                // character boundary.
                self.scalar(start, start + len.max(1))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(String, u64, bool)> {
        Splitter::new(text, &Limits::DEFAULT)
            .map(|d| (d.text.to_owned(), d.first_line, d.unterminated))
            .collect()
    }

    #[test]
    fn splits_at_balanced_brackets_outside_strings() {
        let docs = split("{\"a\": \"}{\"}\n\n[1, [2]] 3 \"x\"\n{\"b\": {}}");
        let texts: Vec<_> = docs.iter().map(|d| d.0.as_str()).collect();
        assert_eq!(
            texts,
            ["{\"a\": \"}{\"}", "[1, [2]]", "3", "\"x\"", "{\"b\": {}}"]
        );
        assert_eq!(docs[1].1, 3);
        assert_eq!(docs[4].1, 4);
    }

    #[test]
    fn an_open_string_ends_at_its_line() {
        let docs = split("{\"a\": \"oops}\n}\n{\"b\": 1}\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].0, "{\"b\": 1}");
        assert_eq!(docs[1].1, 3);
    }

    #[test]
    fn unbalanced_brackets_run_to_the_end() {
        let docs = split("{\"a\": [1}\n{\"b\": 1}\n");
        assert_eq!(docs.len(), 1);
        assert!(docs[0].2);
    }

    #[test]
    fn depth_and_nodes_are_measured() {
        let limits = Limits::DEFAULT.with_max_depth(2).with_max_nodes(5);
        let text = "[[1]]\n[\n[[1]]]\n[1, 2, \"3\", true, null]";
        let docs: Vec<_> = Splitter::new(text, &limits).collect();
        assert_eq!(docs[0].too_deep_at, None);
        assert_eq!(docs[1].too_deep_at, Some(3));
        assert_eq!(docs[2].too_many_nodes_at, Some(4));
        assert_eq!(docs[0].too_many_nodes_at, None);
    }
}
