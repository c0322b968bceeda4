//! Validation and analysis never panic, whatever the objects hold: generated objects of the
//! four kinds (the `proptest` feature's `Arbitrary`), and sets that mix them with the
//! Kubernetes objects analysis takes as context — Services, Pods, Namespaces, Secrets with
//! certificates broken in every way, and raw Nodes, policies and Gateway API objects.

use crate::support;

use std::collections::BTreeMap;

use istio_egress::analyze::{self, analyze};
use istio_egress::manifest::Object;
use istio_egress::networking::arbitrary::{object_meta, text};
use istio_egress::networking::{
    CompactString, DestinationRule, Gateway, GatewaySpec, Port, Server, ServerTlsMode,
    ServerTlsSettings, ServiceEntry, VirtualService,
};
use istio_egress::validate::{Options, Validate};
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::{
    Namespace, Pod, PodSpec, Secret, Service, ServicePort, ServiceSpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// Cases per property: enough to reach every rule many times over, few enough that the file
/// runs in a few seconds in a debug build.
const CASES: u32 = 96;

/// Validates the object with the default options (addresses allocated automatically) and
/// without automatic allocation.
fn validate_both_ways<T: Validate>(object: &T) {
    object.validate();
    object.validate_with(&Options::default().ip_autoallocate(false));
}

use support::VALID_CERT;

const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

/// The certificate with up to three base64 characters of its body replaced, and perhaps cut
/// short: every field of the DER the analyzer parses gets broken some of the time.
fn broken_certificate() -> impl Strategy<Value = Vec<u8>> {
    let header = "-----BEGIN CERTIFICATE-----\n".len();
    let footer = "-----END CERTIFICATE-----\n".len();
    let body = header..VALID_CERT.len() - footer;
    (vec((body.clone(), select(BASE64)), 0..4), option::of(body)).prop_map(|(changes, cut)| {
        let mut pem = VALID_CERT.as_bytes().to_vec();
        for (at, byte) in changes {
            if pem[at] != b'\n' {
                pem[at] = byte;
            }
        }
        if let Some(cut) = cut {
            pem.truncate(cut);
            pem.extend_from_slice(b"\n-----END CERTIFICATE-----\n");
        }
        pem
    })
}

/// What a Secret key may hold: the certificate (whole or broken), a PEM block around random
/// bytes, or any bytes at all.
fn secret_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => Just(VALID_CERT.as_bytes().to_vec()),
        3 => broken_certificate(),
        1 => "[A-Za-z0-9+/=\n]{0,40}".prop_map(|body| {
            format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n").into_bytes()
        }),
        1 => vec(any::<u8>(), 0..24),
    ]
}

fn secret() -> impl Strategy<Value = Secret> {
    let key = select(&["tls.crt", "tls.key", "cert", "key", "ca.crt", "cacert"][..]);
    (
        object_meta(),
        option::of(btree_map(key.clone(), secret_value(), 0..4)),
        option::of(btree_map(
            key,
            secret_value().prop_map(|v| String::from_utf8_lossy(&v).into_owned()),
            0..3,
        )),
        option::of(text()),
    )
        .prop_map(|(metadata, data, string_data, type_)| Secret {
            metadata,
            data: data.map(|data| {
                data.into_iter()
                    .map(|(k, v)| (k.to_owned(), ByteString(v)))
                    .collect()
            }),
            string_data: string_data
                .map(|data| data.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()),
            type_,
            ..Secret::default()
        })
}

fn labels() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map(text(), text(), 0..3)
}

fn service() -> impl Strategy<Value = Service> {
    let port = (
        option::of(text()),
        prop_oneof![3 => 0i32..=65536, 1 => any::<i32>()],
        option::of(prop_oneof![
            any::<i32>().prop_map(IntOrString::Int),
            text().prop_map(IntOrString::String),
        ]),
        option::of(select(&["TCP", "UDP", "SCTP", "tcp"][..]).prop_map(str::to_owned)),
        option::of(text()),
    )
        .prop_map(
            |(name, port, target_port, protocol, app_protocol)| ServicePort {
                name,
                port,
                target_port,
                protocol,
                app_protocol,
                ..ServicePort::default()
            },
        );
    (
        object_meta(),
        option::of((option::of(labels()), option::of(vec(port, 0..3)))),
    )
        .prop_map(|(metadata, spec)| Service {
            metadata,
            spec: spec.map(|(selector, ports)| ServiceSpec {
                selector,
                ports,
                ..ServiceSpec::default()
            }),
            status: None,
        })
}

