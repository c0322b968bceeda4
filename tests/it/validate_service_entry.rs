//! The webhook's ServiceEntry rules (SE1–SE30), one table entry per rule: an object that
//! passes it, one that breaks it, and where the breach is reported.

use crate::support;

use std::collections::BTreeSet;

use istio_egress::manifest::{self, Format, Manifest, Object};
use istio_egress::validate::{Options, Severity, Validate};
use support::*;

/// A ServiceEntry `se` in namespace `shop` with the given `spec` body (indented two spaces).
macro_rules! se {
    (meta: $meta:literal, $($spec:tt)+) => {
        concat!(
            "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: ",
            $meta,
            "\nspec:\n",
            $($spec)+
        )
    };
    ($($spec:tt)+) => {
        concat!(
            "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\n",
            "metadata: {name: se, namespace: shop}\nspec:\n",
            $($spec)+
        )
    };
}

/// A DNS-resolved HTTPS ServiceEntry for `api.example.com`.
const DNS: &str = se!(concat!(
    "  hosts: [api.example.com]\n",
    "  ports: [{number: 443, name: https, protocol: HTTPS}]\n",
    "  resolution: DNS\n"
));

/// A STATIC ServiceEntry with one endpoint.
const STATIC: &str = se!(concat!(
    "  hosts: [db.example.com]\n",
    "  addresses: [10.1.0.0/16]\n",
    "  ports: [{number: 5432, name: tcp, protocol: TCP}]\n",
    "  resolution: STATIC\n",
    "  endpoints: [{address: 10.1.2.3, ports: {tcp: 15432}, labels: {app: db}}]\n"
));

/// A DYNAMIC_DNS ServiceEntry for a wildcard host.
const DYNAMIC: &str = se!(concat!(
    "  hosts: [\"*.example.com\"]\n",
    "  ports: [{number: 443, name: tls, protocol: TLS}, {number: 80, name: http, protocol: HTTP}]\n",
    "  location: MESH_EXTERNAL\n",
    "  resolution: DYNAMIC_DNS\n"
));

