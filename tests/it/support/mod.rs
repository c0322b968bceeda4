//! Helpers shared by the integration tests: the official CRD schemas, a strict JSON-schema
//! check, the CRD's CEL rules, the fixtures, and JSON comparison.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};

pub const KINDS: [&str; 4] = [
    "Gateway",
    "ServiceEntry",
    "VirtualService",
    "DestinationRule",
];

pub fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// The `v1` openAPIV3Schema of each networking kind, from the official CRD file.
pub fn crd_schemas() -> &'static BTreeMap<String, Value> {
    static SCHEMAS: OnceLock<BTreeMap<String, Value>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let text = std::fs::read_to_string(data("crds/crds.gen.yaml")).unwrap();
        let docs: Vec<Value> = serde_saphyr::from_str_multiple(&text).unwrap();
        let mut schemas = BTreeMap::new();
        for doc in docs {
            if doc["spec"]["group"] != "networking.istio.io" {
                continue;
            }
            let kind = doc["spec"]["names"]["kind"].as_str().unwrap().to_string();
            if !KINDS.contains(&kind.as_str()) {
                continue;
            }
            let versions = doc["spec"]["versions"].as_array().unwrap();
            let v1 = versions.iter().find(|v| v["name"] == "v1").unwrap();
            for other in versions {
                assert_eq!(
                    other["schema"], v1["schema"],
                    "{kind}: all served versions share one schema"
                );
            }
            schemas.insert(kind, v1["schema"]["openAPIV3Schema"].clone());
        }
        assert_eq!(schemas.len(), 4);
        schemas
    })
}

/// The kind's schema made strict the way `kubectl --validate=strict` is: unknown properties
/// are rejected wherever the CRD does not preserve them, and the object's envelope is allowed.
fn strict(schema: &Value) -> Value {
    fn walk(node: &mut Value) {
        let Value::Object(map) = node else { return };
        let preserve = map.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true));
        if map.contains_key("properties") && !map.contains_key("additionalProperties") && !preserve
        {
            map.insert("additionalProperties".into(), Value::Bool(false));
        }
        for value in map.values_mut() {
            match value {
                Value::Array(items) => items.iter_mut().for_each(walk),
                other => walk(other),
            }
        }
    }
    let mut schema = schema.clone();
    walk(&mut schema);
    let props = schema["properties"].as_object_mut().unwrap();
    props.insert("apiVersion".into(), serde_json::json!({"type": "string"}));
    props.insert("kind".into(), serde_json::json!({"type": "string"}));
    props.insert("metadata".into(), serde_json::json!({"type": "object"}));
    schema
}

/// Every way the object breaks its kind's CRD schema (structure, types, enums, bounds and
/// unknown fields), as `path: message` lines.
pub fn schema_errors(kind: &str, object: &Value) -> Vec<String> {
    static VALIDATORS: OnceLock<BTreeMap<String, jsonschema::Validator>> = OnceLock::new();
    let validators = VALIDATORS.get_or_init(|| {
        crd_schemas()
            .iter()
            .map(|(kind, schema)| {
                let validator = jsonschema::draft4::new(&strict(schema)).unwrap();
                (kind.clone(), validator)
            })
            .collect()
    });
    validators[kind]
        .iter_errors(object)
        .map(|e| format!("{}: {}", e.instance_path(), e))
        .collect()
}

/// Every CEL rule (`x-kubernetes-validations`) of the kind's CRD that the object breaks.
pub fn cel_errors(kind: &str, object: &Value) -> Vec<String> {
    cel_failures(kind, object)
        .into_iter()
        .map(|e| format!("{}: {} ({})", e.path, e.message, e.rule))
        .collect()
}

/// Checks an Istio object against its CRD schema and CEL rules, naming what fails.
pub fn assert_passes_crd(what: &str, object: &Value) {
    let kind = object["kind"].as_str().unwrap();
    let mut errors = schema_errors(kind, object);
    errors.extend(cel_errors(kind, object));
    assert!(
        errors.is_empty(),
        "{what} fails the {kind} CRD:\n{}",
        errors.join("\n")
    );
}

/// JSON equality as Kubernetes sees it: numbers compare by value, so `50` equals `50.0`.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The first place where two JSON values differ, for failure messages.
pub fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<_> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(v), Some(w)) => first_difference(v, w, &format!("{path}.{k}")),
                (v, w) => Some(format!("{path}.{k}: {v:?} vs {w:?}")),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]"))),
        _ if json_eq(a, b) => None,
        _ => Some(format!("{path}: {a} vs {b}")),
    }
}

