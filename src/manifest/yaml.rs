//! YAML documents: splitting a stream, reading each into JSON the way Kubernetes does within
//! the [`Limits`], and the one place where Rust's YAML and Go's disagree.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::Value;
use serde_saphyr::budget::{BudgetBreach, BudgetReport};
use serde_saphyr::granit_parser::Event;

use super::locate::{Entry, Locator, Node, NodeId};
use super::{Limit, Limits};

/// How far the YAML scanner looks ahead for a simple key's `:`, in characters (serde-saphyr's
/// default, and YAML's own bound on simple keys).
const SIMPLE_KEY_LOOKAHEAD: usize = 1024;

/// The YAML parser's own limit on nesting, left above the depth limit by as much as its
/// scanner may read ahead of the parser (a simple key's 1,024 characters, each of which may
/// open a level), so that the budget is what refuses a document too deep, and reports it as
/// the depth limit it is.
pub(crate) fn parser_nesting_limit(limits: &Limits) -> usize {
    limits.depth().saturating_add(SIMPLE_KEY_LOOKAHEAD + 2)
}

/// The parser options for every document under these limits: duplicate keys are errors (as
/// in `kubectl`), and serde-saphyr's budget and alias limits are set from the [`Limits`] so
/// that each breach names one of them. [`Reader::read`] narrows the alias limits to what is
/// left of the manifest's.
fn options(limits: &Limits) -> serde_saphyr::Options {
    let depth = limits.depth();
    let expansions = limits.max_alias_expansions;
    let budget = serde_saphyr::budget! {
        flow_nesting_limit: parser_nesting_limit(limits),
        simple_key_max_lookahead: SIMPLE_KEY_LOOKAHEAD,
        max_depth: depth,
        max_nodes: limits.max_nodes,
        // Every node is at most two events (a start and an end), plus one per alias.
        max_events: limits
            .max_nodes
            .saturating_mul(2)
            .saturating_add(expansions)
            .saturating_add(16),
        max_anchors: limits.max_nodes,
        max_aliases: expansions,
        max_merge_keys: expansions,
        max_documents: limits.max_documents,
        // The expansion limits bound alias bombs; the ratio heuristic would only add false
        // alarms on documents that reuse one anchor many times.
        enforce_alias_anchor_ratio: false,
    };
    serde_saphyr::options! {
        budget: budget,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: expansions,
            max_replay_stack_depth: depth,
        },
        // Errors are rendered without source snippets; building them is wasted work.
        with_snippet: false,
    }
}

/// One document of a YAML stream.
pub(crate) struct YamlDocument<'a> {
    /// The document's text, including its `---` line if it has one.
    pub(crate) text: &'a str,
    /// The 1-based line of the file on which the text starts.
    pub(crate) first_line: u64,
    /// Whether any line holds more than white space, comments and document markers; a
    /// document without content is not parsed.
    pub(crate) has_content: bool,
}

/// Splits a YAML stream at its `---` document markers.
///
/// A marker is `---` at the start of a line followed by a space, a tab or the line's end;
/// YAML forbids that sequence anywhere else at the start of a line (even inside block
/// scalars), so a textual split agrees with the parser while letting every document be read,
/// and fail, on its own.
pub(crate) struct Splitter<'a> {
    text: &'a str,
    /// Where the next document starts.
    start: usize,
    /// The line on which it starts.
    line: u64,
}

impl<'a> Splitter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            start: 0,
            line: 1,
        }
    }
}

impl<'a> Iterator for Splitter<'a> {
    type Item = YamlDocument<'a>;

