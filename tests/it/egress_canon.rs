//! The composer against the canon: for each scenario of `tests/data/egress-canon/` the route
//! that states its intent composes to the same objects as the file, apart from names,
//! namespaces and ordering — and apart from the differences listed in each test, every one
//! of them a deliberate, documented choice (mostly a stricter default). Any other difference
//! fails.
//!
//! How a comparison works: both sides become JSON; our objects are renamed to the canon's
//! names (object names, namespaces, subset names, Gateway references, port names); list
//! fields whose order carries no meaning (`gateways`) are sorted on both sides; then each
//! listed difference is applied to the canon object as a patch — after checking that the
//! canon really holds the value the difference says it holds — and the two sets must be
//! equal.

use crate::support;

use std::collections::BTreeMap;

use istio_egress::egress::{
    EgressBundle, EgressGateway, EgressMode, EgressPlan, EgressRoute, GatewayServicePort,
    Origination, Wildcard,
};
use serde_json::{Value, json};

/// Reads a canon file's objects (the kinds the composer writes), as JSON.
fn canon(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(support::data(&format!("egress-canon/{file}"))).unwrap();
    let docs: Vec<Value> = serde_saphyr::from_str_multiple(&text).unwrap();
    docs.into_iter()
        .filter(|d| {
            matches!(
                d["kind"].as_str(),
                Some(
                    "ServiceEntry"
                        | "Gateway"
                        | "DestinationRule"
                        | "VirtualService"
                        | "NetworkPolicy"
                )
            )
        })
        .collect()
}

/// Our bundle as JSON, checked against the CRDs on the way.
fn ours(bundle: &EgressBundle) -> Vec<Value> {
    bundle
        .objects()
        .iter()
        .map(|o| {
            let value = serde_json::to_value(o).unwrap();
            if value["apiVersion"]
                .as_str()
                .is_some_and(|v| v.starts_with("networking.istio.io"))
            {
                support::assert_passes_crd("composed object", &value);
            }
            value
        })
        .collect()
}

