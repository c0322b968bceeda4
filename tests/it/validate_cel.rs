//! The CRDs' CEL rules, checked natively, against a real CEL evaluation (kube-cel over the
//! official CRD schemas):
//!
//! - every one of the 71 `x-kubernetes-validations` entries of the four kinds' `v1` schemas,
//!   found by walking the CRD, is broken at its own place in a valid object, and both our
//!   check and CEL reject the result (ours with the CRD's message at that place);
//! - on generated objects whose CEL-relevant fields come from small pools of valid and invalid
//!   values, our findings and CEL's name the same rules at the same places.

use crate::support;

use std::collections::BTreeSet;

use istio_egress::manifest;
use istio_egress::validate::{Report, Validate};
use serde_json::{Value, json};
use support::*;

/// Generated objects: our CEL findings and kube-cel's name the same rules at the same places.
#[path = "validate_cel/agreement.rs"]
mod agreement;

/// Our rule id of each CEL rule.
#[path = "validate_cel/ids.rs"]
mod ids;
use ids::{DURATION, PORT, RULE_IDS};

/// One step of a schema path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// A property of an object.
    Key(String),
    /// Any item of a list.
    Items,
    /// Any value of a map.
    Values,
}

/// One `x-kubernetes-validations` entry of a kind's schema, with where it sits.
#[derive(Clone, Debug)]
struct Occurrence {
    kind: &'static str,
    steps: Vec<Step>,
    message: String,
    rule: String,
}

impl Occurrence {
    /// The schema path, such as `spec.endpoints[].ports{}`.
    fn pattern(&self) -> String {
        let mut out = String::new();
        for step in &self.steps {
            match step {
                Step::Key(key) if out.is_empty() => out.push_str(key),
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Items => out.push_str("[]"),
                Step::Values => out.push_str("{}"),
            }
        }
        out
    }

    /// Where our check reports the rule when every list step is item 0: the node, or for a
    /// rule on a map's values the map.
    fn reported_path(&self) -> String {
        let mut out = String::new();
        for step in &self.steps {
            match step {
                Step::Key(key) if out.is_empty() => out.push_str(key),
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Items => out.push_str("[0]"),
                Step::Values => {}
            }
        }
        out
    }

    /// Our rule id for this entry, from [`RULE_IDS`].
    fn id(&self) -> &'static str {
        let pattern = self.pattern();
        let ids: Vec<_> = RULE_IDS
            .iter()
            .filter(|(kind, suffix, message, _)| {
                *kind == self.kind
                    && *message == self.message
                    && (pattern == *suffix || pattern.ends_with(&format!(".{suffix}")))
            })
            .map(|entry| entry.3)
            .collect();
        assert_eq!(ids.len(), 1, "{pattern}: {}: ids {ids:?}", self.message);
        ids[0]
    }

    /// If a CEL failure's path is this entry's place, the path our check reports it at.
    fn place_of(&self, path: &str) -> Option<String> {
        let mut rest = path;
        let mut reported = String::new();
        for step in &self.steps {
            match step {
                Step::Key(key) => {
                    let dotted = if reported.is_empty() { "" } else { "." };
                    rest = rest.strip_prefix(dotted)?.strip_prefix(key.as_str())?;
                    reported.push_str(dotted);
                    reported.push_str(key);
                }
                Step::Items => {
                    let inner = rest.strip_prefix('[')?;
                    let end = inner.find(']')?;
                    let index = inner.get(..end)?;
                    if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    reported.push_str(&format!("[{index}]"));
                    rest = inner.get(end + 1..)?;
                }
                Step::Values => {
                    let inner = rest.strip_prefix('.')?;
                    let end = inner.find(['.', '[']).unwrap_or(inner.len());
                    rest = inner.get(end..)?;
                }
            }
        }
        rest.is_empty().then_some(reported)
    }
}

