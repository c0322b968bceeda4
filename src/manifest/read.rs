//! Reading manifests: documents to [`Object`]s, with every problem named by place.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::locate::Locator;
use super::object::{KnownKind, Object};
use super::{Document, Format, Manifest, ObjectRef, ReadError, Source, UnknownField};
use super::{Limit, Limits, direct, json, yaml};
use crate::path::{FieldPath, Segment};

/// The text of one document, where it starts, and its content read as JSON.
pub(super) struct RawDocument<'a> {
    pub(super) index: usize,
    pub(super) text: &'a str,
    pub(super) first_line: u64,
    pub(super) value: Value,
    /// The document's location tree, if reading it already needed one.
    pub(super) locator: Option<Locator>,
}

impl ReadError {
    fn at(source: Source, line: Option<u64>, message: String, limit: Option<Limit>) -> Self {
        Self {
            source,
            line,
            path: None,
            object: None,
            message,
            limit,
        }
    }

    /// The document at `index`, starting on `line`, broke `limit`.
    fn over_limit(index: usize, line: u64, limit: Limit, what: String, limits: &Limits) -> Self {
        let message = format!("{what} (limit {limit} = {})", limits.value(limit));
        Self::at(
            Source::document(index, line),
            Some(line),
            message,
            Some(limit),
        )
    }

    /// The document `document` (a slice of `text`) at `index`, starting on `line`, is one too
    /// many: it and the rest of `text` are not read.
    fn too_many_documents(
        index: usize,
        text: &str,
        document: &str,
        line: u64,
        limits: &Limits,
    ) -> Self {
        let rest = text.get(offset_in(text, document)..).unwrap_or_default();
        let breaks = super::newlines::count(rest.as_bytes()) as u64;
        let last = line + breaks - u64::from(rest.ends_with('\n') && breaks > 0);
        let what = format!(
            "the manifest holds more than {} documents; this one and everything after it, \
             lines {line} to {last}, were not read",
            limits.max_documents
        );
        Self::over_limit(index, line, Limit::Documents, what, limits)
    }

    /// The document at `index`, starting on `line`, is larger than the limit.
    fn too_large(index: usize, line: u64, bytes: usize, limits: &Limits) -> Self {
        let what = format!("the document is {bytes} bytes long and was not parsed");
        Self::over_limit(index, line, Limit::DocumentBytes, what, limits)
    }
}