fn pod() -> impl Strategy<Value = Pod> {
    (object_meta(), option::of(option::of(text()))).prop_map(|(metadata, spec)| Pod {
        metadata,
        spec: spec.map(|node_name| PodSpec {
            node_name,
            ..PodSpec::default()
        }),
        status: None,
    })
}

/// A JSON value of a few levels, its strings from [`text`].
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            btree_map(text(), inner, 0..3).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The raw kinds some analyzer reads — Nodes, Istio security policies, Gateway API objects,
/// Deployments — and one it does not, each with metadata, a spec and conditions shaped as
/// the analyzers expect some of the time and anything at all the rest.
fn raw_object() -> impl Strategy<Value = Value> {
    let kinds = select(
        &[
            ("v1", "Node"),
            ("security.istio.io/v1", "RequestAuthentication"),
            ("security.istio.io/v1", "AuthorizationPolicy"),
            ("gateway.networking.k8s.io/v1", "Gateway"),
            ("gateway.networking.k8s.io/v1", "HTTPRoute"),
            ("gateway.networking.k8s.io/v1", "GRPCRoute"),
            ("apps/v1", "Deployment"),
            ("v1", "ConfigMap"),
        ][..],
    );
    let condition = (
        text(),
        select(&["True", "False", "Unknown"][..]),
        text(),
        text(),
    )
        .prop_map(|(type_, status, reason, message)| {
            json!({"type": type_, "status": status, "reason": reason, "message": message})
        });
    let spec = prop_oneof![
        labels().prop_map(|labels| json!({"selector": {"matchLabels": labels}})),
        json_value(),
    ];
    let status = prop_oneof![
        vec(condition, 0..3).prop_map(|conditions| json!({"conditions": conditions})),
        json_value(),
    ];
    (kinds, text(), text(), labels(), labels(), spec, status).prop_map(
        |((api_version, kind), name, namespace, labels, annotations, spec, status)| {
            json!({
                "apiVersion": api_version,
                "kind": kind,
                "metadata": {
                    "name": name,
                    "namespace": namespace,
                    "labels": labels,
                    "annotations": annotations,
                },
                "spec": spec,
                "status": status,
            })
        },
    )
}

/// One object of a set: mostly the four kinds, then their context.
fn object() -> impl Strategy<Value = Object> {
    prop_oneof![
        3 => any::<Gateway>().prop_map(Object::from),
        3 => any::<ServiceEntry>().prop_map(Object::from),
        3 => any::<VirtualService>().prop_map(Object::from),
        3 => any::<DestinationRule>().prop_map(Object::from),
        2 => service().prop_map(Object::from),
        2 => pod().prop_map(Object::from),
        1 => object_meta().prop_map(|metadata| {
            Object::from(Namespace { metadata, ..Namespace::default() })
        }),
        2 => secret().prop_map(Object::from),
        1 => raw_object().prop_map(Object::Other),
    ]
}

/// Mesh settings: each switch either way, odd namespaces and domains, any time of day.
fn options() -> impl Strategy<Value = analyze::Options> {
    let export = vec(
        prop_oneof![
            select(&["*", ".", "~", "shop"][..]).prop_map(CompactString::from),
            text().prop_map(CompactString::from)
        ],
        0..3,
    );
    (
        (
            text(),
            prop_oneof![Just("cluster.local".to_owned()), text()],
        ),
        (export.clone(), export.clone(), export),
        any::<[bool; 6]>(),
        option::of(prop_oneof![1_500_000_000u64..4_200_000_000, any::<u64>()]),
    )
        .prop_map(
            |((root, domain), (services, virtual_services, rules), switches, now)| {
                let mut options = analyze::Options::default();
                options.root_namespace = root;
                options.cluster_domain = domain;
                options.default_service_export_to = services;
                options.default_virtual_service_export_to = virtual_services;
                options.default_destination_rule_export_to = rules;
                let [capture, auto_allocate, ip, scope, validate, validate_ip] = switches;
                options.dns_capture = capture;
                options.dns_auto_allocate = auto_allocate;
                options.ip_autoallocate = ip;
                options.scope_gateway_to_namespace = scope;
                options.now = now;
                options.validate = validate;
                options.validate_options = Options::default().ip_autoallocate(validate_ip);
                options
            },
        )
}