/// Collects every `x-kubernetes-validations` entry below `node`.
fn walk(kind: &'static str, node: &Value, steps: &mut Vec<Step>, out: &mut Vec<Occurrence>) {
    for rule in node["x-kubernetes-validations"]
        .as_array()
        .into_iter()
        .flatten()
    {
        out.push(Occurrence {
            kind,
            steps: steps.clone(),
            message: rule["message"].as_str().unwrap().to_string(),
            rule: rule["rule"].as_str().unwrap().to_string(),
        });
    }
    for (key, child) in node["properties"].as_object().into_iter().flatten() {
        steps.push(Step::Key(key.clone()));
        walk(kind, child, steps, out);
        steps.pop();
    }
    if let Some(items) = node.get("items") {
        steps.push(Step::Items);
        walk(kind, items, steps, out);
        steps.pop();
    }
    if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object()) {
        steps.push(Step::Values);
        walk(kind, values, steps, out);
        steps.pop();
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        for branch in node[keyword].as_array().into_iter().flatten() {
            walk(kind, branch, steps, out);
        }
    }
}

/// Every CEL rule of the four kinds' `v1` schemas, with its place.
fn occurrences() -> Vec<Occurrence> {
    let mut out = Vec::new();
    for kind in KINDS {
        walk(kind, &crd_schemas()[kind], &mut Vec::new(), &mut out);
    }
    out
}

/// Our findings of CEL rules, as (rule id, path).
fn cel_findings(report: &Report) -> BTreeSet<(String, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("CEL-"))
        .map(|f| (f.rule.to_string(), f.path.to_string()))
        .collect()
}

/// Reads a JSON object with the crate's reader and validates it.
fn validate_json(object: &Value) -> Report {
    let objects = manifest::from_str(&object.to_string())
        .unwrap_or_else(|e| panic!("object does not read: {e}\n{object:#}"));
    assert_eq!(objects.len(), 1);
    objects[0].validate()
}

/// A valid object of each kind that touches every node carrying a CEL rule's parents.
fn base(kind: &str) -> Value {
    let spec = match kind {
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
            "addresses": ["10.10.0.0/16"],
            "ports": [{"number": 443, "name": "tls", "protocol": "TLS", "targetPort": 8443}],
            "location": "MESH_EXTERNAL",
            "resolution": "STATIC",
            "endpoints": [
                {"address": "10.10.0.1", "ports": {"tls": 9443}, "labels": {"app": "api"}},
                {"address": "unix:///var/run/api.sock"},
            ],
        }),
        "VirtualService" => json!({
            "hosts": ["api.example.com"],
            "http": [{
                "timeout": "10s",
                "retries": {"attempts": 3, "perTryTimeout": "2s", "backoff": "25ms"},
                "fault": {"delay": {"fixedDelay": "5s", "percentage": {"value": 1}}},
                "corsPolicy": {"allowOrigins": [{"exact": "https://example.com"}], "maxAge": "24h"},
                "route": [{"destination": {"host": "api.example.com"}}],
            }],
        }),
        "DestinationRule" => {
            let mut policy = policy_parts();
            policy["portLevelSettings"] = json!([{
                "port": {"number": 443},
                "connectionPool": policy_parts()["connectionPool"],
                "loadBalancer": policy_parts()["loadBalancer"],
                "outlierDetection": policy_parts()["outlierDetection"],
                "tls": {"mode": "SIMPLE"},
            }]);
            json!({
                "host": "api.example.com",
                "trafficPolicy": policy,
                "subsets": [{"name": "v1", "labels": {"version": "v1"}, "trafficPolicy": policy}],
                "workloadSelector": {"matchLabels": {"app": "client"}},
            })
        }
        other => panic!("{other}"),
    };
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": kind,
        "metadata": {"name": "base", "namespace": "shop"},
        "spec": spec,
    })
}