/// An object of ours: kind, namespace, name.
type ObjectId = (&'static str, &'static str, &'static str);

/// How our names map to the canon's.
#[derive(Default)]
struct Renames {
    /// (kind, our namespace, our name) → (canon namespace, canon name).
    objects: Vec<(ObjectId, (&'static str, &'static str))>,
    /// Our subset name → the canon's.
    subsets: BTreeMap<&'static str, &'static str>,
    /// Our Gateway reference → the canon's.
    gateway_refs: BTreeMap<&'static str, &'static str>,
    /// Our port names → the canon's, per kind.
    port_names: BTreeMap<(&'static str, &'static str), &'static str>,
}

impl Renames {
    fn object(
        mut self,
        kind: &'static str,
        ours: (&'static str, &'static str),
        canon: (&'static str, &'static str),
    ) -> Self {
        self.objects.push(((kind, ours.0, ours.1), canon));
        self
    }
    fn subset(mut self, ours: &'static str, canon: &'static str) -> Self {
        self.subsets.insert(ours, canon);
        self
    }
    fn gateway_ref(mut self, ours: &'static str, canon: &'static str) -> Self {
        self.gateway_refs.insert(ours, canon);
        self
    }
    fn port_name(mut self, kind: &'static str, ours: &'static str, canon: &'static str) -> Self {
        self.port_names.insert((kind, ours), canon);
        self
    }

    /// The usual renames of a gateway scenario: our Gateway reference and subset.
    fn gateway(self, subset: &'static str) -> Self {
        self.gateway_ref("istio-system/istio-egressgateway", "istio-egressgateway")
            .subset("egress", subset)
    }

    fn apply(&self, object: &mut Value) {
        let kind = object["kind"].as_str().unwrap_or_default().to_owned();
        let ns = object["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if let Some((_, (cns, cname))) = self
            .objects
            .iter()
            .find(|((k, n, m), _)| *k == kind && *n == ns && *m == name)
        {
            object["metadata"]["namespace"] = json!(cns);
            object["metadata"]["name"] = json!(cname);
        }
        self.walk(&kind, object);
    }

    fn walk(&self, kind: &str, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    match (key.as_str(), &mut *child) {
                        ("subset", Value::String(s)) => rename(s, &self.subsets),
                        ("subsets", Value::Array(items)) => {
                            for item in items.iter_mut() {
                                if let Some(Value::String(s)) = item.get_mut("name") {
                                    rename(s, &self.subsets);
                                }
                                self.walk(kind, item);
                            }
                        }
                        ("gateways", Value::Array(items)) => {
                            for item in items.iter_mut() {
                                if let Value::String(s) = item {
                                    rename(s, &self.gateway_refs);
                                }
                            }
                        }
                        ("ports" | "port", _) => {
                            rename_port_names(kind, child, &self.port_names);
                            self.walk(kind, child);
                        }
                        _ => self.walk(kind, child),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.walk(kind, v)),
            _ => {}
        }
    }
}

fn rename(s: &mut String, map: &BTreeMap<&'static str, &'static str>) {
    if let Some(to) = map.get(s.as_str()) {
        *s = (*to).to_owned();
    }
}

fn rename_port_names(
    kind: &str,
    value: &mut Value,
    map: &BTreeMap<(&'static str, &'static str), &'static str>,
) {
    let mut one = |port: &mut Value| {
        if let Some(Value::String(name)) = port.get_mut("name")
            && let Some(to) = map
                .iter()
                .find(|((k, n), _)| *k == kind && *n == name.as_str())
                .map(|(_, to)| *to)
        {
            *name = to.to_owned();
        }
    };
    match value {
        Value::Array(ports) => ports.iter_mut().for_each(&mut one),
        Value::Object(_) => one(value),
        _ => {}
    }
}

/// Sorts the lists whose order means nothing.
fn sort_unordered(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "gateways"
                    && let Value::Array(items) = child
                {
                    items.sort_by_key(|v| v.to_string());
                }
                sort_unordered(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(sort_unordered),
        _ => {}
    }
}

/// One expected, documented difference between the canon and our output.
enum Diff {
    /// At `path` of the canon object (kind, name), the canon has `canon` and we have `ours`
    /// (`None` = the field is absent on that side).
    Field {
        kind: &'static str,
        name: &'static str,
        path: &'static str,
        canon: Option<Value>,
        ours: Option<Value>,
        why: &'static str,
    },
    /// The canon has this object; we do not write it.
    Missing {
        kind: &'static str,
        name: &'static str,
        why: &'static str,
    },
    /// We write this object (named after renaming); the canon does not have it.
    Extra {
        kind: &'static str,
        name: &'static str,
        spec: Value,
        why: &'static str,
    },
}

fn changed(
    kind: &'static str,
    name: &'static str,
    path: &'static str,
    canon: Value,
    ours: Value,
    why: &'static str,
) -> Diff {
    Diff::Field {
        kind,
        name,
        path,
        canon: Some(canon),
        ours: Some(ours),
        why,
    }
}

fn added(
    kind: &'static str,
    name: &'static str,
    path: &'static str,
    ours: Value,
    why: &'static str,
) -> Diff {
    Diff::Field {
        kind,
        name,
        path,
        canon: None,
        ours: Some(ours),
        why,
    }
}

fn dropped(
    kind: &'static str,
    name: &'static str,
    path: &'static str,
    canon: Value,
    why: &'static str,
) -> Diff {
    Diff::Field {
        kind,
        name,
        path,
        canon: Some(canon),
        ours: None,
        why,
    }
}

// Reasons shared by several scenarios.
const EXPORT: &str =
    "objects are exported to the client namespaces and '.', not to the mesh default";
const LOCATION: &str = "location MESH_EXTERNAL is written out, not left to the default";
const WEIGHT: &str = "a lone destination carries no weight (it gets all traffic either way)";
const HOP_MUTUAL: &str = "stricter: the sidecar→gateway hop is Istio mutual TLS, not plain text";
const DOT_HOSTS: &str =
    "stricter: ./host lets only VirtualServices of the Gateway's namespace bind";
const VERIFY: &str = "stricter: origination verifies the server (CA bundle, SAN) and sets the SNI";
const NO_LB: &str = "no load-balancer override (ROUND_ROBIN is not needed for origination)";

/// The steps of a JSON path such as `spec.http[0].route`.
fn steps(path: &str) -> Vec<Result<String, usize>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            out.push(Ok(rest[..i].to_owned()));
            rest = &rest[i..];
            while let Some(end) = rest.find(']') {
                out.push(Err(rest[1..end].parse().unwrap()));
                rest = &rest[end + 1..];
            }
        } else {
            out.push(Ok(rest.to_owned()));
        }
    }
    out
}

fn get<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    steps(path)
        .into_iter()
        .try_fold(value, |v, step| match step {
            Ok(key) => v.get(key),
            Err(i) => v.get(i),
        })
}

fn set(value: &mut Value, path: &str, new: Option<Value>) {
    let steps = steps(path);
    let (last, parents) = steps.split_last().unwrap();
    let mut node = value;
    for step in parents {
        node = match step {
            Ok(key) => {
                if node.get(key).is_none() {
                    node[key.as_str()] = json!({});
                }
                node.get_mut(key).unwrap()
            }
            Err(i) => node.get_mut(*i).unwrap(),
        };
    }
    match (last, new) {
        (Ok(key), Some(v)) => node[key.as_str()] = v,
        (Ok(key), None) => {
            node.as_object_mut().unwrap().remove(key);
        }
        (Err(i), Some(v)) => {
            let items = node.as_array_mut().unwrap();
            if *i == items.len() {
                items.push(v);
            } else {
                items[*i] = v;
            }
        }
        (Err(i), None) => {
            node.as_array_mut().unwrap().remove(*i);
        }
    }
}

