//! The Gateway analyzers: gateway.IngressGatewayPortAnalyzer (IST0101, IST0162),
//! gateway.ConflictingGatewayAnalyzer (IST0145, IST0101), gateway.CertificateAnalyzer
//! (IST0138) and gateway.SecretAnalyzer (IST0101, IST0161), each with a set that triggers it
//! and a corrected set that does not.

use crate::support;

use istio_egress::analyze::{Analysis, ObjectFinding, Options, analyze};
use istio_egress::manifest;
use istio_egress::validate::Severity;

const PORT: &str = "gateway.IngressGatewayPortAnalyzer";
const CONFLICT: &str = "gateway.ConflictingGatewayAnalyzer";
const CERTIFICATE: &str = "gateway.CertificateAnalyzer";
const SECRET: &str = "gateway.SecretAnalyzer";

/// The egress gateway as installed by Istio's chart: one pod and its Service (80→8080,
/// 443→8443) in istio-system. Objects 0 and 1 of every set that starts with it.
const ENVIRONMENT: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: istio-egressgateway-5d8c7b9f4-abcde
  namespace: istio-system
  labels: {app: istio-egressgateway, istio: egressgateway}
---
apiVersion: v1
kind: Service
metadata: {name: istio-egressgateway, namespace: istio-system}
spec:
  selector: {app: istio-egressgateway, istio: egressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080, protocol: TCP}
  - {name: https, port: 443, targetPort: 8443, protocol: TCP}
"#;

// Test certificates, made for this project on 2026-11-21 with OpenSSL 3.0 (whose
// `req -x509` cannot back-date a certificate, hence `openssl ca -selfsign`):
//   openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt > key.pem
//   openssl req -new -key key.pem -subj /CN=valid.example.com > valid.csr   (and expired.csr)
//   openssl ca -batch -config ca.cnf -selfsign -keyfile key.pem -in valid.csr \
//     -startdate 20200101000000Z -enddate 20991231235959Z -extfile ext.cnf -notext  (SAN, CA:FALSE)
//   openssl ca -batch -config ca.cnf -selfsign -keyfile key.pem -in expired.csr \
//     -startdate 20200101000000Z -enddate 20210101000000Z -notext
// The key is not shipped: Istio's analyzer does not read it, only that it is present.

use support::VALID_CERT;

/// Self-signed, v1, valid 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z: expired.
const EXPIRED_CERT: &str = "-----BEGIN CERTIFICATE-----
MIIBIzCBygIBAjAKBggqhkjOPQQDAjAeMRwwGgYDVQQDDBNleHBpcmVkLmV4YW1w
bGUuY29tMB4XDTIwMDEwMTAwMDAwMFoXDTIxMDEwMTAwMDAwMFowHjEcMBoGA1UE
AwwTZXhwaXJlZC5leGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA
BAqGG+BHYda307hKJuTPSuCYGKxzoqkAA9E5OVPAfTJYIyl8919EGYyGFgMd2qyT
sU/xRDPoKw8RAXQ4TMPV95wwCgYIKoZIzj0EAwIDSAAwRQIgU+HKE/bVB9i011Cm
DZWZOqFikJplbFuVwVTggcjCG6ICIQCOn8yn5mTOn3jrObVPeq8BG0qaDpCbmW5N
Fz3uQLC88A==
-----END CERTIFICATE-----
";

/// A stand-in for the private key (see above).
const KEY: &str =
    "-----BEGIN PRIVATE KEY-----\nnot read by the analyzer\n-----END PRIVATE KEY-----\n";

/// 2020-06-01T00:00:00Z.
const MID_2020: u64 = 1_590_969_600;
/// 2019-06-01T00:00:00Z.
const MID_2019: u64 = 1_559_347_200;

fn run_with(yaml: &str, options: &Options) -> Analysis {
    let objects = manifest::from_str(yaml).expect("the test set reads");
    analyze(&objects, options)
}

fn run(yaml: &str) -> Analysis {
    run_with(yaml, &Options::default())
}

/// The findings of one analyzer with one code.
fn found<'a>(analysis: &'a Analysis, code: &str, rule: &str) -> Vec<&'a ObjectFinding> {
    analysis
        .findings
        .iter()
        .filter(|f| f.finding.code == code && f.finding.rule == rule)
        .collect()
}

