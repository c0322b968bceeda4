//! Generated objects: our CEL findings and kube-cel's name the same rules at the same places.

use std::sync::OnceLock;

use istio_egress::networking::*;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use serde::Serialize;

use super::*;

/// Durations, valid and not. Texts on which kube-cel's parser (a float-based one that
/// ignores trailing garbage) and Go's `time.ParseDuration` disagree, such as `"0.001s"`
/// or `"1msx"`, are left out: the reference here is CEL as the apiserver runs it.
const DURATIONS: &[&str] = &[
    "1ms",
    "0.5ms",
    "1h",
    "-1s",
    "0",
    "abc",
    "1.5ms",
    "999us",
    "10s",
    "0s",
    "1000000ns",
];

/// An optional duration from [`DURATIONS`], unset half of the time.
fn duration() -> impl Strategy<Value = Option<Duration>> {
    option::of(select(DURATIONS).prop_map(text_duration))
}

/// A duration holding any text, the way the reader keeps it.
fn text_duration(text: &str) -> Duration {
    serde_json::from_value(json!(text)).unwrap()
}

/// Gateways whose servers set none, one, or several of the three certificate fields.
fn gateway_spec() -> impl Strategy<Value = GatewaySpec> {
    let certificate = TlsCertificate::builder()
        .server_certificate("/etc/c.pem")
        .private_key("/etc/k.pem")
        .build();
    let tls = (
        option::of(select(&["api-cert", ""][..])),
        vec(Just(CompactString::from("api-cert")), 0..=2),
        vec(Just(certificate), 0..=2),
    )
        .prop_map(|(name, names, certificates)| ServerTlsSettings {
            mode: Some(ServerTlsMode::Simple),
            credential_name: name.map(CompactString::from),
            credential_names: names,
            tls_certificates: certificates,
            ..ServerTlsSettings::default()
        });
    let server = option::of(tls).prop_map(|tls| Server {
        port: Some(Port::new(443, "HTTPS", "https")),
        hosts: vec!["api.example.com".into()],
        tls,
        ..Server::default()
    });
    vec(server, 0..=3).prop_map(|servers| GatewaySpec {
        servers,
        ..GatewaySpec::default()
    })
}

/// A value from `usual` three times out of four, from `any` otherwise: the ServiceEntry has
/// so many rules that objects drawn evenly from the pools would almost never pass.
fn mostly<T: Clone + std::fmt::Debug + 'static>(
    usual: Vec<T>,
    any: Vec<T>,
) -> impl Strategy<Value = T> {
    prop_oneof![3 => select(usual), 1 => select(any)]
}

/// A port number: 0, 1, 443, 65535 or 65536.
fn port_number() -> impl Strategy<Value = u32> {
    mostly(vec![1, 443, 65535], vec![0, 1, 443, 65535, 65536])
}

/// ServiceEntry endpoints: addresses with and without `unix://`, networks, named ports.
fn endpoint() -> impl Strategy<Value = WorkloadEntry> {
    let address = mostly(
        vec!["10.0.0.1", "api.example.com"],
        vec![
            "10.0.0.1",
            "unix:///var/run/a.sock",
            "unix://@abstract",
            "unix://relative",
            "unix:///var/run/",
            "unix://",
        ],
    );
    let name = mostly(
        vec!["http".to_string(), "a-b".into(), "x".repeat(62)],
        vec!["-bad".into(), "bad-".into(), "x".repeat(63)],
    );
    (
        option::weighted(0.9, address),
        option::of(Just("net1")),
        btree_map(name, port_number(), 0..=2),
    )
        .prop_map(|(address, network, ports)| WorkloadEntry {
            address: address.map(CompactString::from),
            network: network.map(CompactString::from),
            ports: ports.into_iter().collect(),
            ..WorkloadEntry::default()
        })
}

/// ServiceEntry ports with numbers and target ports in and out of range.
fn service_port() -> impl Strategy<Value = ServicePort> {
    (
        port_number(),
        select(&["a", "b", "c"][..]),
        option::of(port_number()),
    )
        .prop_map(|(number, name, target)| ServicePort {
            number,
            name: name.into(),
            protocol: Some("TCP".into()),
            target_port: target,
        })
}

