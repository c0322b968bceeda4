//! The fast way through a JSON document: its type as the stream's splitter found it at the top
//! level ([`Head`]), then the typed object deserialized straight from the text, with no
//! `serde_json::Value` in between.
//!
//! Only a plain object of a known kind is read this way, and only when it reads without error.
//! Everything else — `List`s, arrays, unknown kinds, objects with no kind, and any document
//! this path fails on — goes the general way through a value tree, which gives the error its
//! field path and line. The two ways agree on every document this way accepts: both read the
//! same typed object and report the same unknown fields.

use serde::de::DeserializeOwned;

use super::json::Head;
use super::object::{KnownKind, Object};
use super::unknown;
use crate::path::FieldPath;

/// Reads `text`, one JSON value, as a typed object with the paths of the fields it ignored,
/// if it is an object of a known kind that reads without error.
pub(super) fn read(text: &str, head: &Head<'_>) -> Option<(Object, Vec<FieldPath>)> {
    let kind = head.kind?;
    // A list of objects, as the general reader decides it.
    if kind.ends_with("List") && head.has_items && !head.has_spec {
        return None;
    }
    let known = KnownKind::of(head.api_version?, kind)?;
    let mut unknown = Vec::new();
    let object = match known {
        KnownKind::Gateway => typed(text, &mut unknown).map(Object::Gateway),
        KnownKind::ServiceEntry => typed(text, &mut unknown).map(Object::ServiceEntry),
        KnownKind::VirtualService => typed(text, &mut unknown).map(Object::VirtualService),
        KnownKind::DestinationRule => typed(text, &mut unknown).map(Object::DestinationRule),
        KnownKind::Service => typed(text, &mut unknown).map(Object::Service),
        KnownKind::Namespace => typed(text, &mut unknown).map(Object::Namespace),
        KnownKind::Pod => typed(text, &mut unknown).map(Object::Pod),
        KnownKind::NetworkPolicy => typed(text, &mut unknown).map(Object::NetworkPolicy),
        KnownKind::Secret => typed(text, &mut unknown).map(Object::Secret),
    }?;
    Some((object, unknown))
}

/// Deserializes one typed object from the whole of `text`, recording ignored fields.
fn typed<T: DeserializeOwned>(text: &str, unknown: &mut Vec<FieldPath>) -> Option<Box<T>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let object = unknown::deserialize(&mut de, unknown);
    match object.and_then(|object| de.end().map(|()| object)) {
        Ok(object) => Some(Box::new(object)),
        Err(_) => {
            unknown.clear();
            None
        }
    }
}