/// Asserts exactly these (object, path) findings of `code` by `rule`, all with `severity`,
/// and returns their messages.
fn expect(
    analysis: &Analysis,
    code: &str,
    rule: &str,
    severity: Severity,
    at: &[(usize, &str)],
) -> Vec<String> {
    let findings = found(analysis, code, rule);
    let places: Vec<(usize, String)> = findings
        .iter()
        .map(|f| (f.object, f.finding.path.to_string()))
        .collect();
    let wanted: Vec<(usize, String)> = at.iter().map(|(o, p)| (*o, p.to_string())).collect();
    assert_eq!(places, wanted, "{code} {rule}: {:#?}", analysis.findings);
    for f in &findings {
        assert_eq!(f.finding.severity, severity, "{f:?}");
    }
    findings.iter().map(|f| f.finding.message.clone()).collect()
}

fn none(analysis: &Analysis, code: &str, rule: &str) {
    expect(analysis, code, rule, Severity::Error, &[]);
}

/// A Gateway with a flow-style selector and servers given as YAML lines (indented by 2).
fn gateway(name: &str, namespace: &str, selector: &str, servers: &str) -> String {
    format!(
        "---\napiVersion: networking.istio.io/v1\nkind: Gateway\n\
         metadata: {{name: {name}, namespace: {namespace}}}\n\
         spec:\n  selector: {selector}\n  servers:\n{servers}"
    )
}

/// One server line: port, protocol, hosts, and extra flow-style fields.
fn server(port: u32, protocol: &str, hosts: &str, extra: &str) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(", {extra}")
    };
    format!(
        "  - {{port: {{number: {port}, name: p{port}, protocol: {protocol}}}, hosts: [{hosts}]{extra}}}\n"
    )
}

fn https(hosts: &str, credential: &str) -> String {
    server(
        443,
        "HTTPS",
        hosts,
        &format!("tls: {{mode: SIMPLE, credentialName: {credential}}}"),
    )
}

/// A TLS Secret with `data` (base64) values.
fn tls_secret(name: &str, namespace: &str, cert: &str, key: &str) -> String {
    format!(
        "---\napiVersion: v1\nkind: Secret\nmetadata: {{name: {name}, namespace: {namespace}}}\n\
         type: kubernetes.io/tls\ndata:\n  tls.crt: \"{}\"\n  tls.key: \"{}\"\n",
        base64(cert.as_bytes()),
        base64(key.as_bytes())
    )
}

/// Standard padded base64, for Secret `data` values.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn egress_selector() -> &'static str {
    "{istio: egressgateway}"
}

// ---------------------------------------------------------------------------------------
// gateway.IngressGatewayPortAnalyzer
// ---------------------------------------------------------------------------------------