    fn next(&mut self) -> Option<YamlDocument<'a>> {
        let rest = self
            .text
            .get(self.start..)
            .filter(|rest| !rest.is_empty())?;
        let first_line = self.line;
        let mut has_content = false;
        let mut len = 0;
        for raw_line in lines(rest) {
            if len > 0 && is_document_marker(raw_line) {
                break;
            }
            has_content = has_content || line_has_content(raw_line);
            len += raw_line.len();
            self.line += 1;
            // `...` ends the document; the next one may start without `---`.
            if marker_rest(raw_line, "...").is_some() {
                break;
            }
        }
        // The last line of the text, without a line break, does not start another line.
        if !rest.get(..len).unwrap_or_default().ends_with(['\n', '\r']) {
            self.line -= 1;
        }
        self.start += len;
        Some(YamlDocument {
            text: rest.get(..len).unwrap_or_default(),
            first_line,
            has_content,
        })
    }
}

/// The lines of `text`, each with its line break: YAML ends a line at `\n`, `\r\n` or a lone
/// `\r`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let end = match memchr::memchr2(b'\n', b'\r', bytes) {
            None => bytes.len(),
            Some(at) if bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n') => {
                at + 2
            }
            Some(at) => at + 1,
        };
        let (line, after) = rest.split_at_checked(end).unwrap_or((rest, ""));
        rest = after;
        Some(line)
    })
}

fn is_document_marker(line: &str) -> bool {
    marker_rest(line, "---").is_some()
}

/// The rest of a line that starts with a document marker (`---` or `...`).
fn marker_rest<'l>(line: &'l str, marker: &str) -> Option<&'l str> {
    let rest = line.strip_prefix(marker)?;
    (rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n'])).then_some(rest)
}

/// Whether a line holds anything but white space, a comment, or a bare document marker.
fn line_has_content(line: &str) -> bool {
    let rest = marker_rest(line, "---")
        .or_else(|| marker_rest(line, "..."))
        .unwrap_or(line);
    let rest = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    !(rest.is_empty() || rest.starts_with('#'))
}

/// A document that could not be read.
pub(crate) struct YamlError {
    /// The 1-based line within the document's text, when known.
    pub(crate) line: Option<u64>,
    /// The 1-based column, when the message should end with the position.
    pub(crate) column: Option<u64>,
    /// What is wrong.
    pub(crate) message: String,
    /// The limit the document broke, if that is what is wrong.
    pub(crate) limit: Option<Limit>,
}

/// What reading one document took, from serde-saphyr's budget report.
#[derive(Clone, Copy)]
struct Usage {
    nodes: usize,
    aliases: usize,
    scalar_bytes: usize,
    recorded_anchor_events: usize,
    recorded_anchor_bytes: usize,
}

/// Reads the YAML documents of one manifest, within its [`Limits`].
///
/// Expanding aliases is the only way a document costs more than its text: every other cost
/// grows with the text's length. So that a manifest of many small alias bombs costs no more
/// than one, alias expansion is budgeted over the whole manifest: the nodes that aliases add
/// and the anchored nodes kept to expand them count against
/// [`Limits::max_alias_expansions`], and the text that aliases add and keep counts against
/// [`Limits::max_document_bytes`]; each document may use what the documents before it left.
pub(crate) struct Reader {
    limits: Limits,
    options: serde_saphyr::Options,
    usage: Rc<Cell<Option<Usage>>>,
    /// The alias expansion, in nodes, left to the rest of the manifest.
    nodes_left: usize,
    /// The text alias expansion may still add, in bytes.
    bytes_left: usize,
}

impl Reader {
    pub(crate) fn new(limits: &Limits) -> Self {
        let usage = Rc::new(Cell::new(None));
        let sink = Rc::clone(&usage);
        // serde-saphyr reports after every document, whether it was read or not.
        let options = options(limits).with_budget_report(move |report: BudgetReport| {
            sink.set(Some(Usage {
                nodes: report.nodes,
                aliases: report.aliases,
                scalar_bytes: report.total_scalar_bytes,
                recorded_anchor_events: report.recorded_anchor_events,
                recorded_anchor_bytes: report.recorded_anchor_bytes,
            }));
        });
        Self {
            limits: *limits,
            options,
            usage,
            nodes_left: limits.max_alias_expansions,
            bytes_left: limits.max_document_bytes,
        }
    }

