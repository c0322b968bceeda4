//! The webhook's Gateway rules (G1–G32) and the metadata rules every kind shares (M1–M3), one
//! table entry per rule: an object that passes it, one that breaks it, and where the breach is
//! reported.

use crate::support;

use std::collections::BTreeSet;

use istio_egress::manifest::{Manifest, Object};
use istio_egress::validate::Validate;
use support::*;

/// A Gateway `gw` in namespace `shop` with the given `spec` body (indented two spaces).
macro_rules! gw {
    (meta: $meta:literal, $($spec:tt)+) => {
        concat!(
            "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: ",
            $meta,
            "\nspec:\n",
            $($spec)+
        )
    };
    ($($spec:tt)+) => {
        concat!(
            "apiVersion: networking.istio.io/v1\nkind: Gateway\n",
            "metadata: {name: gw, namespace: shop}\nspec:\n",
            $($spec)+
        )
    };
}

/// One server with the given port, hosts and extra fields (flow style).
macro_rules! server {
    ($($fields:tt)+) => {
        concat!("  servers:\n  - {", $($fields)+, "}\n")
    };
}

/// A plain HTTP server on port 80 for `example.com`.
const HTTP: &str = gw!(server!(
    "port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]"
));

/// An HTTPS server on port 443 with the given `tls` block.
macro_rules! https {
    ($tls:literal) => {
        gw!(server!(concat!(
            "port: {number: 443, name: https, protocol: HTTPS}, hosts: [example.com], tls: ",
            $tls
        )))
    };
}

/// A TLS server on port 443 with the given `tls` block.
macro_rules! tls_port {
    ($tls:literal) => {
        gw!(server!(concat!(
            "port: {number: 443, name: tls, protocol: TLS}, hosts: [example.com], tls: ",
            $tls
        )))
    };
}

const SIMPLE_CREDENTIAL: &str = https!("{mode: SIMPLE, credentialName: cert}");

