//! Property tests of the composer: every valid plan composes to objects that pass Istio's
//! validation, analysis (with the egress gateway as context) and the CRDs' schema and CEL
//! rules; every invalid one is an error, never a panic.

use crate::support;

use std::collections::BTreeMap;

use istio_egress::analyze::{Options, analyze};
use istio_egress::egress::{
    EgressBundle, EgressGateway, EgressMode, EgressPlan, EgressRoute, GatewayServicePort,
    Origination, Wildcard,
};
use istio_egress::manifest::Object;
use istio_egress::validate::Validate;
use proptest::prelude::*;
use proptest::sample::{Index, subsequence};

/// Concrete hosts; no two overlap.
const HOSTS: &[&str] = &[
    "api.example.com",
    "pay.example.com",
    "www.example.org",
    "edition.cnn.com",
    "httpbin.org",
    "auth.example.dev",
    "cdn.example.net",
    "db.internal.example.io",
    "queue.example.io",
    "search.example.co",
];

/// Wildcards with their upstreams; disjoint from the concrete hosts.
const WILDCARDS: &[(&str, &str)] = &[
    ("*.wikipedia.org", "www.wikipedia.org"),
    ("*.googleapis.com", "www.googleapis.com"),
    ("*.wikimedia.org", "upload.wikimedia.org"),
    ("*.shop.example", "edge.cdn.example"),
];

const CLIENTS: &[&str] = &["shop", "web", "batch"];

/// Ports the gateway opens for stream routes (tcp, tls-in-mutual): one route each.
const STREAM_PORTS: &[u32] = &[7001, 7002, 7003, 7004];

/// The egress gateway the generated routes go through: the chart's, plus a second port for
/// HTTP-carrying routes and dedicated ports for stream routes.
fn gateway() -> EgressGateway {
    let mut gateway = EgressGateway::default();
    gateway
        .ports
        .push(GatewayServicePort::new(9443, "https-alt"));
    for port in STREAM_PORTS {
        gateway
            .ports
            .push(GatewayServicePort::new(*port, format!("tcp-{port}")));
    }
    gateway
}

/// What a generated route is, before hosts and ports are handed out.
#[derive(Clone, Debug)]
struct Shape {
    mode: EgressMode,
    wildcard: bool,
    two_hosts: bool,
    direct: bool,
    clients: Vec<&'static str>,
    credential: bool,
    insecure: bool,
    sans: bool,
    ca: bool,
    sni: bool,
    alt_port: bool,
    export: bool,
    app_port: Index,
}

fn mode() -> impl Strategy<Value = EgressMode> {
    prop_oneof![
        Just(EgressMode::Http),
        Just(EgressMode::TlsPassthrough),
        Just(EgressMode::TlsOrigination),
        Just(EgressMode::MtlsOrigination),
        Just(EgressMode::Tcp),
        Just(EgressMode::TlsInMutual),
    ]
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        mode(),
        any::<[bool; 10]>(),
        subsequence(CLIENTS, 0..=2),
        any::<Index>(),
    )
        .prop_map(|(mode, flags, clients, app_port)| {
            let [
                wildcard,
                two_hosts,
                direct,
                credential,
                insecure,
                sans,
                ca,
                sni,
                alt_port,
                export,
            ] = flags;
            Shape {
                mode,
                wildcard,
                two_hosts,
                direct,
                clients,
                credential,
                insecure,
                sans,
                ca,
                sni,
                alt_port,
                export,
                app_port,
            }
        })
}