/// A Gateway whose server takes its certificate from the Secret `cred`, the gateway pod it
/// selects, and that Secret holding `certificate` under `key` (with a key file beside it):
/// the set in which analysis parses the certificate.
fn gateway_with_credential(certificate: Vec<u8>, key: &str) -> Vec<Object> {
    let namespace = "istio-system";
    let meta = |name: &str| ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(namespace.to_owned()),
        labels: Some(BTreeMap::from([("istio".into(), "ingressgateway".into())])),
        ..ObjectMeta::default()
    };
    let gateway = Gateway::new(
        "gateway",
        GatewaySpec::builder()
            .selector([("istio".to_owned(), "ingressgateway".to_owned())])
            .servers(vec![
                Server::builder()
                    .port(Port::new(443, "HTTPS", "https"))
                    .hosts(vec!["api.example.com".to_owned()])
                    .tls(
                        ServerTlsSettings::builder()
                            .mode(ServerTlsMode::Simple)
                            .credential_name("cred")
                            .build(),
                    )
                    .build(),
            ])
            .build(),
    )
    .in_namespace(namespace);
    let key_file = if key == "cert" { "key" } else { "tls.key" };
    let secret = Secret {
        metadata: meta("cred"),
        data: Some(BTreeMap::from([
            (key.to_owned(), ByteString(certificate)),
            (key_file.to_owned(), ByteString(b"key".to_vec())),
        ])),
        ..Secret::default()
    };
    let pod = Pod {
        metadata: meta("gateway-0"),
        ..Pod::default()
    };
    vec![gateway.into(), pod.into(), secret.into()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn reading_certificates_never_panics(
        certificate in secret_value(),
        key in select(&["tls.crt", "cert"][..]),
        now in prop_oneof![1_600_000_000u64..4_000_000_000, any::<u64>()],
    ) {
        let objects = gateway_with_credential(certificate.clone(), key);
        let mut options = analyze::Options::default();
        options.now = Some(now);
        let analysis = analyze(&objects, &options);
        let secret_findings: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| f.finding.rule == "gateway.SecretAnalyzer")
            .collect();
        // The Secret is found, so its certificate was read.
        prop_assert!(
            secret_findings.iter().all(|f| f.finding.code == "IST0161"),
            "{secret_findings:?}"
        );
        // 2021 to 2098 is within the certificate's validity.
        if certificate == VALID_CERT.as_bytes() && (1_610_000_000..4_070_000_000).contains(&now) {
            prop_assert!(secret_findings.is_empty(), "{secret_findings:?}");
        }
    }

    #[test]
    fn validating_a_gateway_never_panics(object in any::<Gateway>()) {
        validate_both_ways(&object);
    }

    #[test]
    fn validating_a_service_entry_never_panics(object in any::<ServiceEntry>()) {
        validate_both_ways(&object);
    }

    #[test]
    fn validating_a_virtual_service_never_panics(object in any::<VirtualService>()) {
        validate_both_ways(&object);
    }

    #[test]
    fn validating_a_destination_rule_never_panics(object in any::<DestinationRule>()) {
        validate_both_ways(&object);
    }

    #[test]
    fn analysis_never_panics(objects in vec(object(), 0..12), options in options()) {
        let analysis = analyze(&objects, &options);
        for finding in &analysis.findings {
            prop_assert!(finding.object < objects.len(), "{finding:?} names no object");
        }
        analyze(&objects, &analyze::Options::default().with_validation());
    }
}