    /// Reads one document into JSON; `None` for a document with no content. When reading it
    /// needed the document's location tree, that comes too, for reuse.
    pub(crate) fn read(
        &mut self,
        text: &str,
    ) -> Result<(Option<Value>, Option<Locator>), YamlError> {
        let mut options = self.options.clone();
        options.alias_limits.max_total_replayed_events = self.nodes_left;
        if let Some(budget) = options.budget.as_mut() {
            budget.max_recorded_anchor_events = self.nodes_left;
            budget.max_recorded_anchor_bytes = self.bytes_left;
            // A document's own scalars hold no more text than it does; tags spelled out in
            // full may add some.
            budget.max_total_scalar_bytes =
                text.len().saturating_mul(2).saturating_add(self.bytes_left);
        }
        let (nodes_before, bytes_before) = (self.nodes_left, self.bytes_left);
        self.usage.set(None);
        let result = serde_saphyr::from_str_with_options::<Option<Value>>(text, options);
        if let Some(usage) = self.usage.take() {
            self.charge(text, usage);
        }
        let mut value = result.map_err(|error| {
            let spent = Spent {
                nodes: self
                    .limits
                    .max_alias_expansions
                    .saturating_sub(nodes_before),
                bytes: self.limits.max_document_bytes.saturating_sub(bytes_before),
            };
            describe(&error, &self.limits, spent)
        })?;
        let mut locator = None;
        // Only a `:` directly followed by `,` or `]` can need repair; most documents have none.
        if let Some(value) = value.as_mut()
            && (text.contains(":,") || text.contains(":]"))
            && has_flow_pair_with_empty_value(value)
        {
            let tree = Locator::new(text, &self.limits);
            if let Some(root) = tree.root() {
                repair_flow_colons(value, &tree, root, text);
            }
            locator = Some(tree);
        }
        Ok((value.filter(|v| !v.is_null()), locator))
    }

    /// Charges what a document's aliases and anchors took to the manifest's budget.
    fn charge(&mut self, text: &str, usage: Usage) {
        let mut nodes = usage.recorded_anchor_events;
        let mut bytes = usage.recorded_anchor_bytes;
        if usage.aliases > 0 {
            // What the aliases added is what was read beyond the document's own nodes.
            let own = own_size(text, &self.limits);
            nodes = nodes.saturating_add(usage.nodes.saturating_sub(own.nodes));
            bytes = bytes.saturating_add(usage.scalar_bytes.saturating_sub(own.bytes));
        }
        self.nodes_left = self.nodes_left.saturating_sub(nodes);
        self.bytes_left = self.bytes_left.saturating_sub(bytes);
    }
}

/// The nodes and scalar text of a document as written, aliases not expanded.
struct Size {
    nodes: usize,
    bytes: usize,
}

/// Counts a document's own nodes and scalar text from the parser's events, without
/// expanding aliases.
fn own_size(text: &str, limits: &Limits) -> Size {
    let nesting = parser_nesting_limit(limits);
    let options = serde_saphyr::granit_parser::options! {
        flow_nesting_limit: nesting,
        block_nesting_limit: nesting,
    };
    let mut size = Size { nodes: 0, bytes: 0 };
    for event in serde_saphyr::granit_parser::Parser::new_from_str_with_options(text, options) {
        match event {
            Ok((Event::Scalar(value, ..), _)) => {
                size.nodes += 1;
                size.bytes = size.bytes.saturating_add(value.len());
            }
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), _)) => size.nodes += 1,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    size
}

/// How much of the manifest's alias budget the documents before this one used.
#[derive(Clone, Copy)]
struct Spent {
    nodes: usize,
    bytes: usize,
}

