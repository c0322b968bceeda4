//! Plans of several routes: what is merged, what is refused (each error with the field it
//! names), the NetworkPolicy, name overrides, exportTo, and reading routes from YAML.

use crate::support;

use std::collections::BTreeMap;

use istio_egress::egress::{
    ComposeError, EgressBundle, EgressGateway, EgressMode, EgressPlan, EgressResolution,
    EgressRoute, GatewayServicePort, Names, Origination, Wildcard,
};
use istio_egress::manifest::{self, Object};
use istio_egress::networking::{ClientTlsMode, CompactString, Resolution, ServerTlsMode};
use serde_json::{Value, json};

fn route(hosts: &[&str], mode: EgressMode) -> EgressRoute {
    EgressRoute::new(hosts.iter().copied(), mode)
}

/// A route to `a.example.com` that originates TLS at the gateway with `origination`.
fn originating(origination: Origination) -> EgressRoute {
    EgressRoute {
        origination,
        ..route(&["a.example.com"], EgressMode::TlsOrigination)
    }
}

fn compose(routes: Vec<EgressRoute>) -> EgressBundle {
    let bundle = EgressPlan::new(routes)
        .compose()
        .unwrap_or_else(|e| panic!("{e}"));
    let objects = bundle.objects();
    for object in &objects {
        let value = serde_json::to_value(object).unwrap();
        if !matches!(object, Object::NetworkPolicy(_)) {
            support::assert_passes_crd("composed object", &value);
        }
    }
    assert_eq!(
        bundle.clone().into_objects(),
        objects,
        "moved out as copied"
    );
    bundle
}

fn error(routes: Vec<EgressRoute>) -> ComposeError {
    match EgressPlan::new(routes).compose() {
        Ok(bundle) => panic!(
            "expected an error, got:\n{}",
            manifest::to_yaml(bundle.objects().iter(), Default::default()).unwrap()
        ),
        Err(e) => e,
    }
}

fn json(object: &impl serde::Serialize) -> Value {
    serde_json::to_value(object).unwrap()
}

// ---------------------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------------------

#[test]
fn two_routes_on_one_gateway_port_share_one_server() {
    let bundle = compose(vec![
        route(&["api.example.com"], EgressMode::Http),
        route(&["pay.example.com"], EgressMode::TlsOrigination),
    ]);
    assert_eq!(bundle.gateways.len(), 1);
    let servers = &bundle.gateways[0].spec.servers;
    assert_eq!(servers.len(), 1, "http and tls-origination share port 80");
    assert_eq!(servers[0].port.as_ref().unwrap().number, 80);
    assert_eq!(servers[0].hosts, ["./api.example.com", "./pay.example.com"]);
    assert_eq!(
        servers[0].tls.as_ref().unwrap().mode,
        Some(ServerTlsMode::IstioMutual)
    );
    // One VirtualService and one ServiceEntry per host set.
    assert_eq!(bundle.virtual_services.len(), 2);
    assert_eq!(bundle.service_entries.len(), 2);
}

#[test]
fn one_host_on_two_ports_is_one_service_entry_and_one_virtual_service() {
    let bundle = compose(vec![
        route(&["api.example.com"], EgressMode::Http),
        route(&["api.example.com"], EgressMode::TlsPassthrough),
    ]);
    assert_eq!(bundle.service_entries.len(), 1);
    let ports: Vec<(u32, Option<CompactString>)> = bundle.service_entries[0]
        .spec
        .ports
        .iter()
        .map(|p| (p.number, p.protocol.clone()))
        .collect();
    assert_eq!(
        ports,
        [(80, Some("HTTP".into())), (443, Some("TLS".into()))]
    );
    assert_eq!(bundle.virtual_services.len(), 1);
    let vs = &bundle.virtual_services[0].spec;
    assert_eq!(vs.http.len(), 2, "mesh and gateway rules for port 80");
    assert_eq!(vs.tls.len(), 2, "mesh and gateway rules for port 443");
    assert_eq!(vs.gateways, ["mesh", "istio-system/istio-egressgateway"]);
    assert_eq!(bundle.gateways[0].spec.servers.len(), 2);
}

#[test]
fn the_shared_subset_is_defined_once() {
    let bundle = compose(vec![
        route(&["api.example.com"], EgressMode::Http),
        route(&["www.example.org"], EgressMode::TlsPassthrough),
        route(&["pay.example.com"], EgressMode::TlsOrigination),
    ]);
    let gateway_rules: Vec<_> = bundle
        .destination_rules
        .iter()
        .filter(|d| d.spec.host == "istio-egressgateway.istio-system.svc.cluster.local")
        .collect();
    assert_eq!(gateway_rules.len(), 1);
    let subsets = &gateway_rules[0].spec.subsets;
    assert_eq!(subsets.len(), 1);
    assert_eq!(subsets[0].name, "egress");
    assert!(subsets[0].labels.is_empty());
    // ISTIO_MUTUAL on the HTTP-carrying port only; the passthrough port keeps the app's TLS.
    let ports = &subsets[0]
        .traffic_policy
        .as_ref()
        .unwrap()
        .port_level_settings;
    assert_eq!(ports.len(), 1);
    assert_eq!(ports[0].port.as_ref().unwrap().number, Some(80));
    let tls = ports[0].tls.as_ref().unwrap();
    assert_eq!(tls.mode, Some(ClientTlsMode::IstioMutual));
    assert_eq!(tls.sni.as_deref(), Some("api.example.com"));
    // Every sidecar hop uses it.
    for vs in &bundle.virtual_services {
        let value = json(vs);
        let mesh = value["spec"]["http"][0]["route"][0]["destination"]
            .as_object()
            .or(value["spec"]["tls"][0]["route"][0]["destination"].as_object())
            .unwrap();
        assert_eq!(mesh["subset"], "egress");
        assert_eq!(
            mesh["host"],
            "istio-egressgateway.istio-system.svc.cluster.local"
        );
    }
}

