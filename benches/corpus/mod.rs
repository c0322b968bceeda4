//! A deterministic generator of realistic Istio networking objects, for benchmarks.
//!
//! The same seed always gives the same objects, so runs compare like with like and nothing
//! but the seed needs to be committed. The mix follows what a mesh of services with egress
//! holds: per service a VirtualService (HTTP routes with matches, retries, timeouts, header
//! operations and weighted subsets, some TLS routes by SNI, gateway bindings), a
//! DestinationRule (TLS, connection pools, outlier detection, subsets), and for external
//! hosts ServiceEntries and egress Gateways.
#![allow(dead_code)]

use istio_egress::manifest::Object;
use istio_egress::networking::*;

/// The seed the committed benchmarks use.
pub const SEED: u64 = 0x1571_0e66_2e55;

/// A small deterministic random source (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const NAMESPACES: &[&str] = &["shop", "payments", "search", "accounts", "media", "ops"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE"];

/// `count` objects: roughly 40% VirtualServices, 40% DestinationRules, 15% ServiceEntries and
/// 5% Gateways.
pub fn objects(seed: u64, count: usize) -> Vec<Object> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| match rng.below(20) {
            0..=7 => virtual_service(&mut rng, i).into(),
            8..=15 => destination_rule(&mut rng, i).into(),
            16..=18 => service_entry(&mut rng, i).into(),
            _ => gateway(&mut rng, i).into(),
        })
        .collect()
}

/// The objects as a JSON stream: each object pretty-printed (as `manifest::to_json` prints
/// it), one after the other, separated by a line break.
pub fn json_stream(objects: &[Object]) -> String {
    objects
        .iter()
        .map(|object| serde_json::to_string_pretty(&object.with_version(ApiVersion::V1)))
        .collect::<Result<Vec<_>, _>>()
        .expect("the corpus writes")
        .join("\n")
}

fn service_host(i: usize, namespace: &str) -> String {
    format!("svc-{i}.{namespace}.svc.cluster.local")
}

fn external_host(i: usize) -> String {
    format!("api-{i}.example.com")
}

pub fn virtual_service(rng: &mut Rng, i: usize) -> VirtualService {
    let namespace = *rng.pick(NAMESPACES);
    let host = service_host(i, namespace);
    let routes = 1 + rng.below(4) as usize;
    let http = (0..routes)
        .map(|r| {
            let last = r + 1 == routes;
            let mut matches = Vec::new();
            if !last {
                matches.push(
                    HttpMatchRequest::builder()
                        .uri(StringMatch::prefix(format!("/api/v{r}/")))
                        .method(StringMatch::exact(*rng.pick(METHODS)))
                        .headers([(
                            "x-team".to_string(),
                            StringMatch::regex(format!("team-{}.*", rng.below(9))),
                        )])
                        .build(),
                );
            }
            let weighted = rng.chance(50);
            let destinations = if weighted {
                let first = 10 * (1 + rng.below(9)) as i32;
                vec![
                    HttpRouteDestination::builder()
                        .destination(Destination::new(host.clone()).subset("v1").port(8080))
                        .weight(first)
                        .build(),
                    HttpRouteDestination::builder()
                        .destination(Destination::new(host.clone()).subset("v2").port(8080))
                        .weight(100 - first)
                        .build(),
                ]
            } else {
                vec![
                    HttpRouteDestination::builder()
                        .destination(Destination::new(host.clone()).port(8080))
                        .build(),
                ]
            };
            let mut route = HttpRoute::builder()
                .name(format!("route-{r}"))
                .r#match(matches)
                .route(destinations)
                .timeout(Duration::from_secs(1 + rng.below(30)))
                .retries(
                    HttpRetry::builder()
                        .attempts(1 + rng.below(5) as i32)
                        .per_try_timeout(Duration::from_millis(500 + 100 * rng.below(20)))
                        .retry_on("gateway-error,connect-failure,refused-stream")
                        .build(),
                )
                .build();
            if rng.chance(40) {
                route.headers = Some(
                    Headers::builder()
                        .request(
                            HeaderOperations::builder()
                                .set([("x-route".to_string(), format!("r{r}"))])
                                .remove(vec!["x-debug".to_string()])
                                .build(),
                        )
                        .build(),
                );
            }
            route
        })
        .collect::<Vec<_>>();
    let mut spec = VirtualServiceSpec::builder()
        .hosts(vec![host.clone()])
        .http(http)
        .build();
    if rng.chance(20) {
        spec.gateways = vec!["mesh".into(), format!("{namespace}/edge").into()];
    }
    if rng.chance(15) {
        let sni = external_host(i);
        spec.hosts.push(sni.as_str().into());
        spec.tls = vec![
            TlsRoute::builder()
                .r#match(vec![
                    TlsMatchAttributes::builder()
                        .sni_hosts(vec![sni.clone()])
                        .port(443)
                        .build(),
                ])
                .route(vec![
                    RouteDestination::builder()
                        .destination(Destination::new(sni).port(443))
                        .build(),
                ])
                .build(),
        ];
    }
    VirtualService::new(format!("vs-{i}"), spec).in_namespace(namespace)
}

