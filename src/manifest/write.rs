//! Writing objects as multi-document YAML or as a JSON `List`.

use serde::Serialize;

use super::Object;
use super::object::{ObjectView, VersionedView};
use super::yaml_writer::{self, YamlWriteError};
use crate::networking::ApiVersion;

/// Writing failed; the message says which object and why.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An object could not be written as YAML.
    #[error("object {index} could not be written as YAML: {source}")]
    Yaml {
        /// The object's position in the input, from 0.
        index: usize,
        /// The YAML writer's error.
        source: YamlWriteError,
    },
    /// The objects could not be written as JSON.
    #[error("the objects could not be written as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The room [`write_yaml`] makes for the first document when it is to write one object, or
/// does not know how many: the objects of the `egress` example take 300 to 630 bytes of YAML
/// each. Just under 1 KiB, so that glibc serves it from its per-thread cache (blocks up to
/// 1,032 bytes with their header) instead of its slower bins.
const FIRST_DOCUMENT: usize = 1000;

/// The room [`write_yaml`] makes per object when it writes several: the middle of the
/// `egress` example's sizes.
const TYPICAL_DOCUMENT: usize = 512;

/// The most [`write_yaml`] reserves up front for the text (64 MiB).
const PRESIZE_LIMIT: usize = 64 << 20;

/// Writes the objects as YAML documents separated by `---`, Istio kinds with the given
/// `apiVersion`.
pub fn to_yaml<'a>(
    objects: impl IntoIterator<Item = &'a Object>,
    version: ApiVersion,
) -> Result<String, WriteError> {
    write_yaml(objects.into_iter().map(Object::view), version)
}

/// [`to_yaml`] for objects borrowed wherever they are held.
pub(crate) fn write_yaml<'a>(
    objects: impl IntoIterator<Item = ObjectView<'a>>,
    version: ApiVersion,
) -> Result<String, WriteError> {
    let mut objects = objects.into_iter();
    // Room for the documents at a common size, so that the text does not grow from nothing:
    // several objects get one allocation, rather than a first one that is moved to a larger
    // one once the first document shows their size. As below, a reservation the allocator
    // refuses is no error.
    let count = objects.size_hint().0;
    let mut out = String::new();
    let _ = out.try_reserve(if count > 1 {
        count.saturating_mul(TYPICAL_DOCUMENT).min(PRESIZE_LIMIT)
    } else {
        FIRST_DOCUMENT
    });
    let mut index = 0;
    while let Some(object) = objects.next() {
        if index > 0 {
            out.push_str("---\n");
        }
        yaml_writer::write_document(&mut out, &VersionedView { object, version })
            .map_err(|source| WriteError::Yaml { index, source })?;
        if index == 0 {
            // Room for the rest at the first one's size, instead of growing by doubling:
            // each doubling copies what is written so far. The guess is capped, and a
            // reservation the allocator refuses is no error: the text then grows as it goes.
            let rest = objects.size_hint().0;
            let guess = out.len().saturating_add(4).saturating_mul(rest);
            let _ = out.try_reserve(guess.min(PRESIZE_LIMIT));
        }
        index += 1;
    }
    Ok(out)
}

/// Writes the objects as one pretty-printed Kubernetes `List` (`apiVersion: v1`), the form
/// `kubectl get -o json` prints and `kubectl apply -f` reads, Istio kinds with the given
/// `apiVersion`.
pub fn to_json<'a>(
    objects: impl IntoIterator<Item = &'a Object>,
    version: ApiVersion,
) -> Result<String, WriteError> {
    write_json(objects.into_iter().map(Object::view), version)
}

/// [`to_json`] for objects borrowed wherever they are held.
pub(crate) fn write_json<'a>(
    objects: impl IntoIterator<Item = ObjectView<'a>>,
    version: ApiVersion,
) -> Result<String, WriteError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct List<'a> {
        api_version: &'static str,
        kind: &'static str,
        items: Vec<VersionedView<'a>>,
    }
    let list = List {
        api_version: "v1",
        kind: "List",
        items: objects
            .into_iter()
            .map(|object| VersionedView { object, version })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&list)?)
}