/// The YAML fixture files of a folder under `tests/data`, sorted.
pub fn fixtures(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Removes a key from a JSON object, returning it.
pub fn take(value: &mut Value, key: &str) -> Option<Value> {
    value
        .as_object_mut()
        .and_then(|m: &mut Map<String, Value>| m.remove(key))
}

/// One rule's table entry: an object that passes the rule, one that breaks it, and the path
/// where the breach must be reported.
pub struct Case {
    /// The rule id, such as `G18`.
    pub rule: &'static str,
    /// A whole YAML object with no finding of `rule`.
    pub pass: &'static str,
    /// A whole YAML object with a finding of `rule` at `path`.
    pub fail: &'static str,
    /// The path of that finding (empty for the object itself).
    pub path: &'static str,
}

/// Reads one YAML object (which must read cleanly) and validates it.
pub fn report_for(yaml: &str) -> istio_egress::validate::Report {
    use istio_egress::validate::Validate;
    let objects = istio_egress::manifest::from_str(yaml)
        .unwrap_or_else(|e| panic!("test object does not read: {e}\n{yaml}"));
    assert_eq!(objects.len(), 1, "one object per case");
    objects[0].validate()
}

/// Runs a rule table: each case's `pass` has no finding of its rule, and its `fail` has one at
/// its path. Returns the rule ids covered, for completeness checks.
pub fn check_cases(cases: &[Case]) -> BTreeSet<&'static str> {
    let mut covered = std::collections::BTreeSet::new();
    for case in cases {
        let passing = report_for(case.pass);
        let hits: Vec<_> = passing.of_rule(case.rule).collect();
        assert!(
            hits.is_empty(),
            "{}: pass case reported {hits:?}",
            case.rule
        );
        let failing = report_for(case.fail);
        assert!(
            failing
                .of_rule(case.rule)
                .any(|f| f.path.to_string() == case.path),
            "{}: fail case has no finding at {:?}; it has:\n{failing}",
            case.rule,
            case.path
        );
        covered.insert(case.rule);
    }
    covered
}

/// One CEL rule the object breaks: where, what the evaluation said, and the rule's expression.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CelFailure {
    /// The path of the node the rule failed on, such as `spec.endpoints[0].ports.http`.
    pub path: String,
    /// The rule's message, or the evaluation error when the rule could not be evaluated.
    pub message: String,
    /// The rule's CEL expression, as written in the CRD.
    pub rule: String,
}

/// Every CEL rule (`x-kubernetes-validations`) of the kind's CRD that the object breaks, with
/// its path and expression kept apart (unlike [`cel_errors`]).
pub fn cel_failures(kind: &str, object: &Value) -> Vec<CelFailure> {
    thread_local! {
        static CEL: kube_core::cel::Validator = kube_core::cel::Validator::new();
    }
    let schema = &crd_schemas()[kind];
    match CEL.with(|cel| cel.validate(schema, object, None)) {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .into_vec()
            .into_iter()
            .map(|e| CelFailure {
                path: e.field_path,
                message: e.message,
                rule: e.rule,
            })
            .collect(),
    }
}

/// Asserts that the cases cover exactly `rules`, less those that cannot fire on typed input.
pub fn assert_covers(
    cases: &[Case],
    rules: impl IntoIterator<Item = String>,
    not_fireable: &[&str],
) {
    let covered: BTreeSet<String> = check_cases(cases).into_iter().map(str::to_owned).collect();
    let expected: BTreeSet<String> = rules
        .into_iter()
        .filter(|rule| !not_fireable.contains(&rule.as_str()))
        .collect();
    assert_eq!(covered, expected);
}

/// Asserts that each case's failing finding has the catalogue's severity: a warning
/// (IST0133) for the rules in `warnings`, an error (IST0106) for the rest.
pub fn assert_severities(cases: &[Case], warnings: &[&str]) {
    use istio_egress::validate::{Severity, codes};
    for case in cases {
        let report = report_for(case.fail);
        let finding = report
            .of_rule(case.rule)
            .find(|f| f.path.to_string() == case.path)
            .unwrap_or_else(|| panic!("{}: no finding at {}", case.rule, case.path));
        let expected = if warnings.contains(&case.rule) {
            (Severity::Warning, codes::SCHEMA_WARNING)
        } else {
            (Severity::Error, codes::SCHEMA_VALIDATION_ERROR)
        };
        assert_eq!((finding.severity, finding.code), expected, "{}", case.rule);
        assert!(!finding.message.is_empty());
    }
}

/// Asserts that every case's passing object has no error at all and passes the CRD schema and
/// its CEL rules.
pub fn assert_pass_cases_valid(cases: &[Case]) {
    for case in cases {
        let value: Value = serde_saphyr::from_str(case.pass).unwrap();
        assert_passes_crd(&format!("{} pass case", case.rule), &value);
        let report = report_for(case.pass);
        let errors: Vec<_> = report.errors().collect();
        assert!(errors.is_empty(), "{} pass case: {errors:?}", case.rule);
    }
}

/// A certificate for the analyzers' certificate checks (how it was made: tests/it/analyze_gateway.rs):
/// self-signed, v3, valid 2020-01-01T00:00:00Z to 2099-12-31T23:59:59Z.
/// The file lives beside the DER reader, whose unit tests read it too, so that it ships with
/// the crate's sources.
pub const VALID_CERT: &str = include_str!("../../../src/analyze/gateway/valid-cert.pem");
