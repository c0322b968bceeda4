//! The fast way through a JSON document: its type guessed from its first members
//! ([`Head`]), then the typed object deserialized straight from the stream, with no
//! `serde_json::Value` in between and no separate scan for where the document ends —
//! `serde_json` says where the object it read ended, and the read measures its own depth.
//!
//! Only a plain object of a known kind is read this way, and only when it reads without error.
//! Everything else — `List`s, arrays, unknown kinds, objects with no kind, and any document
//! this path fails on — goes the general way: the scan splits it out and checks its limits,
//! and it is read through a value tree, which gives the error its field path and line. The
//! two ways agree on every document this way accepts: both read the same typed object and
//! report the same unknown fields.

use serde::de::DeserializeOwned;

use super::json::Head;
use super::object::{KnownKind, Object};
use super::unknown;
use crate::path::FieldPath;

/// Reads the JSON value `text` starts with as a typed object, if it is an object of a known
/// kind that reads without error and nests no deeper than `max_depth`; gives the object, the
/// paths of the fields it ignored, and the length of its text. What follows the value in
/// `text` is not looked at.
pub(super) fn read(
    text: &str,
    head: &Head<'_>,
    max_depth: usize,
) -> Option<(Object, Vec<FieldPath>, usize)> {
    let kind = head.kind?;
    // A list of objects, as the general reader decides it.
    if kind.ends_with("List") && head.has_items && !head.has_spec {
        return None;
    }
    let known = KnownKind::of(head.api_version?, kind)?;
    let mut unknown = Vec::new();
    let read = Reader {
        text,
        max_depth,
        unknown: &mut unknown,
    };
    let (object, len) = match known {
        KnownKind::Gateway => read.object(Object::Gateway),
        KnownKind::ServiceEntry => read.object(Object::ServiceEntry),
        KnownKind::VirtualService => read.object(Object::VirtualService),
        KnownKind::DestinationRule => read.object(Object::DestinationRule),
        KnownKind::Service => read.object(Object::Service),
        KnownKind::Namespace => read.object(Object::Namespace),
        KnownKind::Pod => read.object(Object::Pod),
        KnownKind::NetworkPolicy => read.object(Object::NetworkPolicy),
        KnownKind::Secret => read.object(Object::Secret),
    }?;
    Some((object, unknown, len))
}

/// One typed read of the value at the start of a text.
struct Reader<'r> {
    text: &'r str,
    max_depth: usize,
    unknown: &'r mut Vec<FieldPath>,
}

impl Reader<'_> {
    /// Deserializes one typed object from the start of the text, recording ignored fields;
    /// gives it as an [`Object`] (through `wrap`) with the length of its text.
    fn object<T: DeserializeOwned>(self, wrap: fn(Box<T>) -> Object) -> Option<(Object, usize)> {
        let mut de = serde_json::Deserializer::from_str(self.text);
        match unknown::deserialize_within(&mut de, self.unknown, self.max_depth) {
            // A stream over the rest starts where the value ended: its offset is the length.
            Ok(object) => Some((
                wrap(Box::new(object)),
                de.into_iter::<serde::de::IgnoredAny>().byte_offset(),
            )),
            Err(_) => {
                self.unknown.clear();
                None
            }
        }
    }
}