#[test]
fn several_hosts_in_one_route_are_routed_each_to_itself() {
    let bundle = compose(vec![route(
        &["api.example.com", "pay.example.com"],
        EgressMode::Http,
    )]);
    let vs = json(&bundle.virtual_services[0]);
    let http = vs["spec"]["http"].as_array().unwrap();
    assert_eq!(http.len(), 3, "one mesh rule, one gateway rule per host");
    assert_eq!(
        http[1]["match"][0]["authority"]["regex"],
        "^api\\.example\\.com(:[0-9]+)?$"
    );
    assert_eq!(
        http[1]["route"][0]["destination"]["host"],
        "api.example.com"
    );
    assert_eq!(
        http[2]["route"][0]["destination"]["host"],
        "pay.example.com"
    );
    // Passthrough: one gateway rule per SNI.
    let bundle = compose(vec![route(
        &["api.example.com", "pay.example.com"],
        EgressMode::TlsPassthrough,
    )]);
    let vs = json(&bundle.virtual_services[0]);
    assert_eq!(
        vs["spec"]["tls"][1]["match"][0]["sniHosts"],
        json!(["api.example.com"])
    );
    assert_eq!(
        vs["spec"]["tls"][2]["match"][0]["sniHosts"],
        json!(["pay.example.com"])
    );
}

#[test]
fn origination_verifies_the_server_by_default() {
    let bundle = compose(vec![route(
        &["api.example.com"],
        EgressMode::TlsOrigination,
    )]);
    let rule = bundle
        .destination_rules
        .iter()
        .find(|d| d.spec.host == "api.example.com")
        .unwrap();
    assert_eq!(rule.metadata.namespace.as_deref(), Some("istio-system"));
    assert_eq!(rule.spec.export_to, ["."]);
    let tls = json(
        &rule
            .spec
            .traffic_policy
            .as_ref()
            .unwrap()
            .port_level_settings[0],
    );
    assert_eq!(
        tls,
        json!({"port": {"number": 443}, "tls": {
            "mode": "SIMPLE",
            "caCertificates": "/etc/ssl/certs/ca-certificates.crt",
            "subjectAltNames": ["api.example.com"],
            "sni": "api.example.com",
        }})
    );
    // The opt-out removes the CA and the names, and sets the flag.
    let mut r = route(&["api.example.com"], EgressMode::TlsOrigination);
    r.origination.insecure_skip_verify = true;
    let bundle = compose(vec![r]);
    let tls = json(
        &bundle.destination_rules[1]
            .spec
            .traffic_policy
            .as_ref()
            .unwrap()
            .port_level_settings[0]
            .tls,
    );
    assert_eq!(
        tls,
        json!({"mode": "SIMPLE", "sni": "api.example.com", "insecureSkipVerify": true})
    );
}

#[test]
fn originations_to_one_host_merge_by_namespace_and_selector() {
    let direct = |port: u32, namespaces: &[&str], selector: Option<&str>| {
        let mut r = route(&["api.example.com"], EgressMode::TlsOrigination);
        r.direct = true;
        r.port = Some(port - 363);
        r.target_port = Some(port);
        r.client_namespaces = namespaces.iter().map(|n| n.to_string()).collect();
        if let Some(app) = selector {
            r.origination.workload_selector = BTreeMap::from([("app".into(), app.into())]);
        }
        r
    };
    let bundle = compose(vec![
        direct(443, &["team-a"], None),
        direct(8443, &["team-a", "team-b"], Some("billing")),
        direct(9443, &["team-a"], None),
        direct(10443, &["team-b"], Some("billing")),
    ]);
    // The sidecars originate on the application's ports (the TLS port less 363 here). One
    // rule without a selector, in the routes' namespace, with both of its routes' ports; and
    // one per client namespace for the selecting routes, with the ports of each.
    let mut rules: Vec<(String, Option<Value>, Vec<u64>)> = bundle
        .destination_rules
        .iter()
        .filter(|d| d.spec.host == "api.example.com")
        .map(|d| {
            let ports = d
                .spec
                .traffic_policy
                .as_ref()
                .unwrap()
                .port_level_settings
                .iter();
            (
                d.metadata.namespace.clone().unwrap(),
                d.spec.workload_selector.as_ref().map(json),
                ports
                    .map(|p| json(&p.port)["number"].as_u64().unwrap())
                    .collect(),
            )
        })
        .collect();
    rules.sort_by(|a, b| a.0.cmp(&b.0));
    let selected = Some(json!({"matchLabels": {"app": "billing"}}));
    assert_eq!(
        rules,
        [
            ("istio-system".to_string(), None, vec![80, 9080]),
            ("team-a".to_string(), selected.clone(), vec![8080]),
            ("team-b".to_string(), selected, vec![8080, 10080]),
        ]
    );
}