/// Describes a parser error, naming the limit it stands for when it is a limit's breach.
fn describe(error: &serde_saphyr::Error, limits: &Limits, spent: Spent) -> YamlError {
    let line = error.location().map(|location| location.line());
    let limit = |limit: Limit, what: String| YamlError {
        line,
        column: None,
        message: format!("{what} (limit {limit} = {})", limits.value(limit)),
        limit: Some(limit),
    };
    let earlier = |spent: usize, unit: &str| {
        if spent > 0 {
            format!(", of which earlier documents used {spent} {unit}")
        } else {
            String::new()
        }
    };
    let nodes = || {
        let what = format!(
            "the document holds more than {} values, aliases expanded",
            limits.max_nodes
        );
        limit(Limit::Nodes, what)
    };
    let expansions = |what: &str| {
        let what = format!(
            "{what}: the manifest may expand aliases to {} nodes in all{}",
            limits.max_alias_expansions,
            earlier(spent.nodes, "nodes")
        );
        limit(Limit::AliasExpansions, what)
    };
    let text = || {
        let what = format!(
            "expanding the document's aliases produces too much text: the manifest may expand \
             aliases to {} bytes in all{}",
            limits.max_document_bytes,
            earlier(spent.bytes, "bytes")
        );
        limit(Limit::DocumentBytes, what)
    };
    let depth = || {
        let what = format!("the document nests deeper than {} levels", limits.depth());
        limit(Limit::Depth, what)
    };
    match original(error) {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => depth(),
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => nodes(),
            BudgetBreach::Anchors { .. } => nodes(),
            BudgetBreach::Aliases { .. } => expansions("the document has too many aliases"),
            BudgetBreach::MergeKeys { .. } => expansions("the document has too many merge keys"),
            BudgetBreach::RecordedAnchorEvents { .. } => {
                expansions("the document's anchors keep too many nodes for expansion")
            }
            BudgetBreach::ScalarBytes { .. } | BudgetBreach::RecordedAnchorBytes { .. } => text(),
            BudgetBreach::Documents { .. } => limit(
                Limit::Documents,
                "the text holds too many documents".to_owned(),
            ),
            _ => invalid(error, line),
        },
        serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => {
            expansions("expanding the document's aliases adds too many nodes")
        }
        serde_saphyr::Error::AliasReplayStackDepthExceeded { .. } => depth(),
        _ => invalid(error, line),
    }
}

fn invalid(error: &serde_saphyr::Error, line: Option<u64>) -> YamlError {
    let message = error.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    // The position is within the document: take it off, for the caller to give it within
    // the file.
    let position = error.location().and_then(|location| {
        let suffix = format!(" at line {}, column {}", location.line(), location.column());
        let message = message.strip_suffix(&suffix)?;
        Some((message.to_owned(), location.column()))
    });
    let (message, column) = match position {
        Some((message, column)) => (message, Some(column)),
        None => (message, None),
    };
    YamlError {
        line,
        column,
        message: format!("invalid YAML: {message}"),
        limit: None,
    }
}

/// The error under the wrappers that add alias locations and snippets.
fn original(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    loop {
        match error {
            serde_saphyr::Error::AliasError { error: inner, .. }
            | serde_saphyr::Error::WithSnippet { error: inner, .. } => error = inner,
            other => return other,
        }
    }
}

/// Whether some sequence holds a one-key mapping whose value is empty: the shape YAML 1.2 gives
/// `[001:db8::]`, which Go's YAML (and so Kubernetes) reads as the string `001:db8::`.
///
/// Recursive, but no deeper than [`Limits::max_depth`]: the parser refuses deeper documents.
fn has_flow_pair_with_empty_value(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|item| {
            matches!(item, Value::Object(map) if map.len() == 1 && map.values().all(Value::is_null))
                || has_flow_pair_with_empty_value(item)
        }),
        Value::Object(map) => map.values().any(has_flow_pair_with_empty_value),
        _ => false,
    }
}