const CASES: &[Case] = &[
    // M1–M3: reserved annotations, on any kind.
    Case {
        rule: "M1",
        pass: HTTP,
        fail: gw!(
            meta: "{name: gw, namespace: shop, annotations: {istio.io/dry-run: \"true\"}}",
            "  servers:\n  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]}\n"
        ),
        path: "metadata.annotations.istio.io/dry-run",
    },
    Case {
        rule: "M1",
        pass: "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se, namespace: shop}\nspec: {hosts: [api.example.com], resolution: DNS}\n",
        fail: "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se, namespace: shop, annotations: {istio.io/dry-run: \"true\"}}\nspec: {hosts: [api.example.com], resolution: DNS}\n",
        path: "metadata.annotations.istio.io/dry-run",
    },
    Case {
        rule: "M2",
        pass: HTTP,
        fail: gw!(
            meta: "{name: gw, namespace: shop, annotations: {internal.istio.io/webhook-always-reject: \"\"}}",
            "  servers:\n  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]}\n"
        ),
        path: "metadata.annotations.internal.istio.io/webhook-always-reject",
    },
    Case {
        rule: "M3",
        pass: gw!(
            meta: "{name: gw, namespace: shop, annotations: {internal.istio.io/other: x}}",
            "  servers:\n  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]}\n"
        ),
        fail: gw!(
            meta: "{name: gw, namespace: shop, annotations: {internal.istio.io/parents: \"HTTPRoute/a.b\"}}",
            "  servers:\n  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]}\n"
        ),
        path: "metadata.annotations.internal.istio.io/parents",
    },
    Case {
        rule: "M3",
        pass: HTTP,
        fail: gw!(
            meta: "{name: gw, namespace: shop, annotations: {internal.istio.io/parent-namespace: other}}",
            "  servers:\n  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]}\n"
        ),
        path: "metadata.annotations.internal.istio.io/parent-namespace",
    },
    // G1: the name is a DNS-1123 label.
    Case {
        rule: "G1",
        pass: HTTP,
        fail: gw!(
            meta: "{name: gw.example, namespace: shop}",
            "  servers:\n  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]}\n"
        ),
        path: "metadata.name",
    },
    // G2: at least one server.
    Case {
        rule: "G2",
        pass: HTTP,
        fail: gw!("  selector: {istio: ingressgateway}\n"),
        path: "spec.servers",
    },
    // G4: port names unique across servers.
    Case {
        rule: "G4",
        pass: gw!(concat!(
            "  servers:\n",
            "  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]}\n",
            "  - {port: {number: 81, name: http-2, protocol: HTTP}, hosts: [example.com]}\n"
        )),
        fail: gw!(concat!(
            "  servers:\n",
            "  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com]}\n",
            "  - {port: {number: 81, name: http, protocol: HTTP}, hosts: [example.com]}\n"
        )),
        path: "spec.servers[1].port.name",
    },
    // G5: httpsRedirect only on HTTP servers (warning).
    Case {
        rule: "G5",
        pass: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com], tls: {httpsRedirect: true}"
        )),
        fail: https!("{httpsRedirect: true, mode: SIMPLE, credentialName: cert}"),
        path: "spec.servers[0].tls.httpsRedirect",
    },
    // G6–G10: hosts.
    Case {
        rule: "G6",
        pass: HTTP,
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: []"
        )),
        path: "spec.servers[0].hosts",
    },
    Case {
        rule: "G7",
        pass: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [prod/example.com, ./a.example.com, \"*/b.example.com\"]"
        )),
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [Bad_NS/example.com]"
        )),
        path: "spec.servers[0].hosts[0]",
    },
    Case {
        rule: "G7",
        pass: HTTP,
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com, /example.com]"
        )),
        path: "spec.servers[0].hosts[1]",
    },
    Case {
        rule: "G8",
        pass: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*\"]"
        )),
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [prod/example]"
        )),
        path: "spec.servers[0].hosts[0]",
    },
    Case {
        rule: "G9",
        pass: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [10.0.0.1, \"*.example.com\"]"
        )),
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [exa_mple.com]"
        )),
        path: "spec.servers[0].hosts[0]",
    },
    Case {
        rule: "G10",
        pass: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*.example.com\"]"
        )),
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*foo.example.com\"]"
        )),
        path: "spec.servers[0].hosts[0]",
    },
    // G11–G15: the port.
    Case {
        rule: "G11",
        pass: HTTP,
        fail: gw!(server!("hosts: [example.com]")),
        path: "spec.servers[0].port",
    },
    Case {
        rule: "G12",
        pass: gw!(server!(
            "port: {number: 80, name: http, protocol: grpc-web}, hosts: [example.com]"
        )),
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: QUIC}, hosts: [example.com]"
        )),
        path: "spec.servers[0].port.protocol",
    },
    Case {
        rule: "G13",
        pass: gw!(server!(
            "port: {number: 0, name: uds, protocol: HTTP}, bind: \"unix:///var/run/gw.sock\", hosts: [example.com]"
        )),
        fail: gw!(server!(
            "port: {number: 0, name: http, protocol: HTTP}, hosts: [example.com]"
        )),
        path: "spec.servers[0].port.number",
    },
    Case {
        rule: "G13",
        pass: HTTP,
        fail: gw!(server!(
            "port: {number: 70000, name: http, protocol: HTTP}, hosts: [example.com]"
        )),
        path: "spec.servers[0].port.number",
    },
    Case {
        rule: "G14",
        pass: HTTP,
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP, targetPort: 8080}, hosts: [example.com]"
        )),
        path: "spec.servers[0].port.targetPort",
    },
    Case {
        rule: "G15",
        pass: HTTP,
        fail: gw!(server!(
            "port: {number: 80, name: \"\", protocol: HTTP}, hosts: [example.com]"
        )),
        path: "spec.servers[0].port.name",
    },
    // G16, G17: bind.
    Case {
        rule: "G16",
        pass: gw!(server!(
            "port: {number: 0, name: uds, protocol: HTTP}, bind: \"unix://@abstract\", hosts: [example.com]"
        )),
        fail: gw!(server!(
            "port: {number: 0, name: uds, protocol: HTTP}, bind: \"unix://var/run/\", hosts: [example.com]"
        )),
        path: "spec.servers[0].bind",
    },
    Case {
        rule: "G16",
        pass: gw!(server!(
            "port: {number: 0, name: uds, protocol: HTTP}, bind: \"unix:///var/run/gw.sock\", hosts: [example.com]"
        )),
        fail: gw!(server!(
            "port: {number: 8080, name: uds, protocol: HTTP}, bind: \"unix:///var/run/gw.sock\", hosts: [example.com]"
        )),
        path: "spec.servers[0].port.number",
    },
    Case {
        rule: "G17",
        pass: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, bind: \"::1\", hosts: [example.com]"
        )),
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, bind: localhost, hosts: [example.com]"
        )),
        path: "spec.servers[0].bind",
    },
    // G18–G20: does the TLS block fit the protocol?
    Case {
        rule: "G18",
        pass: SIMPLE_CREDENTIAL,
        fail: gw!(server!(
            "port: {number: 443, name: https, protocol: HTTPS}, hosts: [example.com]"
        )),
        path: "spec.servers[0].tls",
    },
    Case {
        rule: "G19",
        pass: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com], tls: {httpsRedirect: true}"
        )),
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com], tls: {mode: SIMPLE, credentialName: cert}"
        )),
        path: "spec.servers[0].tls",
    },
    Case {
        rule: "G19",
        pass: HTTP,
        fail: gw!(server!(
            "port: {number: 80, name: http, protocol: HTTP}, hosts: [example.com], tls: {httpsRedirect: true, privateKey: /etc/key.pem}"
        )),
        path: "spec.servers[0].tls",
    },
    Case {
        rule: "G20",
        pass: gw!(server!(
            "port: {number: 27017, name: mongo, protocol: MONGO}, hosts: [example.com]"
        )),
        fail: gw!(server!(
            "port: {number: 27017, name: mongo, protocol: MONGO}, hosts: [example.com], tls: {mode: PASSTHROUGH}"
        )),
        path: "spec.servers[0].tls",
    },
    // G21–G23: protocol versions and cipher suites (warnings).
    Case {
        rule: "G21",
        pass: https!(
            "{mode: SIMPLE, credentialName: cert, minProtocolVersion: TLSV1_1, cipherSuites: [ECDHE-RSA-AES128-SHA]}"
        ),
        fail: https!("{mode: SIMPLE, credentialName: cert, minProtocolVersion: TLSV1_0}"),
        path: "spec.servers[0].tls.minProtocolVersion",
    },
    Case {
        rule: "G22",
        pass: https!(
            "{mode: SIMPLE, credentialName: cert, cipherSuites: [ECDHE-ECDSA-AES128-GCM-SHA256, ALL, \"-AES128-SHA\", \"!DES-CBC3-SHA\"]}"
        ),
        fail: https!(
            "{mode: SIMPLE, credentialName: cert, cipherSuites: [AES128-SHA, TLS_AES_128_GCM_SHA256]}"
        ),
        path: "spec.servers[0].tls.cipherSuites[1]",
    },
    Case {
        rule: "G23",
        pass: https!(
            "{mode: SIMPLE, credentialName: cert, cipherSuites: [AES128-SHA, AES256-SHA]}"
        ),
        fail: https!(
            "{mode: SIMPLE, credentialName: cert, cipherSuites: [AES128-SHA, AES256-SHA, AES128-SHA]}"
        ),
        path: "spec.servers[0].tls.cipherSuites[2]",
    },
    // G24: ISTIO_MUTUAL carries no certificates.
    Case {
        rule: "G24",
        pass: https!("{mode: ISTIO_MUTUAL}"),
        fail: https!("{mode: ISTIO_MUTUAL, credentialName: cert}"),
        path: "spec.servers[0].tls.credentialName",
    },
    Case {
        rule: "G24",
        pass: https!("{mode: ISTIO_MUTUAL, subjectAltNames: [spiffe://cluster.local/ns/a/sa/b]}"),
        fail: https!(
            "{mode: ISTIO_MUTUAL, tlsCertificates: [{serverCertificate: /c.pem, privateKey: /k.pem}]}"
        ),
        path: "spec.servers[0].tls.tlsCertificates",
    },
    // G25: pass-through ignores certificates (warning).
    Case {
        rule: "G25",
        pass: tls_port!("{mode: PASSTHROUGH}"),
        fail: tls_port!("{mode: AUTO_PASSTHROUGH, serverCertificate: /etc/cert.pem}"),
        path: "spec.servers[0].tls",
    },
    // G26: one certificate source.
    Case {
        rule: "G26",
        pass: https!("{mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem}"),
        fail: https!(
            "{mode: SIMPLE, credentialName: cert, tlsCertificates: [{serverCertificate: /c.pem, privateKey: /k.pem}]}"
        ),
        path: "spec.servers[0].tls",
    },
    Case {
        rule: "G26",
        pass: https!("{mode: SIMPLE, credentialNames: [rsa, ecdsa]}"),
        fail: https!(
            "{mode: SIMPLE, credentialName: cert, serverCertificate: /c.pem, privateKey: /k.pem}"
        ),
        path: "spec.servers[0].tls",
    },
    // G28–G30: certificate files.
    Case {
        rule: "G28",
        pass: https!(
            "{mode: MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem, caCertificates: /ca.pem}"
        ),
        fail: https!("{mode: OPTIONAL_MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem}"),
        path: "spec.servers[0].tls.caCertificates",
    },
    Case {
        rule: "G29",
        pass: https!("{mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem}"),
        fail: https!("{mode: SIMPLE, serverCertificate: /c.pem}"),
        path: "spec.servers[0].tls.privateKey",
    },
    Case {
        rule: "G29",
        pass: https!(
            "{mode: SIMPLE, tlsCertificates: [{serverCertificate: /rsa.pem, privateKey: /rsa.key}, {serverCertificate: /ec.pem, privateKey: /ec.key}]}"
        ),
        fail: https!(
            "{mode: SIMPLE, tlsCertificates: [{serverCertificate: /rsa.pem, privateKey: /rsa.key}, {privateKey: /ec.key}]}"
        ),
        path: "spec.servers[0].tls.tlsCertificates[1].serverCertificate",
    },
    Case {
        rule: "G30",
        pass: https!(
            "{mode: SIMPLE, tlsCertificates: [{serverCertificate: /a.pem, privateKey: /a.key}, {serverCertificate: /b.pem, privateKey: /b.key}]}"
        ),
        fail: https!(
            "{mode: SIMPLE, tlsCertificates: [{serverCertificate: /a.pem, privateKey: /a.key}, {serverCertificate: /b.pem, privateKey: /b.key}, {serverCertificate: /c.pem, privateKey: /c.key}]}"
        ),
        path: "spec.servers[0].tls.tlsCertificates",
    },
    // G31, G32: certificate revocation lists.
    Case {
        rule: "G31",
        pass: tls_port!("{mode: PASSTHROUGH}"),
        fail: tls_port!("{mode: PASSTHROUGH, credentialName: cert, caCrl: /crl.pem}"),
        path: "spec.servers[0].tls.caCrl",
    },
    Case {
        rule: "G32",
        pass: https!(
            "{mode: MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem, caCertificates: /ca.pem, caCrl: /crl.pem}"
        ),
        fail: https!(
            "{mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem, caCrl: /crl.pem}"
        ),
        path: "spec.servers[0].tls.caCrl",
    },
];

