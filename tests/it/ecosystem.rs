//! How the types fit the Kubernetes Rust ecosystem: `kube_core::Resource` URLs, `JsonSchema`
//! coverage of the CRD, and builder-made objects that pass the CRD's schema and CEL rules.

use crate::support;

use std::collections::BTreeSet;

use istio_egress::networking::*;
use kube_core::Resource;
use serde_json::Value;
use support::*;

#[test]
fn resources_give_the_urls_a_kube_api_calls() {
    assert_eq!(
        VirtualService::url_path(&(), Some("ns")),
        "/apis/networking.istio.io/v1/namespaces/ns/virtualservices"
    );
    assert_eq!(
        DestinationRule::url_path(&(), Some("ns")),
        "/apis/networking.istio.io/v1/namespaces/ns/destinationrules"
    );
    assert_eq!(
        ServiceEntry::url_path(&(), None),
        "/apis/networking.istio.io/v1/serviceentries"
    );
    assert_eq!(
        Gateway::url_path(&(), Some("istio-system")),
        "/apis/networking.istio.io/v1/namespaces/istio-system/gateways"
    );
    assert_eq!(Gateway::api_version(&()), "networking.istio.io/v1");
    let gateway = Gateway::new("egress", GatewaySpec::default()).in_namespace("istio-system");
    assert_eq!(gateway.meta().namespace.as_deref(), Some("istio-system"));
    assert_eq!(gateway.object_ref(&()).kind.as_deref(), Some("Gateway"));
}

/// The property paths a JSON schema describes below `node`, following `$ref`s and the
/// `anyOf` schemars uses for optional values.
fn schema_paths(root: &Value, node: &Value, path: &str, out: &mut BTreeSet<String>, depth: u32) {
    assert!(depth < 40, "schema recursion at {path}");
    if let Some(reference) = node["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return schema_paths(root, &root["$defs"][name], path, out, depth + 1);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in node[key].as_array().into_iter().flatten() {
            schema_paths(root, branch, path, out, depth + 1);
        }
    }
    if let Some(props) = node["properties"].as_object() {
        for (name, sub) in props {
            let child = format!("{path}.{name}");
            out.insert(child.clone());
            schema_paths(root, sub, &child, out, depth + 1);
        }
    }
    if let Some(items) = node.get("items") {
        schema_paths(root, items, &format!("{path}[]"), out, depth + 1);
    }
    if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object()) {
        schema_paths(root, values, &format!("{path}.*"), out, depth + 1);
    }
}

fn crd_paths(node: &Value, path: &str, out: &mut BTreeSet<String>) {
    if let Some(props) = node["properties"].as_object() {
        for (name, sub) in props {
            let child = format!("{path}.{name}");
            out.insert(child.clone());
            crd_paths(sub, &child, out);
        }
    }
    if let Some(items) = node.get("items") {
        crd_paths(items, &format!("{path}[]"), out);
    }
    if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object()) {
        crd_paths(values, &format!("{path}.*"), out);
    }
}

fn check_schema<T: schemars::JsonSchema>(kind: &str) {
    let ours = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let mut our_paths = BTreeSet::new();
    schema_paths(
        &ours,
        &ours["properties"]["spec"],
        ".spec",
        &mut our_paths,
        0,
    );
    let mut crd = BTreeSet::new();
    crd_paths(
        &crd_schemas()[kind]["properties"]["spec"],
        ".spec",
        &mut crd,
    );
    // The CRD spells the deprecated mirrorPercent a second way; we read it as an alias.
    crd.retain(|p| !p.ends_with(".mirror_percent"));
    let missing: Vec<_> = crd.difference(&our_paths).collect();
    let extra: Vec<_> = our_paths.difference(&crd).collect();
    assert!(
        missing.is_empty(),
        "{kind}: our JsonSchema lacks {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "{kind}: our JsonSchema has more than the CRD: {extra:?}"
    );
}

#[test]
fn json_schemas_cover_exactly_the_crd_properties() {
    check_schema::<Gateway>("Gateway");
    check_schema::<ServiceEntry>("ServiceEntry");
    check_schema::<VirtualService>("VirtualService");
    check_schema::<DestinationRule>("DestinationRule");
}