/// Gives Go's reading to plain scalars in flow sequences that end in `:` before `,` or `]`.
///
/// YAML 1.2 ends a plain scalar at a `:` followed by a flow indicator and makes it a key with
/// no value; Go's YAML, which Kubernetes uses, ends it only at `:` followed by a space. Where
/// the source shows a key followed directly by `:` and then `,` or `]`, the pair is put back
/// together as the string Go would read.
///
/// Recursive, but no deeper than the value, which is no deeper than [`Limits::max_depth`].
fn repair_flow_colons(value: &mut Value, locator: &Locator, node: NodeId, text: &str) {
    let Some(located) = locator.get(node) else {
        return;
    };
    match (value, &located.node) {
        (Value::Array(items), Node::Seq(nodes)) => {
            for (item, &item_node) in items.iter_mut().zip(nodes) {
                if let Some(joined) = go_flow_scalar(item, locator, item_node, text) {
                    *item = Value::String(joined);
                } else {
                    repair_flow_colons(item, locator, item_node, text);
                }
            }
        }
        (Value::Object(map), Node::Map(_)) => {
            for (key, child) in map.iter_mut() {
                if let Some(entry) = locator.entry(node, key) {
                    repair_flow_colons(child, locator, entry.value, text);
                }
            }
        }
        _ => {}
    }
}

fn go_flow_scalar(item: &Value, locator: &Locator, node: NodeId, text: &str) -> Option<String> {
    let Value::Object(map) = item else {
        return None;
    };
    let (key, value) = map.iter().next()?;
    let Node::Map(entries) = &locator.get(node)?.node else {
        return None;
    };
    let [Entry { key_end, .. }] = entries.as_slice() else {
        return None;
    };
    if map.len() != 1 || !value.is_null() {
        return None;
    }
    let after = text.get((*key_end)?..)?.as_bytes();
    match after {
        [b':', b',' | b']', ..] => Some(format!("{key}:")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<YamlDocument<'_>> {
        Splitter::new(text).collect()
    }

    #[test]
    fn splits_at_markers_only() {
        let text = "a: 1\n---\nb: |\n  --x\n--- \nc: 3\n";
        let docs = split(text);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[1].first_line, 2);
        assert_eq!(docs[2].first_line, 5);
        assert!(docs[1].text.contains("--x"));
        assert_eq!(docs.iter().map(|d| d.text).collect::<String>(), text);
    }

    #[test]
    fn documents_without_content_are_told_apart_without_parsing() {
        let text = "--- # c\n\n  # c\n...\n---\n ---\n--- |\n  x\n---\n\ta: 1";
        let docs = split(text);
        let content: Vec<_> = docs.iter().map(|d| (d.first_line, d.has_content)).collect();
        assert_eq!(content, [(1, false), (5, true), (7, true), (9, true)]);
    }

    fn value(text: &str) -> Value {
        Reader::new(&Limits::DEFAULT)
            .read(text)
            .ok()
            .and_then(|(value, _)| value)
            .unwrap()
    }

    #[test]
    fn reads_ipv6_in_flow_sequences_as_go_does() {
        let value = value("addresses: [1.2.3.4, 001:db8::]\nother: [a:, b]\nmap: [a: 1]\n");
        assert_eq!(
            value["addresses"],
            serde_json::json!(["1.2.3.4", "001:db8::"])
        );
        assert_eq!(value["other"], serde_json::json!(["a:", "b"]));
        assert_eq!(value["map"], serde_json::json!([{"a": 1}]));
    }

    #[test]
    fn repairs_in_large_mappings_by_key() {
        let mut text = String::new();
        for i in (0..2000).rev() {
            text.push_str(&format!("k{i}: [a:, b]\n"));
        }
        let value = value(&text);
        assert_eq!(value["k0"], serde_json::json!(["a:", "b"]));
        assert_eq!(value["k1999"], serde_json::json!(["a:", "b"]));
    }
}