#[test]
fn port_analyzer_reports_a_selector_matching_no_pod() {
    let set = format!(
        "{ENVIRONMENT}{}",
        gateway(
            "ingress",
            "default",
            "{istio: ingressgateway}",
            &server(80, "HTTP", "'*'", "")
        )
    );
    let messages = expect(
        &run(&set),
        "IST0101",
        PORT,
        Severity::Error,
        &[(2, "spec.selector")],
    );
    assert_eq!(
        messages,
        [r#"Referenced selector not found: "istio=ingressgateway""#]
    );
    // No IST0162 when the selector finds nothing.
    none(&run(&set), "IST0162", PORT);

    let fixed = format!(
        "{ENVIRONMENT}{}",
        gateway(
            "egress",
            "default",
            egress_selector(),
            &server(80, "HTTP", "'*'", "")
        )
    );
    let analysis = run(&fixed);
    none(&analysis, "IST0101", PORT);
    none(&analysis, "IST0162", PORT);
}

#[test]
fn port_analyzer_sees_an_empty_world_offline() {
    // Without pods (offline analysis of config files alone) every selector finds nothing, as
    // with `istioctl analyze` on files.
    let set = gateway(
        "egress",
        "istio-system",
        egress_selector(),
        &server(80, "HTTP", "'*'", ""),
    );
    expect(
        &run(&set),
        "IST0101",
        PORT,
        Severity::Error,
        &[(0, "spec.selector")],
    );
}

#[test]
fn port_analyzer_reports_a_port_the_service_does_not_open() {
    let servers = [
        server(80, "HTTP", "'*'", ""),
        server(7777, "TCP", "'*'", ""),
    ]
    .concat();
    let set = format!(
        "{ENVIRONMENT}{}",
        gateway("egress", "default", egress_selector(), &servers)
    );
    let messages = expect(
        &run(&set),
        "IST0162",
        PORT,
        Severity::Warning,
        &[(2, "spec.servers[1].port.number")],
    );
    assert_eq!(
        messages,
        [
            "The gateway is listening on a target port (port 7777) that is not defined in the \
          Service associated with its workload instances (Pod selector istio=egressgateway). \
          If you need to access the gateway port through the gateway Service, it will not be \
          available."
        ]
    );

    // Adding the port to the egress Service (no protocol: Kubernetes' default, TCP) fixes it.
    let fixed = set.replace(
        "  - {name: https, port: 443, targetPort: 8443, protocol: TCP}\n",
        "  - {name: https, port: 443, targetPort: 8443, protocol: TCP}\n  - {name: tcp, port: 7777}\n",
    );
    none(&run(&fixed), "IST0162", PORT);
}

#[test]
fn port_analyzer_accepts_service_ports_and_target_ports() {
    let servers = [
        server(80, "HTTP", "'*'", ""),
        server(443, "TLS", "'*'", "tls: {mode: PASSTHROUGH}"),
        server(8080, "HTTP", "'*'", ""),
        server(8443, "HTTPS", "'*'", "tls: {mode: PASSTHROUGH}"),
    ]
    .concat();
    let set = format!(
        "{ENVIRONMENT}{}",
        gateway("egress", "default", egress_selector(), &servers)
    );
    none(&run(&set), "IST0162", PORT);
}

#[test]
fn port_analyzer_ignores_udp_ports_and_services_of_other_namespaces() {
    let set = format!(
        "{ENVIRONMENT}{}---
apiVersion: v1
kind: Service
metadata: {{name: dns, namespace: istio-system}}
spec:
  selector: {{istio: egressgateway}}
  ports:
  - {{name: dns, port: 53, protocol: UDP}}
---
apiVersion: v1
kind: Service
metadata: {{name: elsewhere, namespace: default}}
spec:
  selector: {{istio: egressgateway}}
  ports:
  - {{name: tcp, port: 9000, protocol: TCP}}
",
        gateway(
            "egress",
            "default",
            egress_selector(),
            &[server(53, "TCP", "'*'", ""), server(9000, "TCP", "'*'", "")].concat()
        )
    );
    expect(
        &run(&set),
        "IST0162",
        PORT,
        Severity::Warning,
        &[
            (2, "spec.servers[0].port.number"),
            (2, "spec.servers[1].port.number"),
        ],
    );
}

// ---------------------------------------------------------------------------------------
// gateway.ConflictingGatewayAnalyzer
// ---------------------------------------------------------------------------------------

#[test]
fn conflicting_gateways_on_the_same_selector_port_and_host() {
    let set = format!(
        "{ENVIRONMENT}{}{}",
        gateway(
            "cnn",
            "default",
            egress_selector(),
            &server(443, "TLS", "edition.cnn.com", "tls: {mode: PASSTHROUGH}")
        ),
        gateway(
            "cnn-too",
            "shop",
            egress_selector(),
            &[
                server(80, "HTTP", "edition.cnn.com", ""),
                server(
                    443,
                    "TLS",
                    "www.cnn.com, edition.cnn.com",
                    "tls: {mode: PASSTHROUGH}"
                ),
            ]
            .concat()
        ),
    );
    let messages = expect(
        &run(&set),
        "IST0145",
        CONFLICT,
        Severity::Error,
        &[(2, "spec.servers[0]"), (3, "spec.servers[1]")],
    );
    assert_eq!(
        messages,
        [
            "Conflict with gateways shop/cnn-too (workload selector istio=egressgateway, port \
             443, hosts edition.cnn.com).",
            "Conflict with gateways default/cnn (workload selector istio=egressgateway, port \
             443, hosts www.cnn.com,edition.cnn.com).",
        ]
    );

    // Distinct hosts on the port: no conflict.
    let fixed = set.replace(
        "hosts: [www.cnn.com, edition.cnn.com]",
        "hosts: [www.cnn.com]",
    );
    let analysis = run(&fixed);
    none(&analysis, "IST0145", CONFLICT);
    none(&analysis, "IST0101", CONFLICT);
}

#[test]
fn conflicting_gateways_list_every_other_gateway_sorted() {
    let host = server(80, "HTTP", "api.example.com", "");
    let set = format!(
        "{ENVIRONMENT}{}{}{}",
        gateway("c", "default", egress_selector(), &host),
        gateway("b", "default", egress_selector(), &host),
        gateway("a", "default", egress_selector(), &host),
    );
    let messages = expect(
        &run(&set),
        "IST0145",
        CONFLICT,
        Severity::Error,
        &[
            (2, "spec.servers[0]"),
            (3, "spec.servers[0]"),
            (4, "spec.servers[0]"),
        ],
    );
    assert!(messages[0].starts_with("Conflict with gateways default/a,default/b (workload"));
}

#[test]
fn no_conflict_on_another_port_bind_or_workload() {
    let env_with_ingress = format!(
        "{ENVIRONMENT}---
apiVersion: v1
kind: Pod
metadata:
  name: istio-ingressgateway-1
  namespace: istio-system
  labels: {{istio: ingressgateway}}
"
    );
    let base = gateway(
        "one",
        "default",
        egress_selector(),
        &server(80, "HTTP", "api.example.com", ""),
    );
    for other in [
        gateway(
            "two",
            "default",
            egress_selector(),
            &server(8080, "HTTP", "api.example.com", ""),
        ),
        gateway(
            "two",
            "default",
            egress_selector(),
            &server(80, "HTTP", "api.example.com", "bind: 10.0.0.1"),
        ),
        gateway(
            "two",
            "default",
            "{istio: ingressgateway}",
            &server(80, "HTTP", "api.example.com", ""),
        ),
        // Hosts are compared as written: `./x` and `x` differ for this analyzer.
        gateway(
            "two",
            "default",
            egress_selector(),
            &server(80, "HTTP", "./api.example.com", ""),
        ),
    ] {
        let analysis = run(&format!("{env_with_ingress}{base}{other}"));
        none(&analysis, "IST0145", CONFLICT);
    }
    // The same bind on both is a conflict again.
    let bound = format!(
        "{env_with_ingress}{}{}",
        gateway(
            "one",
            "default",
            egress_selector(),
            &server(80, "HTTP", "api.example.com", "bind: 10.0.0.1")
        ),
        gateway(
            "two",
            "default",
            egress_selector(),
            &server(80, "HTTP", "api.example.com", "bind: 10.0.0.1")
        ),
    );
    expect(
        &run(&bound),
        "IST0145",
        CONFLICT,
        Severity::Error,
        &[(3, "spec.servers[0]"), (4, "spec.servers[0]")],
    );
}

#[test]
fn conflict_across_nested_selectors_needs_a_pod_matching_both() {
    let host = server(443, "TLS", "edition.cnn.com", "tls: {mode: PASSTHROUGH}");
    let gateways = format!(
        "{}{}",
        gateway(
            "narrow",
            "default",
            "{app: istio-egressgateway, istio: egressgateway}",
            &host
        ),
        gateway("wide", "default", egress_selector(), &host),
    );
    // The egress pod carries both labels: "istio=egressgateway" is inside
    // "app=istio-egressgateway,istio=egressgateway" and the pod matches both.
    expect(
        &run(&format!("{ENVIRONMENT}{gateways}")),
        "IST0145",
        CONFLICT,
        Severity::Error,
        &[(2, "spec.servers[0]"), (3, "spec.servers[0]")],
    );
    // Without a pod matching both, the selectors are different workloads.
    let only_wide = ENVIRONMENT.replace(
        "labels: {app: istio-egressgateway, istio: egressgateway}",
        "labels: {istio: egressgateway}",
    );
    none(&run(&format!("{only_wide}{gateways}")), "IST0145", CONFLICT);
}

#[test]
fn conflict_ignores_selectors_that_are_not_nested_strings() {
    // Both selectors match the egress pod, but neither printed selector contains the other, so
    // Istio does not compare them (ANALYZERS.md §D).
    let host = server(443, "TLS", "edition.cnn.com", "tls: {mode: PASSTHROUGH}");
    let set = format!(
        "{ENVIRONMENT}{}{}",
        gateway("by-app", "default", "{app: istio-egressgateway}", &host),
        gateway("by-istio", "default", egress_selector(), &host),
    );
    none(&run(&set), "IST0145", CONFLICT);
}

#[test]
fn conflicting_gateway_analyzer_reports_a_selector_with_no_known_group() {
    // A Gateway without servers registers no (selector, port) key, so its own selector is
    // unknown to the analyzer unless another Gateway with that selector has servers.
    let lonely = "---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: lonely, namespace: default}
spec:
  selector: {istio: egressgateway}
";
    let analysis = run(&format!("{ENVIRONMENT}{lonely}"));
    let messages = expect(
        &analysis,
        "IST0101",
        CONFLICT,
        Severity::Error,
        &[(2, "spec.selector")],
    );
    assert_eq!(
        messages,
        [r#"Referenced selector not found: "istio=egressgateway""#]
    );

    let with_group = format!(
        "{ENVIRONMENT}{lonely}{}",
        gateway(
            "egress",
            "default",
            egress_selector(),
            &server(80, "HTTP", "'*'", "")
        )
    );
    none(&run(&with_group), "IST0101", CONFLICT);
}

#[test]
fn conflict_detection_scales_linearly() {
    // 3,000 Gateways on one selector and port with distinct hosts, plus one repeated host.
    let mut set = String::from(ENVIRONMENT);
    for i in 0..3_000 {
        set.push_str(&gateway(
            &format!("gw-{i}"),
            "default",
            egress_selector(),
            &server(80, "HTTP", &format!("h{i}.example.com"), ""),
        ));
    }
    set.push_str(&gateway(
        "dup",
        "default",
        egress_selector(),
        &server(80, "HTTP", "h7.example.com", ""),
    ));
    let analysis = run(&set);
    expect(
        &analysis,
        "IST0145",
        CONFLICT,
        Severity::Error,
        &[(9, "spec.servers[0]"), (3_002, "spec.servers[0]")],
    );
}

// ---------------------------------------------------------------------------------------
// gateway.CertificateAnalyzer
// ---------------------------------------------------------------------------------------

#[test]
fn duplicate_credential_on_the_same_workload() {
    let set = format!(
        "{}{}",
        gateway(
            "a",
            "default",
            egress_selector(),
            &https("a.example.com", "shared-cert")
        ),
        gateway(
            "b",
            "default",
            egress_selector(),
            &https("b.example.com", "shared-cert")
        ),
    );
    let messages = expect(
        &run(&set),
        "IST0138",
        CERTIFICATE,
        Severity::Warning,
        &[
            (0, "spec.servers[0].tls.credentialName"),
            (1, "spec.servers[0].tls.credentialName"),
        ],
    );
    assert_eq!(
        messages,
        [
            "Duplicate certificate in multiple gateways [default/a default/b] may cause 404s if \
             clients re-use HTTP2 connections.",
            "Duplicate certificate in multiple gateways [default/b default/a] may cause 404s if \
             clients re-use HTTP2 connections.",
        ]
    );

    let fixed = set.replace(
        "hosts: [b.example.com], tls: {mode: SIMPLE, credentialName: shared-cert}",
        "hosts: [b.example.com], tls: {mode: SIMPLE, credentialName: b-cert}",
    );
    none(&run(&fixed), "IST0138", CERTIFICATE);
}

#[test]
fn duplicate_certificate_is_reported_by_the_narrower_selector_only() {
    // Istio asks whether the current Gateway's selector is a subset of the other's.
    let set = format!(
        "{}{}",
        gateway(
            "wide",
            "default",
            egress_selector(),
            &https("a.example.com", "shared-cert")
        ),
        gateway(
            "narrow",
            "default",
            "{app: istio-egressgateway, istio: egressgateway}",
            &https("b.example.com", "shared-cert")
        ),
    );
    expect(
        &run(&set),
        "IST0138",
        CERTIFICATE,
        Severity::Warning,
        &[(0, "spec.servers[0].tls.credentialName")],
    );
    // Disjoint selectors: different workloads.
    let disjoint = set.replace(
        "{app: istio-egressgateway, istio: egressgateway}",
        "{istio: ingressgateway}",
    );
    none(&run(&disjoint), "IST0138", CERTIFICATE);
}

#[test]
fn duplicate_certificate_files() {
    let files = |key: &str| {
        server(
            443,
            "HTTPS",
            "x.example.com",
            &format!(
                "tls: {{mode: SIMPLE, serverCertificate: /etc/certs/server.pem, privateKey: {key}}}"
            ),
        )
    };
    let set = format!(
        "{}{}",
        gateway(
            "a",
            "default",
            egress_selector(),
            &files("/etc/certs/key.pem")
        ),
        gateway(
            "b",
            "default",
            egress_selector(),
            &files("/etc/certs/key.pem")
        ),
    );
    expect(
        &run(&set),
        "IST0138",
        CERTIFICATE,
        Severity::Warning,
        &[
            (0, "spec.servers[0].tls.serverCertificate"),
            (1, "spec.servers[0].tls.serverCertificate"),
        ],
    );
    let other_key = format!(
        "{}{}",
        gateway(
            "a",
            "default",
            egress_selector(),
            &files("/etc/certs/key.pem")
        ),
        gateway(
            "b",
            "default",
            egress_selector(),
            &files("/etc/certs/other-key.pem")
        ),
    );
    none(&run(&other_key), "IST0138", CERTIFICATE);
}

#[test]
fn duplicate_certificate_respects_pilot_scope_gateway_to_namespace() {
    let set = format!(
        "{}{}",
        gateway(
            "a",
            "team-a",
            egress_selector(),
            &https("a.example.com", "shared-cert")
        ),
        gateway(
            "b",
            "team-b",
            egress_selector(),
            &https("b.example.com", "shared-cert")
        ),
    );
    let messages = expect(
        &run(&set),
        "IST0138",
        CERTIFICATE,
        Severity::Warning,
        &[
            (0, "spec.servers[0].tls.credentialName"),
            (1, "spec.servers[0].tls.credentialName"),
        ],
    );
    assert!(messages[0].contains("[team-a/a team-b/b]"));

    let mut scoped = Options::default();
    scoped.scope_gateway_to_namespace = true;
    none(&run_with(&set, &scoped), "IST0138", CERTIFICATE);
}

// ---------------------------------------------------------------------------------------
// gateway.SecretAnalyzer
// ---------------------------------------------------------------------------------------

/// The egress environment, a Gateway in `default` whose server names `credential`, and the
/// given extra objects (from position 3).
fn secret_set(credential: &str, extra: &str) -> String {
    format!(
        "{ENVIRONMENT}{}{extra}",
        gateway(
            "egress",
            "default",
            egress_selector(),
            &[server(80, "HTTP", "'*'", ""), https("'*'", credential)].concat()
        )
    )
}

#[test]
fn secret_must_be_in_the_gateway_workload_namespace() {
    // The Secret sits in the Gateway's namespace, not in the egress pod's.
    let set = secret_set(
        "cnn-cert",
        &tls_secret("cnn-cert", "default", VALID_CERT, KEY),
    );
    let messages = expect(
        &run(&set),
        "IST0101",
        SECRET,
        Severity::Error,
        &[(2, "spec.servers[1].tls.credentialName")],
    );
    assert_eq!(
        messages,
        [r#"Referenced credentialName not found: "cnn-cert""#]
    );

    let fixed = secret_set(
        "cnn-cert",
        &tls_secret("cnn-cert", "istio-system", VALID_CERT, KEY),
    );
    let analysis = run(&fixed);
    none(&analysis, "IST0101", SECRET);
    none(&analysis, "IST0161", SECRET);
}

#[test]
fn secret_named_with_its_namespace() {
    let set = secret_set(
        "certs/cnn-cert",
        &tls_secret("cnn-cert", "certs", VALID_CERT, KEY),
    );
    let analysis = run(&set);
    none(&analysis, "IST0101", SECRET);
    none(&analysis, "IST0161", SECRET);
}

#[test]
fn secret_analyzer_reports_a_selector_matching_no_pod() {
    let set = format!(
        "{}{}",
        gateway(
            "ingress",
            "default",
            "{istio: ingressgateway}",
            &https("'*'", "cnn-cert")
        ),
        tls_secret("cnn-cert", "default", VALID_CERT, KEY),
    );
    let messages = expect(
        &run(&set),
        "IST0101",
        SECRET,
        Severity::Error,
        &[(0, "spec.selector")],
    );
    assert_eq!(
        messages,
        [r#"Referenced selector not found: "istio=ingressgateway""#]
    );

    let fixed = format!(
        "{ENVIRONMENT}{}",
        set.replace("ingressgateway", "egressgateway")
    )
    .replace(
        "namespace: default}\ntype",
        "namespace: istio-system}\ntype",
    );
    let analysis = run(&fixed);
    none(&analysis, "IST0101", SECRET);
    none(&analysis, "IST0161", SECRET);
}

#[test]
fn expired_certificate_is_an_invalid_credential() {
    let set = secret_set(
        "cnn-cert",
        &tls_secret("cnn-cert", "istio-system", EXPIRED_CERT, KEY),
    );
    let messages = expect(
        &run(&set),
        "IST0161",
        SECRET,
        Severity::Error,
        &[(2, "spec.servers[1].tls.credentialName")],
    );
    assert_eq!(
        messages,
        [
            "The credential referenced by the Gateway egress in namespace istio-system is invalid, \
          which can cause the traffic not to work as expected."
        ]
    );
    none(&run(&set), "IST0101", SECRET);
}

#[test]
fn certificate_validity_follows_options_now() {
    let expired = secret_set(
        "cnn-cert",
        &tls_secret("cnn-cert", "istio-system", EXPIRED_CERT, KEY),
    );
    let valid = secret_set(
        "cnn-cert",
        &tls_secret("cnn-cert", "istio-system", VALID_CERT, KEY),
    );
    let mut in_2020 = Options::default();
    in_2020.now = Some(MID_2020);
    none(&run_with(&expired, &in_2020), "IST0161", SECRET);
    none(&run_with(&valid, &in_2020), "IST0161", SECRET);

    // Before notBefore the certificate is not valid yet.
    let mut in_2019 = Options::default();
    in_2019.now = Some(MID_2019);
    for set in [&expired, &valid] {
        expect(
            &run_with(set, &in_2019),
            "IST0161",
            SECRET,
            Severity::Error,
            &[(2, "spec.servers[1].tls.credentialName")],
        );
    }
    // The last second of validity still counts.
    let mut last_second = Options::default();
    last_second.now = Some(4_102_444_799);
    none(&run_with(&valid, &last_second), "IST0161", SECRET);
    last_second.now = Some(4_102_444_800);
    expect(
        &run_with(&valid, &last_second),
        "IST0161",
        SECRET,
        Severity::Error,
        &[(2, "spec.servers[1].tls.credentialName")],
    );
}

#[test]
fn generic_secret_keys_and_string_data_are_read() {
    let generic = format!(
        "---\napiVersion: v1\nkind: Secret\nmetadata: {{name: cnn-cert, namespace: istio-system}}\n\
         data:\n  cert: \"{}\"\n  key: \"{}\"\n  cacert: \"{}\"\n",
        base64(VALID_CERT.as_bytes()),
        base64(KEY.as_bytes()),
        base64(VALID_CERT.as_bytes()),
    );
    none(&run(&secret_set("cnn-cert", &generic)), "IST0161", SECRET);

    // `cert`/`key` win over `tls.crt`/`tls.key` when both pairs are filled.
    let both = format!(
        "---\napiVersion: v1\nkind: Secret\nmetadata: {{name: cnn-cert, namespace: istio-system}}\n\
         data:\n  cert: \"{}\"\n  key: \"{}\"\n  tls.crt: \"{}\"\n  tls.key: \"{}\"\n",
        base64(EXPIRED_CERT.as_bytes()),
        base64(KEY.as_bytes()),
        base64(VALID_CERT.as_bytes()),
        base64(KEY.as_bytes()),
    );
    expect(
        &run(&secret_set("cnn-cert", &both)),
        "IST0161",
        SECRET,
        Severity::Error,
        &[(2, "spec.servers[1].tls.credentialName")],
    );

    let indent = |pem: &str| {
        pem.lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    let string_data = format!(
        "---\napiVersion: v1\nkind: Secret\nmetadata: {{name: cnn-cert, namespace: istio-system}}\n\
         type: kubernetes.io/tls\nstringData:\n  tls.crt: |\n{}  tls.key: |\n{}",
        indent(VALID_CERT),
        indent(KEY),
    );
    none(
        &run(&secret_set("cnn-cert", &string_data)),
        "IST0161",
        SECRET,
    );
}

#[test]
fn unusable_secrets_are_invalid_credentials() {
    let truncated: String =
        VALID_CERT.lines().take(5).collect::<Vec<_>>().join("\n") + "\n-----END CERTIFICATE-----\n";
    let broken_der = VALID_CERT.replacen("MIIBdzCC", "MIIBdzDC", 1);
    let cases = [
        tls_secret("cnn-cert", "istio-system", "not a certificate", KEY),
        tls_secret("cnn-cert", "istio-system", VALID_CERT, ""),
        tls_secret("cnn-cert", "istio-system", &truncated, KEY),
        tls_secret("cnn-cert", "istio-system", &broken_der, KEY),
        // Only a CA bundle: no key pair.
        format!(
            "---\napiVersion: v1\nkind: Secret\nmetadata: {{name: cnn-cert, namespace: istio-system}}\n\
             data:\n  ca.crt: \"{}\"\n",
            base64(VALID_CERT.as_bytes())
        ),
    ];
    for secret in cases {
        expect(
            &run(&secret_set("cnn-cert", &secret)),
            "IST0161",
            SECRET,
            Severity::Error,
            &[(2, "spec.servers[1].tls.credentialName")],
        );
    }
}

#[test]
fn servers_without_credential_are_not_checked() {
    let set = format!(
        "{ENVIRONMENT}{}",
        gateway(
            "egress",
            "default",
            egress_selector(),
            &[
                server(443, "HTTPS", "'*'", "tls: {mode: ISTIO_MUTUAL}"),
                server(8443, "TLS", "'*'", "tls: {mode: PASSTHROUGH}"),
            ]
            .concat()
        )
    );
    let analysis = run(&set);
    none(&analysis, "IST0101", SECRET);
    none(&analysis, "IST0161", SECRET);
}

#[test]
fn only_the_first_pem_block_is_checked() {
    // Istio decodes the first PEM block of the certificate chain and checks the certificates
    // in it; later blocks (intermediates) are not looked at.
    let leaf_first = format!("{VALID_CERT}{EXPIRED_CERT}");
    let set = secret_set(
        "cnn-cert",
        &tls_secret("cnn-cert", "istio-system", &leaf_first, KEY),
    );
    none(&run(&set), "IST0161", SECRET);

    let expired_first = format!("{EXPIRED_CERT}{VALID_CERT}");
    let set = secret_set(
        "cnn-cert",
        &tls_secret("cnn-cert", "istio-system", &expired_first, KEY),
    );
    expect(
        &run(&set),
        "IST0161",
        SECRET,
        Severity::Error,
        &[(2, "spec.servers[1].tls.credentialName")],
    );
}

#[test]
fn an_empty_selector_reaches_every_gateway_workload() {
    let host = server(80, "HTTP", "api.example.com", "");
    let set = format!(
        "{ENVIRONMENT}{}{}",
        gateway("everywhere", "default", "{}", &host),
        gateway("egress", "default", egress_selector(), &host),
    );
    let analysis = run(&set);
    let messages = expect(
        &analysis,
        "IST0145",
        CONFLICT,
        Severity::Error,
        &[(2, "spec.servers[0]"), (3, "spec.servers[0]")],
    );
    assert_eq!(
        messages[0],
        "Conflict with gateways default/egress (workload selector , port 80, hosts \
         api.example.com)."
    );
    none(&analysis, "IST0101", PORT);
    none(&analysis, "IST0101", CONFLICT);
}

#[test]
fn a_service_without_selector_counts_for_every_pod_of_its_namespace() {
    // Istio's analyzer reads a missing Service selector as matching everything.
    let set = format!(
        "{ENVIRONMENT}{}---
apiVersion: v1
kind: Service
metadata: {{name: manual-endpoints, namespace: istio-system}}
spec:
  ports:
  - {{name: tcp, port: 7777}}
",
        gateway(
            "egress",
            "default",
            egress_selector(),
            &server(7777, "TCP", "'*'", "")
        )
    );
    none(&run(&set), "IST0162", PORT);
}
