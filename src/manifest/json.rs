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
//!
//! The reader first offers each object to the typed path straight from the stream
//! ([`peek_head`], [`Splitter::skip_space`], [`Splitter::consume`]); the scan runs only over
//! the documents that path does not take.

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
    /// What the top level of an object says about its type, when the scan could tell for sure.
    pub(crate) head: Option<Head<'a>>,
}

/// The type-deciding keys of a top-level JSON object, as the scan found them: the last
/// `apiVersion` and `kind` that are plain strings (no escapes), and whether `items` and `spec`
/// are present. A scan that met an escape in a top-level key gives no head at all, since it
/// cannot tell which key that is without decoding it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Head<'a> {
    pub(crate) api_version: Option<&'a str>,
    pub(crate) kind: Option<&'a str>,
    pub(crate) has_items: bool,
    pub(crate) has_spec: bool,
}

/// Where the scan is within the top-level object.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Top {
    /// Before a key.
    Key,
    /// Before the value of the key just read.
    Value(TopKey),
    /// Within or after a value, before the comma.
    Done,
}

/// The top-level keys whose value the head keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TopKey {
    ApiVersion,
    Kind,
    Other,
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

/// What a byte is to the splitter outside strings.
const LITERAL: u8 = 0;
const SPACE: u8 = 1;
const NEWLINE: u8 = 2;
const OPEN: u8 = 3;
const CLOSE: u8 = 4;
const QUOTE: u8 = 5;
const PUNCTUATION: u8 = 6;

/// The class of every byte: anything not named is part of a literal.
// Indexing in a constant is checked when the crate compiles; it cannot fail at run time.
#[allow(clippy::indexing_slicing)]
static CLASS: [u8; 256] = {
    let mut class = [LITERAL; 256];
    class[b' ' as usize] = SPACE;
    class[b'\t' as usize] = SPACE;
    class[b'\r' as usize] = SPACE;
    class[b'\n' as usize] = NEWLINE;
    class[b'{' as usize] = OPEN;
    class[b'[' as usize] = OPEN;
    class[b'}' as usize] = CLOSE;
    class[b']' as usize] = CLOSE;
    class[b'"' as usize] = QUOTE;
    class[b',' as usize] = PUNCTUATION;
    class[b':' as usize] = PUNCTUATION;
    class
};

/// The class of `byte` outside strings.
fn class_of(byte: u8) -> u8 {
    CLASS.get(usize::from(byte)).copied().unwrap_or(LITERAL)
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
        loop {
            // Most strings are short: a plain loop finds their end sooner than a vector search
            // is set up; a long one is handed to `memchr`.
            let mut stop = None;
            for (offset, byte) in bytes
                .get(at..)
                .unwrap_or_default()
                .iter()
                .take(32)
                .enumerate()
            {
                if matches!(byte, b'"' | b'\\' | b'\n') {
                    stop = Some(at + offset);
                    break;
                }
            }
            let found = match stop {
                Some(found) => found,
                None => {
                    let from = (at + 32).min(bytes.len());
                    let rest = bytes.get(from..).unwrap_or_default();
                    match memchr::memchr3(b'"', b'\\', b'\n', rest) {
                        Some(offset) => from + offset,
                        None => return bytes.len(),
                    }
                }
            };
            match bytes.get(found) {
                Some(b'"') => return found + 1,
                Some(b'\\') => {
                    // An escaped line break is still a line break, and still breaks the string.
                    if bytes.get(found + 1) == Some(&b'\n') {
                        return found + 1;
                    }
                    at = found + 2;
                }
                _ => return found,
            }
        }
    }

    /// Scans a container from its opening bracket.
    fn container(&mut self, start: usize) -> JsonDocument<'a> {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut nodes = 0usize;
        let mut too_deep_at = None;
        let mut too_many_nodes_at = None;
        let mut at = start;
        let (first_line, first_column) = (self.line, (start - self.line_start) as u64 + 1);
        let mut end = None;
        let mut head = Head::default();
        let mut sure = bytes.get(start) == Some(&b'{');
        let mut top = Top::Done;
        while let Some(&byte) = bytes.get(at) {
            if depth == 1 && sure {
                match top {
                    Top::Value(key)
                        if !matches!(class_of(byte), SPACE | NEWLINE) && byte != b':' =>
                    {
                        // A value of the top-level object starts here.
                        let text = (byte == b'"').then(|| self.plain_string(at)).flatten();
                        match key {
                            TopKey::ApiVersion => head.api_version = text,
                            TopKey::Kind => head.kind = text,
                            TopKey::Other => {}
                        }
                        top = Top::Done;
                    }
                    Top::Key if byte == b'"' => match self.plain_string(at) {
                        None => sure = false,
                        Some(key) => {
                            top = Top::Value(match key {
                                "apiVersion" => TopKey::ApiVersion,
                                "kind" => TopKey::Kind,
                                "items" => {
                                    head.has_items = true;
                                    TopKey::Other
                                }
                                "spec" => {
                                    head.has_spec = true;
                                    TopKey::Other
                                }
                                _ => TopKey::Other,
                            });
                        }
                    },
                    Top::Done if byte == b',' => top = Top::Key,
                    _ => {}
                }
            }
            match class_of(byte) {
                SPACE => {
                    at += 1;
                    continue;
                }
                NEWLINE => {
                    self.newline(at);
                    at += 1;
                    // Indentation, the bulk of a pretty-printed document.
                    while bytes.get(at) == Some(&b' ') {
                        at += 1;
                    }
                    continue;
                }
                LITERAL => {
                    nodes += 1;
                    at += 1;
                    while bytes.get(at).is_some_and(|byte| class_of(*byte) == LITERAL) {
                        at += 1;
                    }
                }
                OPEN => {
                    depth += 1;
                    nodes += 1;
                    if depth == 1 {
                        top = Top::Key;
                    }
                    if depth > self.max_depth && too_deep_at.is_none() {
                        too_deep_at = Some(self.line);
                    }
                    at += 1;
                }
                CLOSE => {
                    depth = depth.saturating_sub(1);
                    at += 1;
                    if depth == 0 {
                        end = Some(at);
                        break;
                    }
                    continue;
                }
                QUOTE => {
                    nodes += 1;
                    at = self.string_end(at + 1);
                }
                _ => {
                    at += 1;
                    continue;
                }
            }
            if nodes > self.max_nodes && too_many_nodes_at.is_none() {
                too_many_nodes_at = Some(self.line);
            }
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
            head: (sure && !unterminated).then_some(head),
        }
    }

    /// The content of the string whose opening quote is at `at`, if it has no escapes and
    /// closes on its line.
    fn plain_string(&self, at: usize) -> Option<&'a str> {
        plain_token(self.text.get(at..)?).map(|(content, _)| content)
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
            head: None,
        }
    }
}