#[test]
fn tcp_by_ip_is_static_with_endpoints() {
    let mut gateway = EgressGateway::default();
    gateway
        .ports
        .push(GatewayServicePort::new(27017, "tcp-mongo"));
    let r = EgressRoute::builder()
        .hosts(["mongo.example.com"])
        .mode(EgressMode::Tcp)
        .port(27017)
        .addresses(["203.0.113.10"])
        .gateway(gateway)
        .build();
    let bundle = compose(vec![r]);
    let se = &bundle.service_entries[0].spec;
    assert_eq!(se.resolution, Some(Resolution::Static));
    assert_eq!(se.addresses, ["203.0.113.10"]);
    assert_eq!(se.endpoints[0].address.as_deref(), Some("203.0.113.10"));
    let server = &bundle.gateways[0].spec.servers[0];
    assert_eq!(server.port.as_ref().unwrap().number, 27017);
    assert_eq!(server.port.as_ref().unwrap().protocol, "TLS");
}

#[test]
fn wildcard_upstream_is_exported_to_the_gateway_only() {
    let mut r = route(&["*.wikipedia.org"], EgressMode::TlsPassthrough);
    r.wildcard = Some(Wildcard::new("www.wikipedia.org"));
    r.client_namespaces = vec!["shop".into()];
    let bundle = compose(vec![r]);
    let upstream = bundle
        .service_entries
        .iter()
        .find(|s| s.spec.hosts == ["www.wikipedia.org"])
        .unwrap();
    assert_eq!(upstream.spec.export_to, ["."]);
    assert_eq!(upstream.spec.resolution, Some(Resolution::Dns));
    let wildcard = bundle
        .service_entries
        .iter()
        .find(|s| s.spec.hosts == ["*.wikipedia.org"])
        .unwrap();
    assert_eq!(wildcard.spec.resolution, Some(Resolution::None));
    assert_eq!(wildcard.spec.export_to, ["shop", "."]);
}

#[test]
fn direct_wildcard_is_pinned_to_its_upstream() {
    let r = EgressRoute::builder()
        .hosts(["*.wikipedia.org"])
        .mode(EgressMode::TlsPassthrough)
        .wildcard(Wildcard::new("www.wikipedia.org"))
        .direct(true)
        .build();
    let bundle = compose(vec![r]);
    assert!(bundle.gateways.is_empty());
    let vs = json(&bundle.virtual_services[0]);
    assert!(vs["spec"].get("gateways").is_none(), "mesh only");
    assert_eq!(
        vs["spec"]["tls"],
        json!([{"match": [{"sniHosts": ["*.wikipedia.org"], "port": 443}],
                "route": [{"destination": {"host": "www.wikipedia.org", "port": {"number": 443}}}]}])
    );
}

#[test]
fn composing_is_deterministic() {
    let routes = vec![
        route(
            &["api.example.com", "pay.example.com"],
            EgressMode::TlsOrigination,
        ),
        route(&["www.example.org"], EgressMode::TlsPassthrough),
    ];
    let a = manifest::to_yaml(compose(routes.clone()).objects().iter(), Default::default());
    let b = manifest::to_yaml(compose(routes).objects().iter(), Default::default());
    assert_eq!(a.unwrap(), b.unwrap());
}

// ---------------------------------------------------------------------------------------
// Errors, each with the field it names
// ---------------------------------------------------------------------------------------

/// The error of a single route, and the field it names.
fn single(r: EgressRoute) -> ComposeError {
    match r.compose() {
        Ok(_) => panic!("expected an error for {r:?}"),
        Err(e) => e,
    }
}

