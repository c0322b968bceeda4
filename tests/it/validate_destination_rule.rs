//! The webhook's DestinationRule rules (D1–D29): one table row (or more) per rule, plus the
//! Istio sample objects that must pass cleanly.

use crate::support;

use istio_egress::manifest::{Manifest, Object};
use istio_egress::validate::{Severity, Validate, codes};
use support::*;

/// A whole DestinationRule in namespace `shop` whose `spec` is the given flow mapping.
macro_rules! dr {
    ($($spec:literal),+) => {
        concat!(
            "apiVersion: networking.istio.io/v1\n",
            "kind: DestinationRule\n",
            "metadata: {name: rule, namespace: shop}\n",
            "spec: ",
            $($spec,)+
            "\n"
        )
    };
}

/// The same, with `trafficPolicy` set to the given flow mapping.
macro_rules! tp {
    ($policy:literal) => {
        dr!("{host: api.example.com, trafficPolicy: ", $policy, "}")
    };
}

const CASES: &[Case] = &[
    Case {
        rule: "D1",
        pass: dr!("{host: '*.example.com'}"),
        fail: dr!("{host: bad_host.example.com}"),
        path: "spec.host",
    },
    Case {
        rule: "D2",
        pass: dr!("{host: a.example.com, subsets: [{name: v1}, {name: v2}]}"),
        fail: dr!("{host: a.example.com, subsets: [{name: v1}, {name: v1}]}"),
        path: "spec.subsets[1].name",
    },
    Case {
        rule: "D3",
        pass: dr!("{host: a.example.com, subsets: [{name: v1, labels: {version: v1}}]}"),
        fail: dr!("{host: a.example.com, subsets: [{name: V_1}]}"),
        path: "spec.subsets[0].name",
    },
    Case {
        rule: "D3",
        pass: dr!("{host: a.example.com, subsets: [{name: v1, labels: {version: v1}}]}"),
        fail: dr!("{host: a.example.com, subsets: [{name: v1, labels: {version: -v1}}]}"),
        path: "spec.subsets[0].labels.version",
    },
    Case {
        rule: "D4",
        pass: dr!("{host: a.example.com, exportTo: ['.', other]}"),
        fail: dr!("{host: a.example.com, exportTo: ['.', shop]}"),
        path: "spec.exportTo",
    },
    Case {
        rule: "D4",
        pass: dr!(
            "{host: a.example.com, exportTo: ['.'], workloadSelector: {matchLabels: {app: a}}}"
        ),
        fail: dr!(
            "{host: a.example.com, exportTo: [other], workloadSelector: {matchLabels: {app: a}}}"
        ),
        path: "spec.exportTo",
    },
    Case {
        rule: "D5",
        pass: dr!("{host: a.example.com, workloadSelector: {matchLabels: {app: a}}}"),
        fail: dr!("{host: a.example.com, workloadSelector: {matchLabels: {app: '*'}}}"),
        path: "spec.workloadSelector.matchLabels.app",
    },
    Case {
        rule: "D5",
        pass: dr!("{host: a.example.com, workloadSelector: {matchLabels: {app: a}}}"),
        fail: dr!("{host: a.example.com, workloadSelector: {}}"),
        path: "spec.workloadSelector",
    },
    Case {
        rule: "D6",
        pass: tp!("{retryBudget: {percent: 20}}"),
        fail: tp!("{}"),
        path: "spec.trafficPolicy",
    },
    Case {
        rule: "D6",
        pass: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {tls: {mode: SIMPLE}}}]}"
        ),
        fail: dr!("{host: a.example.com, subsets: [{name: v1}, {name: v2, trafficPolicy: {}}]}"),
        path: "spec.subsets[1].trafficPolicy",
    },
    Case {
        rule: "D7",
        pass: tp!("{tunnel: {targetHost: proxy.example.com, targetPort: 3128}}"),
        fail: tp!(
            "{tunnel: {targetHost: proxy.example.com, targetPort: 3128}, proxyProtocol: {version: V1}}"
        ),
        path: "spec.trafficPolicy.proxyProtocol",
    },
    Case {
        rule: "D8",
        pass: tp!("{proxyProtocol: {version: V2}}"),
        fail: tp!("{proxyProtocol: {version: V3}}"),
        path: "spec.trafficPolicy.proxyProtocol.version",
    },
    Case {
        rule: "D9",
        pass: tp!("{tunnel: {protocol: POST, targetHost: 10.0.0.1, targetPort: 3128}}"),
        fail: tp!("{tunnel: {protocol: GET, targetHost: proxy.example.com, targetPort: 3128}}"),
        path: "spec.trafficPolicy.tunnel.protocol",
    },
    Case {
        rule: "D9",
        pass: tp!("{tunnel: {protocol: CONNECT, targetHost: proxy.example.com, targetPort: 3128}}"),
        fail: tp!("{tunnel: {targetHost: '*.example.com', targetPort: 3128}}"),
        path: "spec.trafficPolicy.tunnel.targetHost",
    },
    Case {
        rule: "D9",
        pass: tp!("{tunnel: {targetHost: proxy.example.com, targetPort: 65535}}"),
        fail: tp!("{tunnel: {targetHost: proxy.example.com, targetPort: 65536}}"),
        path: "spec.trafficPolicy.tunnel.targetPort",
    },
    Case {
        rule: "D10",
        pass: tp!("{outlierDetection: {interval: 10s, baseEjectionTime: 1m}}"),
        fail: tp!("{outlierDetection: {interval: 1.5ms}}"),
        path: "spec.trafficPolicy.outlierDetection.interval",
    },
    Case {
        rule: "D10",
        pass: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {outlierDetection: {maxEjectionPercent: 100}}}]}"
        ),
        fail: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {outlierDetection: {maxEjectionPercent: 101}}}]}"
        ),
        path: "spec.subsets[0].trafficPolicy.outlierDetection.maxEjectionPercent",
    },
    Case {
        rule: "D11",
        pass: tp!("{outlierDetection: {consecutive5xxErrors: 5}}"),
        fail: tp!("{outlierDetection: {consecutiveErrors: 5}}"),
        path: "spec.trafficPolicy.outlierDetection.consecutiveErrors",
    },
    Case {
        rule: "D12",
        pass: tp!(
            "{outlierDetection: {consecutiveLocalOriginFailures: 3, splitExternalLocalOriginErrors: true}}"
        ),
        fail: tp!("{outlierDetection: {consecutiveLocalOriginFailures: 3}}"),
        path: "spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures",
    },
    Case {
        rule: "D13",
        pass: tp!("{connectionPool: {tcp: {maxConnections: 10}}}"),
        fail: tp!("{connectionPool: {}}"),
        path: "spec.trafficPolicy.connectionPool",
    },
    Case {
        rule: "D14",
        pass: tp!("{connectionPool: {http: {maxRetries: 0, idleTimeout: 90s}}}"),
        fail: tp!("{connectionPool: {http: {maxRetries: -1}}}"),
        path: "spec.trafficPolicy.connectionPool.http.maxRetries",
    },
    Case {
        rule: "D14",
        pass: tp!("{connectionPool: {http: {h2UpgradePolicy: UPGRADE, useClientProtocol: false}}}"),
        fail: tp!("{connectionPool: {http: {h2UpgradePolicy: UPGRADE, useClientProtocol: true}}}"),
        path: "spec.trafficPolicy.connectionPool.http.useClientProtocol",
    },
    Case {
        rule: "D14",
        pass: tp!("{connectionPool: {http: {http2KeepAlive: {interval: 15s, timeout: 5s}}}}"),
        fail: tp!("{connectionPool: {http: {http2KeepAlive: {interval: 15s}}}}"),
        path: "spec.trafficPolicy.connectionPool.http.http2KeepAlive.timeout",
    },
    // D15 at each of the four placements of a traffic policy.
    Case {
        rule: "D15",
        pass: tp!("{connectionPool: {tcp: {connectTimeout: 30ms, idleTimeout: 0s}}}"),
        fail: tp!("{connectionPool: {tcp: {connectTimeout: 100us}}}"),
        path: "spec.trafficPolicy.connectionPool.tcp.connectTimeout",
    },
    Case {
        rule: "D15",
        pass: tp!(
            "{portLevelSettings: [{port: {number: 80}, connectionPool: {tcp: {idleTimeout: 1h}}}]}"
        ),
        fail: tp!(
            "{portLevelSettings: [{port: {number: 80}, connectionPool: {tcp: {idleTimeout: 1.5ms}}}]}"
        ),
        path: "spec.trafficPolicy.portLevelSettings[0].connectionPool.tcp.idleTimeout",
    },
    Case {
        rule: "D15",
        pass: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {connectionPool: {tcp: {tcpKeepalive: {time: 2h}}}}}]}"
        ),
        fail: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {connectionPool: {tcp: {tcpKeepalive: {time: 0s}}}}}]}"
        ),
        path: "spec.subsets[0].trafficPolicy.connectionPool.tcp.tcpKeepalive.time",
    },
    Case {
        rule: "D15",
        pass: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {portLevelSettings: [{port: {number: 80}, connectionPool: {tcp: {maxConnections: 0}}}]}}]}"
        ),
        fail: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {portLevelSettings: [{port: {number: 80}, tls: {mode: SIMPLE}}, {port: {number: 81}, connectionPool: {tcp: {maxConnections: -1}}}]}}]}"
        ),
        path: "spec.subsets[0].trafficPolicy.portLevelSettings[1].connectionPool.tcp.maxConnections",
    },
    Case {
        rule: "D16",
        pass: tp!("{loadBalancer: {consistentHash: {httpCookie: {name: user, ttl: 0s}}}}"),
        fail: tp!("{loadBalancer: {consistentHash: {httpCookie: {name: '', ttl: 0s}}}}"),
        path: "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name",
    },
    Case {
        rule: "D16",
        pass: tp!(
            "{loadBalancer: {consistentHash: {httpCookie: {name: user, attributes: [{name: Secure}, {name: SameSite, value: Strict}]}}}}"
        ),
        fail: tp!(
            "{loadBalancer: {consistentHash: {httpCookie: {name: user, attributes: [{name: Secure}, {name: Secure}]}}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[1].name",
    },
    Case {
        rule: "D17",
        pass: tp!(
            "{loadBalancer: {consistentHash: {useSourceIp: true, ringHash: {minimumRingSize: 1024}}}}"
        ),
        fail: tp!("{loadBalancer: {consistentHash: {useSourceIp: true, minimumRingSize: 1024}}}"),
        path: "spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize",
    },
    Case {
        rule: "D18",
        pass: tp!("{loadBalancer: {consistentHash: {useSourceIp: true, minimumRingSize: 1024}}}"),
        fail: tp!(
            "{loadBalancer: {consistentHash: {useSourceIp: true, minimumRingSize: 1024, maglev: {tableSize: 65537}}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize",
    },
    Case {
        rule: "D19",
        pass: tp!(
            "{loadBalancer: {consistentHash: {useSourceIp: true, maglev: {tableSize: 65537}}}}"
        ),
        fail: tp!(
            "{loadBalancer: {consistentHash: {useSourceIp: true, maglev: {tableSize: 65536}}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize",
    },
    Case {
        rule: "D19",
        pass: tp!(
            "{loadBalancer: {consistentHash: {useSourceIp: true, maglev: {tableSize: 4999999}}}}"
        ),
        fail: tp!("{loadBalancer: {consistentHash: {useSourceIp: true, maglev: {}}}}"),
        path: "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize",
    },
    Case {
        rule: "D20",
        pass: tp!("{loadBalancer: {zoneAwareLbSetting: {enabled: true}}}"),
        fail: tp!(
            "{loadBalancer: {localityLbSetting: {enabled: true}, zoneAwareLbSetting: {enabled: true}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.zoneAwareLbSetting",
    },
    Case {
        rule: "D21",
        pass: tp!(
            "{loadBalancer: {localityLbSetting: {distribute: [{from: 'us-west/zone1/*', to: {'us-west/zone1/*': 80, 'us-west/zone2/*': 20}}]}}}"
        ),
        fail: tp!(
            "{loadBalancer: {localityLbSetting: {distribute: [{from: 'us-west/zone1/*', to: {'us-west/zone1/*': 80, 'us-west/zone2/*': 10}}]}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to",
    },
    Case {
        rule: "D21",
        pass: tp!(
            "{loadBalancer: {localityLbSetting: {distribute: [{from: us-west, to: {us-west: 100}}, {from: us-east, to: {us-east: 100}}]}}}"
        ),
        fail: tp!(
            "{loadBalancer: {localityLbSetting: {distribute: [{from: us-west, to: {us-west: 100}}, {from: us-west/zone1, to: {us-west: 100}}]}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[1].from",
    },
    Case {
        rule: "D21",
        pass: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {localityLbSetting: {failover: [{from: us-east, to: eu-west}]}}}"
        ),
        fail: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {localityLbSetting: {failover: [{from: us-east/zone1, to: eu-west}]}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0].from",
    },
    Case {
        rule: "D21",
        pass: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {localityLbSetting: {failover: [{from: a, to: b}], failoverPriority: [topology.istio.io/network]}}}"
        ),
        fail: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {localityLbSetting: {failover: [{from: a, to: b}], failoverPriority: [topology.kubernetes.io/region]}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.localityLbSetting.failoverPriority[0]",
    },
    Case {
        rule: "D22",
        pass: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {localityLbSetting: {failover: [{from: us-east, to: eu-west}]}}}"
        ),
        fail: tp!(
            "{loadBalancer: {localityLbSetting: {failover: [{from: us-east, to: eu-west}]}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.localityLbSetting",
    },
    Case {
        rule: "D22",
        pass: tp!(
            "{portLevelSettings: [{port: {number: 80}, outlierDetection: {interval: 10s}, loadBalancer: {zoneAwareLbSetting: {failoverPriority: [topology.istio.io/network]}}}]}"
        ),
        fail: tp!(
            "{outlierDetection: {interval: 10s}, portLevelSettings: [{port: {number: 80}, loadBalancer: {zoneAwareLbSetting: {failoverPriority: [topology.istio.io/network]}}}]}"
        ),
        path: "spec.trafficPolicy.portLevelSettings[0].loadBalancer.zoneAwareLbSetting",
    },
    Case {
        rule: "D23",
        pass: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {zoneAwareLbSetting: {failoverPriority: [topology.istio.io/network]}}}"
        ),
        fail: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {zoneAwareLbSetting: {failoverPriority: [topology.istio.io/network, topology.kubernetes.io/zone]}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.zoneAwareLbSetting.failoverPriority[1]",
    },
    Case {
        rule: "D23",
        pass: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {zoneAwareLbSetting: {failover: [{from: us-west, to: us-east}]}}}"
        ),
        fail: tp!(
            "{outlierDetection: {interval: 10s}, loadBalancer: {zoneAwareLbSetting: {failover: [{from: us-west, to: 'us-*'}]}}}"
        ),
        path: "spec.trafficPolicy.loadBalancer.zoneAwareLbSetting.failover[0].to",
    },
    Case {
        rule: "D24",
        pass: tp!(
            "{loadBalancer: {warmup: {duration: 300s, minimumPercent: 100, aggression: 1.5}}}"
        ),
        fail: tp!("{loadBalancer: {warmup: {minimumPercent: 5}}}"),
        path: "spec.trafficPolicy.loadBalancer.warmup.duration",
    },
    Case {
        rule: "D24",
        pass: tp!("{loadBalancer: {warmup: {duration: 300s, aggression: 0.5}}}"),
        fail: tp!("{loadBalancer: {warmup: {duration: 300s, aggression: 0}}}"),
        path: "spec.trafficPolicy.loadBalancer.warmup.aggression",
    },
    Case {
        rule: "D25",
        pass: tp!("{tls: {mode: SIMPLE, credentialName: 'configmap://shop/ca'}}"),
        fail: tp!("{tls: {mode: SIMPLE, credentialName: 'configmap://other/ca'}}"),
        path: "spec.trafficPolicy.tls.credentialName",
    },
    Case {
        rule: "D25",
        pass: tp!("{tls: {mode: SIMPLE, credentialName: 'kubernetes://other/ca'}}"),
        fail: tp!("{tls: {mode: SIMPLE, credentialName: 'configmap://ca'}}"),
        path: "spec.trafficPolicy.tls.credentialName",
    },
    Case {
        rule: "D26",
        pass: tp!("{tls: {mode: SIMPLE, insecureSkipVerify: true}}"),
        fail: tp!("{tls: {mode: SIMPLE, insecureSkipVerify: true, caCertificates: /etc/ca.pem}}"),
        path: "spec.trafficPolicy.tls.caCertificates",
    },
    Case {
        rule: "D26",
        pass: tp!("{tls: {mode: MUTUAL, insecureSkipVerify: true, credentialName: client}}"),
        fail: tp!(
            "{tls: {mode: MUTUAL, insecureSkipVerify: true, credentialName: client, subjectAltNames: [a.example.com]}}"
        ),
        path: "spec.trafficPolicy.tls.subjectAltNames",
    },
    // D27 at each of the four placements of a traffic policy.
    Case {
        rule: "D27",
        pass: tp!("{tls: {mode: MUTUAL, credentialName: client}}"),
        fail: tp!("{tls: {mode: MUTUAL, credentialName: client, privateKey: /etc/key.pem}}"),
        path: "spec.trafficPolicy.tls.privateKey",
    },
    Case {
        rule: "D27",
        pass: tp!(
            "{portLevelSettings: [{port: {number: 443}, tls: {mode: SIMPLE, credentialName: ca}}]}"
        ),
        fail: tp!(
            "{portLevelSettings: [{port: {number: 443}, tls: {mode: SIMPLE, credentialName: ca, caCrl: /etc/crl.pem}}]}"
        ),
        path: "spec.trafficPolicy.portLevelSettings[0].tls.caCrl",
    },
    Case {
        rule: "D27",
        pass: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {tls: {mode: SIMPLE, credentialName: ca}}}]}"
        ),
        fail: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {tls: {mode: SIMPLE, credentialName: ca, caCertificates: /etc/ca.pem}}}]}"
        ),
        path: "spec.subsets[0].trafficPolicy.tls.caCertificates",
    },
    Case {
        rule: "D27",
        pass: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {portLevelSettings: [{port: {number: 443}, tls: {mode: MUTUAL, credentialName: c}}]}}]}"
        ),
        fail: dr!(
            "{host: a.example.com, subsets: [{name: v1, trafficPolicy: {portLevelSettings: [{port: {number: 443}, tls: {mode: MUTUAL, credentialName: c, clientCertificate: /etc/c.pem}}]}}]}"
        ),
        path: "spec.subsets[0].trafficPolicy.portLevelSettings[0].tls.clientCertificate",
    },
    Case {
        rule: "D28",
        pass: tp!(
            "{tls: {mode: MUTUAL, clientCertificate: /etc/cert.pem, privateKey: /etc/key.pem}}"
        ),
        fail: tp!("{tls: {mode: MUTUAL, clientCertificate: /etc/cert.pem}}"),
        path: "spec.trafficPolicy.tls.privateKey",
    },
    Case {
        rule: "D29",
        pass: tp!("{portLevelSettings: [{port: {number: 80}, tls: {mode: SIMPLE}}]}"),
        fail: tp!(
            "{portLevelSettings: [{port: {number: 80}, tls: {mode: SIMPLE}}, {port: {number: 81}}]}"
        ),
        path: "spec.trafficPolicy.portLevelSettings[1]",
    },
    Case {
        rule: "D29",
        pass: tp!("{portLevelSettings: [{port: {number: 80}, tls: {mode: SIMPLE}}]}"),
        fail: tp!("{portLevelSettings: [{tls: {mode: SIMPLE}}]}"),
        path: "spec.trafficPolicy.portLevelSettings[0].port",
    },
];