/// Splits the text into documents and reads each as untyped JSON, handing each, or its error,
/// to `each` in file order, so that no more than one document's value is held at a time.
/// Documents with no content are skipped and not counted.
///
/// `claim` may take a JSON object before it is read as a value. It is given an [`Offer`]:
/// the object's index, a text that starts with the object, the object's first line and what
/// its top level says of its type; when it takes the object it returns the length of the
/// object's text, and the object is not read again. A JSON object is first offered with the
/// rest of the stream as its text (at most as many bytes as a document may have and as it may
/// hold values, so an object it takes is within those limits) and a head guessed from its
/// first two members (see [`json::peek_head`]); `claim` must then itself hold the read to the
/// depth limit, and to every limit if it reads past that text into the rest of the stream,
/// which it is given too. An object it does not take that way is split out by the scan,
/// checked against every limit, and offered again with exactly its own text and the head the
/// scan found.
pub(super) fn raw_documents<'a>(
    text: &'a str,
    format: Format,
    limits: &Limits,
    mut claim: impl FnMut(Offer<'_, 'a>) -> Option<usize>,
    mut each: impl FnMut(Result<RawDocument<'a>, ReadError>),
) {
    let format = match format {
        Format::Auto if looks_like_json(text) => Format::Json,
        Format::Auto => Format::Yaml,
        other => other,
    };
    let too_many =
        |index, document, line| ReadError::too_many_documents(index, text, document, line, limits);
    let mut index = 0;
    match format {
        Format::Json => {
            let mut splitter = json::Splitter::new(text, limits);
            // The direct reader takes only valid JSON, and valid JSON of `n` values (keys
            // included, as the splitter counts them) takes at least `2n - 1` bytes: a number
            // or literal takes one byte or more, a string or container two, and the `k` values
            // inside a container stand `k - 1` commas and colons apart. So no document that
            // fits a window of `2 * max_nodes - 1` bytes holds more than `max_nodes` values.
            let window = limits
                .max_document_bytes
                .min(limits.max_nodes.saturating_mul(2).saturating_sub(1));
            let mut windows = Windows::new(text, window);
            while let Some(rest) = splitter.skip_space() {
                if index < limits.max_documents
                    && let Some(head) = json::peek_head(rest)
                    && let window = windows.at(rest)
                    && let Some(len) = claim(Offer {
                        index,
                        text: window,
                        rest,
                        whole: false,
                        cut: window.len() < rest.len(),
                        first_line: splitter.line(),
                        head: &head,
                    })
                {
                    splitter.consume(len);
                    index += 1;
                    continue;
                }
                let Some(doc) = splitter.next() else {
                    break;
                };
                if index >= limits.max_documents {
                    each(Err(too_many(index, doc.text, doc.first_line)));
                    break;
                }
                match json_limits(index, &doc, limits) {
                    Err(error) => each(Err(error)),
                    Ok(())
                        if doc.head.as_ref().is_some_and(|head| {
                            let offer = Offer {
                                index,
                                text: doc.text,
                                rest: doc.text,
                                whole: true,
                                cut: false,
                                first_line: doc.first_line,
                                head,
                            };
                            claim(offer).is_some()
                        }) => {}
                    Ok(()) => each(json_document(index, &doc)),
                }
                index += 1;
            }
        }
        Format::Yaml | Format::Auto => {
            let mut reader = yaml::Reader::new(limits);
            for doc in yaml::Splitter::new(text) {
                if !doc.has_content {
                    continue;
                }
                if index >= limits.max_documents {
                    each(Err(too_many(index, doc.text, doc.first_line)));
                    break;
                }
                if doc.text.len() > limits.max_document_bytes {
                    each(Err(ReadError::too_large(
                        index,
                        doc.first_line,
                        doc.text.len(),
                        limits,
                    )));
                    index += 1;
                    continue;
                }
                match reader.read(doc.text) {
                    Ok((None, _)) => {}
                    Ok((Some(value), locator)) => {
                        each(Ok(RawDocument {
                            index,
                            text: doc.text,
                            first_line: doc.first_line,
                            value,
                            locator,
                        }));
                        index += 1;
                    }
                    Err(error) => {
                        let line = error
                            .line
                            .map(|line| doc.first_line + line.saturating_sub(1));
                        let message = match (line, error.column) {
                            (Some(line), Some(column)) => {
                                format!("{} at line {line}, column {column}", error.message)
                            }
                            _ => error.message,
                        };
                        let source = Source::document(index, doc.first_line);
                        each(Err(ReadError::at(source, line, message, error.limit)));
                        index += 1;
                    }
                }
            }
        }
    }
}

/// A JSON object offered to the `claim` of [`raw_documents`].
pub(super) struct Offer<'h, 'a> {
    /// The document's index.
    pub(super) index: usize,
    /// A text that starts with the object.
    pub(super) text: &'a str,
    /// The rest of the stream from the object on (when `whole`, the object's text alone). A
    /// claim that reads past `text` holds the read to the limits itself.
    pub(super) rest: &'a str,
    /// Whether `text` is the object's alone (else the object is followed by the rest of the
    /// stream); a claim must then take all of it or nothing.
    pub(super) whole: bool,
    /// Whether `text` stops short of the end of the stream, at the window's end: an object
    /// longer than the window is then not all there.
    pub(super) cut: bool,
    /// The 1-based line on which the object starts.
    pub(super) first_line: u64,
    /// What the object's top level says of its type.
    pub(super) head: &'h json::Head<'a>,
}

/// The windows of a JSON stream offered to the direct reader: from a document's start to a
/// character boundary at most `window` bytes on.
///
/// Finding the boundary reads the byte at the window's end, far ahead of the reading, and
/// that one load missed the caches for every document: seven in ten of the samples in
/// `parse`'s own code, some 2% of a parse. So an end, once found, serves every later
/// document that starts at least half a window before it. A document offered less than
/// its full window and longer than what it was offered fails the direct read and goes the
/// general way, which gives the same result.
struct Windows<'a> {
    text: &'a str,
    window: usize,
    /// The end of the last window found, as an offset in `text`.
    end: usize,
}