/// TLS origination at the egress gateway (Istio's egress-gateway-tls-origination task),
/// written with the builders.
fn tls_origination_objects() -> Vec<Value> {
    let host = "api.example.com";
    let gateway_host = "istio-egressgateway.istio-system.svc.cluster.local";
    let entry = ServiceEntry::new(
        "api",
        ServiceEntrySpec::builder()
            .hosts([host])
            .ports(vec![
                ServicePort::new(80, "HTTP", "http"),
                ServicePort::new(443, "HTTPS", "https"),
            ])
            .location(Location::MeshExternal)
            .resolution(Resolution::Dns)
            .export_to(["."])
            .build(),
    );
    let gateway = Gateway::new(
        "api-egress",
        GatewaySpec::builder()
            .selector([("istio".to_string(), "egressgateway".to_string())])
            .servers(vec![
                Server::builder()
                    .port(Port::new(80, "HTTPS", "https-port-for-tls-origination"))
                    .hosts([host])
                    .tls(
                        ServerTlsSettings::builder()
                            .mode(ServerTlsMode::IstioMutual)
                            .build(),
                    )
                    .build(),
            ])
            .build(),
    );
    let to_gateway = DestinationRule::new(
        "egressgateway-for-api",
        DestinationRuleSpec::builder()
            .host(gateway_host)
            .subsets(vec![
                Subset::builder()
                    .name("api")
                    .traffic_policy(
                        TrafficPolicy::builder()
                            .load_balancer(LoadBalancerSettings::simple(SimpleLb::RoundRobin))
                            .port_level_settings(vec![
                                PortTrafficPolicy::builder()
                                    .port(PortSelector::number(80))
                                    .tls(
                                        ClientTlsSettings::builder()
                                            .mode(ClientTlsMode::IstioMutual)
                                            .sni(host)
                                            .build(),
                                    )
                                    .build(),
                            ])
                            .build(),
                    )
                    .build(),
            ])
            .build(),
    );
    let origination = DestinationRule::new(
        "originate-tls-for-api",
        DestinationRuleSpec::builder()
            .host(host)
            .traffic_policy(
                TrafficPolicy::builder()
                    .connection_pool(
                        ConnectionPoolSettings::builder()
                            .tcp(
                                TcpSettings::builder()
                                    .connect_timeout(Duration::from_secs(5))
                                    .build(),
                            )
                            .build(),
                    )
                    .outlier_detection(
                        OutlierDetection::builder()
                            .consecutive_5xx_errors(5)
                            .interval(Duration::from_millis(1500))
                            .base_ejection_time(Duration::from_secs(30))
                            .build(),
                    )
                    .port_level_settings(vec![
                        PortTrafficPolicy::builder()
                            .port(PortSelector::number(443))
                            .tls(
                                ClientTlsSettings::builder()
                                    .mode(ClientTlsMode::Simple)
                                    .sni(host)
                                    .credential_name("api-ca")
                                    .build(),
                            )
                            .build(),
                    ])
                    .build(),
            )
            .build(),
    );
    let route = VirtualService::new(
        "api-through-egress",
        VirtualServiceSpec::builder()
            .hosts([host])
            .gateways(["istio-egressgateway", "mesh"])
            .http(vec![
                HttpRoute::builder()
                    .r#match(vec![
                        HttpMatchRequest::builder()
                            .gateways(["mesh"])
                            .port(80)
                            .build(),
                    ])
                    .route(vec![
                        HttpRouteDestination::builder()
                            .destination(Destination::new(gateway_host).subset("api").port(80))
                            .weight(100)
                            .build(),
                    ])
                    .timeout(Duration::from_secs(10))
                    .retries(
                        HttpRetry::builder()
                            .attempts(3)
                            .per_try_timeout(Duration::from_secs(2))
                            .build(),
                    )
                    .build(),
                HttpRoute::builder()
                    .r#match(vec![
                        HttpMatchRequest::builder()
                            .gateways(["istio-egressgateway"])
                            .port(80)
                            .headers([("x-team".to_string(), StringMatch::prefix("pay"))])
                            .build(),
                    ])
                    .route(vec![
                        HttpRouteDestination::builder()
                            .destination(Destination::new(host).port(443))
                            .weight(100)
                            .build(),
                    ])
                    .build(),
            ])
            .build(),
    );
    vec![
        serde_json::to_value(entry).unwrap(),
        serde_json::to_value(gateway).unwrap(),
        serde_json::to_value(to_gateway).unwrap(),
        serde_json::to_value(origination).unwrap(),
        serde_json::to_value(route).unwrap(),
    ]
}

#[test]
fn builder_made_objects_pass_the_crd_schema_and_cel_rules() {
    for object in tls_origination_objects() {
        assert_passes_crd(object["metadata"]["name"].as_str().unwrap(), &object);
    }
}

#[test]
fn the_crd_checks_reject_what_they_should() {
    // The harness the other tests rely on must be able to fail: a duration under 1ms breaks a
    // CEL rule, a string port breaks the schema, an unknown field breaks strict validation.
    let mut objects = tls_origination_objects();
    let route = &mut objects[4];
    route["spec"]["http"][0]["timeout"] = "0.5ms".into();
    assert!(!cel_errors("VirtualService", route).is_empty());
    route["spec"]["http"][0]["timeout"] = "10s".into();
    route["spec"]["http"][0]["route"][0]["weight"] = "heavy".into();
    assert!(!schema_errors("VirtualService", route).is_empty());
    route["spec"]["http"][0]["route"][0]["weight"] = 100.into();
    route["spec"]["http"][0]["websocketUpgrade"] = true.into();
    assert!(!schema_errors("VirtualService", route).is_empty());
}