/// Rules the typed model cannot break, so no case can show them. Every D-rule has at least
/// one part that can fire (the null subset of D2 and the null port entry of D29 cannot be
/// written, but duplicate subset names and a missing port can), so none is excluded.
const UNREACHABLE: &[&str] = &[];

/// Every rule D1–D29 has a case that passes and one that fails at its path.
#[test]
fn every_rule_has_a_case() {
    assert_covers(CASES, (1..=29).map(|n| format!("D{n}")), UNREACHABLE);
}

/// D5 (no labels), D11, D17 and D22 are warnings (IST0133); every other D-rule is an error.
#[test]
fn warnings_are_warnings_and_the_rest_errors() {
    const WARNINGS: &[&str] = &["D11", "D17", "D22"];
    for case in CASES {
        let report = report_for(case.fail);
        for finding in report.of_rule(case.rule) {
            let warning = WARNINGS.contains(&case.rule)
                || (case.rule == "D5" && finding.path.to_string() == "spec.workloadSelector");
            let (severity, code) = if warning {
                (Severity::Warning, codes::SCHEMA_WARNING)
            } else {
                (Severity::Error, codes::SCHEMA_VALIDATION_ERROR)
            };
            assert_eq!(
                (finding.severity, finding.code),
                (severity, code),
                "{finding}"
            );
        }
    }
}

