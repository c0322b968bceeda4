//! Reading and writing manifests: multi-document YAML, JSON, and `List` objects.
//!
//! [`Manifest::parse`] reads every document it can and reports every one it cannot, each by
//! its index in the file, its line, and the path of the field at fault; [`from_str`] is the
//! strict form that fails on the first problem, and [`parse_each`] hands each object over as
//! soon as it is read, for callers that check or filter objects one at a time. Objects of the
//! four Istio kinds and of the Kubernetes kinds analysis uses are typed; any other kind is
//! kept as raw JSON, so nothing is dropped. Fields the types do not know are listed per
//! document as [`UnknownField`]s, the way `kubectl --validate=strict` would report them,
//! while the types themselves stay lenient.
//!
//! ```
//! use istio_egress::manifest::{self, Object};
//!
//! let yaml = r#"
//! apiVersion: networking.istio.io/v1
//! kind: ServiceEntry
//! metadata: { name: api }
//! spec:
//!   hosts: [api.example.com]
//!   resolution: DNS
//!   colour: blue
//! ---
//! apiVersion: v1
//! kind: ConfigMap
//! metadata: { name: settings }
//! "#;
//! let read = manifest::Manifest::parse(yaml);
//! assert!(read.errors.is_empty());
//! assert!(matches!(read.documents[0].object, Object::ServiceEntry(_)));
//! assert_eq!(read.documents[0].unknown_fields[0].path.to_string(), "spec.colour");
//! assert_eq!(read.documents[0].unknown_fields[0].line, Some(8));
//! assert_eq!(read.documents[1].object.kind(), "ConfigMap");
//!
//! let written = manifest::to_yaml(read.objects(), Default::default())?;
//! assert!(written.contains("kind: ConfigMap"));
//! # Ok::<(), manifest::WriteError>(())
//! ```
//!
//! [`to_yaml`] writes block YAML in `kubectl`'s layout with a writer of the crate's own:
//! strings are plain only where no YAML reader could take them for something else (`"80"`,
//! `"on"`, `"*"` are quoted), multi-line text is a literal block when that is exact, and
//! anything else is double-quoted with escapes, so what is written reads back the same.
//! [`to_json`] writes one pretty-printed `List`.
//!
//! # Hostile input
//!
//! Reading is bounded by [`Limits`], whatever the text: [`Manifest::parse`] and
//! [`Manifest::parse_as`] use [`Limits::DEFAULT`], [`Manifest::parse_with`] takes others.
//!
//! | limit | default | bounds |
//! |---|---|---|
//! | [`max_document_bytes`](Limits::max_document_bytes) | 16 MiB | a document's text; also the text that YAML aliases may add, over the manifest |
//! | [`max_depth`](Limits::max_depth) | 64 (at most 128) | nesting of mappings and sequences in a document |
//! | [`max_nodes`](Limits::max_nodes) | 250,000 | values in a document, aliases expanded |
//! | [`max_alias_expansions`](Limits::max_alias_expansions) | 100,000 | nodes that YAML aliases and merge keys may add, over the manifest |
//! | [`max_documents`](Limits::max_documents) | 100,000 | documents read from a manifest |
//!
//! A document over a limit is a [`ReadError`] with its index and line, whose
//! [`limit`](ReadError::limit) and message name the limit; it is refused before anything
//! large or deep is built from it (no more of a document than the byte limit is ever parsed;
//! one nested too deep is refused at the first level too many), and the documents around it
//! are still read. So an alias bomb, a document nested ten thousand levels deep, a 100 MB
//! scalar or a million tiny documents each give an error, or the documents up to the limit
//! and an error, quickly and in memory proportional to the text. Reading never panics.
//!
//! Nothing readable is lost: every YAML document is read on its own, so a broken one is
//! reported and the others read. In a JSON stream, an object of a known kind is read straight
//! from the text; any value that does not read that way is split out by its brackets and read
//! on its own, so a value with a syntax error is reported and the values after it still read;
//! only a value whose brackets never balance leaves nothing to tell where the next one begins,
//! and its error says which lines were therefore not read.