#[test]
fn every_input_error_names_its_field() {
    let mtls = |direct: bool| {
        let mut r = route(&["api.example.com"], EgressMode::MtlsOrigination);
        r.direct = direct;
        r
    };
    let tcp = EgressRoute::builder()
        .hosts(["db.example.com"])
        .mode(EgressMode::Tcp)
        .port(5432)
        .gateway_port(443)
        .addresses(["203.0.113.7"])
        .build();
    let wildcard = route(&["*.example.com"], EgressMode::TlsPassthrough);
    let cases: Vec<(EgressRoute, &str, &str)> = vec![
        (route(&[], EgressMode::Http), "hosts", "Missing"),
        (
            route(&["API.example.com"], EgressMode::Http),
            "hosts[0]",
            "Invalid",
        ),
        (route(&["*"], EgressMode::Http), "hosts[0]", "Invalid"),
        (route(&["api"], EgressMode::Http), "hosts[0]", "Invalid"),
        (
            route(&["a.com", "*.b.com"], EgressMode::Http),
            "hosts[1]",
            "Unsupported",
        ),
        (
            route(&["a.com", "a.com"], EgressMode::Http),
            "hosts[1]",
            "Invalid",
        ),
        (wildcard.clone(), "wildcard.upstream", "Missing"),
        (
            EgressRoute {
                wildcard: Some(Wildcard::new("www.example.com")),
                resolution: Some(EgressResolution::Dns),
                ..wildcard.clone()
            },
            "resolution",
            "Unsupported",
        ),
        (
            EgressRoute {
                wildcard: Some(Wildcard::new("*.example.net")),
                ..wildcard.clone()
            },
            "wildcard.upstream",
            "Invalid",
        ),
        (
            EgressRoute {
                wildcard: Some(Wildcard::new("www.example.com")),
                ..route(&["api.example.com"], EgressMode::Http)
            },
            "wildcard",
            "Unsupported",
        ),
        (
            EgressRoute {
                addresses: vec![],
                ..tcp.clone()
            },
            "addresses",
            "Missing",
        ),
        (
            EgressRoute {
                port: None,
                ..tcp.clone()
            },
            "port",
            "Missing",
        ),
        (
            EgressRoute {
                addresses: vec!["10.0.0.0/8".into()],
                ..tcp.clone()
            },
            "addresses[0]",
            "Unsupported",
        ),
        (
            EgressRoute {
                addresses: vec!["not-an-ip".into()],
                ..tcp.clone()
            },
            "addresses[0]",
            "Invalid",
        ),
        // The tcp route's own port 5432 is not a port of the default gateway Service.
        (
            EgressRoute {
                gateway_port: None,
                ..tcp.clone()
            },
            "port",
            "PortNotOnGateway",
        ),
        (mtls(false), "origination.credentialName", "Missing"),
        (
            EgressRoute {
                origination: Origination::builder().credential_name("cert").build(),
                ..mtls(true)
            },
            "origination.workloadSelector",
            "Missing",
        ),
        (
            EgressRoute {
                port: Some(0),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "port",
            "Invalid",
        ),
        (
            EgressRoute {
                target_port: Some(70000),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "targetPort",
            "Invalid",
        ),
        (
            EgressRoute {
                gateway_port: Some(8443),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "gatewayPort",
            "PortNotOnGateway",
        ),
        (
            EgressRoute {
                gateway: EgressGateway {
                    ports: vec![GatewayServicePort::new(80, "http2")],
                    ..EgressGateway::default()
                },
                ..route(&["a.example.com"], EgressMode::TlsPassthrough)
            },
            "mode",
            "PortNotOnGateway",
        ),
        (
            EgressRoute {
                direct: true,
                ..route(&["a.example.com"], EgressMode::TlsInMutual)
            },
            "direct",
            "Unsupported",
        ),
        (
            route(&["a.example.com", "b.example.com"], EgressMode::TlsInMutual),
            "hosts[1]",
            "Unsupported",
        ),
        (
            EgressRoute {
                addresses: vec!["203.0.113.1".into()],
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "addresses",
            "Unsupported",
        ),
        (
            EgressRoute {
                origination: Origination::builder().sni("a.example.com").build(),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "origination",
            "Unsupported",
        ),
        (
            originating(
                Origination::builder()
                    .credential_name("cert")
                    .ca_certificates("/etc/ca.pem")
                    .build(),
            ),
            "origination.caCertificates",
            "Unsupported",
        ),
        (
            originating(
                Origination::builder()
                    .insecure_skip_verify(true)
                    .subject_alt_names(vec!["a.example.com".to_string()])
                    .build(),
            ),
            "origination.insecureSkipVerify",
            "Unsupported",
        ),
        (
            originating(
                Origination::builder()
                    .subject_alt_names(vec!["a.example.com".to_string(), "a b".to_string()])
                    .build(),
            ),
            "origination.subjectAltNames[1]",
            "Invalid",
        ),
        (
            originating(
                Origination::builder()
                    .subject_alt_names(vec!["a.example.com".to_string(); 2])
                    .build(),
            ),
            "origination.subjectAltNames[1]",
            "Invalid",
        ),
        (
            EgressRoute {
                target_port: Some(80),
                ..route(&["a.example.com"], EgressMode::TlsOrigination)
            },
            "targetPort",
            "Unsupported",
        ),
        (
            EgressRoute {
                resolution: Some(EgressResolution::None),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "resolution",
            "Unsupported",
        ),
        (
            EgressRoute {
                client_namespaces: vec!["Shop".into()],
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "clientNamespaces[0]",
            "Invalid",
        ),
        (
            EgressRoute {
                client_namespaces: vec!["shop".into()],
                export_to: Some(vec!["shop".into()]),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "exportTo",
            "Unsupported",
        ),
        (
            EgressRoute {
                export_to: Some(vec!["~".into()]),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "exportTo[0]",
            "Unsupported",
        ),
        (
            EgressRoute {
                names: Names::builder().virtual_service("Not_A_Label").build(),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "names.virtualService",
            "Invalid",
        ),
        (
            EgressRoute {
                direct: true,
                gateway_port: Some(80),
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "gatewayPort",
            "Unsupported",
        ),
        (
            EgressRoute {
                gateway: EgressGateway {
                    selector: BTreeMap::new(),
                    ..EgressGateway::default()
                },
                ..route(&["a.example.com"], EgressMode::Http)
            },
            "gateway.selector",
            "Missing",
        ),
    ];
    for (r, field, variant) in cases {
        let e = single(r.clone());
        assert_eq!(e.field(), field, "{r:?}\n{e}");
        let name = format!("{e:?}");
        assert!(
            name.starts_with(variant),
            "{field}: expected {variant}, got {e}"
        );
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn conflicting_routes_name_the_later_route() {
    let api = |mode| route(&["api.example.com"], mode);
    // Two ways of carrying traffic on one gateway port.
    let e = error(vec![
        route(&["a.example.com"], EgressMode::TlsPassthrough),
        EgressRoute {
            gateway_port: Some(443),
            ..route(&["b.example.com"], EgressMode::Http)
        },
    ]);
    assert_eq!(e.field(), "routes[1].gatewayPort", "{e}");
    assert!(matches!(e, ComposeError::Conflict { ref other, .. } if other == "routes[0]"));
    // The default ports collide: mtls-origination and passthrough both want 443.
    let e = error(vec![
        route(&["a.example.com"], EgressMode::TlsPassthrough),
        EgressRoute {
            origination: Origination::builder().credential_name("cert").build(),
            ..route(&["b.example.com"], EgressMode::MtlsOrigination)
        },
    ]);
    assert_eq!(e.field(), "routes[1].mode", "{e}");
    // One host and port, two protocols (IST0177).
    let e = error(vec![
        api(EgressMode::Http),
        EgressRoute {
            target_port: Some(80),
            ..api(EgressMode::TlsPassthrough)
        },
    ]);
    assert_eq!(e.field(), "routes[1].targetPort", "{e}");
    // Overlapping but different host sets (IST0109).
    let e = error(vec![
        route(&["api.example.com", "pay.example.com"], EgressMode::Http),
        route(&["pay.example.com"], EgressMode::TlsPassthrough),
    ]);
    assert_eq!(e.field(), "routes[1].hosts[0]", "{e}");
    let e = error(vec![
        EgressRoute {
            wildcard: Some(Wildcard::new("www.example.com")),
            ..route(&["*.example.com"], EgressMode::TlsPassthrough)
        },
        route(&["api.example.com"], EgressMode::Http),
    ]);
    assert_eq!(e.field(), "routes[1].hosts[0]", "{e}");
    // The same route twice.
    let e = error(vec![api(EgressMode::Http), api(EgressMode::Http)]);
    assert_eq!(e.field(), "routes[1].mode", "{e}");
    // Two tcp routes on one gateway port.
    let mut gateway = EgressGateway::default();
    gateway.ports.push(GatewayServicePort::new(7777, "tcp"));
    let tcp = |host: &str, ip: &str| {
        EgressRoute::builder()
            .hosts([host])
            .mode(EgressMode::Tcp)
            .port(5432)
            .gateway_port(7777)
            .addresses([ip])
            .gateway(gateway.clone())
            .build()
    };
    let e = error(vec![
        tcp("a.example.com", "203.0.113.1"),
        tcp("b.example.com", "203.0.113.2"),
    ]);
    assert_eq!(e.field(), "routes[1].gatewayPort", "{e}");
    // One gateway described two ways.
    let e = error(vec![
        tcp("a.example.com", "203.0.113.1"),
        route(&["b.example.com"], EgressMode::Http),
    ]);
    assert_eq!(e.field(), "routes[1].gateway", "{e}");
    // Two subset names for one gateway.
    let e = error(vec![
        EgressRoute {
            names: Names::builder().subset("one").build(),
            ..api(EgressMode::Http)
        },
        EgressRoute {
            names: Names::builder().subset("two").build(),
            ..route(&["b.example.com"], EgressMode::Http)
        },
    ]);
    assert_eq!(e.field(), "routes[1].names.subset", "{e}");
    // Derived names that collide.
    let e = error(vec![
        route(&["a-b.example.com"], EgressMode::Http),
        route(&["a.b-example.com"], EgressMode::Http),
    ]);
    assert_eq!(e.field(), "routes[1].names.serviceEntry", "{e}");
    assert!(
        matches!(e, ComposeError::Conflict { ref other, ref message, .. }
            if other == "routes[0].names.serviceEntry"
                && message.contains("ServiceEntry istio-system/a-b-example-com would name both \
                    the hosts a-b.example.com and the hosts a.b-example.com")),
        "{e}"
    );
    // Chosen names that collide: VirtualServices, origination DestinationRules.
    type Chosen = fn() -> Names;
    let chosen: [(Chosen, &str, &str); 2] = [
        (
            || Names::builder().virtual_service("shared").build(),
            "virtualService",
            "the hosts a.example.com and the hosts b.example.com",
        ),
        (
            || Names::builder().destination_rule("shared").build(),
            "destinationRule",
            "TLS origination to a.example.com and TLS origination to b.example.com",
        ),
    ];
    for (names, field, both) in chosen {
        let named = |host: &str| EgressRoute {
            names: names(),
            ..route(&[host], EgressMode::TlsOrigination)
        };
        let e = error(vec![named("a.example.com"), named("b.example.com")]);
        assert_eq!(e.field(), format!("routes[1].names.{field}"), "{e}");
        assert!(
            e.to_string().contains(&format!("would name both {both}")),
            "{e}"
        );
    }
    // The same hosts in two namespaces.
    let e = error(vec![
        api(EgressMode::Http),
        EgressRoute {
            direct: true,
            gateway: EgressGateway {
                namespace: "egress".into(),
                ..EgressGateway::default()
            },
            ..api(EgressMode::TlsPassthrough)
        },
    ]);
    assert_eq!(e.field(), "routes[1].gateway.namespace", "{e}");
    // A later route's gateway is checked even when an earlier route's passed.
    let e = error(vec![
        route(&["a.example.com"], EgressMode::Http),
        EgressRoute {
            gateway: EgressGateway {
                selector: BTreeMap::new(),
                ..EgressGateway::default()
            },
            ..route(&["b.example.com"], EgressMode::Http)
        },
    ]);
    assert_eq!(e.field(), "routes[1].gateway.selector", "{e}");
    // An empty plan.
    let e = error(vec![]);
    assert_eq!(e.field(), "routes", "{e}");
}

#[test]
fn network_policy_errors() {
    // A gateway route without client namespaces.
    let e = EgressPlan::new(vec![route(&["api.example.com"], EgressMode::Http)])
        .with_network_policy(true)
        .compose()
        .unwrap_err();
    assert_eq!(e.field(), "routes[0].clientNamespaces", "{e}");
    // A direct route whose namespace the policy would lock down.
    let plan = EgressPlan::new(vec![
        EgressRoute {
            client_namespaces: vec!["shop".into()],
            ..route(&["api.example.com"], EgressMode::Http)
        },
        EgressRoute {
            client_namespaces: vec!["shop".into()],
            direct: true,
            ..route(&["www.example.org"], EgressMode::TlsPassthrough)
        },
    ]);
    let e = plan.with_network_policy(true).compose().unwrap_err();
    assert_eq!(e.field(), "routes[1].clientNamespaces[0]", "{e}");
    // A policy in the gateway's own namespace would cut the gateway off.
    let r = EgressRoute {
        client_namespaces: vec!["shop".into(), "istio-system".into()],
        ..route(&["api.example.com"], EgressMode::Http)
    };
    let e = r.compose_with_network_policy().unwrap_err();
    assert_eq!(e.field(), "clientNamespaces[1]", "{e}");
    let message = e.to_string();
    assert!(
        message.contains("a NetworkPolicy there would cut them off") && !message.contains("  "),
        "{message}"
    );
    // Nothing to confine.
    let r = EgressRoute {
        direct: true,
        client_namespaces: vec!["shop".into()],
        ..route(&["api.example.com"], EgressMode::Http)
    };
    let e = r.compose_with_network_policy().unwrap_err();
    assert_eq!(e.field(), "networkPolicy", "{e}");
}

#[test]
fn warnings_are_kept_in_the_bundle() {
    // Turning verification off is allowed, and analysis says so.
    let mut r = route(&["api.example.com"], EgressMode::TlsOrigination);
    r.origination.insecure_skip_verify = true;
    let bundle = r.compose().unwrap();
    let codes: Vec<&str> = bundle.warnings.iter().map(|w| w.finding.code).collect();
    assert_eq!(codes, ["IST0129"], "{:?}", bundle.warnings);
    assert_eq!(bundle.warnings[0].kind, "DestinationRule");
    assert_eq!(bundle.warnings[0].name, "api-example-com-tls-origination");
    // The secure defaults draw no warning.
    let bundle = route(&["api.example.com"], EgressMode::TlsOrigination)
        .compose()
        .unwrap();
    assert!(bundle.warnings.is_empty(), "{:?}", bundle.warnings);
}

// ---------------------------------------------------------------------------------------
// NetworkPolicy, names, exportTo
// ---------------------------------------------------------------------------------------

#[test]
fn network_policy_lets_pods_out_only_through_the_gateway() {
    let r = EgressRoute {
        client_namespaces: vec!["shop".into(), "web".into()],
        ..route(&["api.example.com"], EgressMode::TlsOrigination)
    };
    let bundle = EgressPlan::new(vec![r])
        .with_network_policy(true)
        .compose()
        .unwrap();
    assert_eq!(bundle.network_policies.len(), 2);
    let policy = json(&bundle.network_policies[0]);
    assert_eq!(
        policy,
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "egress-via-gateway-only", "namespace": "shop"},
            "spec": {
                "podSelector": {},
                "policyTypes": ["Egress"],
                "egress": [
                    {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}}],
                     "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]},
                    {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-system"}}}]},
                ],
            },
        })
    );
    assert_eq!(
        bundle.network_policies[1].metadata.namespace.as_deref(),
        Some("web")
    );
    // A gateway outside the control plane's namespace: both are allowed.
    let r = EgressRoute {
        client_namespaces: vec!["shop".into()],
        gateway: EgressGateway {
            namespace: "istio-egress".into(),
            ..EgressGateway::default()
        },
        ..route(&["api.example.com"], EgressMode::Http)
    };
    let bundle = r.compose_with_network_policy().unwrap();
    let policy = json(&bundle.network_policies[0]);
    assert_eq!(
        policy["spec"]["egress"][1]["to"],
        json!([
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-egress"}}},
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-system"}}},
        ])
    );
}

#[test]
fn every_name_can_be_overridden() {
    let r = EgressRoute {
        names: Names::builder()
            .service_entry("api-se")
            .virtual_service("api-vs")
            .destination_rule("api-tls")
            .gateway("egress")
            .gateway_destination_rule("egress-hop")
            .subset("out")
            .build(),
        client_namespaces: vec!["shop".into()],
        ..route(&["api.example.com"], EgressMode::TlsOrigination)
    };
    let bundle = compose(vec![r]);
    let names: Vec<(String, String)> = bundle
        .objects()
        .iter()
        .map(|o| (o.kind().to_owned(), o.name().unwrap().to_owned()))
        .collect();
    let expect = |k: &str, n: &str| (k.to_owned(), n.to_owned());
    assert_eq!(
        names,
        [
            expect("ServiceEntry", "api-se"),
            expect("Gateway", "egress"),
            expect("DestinationRule", "egress-hop"),
            expect("DestinationRule", "api-tls"),
            expect("VirtualService", "api-vs"),
        ]
    );
    let vs = json(&bundle.virtual_services[0]);
    assert_eq!(
        vs["spec"]["gateways"],
        json!(["mesh", "istio-system/egress"])
    );
    assert_eq!(
        vs["spec"]["http"][0]["route"][0]["destination"]["subset"],
        "out"
    );
    assert_eq!(bundle.destination_rules[0].spec.subsets[0].name, "out");
    // The wildcard upstream's entry too.
    let r = EgressRoute {
        wildcard: Some(Wildcard::new("www.wikipedia.org")),
        names: Names::builder()
            .upstream_service_entry("wiki-upstream")
            .build(),
        ..route(&["*.wikipedia.org"], EgressMode::TlsPassthrough)
    };
    let bundle = compose(vec![r]);
    assert!(
        bundle
            .service_entries
            .iter()
            .any(|s| s.metadata.name.as_deref() == Some("wiki-upstream"))
    );
}

#[test]
fn derived_names_are_labels() {
    let long = format!("{}.example.com", "a".repeat(63));
    let bundle = compose(vec![route(&[&long], EgressMode::TlsOrigination)]);
    for object in bundle.objects() {
        let name = object.name().unwrap();
        assert!(name.len() <= 63, "{name}");
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
    }
    let wildcard = EgressRoute {
        wildcard: Some(Wildcard::new("www.wikipedia.org")),
        ..route(&["*.wikipedia.org"], EgressMode::TlsPassthrough)
    };
    let bundle = compose(vec![wildcard]);
    assert_eq!(
        bundle.virtual_services[0].metadata.name.as_deref(),
        Some("wildcard-wikipedia-org")
    );
}

#[test]
fn export_to_follows_the_client_namespaces() {
    let r = EgressRoute {
        client_namespaces: vec!["web".into(), "shop".into()],
        ..route(&["api.example.com"], EgressMode::TlsOrigination)
    };
    let bundle = compose(vec![r]);
    assert_eq!(
        bundle.service_entries[0].spec.export_to,
        ["shop", "web", "."]
    );
    assert_eq!(
        bundle.virtual_services[0].spec.export_to,
        ["shop", "web", "."]
    );
    // The gateway hop's rule: one copy per client namespace, each kept there.
    let copies: Vec<(Option<String>, Vec<CompactString>)> = bundle
        .destination_rules
        .iter()
        .filter(|d| d.spec.host.starts_with("istio-egressgateway."))
        .map(|d| (d.metadata.namespace.clone(), d.spec.export_to.clone()))
        .collect();
    assert_eq!(
        copies,
        [
            (Some("shop".into()), vec![CompactString::from(".")]),
            (Some("web".into()), vec![CompactString::from(".")]),
        ]
    );
    // No client namespaces: everything in the gateway's namespace, exported to all.
    let bundle = compose(vec![route(&["api.example.com"], EgressMode::Http)]);
    assert_eq!(bundle.service_entries[0].spec.export_to, ["*"]);
    assert_eq!(
        bundle.destination_rules[0].metadata.namespace.as_deref(),
        Some("istio-system")
    );
    assert_eq!(bundle.destination_rules[0].spec.export_to, ["*"]);
    // An explicit exportTo replaces the derived one.
    let r = EgressRoute {
        export_to: Some(vec![".".into(), "shop".into(), "ops".into()]),
        client_namespaces: vec!["shop".into()],
        ..route(&["api.example.com"], EgressMode::Http)
    };
    let bundle = compose(vec![r]);
    assert_eq!(
        bundle.service_entries[0].spec.export_to,
        ["ops", "shop", "."]
    );
}

// ---------------------------------------------------------------------------------------
// Reading routes
// ---------------------------------------------------------------------------------------

const ROUTES: &str = r#"
- hosts: [api.example.com]
  mode: tls-origination
  clientNamespaces: [shop]
- hosts: ["*.wikipedia.org"]
  mode: tls-passthrough
  wildcard: {upstream: www.wikipedia.org}
- hosts: [db.example.com]
  mode: tcp
  port: 5432
  gatewayPort: 7777
  addresses: [203.0.113.7]
  gateway:
    ports:
    - {port: 80, targetPort: 8080, name: http2}
    - {port: 443, targetPort: 8443, name: https}
    - {port: 7777, name: tcp-db}
- hosts: [payments.example.com]
  mode: mtls-origination
  origination: {credentialName: payments-client}
  gatewayPort: 80
  names: {virtualService: payments}
"#;

#[test]
fn routes_read_from_yaml_and_write_back() {
    let routes: Vec<EgressRoute> = serde_saphyr::from_str(ROUTES).unwrap();
    assert_eq!(routes.len(), 4);
    assert_eq!(routes[0].mode, EgressMode::TlsOrigination);
    assert_eq!(routes[1].wildcard, Some(Wildcard::new("www.wikipedia.org")));
    assert_eq!(routes[2].gateway.ports.len(), 3);
    assert_eq!(routes[2].gateway.namespace, "istio-system");
    assert_eq!(
        routes[3].origination.credential_name.as_deref(),
        Some("payments-client")
    );
    let written = serde_saphyr::to_string(&routes).unwrap();
    let back: Vec<EgressRoute> = serde_saphyr::from_str(&written).unwrap();
    assert_eq!(back, routes);
    // Defaults are not written out.
    assert!(!written.contains("direct"), "{written}");
    assert_eq!(written.matches("istio-system").count(), 1, "{written}");
    // The routes on the tcp route's gateway differ from the others' default gateway.
    let e = EgressPlan::new(routes).compose().unwrap_err();
    assert_eq!(e.field(), "routes[2].gateway", "{e}");
}

#[test]
fn a_plan_reads_from_yaml() {
    let plan: EgressPlan = serde_saphyr::from_str(
        "routes:\n- {hosts: [api.example.com], mode: http, clientNamespaces: [shop]}\nnetworkPolicy: {}\n",
    )
    .unwrap();
    let bundle = plan.compose().unwrap();
    assert_eq!(bundle.network_policies.len(), 1);
}

#[test]
fn a_misspelt_field_is_an_error() {
    for text in [
        "- {hosts: [a.example.com], mode: http, clientNamespace: [shop]}",
        "- {hosts: [a.example.com], mode: http, gateway: {namespce: x}}",
        "- {hosts: [a.example.com], mode: tls-origination, origination: {sni: a.example.com, caCertificate: x}}",
        "- {hosts: [a.example.com], mode: http, names: {virtualservice: x}}",
        "- {hosts: [a.example.com], mode: https}",
        "- {hosts: [a.example.com]}",
        "- {mode: http}",
    ] {
        let read: Result<Vec<EgressRoute>, _> = serde_saphyr::from_str(text);
        assert!(read.is_err(), "{text} should not read");
    }
}

#[test]
fn the_schema_is_strict() {
    let schema = serde_json::to_value(schemars::schema_for!(EgressRoute)).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["required"], json!(["hosts", "mode"]));
    let modes = &schema["$defs"]["EgressMode"];
    let text = modes.to_string();
    for mode in [
        "http",
        "tls-passthrough",
        "tls-origination",
        "mtls-origination",
        "tcp",
        "tls-in-mutual",
    ] {
        assert!(text.contains(mode), "{mode} in {text}");
    }
}

#[test]
fn routes_through_two_gateways_get_a_gateway_each() {
    let second = EgressGateway {
        namespace: "istio-egress".into(),
        service: "egress-b".into(),
        selector: BTreeMap::from([("app".to_string(), "egress-b".to_string())]),
        ..EgressGateway::default()
    };
    let bundle = compose(vec![
        EgressRoute {
            client_namespaces: vec!["shop".into()],
            ..route(&["api.example.com"], EgressMode::Http)
        },
        EgressRoute {
            client_namespaces: vec!["shop".into()],
            gateway: second,
            ..route(&["www.example.org"], EgressMode::TlsPassthrough)
        },
    ]);
    let gateways: Vec<(Option<&str>, Option<&str>)> = bundle
        .gateways
        .iter()
        .map(|g| (g.metadata.namespace.as_deref(), g.metadata.name.as_deref()))
        .collect();
    assert_eq!(
        gateways,
        [
            (Some("istio-system"), Some("istio-egressgateway")),
            (Some("istio-egress"), Some("egress-b")),
        ]
    );
    let hops: Vec<&str> = bundle
        .destination_rules
        .iter()
        .map(|d| d.spec.host.as_str())
        .collect();
    assert_eq!(
        hops,
        [
            "istio-egressgateway.istio-system.svc.cluster.local",
            "egress-b.istio-egress.svc.cluster.local",
        ]
    );
    let vs = json(&bundle.virtual_services[1]);
    assert_eq!(vs["metadata"]["namespace"], "istio-egress");
    assert_eq!(
        vs["spec"]["gateways"],
        json!(["mesh", "istio-egress/egress-b"])
    );
    // Two Services selecting the same pods are one gateway described twice.
    let e = error(vec![
        route(&["api.example.com"], EgressMode::Http),
        EgressRoute {
            gateway: EgressGateway {
                service: "other".into(),
                ..EgressGateway::default()
            },
            ..route(&["www.example.org"], EgressMode::Http)
        },
    ]);
    assert_eq!(e.field(), "routes[1].gateway.selector", "{e}");
}

#[test]
fn every_mode_composes_with_wildcards_and_directly() {
    let wildcard = |mode, direct| EgressRoute {
        wildcard: Some(Wildcard::new("www.wikipedia.org")),
        direct,
        ..route(&["*.wikipedia.org"], mode)
    };
    for mode in [
        EgressMode::Http,
        EgressMode::TlsPassthrough,
        EgressMode::TlsOrigination,
        EgressMode::TlsInMutual,
    ] {
        compose(vec![wildcard(mode, false)]);
        if mode != EgressMode::TlsInMutual {
            compose(vec![wildcard(mode, true)]);
        }
    }
    // A direct tcp route may use a range; it is then left to the address asked for.
    let r = EgressRoute::builder()
        .hosts(["db.example.com"])
        .mode(EgressMode::Tcp)
        .port(5432)
        .addresses(["10.20.0.0/16"])
        .direct(true)
        .build();
    let bundle = compose(vec![r]);
    assert_eq!(
        bundle.service_entries[0].spec.resolution,
        Some(Resolution::None)
    );
    assert!(bundle.virtual_services.is_empty());
}

#[test]
fn a_shared_service_entry_names_the_route_that_set_what_conflicts() {
    // One host in two modes shares one ServiceEntry, which has one resolution.
    let e = error(vec![
        route(&["api.example.com"], EgressMode::Http),
        EgressRoute {
            resolution: Some(EgressResolution::DnsRoundRobin),
            ..route(&["api.example.com"], EgressMode::TlsPassthrough)
        },
    ]);
    assert_eq!(e.field(), "routes[1].resolution", "{e}");
    assert!(
        matches!(e, ComposeError::Conflict { ref other, ref message, .. }
            if other == "routes[0].resolution"
                && message.contains("DNS there and DNS_ROUND_ROBIN here")),
        "{e}"
    );
    // One host on two tcp ports, each with its own addresses: one entry, two address lists.
    let tcp = |port: u32, ip: &str| {
        EgressRoute::builder()
            .hosts(["db.example.com"])
            .mode(EgressMode::Tcp)
            .port(port)
            .addresses([ip])
            .direct(true)
            .build()
    };
    let e = error(vec![tcp(5432, "203.0.113.1"), tcp(5433, "203.0.113.2")]);
    assert_eq!(e.field(), "routes[1].addresses", "{e}");
    assert!(
        matches!(e, ComposeError::Conflict { ref other, .. } if other == "routes[0].addresses"),
        "{e}"
    );
}