impl<'a> Windows<'a> {
    fn new(text: &'a str, window: usize) -> Self {
        Self {
            text,
            window,
            end: 0,
        }
    }

    /// The window for the document `rest` starts (`rest` is a tail of the text).
    fn at(&mut self, rest: &'a str) -> &'a str {
        let start = offset_in(self.text, rest);
        if self.end < start.saturating_add(self.window / 2).max(start + 1) {
            self.end = char_boundary_at_most(self.text, start.saturating_add(self.window));
        }
        self.text.get(start..self.end).unwrap_or_default()
    }
}

/// The last character boundary of `text` at or before byte `at` (its length, past its end).
fn char_boundary_at_most(text: &str, at: usize) -> usize {
    let mut end = at.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Whether the splitter found a value of a JSON stream over a limit or unclosed.
fn json_limits(
    index: usize,
    doc: &json::JsonDocument<'_>,
    limits: &Limits,
) -> Result<(), ReadError> {
    let line = doc.first_line;
    if doc.unterminated {
        let message = format!(
            "invalid JSON: the value starting here never closes its brackets, so no later \
             document can be told apart from it; lines {line} to {} were not read",
            doc.last_line
        );
        return Err(ReadError::at(
            Source::document(index, line),
            Some(line),
            message,
            None,
        ));
    }
    if doc.text.len() > limits.max_document_bytes {
        return Err(ReadError::too_large(index, line, doc.text.len(), limits));
    }
    if let Some(at) = doc.too_deep_at {
        let what = format!("the document nests deeper than {} levels", limits.depth());
        let mut error = ReadError::over_limit(index, line, Limit::Depth, what, limits);
        error.line = Some(at);
        return Err(error);
    }
    if let Some(at) = doc.too_many_nodes_at {
        let what = format!("the document holds more than {} values", limits.max_nodes);
        let mut error = ReadError::over_limit(index, line, Limit::Nodes, what, limits);
        error.line = Some(at);
        return Err(error);
    }
    Ok(())
}

/// Reads one value of a JSON stream that is within the limits.
fn json_document<'a>(
    index: usize,
    doc: &json::JsonDocument<'a>,
) -> Result<RawDocument<'a>, ReadError> {
    let line = doc.first_line;
    match serde_json::from_str::<Value>(doc.text) {
        Ok(value) => Ok(RawDocument {
            index,
            text: doc.text,
            first_line: line,
            value,
            locator: None,
        }),
        Err(error) => {
            // The error's position is within the document; make it one within the file.
            let (relative, column) = (error.line() as u64, error.column() as u64);
            let message = error.to_string();
            let message = message
                .strip_suffix(&format!(" at line {relative} column {column}"))
                .filter(|_| relative > 0);
            let at = line + relative.saturating_sub(1);
            let message = match message {
                Some(message) => {
                    let column = if relative == 1 {
                        doc.first_column + column.saturating_sub(1)
                    } else {
                        column
                    };
                    format!("invalid JSON: {message} at line {at} column {column}")
                }
                None => format!("invalid JSON: {error}"),
            };
            Err(ReadError::at(
                Source::document(index, line),
                Some(at),
                message,
                None,
            ))
        }
    }
}

/// The byte offset of `part`, a slice of `text`, within it.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// Where what is read goes: each object, or the error of what could not be read, in file
/// order.
struct Out<'f>(&'f mut dyn FnMut(Result<Document, ReadError>));

impl Out<'_> {
    fn document(&mut self, document: Document) {
        (self.0)(Ok(document));
    }

    fn error(&mut self, error: ReadError) {
        (self.0)(Err(error));
    }
}

pub(super) fn parse(text: &str, format: Format, limits: &Limits) -> Manifest {
    let mut manifest = Manifest::default();
    parse_each(text, format, limits, &mut |read| match read {
        Ok(document) => manifest.documents.push(document),
        Err(error) => manifest.errors.push(error),
    });
    manifest
}