impl<'a> Splitter<'a> {
    /// Moves past the white space before the next value; returns the rest of the text from
    /// that value on, or `None` at the end of the text.
    pub(crate) fn skip_space(&mut self) -> Option<&'a str> {
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
        self.text.get(self.pos..)
    }

    /// The 1-based line on which the scan stands.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// Moves past `len` bytes that a reader took as one value, counting their lines.
    pub(crate) fn consume(&mut self, len: usize) {
        let end = (self.pos + len).min(self.text.len());
        let taken = self.text.as_bytes().get(self.pos..end).unwrap_or_default();
        let breaks = super::newlines::count(taken);
        if let Some(last) = memchr::memrchr(b'\n', taken) {
            self.line += breaks as u64;
            self.line_start = self.pos + last + 1;
        }
        self.pos = end;
    }
}

/// The head of a JSON object read from its first two members alone, when they are
/// `apiVersion` and `kind` (in either order) with plain string keys and values: what
/// Kubernetes and this crate write. `text` starts at the object's `{`. The head is a guess
/// the reader must confirm: the typed read of the whole object fails on a second `kind` or
/// `apiVersion`, and the object then goes the way of the full scan.
///
/// An object whose first members are a plain `apiVersion` and then `items` gives a head with
/// no kind that has items: the order in which `kubectl get -o json` prints a `List` (its keys
/// sorted, so the `kind` follows the items). Only a reader of `List`s can tell more.
pub(crate) fn peek_head(text: &str) -> Option<Head<'_>> {
    let mut rest = text.strip_prefix('{')?;
    let mut head = Head::default();
    for member in 0..2 {
        if member > 0 {
            rest = rest.trim_start_matches(is_space).strip_prefix(',')?;
        }
        let (key, after) = plain_token(rest.trim_start_matches(is_space))?;
        let after = after.trim_start_matches(is_space).strip_prefix(':')?;
        if member == 1 && key == "items" && head.api_version.is_some() {
            head.has_items = after.trim_start_matches(is_space).starts_with('[');
            return head.has_items.then_some(head);
        }
        let (value, after) = plain_token(after.trim_start_matches(is_space))?;
        match key {
            "apiVersion" if head.api_version.is_none() => head.api_version = Some(value),
            "kind" if head.kind.is_none() => head.kind = Some(value),
            _ => return None,
        }
        rest = after;
    }
    Some(head)
}