/// D1, D2, D4, D6, D13 and D28 all report from one object: validation does not stop early.
#[test]
fn every_problem_is_reported() {
    let report = report_for(dr!(
        "{host: bad_host, subsets: [{name: v1, trafficPolicy: {}}, {name: v1}], exportTo: ['~'], trafficPolicy: {tls: {mode: MUTUAL}, connectionPool: {}}}"
    ));
    let found: Vec<(String, &str)> = report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with('D'))
        .map(|f| (f.path.to_string(), f.rule))
        .collect();
    for expected in [
        ("spec.host", "D1"),
        ("spec.trafficPolicy.connectionPool", "D13"),
        ("spec.trafficPolicy.tls.clientCertificate", "D28"),
        ("spec.trafficPolicy.tls.privateKey", "D28"),
        ("spec.subsets[0].trafficPolicy", "D6"),
        ("spec.subsets[1].name", "D2"),
        ("spec.exportTo", "D4"),
    ] {
        assert!(
            found.contains(&(expected.0.to_owned(), expected.1)),
            "{expected:?} missing from {found:?}"
        );
    }
}

/// D2, D6, D19, D25 and D28 word their messages as Istio does.
#[test]
fn messages_read_like_istio() {
    let message = |yaml: &str, rule: &str| {
        let report = report_for(yaml);
        let finding = report.of_rule(rule).next().cloned();
        finding.map(|f| f.message).unwrap_or_default()
    };
    assert_eq!(
        message(tp!("{}"), "D6"),
        "traffic policy must have at least one field"
    );
    assert_eq!(
        message(tp!("{tls: {mode: MUTUAL, clientCertificate: /c}}"), "D28"),
        "private key required for mutual tls"
    );
    assert_eq!(
        message(
            tp!("{tls: {mode: SIMPLE, credentialName: 'configmap://other/ca'}}"),
            "D25"
        ),
        "invalid configmap:// credentialName: namespace must match the configuration namespace \"shop\""
    );
    assert_eq!(
        message(
            tp!(
                "{loadBalancer: {consistentHash: {useSourceIp: true, maglev: {tableSize: 5000012}}}}"
            ),
            "D19"
        ),
        "tableSize must be less than 5000011 for maglev"
    );
    assert_eq!(
        message(
            dr!("{host: a.example.com, subsets: [{name: v1}, {name: v1}]}"),
            "D2"
        ),
        "duplicate subset names: v1"
    );
}

/// D25: an object without a namespace is in `default`.
#[test]
fn unset_namespace_is_default_for_configmap_credentials() {
    let yaml = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\n\
                spec: {host: a.example.com, trafficPolicy: {tls: {mode: SIMPLE, credentialName: 'configmap://default/ca'}}}\n";
    assert_eq!(report_for(yaml).of_rule("D25").count(), 0);
}

/// Istio's own sample DestinationRules give no error finding.
#[test]
fn istio_samples_have_no_errors() {
    let mut files = fixtures("egress-canon");
    files.extend(fixtures("validation-dataset"));
    files.push(data("validation-crds/destinationrule-valid.yaml"));
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let manifest = Manifest::parse(&text);
        for object in manifest.objects() {
            if let Object::DestinationRule(rule) = object {
                let report = rule.validate();
                assert!(
                    !report.has_errors(),
                    "{}: {}\n{report}",
                    file.display(),
                    rule.metadata.name.as_deref().unwrap_or_default()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} DestinationRules found");
}