pub fn destination_rule(rng: &mut Rng, i: usize) -> DestinationRule {
    let namespace = *rng.pick(NAMESPACES);
    let policy = TrafficPolicy::builder()
        .connection_pool(
            ConnectionPoolSettings::builder()
                .tcp(
                    TcpSettings::builder()
                        .max_connections(100 + rng.below(1000) as i32)
                        .connect_timeout(Duration::from_millis(100 + 10 * rng.below(90)))
                        .build(),
                )
                .http(
                    HttpSettings::builder()
                        .http1_max_pending_requests(1 + rng.below(100) as i32)
                        .max_requests_per_connection(10)
                        .build(),
                )
                .build(),
        )
        .outlier_detection(
            OutlierDetection::builder()
                .consecutive_5xx_errors(5)
                .interval(Duration::from_secs(10))
                .base_ejection_time(Duration::from_secs(30))
                .max_ejection_percent(50)
                .build(),
        )
        .tls(
            ClientTlsSettings::builder()
                .mode(ClientTlsMode::IstioMutual)
                .build(),
        )
        .build();
    let subsets = (1..=2 + rng.below(2))
        .map(|v| {
            Subset::builder()
                .name(format!("v{v}"))
                .labels([("version".to_string(), format!("v{v}"))])
                .build()
        })
        .collect::<Vec<_>>();
    DestinationRule::new(
        format!("dr-{i}"),
        DestinationRuleSpec::builder()
            .host(service_host(i, namespace))
            .traffic_policy(policy)
            .subsets(subsets)
            .build(),
    )
    .in_namespace(namespace)
}

pub fn service_entry(rng: &mut Rng, i: usize) -> ServiceEntry {
    let namespace = *rng.pick(NAMESPACES);
    let tls = rng.chance(70);
    let port = if tls {
        ServicePort::new(443, "TLS", "tls")
    } else {
        ServicePort::new(80, "HTTP", "http")
    };
    ServiceEntry::new(
        format!("se-{i}"),
        ServiceEntrySpec::builder()
            .hosts(vec![external_host(i)])
            .ports(vec![port])
            .location(Location::MeshExternal)
            .resolution(Resolution::Dns)
            .export_to(vec![".".to_string(), "istio-system".to_string()])
            .build(),
    )
    .in_namespace(namespace)
}

pub fn gateway(rng: &mut Rng, i: usize) -> Gateway {
    let hosts = (0..1 + rng.below(3) as usize)
        .map(|h| external_host(i + h))
        .collect::<Vec<_>>();
    Gateway::new(
        format!("egress-{i}"),
        GatewaySpec::builder()
            .selector([("istio".to_string(), "egressgateway".to_string())])
            .servers(vec![
                Server::builder()
                    .port(Port::new(443, "TLS", "tls"))
                    .hosts(hosts.clone())
                    .tls(
                        ServerTlsSettings::builder()
                            .mode(ServerTlsMode::Passthrough)
                            .build(),
                    )
                    .build(),
                Server::builder()
                    .port(Port::new(80, "HTTPS", "https-origination"))
                    .hosts(hosts)
                    .tls(
                        ServerTlsSettings::builder()
                            .mode(ServerTlsMode::IstioMutual)
                            .build(),
                    )
                    .build(),
            ])
            .build(),
    )
    .in_namespace("istio-system")
}