/// ServiceEntries: hosts, CIDR addresses, resolutions, endpoints, ports and selectors.
fn service_entry_spec() -> impl Strategy<Value = ServiceEntrySpec> {
    let host = mostly(vec!["api.example.com", "*.example.com"], vec!["*"]);
    let address = select(&["10.0.0.1", "10.0.0.0/24", "2001:db8::/64"][..]);
    let resolution = mostly(
        vec!["STATIC", "DNS"],
        vec!["NONE", "DNS_ROUND_ROBIN", "DYNAMIC_DNS", "OTHER"],
    );
    let labels = btree_map(
        select(&["app", "tier"][..]),
        mostly(vec!["api"], vec!["*", "a*b"]),
        0..=2,
    );
    (
        vec(host, 1..=2),
        vec(address, 0..=2),
        option::weighted(0.8, resolution),
        vec(endpoint(), 0..=2),
        vec(service_port(), 0..=2),
        option::weighted(0.3, labels),
    )
        .prop_map(|(hosts, addresses, resolution, endpoints, ports, labels)| {
            ServiceEntrySpec {
                hosts: hosts.into_iter().map(CompactString::from).collect(),
                addresses: addresses.into_iter().map(CompactString::from).collect(),
                resolution: resolution.map(Resolution::from),
                endpoints,
                ports,
                workload_selector: labels.map(|labels| WorkloadSelector {
                    labels: labels
                        .into_iter()
                        .map(|(k, v)| (k, CompactString::from(v)))
                        .collect(),
                }),
                ..ServiceEntrySpec::default()
            }
        })
}

/// HTTP routes with every duration the CRD checks, each set or not.
fn http_route() -> impl Strategy<Value = HttpRoute> {
    let retries = (duration(), duration()).prop_map(|(per_try_timeout, backoff)| HttpRetry {
        per_try_timeout,
        backoff,
        ..HttpRetry::default()
    });
    let delay = (any::<bool>(), select(DURATIONS)).prop_map(|(fixed, text)| {
        let value = text_duration(text);
        HttpFaultInjection {
            delay: Some(Delay {
                http_delay_type: Some(if fixed {
                    DelayType::FixedDelay(value)
                } else {
                    DelayType::ExponentialDelay(value)
                }),
                ..Delay::default()
            }),
            abort: None,
        }
    });
    let cors = duration().prop_map(|max_age| CorsPolicy {
        max_age,
        ..CorsPolicy::default()
    });
    (
        duration(),
        option::of(retries),
        option::of(delay),
        option::of(cors),
    )
        .prop_map(|(timeout, retries, fault, cors_policy)| HttpRoute {
            timeout,
            retries,
            fault: fault.map(Box::new),
            cors_policy: cors_policy.map(Box::new),
            ..HttpRoute::default()
        })
}

/// VirtualServices of zero to two HTTP routes.
fn virtual_service_spec() -> impl Strategy<Value = VirtualServiceSpec> {
    vec(http_route(), 0..=2).prop_map(|http| VirtualServiceSpec {
        hosts: vec!["api.example.com".into()],
        http,
        ..VirtualServiceSpec::default()
    })
}

/// Connection pool settings with their five checked durations and an unchecked one.
fn connection_pool() -> impl Strategy<Value = ConnectionPoolSettings> {
    let keepalive = (duration(), duration()).prop_map(|(time, interval)| TcpKeepalive {
        time,
        interval,
        ..TcpKeepalive::default()
    });
    let tcp = (duration(), duration(), duration(), option::of(keepalive)).prop_map(
        |(connect_timeout, max_connection_duration, idle_timeout, tcp_keepalive)| TcpSettings {
            connect_timeout,
            max_connection_duration,
            idle_timeout,
            tcp_keepalive,
            ..TcpSettings::default()
        },
    );
    let keepalive = (duration(), duration())
        .prop_map(|(interval, timeout)| ConnectionKeepalive { interval, timeout });
    let http =
        (duration(), option::of(keepalive)).prop_map(|(idle_timeout, keepalive)| HttpSettings {
            idle_timeout,
            http2_keep_alive: keepalive,
            ..HttpSettings::default()
        });
    (option::of(tcp), option::of(http)).prop_map(|(tcp, http)| ConnectionPoolSettings { tcp, http })
}

/// The parts of a traffic policy that carry duration rules.
type Parts = (
    Option<ConnectionPoolSettings>,
    Option<LoadBalancerSettings>,
    Option<OutlierDetection>,
);