const CASES: &[Case] = &[
    // SE1–SE3: the workload selector.
    Case {
        rule: "SE1",
        pass: se!(
            "  hosts: [api.example.com]\n  workloadSelector: {labels: {app: api}}\n  resolution: STATIC\n"
        ),
        fail: se!(
            "  hosts: [api.example.com]\n  workloadSelector: {labels: {app: \"*\"}}\n  resolution: STATIC\n"
        ),
        path: "spec.workloadSelector.labels.app",
    },
    Case {
        rule: "SE2",
        pass: se!(
            "  hosts: [api.example.com]\n  workloadSelector: {labels: {app: api}}\n  resolution: STATIC\n"
        ),
        fail: se!("  hosts: [api.example.com]\n  workloadSelector: {}\n  resolution: STATIC\n"),
        path: "spec.workloadSelector",
    },
    Case {
        rule: "SE3",
        pass: STATIC,
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  workloadSelector: {labels: {app: api}}\n",
            "  resolution: STATIC\n  endpoints: [{address: 10.0.0.1}]\n"
        )),
        path: "spec.endpoints",
    },
    // SE4–SE7: hosts.
    Case {
        rule: "SE4",
        pass: DNS,
        fail: se!("  hosts: []\n  resolution: DNS\n"),
        path: "spec.hosts",
    },
    Case {
        rule: "SE5",
        pass: DNS,
        fail: se!("  hosts: [api.example.com, \"*\"]\n  resolution: NONE\n"),
        path: "spec.hosts[1]",
    },
    Case {
        rule: "SE6",
        pass: se!("  hosts: [\"*.example.com\", \"*foo.example.com\"]\n  resolution: NONE\n"),
        fail: se!("  hosts: [exa_mple.com]\n  resolution: NONE\n"),
        path: "spec.hosts[0]",
    },
    Case {
        rule: "SE7",
        pass: se!("  hosts: [\"*.example.com\"]\n  resolution: NONE\n"),
        fail: se!("  hosts: [\"*foo.example.com\"]\n  resolution: NONE\n"),
        path: "spec.hosts[0]",
    },
    // SE8, SE9: addresses.
    Case {
        rule: "SE8",
        pass: se!(
            "  hosts: [api.example.com]\n  addresses: [10.0.0.1, 2001:db8::/32, 10.2.0.0/16]\n  resolution: NONE\n"
        ),
        fail: se!("  hosts: [api.example.com]\n  addresses: [10.0.0.1, api]\n  resolution: NONE\n"),
        path: "spec.addresses[1]",
    },
    Case {
        rule: "SE9",
        pass: STATIC,
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  addresses: [10.0.0.1, 10.2.0.0/16]\n",
            "  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n"
        )),
        path: "spec.addresses[1]",
    },
    // SE11–SE15: ports.
    Case {
        rule: "SE11",
        pass: DNS,
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 443, name: https, protocol: HTTPS}, {number: 8443, name: https, protocol: HTTPS}]\n"
        )),
        path: "spec.ports[1].name",
    },
    Case {
        rule: "SE12",
        pass: DNS,
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 443, name: https, protocol: HTTPS}, {number: 443, name: tls, protocol: TLS}]\n"
        )),
        path: "spec.ports[1].number",
    },
    Case {
        rule: "SE13",
        pass: se!(concat!(
            "  hosts: [api.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 80, name: http, protocol: HTTP, targetPort: 443}]\n"
        )),
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 80, name: http, protocol: HTTP, targetPort: 70000}]\n"
        )),
        path: "spec.ports[0].targetPort",
    },
    Case {
        rule: "SE14",
        pass: se!(concat!(
            "  hosts: [db.example.com]\n  addresses: [10.0.0.9]\n  resolution: DNS\n",
            "  ports: [{number: 5432, name: tcp, protocol: TCP}]\n"
        )),
        fail: se!(
            meta: "{name: se, namespace: shop, labels: {networking.istio.io/enable-autoallocate-ip: \"False\"}}",
            "  hosts: [db.example.com]\n  resolution: DNS\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n"
        ),
        path: "spec.ports[0]",
    },
    Case {
        rule: "SE14",
        pass: se!(
            "  hosts: [db.example.com]\n  resolution: DNS\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n"
        ),
        fail: se!(
            "  hosts: [db.example.com]\n  resolution: NONE\n  ports: [{number: 443, name: https, protocol: HTTPS}, {number: 5432, name: db}]\n"
        ),
        path: "spec.ports[1]",
    },
    Case {
        rule: "SE15",
        pass: DNS,
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 443, name: Bad_Name, protocol: HTTPS}]\n"
        )),
        path: "spec.ports[0].name",
    },
    Case {
        rule: "SE15",
        pass: se!(concat!(
            "  hosts: [api.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 443, name: https, protocol: https}]\n"
        )),
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 443, name: https, protocol: QUIC}]\n"
        )),
        path: "spec.ports[0].protocol",
    },
    Case {
        rule: "SE15",
        pass: DNS,
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 0, name: https, protocol: HTTPS}]\n"
        )),
        path: "spec.ports[0].number",
    },
    // SE16, SE17: resolution NONE.
    Case {
        rule: "SE16",
        pass: se!("  hosts: [api.example.com]\n  addresses: [10.0.0.0/8]\n  resolution: NONE\n"),
        fail: se!("  hosts: [api.example.com]\n  endpoints: [{address: 10.0.0.1}]\n"),
        path: "spec.endpoints",
    },
    Case {
        rule: "SE17",
        pass: se!("  hosts: [api.example.com]\n  resolution: NONE\n"),
        fail: se!("  hosts: [api.example.com]\n  workloadSelector: {labels: {app: api}}\n"),
        path: "spec.workloadSelector",
    },
    // SE18: STATIC endpoints.
    Case {
        rule: "SE18",
        pass: STATIC,
        fail: se!(concat!(
            "  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n",
            "  resolution: STATIC\n  endpoints: [{address: 10.1.2.3}, {address: db.internal}]\n"
        )),
        path: "spec.endpoints[1].address",
    },
    Case {
        rule: "SE18",
        pass: se!(concat!(
            "  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n",
            "  resolution: STATIC\n  endpoints: [{address: \"unix:///var/run/db.sock\"}]\n"
        )),
        fail: se!(concat!(
            "  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n",
            "  resolution: STATIC\n  endpoints: [{address: \"unix:///var/run/db.sock\", ports: {tcp: 5432}}]\n"
        )),
        path: "spec.endpoints[0].ports",
    },
    Case {
        rule: "SE18",
        pass: STATIC,
        fail: se!(concat!(
            "  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n",
            "  resolution: STATIC\n  endpoints: [{address: 10.1.2.3, ports: {postgres: 5432}}]\n"
        )),
        path: "spec.endpoints[0].ports.postgres",
    },
    Case {
        rule: "SE18",
        pass: STATIC,
        fail: se!(concat!(
            "  hosts: [db.example.com]\n",
            "  ports: [{number: 5432, name: tcp, protocol: TCP}, {number: 5433, name: tcp-2, protocol: TCP}]\n",
            "  resolution: STATIC\n  endpoints: [{address: \"unix://@db\"}]\n"
        )),
        path: "spec.endpoints[0]",
    },
    Case {
        rule: "SE18",
        pass: STATIC,
        fail: se!(concat!(
            "  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n",
            "  resolution: STATIC\n  endpoints: [{address: 10.1.2.3, labels: {\"bad key\": x}}]\n"
        )),
        path: "spec.endpoints[0].labels",
    },
    // SE19–SE22: DNS and DNS_ROUND_ROBIN.
    Case {
        rule: "SE19",
        pass: se!(concat!(
            "  hosts: [\"*.example.com\"]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n",
            "  resolution: DNS\n  endpoints: [{address: gateway.example.com}]\n"
        )),
        fail: se!(concat!(
            "  hosts: [api.example.com, \"*.example.com\", \"*.example.org\"]\n",
            "  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n"
        )),
        path: "spec.hosts[1]",
    },
    Case {
        rule: "SE20",
        pass: se!(concat!(
            "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n",
            "  resolution: DNS_ROUND_ROBIN\n  endpoints: [{address: a.example.com}]\n"
        )),
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n",
            "  resolution: DNS_ROUND_ROBIN\n  endpoints: [{address: a.example.com}, {address: b.example.com}]\n"
        )),
        path: "spec.endpoints",
    },
    Case {
        rule: "SE21",
        pass: se!(concat!(
            "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n",
            "  resolution: DNS\n  endpoints: [{address: a.example.com, ports: {https: 8443}}, {address: 10.0.0.1}]\n"
        )),
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n",
            "  resolution: DNS\n  endpoints: [{address: a_b.example.com}]\n"
        )),
        path: "spec.endpoints[0].address",
    },
    Case {
        rule: "SE21",
        pass: se!(concat!(
            "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n",
            "  resolution: DNS\n  endpoints: [{address: a.example.com, ports: {https: 8443}}]\n"
        )),
        fail: se!(concat!(
            "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n",
            "  resolution: DNS\n  endpoints: [{address: a.example.com, ports: {tls: 8443}}]\n"
        )),
        path: "spec.endpoints[0].ports.tls",
    },
    Case {
        rule: "SE22",
        pass: se!(concat!(
            "  hosts: [a.example.com, b.example.com]\n",
            "  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n"
        )),
        fail: se!(concat!(
            "  hosts: [a.example.com, b.example.com]\n  addresses: [10.0.0.1]\n",
            "  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n"
        )),
        path: "spec.hosts",
    },
    // SE23–SE27: DYNAMIC_DNS.
    Case {
        rule: "SE23",
        pass: DYNAMIC,
        fail: se!(concat!(
            "  hosts: [\"*.example.com\", api.example.org]\n",
            "  ports: [{number: 443, name: tls, protocol: TLS}]\n  resolution: DYNAMIC_DNS\n"
        )),
        path: "spec.hosts[1]",
    },
    Case {
        rule: "SE24",
        pass: DYNAMIC,
        fail: se!(concat!(
            "  hosts: [\"*.example.com\"]\n  addresses: [240.0.0.1]\n",
            "  ports: [{number: 443, name: tls, protocol: TLS}]\n  resolution: DYNAMIC_DNS\n"
        )),
        path: "spec.addresses",
    },
    Case {
        rule: "SE25",
        pass: DYNAMIC,
        fail: se!(concat!(
            "  hosts: [\"*.example.com\"]\n  endpoints: [{address: 10.0.0.1}]\n",
            "  ports: [{number: 443, name: tls, protocol: TLS}]\n  resolution: DYNAMIC_DNS\n"
        )),
        path: "spec.endpoints",
    },
    Case {
        rule: "SE26",
        pass: se!(concat!(
            "  hosts: [\"*.example.com\"]\n  resolution: DYNAMIC_DNS\n",
            "  ports: [{number: 443, name: tls, protocol: tls}, {number: 80, name: http, protocol: HTTP}, {number: 81, name: h2, protocol: HTTP2}, {number: 82, name: grpc, protocol: GRPC}]\n"
        )),
        fail: se!(concat!(
            "  hosts: [\"*.example.com\"]\n  resolution: DYNAMIC_DNS\n",
            "  ports: [{number: 443, name: tls, protocol: TLS}, {number: 8443, name: https, protocol: HTTPS}]\n"
        )),
        path: "spec.ports[1].protocol",
    },
    Case {
        rule: "SE27",
        pass: se!(
            meta: "{name: se, namespace: shop, labels: {istio.io/use-waypoint: none}}",
            "  hosts: [\"*.svc.cluster.local\"]\n  location: MESH_INTERNAL\n  resolution: DYNAMIC_DNS\n  ports: [{number: 80, name: http, protocol: HTTP}]\n"
        ),
        fail: se!(
            meta: "{name: se, namespace: shop, labels: {istio.io/use-waypoint: waypoint}}",
            "  hosts: [\"*.svc.cluster.local\"]\n  location: MESH_INTERNAL\n  resolution: DYNAMIC_DNS\n  ports: [{number: 80, name: http, protocol: HTTP}]\n"
        ),
        path: "spec.location",
    },
    // SE28: an unknown resolution.
    Case {
        rule: "SE28",
        pass: DNS,
        fail: se!("  hosts: [api.example.com]\n  resolution: DNS_LOOKUP\n"),
        path: "spec.resolution",
    },
    // SE29: several hosts need ports that tell them apart.
    Case {
        rule: "SE29",
        pass: se!(concat!(
            "  hosts: [a.example.com, b.example.com]\n  addresses: [10.0.0.0/24]\n",
            "  ports: [{number: 5432, name: tcp, protocol: TCP}]\n  resolution: NONE\n"
        )),
        fail: se!(concat!(
            "  hosts: [a.example.com, b.example.com]\n  resolution: DNS\n",
            "  ports: [{number: 443, name: https, protocol: HTTPS}, {number: 5432, name: tcp, protocol: TCP}]\n"
        )),
        path: "spec.ports[1]",
    },
    // SE30: exportTo.
    Case {
        rule: "SE30",
        pass: se!(
            "  hosts: [api.example.com]\n  exportTo: [\"~\"]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n"
        ),
        fail: se!(
            "  hosts: [api.example.com]\n  exportTo: [., shop]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n"
        ),
        path: "spec.exportTo",
    },
];