/// Reads every document of a manifest, handing each object or error to `each` as soon as it
/// is read.
pub(super) fn parse_each(
    text: &str,
    format: Format,
    limits: &Limits,
    each: &mut dyn FnMut(Result<Document, ReadError>),
) {
    let out = std::cell::RefCell::new(Out(each));
    let mut tallies = json::Tallies::new(text);
    raw_documents(
        text,
        format,
        limits,
        |offer: Offer<'_, '_>| {
            if may_be_list(&offer) {
                // A `List` is most often all the stream holds (what `kubectl get -o json`
                // prints), so one that runs past its window is most likely longer than it:
                // reading it would fail at the window's end, after scanning the whole window.
                // It is read from a window as long as a document may be instead, when that
                // holds no more values than one may; else the scan measures it first.
                let window = if offer.cut {
                    list_window(text, offer.rest, &mut tallies, limits)?
                } else {
                    offer.text
                };
                let (items, len) = direct::list(window, limits.depth())?;
                if offer.whole && len != offer.text.len() {
                    return None;
                }
                let text = window.get(..len)?;
                read_list_items(&mut out.borrow_mut(), &offer, text, items, limits);
                return Some(len);
            }
            let (object, unknown, len) = direct::read(offer.text, offer.head, limits.depth())?;
            if offer.whole && len != offer.text.len() {
                return None;
            }
            let text = offer.text.get(..len)?;
            let (index, first_line) = (offer.index, offer.first_line);
            let source = Source::document(index, first_line);
            let lines = Lines::new(text, first_line, limits, None);
            let locate = |path: &FieldPath| lines.of(path);
            let document = document(source, object, unknown, &FieldPath::root(), &locate);
            out.borrow_mut().document(document);
            Some(len)
        },
        |raw| match raw {
            Ok(raw) => read_value(&mut out.borrow_mut(), raw, limits),
            Err(error) => out.borrow_mut().error(error),
        },
    );
}

/// Whether the offered object may be a `List`: its kind says so and, where the scan has seen
/// its whole top level, it has items and no spec; or, before the scan, its items come before
/// its kind, as `kubectl` prints a `List`. No kind the crate types ends in `List`.
fn may_be_list(offer: &Offer<'_, '_>) -> bool {
    let head = offer.head;
    match head.kind {
        Some(kind) => {
            kind.ends_with("List") && (!offer.whole || (head.has_items && !head.has_spec))
        }
        None => !offer.whole && head.has_items,
    }
}

/// The text to read a `List` from that starts `rest` (a tail of `text`) and runs past the
/// stream's window: as much of `rest` as one document may be, if that much holds no more values
/// than a document may ([`json::Tallies`], so that the read keeps to the limit without the
/// scan's count), else `None`. A `List` longer than the text fails to read, and the scan then
/// reports it as too large.
fn list_window<'a>(
    text: &str,
    rest: &'a str,
    tallies: &mut json::Tallies<'_>,
    limits: &Limits,
) -> Option<&'a str> {
    let end = char_boundary_at_most(rest, limits.max_document_bytes);
    let start = offset_in(text, rest);
    let values = tallies.values_at_most(start, start + end);
    (values <= limits.max_nodes)
        .then(|| rest.get(..end))
        .flatten()
}

/// Hands on the items of the `List` that is the offered object, whose text is `text`, as
/// [`read_list`] would have read them: each typed item as a document of its own, each other
/// item through the general reader.
fn read_list_items(
    out: &mut Out<'_>,
    offer: &Offer<'_, '_>,
    text: &str,
    items: Vec<direct::ListItem>,
    limits: &Limits,
) {
    let source = Source::document(offer.index, offer.first_line);
    let lines = Lines::new(text, offer.first_line, limits, None);
    let locate = |path: &FieldPath| lines.of(path);
    let mut next_item = 0;
    for item in items {
        match item.read {
            direct::ItemRead::Typed(object, unknown) => {
                let source = source.clone().item(next_item);
                next_item += 1;
                out.document(document(source, object, unknown, &item.path, &locate));
            }
            direct::ItemRead::Value(value) => {
                read_item(out, &source, item.path, value, &locate, &mut next_item);
            }
        }
    }
}