/// The duration-carrying parts of one traffic policy placement.
fn parts() -> impl Strategy<Value = Parts> {
    let warmup = duration().prop_map(|duration| WarmupConfiguration {
        duration,
        minimum_percent: None,
        aggression: None,
    });
    let balancer =
        (duration(), option::of(warmup)).prop_map(|(secs, warmup)| LoadBalancerSettings {
            warmup_duration_secs: secs,
            warmup,
            ..LoadBalancerSettings::default()
        });
    let outlier = (duration(), duration()).prop_map(|(interval, base)| OutlierDetection {
        interval,
        base_ejection_time: base,
        ..OutlierDetection::default()
    });
    (
        option::of(connection_pool()),
        option::of(balancer),
        option::of(outlier),
    )
}

/// A traffic policy and zero to two port-level settings.
fn traffic_policy() -> impl Strategy<Value = TrafficPolicy> {
    (parts(), vec(parts(), 0..=2)).prop_map(|((pool, balancer, outlier), ports)| TrafficPolicy {
        connection_pool: pool,
        load_balancer: balancer.map(Box::new),
        outlier_detection: outlier,
        port_level_settings: ports
            .into_iter()
            .map(|(pool, balancer, outlier)| PortTrafficPolicy {
                port: Some(PortSelector::number(80)),
                connection_pool: pool,
                load_balancer: balancer.map(Box::new),
                outlier_detection: outlier,
                tls: None,
            })
            .collect(),
        ..TrafficPolicy::default()
    })
}

/// DestinationRules: policies at all four placements, and workload selectors.
fn destination_rule_spec() -> impl Strategy<Value = DestinationRuleSpec> {
    let subset = option::of(traffic_policy()).prop_map(|policy| Subset {
        name: "v1".into(),
        traffic_policy: policy.map(Box::new),
        ..Subset::default()
    });
    let labels = btree_map(
        select(&["app", "*", "", "a*"][..]),
        select(&["x", "*"][..]),
        0..=2,
    );
    (
        option::of(traffic_policy()),
        vec(subset, 0..=2),
        option::of(labels),
    )
        .prop_map(|(policy, subsets, labels)| DestinationRuleSpec {
            host: "api.example.com".into(),
            traffic_policy: policy.map(Box::new),
            subsets,
            workload_selector: labels.map(|labels| type_v1beta1::WorkloadSelector {
                match_labels: labels
                    .into_iter()
                    .map(|(k, v)| (k, CompactString::from(v)))
                    .collect(),
            }),
            ..DestinationRuleSpec::default()
        })
}

/// kube-cel's failures, as (our rule id, the path our check reports at).
fn kube_cel_findings(kind: &str, object: &Value) -> BTreeSet<(String, String)> {
    static ALL: OnceLock<Vec<Occurrence>> = OnceLock::new();
    let all = ALL.get_or_init(occurrences);
    cel_failures(kind, object)
        .into_iter()
        .map(|failure| {
            all.iter()
                .filter(|o| o.kind == kind && o.rule == failure.rule)
                .find_map(|o| Some((o.id().to_string(), o.place_of(&failure.path)?)))
                .unwrap_or_else(|| panic!("unknown CEL failure {failure:?}"))
        })
        .collect()
}

/// Checks one generated object: the same rules at the same places.
fn agree(kind: &str, object: &(impl Validate + Serialize)) -> Result<(), TestCaseError> {
    let json = serde_json::to_value(object).unwrap();
    let ours = cel_findings(&object.validate());
    let theirs = kube_cel_findings(kind, &json);
    prop_assert_eq!(ours, theirs, "{:#}", json);
    Ok(())
}

/// Enough cases to find a disagreement, few enough for a debug build; no regression files.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn gateways(spec in gateway_spec()) {
        agree("Gateway", &Gateway::new("gw", spec).in_namespace("shop"))?;
    }

    #[test]
    fn service_entries(spec in service_entry_spec()) {
        agree("ServiceEntry", &ServiceEntry::new("se", spec).in_namespace("shop"))?;
    }

    #[test]
    fn virtual_services(spec in virtual_service_spec()) {
        agree("VirtualService", &VirtualService::new("vs", spec).in_namespace("shop"))?;
    }

    #[test]
    fn destination_rules(spec in destination_rule_spec()) {
        agree("DestinationRule", &DestinationRule::new("dr", spec).in_namespace("shop"))?;
    }
}