/// Turns shapes into valid routes: hands out disjoint hosts and a gateway port of its own to
/// every stream route, and settles the combinations the composer refuses.
fn routes(shapes: Vec<Shape>) -> Vec<EgressRoute> {
    let mut hosts = HOSTS.iter();
    let mut wildcards = WILDCARDS.iter();
    let mut stream_ports = STREAM_PORTS.iter();
    let mut out = Vec::new();
    for (i, s) in shapes.into_iter().enumerate() {
        let stream = matches!(s.mode, EgressMode::Tcp | EgressMode::TlsInMutual);
        let direct = s.direct && s.mode != EgressMode::TlsInMutual;
        let wildcard = s.wildcard && s.mode != EgressMode::Tcp;
        let mut route = EgressRoute::new(Vec::<String>::new(), s.mode);
        route.gateway = gateway();
        route.direct = direct;
        if wildcard {
            let Some((host, upstream)) = wildcards.next() else {
                break;
            };
            route.hosts = vec![(*host).to_owned()];
            route.wildcard = Some(Wildcard::new(*upstream));
        } else {
            let count = if s.two_hosts && !stream { 2 } else { 1 };
            for _ in 0..count {
                if let Some(host) = hosts.next() {
                    route.hosts.push((*host).to_owned());
                }
            }
            if route.hosts.is_empty() {
                break;
            }
        }
        route.client_namespaces = s.clients.iter().map(|c| (*c).to_owned()).collect();
        match s.mode {
            EgressMode::Tcp => {
                route.port = Some(*s.app_port.get(&[5432u32, 3306, 6379, 27017]));
                route.addresses = vec![format!("203.0.113.{}", 10 + i)];
            }
            EgressMode::TlsPassthrough | EgressMode::TlsInMutual => {
                route.port = Some(*s.app_port.get(&[443u32, 8443]));
            }
            _ => route.port = Some(*s.app_port.get(&[80u32, 8080])),
        }
        if !direct {
            route.gateway_port = match s.mode {
                EgressMode::Tcp | EgressMode::TlsInMutual => match stream_ports.next() {
                    Some(port) => Some(*port),
                    None => break,
                },
                // mtls-origination defaults to 443, taken by passthrough: use an
                // HTTP-carrying port.
                EgressMode::MtlsOrigination => Some(if s.alt_port { 9443 } else { 80 }),
                EgressMode::Http | EgressMode::TlsOrigination if s.alt_port => Some(9443),
                _ => None,
            };
        }
        if s.mode.originates_tls() {
            let mut o = Origination::default();
            let mtls = s.mode == EgressMode::MtlsOrigination;
            if mtls || s.credential {
                o.credential_name = Some("client-credential".into());
            }
            if s.insecure && (mtls || o.credential_name.is_none()) {
                o.insecure_skip_verify = true;
            } else {
                if s.sans {
                    o.subject_alt_names = vec!["server.example.com".into()];
                }
                if s.ca && o.credential_name.is_none() {
                    o.ca_certificates = Some("/etc/certs/ca.pem".into());
                }
            }
            if s.sni && route.hosts.len() == 1 {
                o.sni = Some("server.example.com".into());
            }
            if direct && (o.credential_name.is_some() || s.ca) {
                o.workload_selector = BTreeMap::from([("app".into(), "client".into())]);
                if route.client_namespaces.is_empty() {
                    route.client_namespaces = vec!["shop".into()];
                }
            }
            route.origination = o;
        }
        if s.export {
            // An explicit scope: the clients, the gateway's namespace and one more.
            let mut scope = route.client_namespaces.clone();
            scope.extend([".".to_owned(), "ops".to_owned()]);
            route.export_to = Some(scope);
        }
        out.push(route);
    }
    out
}

fn plan() -> impl Strategy<Value = EgressPlan> {
    (prop::collection::vec(shape(), 1..=4), any::<bool>()).prop_map(|(shapes, policy)| {
        let routes = routes(shapes);
        // The NetworkPolicy needs client namespaces on every gateway route, and none shared
        // with a direct route (whose traffic it would block).
        let gateway_clients: Vec<&String> = routes
            .iter()
            .filter(|r| !r.direct)
            .flat_map(|r| &r.client_namespaces)
            .collect();
        let feasible = !gateway_clients.is_empty()
            && routes.iter().all(|r| !r.client_namespaces.is_empty())
            && routes.iter().filter(|r| r.direct).all(|r| {
                r.client_namespaces
                    .iter()
                    .all(|c| !gateway_clients.contains(&c))
            });
        EgressPlan::new(routes).with_network_policy(policy && feasible)
    })
}