/// The file lines of a document's fields, its location tree built on first use.
struct Lines<'a> {
    text: &'a str,
    first_line: u64,
    limits: &'a Limits,
    locator: std::cell::OnceCell<Locator>,
}

impl<'a> Lines<'a> {
    /// For the document `text` starting on `first_line`, with its tree if reading built one.
    fn new(text: &'a str, first_line: u64, limits: &'a Limits, built: Option<Locator>) -> Self {
        Self {
            text,
            first_line,
            limits,
            locator: built.map_or_else(std::cell::OnceCell::new, std::cell::OnceCell::from),
        }
    }

    /// The line of the file on which the field at `path` is, if it is in the document.
    fn of(&self, path: &FieldPath) -> Option<u64> {
        self.locator
            .get_or_init(|| Locator::new(self.text, self.limits))
            .line(path)
            .map(|line| self.first_line + line.saturating_sub(1))
    }
}

/// A read object with its unknown fields placed on lines.
fn document(
    source: Source,
    object: Object,
    unknown: Vec<FieldPath>,
    prefix: &FieldPath,
    locate: &dyn Fn(&FieldPath) -> Option<u64>,
) -> Document {
    let unknown_fields = unknown
        .into_iter()
        .map(|path| UnknownField {
            line: locate(&join(prefix, &path)),
            path,
        })
        .collect();
    Document {
        source,
        object,
        unknown_fields,
    }
}

fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

/// Reads one parsed document: a single object, a `List`, or a JSON array of objects.
fn read_value(out: &mut Out<'_>, raw: RawDocument<'_>, limits: &Limits) {
    let source = Source::document(raw.index, raw.first_line);
    let (text, first_line, value) = (raw.text, raw.first_line, raw.value);
    let lines = Lines::new(text, first_line, limits, raw.locator);
    let locate = |path: &FieldPath| lines.of(path);
    let mut next_item = 0;
    match value {
        Value::Array(items) => {
            for (item_index, item) in items.into_iter().enumerate() {
                let prefix = FieldPath::root().index(item_index);
                read_item(out, &source, prefix, item, &locate, &mut next_item);
            }
        }
        Value::Object(ref map) if is_list(map) => {
            read_list(
                out,
                &source,
                FieldPath::root(),
                value,
                &locate,
                &mut next_item,
            );
        }
        value => read_object(out, source, &FieldPath::root(), value, &locate),
    }
}