mod direct;
mod json;
mod limits;
mod locate;
mod newlines;
mod object;
mod read;
mod unknown;
mod write;
mod yaml;
mod yaml_writer;

use std::fmt;

pub use limits::{Limit, Limits};
pub(crate) use object::ObjectView;
pub use object::{Object, VersionedObject};
pub use write::{WriteError, to_json, to_yaml};
pub(crate) use write::{write_json, write_yaml};
pub use yaml_writer::YamlWriteError;

use crate::path::FieldPath;

/// The format of a manifest's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// JSON if the text starts with `{` or `[`, YAML otherwise.
    #[default]
    Auto,
    /// One or more YAML documents separated by `---`.
    Yaml,
    /// One or more JSON values, one after the other.
    Json,
}

/// Where an object came from in a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The document's position in the file, counting from 0; documents with no content are
    /// not counted.
    pub document: usize,
    /// The object's position in the `items` of a `List` (or in a JSON array), if it was one;
    /// the items of a `List` nested in the items are counted in their place, in order.
    pub item: Option<usize>,
    /// The 1-based line of the file on which the document starts.
    pub line: u64,
}

impl Source {
    fn document(document: usize, line: u64) -> Self {
        Self {
            document,
            item: None,
            line,
        }
    }

    fn item(mut self, item: usize) -> Self {
        self.item = Some(item);
        self
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "document {}", self.document)?;
        if let Some(item) = self.item {
            write!(f, " item {item}")?;
        }
        write!(f, " (line {})", self.line)
    }
}

/// One object read from a manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Where the object came from.
    pub source: Source,
    /// The object.
    pub object: Object,
    /// Fields of the document that its type does not know, and that were therefore ignored.
    pub unknown_fields: Vec<UnknownField>,
}

/// A field a typed object did not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownField {
    /// Its path inside the object, such as `spec.http[0].websocketUpgrade`.
    pub path: FieldPath,
    /// The 1-based line of the file on which it stands, when it could be found.
    pub line: Option<u64>,
}

/// A document, or an object in it, that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// The document (and list item) at fault.
    pub source: Source,
    /// The 1-based line of the file where the problem is, when known.
    pub line: Option<u64>,
    /// The path of the field at fault inside the object, when there is one.
    pub path: Option<FieldPath>,
    /// The object the document describes, as far as it could be told.
    pub object: Option<Box<ObjectRef>>,
    /// What is wrong.
    pub message: String,
    /// The limit the document broke, when that is why it was not read; the message names it
    /// too.
    pub limit: Option<Limit>,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "document {}", self.source.document)?;
        if let Some(item) = self.source.item {
            write!(f, " item {item}")?;
        }
        write!(f, ", line {}", self.line.unwrap_or(self.source.line))?;
        if let Some(path) = &self.path {
            write!(f, ", {path}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ReadError {}

/// The kind and name of an object that could not be read, taken from the raw document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    /// The document's `kind`.
    pub kind: String,
    /// Its `metadata.namespace`, if set.
    pub namespace: Option<String>,
    /// Its `metadata.name`, if set.
    pub name: Option<String>,
}

/// Everything read from a manifest: the objects, and the documents that failed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    /// The objects read, in the order they stand in the file.
    pub documents: Vec<Document>,
    /// The documents or objects that could not be read, in file order.
    pub errors: Vec<ReadError>,
}

impl Manifest {
    /// Reads a manifest, guessing its format, within the default [`Limits`]; see
    /// [`Manifest::parse_with`].
    pub fn parse(text: &str) -> Self {
        Self::parse_with(text, Format::Auto, &Limits::DEFAULT)
    }

    /// Reads every document of a manifest in the given format, within the default
    /// [`Limits`]; see [`Manifest::parse_with`].
    pub fn parse_as(text: &str, format: Format) -> Self {
        Self::parse_with(text, format, &Limits::DEFAULT)
    }