/// Everything a composed set must pass.
fn assert_sound(bundle: &EgressBundle) {
    let objects = bundle.objects();
    assert!(!objects.is_empty());
    for object in &objects {
        let report = object.validate();
        assert!(!report.has_errors(), "{object:?}\n{report}");
        if !matches!(object, Object::NetworkPolicy(_)) {
            let value = serde_json::to_value(object).unwrap();
            support::assert_passes_crd("composed object", &value);
        }
    }
    let mut with_context = objects.clone();
    with_context.push(Object::from(gateway().service_object()));
    with_context.push(Object::from(gateway().pod_object()));
    let analysis = analyze(&with_context, &Options::default().with_validation());
    let errors: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.finding.severity == istio_egress::validate::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Names are DNS-1123 labels.
    for object in &objects {
        let name = object.name().unwrap_or_default();
        assert!(
            !name.is_empty()
                && name.len() <= 63
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{name}"
        );
    }
    // One mesh-bound VirtualService per host.
    let mut seen = std::collections::BTreeSet::new();
    for vs in &bundle.virtual_services {
        for host in &vs.spec.hosts {
            assert!(seen.insert(host.clone()), "{host} in two VirtualServices");
        }
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_plans_compose_to_sound_objects(plan in plan()) {
        let bundle = plan.compose();
        prop_assert!(bundle.is_ok(), "{:?}\n{}", plan, bundle.unwrap_err());
        if let Ok(bundle) = bundle {
            assert_sound(&bundle);
        }
    }

    #[test]
    fn broken_plans_are_errors(plan in plan(), fault in 0usize..8, at in any::<Index>(), bad in bad_host()) {
        let mut plan = plan;
        let i = at.index(plan.routes.len());
        let route = &mut plan.routes[i];
        match fault {
            0 => route.hosts[0] = bad,
            1 => route.port = Some(0),
            2 => route.target_port = Some(70000),
            3 => {
                route.mode = EgressMode::MtlsOrigination;
                route.origination = Origination::default();
                route.addresses.clear();
            }
            4 => {
                route.hosts = vec!["*.example.zz".into()];
                route.wildcard = None;
            }
            5 => {
                let copy = route.clone();
                plan.routes.push(copy);
            }
            6 => route.hosts.clear(),
            _ => route.client_namespaces.push("Not A Namespace".into()),
        }
        let result = plan.compose();
        prop_assert!(result.is_err(), "fault {} composed: {:?}", fault, plan);
        if let Err(e) = result {
            prop_assert!(!e.field().is_empty() || fault == 6 || fault == 5, "{}", e);
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn arbitrary_input_never_panics(
        hosts in prop::collection::vec("[a-zA-Z0-9.*_-]{0,20}", 0..3),
        mode in mode(),
        port in prop::option::of(0u32..80000),
        target in prop::option::of(0u32..80000),
        gateway_port in prop::option::of(0u32..80000),
        addresses in prop::collection::vec("[0-9a-f.:/]{0,18}", 0..3),
        direct in any::<bool>(),
        upstream in prop::option::of("[a-z.*]{0,12}"),
        clients in prop::collection::vec("[a-zA-Z.-]{0,8}", 0..3),
    ) {
        let route = EgressRoute {
            port,
            target_port: target,
            gateway_port,
            addresses,
            direct,
            wildcard: upstream.map(Wildcard::new),
            client_namespaces: clients,
            ..EgressRoute::new(hosts, mode)
        };
        if let Ok(bundle) = route.compose() {
            assert_sound(&bundle);
        }
    }
}

fn bad_host() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("*".to_owned()),
        Just("localhost".to_owned()),
        Just("UPPER.example.com".to_owned()),
        Just("*foo.example.com".to_owned()),
        Just("a..example.com".to_owned()),
        Just("-a.example.com".to_owned()),
        Just("a_b.example.com".to_owned()),
        Just("203.0.113.1".to_owned()),
        Just(format!("{}.example.com", "a".repeat(64))),
    ]
}
