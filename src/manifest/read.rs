//! Reading manifests: documents to [`Object`]s, with every problem named by place.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::locate::Locator;
use super::object::{KnownKind, Object};
use super::yaml;
use super::{Document, Format, Manifest, ObjectRef, ReadError, Source, UnknownField};
use crate::path::{FieldPath, Segment};

/// The text of one document, where it starts, and its content read as JSON.
pub(super) struct RawDocument<'a> {
    pub(super) index: usize,
    pub(super) text: &'a str,
    pub(super) first_line: u64,
    pub(super) value: Value,
}

/// Splits the text into documents and reads each as untyped JSON, in file order; a document
/// that is not valid YAML or JSON is an error in its place. Documents with no content are
/// skipped and not counted.
pub(super) fn raw_documents(text: &str, format: Format) -> Vec<Result<RawDocument<'_>, ReadError>> {
    let format = match format {
        Format::Auto if looks_like_json(text) => Format::Json,
        Format::Auto => Format::Yaml,
        other => other,
    };
    let mut out = Vec::new();
    match format {
        Format::Json => {
            let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
            loop {
                let start = stream.byte_offset();
                let index = out.len();
                match stream.next() {
                    None => break,
                    Some(Ok(value)) => {
                        let end = stream.byte_offset();
                        out.push(Ok(RawDocument {
                            index,
                            text: text.get(start..end).unwrap_or_default(),
                            first_line: line_of(text, start),
                            value,
                        }));
                    }
                    Some(Err(error)) => {
                        out.push(Err(ReadError {
                            source: Source::document(index, line_of(text, start)),
                            line: Some(error.line() as u64),
                            path: None,
                            object: None,
                            message: format!("invalid JSON: {error}"),
                        }));
                        // A JSON stream cannot be resumed after a syntax error.
                        break;
                    }
                }
            }
        }
        Format::Yaml | Format::Auto => {
            for doc in yaml::split(text) {
                let index = out.len();
                match yaml::to_value(doc.text) {
                    Ok(None) => {}
                    Ok(Some(value)) => out.push(Ok(RawDocument {
                        index,
                        text: doc.text,
                        first_line: doc.first_line,
                        value,
                    })),
                    Err(error) => {
                        let line = error
                            .location()
                            .map(|loc| doc.first_line + loc.line().saturating_sub(1));
                        let message = error.render_with_options(serde_saphyr::render_options! {
                            snippets: serde_saphyr::SnippetMode::Off,
                        });
                        out.push(Err(ReadError {
                            source: Source::document(index, doc.first_line),
                            line,
                            path: None,
                            object: None,
                            message: format!("invalid YAML: {message}"),
                        }));
                    }
                }
            }
        }
    }
    out
}

pub(super) fn parse(text: &str, format: Format) -> Manifest {
    let mut manifest = Manifest::default();
    for raw in raw_documents(text, format) {
        match raw {
            Ok(raw) => read_value(&mut manifest, raw),
            Err(error) => manifest.errors.push(error),
        }
    }
    manifest
}

fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

fn line_of(text: &str, byte: usize) -> u64 {
    let before = text.get(..byte).unwrap_or(text);
    // JSON documents in a stream may be preceded by white space; count from the first
    // character of the value.
    let skipped = text
        .get(byte..)
        .map_or(0, |rest| rest.len() - rest.trim_start().len());
    let lines_before = before.bytes().filter(|b| *b == b'\n').count();
    let lines_skipped = text
        .get(byte..byte + skipped)
        .map_or(0, |ws| ws.bytes().filter(|b| *b == b'\n').count());
    (lines_before + lines_skipped + 1) as u64
}

/// Reads one parsed document: a single object, a `List`, or a JSON array of objects.
fn read_value(manifest: &mut Manifest, raw: RawDocument<'_>) {
    let source = Source::document(raw.index, raw.first_line);
    let (text, first_line, value) = (raw.text, raw.first_line, raw.value);
    let locator = std::cell::OnceCell::new();
    let locate = |path: &FieldPath| -> Option<u64> {
        locator
            .get_or_init(|| Locator::new(text))
            .line(path)
            .map(|line| first_line + line.saturating_sub(1))
    };
    match value {
        Value::Array(items) => {
            for (item_index, item) in items.into_iter().enumerate() {
                let source = source.clone().item(item_index);
                let prefix = FieldPath::root().index(item_index);
                read_object(manifest, source, &prefix, item, &locate);
            }
        }
        Value::Object(ref map) if is_list(map) => {
            let list = object_ref(&value);
            let Value::Object(mut map) = value else {
                return;
            };
            match map.remove("items") {
                Some(Value::Array(items)) => {
                    for (item_index, item) in items.into_iter().enumerate() {
                        let source = source.clone().item(item_index);
                        let prefix = FieldPath::root().key("items").index(item_index);
                        read_object(manifest, source, &prefix, item, &locate);
                    }
                }
                Some(Value::Null) | None => {}
                Some(_) => manifest.errors.push(ReadError {
                    line: locate(&FieldPath::root().key("items")),
                    source,
                    path: Some(FieldPath::root().key("items")),
                    object: list,
                    message: "the items of a List must be a list".into(),
                }),
            }
        }
        value => read_object(manifest, source, &FieldPath::root(), value, &locate),
    }
}

fn is_list(map: &serde_json::Map<String, Value>) -> bool {
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    kind.ends_with("List") && map.contains_key("items") && !map.contains_key("spec")
}

fn read_object(
    manifest: &mut Manifest,
    source: Source,
    prefix: &FieldPath,
    value: Value,
    locate: &dyn Fn(&FieldPath) -> Option<u64>,
) {
    let object = object_ref(&value);
    let fail = |manifest: &mut Manifest, path: FieldPath, message: String| {
        let full = join(prefix, &path);
        manifest.errors.push(ReadError {
            line: locate(&full),
            source: source.clone(),
            path: (!path.is_root()).then_some(path),
            object: object.clone(),
            message,
        });
    };
    let Value::Object(map) = &value else {
        fail(
            manifest,
            FieldPath::root(),
            "a document must be an object".into(),
        );
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
            fail(
                manifest,
                FieldPath::root(),
                format!("the object has no {missing}, so its type is unknown"),
            );
            return;
        }
    };
    let mut unknown = Vec::new();
    let typed = match known {
        None => Ok(Object::Other(value)),
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
            let unknown_fields = unknown
                .into_iter()
                .map(|path| UnknownField {
                    line: locate(&join(prefix, &path)),
                    path,
                })
                .collect();
            manifest.documents.push(Document {
                source,
                object,
                unknown_fields,
            });
        }
        Err((path, message)) => fail(manifest, path, message),
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
    let result = serde_ignored::deserialize(tracked, |path| unknown.push(from_ignored(&path)));
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

fn from_ignored(path: &serde_ignored::Path<'_>) -> FieldPath {
    let mut segments = Vec::new();
    let mut current = path;
    loop {
        match current {
            serde_ignored::Path::Root => break,
            serde_ignored::Path::Seq { parent, index } => {
                segments.push(Segment::Index(*index));
                current = parent;
            }
            serde_ignored::Path::Map { parent, key } => {
                segments.push(Segment::Key(key.clone()));
                current = parent;
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => current = parent,
        }
    }
    segments.into_iter().rev().collect()
}

fn from_tracked(path: &serde_path_to_error::Path) -> FieldPath {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => Some(Segment::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}
