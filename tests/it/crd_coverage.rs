//! The types against the official CRD schema: for each kind, objects that set every property
//! the schema has (each one-of branch in turn) must read into our types with nothing ignored
//! and write back unchanged.

use crate::support;

use std::collections::BTreeSet;

use istio_egress::networking::{DestinationRule, Gateway, ServiceEntry, VirtualService};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use support::*;

/// How many objects are generated per kind. One-of groups nest (the hash key inside
/// `consistentHash` inside the load balancer's one-of), so each group picks its branch from a
/// hash of the object's number and the group's path rather than in lockstep; the coverage check
/// at the end proves every branch of every group was taken.
const BRANCHES: usize = 32;

/// The branch a one-of group at `path` takes in object number `branch`.
fn choose(branch: usize, path: &str, branches: usize) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.bytes().chain(branch.to_le_bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    // FNV's low bits follow the input's low bits; mix them (splitmix64's finaliser).
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^= hash >> 31;
    (hash % branches as u64) as usize
}

/// Builds a value for `schema` that sets every property, taking one branch of every one-of
/// group (see [`choose`]). Records the schema paths it set in `seen`.
fn maximal(schema: &Value, branch: usize, path: &str, seen: &mut BTreeSet<String>) -> Value {
    seen.insert(path.to_string());
    if schema.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
        return json!(3);
    }
    match schema["type"].as_str() {
        Some("object") => {
            let mut out = Map::new();
            if let Some(props) = schema["properties"].as_object() {
                let excluded = excluded_by_one_ofs(schema, branch, path);
                for (name, sub) in props {
                    if excluded.contains(name.as_str()) {
                        continue;
                    }
                    // The CRD lists the deprecated `mirrorPercent` under two spellings of one
                    // proto field; an object sets one or the other.
                    let even = branch.is_multiple_of(2);
                    if name == "mirror_percent" && even || name == "mirrorPercent" && !even {
                        continue;
                    }
                    let value = maximal(sub, branch, &format!("{path}.{name}"), seen);
                    out.insert(name.clone(), value);
                }
            }
            if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                let value = maximal(values, branch, &format!("{path}.*"), seen);
                out.insert("key-1".into(), value);
            }
            Value::Object(out)
        }
        Some("array") => json!([maximal(
            &schema["items"],
            branch,
            &format!("{path}[]"),
            seen
        )]),
        Some("string") => {
            if let Some(options) = schema["enum"].as_array() {
                options[choose(branch, path, options.len())].clone()
            } else if schema["format"] == "byte" {
                json!("aGVsbG8=")
            } else if schema["format"] == "date-time" {
                json!("2026-01-02T03:04:05Z")
            } else {
                json!("1s")
            }
        }
        Some("integer") => {
            let min = schema["minimum"].as_i64().unwrap_or(i64::MIN);
            let max = schema["maximum"].as_i64().unwrap_or(i64::MAX);
            json!(7_i64.clamp(min, max))
        }
        Some("number") => json!(0.5),
        Some("boolean") => json!(true),
        other => panic!("{path}: unexpected schema type {other:?}"),
    }
}

/// The properties that belong to the branches not chosen in each one-of group of `schema`.
fn excluded_by_one_ofs<'s>(schema: &'s Value, branch: usize, path: &str) -> BTreeSet<&'s str> {
    let mut groups: Vec<&Vec<Value>> = Vec::new();
    if let Some(one_of) = schema["oneOf"].as_array() {
        groups.push(one_of);
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        if let Some(one_of) = part["oneOf"].as_array() {
            groups.push(one_of);
        }
    }
    let mut excluded = BTreeSet::new();
    for (number, group) in groups.into_iter().enumerate() {
        let branches: Vec<Vec<&str>> = group
            .iter()
            .filter(|b| b.get("not").is_none())
            .map(|b| {
                b["required"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap())
                    .collect()
            })
            .collect();
        let chosen = choose(branch, &format!("{path}#{number}"), branches.len());
        for (i, names) in branches.iter().enumerate() {
            if i != chosen {
                excluded.extend(names.iter().copied());
            }
        }
    }
    excluded
}

/// Every property path the schema has, for checking that the generated objects cover it.
fn all_paths(schema: &Value, path: &str, out: &mut BTreeSet<String>) {
    out.insert(path.to_string());
    if let Some(props) = schema["properties"].as_object() {
        for (name, sub) in props {
            all_paths(sub, &format!("{path}.{name}"), out);
        }
    }
    if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        all_paths(values, &format!("{path}.*"), out);
    }
    if schema["type"] == "array" {
        all_paths(&schema["items"], &format!("{path}[]"), out);
    }
}

fn check_kind<T: DeserializeOwned + Serialize>(kind: &str) {
    let schema = &crd_schemas()[kind];
    let mut seen = BTreeSet::new();
    for branch in 0..BRANCHES {
        let mut object = maximal(schema, branch, "", &mut seen);
        object["apiVersion"] = json!("networking.istio.io/v1");
        object["kind"] = json!(kind);
        object["metadata"] = json!({"name": "maximal", "namespace": "ns"});

        let mut ignored = Vec::new();
        let typed: T = serde_ignored::deserialize(&object, |path| ignored.push(path.to_string()))
            .unwrap_or_else(|e| panic!("{kind} branch {branch} does not read: {e}"));
        assert!(
            ignored.is_empty(),
            "{kind} branch {branch}: properties our types lack: {ignored:?}"
        );

        let written = serde_json::to_value(&typed).unwrap();
        let mut expected = object.clone();
        rename_key(&mut expected, "mirror_percent", "mirrorPercent");
        assert!(
            json_eq(&written, &expected),
            "{kind} branch {branch} changed in a round trip: {}",
            first_difference(&written, &expected, "").unwrap_or_default()
        );
        let schema_problems = schema_errors(kind, &written);
        assert!(
            schema_problems.is_empty(),
            "{kind} branch {branch}: {schema_problems:?}"
        );
    }
    let mut every = BTreeSet::new();
    all_paths(schema, "", &mut every);
    let missed: Vec<_> = every.difference(&seen).collect();
    assert!(
        missed.is_empty(),
        "{kind}: properties never generated: {missed:?}"
    );
}

/// We read both spellings of the deprecated `mirrorPercent` and write the camelCase one.
fn rename_key(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            if let Some(v) = map.remove(from) {
                map.insert(to.to_string(), v);
            }
            map.values_mut().for_each(|v| rename_key(v, from, to));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_key(v, from, to)),
        _ => {}
    }
}

#[test]
fn gateway_has_every_crd_property() {
    check_kind::<Gateway>("Gateway");
}

#[test]
fn service_entry_has_every_crd_property() {
    check_kind::<ServiceEntry>("ServiceEntry");
}

#[test]
fn virtual_service_has_every_crd_property() {
    check_kind::<VirtualService>("VirtualService");
}

#[test]
fn destination_rule_has_every_crd_property() {
    check_kind::<DestinationRule>("DestinationRule");
}

#[test]
fn a_property_we_lacked_would_be_named() {
    // The check above relies on unknown properties being reported; prove that it sees one.
    let object = json!({
        "apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "g"},
        "spec": {"servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"},
                               "hosts": ["*"], "futureField": 1}]},
    });
    let mut ignored = Vec::new();
    let _: Gateway = serde_ignored::deserialize(&object, |p| ignored.push(p.to_string())).unwrap();
    assert_eq!(ignored, ["spec.servers.0.futureField"]);
}