/// A traffic policy's parts with every duration the CRD checks set to a valid value.
fn policy_parts() -> Value {
    json!({
        "connectionPool": {
            "tcp": {
                "maxConnections": 100,
                "connectTimeout": "30ms",
                "maxConnectionDuration": "1h",
                "idleTimeout": "0s",
                "tcpKeepalive": {"time": "7200s", "interval": "75s", "probes": 9},
            },
            "http": {
                "idleTimeout": "1h",
                "h2UpgradePolicy": "UPGRADE",
                "http2KeepAlive": {"interval": "30s", "timeout": "5s"},
            },
        },
        "loadBalancer": {
            "simple": "LEAST_REQUEST",
            "warmupDurationSecs": "60s",
            "warmup": {"duration": "60s", "minimumPercent": 10, "aggression": 1},
        },
        "outlierDetection": {
            "consecutive5xxErrors": 5,
            "interval": "10s",
            "baseEjectionTime": "30s",
            "outlierDetectionHttpErrorCodes": [503],
        },
        "tls": {"mode": "SIMPLE"},
    })
}

/// Durations that break `duration(self) >= duration('1ms')`, used in turn.
const BAD_DURATIONS: [&str; 6] = ["0.5ms", "-1s", "0", "abc", "999us", "1"];

/// The value that breaks a rule, by its message; it replaces the node carrying the rule, or
/// for an object is merged into it (`null` removes a key).
fn violation(message: &str, turn: usize) -> Value {
    let certificates = json!({
        "credentialName": null,
        "credentialNames": ["api-cert"],
        "tlsCertificates": [{"serverCertificate": "/etc/c.pem", "privateKey": "/etc/k.pem"}],
    });
    match message {
        "only one of credentialNames or tlsCertificates can be set" => certificates,
        "only one of credentialName or credentialNames can be set" => {
            json!({"credentialNames": ["api-cert-2"]})
        }
        // The CRD's third Gateway rule checks what the first does (an upstream bug), so only
        // the first rule's combination breaks it.
        "only one of credentialName or tlsCertificates can be set" => certificates,
        "only one of WorkloadSelector or Endpoints can be set" => {
            json!({"workloadSelector": {"labels": {"app": "api"}}})
        }
        "CIDR addresses are allowed only for NONE/STATIC resolution types" => {
            json!({"resolution": "DNS"})
        }
        "NONE mode cannot set endpoints" => json!({"resolution": "NONE"}),
        "DNS_ROUND_ROBIN mode cannot have multiple endpoints" => {
            json!({"resolution": "DNS_ROUND_ROBIN", "addresses": null})
        }
        "Address is required" => json!({"address": null}),
        "UDS may not include ports" => json!({"address": "unix:///var/run/api.sock"}),
        "UDS must be an absolute path or abstract socket" => json!("unix://var/run/api.sock"),
        "UDS may not be a dir" => json!("unix:///var/run/"),
        "port name must be valid" => json!({"-bad-": 8080}),
        PORT => json!(70000),
        "hostname cannot be wildcard" => json!("*"),
        "port number cannot be duplicated" => json!([
            {"number": 443, "name": "tls", "protocol": "TLS"},
            {"number": 443, "name": "tls-2", "protocol": "TLS"},
        ]),
        "wildcard is not supported in selector" => json!("api*"),
        DURATION => json!(BAD_DURATIONS[turn % BAD_DURATIONS.len()]),
        "wildcard not allowed in label key match" => json!({"app*": "client"}),
        "key must not be empty" => json!({"": "client"}),
        "wildcard not allowed in label value match" => json!("client*"),
        other => panic!("no violating value for {other:?}"),
    }
}