/// Reads the items of a `List` at `prefix` in its document. A `List` among the items is read
/// for its own items, as `kubectl` flattens nested lists; items are numbered in that
/// flattened order, from `next_item` on. The nesting is bounded by the depth limit.
fn read_list(
    out: &mut Out<'_>,
    source: &Source,
    prefix: FieldPath,
    value: Value,
    locate: &dyn Fn(&FieldPath) -> Option<u64>,
    next_item: &mut usize,
) {
    let list = object_ref(&value);
    let Value::Object(mut map) = value else {
        return;
    };
    let items_path = prefix.key("items");
    match map.remove("items") {
        Some(Value::Array(items)) => {
            for (item_index, item) in items.into_iter().enumerate() {
                let prefix = items_path.clone().index(item_index);
                read_item(out, source, prefix, item, locate, next_item);
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => out.error(ReadError {
            line: locate(&items_path),
            source: source.clone(),
            path: Some(items_path),
            object: list,
            message: "the items of a List must be a list".into(),
            limit: None,
        }),
    }
}

/// Reads one item of a `List` or a JSON array at `prefix`: an object, or a nested `List`.
fn read_item(
    out: &mut Out<'_>,
    source: &Source,
    prefix: FieldPath,
    item: Value,
    locate: &dyn Fn(&FieldPath) -> Option<u64>,
    next_item: &mut usize,
) {
    if let Value::Object(map) = &item
        && is_list(map)
    {
        read_list(out, source, prefix, item, locate, next_item);
        return;
    }
    let source = source.clone().item(*next_item);
    *next_item += 1;
    read_object(out, source, &prefix, item, locate);
}

fn is_list(map: &serde_json::Map<String, Value>) -> bool {
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    kind.ends_with("List") && map.contains_key("items") && !map.contains_key("spec")
}

fn read_object(
    out: &mut Out<'_>,
    source: Source,
    prefix: &FieldPath,
    value: Value,
    locate: &dyn Fn(&FieldPath) -> Option<u64>,
) {
    // What the object is (kind and name) is only worked out for an error.
    let fail = |out: &mut Out<'_>, value: &Value, path: FieldPath, message: String| {
        let full = join(prefix, &path);
        out.error(ReadError {
            line: locate(&full),
            source: source.clone(),
            path: (!path.is_root()).then_some(path),
            object: object_ref(value),
            message,
            limit: None,
        });
    };
    let Value::Object(map) = &value else {
        let message = "a document must be an object".into();
        fail(out, &value, FieldPath::root(), message);
        return;
    };
    let api_version = map.get("apiVersion").and_then(Value::as_str);
    let kind = map.get("kind").and_then(Value::as_str);
    let known = match (api_version, kind) {
        (Some(api_version), Some(kind)) => KnownKind::of(api_version, kind),
        (None, _) | (_, None) => {
            let missing = if api_version.is_none() {
                "apiVersion"
            } else {
                "kind"
            };
            let message = format!("the object has no {missing}, so its type is unknown");
            fail(out, &value, FieldPath::root(), message);
            return;
        }
    };
    let mut unknown = Vec::new();
    let typed = match known {
        None => {
            out.document(Document {
                source,
                object: Object::Other(value),
                unknown_fields: Vec::new(),
            });
            return;
        }
        Some(KnownKind::Gateway) => typed(&value, &mut unknown).map(Object::Gateway),
        Some(KnownKind::ServiceEntry) => typed(&value, &mut unknown).map(Object::ServiceEntry),
        Some(KnownKind::VirtualService) => typed(&value, &mut unknown).map(Object::VirtualService),
        Some(KnownKind::DestinationRule) => {
            typed(&value, &mut unknown).map(Object::DestinationRule)
        }
        Some(KnownKind::Service) => typed(&value, &mut unknown).map(Object::Service),
        Some(KnownKind::Namespace) => typed(&value, &mut unknown).map(Object::Namespace),
        Some(KnownKind::Pod) => typed(&value, &mut unknown).map(Object::Pod),
        Some(KnownKind::NetworkPolicy) => typed(&value, &mut unknown).map(Object::NetworkPolicy),
        Some(KnownKind::Secret) => typed(&value, &mut unknown).map(Object::Secret),
    };
    match typed {
        Ok(object) => {
            let document = document(source, object, unknown, prefix, locate);
            out.document(document);
        }
        Err((path, message)) => fail(out, &value, path, message),
    }
}

/// The kind, namespace and name of a document, when it has a kind.
fn object_ref(value: &Value) -> Option<Box<ObjectRef>> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    Some(Box::new(ObjectRef {
        kind: text(value.get("kind"))?,
        namespace: text(value.get("metadata").and_then(|m| m.get("namespace"))),
        name: text(value.get("metadata").and_then(|m| m.get("name"))),
    }))
}

/// Deserializes a typed object from JSON, recording the paths of fields it ignored.
fn typed<T: DeserializeOwned>(
    value: &Value,
    unknown: &mut Vec<FieldPath>,
) -> Result<Box<T>, (FieldPath, String)> {
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(value, &mut track);
    let result = super::unknown::deserialize(tracked, unknown);
    match result {
        Ok(object) => Ok(Box::new(object)),
        Err(error) => Err((from_tracked(&track.path()), error.to_string())),
    }
}

fn join(prefix: &FieldPath, path: &FieldPath) -> FieldPath {
    prefix
        .segments()
        .iter()
        .chain(path.segments())
        .cloned()
        .collect()
}

fn from_tracked(path: &serde_path_to_error::Path) -> FieldPath {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone().into())),
            serde_path_to_error::Segment::Enum { variant } => {
                Some(Segment::Key(variant.clone().into()))
            }
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}