/// The catalogue's rules for this file. SE10 (a `null` port) cannot fire: a typed port list
/// cannot hold `null`, and reading `ports: [null]` already fails.
const RULES: &[&str] = &[
    "SE1", "SE2", "SE3", "SE4", "SE5", "SE6", "SE7", "SE8", "SE9", "SE10", "SE11", "SE12", "SE13",
    "SE14", "SE15", "SE16", "SE17", "SE18", "SE19", "SE20", "SE21", "SE22", "SE23", "SE24", "SE25",
    "SE26", "SE27", "SE28", "SE29", "SE30",
];

/// Rules that cannot fail on typed input; see [`RULES`].
const NOT_FIREABLE: &[&str] = &["SE10"];

/// The rules Istio reports as warnings (SE18 also has one warning, see
/// `endpoint_without_address_needs_a_network`).
const WARNINGS: &[&str] = &["SE2", "SE7", "SE14", "SE17", "SE22"];

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
    let message = |yaml: &str, rule: &str| {
        report_for(yaml)
            .of_rule(rule)
            .next()
            .map(|f| f.message.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        message(case_fail("SE19"), "SE19"),
        "hosts must be FQDN if no endpoints are provided for resolution mode DNS"
    );
    assert_eq!(
        message(case_fail("SE1"), "SE1"),
        "wildcard is not supported in selector: \"app=*\""
    );
    assert_eq!(
        message(case_fail("SE28"), "SE28"),
        "unsupported resolution type DNS_LOOKUP"
    );
    assert_eq!(
        message(case_fail("SE20"), "SE20"),
        "there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN"
    );
    assert_eq!(
        message(case_fail("SE11"), "SE11"),
        "service entry port name \"https\" already defined"
    );
}