/// A consistent mesh of about `count` objects: per service a Namespace-scoped Service, two
/// Pods (versions v1 and v2), a DestinationRule with those subsets and a VirtualService
/// splitting traffic between them; per external host a ServiceEntry and, through the egress
/// gateway, a Gateway server, a VirtualService binding `mesh` and the gateway, and the
/// DestinationRule for the gateway's subset. References resolve, as in a working cluster, so
/// the analyzers do their full work rather than stopping at the first missing object.
pub fn mesh(seed: u64, count: usize) -> Vec<Object> {
    use k8s_openapi::api::core::v1::{Pod, Service, ServicePort as KubePort, ServiceSpec};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    let mut rng = Rng::new(seed);
    let labels = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let meta = |name: String,
                namespace: &str,
                l: Option<std::collections::BTreeMap<String, String>>| ObjectMeta {
        name: Some(name),
        namespace: Some(namespace.to_string()),
        labels: l,
        ..Default::default()
    };
    let service = |name: String, namespace: &str, selector, ports: &[(i32, &str)]| Service {
        metadata: meta(name, namespace, None),
        spec: Some(ServiceSpec {
            selector: Some(selector),
            ports: Some(
                ports
                    .iter()
                    .map(|(port, name)| KubePort {
                        port: *port,
                        name: Some(name.to_string()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        }),
        status: None,
    };
    let pod = |name: String, namespace: &str, l| Pod {
        metadata: meta(name, namespace, Some(l)),
        ..Default::default()
    };

    let gateway_labels = labels(&[("istio", "egressgateway"), ("app", "istio-egressgateway")]);
    let mut objects: Vec<Object> = vec![
        service(
            "istio-egressgateway".into(),
            "istio-system",
            gateway_labels.clone(),
            &[(80, "http2"), (443, "https")],
        )
        .into(),
        pod(
            "istio-egressgateway-0".into(),
            "istio-system",
            gateway_labels.clone(),
        )
        .into(),
        DestinationRule::new(
            "egressgateway",
            DestinationRuleSpec::builder()
                .host("istio-egressgateway.istio-system.svc.cluster.local")
                .subsets(vec![Subset::new("egress")])
                .build(),
        )
        .in_namespace("istio-system")
        .into(),
    ];
    let mut i = 0;
    while objects.len() < count {
        let namespace = *rng.pick(NAMESPACES);
        if rng.chance(85) {
            let name = format!("svc-{i}");
            let host = service_host(i, namespace);
            let app = labels(&[("app", &name)]);
            objects.push(service(name.clone(), namespace, app.clone(), &[(8080, "http")]).into());
            let mut dr = destination_rule(&mut rng, i);
            dr.metadata.namespace = Some(namespace.to_string());
            dr.spec.host = host.as_str().into();
            // One pod per subset, so every subset selects a workload.
            for subset in &dr.spec.subsets {
                let mut l = app.clone();
                l.extend(
                    subset
                        .labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string())),
                );
                objects.push(pod(format!("{name}-{}", subset.name), namespace, l).into());
            }
            objects.push(dr.into());
            let mut vs = virtual_service(&mut rng, i);
            vs.metadata.namespace = Some(namespace.to_string());
            vs.spec.gateways.clear();
            vs.spec.tls.clear();
            vs.spec.hosts = vec![host.as_str().into()];
            for route in &mut vs.spec.http {
                for destination in route
                    .route
                    .iter_mut()
                    .filter_map(|r| r.destination.as_mut())
                {
                    destination.host = host.as_str().into();
                }
            }
            objects.push(vs.into());
        } else {
            let host = external_host(i);
            let mut entry = service_entry(&mut rng, i);
            if !entry.spec.ports.iter().any(|p| p.number == 80) {
                entry.spec.ports.push(ServicePort::new(80, "HTTP", "http"));
            }
            objects.push(entry.into());
            let gateway_name = format!("egress-{i}");
            objects.push(
                Gateway::new(
                    gateway_name.clone(),
                    GatewaySpec::builder()
                        .selector([("istio".to_string(), "egressgateway".to_string())])
                        .servers(vec![
                            Server::builder()
                                .port(Port::new(80, "HTTP", "http"))
                                .hosts(vec![host.clone()])
                                .build(),
                        ])
                        .build(),
                )
                .in_namespace("istio-system")
                .into(),
            );
            let to_gateway = HttpRouteDestination::builder()
                .destination(
                    Destination::new("istio-egressgateway.istio-system.svc.cluster.local")
                        .subset("egress")
                        .port(80),
                )
                .build();
            let out = HttpRouteDestination::builder()
                .destination(Destination::new(host.clone()).port(80))
                .build();
            let pinned = |gateway: String, route: HttpRouteDestination| {
                HttpRoute::builder()
                    .r#match(vec![
                        HttpMatchRequest::builder()
                            .gateways(vec![gateway])
                            .port(80)
                            .build(),
                    ])
                    .route(vec![route])
                    .build()
            };
            objects.push(
                VirtualService::new(
                    format!("egress-{i}"),
                    VirtualServiceSpec::builder()
                        .hosts(vec![host])
                        .gateways(vec![format!("istio-system/{gateway_name}"), "mesh".into()])
                        .http(vec![
                            pinned("mesh".into(), to_gateway),
                            pinned(format!("istio-system/{gateway_name}"), out),
                        ])
                        .build(),
                )
                .in_namespace("istio-system")
                .into(),
            );
        }
        i += 1;
    }
    objects.truncate(count);
    objects
}
