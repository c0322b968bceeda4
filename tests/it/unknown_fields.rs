//! The manifest reader's unknown-field report agrees with `serde_ignored`, the reference
//! implementation of the same idea, on generated objects of the four kinds with keys the types
//! do not know added at random places (in JSON and in YAML, with and without escapes in the
//! keys above them).

use std::fmt::Debug;

use istio_egress::manifest::{Format, Manifest};
use istio_egress::networking::{
    ApiVersion, DestinationRule, Gateway, IstioKind, ServiceEntry, VirtualService,
};
use istio_egress::path::{FieldPath, Segment};
use proptest::prelude::*;
use serde_json::{Value, json};

const CASES: u32 = 96;

/// `serde_ignored`'s path in the crate's form: map keys and list positions, with the steps
/// through options, newtypes and variants left out.
fn from_reference(path: &serde_ignored::Path<'_>) -> FieldPath {
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
                segments.push(Segment::Key(key.clone().into()));
                current = parent;
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => current = parent,
        }
    }
    segments.into_iter().rev().collect()
}

/// The JSON pointers of every object in `value`, in document order.
fn object_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                object_pointers(child, format!("{at}/{key}"), out);
            }
            out.push(at);
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                object_pointers(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Adds an unknown key to the objects of `value` that `choices` picks (one choice per object,
/// cycling), each holding a nested value so that the report must name the key and not what is
/// inside it. A key is kept only where `K` still reads: added to a free-form map (labels,
/// headers) it is an entry, not an unknown field, and may not fit the map's values.
fn add_unknown_keys<K: IstioKind>(value: &mut Value, choices: &[bool]) {
    let mut pointers = Vec::new();
    object_pointers(value, String::new(), &mut pointers);
    for (n, pointer) in pointers.iter().enumerate() {
        if !choices[n % choices.len()] {
            continue;
        }
        let key = format!("zzUnknown{n}");
        let extra = json!({"inner": [1, {"deeper": true}], "text": "x"});
        if let Some(Value::Object(map)) = value.pointer_mut(pointer) {
            map.insert(key.clone(), extra);
        }
        if serde_json::from_value::<K>(value.clone()).is_err()
            && let Some(Value::Object(map)) = value.pointer_mut(pointer)
        {
            map.remove(&key);
        }
    }
}

/// Writes `value` as JSON with the first letter of every key below the top level written as a
/// `\u` escape, which a deserializer cannot lend from the input.
fn write_escaping_keys(value: &Value, out: &mut String) {
    write(value, out, 0);
    fn write(value: &Value, out: &mut String, depth: usize) {
        match value {
            Value::Object(map) => {
                out.push('{');
                for (i, (key, child)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let quoted = serde_json::to_string(key).unwrap();
                    match key.chars().next() {
                        Some(first) if depth > 0 && first.is_ascii_alphanumeric() => {
                            out.push_str(&format!("\"\\u{:04x}", u32::from(first)));
                            out.push_str(&quoted[2..]);
                        }
                        _ => out.push_str(&quoted),
                    }
                    out.push(':');
                    write(child, out, depth + 1);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out, depth + 1);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
}

/// The unknown fields the reader reports for `text`, sorted.
fn reported(text: &str, format: Format) -> Vec<FieldPath> {
    let read = Manifest::parse_as(text, format);
    assert!(read.errors.is_empty(), "{:?}\n{text}", read.errors);
    assert_eq!(read.documents.len(), 1, "{text}");
    let mut paths: Vec<FieldPath> = read.documents[0]
        .unknown_fields
        .iter()
        .map(|field| field.path.clone())
        .collect();
    paths.sort();
    paths
}

/// The reference's unknown fields for `json` read as `K`, sorted.
fn expected<K: IstioKind + Debug>(json: &str) -> Vec<FieldPath> {
    let mut paths = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let read: Result<K, _> =
        serde_ignored::deserialize(&mut deserializer, |path| paths.push(from_reference(&path)));
    read.unwrap_or_else(|e| panic!("the reference failed: {e}\n{json}"));
    paths.sort();
    paths
}

/// Adds unknown keys to `object` as `choices` says, and checks the reader against the
/// reference in JSON (keys plain, and keys written with escapes) and in YAML.
fn agrees<K: IstioKind + Debug>(object: &K, version: ApiVersion, choices: &[bool]) {
    let mut value = serde_json::to_value(object.with_version(version)).unwrap();
    add_unknown_keys::<K>(&mut value, choices);
    let json = serde_json::to_string_pretty(&value).unwrap();
    let want = expected::<K>(&json);
    assert_eq!(reported(&json, Format::Json), want, "JSON:\n{json}");

    let mut escaped = String::new();
    write_escaping_keys(&value, &mut escaped);
    assert_eq!(
        reported(&escaped, Format::Json),
        want,
        "JSON with escaped keys:\n{escaped}"
    );

    let yaml = serde_saphyr::to_string(&value).unwrap();
    assert_eq!(reported(&yaml, Format::Yaml), want, "YAML:\n{yaml}");
}

#[test]
fn the_report_names_each_unknown_key_at_every_depth() {
    let object: VirtualService = serde_json::from_value(json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": "reviews"},
        "spec": {
            "hosts": ["reviews"],
            "http": [
                {"route": [{"destination": {"host": "reviews"}}]},
                {"route": [{"destination": {"host": "ratings", "port": {"number": 80}}}]}
            ]
        }
    }))
    .unwrap();
    let mut value = serde_json::to_value(&object).unwrap();
    value["colour"] = json!("top");
    value["spec"]["http"][1]["route"][0]["destination"]["port"]["name"] = json!("http");
    value["spec"]["http"][1]["route"][0]["weight2"] = json!({"a": [1]});
    let json = serde_json::to_string(&value).unwrap();
    let paths: Vec<String> = reported(&json, Format::Json)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        paths,
        [
            "colour",
            "spec.http[1].route[0].destination.port.name",
            "spec.http[1].route[0].weight2",
        ]
    );
    assert_eq!(
        expected::<VirtualService>(&json),
        reported(&json, Format::Json)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn gateways_agree(
        object in any::<Gateway>(),
        version in any::<ApiVersion>(),
        choices in prop::collection::vec(any::<bool>(), 1..12),
    ) {
        agrees(&object, version, &choices);
    }

    #[test]
    fn service_entries_agree(
        object in any::<ServiceEntry>(),
        version in any::<ApiVersion>(),
        choices in prop::collection::vec(any::<bool>(), 1..12),
    ) {
        agrees(&object, version, &choices);
    }

    #[test]
    fn virtual_services_agree(
        object in any::<VirtualService>(),
        version in any::<ApiVersion>(),
        choices in prop::collection::vec(any::<bool>(), 1..12),
    ) {
        agrees(&object, version, &choices);
    }

    #[test]
    fn destination_rules_agree(
        object in any::<DestinationRule>(),
        version in any::<ApiVersion>(),
        choices in prop::collection::vec(any::<bool>(), 1..12),
    ) {
        agrees(&object, version, &choices);
    }
}