/// The first `fail` object of a rule.
fn case_fail(rule: &str) -> &'static str {
    CASES.iter().find(|c| c.rule == rule).unwrap().fail
}

#[test]
fn ip_autoallocation_decides_the_addresses_warning() {
    let tcp_dns = se!(
        "  hosts: [db.example.com]\n  resolution: DNS\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n"
    );
    let objects = istio_egress::manifest::from_str(tcp_dns).unwrap();
    let on = objects[0].validate_with(&Options::default());
    assert_eq!(on.of_rule("SE14").count(), 0, "{on}");
    let off = objects[0].validate_with(&Options::default().ip_autoallocate(false));
    assert_eq!(off.of_rule("SE14").count(), 1, "{off}");
    // A protocol spelled in lower case is not the literal "TCP" Istio compares with.
    let lower = se!(
        "  hosts: [db.example.com]\n  resolution: NONE\n  ports: [{number: 5432, name: tcp, protocol: tcp}]\n"
    );
    assert_eq!(report_for(lower).of_rule("SE14").count(), 0);
}

#[test]
fn endpoint_without_address_needs_a_network() {
    let with_network = se!(concat!(
        "  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n",
        "  resolution: STATIC\n  endpoints: [{network: remote}]\n"
    ));
    let report = report_for(with_network);
    let finding = report.of_rule("SE18").next().unwrap();
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.path.to_string(), "spec.endpoints[0]");
    assert_eq!(finding.message, "address is unset with network \"remote\"");
    assert!(!report.has_errors(), "{report}");

    let without = se!(concat!(
        "  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n",
        "  resolution: STATIC\n  endpoints: [{locality: us-east1}]\n"
    ));
    let report = report_for(without);
    let finding = report.of_rule("SE18").next().unwrap();
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.path.to_string(), "spec.endpoints[0].address");
}