/// The catalogue's rules for this file. G3 (a `null` server) cannot fire: a typed server list
/// cannot hold `null`, and reading `servers: [null]` already fails. G27 is a short-circuit, not
/// a check: with `credentialName(s)`, SIMPLE/MUTUAL skip G28–G32 (see
/// `credential_skips_certificate_file_checks`).
const RULES: &[&str] = &[
    "M1", "M2", "M3", "G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G9", "G10", "G11", "G12",
    "G13", "G14", "G15", "G16", "G17", "G18", "G19", "G20", "G21", "G22", "G23", "G24", "G25",
    "G26", "G27", "G28", "G29", "G30", "G31", "G32",
];

/// Rules that cannot fail on typed input or only skip other rules; see [`RULES`].
const NOT_FIREABLE: &[&str] = &["G3", "G27"];

/// The rules Istio reports as warnings.
const WARNINGS: &[&str] = &["G5", "G21", "G22", "G23", "G25", "G30"];

#[test]
fn every_rule_has_a_case() {
    assert_covers(CASES, RULES.iter().map(|r| r.to_string()), NOT_FIREABLE);
}

#[test]
fn findings_have_the_catalogue_severity_and_code() {
    assert_severities(CASES, WARNINGS);
}

#[test]
fn pass_objects_are_valid() {
    assert_pass_cases_valid(CASES);
}