fn find<'a>(objects: &'a mut [Value], kind: &str, name: &str) -> &'a mut Value {
    objects
        .iter_mut()
        .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name}"))
}

fn key(o: &Value) -> String {
    format!(
        "{} {}/{}",
        o["kind"].as_str().unwrap_or_default(),
        o["metadata"]["namespace"].as_str().unwrap_or_default(),
        o["metadata"]["name"].as_str().unwrap_or_default()
    )
}

/// Every place where two JSON values differ, for the failure message.
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<_> = x.keys().chain(y.keys()).collect();
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => differences(v, w, &format!("{path}.{k}"), out),
                    (v, w) => out.push(format!("{path}.{k}: {v:?} vs {w:?}")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                differences(v, w, &format!("{path}[{i}]"), out);
            }
        }
        _ if support::json_eq(a, b) => {}
        _ => out.push(format!("{path}: {a} vs {b}")),
    }
}

/// Composes, renames, applies the differences and compares.
fn assert_matches_canon(file: &str, bundle: &EgressBundle, renames: Renames, diffs: Vec<Diff>) {
    let allowed: &[&str] = if file.starts_with("14-") {
        &["IST0129"]
    } else {
        &[]
    };
    assert_warnings(bundle, allowed);
    let mut expected = canon(file);
    let mut actual = ours(bundle);
    for object in &mut actual {
        renames.apply(object);
    }
    for diff in &diffs {
        match diff {
            Diff::Field {
                kind,
                name,
                path,
                canon,
                ours,
                why,
            } => {
                let object = find(&mut expected, kind, name);
                let found = get(object, path).cloned();
                assert_eq!(
                    found.as_ref(),
                    canon.as_ref(),
                    "{file}: the listed difference at {kind} {name} {path} ({why}) does not \
                     hold: the canon has {found:?}"
                );
                set(object, path, ours.clone());
            }
            Diff::Missing { kind, name, why } => {
                let before = expected.len();
                expected.retain(|o| !(o["kind"] == *kind && o["metadata"]["name"] == *name));
                assert_eq!(
                    before,
                    expected.len() + 1,
                    "{file}: no {kind} {name} ({why})"
                );
            }
            Diff::Extra {
                kind,
                name,
                spec,
                why,
            } => {
                let object = find(&mut actual, kind, name);
                assert!(
                    support::json_eq(&object["spec"], spec),
                    "{file}: extra {kind} {name} ({why}) differs: {:?}",
                    support::first_difference(&object["spec"], spec, "spec")
                );
                actual.retain(|o| !(o["kind"] == *kind && o["metadata"]["name"] == *name));
            }
        }
    }
    for object in expected.iter_mut().chain(actual.iter_mut()) {
        sort_unordered(object);
    }
    expected.sort_by_key(key);
    actual.sort_by_key(key);
    let expected_keys: Vec<String> = expected.iter().map(key).collect();
    let actual_keys: Vec<String> = actual.iter().map(key).collect();
    assert_eq!(
        actual_keys, expected_keys,
        "{file}: the object sets differ after renaming"
    );
    let mut report = Vec::new();
    for (a, e) in actual.iter().zip(&expected) {
        differences(a, e, &key(a), &mut report);
    }
    assert!(
        report.is_empty(),
        "{file}: unlisted differences (ours vs canon):\n{}",
        report.join("\n")
    );
}

/// Asserts that the bundle's warnings carry exactly the expected codes. Only canon 14 has
/// one: IST0129, because its CA comes from the credential, which the analyzer only credits
/// to rules with a workload selector (ANALYZERS.md §D).
fn assert_warnings(bundle: &EgressBundle, expected: &[&str]) {
    let codes: Vec<&str> = bundle.warnings.iter().map(|w| w.finding.code).collect();
    assert_eq!(codes, expected, "{:#?}", bundle.warnings);
}

fn route(hosts: &[&str], mode: EgressMode) -> EgressRoute {
    EgressRoute::builder()
        .hosts(hosts.iter().copied())
        .mode(mode)
        .client_namespaces(["default"])
        .build()
}

/// Renames shared by every gateway scenario whose client is `default`.
fn base(
    se: (&'static str, &'static str),
    vs: &'static str,
    dr: &'static str,
    subset: &'static str,
) -> Renames {
    Renames::default()
        .gateway(subset)
        .object("ServiceEntry", ("istio-system", se.0), ("default", se.1))
        .object(
            "Gateway",
            ("istio-system", "istio-egressgateway"),
            ("default", "istio-egressgateway"),
        )
        .object(
            "DestinationRule",
            ("default", "istio-egressgateway"),
            ("default", dr),
        )
        .object("VirtualService", ("istio-system", se.0), ("default", vs))
}