#[test]
fn every_problem_is_reported() {
    let report = report_for(se!(concat!(
        "  hosts: [\"*\", a_b.example.com, \"*.example.com\"]\n  addresses: [nope, 10.0.0.0/8]\n",
        "  ports: [{number: 0, name: x, protocol: QUIC}, {number: 0, name: x}]\n",
        "  resolution: DNS_ROUND_ROBIN\n  exportTo: [\"*\", shop]\n",
        "  endpoints: [{address: 1.2.3.4}, {address: \"unix:///x\"}]\n"
    )));
    let rules: BTreeSet<&str> = report.errors().map(|f| f.rule).collect();
    for rule in [
        "SE5", "SE6", "SE8", "SE9", "SE11", "SE12", "SE15", "SE20", "SE21", "SE29", "SE30",
    ] {
        assert!(rules.contains(rule), "{rule} missing from:\n{report}");
    }
    // With endpoints, DNS hosts need not be FQDNs (SE19).
    assert!(report.of_rule("SE19").next().is_none(), "{report}");
}

#[test]
fn only_the_first_non_fqdn_host_is_named() {
    let report = report_for(case_fail("SE19"));
    assert_eq!(report.of_rule("SE19").count(), 1, "{report}");
}

#[test]
fn dynamic_dns_hosts_are_not_partial_wildcard_warnings() {
    let report = report_for(se!(
        "  hosts: [\"*foo.example.com\"]\n  resolution: DYNAMIC_DNS\n  ports: [{number: 443, name: tls, protocol: TLS}]\n"
    ));
    assert!(report.of_rule("SE7").next().is_none(), "{report}");
    assert!(!report.has_errors(), "{report}");
}

/// Rule ids this file's rules use (`SE…`, and the metadata rules `M…`).
fn is_own_rule(rule: &str) -> bool {
    let digits = |rest: &str| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    rule.strip_prefix("SE").is_some_and(digits) || rule.strip_prefix('M').is_some_and(digits)
}

#[test]
fn valid_data_gives_no_errors_from_these_rules() {
    let mut files = fixtures("egress-canon");
    files.extend(fixtures("validation-dataset"));
    files.extend(
        fixtures("validation-crds")
            .into_iter()
            .filter(|f| f.to_string_lossy().ends_with("-valid.yaml")),
    );
    let mut service_entries = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let manifest = Manifest::parse(&text);
        assert!(
            manifest.errors.is_empty(),
            "{file:?}: {:?}",
            manifest.errors
        );
        for object in manifest.objects() {
            if !matches!(object, Object::ServiceEntry(_)) {
                continue;
            }
            service_entries += 1;
            let report = object.validate();
            let errors: Vec<_> = report.errors().filter(|f| is_own_rule(f.rule)).collect();
            assert!(
                errors.is_empty(),
                "{file:?} {:?}: {errors:?}",
                object.name()
            );
        }
    }
    assert!(
        service_entries >= 18,
        "only {service_entries} ServiceEntries found"
    );
}

#[test]
fn istio_invalid_fixtures_are_rejected_by_these_rules() {
    // Each `_err` document of Istio's CRD-parity fixtures breaks a webhook rule too.
    let text = std::fs::read_to_string(data("validation-crds/serviceentry-invalid.yaml")).unwrap();
    let mut checked = 0;
    for raw in manifest::read_values(&text, Format::Yaml) {
        let (source, mut value) = raw.unwrap();
        let expected = take(&mut value, "_err").unwrap();
        let yaml = serde_saphyr::to_string(&value).unwrap();
        let report = report_for(&yaml);
        assert!(
            report.errors().any(|f| is_own_rule(f.rule)),
            "{source}: expected {expected}, got:\n{report}"
        );
        checked += 1;
    }
    assert_eq!(checked, 12);
}