#[test]
fn messages_read_like_istio() {
    let report = report_for(case_fail("G12"));
    let message = &report.of_rule("G12").next().unwrap().message;
    assert_eq!(
        message,
        "invalid protocol \"QUIC\", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP"
    );
    let report = report_for(case_fail("G1"));
    assert_eq!(
        report.of_rule("G1").next().unwrap().message,
        "invalid gateway name: \"gw.example\""
    );
    let report = report_for(case_fail("M1"));
    assert_eq!(
        report.of_rule("M1").next().unwrap().message,
        "shop/gw has unsupported annotation istio.io/dry-run, please remove the annotation"
    );
    let report = report_for(case_fail("G25"));
    assert_eq!(
        report.of_rule("G25").next().unwrap().message,
        "AUTO_PASSTHROUGH mode does not use certificates, they will be ignored"
    );
    let report = report_for(case_fail("G22"));
    assert_eq!(
        report.of_rule("G22").next().unwrap().message,
        "ignoring invalid cipher suites: [TLS_AES_128_GCM_SHA256]"
    );
}

/// The first `fail` object of a rule.
fn case_fail(rule: &str) -> &'static str {
    CASES.iter().find(|c| c.rule == rule).unwrap().fail
}

#[test]
fn every_problem_is_reported() {
    // One server breaking many rules at once: nothing stops at the first.
    let report = report_for(gw!(
        meta: "{name: a.b, namespace: shop}",
        "  servers:\n  - {port: {number: 0, name: \"\", protocol: QUIC, targetPort: 1}, bind: nope, hosts: [short, \"*x.example.com\"], tls: {mode: ISTIO_MUTUAL, privateKey: /k, caCertificates: /ca}}\n"
    ));
    let rules: BTreeSet<&str> = report.errors().map(|f| f.rule).collect();
    for rule in ["G1", "G8", "G10", "G12", "G13", "G14", "G15", "G17", "G24"] {
        assert!(rules.contains(rule), "{rule} missing from:\n{report}");
    }
    assert_eq!(report.of_rule("G24").count(), 2);
    // A port with errors is not compared with its TLS block (G18–G20 are skipped).
    assert_eq!(report.of_rule("G20").count(), 0);
}