fn mongo_gateway() -> EgressGateway {
    let mut gateway = EgressGateway::default();
    gateway
        .ports
        .push(GatewayServicePort::new(7777, "tcp-mongo"));
    gateway
}

const SE: &str = "ServiceEntry";
const GW: &str = "Gateway";
const DR: &str = "DestinationRule";
const VS: &str = "VirtualService";
const NP: &str = "NetworkPolicy";

/// The differences every gateway scenario with client `default` shares: exportTo on each
/// object, the explicit location, `./` on the Gateway's host.
fn gateway_basics(
    se: &'static str,
    vs: &'static str,
    dr: &'static str,
    host: &'static str,
) -> Vec<Diff> {
    vec![
        added(SE, se, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(SE, se, "spec.location", json!("MESH_EXTERNAL"), LOCATION),
        added(VS, vs, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(
            DR,
            dr,
            "spec.exportTo",
            json!(["."]),
            "the gateway hop's rule is written into each client namespace and kept there",
        ),
        changed(
            GW,
            "istio-egressgateway",
            "spec.servers[0].hosts[0]",
            json!(host),
            json!(format!("./{host}")),
            DOT_HOSTS,
        ),
    ]
}

fn mutual_hop(dr: &'static str, port: u32, sni: &'static str) -> Diff {
    added(
        DR,
        dr,
        "spec.subsets[0].trafficPolicy",
        json!({"portLevelSettings": [{"port": {"number": port}, "tls": {"mode": "ISTIO_MUTUAL", "sni": sni}}]}),
        HOP_MUTUAL,
    )
}

fn no_weight(vs: &'static str, path: &'static str) -> Diff {
    dropped(VS, vs, path, json!(100), WEIGHT)
}

/// Canon 10: HTTP through the egress gateway.
#[test]
fn canon_10_http_via_gateway() {
    let bundle = route(&["edition.cnn.com"], EgressMode::Http)
        .compose()
        .unwrap();
    let (se, vs, dr) = (
        "cnn",
        "direct-cnn-through-egress-gateway",
        "egressgateway-for-cnn",
    );
    let renames = base(("edition-cnn-com", se), vs, dr, "cnn")
        .port_name(SE, "http-80", "http-port")
        .port_name(GW, "https-80", "http");
    let mut diffs = gateway_basics(se, vs, dr, "edition.cnn.com");
    diffs.extend([
        changed(SE, se, "spec.ports", json!([{"number": 80, "name": "http-port", "protocol": "HTTP"}, {"number": 443, "name": "https", "protocol": "HTTPS"}]),
            json!([{"number": 80, "name": "http-port", "protocol": "HTTP"}]),
            "stricter: port 443 is not declared, since nothing routes it through the gateway and it would let sidecars leave directly"),
        changed(GW, "istio-egressgateway", "spec.servers[0].port.protocol", json!("HTTP"), json!("HTTPS"), HOP_MUTUAL),
        added(GW, "istio-egressgateway", "spec.servers[0].tls", json!({"mode": "ISTIO_MUTUAL"}), HOP_MUTUAL),
        mutual_hop(dr, 80, "edition.cnn.com"),
        no_weight(vs, "spec.http[0].route[0].weight"),
        no_weight(vs, "spec.http[1].route[0].weight"),
    ]);
    assert_matches_canon("10-egress-gateway-http.yaml", &bundle, renames, diffs);
}

/// Canon 11: the application's TLS passed through the gateway by SNI.
#[test]
fn canon_11_tls_passthrough_via_gateway() {
    let bundle = route(&["edition.cnn.com"], EgressMode::TlsPassthrough)
        .compose()
        .unwrap();
    let (se, vs, dr) = (
        "cnn",
        "direct-cnn-through-egress-gateway",
        "egressgateway-for-cnn",
    );
    let renames = base(("edition-cnn-com", se), vs, dr, "cnn")
        .port_name(SE, "tls-443", "tls")
        .port_name(GW, "tls-443", "tls");
    let mut diffs = gateway_basics(se, vs, dr, "edition.cnn.com");
    diffs.push(no_weight(vs, "spec.tls[1].route[0].weight"));
    assert_matches_canon(
        "11-egress-gateway-https-passthrough-sni.yaml",
        &bundle,
        renames,
        diffs,
    );
}

/// Canon 13: TLS origination at the gateway, Istio mutual TLS from the sidecar.
#[test]
fn canon_13_tls_origination_via_gateway() {
    let bundle = route(&["edition.cnn.com"], EgressMode::TlsOrigination)
        .compose()
        .unwrap();
    let (se, vs, dr) = (
        "cnn",
        "direct-cnn-through-egress-gateway",
        "egressgateway-for-cnn",
    );
    let origination = "originate-tls-for-edition-cnn-com";
    let renames = base(("edition-cnn-com", se), vs, dr, "cnn")
        .object(
            DR,
            ("istio-system", "edition-cnn-com-tls-origination"),
            ("istio-system", origination),
        )
        .port_name(SE, "http-80", "http")
        .port_name(SE, "https-443", "https")
        .port_name(GW, "https-80", "https-port-for-tls-origination");
    let mut diffs = gateway_basics(se, vs, dr, "edition.cnn.com");
    diffs.extend([
        dropped(
            DR,
            dr,
            "spec.subsets[0].trafficPolicy.loadBalancer",
            json!({"simple": "ROUND_ROBIN"}),
            NO_LB,
        ),
        dropped(
            DR,
            origination,
            "spec.trafficPolicy.loadBalancer",
            json!({"simple": "ROUND_ROBIN"}),
            NO_LB,
        ),
        added(
            DR,
            origination,
            "spec.trafficPolicy.portLevelSettings[0].tls.caCertificates",
            json!("/etc/ssl/certs/ca-certificates.crt"),
            VERIFY,
        ),
        added(
            DR,
            origination,
            "spec.trafficPolicy.portLevelSettings[0].tls.subjectAltNames",
            json!(["edition.cnn.com"]),
            VERIFY,
        ),
        added(
            DR,
            origination,
            "spec.trafficPolicy.portLevelSettings[0].tls.sni",
            json!("edition.cnn.com"),
            VERIFY,
        ),
        added(
            DR,
            origination,
            "spec.exportTo",
            json!(["."]),
            "the origination rule is only for the gateway, exported to its namespace alone",
        ),
        changed(
            DR,
            origination,
            "metadata.namespace",
            json!("default"),
            json!("istio-system"),
            "the origination rule lives with the gateway that originates (as canon 14 does)",
        ),
        no_weight(vs, "spec.http[0].route[0].weight"),
        no_weight(vs, "spec.http[1].route[0].weight"),
    ]);
    assert_matches_canon(
        "13-egress-gateway-tls-origination-istio-mutual.yaml",
        &bundle,
        renames,
        diffs,
    );
}

/// Canon 14: mutual TLS origination at the gateway with a credential.
#[test]
fn canon_14_mtls_origination_via_gateway() {
    let mut r = route(
        &["my-nginx.mesh-external.svc.cluster.local"],
        EgressMode::MtlsOrigination,
    );
    r.origination = Origination::builder()
        .credential_name("client-credential")
        .build();
    let bundle = r.compose().unwrap();
    let host = "my-nginx.mesh-external.svc.cluster.local";
    let (vs, dr) = (
        "direct-nginx-through-egress-gateway",
        "egressgateway-for-nginx",
    );
    let origination = "originate-mtls-for-nginx";
    let renames = base(
        ("my-nginx-mesh-external-svc-cluster-local", "my-nginx"),
        vs,
        dr,
        "nginx",
    )
    .object(
        DR,
        (
            "istio-system",
            "my-nginx-mesh-external-svc-cluster-local-mtls-origination",
        ),
        ("istio-system", origination),
    )
    .port_name(GW, "https-443", "https");
    let diffs = vec![
        Diff::Extra {
            kind: SE,
            name: "my-nginx",
            spec: json!({
                "hosts": [host],
                "ports": [{"number": 80, "name": "http-80", "protocol": "HTTP"}, {"number": 443, "name": "https-443", "protocol": "HTTPS"}],
                "location": "MESH_EXTERNAL",
                "resolution": "DNS",
                "exportTo": ["default", "."],
            }),
            why: "every route declares its hosts; the canon's server is an in-cluster Service (canon 03 declares the same host)",
        },
        added(VS, vs, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(
            DR,
            dr,
            "spec.exportTo",
            json!(["."]),
            "the gateway hop's rule is written into each client namespace and kept there",
        ),
        changed(
            GW,
            "istio-egressgateway",
            "spec.servers[0].hosts[0]",
            json!(host),
            json!(format!("./{host}")),
            DOT_HOSTS,
        ),
        dropped(
            DR,
            dr,
            "spec.subsets[0].trafficPolicy.loadBalancer",
            json!({"simple": "ROUND_ROBIN"}),
            NO_LB,
        ),
        dropped(
            DR,
            origination,
            "spec.trafficPolicy.loadBalancer",
            json!({"simple": "ROUND_ROBIN"}),
            NO_LB,
        ),
        added(
            DR,
            origination,
            "spec.trafficPolicy.portLevelSettings[0].tls.subjectAltNames",
            json!([host]),
            VERIFY,
        ),
        added(
            DR,
            origination,
            "spec.exportTo",
            json!(["."]),
            "the origination rule is only for the gateway, exported to its namespace alone",
        ),
        no_weight(vs, "spec.http[0].route[0].weight"),
        no_weight(vs, "spec.http[1].route[0].weight"),
    ];
    assert_matches_canon(
        "14-egress-gateway-mtls-origination-credentialname.yaml",
        &bundle,
        renames,
        diffs,
    );
}

/// Canon 15: a wildcard served by one upstream, passed through the gateway.
#[test]
fn canon_15_wildcard_via_gateway() {
    let mut r = route(&["*.wikipedia.org"], EgressMode::TlsPassthrough);
    r.wildcard = Some(Wildcard::new("www.wikipedia.org"));
    let bundle = r.compose().unwrap();
    let (se, vs, dr) = (
        "wikipedia",
        "direct-wikipedia-through-egress-gateway",
        "egressgateway-for-wikipedia",
    );
    let renames = base(("wildcard-wikipedia-org", se), vs, dr, "wikipedia")
        .object(
            SE,
            ("istio-system", "www-wikipedia-org"),
            ("default", "www-wikipedia"),
        )
        .port_name(SE, "tls-443", "https")
        .port_name(GW, "tls-443", "https");
    let mut diffs = gateway_basics(se, vs, dr, "*.wikipedia.org");
    let tls = "passthrough ports are declared TLS (as canon 11 does); HTTPS is equivalent for passthrough";
    diffs.extend([
        added(SE, se, "spec.resolution", json!("NONE"), "resolution NONE is written out, not left to the default"),
        changed(SE, se, "spec.ports[0].protocol", json!("HTTPS"), json!("TLS"), tls),
        changed(SE, "www-wikipedia", "spec.ports[0].protocol", json!("HTTPS"), json!("TLS"), tls),
        changed(GW, "istio-egressgateway", "spec.servers[0].port.protocol", json!("HTTPS"), json!("TLS"), tls),
        added(SE, "www-wikipedia", "spec.exportTo", json!(["."]), "stricter: the upstream is exported only to the gateway, so clients cannot reach it around the gateway"),
        added(SE, "www-wikipedia", "spec.location", json!("MESH_EXTERNAL"), LOCATION),
        no_weight(vs, "spec.tls[0].route[0].weight"),
        no_weight(vs, "spec.tls[1].route[0].weight"),
    ]);
    assert_matches_canon(
        "15-egress-gateway-wildcard-sni-passthrough.yaml",
        &bundle,
        renames,
        diffs,
    );
}

/// Canon 16: opaque TCP by IP, on a gateway port of its own.
#[test]
fn canon_16_tcp_via_gateway() {
    let r = EgressRoute::builder()
        .hosts(["my-mongo.tcp.svc"])
        .mode(EgressMode::Tcp)
        .addresses(["203.0.113.10/32"])
        .port(27017)
        .gateway_port(7777)
        .gateway(mongo_gateway())
        .client_namespaces(["default"])
        .build();
    let bundle = r.compose().unwrap();
    let (se, vs, dr) = (
        "mongo",
        "direct-mongo-through-egress-gateway",
        "egressgateway-for-mongo",
    );
    let renames = Renames::default()
        .gateway_ref("istio-system/istio-egressgateway", "istio-egressgateway")
        .subset("egress", "mongo")
        .object(SE, ("istio-system", "my-mongo-tcp-svc"), ("default", se))
        .object(
            GW,
            ("istio-system", "istio-egressgateway"),
            ("default", "istio-egressgateway"),
        )
        .object(DR, ("default", "istio-egressgateway"), ("default", dr))
        .object(VS, ("istio-system", "my-mongo-tcp-svc"), ("default", vs))
        .port_name(SE, "tcp-27017", "tcp")
        .port_name(GW, "tls-7777", "tcp");
    let diffs = vec![
        Diff::Missing {
            kind: DR,
            name: "mongo",
            why: "a DestinationRule without a policy does nothing, so none is written",
        },
        added(SE, se, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(VS, vs, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(
            DR,
            dr,
            "spec.exportTo",
            json!(["."]),
            "the gateway hop's rule is written into each client namespace and kept there",
        ),
        changed(
            GW,
            "istio-egressgateway",
            "spec.servers[0].hosts[0]",
            json!("my-mongo.tcp.svc"),
            json!("./my-mongo.tcp.svc"),
            DOT_HOSTS,
        ),
        changed(
            GW,
            "istio-egressgateway",
            "spec.servers[0].port.protocol",
            json!("TCP"),
            json!("TLS"),
            HOP_MUTUAL,
        ),
        added(
            GW,
            "istio-egressgateway",
            "spec.servers[0].tls",
            json!({"mode": "ISTIO_MUTUAL"}),
            HOP_MUTUAL,
        ),
        mutual_hop(dr, 7777, "my-mongo.tcp.svc"),
        no_weight(vs, "spec.tcp[1].route[0].weight"),
    ];
    assert_matches_canon("16-egress-gateway-tcp.yaml", &bundle, renames, diffs);
}

/// Canon 17: the application's TLS inside Istio mutual TLS to the gateway.
#[test]
fn canon_17_tls_in_mutual_via_gateway() {
    let bundle = route(&["server.default.svc"], EgressMode::TlsInMutual)
        .compose()
        .unwrap();
    let (vs, dr) = (
        "direct-cnn-through-egress-gateway",
        "egressgateway-for-external-app",
    );
    let renames = base(("server-default-svc", "server"), vs, dr, "egress")
        .port_name(GW, "tls-443", "mtls-tcp");
    let diffs = vec![
        Diff::Extra {
            kind: SE,
            name: "server",
            spec: json!({
                "hosts": ["server.default.svc"],
                "ports": [{"number": 443, "name": "tls-443", "protocol": "TLS"}],
                "location": "MESH_EXTERNAL",
                "resolution": "DNS",
                "exportTo": ["default", "."],
            }),
            why: "every route declares its hosts; the canon's test servers are in-cluster Services",
        },
        changed(
            VS,
            vs,
            "spec.tcp[0].route[0].destination.host",
            json!("external.external-ns.svc.cluster.local"),
            json!("server.default.svc"),
            "the gateway sends the stream to the host the application named; the canon's test forwards to another in-cluster name",
        ),
        added(
            VS,
            vs,
            "spec.tls[0].route[0].destination.subset",
            json!("egress"),
            "the sidecar hop always uses the gateway rule's shared subset",
        ),
        dropped(
            DR,
            dr,
            "spec.trafficPolicy",
            json!({"portLevelSettings": [{"port": {"number": 443}, "tls": {"mode": "ISTIO_MUTUAL", "sni": "server.default.svc"}}]}),
            "the ISTIO_MUTUAL settings sit in the shared subset (as canon 13 and 14 do), not at the top level",
        ),
        added(
            DR,
            dr,
            "spec.subsets",
            json!([{"name": "egress", "trafficPolicy": {"portLevelSettings": [{"port": {"number": 443}, "tls": {"mode": "ISTIO_MUTUAL", "sni": "server.default.svc"}}]}}]),
            "the shared, label-less subset every route through the gateway uses",
        ),
        added(VS, vs, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(
            DR,
            dr,
            "spec.exportTo",
            json!(["."]),
            "the gateway hop's rule is written into each client namespace and kept there",
        ),
        changed(
            GW,
            "istio-egressgateway",
            "spec.servers[0].hosts[0]",
            json!("server.default.svc"),
            json!("./server.default.svc"),
            DOT_HOSTS,
        ),
    ];
    assert_matches_canon(
        "17-egress-gateway-tls-wrapped-in-istio-mutual.yaml",
        &bundle,
        renames,
        diffs,
    );
}

/// Canon 01: direct access from the sidecars, HTTP and HTTPS.
#[test]
fn canon_01_direct() {
    let mut a = route(&["httpbin.org"], EgressMode::Http);
    a.direct = true;
    let mut b = route(&["www.google.com"], EgressMode::TlsPassthrough);
    b.direct = true;
    let bundle = EgressPlan::new(vec![a, b]).compose().unwrap();
    let renames = Renames::default()
        .object(
            SE,
            ("istio-system", "httpbin-org"),
            ("default", "httpbin-ext"),
        )
        .object(
            SE,
            ("istio-system", "www-google-com"),
            ("default", "google"),
        )
        .port_name(SE, "http-80", "http")
        .port_name(SE, "tls-443", "https");
    let diffs = vec![
        Diff::Missing {
            kind: VS,
            name: "httpbin-ext",
            why: "the canon's VirtualService only adds a 3s timeout, which is not part of the intent; a direct route to concrete hosts needs none",
        },
        changed(
            SE,
            "google",
            "spec.ports[0].protocol",
            json!("HTTPS"),
            json!("TLS"),
            "the application's own TLS is declared TLS (equivalent for a passthrough port)",
        ),
        added(
            SE,
            "httpbin-ext",
            "spec.exportTo",
            json!(["default", "."]),
            EXPORT,
        ),
        added(
            SE,
            "google",
            "spec.exportTo",
            json!(["default", "."]),
            EXPORT,
        ),
    ];
    assert_matches_canon(
        "01-direct-serviceentry-http-https.yaml",
        &bundle,
        renames,
        diffs,
    );
}

/// Canon 02: TLS origination at the sidecar.
#[test]
fn canon_02_direct_tls_origination() {
    let mut r = route(&["edition.cnn.com"], EgressMode::TlsOrigination);
    r.direct = true;
    let bundle = r.compose().unwrap();
    let renames = Renames::default()
        .object(
            SE,
            ("istio-system", "edition-cnn-com"),
            ("default", "edition-cnn-com"),
        )
        .object(
            DR,
            ("istio-system", "edition-cnn-com-tls-origination"),
            ("default", "edition-cnn-com"),
        )
        .port_name(SE, "http-80", "http-port")
        .port_name(SE, "https-443", "https-port");
    let name = "edition-cnn-com";
    let diffs = vec![
        added(SE, name, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(SE, name, "spec.location", json!("MESH_EXTERNAL"), LOCATION),
        added(DR, name, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(
            DR,
            name,
            "spec.trafficPolicy.portLevelSettings[0].tls.caCertificates",
            json!("/etc/ssl/certs/ca-certificates.crt"),
            VERIFY,
        ),
        added(
            DR,
            name,
            "spec.trafficPolicy.portLevelSettings[0].tls.subjectAltNames",
            json!(["edition.cnn.com"]),
            VERIFY,
        ),
        added(
            DR,
            name,
            "spec.trafficPolicy.portLevelSettings[0].tls.sni",
            json!("edition.cnn.com"),
            VERIFY,
        ),
    ];
    assert_matches_canon(
        "02-sidecar-tls-origination-simple.yaml",
        &bundle,
        renames,
        diffs,
    );
}

/// Canon 03: mutual TLS origination at the sidecar, with a credential and a selector.
#[test]
fn canon_03_direct_mtls_origination() {
    let mut r = route(
        &["my-nginx.mesh-external.svc.cluster.local"],
        EgressMode::MtlsOrigination,
    );
    r.direct = true;
    r.origination = Origination::builder()
        .credential_name("client-credential")
        .workload_selector([("app".to_string(), "curl".to_string())])
        .build();
    let bundle = r.compose().unwrap();
    let name = "originate-mtls-for-nginx";
    let renames = Renames::default()
        .object(
            SE,
            ("istio-system", "my-nginx-mesh-external-svc-cluster-local"),
            ("default", name),
        )
        .object(
            DR,
            (
                "default",
                "my-nginx-mesh-external-svc-cluster-local-mtls-origination",
            ),
            ("default", name),
        )
        .port_name(SE, "http-80", "http-port")
        .port_name(SE, "https-443", "https-port");
    let diffs = vec![
        added(SE, name, "spec.exportTo", json!(["default", "."]), EXPORT),
        added(SE, name, "spec.location", json!("MESH_EXTERNAL"), LOCATION),
        added(
            DR,
            name,
            "spec.exportTo",
            json!(["."]),
            "a rule with a workloadSelector stays in its namespace",
        ),
        dropped(
            DR,
            name,
            "spec.trafficPolicy.loadBalancer",
            json!({"simple": "ROUND_ROBIN"}),
            NO_LB,
        ),
        added(
            DR,
            name,
            "spec.trafficPolicy.portLevelSettings[0].tls.subjectAltNames",
            json!(["my-nginx.mesh-external.svc.cluster.local"]),
            VERIFY,
        ),
    ];
    assert_matches_canon(
        "03-sidecar-mtls-origination-credentialname.yaml",
        &bundle,
        renames,
        diffs,
    );
}

/// Canon 12: the NetworkPolicy (and per-namespace DestinationRule) on top of canon 11.
#[test]
fn canon_12_network_policy() {
    let mut r = route(&["edition.cnn.com"], EgressMode::TlsPassthrough);
    r.client_namespaces = vec!["test-egress".into()];
    let mut bundle = r.compose_with_network_policy().unwrap();
    // Canon 12 holds only the policy and the rule; the rest is canon 11's.
    bundle.service_entries.clear();
    bundle.gateways.clear();
    bundle.virtual_services.clear();
    let np = "allow-egress-to-istio-system-and-kube-dns";
    let dr = "egressgateway-for-cnn";
    let renames = Renames::default()
        .subset("egress", "cnn")
        .object(
            NP,
            ("test-egress", "egress-via-gateway-only"),
            ("test-egress", np),
        )
        .object(
            DR,
            ("test-egress", "istio-egressgateway"),
            ("test-egress", dr),
        );
    let by_name = "better: namespaces are selected by kubernetes.io/metadata.name, which Kubernetes sets itself and nobody can forge, instead of hand-set labels";
    let diffs = vec![
        changed(
            NP,
            np,
            "spec.egress[0].to[0].namespaceSelector.matchLabels",
            json!({"kube-system": "true"}),
            json!({"kubernetes.io/metadata.name": "kube-system"}),
            by_name,
        ),
        changed(
            NP,
            np,
            "spec.egress[1].to[0].namespaceSelector.matchLabels",
            json!({"istio": "system"}),
            json!({"kubernetes.io/metadata.name": "istio-system"}),
            by_name,
        ),
        added(
            NP,
            np,
            "spec.egress[0].ports[1]",
            json!({"protocol": "TCP", "port": 53}),
            "DNS over TCP is allowed too (large answers fall back to TCP)",
        ),
        added(
            DR,
            dr,
            "spec.exportTo",
            json!(["."]),
            "the gateway hop's rule is written into each client namespace and kept there",
        ),
    ];
    assert_matches_canon(
        "12-egress-gateway-networkpolicy.yaml",
        &bundle,
        renames,
        diffs,
    );
}
