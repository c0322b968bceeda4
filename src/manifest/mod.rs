//! Reading and writing manifests: multi-document YAML, JSON, and `List` objects.
//!
//! [`Manifest::parse`] reads every document it can and reports every one it cannot, each by
//! its index in the file, its line, and the path of the field at fault; [`from_str`] is the
//! strict form that fails on the first problem. Objects of the four Istio kinds and of the
//! Kubernetes kinds analysis uses are typed; any other kind is kept as raw JSON, so nothing is
//! dropped. Fields the types do not know are listed per document as [`UnknownField`]s, the way
//! `kubectl --validate=strict` would report them, while the types themselves stay lenient.
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

mod locate;
mod object;
mod read;
mod write;
mod yaml;

use std::fmt;

pub use object::{Object, VersionedObject};
pub use write::{WriteError, to_json, to_yaml};

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
    /// The object's position in the `items` of a `List` (or in a JSON array), if it was one.
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
    /// Reads a manifest, guessing its format; see [`Manifest::parse_as`].
    pub fn parse(text: &str) -> Self {
        Self::parse_as(text, Format::Auto)
    }

    /// Reads every document of a manifest in the given format. A broken document is reported
    /// in [`Manifest::errors`] and does not stop the others from being read.
    pub fn parse_as(text: &str, format: Format) -> Self {
        read::parse(text, format)
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
    read::raw_documents(text, format)
        .into_iter()
        .map(|raw| raw.map(|raw| (Source::document(raw.index, raw.first_line), raw.value)))
        .collect()
}

/// Reads a manifest strictly: every object, or the first document that failed.
///
/// Unknown fields are not errors here; use [`Manifest::parse`] to see them.
pub fn from_str(text: &str) -> Result<Vec<Object>, ReadError> {
    Manifest::parse(text)
        .into_result()
        .map(|documents| documents.into_iter().map(|d| d.object).collect())
}