    /// Reads every document of a manifest in the given format, within the given limits.
    ///
    /// A broken document, or one over a limit, is reported in [`Manifest::errors`] and does
    /// not stop the others from being read; only [`Limits::max_documents`], and JSON whose
    /// brackets never balance, end the reading early, and their error says which lines were
    /// not read. Never panics, whatever the text.
    pub fn parse_with(text: &str, format: Format, limits: &Limits) -> Self {
        read::parse(text, format, limits)
    }

    /// The objects read, in order.
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.documents.iter().map(|document| &document.object)
    }

    /// The documents, or the first error if any document failed.
    pub fn into_result(self) -> Result<Vec<Document>, ReadError> {
        match self.errors.into_iter().next() {
            Some(error) => Err(error),
            None => Ok(self.documents),
        }
    }
}

/// Reads each document of a manifest as untyped JSON, the way Kubernetes reads YAML, without
/// looking at what kind of object it is; broken documents are errors in their place.
///
/// ```
/// use istio_egress::manifest::{Format, read_values};
///
/// let docs = read_values("addresses: [1.2.3.4, 001:db8::]\n---\nb: [\n", Format::Yaml);
/// let (source, value) = docs[0].as_ref().unwrap();
/// assert_eq!(source.line, 1);
/// assert_eq!(value["addresses"][1], "001:db8::");
/// assert!(docs[1].is_err());
/// ```
pub fn read_values(
    text: &str,
    format: Format,
) -> Vec<Result<(Source, serde_json::Value), ReadError>> {
    read_values_with(text, format, &Limits::DEFAULT)
}

/// Reads each document of a manifest as untyped JSON, like [`read_values`], within the given
/// limits.
pub fn read_values_with(
    text: &str,
    format: Format,
    limits: &Limits,
) -> Vec<Result<(Source, serde_json::Value), ReadError>> {
    let mut out = Vec::new();
    let claim = |_: read::Offer<'_, '_>| None;
    read::raw_documents(text, format, limits, claim, |raw| {
        out.push(raw.map(|raw| (Source::document(raw.index, raw.first_line), raw.value)));
    });
    out
}

/// Reads every document of a manifest, like [`Manifest::parse_with`], and hands each object
/// (or the error of a document or item that could not be read) to `each` as soon as it is
/// read, in file order, instead of collecting them.
///
/// What `each` does with an object runs while the object is fresh in the processor's caches:
/// checking each one here (as a linter does) is cheaper than reading the whole manifest and
/// then going over it again, and a caller that keeps only some objects never holds the rest.
///
/// ```
/// use istio_egress::manifest::{self, Format, Limits};
/// use istio_egress::validate::Validate;
///
/// let text = r#"{"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
///   "metadata": {"name": "a"}, "spec": {"hosts": ["a.example.com"],
///   "http": [{"timeout": "0.5ms", "route": [{"destination": {"host": "a"}}]}]}}
/// {"apiVersion": "v1", "kind": "Service", "metadata": 7}"#;
/// let (mut findings, mut errors) = (Vec::new(), Vec::new());
/// manifest::parse_each(text, Format::Json, &Limits::DEFAULT, |read| match read {
///     Ok(document) => findings.extend(document.object.validate().findings),
///     Err(error) => errors.push(error),
/// });
/// assert_eq!(findings[0].path.to_string(), "spec.http[0].timeout");
/// assert_eq!(errors[0].source.document, 1);
/// ```
pub fn parse_each(
    text: &str,
    format: Format,
    limits: &Limits,
    mut each: impl FnMut(Result<Document, ReadError>),
) {
    read::parse_each(text, format, limits, &mut each);
}

/// Reads a manifest strictly: every object, or the first document that failed.
///
/// Unknown fields are not errors here; use [`Manifest::parse`] to see them.
pub fn from_str(text: &str) -> Result<Vec<Object>, ReadError> {
    Manifest::parse(text)
        .into_result()
        .map(|documents| documents.into_iter().map(|d| d.object).collect())
}