/// The colons, commas, `{` and `[` of `bytes`. One more than this is at least as many values
/// as any one JSON value in them holds, counted as the splitter counts them (keys included),
/// found without telling strings from the rest, so that it is cheap enough to run over a whole
/// window before reading it.
///
/// In valid JSON a document of `n` values has one `:` per key, one `,` between neighbours in
/// an object or list, and one `{` or `[` per object or list. Every value but the document
/// itself is a key (one per `:`), the value of a key (one per `:`) or an item of a list; the
/// items of a non-empty list are one more than its commas, and the commas of a non-empty object
/// one fewer than its keys. So `n = 1 + colons + commas + non-empty objects + non-empty lists`,
/// and counting the four bytes everywhere, inside strings as well, only adds to it.
fn tally(bytes: &[u8]) -> usize {
    fn counted(byte: u8) -> u8 {
        u8::from(matches!(byte, b':' | b',' | b'{' | b'['))
    }
    // Tallied in 64 byte-wide lanes, which the compiler turns into vector adds (a fifth of
    // the instructions of one running total): each lane takes one byte of every 64, at most
    // 255 before the block ends and the lanes are summed.
    let mut total = 0usize;
    let mut blocks = bytes.chunks_exact(LANES * 255);
    for block in &mut blocks {
        let mut lanes = [0u8; LANES];
        for part in block.chunks_exact(LANES) {
            for (lane, &byte) in lanes.iter_mut().zip(part) {
                *lane += counted(byte);
            }
        }
        total += lanes.iter().map(|&lane| usize::from(lane)).sum::<usize>();
    }
    total
        + blocks
            .remainder()
            .iter()
            .map(|&byte| usize::from(counted(byte)))
            .sum::<usize>()
}

/// The lanes of [`tally`].
const LANES: usize = 64;

/// At least as many values as a JSON value holds ([`tally`]), for stretches of one text, each
/// answered from tallies of the blocks it touches: the text is tallied once, a block at a
/// time and only as far as asked, so that the many `List`s of a long stream do not each tally
/// what follows them. A stretch's answer counts its first and last blocks whole, which only
/// adds to it.
pub(crate) struct Tallies<'a> {
    bytes: &'a [u8],
    /// The tally of the first `i` blocks at `i`; empty until the first question.
    upto: Vec<usize>,
}

impl<'a> Tallies<'a> {
    /// Bytes per block: four lane blocks.
    const BLOCK: usize = 4 * LANES * 255;

    /// Tallies of `text`, none made yet (and nothing allocated: most reads never ask).
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            upto: Vec::new(),
        }
    }

    /// At least as many values as any one JSON value between byte offsets `start` and `end`
    /// of the text holds.
    pub(crate) fn values_at_most(&mut self, start: usize, end: usize) -> usize {
        let (first, last) = (start / Self::BLOCK, end.div_ceil(Self::BLOCK));
        if self.upto.is_empty() {
            self.upto.push(0);
        }
        while self.upto.len() <= last {
            let done = self.upto.len() - 1;
            let from = (done * Self::BLOCK).min(self.bytes.len());
            let to = (from + Self::BLOCK).min(self.bytes.len());
            let block = self.bytes.get(from..to).unwrap_or_default();
            let before = self.upto.last().copied().unwrap_or_default();
            self.upto.push(before + tally(block));
        }
        let tally = |block: usize| self.upto.get(block).copied().unwrap_or_default();
        1 + tally(last) - tally(first)
    }
}

/// JSON's white space.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The content of the string `text` starts with, if it has no escapes and closes on its
/// line, and the text after it.
fn plain_token(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('"')?;
    let close = memchr::memchr3(b'"', b'\\', b'\n', rest.as_bytes())?;
    if rest.as_bytes().get(close) != Some(&b'"') {
        return None;
    }
    Some((rest.get(..close)?, rest.get(close + 1..)?))
}

impl<'a> Iterator for Splitter<'a> {
    type Item = JsonDocument<'a>;

    fn next(&mut self) -> Option<JsonDocument<'a>> {
        let bytes = self.text.as_bytes();
        self.skip_space()?;
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

    /// At least as many values as any one JSON value in `text` holds.
    fn values_at_most(text: &str) -> usize {
        1 + tally(text.as_bytes())
    }

    /// The values the splitter counts in the one document `text` holds (it measures lists and
    /// objects; a document of one scalar is one value).
    fn counted(text: &str) -> usize {
        if !text.starts_with(['{', '[']) {
            return 1;
        }
        let limits = |max_nodes| Limits::DEFAULT.with_max_nodes(max_nodes);
        let over = |max| {
            let mut splitter = Splitter::new(text, &limits(max));
            splitter.skip_space();
            splitter
                .next()
                .and_then(|doc| doc.too_many_nodes_at)
                .is_some()
        };
        // The least limit the document keeps to.
        let (mut low, mut high) = (0, text.len() + 1);
        while low < high {
            let mid = (low + high) / 2;
            if over(mid) { low = mid + 1 } else { high = mid }
        }
        low
    }

