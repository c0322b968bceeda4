//! The CRD schema's own bounds (`SCHEMA-*`): one passing and one failing object per bound,
//! with the place of the finding; the official CRD schema (a strict JSON-schema check)
//! agrees wherever it can see the bound. Then Istio's fixtures: the valid ones raise no
//! `SCHEMA-*` or `CEL-*` finding, and every `_err` document of the CRD datasets raises one.

use crate::support;

use std::collections::BTreeSet;

use istio_egress::manifest::{self, Format, Manifest};
use istio_egress::networking::{DestinationRule, Gateway, ServiceEntry, VirtualService};
use istio_egress::validate::{Report, Validate};
use serde_json::{Value, json};
use support::*;

/// The table: one passing and one failing object per bound.
#[path = "validate_schema/cases.rs"]
mod cases;
use cases::*;

/// One bound's table entry.
struct Case {
    rule: &'static str,
    kind: &'static str,
    /// Where the finding must be, from the top of the object.
    path: String,
    /// Text the finding's message must contain.
    message: String,
    /// An object with no `SCHEMA-*` finding, which the CRD schema accepts.
    pass: Value,
    /// The same object breaking the bound.
    fail: Value,
    /// Whether the CRD schema check also rejects `fail` (it cannot see list-map keys,
    /// `format: byte`, or an empty string read as missing).
    crd: bool,
}

impl Case {
    /// A case that sets `at` (below `spec`) to `pass` or `fail` in the kind's base object,
    /// with the finding expected at `at`.
    fn new(rule: &'static str, kind: &'static str, at: &str, pass: Value, fail: Value) -> Self {
        let message = match rule {
            "SCHEMA-required" => "Required value",
            "SCHEMA-enum" => "Unsupported value: ",
            "SCHEMA-range" => "should be ",
            "SCHEMA-size" => "",
            "SCHEMA-format" => "must be of type byte",
            "SCHEMA-listmap" => "Duplicate value",
            other => panic!("{other}"),
        };
        Self {
            rule,
            kind,
            path: format!("spec.{at}"),
            message: message.into(),
            pass: with(kind, at, pass),
            fail: with(kind, at, fail),
            crd: true,
        }
    }

    /// The finding is at `path` (below `spec`) rather than where the value was set.
    fn at(mut self, path: &str) -> Self {
        self.path = format!("spec.{path}");
        self
    }

    /// The finding's message must contain this text.
    fn says(mut self, message: &str) -> Self {
        self.message = message.into();
        self
    }

    /// The CRD schema check does not see this bound.
    fn not_in_crd_schema(mut self) -> Self {
        self.crd = false;
        self
    }
}

/// A valid spec of each kind, which the cases change in one place.
fn base_spec(kind: &str) -> Value {
    match kind {
        "Gateway" => json!({
            "selector": {"istio": "egressgateway"},
            "servers": [{
                "port": {"number": 443, "name": "https", "protocol": "HTTPS"},
                "hosts": ["api.example.com"],
                "tls": {"mode": "SIMPLE", "credentialName": "api-cert"},
            }],
        }),
        "ServiceEntry" => json!({
            "hosts": ["api.example.com"],
            "ports": [{"number": 443, "name": "tls", "protocol": "TLS"}],
            "resolution": "STATIC",
            "endpoints": [{"address": "10.0.0.1"}],
        }),
        "VirtualService" => json!({
            "hosts": ["api.example.com"],
            "http": [{"route": [{"destination": {"host": "api.example.com"}}]}],
            "tls": [{
                "match": [{"sniHosts": ["api.example.com"]}],
                "route": [{"destination": {"host": "api.example.com"}}],
            }],
            "tcp": [{"route": [{"destination": {"host": "api.example.com"}}]}],
        }),
        "DestinationRule" => json!({
            "host": "api.example.com",
            "trafficPolicy": {"tls": {"mode": "SIMPLE"}},
            "subsets": [{"name": "v1", "labels": {"version": "v1"}}],
        }),
        other => panic!("{other}"),
    }
}

/// The kind's base object with `value` at `at` below `spec` (`null` removes the key).
fn with(kind: &str, at: &str, value: Value) -> Value {
    let mut spec = base_spec(kind);
    set(&mut spec, at, value);
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": kind,
        "metadata": {"name": "case", "namespace": "shop"},
        "spec": spec,
    })
}

/// Sets the value at a path such as `servers[0].tls.mode`, creating what is missing.
fn set(root: &mut Value, path: &str, value: Value) {
    let mut steps: Vec<Result<&str, usize>> = Vec::new();
    for part in path.split('.') {
        let (key, indexes) = part.split_once('[').unwrap_or((part, ""));
        steps.push(Ok(key));
        for index in indexes.split('[').filter(|i| !i.is_empty()) {
            steps.push(Err(index.trim_end_matches(']').parse().unwrap()));
        }
    }
    let (last, parents) = steps.split_last().unwrap();
    let mut node = root;
    for step in parents {
        node = match step {
            Ok(key) => {
                if !node.is_object() {
                    *node = json!({});
                }
                node.as_object_mut()
                    .unwrap()
                    .entry(*key)
                    .or_insert(Value::Null)
            }
            Err(index) => {
                if !node.is_array() {
                    *node = json!([]);
                }
                let items = node.as_array_mut().unwrap();
                while items.len() <= *index {
                    items.push(json!({}));
                }
                &mut items[*index]
            }
        };
    }
    match (last, value) {
        (Ok(key), Value::Null) => {
            node.as_object_mut().unwrap().remove(*key);
        }
        (Ok(key), value) => {
            if !node.is_object() {
                *node = json!({});
            }
            node.as_object_mut().unwrap().insert(key.to_string(), value);
        }
        (Err(index), value) => node[*index] = value,
    }
}