#[test]
fn gateway_api_generated_gateways_relax_the_name_and_namespace_rules() {
    let generated = gw!(
        meta: "{name: gw.listener, namespace: shop, annotations: {internal.istio.io/gateway-semantics: gateway}}",
        "  servers:\n  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\"~/example.com\"]}\n"
    );
    let report = report_for(generated);
    assert!(report.of_rule("G1").next().is_none(), "{report}");
    assert!(report.of_rule("G7").next().is_none(), "{report}");

    let plain = gw!(server!(
        "port: {number: 80, name: http, protocol: HTTP}, hosts: [\"~/example.com\"]"
    ));
    let report = report_for(plain);
    assert_eq!(report.of_rule("G7").count(), 1, "{report}");
}

#[test]
fn credential_skips_certificate_file_checks() {
    // G27: a credential means SDS supplies the certificates; no file, CA or CRL checks.
    let report = report_for(https!(
        "{mode: MUTUAL, credentialName: cert, caCrl: /crl.pem}"
    ));
    assert!(report.errors().next().is_none(), "{report}");
    let report = report_for(https!("{mode: OPTIONAL_MUTUAL, credentialNames: [a, b]}"));
    assert!(report.errors().next().is_none(), "{report}");
    // Without one, MUTUAL needs the files.
    let report = report_for(https!("{mode: MUTUAL}"));
    let rules: Vec<&str> = report.errors().map(|f| f.rule).collect();
    assert_eq!(rules, ["G28", "G29", "G29"], "{report}");
}

#[test]
fn unset_mode_is_passthrough() {
    let report = report_for(tls_port!("{serverCertificate: /c.pem, privateKey: /k.pem}"));
    let warning = report.of_rule("G25").next().unwrap();
    assert_eq!(
        warning.message,
        "PASSTHROUGH mode does not use certificates, they will be ignored"
    );
    assert!(!report.has_errors(), "{report}");
}

/// Rule ids this file's rules use (`G…`, `M…`).
fn is_own_rule(rule: &str) -> bool {
    let digits = |rest: &str| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    rule.strip_prefix('G').is_some_and(digits) || rule.strip_prefix('M').is_some_and(digits)
}

/// Every object in the canon, the upstream dataset and the valid CRD fixtures.
fn data_objects() -> Vec<(String, Object)> {
    let mut files = fixtures("egress-canon");
    files.extend(fixtures("validation-dataset"));
    files.extend(
        fixtures("validation-crds")
            .into_iter()
            .filter(|f| f.to_string_lossy().ends_with("-valid.yaml")),
    );
    let mut objects = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let manifest = Manifest::parse(&text);
        assert!(
            manifest.errors.is_empty(),
            "{file:?}: {:?}",
            manifest.errors
        );
        for object in manifest.objects() {
            objects.push((file.display().to_string(), object.clone()));
        }
    }
    objects
}

#[test]
fn valid_data_gives_no_errors_from_these_rules() {
    let mut gateways = 0;
    for (file, object) in data_objects() {
        if matches!(object, Object::Gateway(_)) {
            gateways += 1;
        }
        let report = object.validate();
        let errors: Vec<_> = report.errors().filter(|f| is_own_rule(f.rule)).collect();
        assert!(errors.is_empty(), "{file} {:?}: {errors:?}", object.name());
    }
    assert!(gateways >= 11, "only {gateways} Gateways found");
}