    /// JSON values whose strings may hold the bytes the bound counts.
    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a-z:,{\\[\\]}\"\\\\ ]{0,6}".prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                proptest::collection::btree_map("[a-z:,{]{0,4}", inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    /// The empty lists and objects in a value.
    fn empty(value: &serde_json::Value) -> usize {
        use serde_json::Value;
        match value {
            Value::Array(items) if items.is_empty() => 1,
            Value::Object(map) if map.is_empty() => 1,
            Value::Array(items) => items.iter().map(empty).sum(),
            Value::Object(map) => map.values().map(empty).sum(),
            _ => 0,
        }
    }

    proptest::proptest! {
        #[test]
        fn the_bound_holds_every_value_the_splitter_counts(value in json_value()) {
            for text in [value.to_string(), serde_json::to_string_pretty(&value).unwrap()] {
                let bound = values_at_most(&text);
                let counted = counted(&text);
                proptest::prop_assert!(counted <= bound, "{} > {} in {}", counted, bound, text);
                // Without the four bytes in its strings, the bound is the count and one more
                // for each empty list or object.
                let plain = !text.split('"').skip(1).step_by(2).any(|inside| {
                    inside.contains([':', ',', '{', '['])
                });
                if plain && !text.contains("\\\"") {
                    proptest::prop_assert_eq!(counted + empty(&value), bound, "{}", text);
                }
            }
        }
    }

    #[test]
    fn the_bound_counts_values_keys_included() {
        // The bound is exact but for one more per empty list or object.
        for (text, values, bound) in [
            ("1", 1, 1),
            ("[]", 1, 2),
            ("{}", 1, 2),
            ("[1, 2]", 3, 3),
            (r#"{"a": 1, "b": [true, {}]}"#, 7, 8),
            (r#"{"a": {"b": {"c": [null]}}}"#, 8, 8),
        ] {
            assert_eq!(counted(text), values, "{text}");
            assert_eq!(values_at_most(text), bound, "{text}");
        }
        // What strings hold counts too, which only overstates.
        assert_eq!(values_at_most(r#"{"a:b": "{[,"}"#), 7);
        assert_eq!(counted(r#"{"a:b": "{[,"}"#), 3);
        // Long texts are counted in blocks, and the bytes after the last block one by one.
        for items in [500, 2999, 3000] {
            let item = r#"{"k": [1, {"x": []}], "s": "a:,{[b"}"#;
            let text = format!("[{}]", vec![item; items].join(",\n"));
            assert!(text.len() > 3 * 64 * 255 || items == 500);
            let naive = 1 + text.matches([':', ',', '{', '[']).count();
            assert_eq!(values_at_most(&text), naive, "{items} items");
            assert_eq!(counted(&text), 1 + 9 * items);
            // Per item: four colons, three commas, three `{` and three `[`; the outer `[`,
            // and the commas between items.
            assert_eq!(naive, 1 + 1 + 13 * items + (items - 1));
        }
    }

    #[test]
    fn stretches_are_tallied_by_the_blocks_they_touch() {
        let item = r#"{"k": [1, {"x": []}], "s": "a:,{[b"}"#;
        let text = format!("[{}]", vec![item; 20_000].join(",\n"));
        let block = Tallies::BLOCK;
        assert!(text.len() > 5 * block);
        let mut tallies = Tallies::new(&text);
        // Asked out of order, and past the end of the text.
        for (start, end) in [
            (0, 10),
            (3 * block + 5, 4 * block),
            (block, block),
            (0, text.len()),
            (2 * block - 1, 2 * block + 1),
            (text.len() - 3, text.len() + block),
        ] {
            let whole_blocks = text
                .get(
                    start / block * block
                        ..end.div_ceil(block).saturating_mul(block).min(text.len()),
                )
                .unwrap();
            let stretch = text.get(start..end.min(text.len())).unwrap();
            let answer = tallies.values_at_most(start, end);
            assert_eq!(answer, values_at_most(whole_blocks), "{start}..{end}");
            assert!(answer >= values_at_most(stretch), "{start}..{end}");
        }
        assert_eq!(tallies.values_at_most(0, text.len()), values_at_most(&text));
    }

    #[test]
    fn a_list_printed_by_kubectl_has_a_head_with_items_and_no_kind() {
        let head = peek_head("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n").unwrap();
        assert_eq!(head.api_version, Some("v1"));
        assert_eq!(head.kind, None);
        assert!(head.has_items && !head.has_spec);
        for text in [
            r#"{"items": [], "apiVersion": "v1"}"#,
            r#"{"apiVersion": "v1", "items": {}}"#,
            r#"{"apiVersion": "v1", "metadata": {}}"#,
            r#"{"kind": "List", "items": []}"#,
        ] {
            assert_eq!(peek_head(text), None, "{text}");
        }
        let head = peek_head(r#"{"kind": "List", "apiVersion": "v1", "items": []}"#).unwrap();
        assert_eq!((head.kind, head.has_items), (Some("List"), false));
    }
}