/// `n` items made by `item`.
fn many(n: usize, item: impl Fn(usize) -> Value) -> Value {
    Value::Array((0..n).map(item).collect())
}

/// A map of `n` entries made by `entry`.
fn map_of(n: usize, entry: impl Fn(usize) -> (String, Value)) -> Value {
    Value::Object((0..n).map(entry).collect())
}

/// A string of `n` letters.
fn text(n: usize) -> Value {
    json!("a".repeat(n))
}

/// Reads an object as its typed kind and validates it.
fn validate(kind: &str, object: &Value) -> Report {
    let object = object.clone();
    match kind {
        "Gateway" => serde_json::from_value::<Gateway>(object)
            .unwrap()
            .validate(),
        "ServiceEntry" => serde_json::from_value::<ServiceEntry>(object)
            .unwrap()
            .validate(),
        "VirtualService" => serde_json::from_value::<VirtualService>(object)
            .unwrap()
            .validate(),
        "DestinationRule" => serde_json::from_value::<DestinationRule>(object)
            .unwrap()
            .validate(),
        other => panic!("{other}"),
    }
}

/// Runs one case: no `SCHEMA-*` finding on `pass`, the expected one on `fail`, and the CRD
/// schema check agreeing.
fn check(case: &Case) {
    let what = format!("{} {} {}", case.kind, case.rule, case.path);
    let pass = validate(case.kind, &case.pass);
    let found: Vec<_> = pass
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("SCHEMA-"))
        .collect();
    assert!(found.is_empty(), "{what}: pass case reported {found:?}");
    let errors = schema_errors(case.kind, &case.pass);
    assert!(
        errors.is_empty(),
        "{what}: the CRD rejects the pass case: {errors:?}"
    );

    let fail = validate(case.kind, &case.fail);
    let hit = fail.findings.iter().any(|f| {
        f.rule == case.rule
            && f.code == "IST0106"
            && f.path.to_string() == case.path
            && f.message.contains(&case.message)
    });
    let ours: Vec<_> = fail
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("SCHEMA-"))
        .map(ToString::to_string)
        .collect();
    assert!(
        hit,
        "{what}: no {:?} finding there; found {ours:#?}",
        case.message
    );
    if case.crd {
        let errors = schema_errors(case.kind, &case.fail);
        assert!(!errors.is_empty(), "{what}: the CRD accepts the fail case");
    }
}

#[test]
fn every_bound_has_a_passing_and_a_failing_case() {
    let mut covered = BTreeSet::new();
    let cases = [
        gateway_cases(),
        service_entry_cases(),
        virtual_service_cases(),
        destination_rule_cases(),
    ];
    for case in cases.iter().flatten() {
        check(case);
        covered.insert(case.rule);
    }
    assert_eq!(
        covered.into_iter().collect::<Vec<_>>(),
        [
            "SCHEMA-enum",
            "SCHEMA-format",
            "SCHEMA-listmap",
            "SCHEMA-range",
            "SCHEMA-required",
            "SCHEMA-size"
        ]
    );
}

/// The `SCHEMA-*` and `CEL-*` findings of every object in a manifest file.
fn crd_findings(path: &std::path::Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let read = Manifest::parse(&text);
    let mut found = Vec::new();
    let mut objects = 0;
    for object in read.objects() {
        objects += 1;
        for finding in object.validate().findings {
            if finding.rule.starts_with("SCHEMA-") || finding.rule.starts_with("CEL-") {
                let name = object.name().unwrap_or_default();
                found.push(format!("{} {name}: {finding}", object.kind()));
            }
        }
    }
    (objects, found)
}

#[test]
fn valid_fixtures_break_no_crd_bound() {
    let mut files = fixtures("egress-canon");
    files.extend(fixtures("validation-dataset"));
    files.extend(
        fixtures("validation-crds")
            .into_iter()
            .filter(|f| f.to_string_lossy().ends_with("-valid.yaml")),
    );
    let mut objects = 0;
    for file in &files {
        let (count, found) = crd_findings(file);
        assert!(
            found.is_empty(),
            "{}:\n{}",
            file.display(),
            found.join("\n")
        );
        objects += count;
    }
    assert!(objects > 50, "only {objects} objects read");
}

#[test]
fn every_invalid_crd_fixture_is_rejected_by_a_crd_check() {
    let mut checked = 0;
    for file in ["serviceentry-invalid.yaml", "destinationrule-invalid.yaml"] {
        let text = std::fs::read_to_string(data(&format!("validation-crds/{file}"))).unwrap();
        for raw in manifest::read_values(&text, Format::Yaml) {
            let (source, mut value) = raw.unwrap();
            let expected = take(&mut value, "_err").unwrap();
            let yaml = serde_saphyr::to_string(&value).unwrap();
            let read = Manifest::parse(&yaml);
            assert!(read.errors.is_empty(), "{file} {source}: {:?}", read.errors);
            let object = read.objects().next().unwrap();
            let report = object.validate();
            let ours: Vec<_> = report
                .errors()
                .filter(|f| f.rule.starts_with("SCHEMA-") || f.rule.starts_with("CEL-"))
                .collect();
            assert!(
                !ours.is_empty(),
                "{file} {source}: expected {expected}, found:\n{report}"
            );
            if expected == "Duplicate value" {
                assert!(
                    ours.iter().any(
                        |f| f.rule == "SCHEMA-listmap" && f.path.to_string() == "spec.ports[1]"
                    )
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 15);
}