/// The node at `steps`, created as needed: item 0 of a list, key `k1` of a map.
fn node_mut<'a>(root: &'a mut Value, steps: &[Step]) -> &'a mut Value {
    let mut node = root;
    for step in steps {
        node = match step {
            Step::Key(key) => {
                if !node.is_object() {
                    *node = json!({});
                }
                node.as_object_mut()
                    .unwrap()
                    .entry(key.clone())
                    .or_insert(Value::Null)
            }
            Step::Values => {
                if !node.is_object() {
                    *node = json!({});
                }
                node.as_object_mut()
                    .unwrap()
                    .entry("k1")
                    .or_insert(Value::Null)
            }
            Step::Items => {
                if node.as_array().is_none_or(|items| items.is_empty()) {
                    *node = json!([{}]);
                }
                &mut node.as_array_mut().unwrap()[0]
            }
        };
    }
    node
}

/// JSON merge patch (RFC 7386): objects merge, `null` removes, anything else replaces.
fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let map = target.as_object_mut().unwrap();
    for (key, value) in patch {
        if value.is_null() {
            map.remove(key);
        } else {
            merge(map.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// The base object with the rule's violating value at the rule's place.
fn broken(occurrence: &Occurrence, turn: usize) -> Value {
    let mut object = base(occurrence.kind);
    let patch = violation(&occurrence.message, turn);
    merge(node_mut(&mut object, &occurrence.steps), &patch);
    // Delay is a one-of: an exponential delay replaces the base's fixed one.
    if occurrence.steps.last() == Some(&Step::Key("exponentialDelay".into())) {
        let parent = &occurrence.steps[..occurrence.steps.len() - 1];
        merge(node_mut(&mut object, parent), &json!({"fixedDelay": null}));
    }
    object
}

#[test]
fn the_crds_have_71_cel_rules_each_with_one_id() {
    let all = occurrences();
    assert_eq!(all.len(), 71);
    for (kind, count) in [
        ("Gateway", 3),
        ("ServiceEntry", 15),
        ("VirtualService", 6),
        ("DestinationRule", 47),
    ] {
        assert_eq!(
            all.iter().filter(|o| o.kind == kind).count(),
            count,
            "{kind}"
        );
    }
    let ids: Vec<&str> = all.iter().map(Occurrence::id).collect();
    for (_, _, _, id) in RULE_IDS {
        // The eleven duration rules of DestinationRule sit at each of the four placements of
        // its traffic policy.
        let number = id
            .strip_prefix("CEL-DR-")
            .and_then(|n| n.parse::<u32>().ok());
        let expected = if number.is_some_and(|n| n <= 11) {
            4
        } else {
            1
        };
        assert_eq!(ids.iter().filter(|i| *i == id).count(), expected, "{id}");
    }
}

#[test]
fn the_base_objects_pass_both_checks() {
    for kind in KINDS {
        let object = base(kind);
        assert_passes_crd(kind, &object);
        let report = validate_json(&object);
        let ours: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("CEL-") || f.rule.starts_with("SCHEMA-"))
            .collect();
        assert!(ours.is_empty(), "{kind}: {ours:?}");
    }
}

#[test]
fn every_cel_rule_is_broken_at_its_place_and_both_checks_reject_it() {
    for (turn, occurrence) in occurrences().iter().enumerate() {
        let what = format!(
            "{} {}: {}",
            occurrence.kind,
            occurrence.pattern(),
            occurrence.message
        );
        let object = broken(occurrence, turn);
        let path = occurrence.reported_path();

        let report = validate_json(&object);
        let found = report.findings.iter().any(|f| {
            f.rule == occurrence.id()
                && f.path.to_string() == path
                && f.message == occurrence.message
        });
        assert!(
            found,
            "{what}: not reported at {path}; report:\n{report}{object:#}"
        );
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.code == "IST0106" || !f.rule.starts_with("CEL-"))
        );

        let failures = cel_failures(occurrence.kind, &object);
        let rejected = failures.iter().any(|f| {
            f.rule == occurrence.rule
                && occurrence.place_of(&f.path).as_deref() == Some(path.as_str())
        });
        assert!(rejected, "{what}: CEL accepts it: {failures:?}\n{object:#}");
    }
}
