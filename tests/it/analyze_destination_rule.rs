//! The DestinationRule analyzers — `destinationrule.CaCertificateAnalyzer` (IST0128, IST0129)
//! and `destinationrule.SubsetSelectPodAnalyzer` (IST0174, IST0173) — on small object sets,
//! and the egress canon: what every analyzer reports on Istio's egress examples.

use istio_egress::analyze::{Analysis, ObjectFinding, Options, analyze};
use istio_egress::manifest::{self, Object};
use istio_egress::validate::Severity;

const CA: &str = "destinationrule.CaCertificateAnalyzer";
const SUBSETS: &str = "destinationrule.SubsetSelectPodAnalyzer";

/// Reads a multi-document YAML set and analyzes it.
fn run_with(yaml: &str, options: &Options) -> (Vec<Object>, Analysis) {
    let objects = manifest::from_str(yaml).expect("test YAML reads");
    let analysis = analyze(&objects, options);
    (objects, analysis)
}

fn run(yaml: &str) -> (Vec<Object>, Analysis) {
    run_with(yaml, &Options::default())
}

/// The findings of one analyzer.
fn by_rule<'a>(analysis: &'a Analysis, rule: &str) -> Vec<&'a ObjectFinding> {
    analysis.of_rule(rule).collect()
}

/// `kind ns/name` of the object a finding is about.
fn about(objects: &[Object], finding: &ObjectFinding) -> String {
    let object = &objects[finding.object];
    format!(
        "{} {}/{}",
        object.kind(),
        object.namespace().unwrap_or("default"),
        object.name().unwrap_or("")
    )
}

const EGRESS_SERVICE: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: istio-egressgateway, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
"#;

// ---------------------------------------------------------------------------------------------
// destinationrule.CaCertificateAnalyzer

#[test]
fn ist0128_simple_tls_without_ca_certificates() {
    let (objects, analysis) = run(r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api.example.com
  trafficPolicy:
    tls: {mode: SIMPLE, sni: api.example.com}
"#);
    let found = by_rule(&analysis, CA);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!(about(&objects, f), "DestinationRule shop/api");
    assert_eq!(f.finding.code, "IST0128");
    assert_eq!(f.finding.severity, Severity::Warning);
    assert_eq!(f.finding.path.to_string(), "spec.trafficPolicy.tls.mode");
    assert_eq!(
        f.finding.message,
        "DestinationRule shop/api in namespace shop has TLS mode set to SIMPLE but no \
         caCertificates are set to validate server identity for host: api.example.com"
    );
}

#[test]
fn ist0128_none_with_ca_certificates_or_other_modes() {
    for tls in [
        "{mode: SIMPLE, caCertificates: /etc/certs/ca.pem}",
        "{mode: MUTUAL, caCertificates: /etc/certs/ca.pem, clientCertificate: /c, privateKey: /k}",
        "{mode: ISTIO_MUTUAL}",
        "{mode: DISABLE}",
        "{sni: api.example.com}",
    ] {
        let yaml = format!(
            "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
             metadata: {{name: api, namespace: shop}}\n\
             spec: {{host: api.example.com, trafficPolicy: {{tls: {tls}}}}}\n"
        );
        let (_, analysis) = run(&yaml);
        assert!(by_rule(&analysis, CA).is_empty(), "{tls}: {analysis:#?}");
    }
}

#[test]
fn ist0129_port_level_mutual_without_ca_certificates() {
    let (objects, analysis) = run(r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: nginx, namespace: istio-system}
spec:
  host: my-nginx.mesh-external.svc.cluster.local
  trafficPolicy:
    portLevelSettings:
    - port: {number: 80}
      tls: {mode: ISTIO_MUTUAL}
    - port: {number: 443}
      tls: {mode: MUTUAL, credentialName: client-credential}
"#);
    let found = by_rule(&analysis, CA);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!(about(&objects, f), "DestinationRule istio-system/nginx");
    assert_eq!(f.finding.code, "IST0129");
    assert_eq!(f.finding.severity, Severity::Warning);
    assert_eq!(
        f.finding.path.to_string(),
        "spec.trafficPolicy.portLevelSettings[1].tls.mode"
    );
    assert_eq!(
        f.finding.message,
        "DestinationRule istio-system/nginx in namespace istio-system has TLS mode set to \
         MUTUAL but no caCertificates are set to validate server identity for host: \
         my-nginx.mesh-external.svc.cluster.local at port number:443"
    );
}

#[test]
fn ist0129_none_with_ca_certificates() {
    let (_, analysis) = run(r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: nginx, namespace: istio-system}
spec:
  host: my-nginx.mesh-external.svc.cluster.local
  trafficPolicy:
    portLevelSettings:
    - port: {number: 443}
      tls: {mode: SIMPLE, caCertificates: /etc/ca.pem}
"#);
    assert!(by_rule(&analysis, CA).is_empty(), "{analysis:#?}");
}

#[test]
fn credential_name_exempts_only_with_a_workload_selector() {
    let rule = |selector: &str, credential: &str| {
        format!(
            "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
             metadata: {{name: nginx, namespace: default}}\n\
             spec:\n  host: nginx.example.com\n{selector}\
             \n  trafficPolicy:\n    tls: {{mode: MUTUAL{credential}}}\n\
             \n    portLevelSettings:\n    - port: {{number: 443}}\n      tls: {{mode: SIMPLE{credential}}}\n"
        )
    };
    let selector = "  workloadSelector: {matchLabels: {app: curl}}";
    let credential = ", credentialName: client-credential";
    // Selector and credential: exempt at both levels.
    let (_, analysis) = run(&rule(selector, credential));
    assert!(by_rule(&analysis, CA).is_empty(), "{analysis:#?}");
    // Credential without a selector, or a selector without a credential: both reported.
    for yaml in [rule("", credential), rule(selector, "")] {
        let (_, analysis) = run(&yaml);
        let codes: Vec<_> = by_rule(&analysis, CA)
            .iter()
            .map(|f| f.finding.code)
            .collect();
        assert_eq!(codes, ["IST0128", "IST0129"], "{yaml}");
    }
}

#[test]
fn subset_tls_is_not_inspected() {
    let (_, analysis) = run(r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api.example.com
  subsets:
  - name: v1
    trafficPolicy:
      tls: {mode: SIMPLE}
"#);
    assert!(by_rule(&analysis, CA).is_empty(), "{analysis:#?}");
}

// ---------------------------------------------------------------------------------------------
// destinationrule.SubsetSelectPodAnalyzer: IST0174

#[test]
fn ist0174_unknown_host() {
    let (objects, analysis) = run(r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: fake-host, namespace: default}
spec:
  host: fake-host.example.com
  subsets:
  - name: v1
    labels: {version: v1}
"#);
    let found = by_rule(&analysis, SUBSETS);
    assert_eq!(
        found.len(),
        1,
        "an unknown host hides the subsets: {found:#?}"
    );
    let f = found[0];
    assert_eq!(about(&objects, f), "DestinationRule default/fake-host");
    assert_eq!(f.finding.code, "IST0174");
    assert_eq!(f.finding.severity, Severity::Warning);
    assert_eq!(f.finding.path.to_string(), "spec.host");
    assert_eq!(
        f.finding.message,
        "The host fake-host.example.com defined in the DestinationRule does not match any \
         services in the mesh."
    );
}

#[test]
fn ist0174_none_for_service_entry_or_service_hosts() {
    let (_, analysis) = run(&format!(
        r#"
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {{name: api, namespace: default}}
spec:
  hosts: [api.example.com]
  ports: [{{number: 443, name: tls, protocol: TLS}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {{name: api, namespace: other}}
spec: {{host: api.example.com}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {{name: gateway, namespace: default}}
spec: {{host: istio-egressgateway.istio-system.svc.cluster.local}}
---
{EGRESS_SERVICE}"#
    ));
    assert!(by_rule(&analysis, SUBSETS).is_empty(), "{analysis:#?}");
}

#[test]
fn ist0174_short_host_is_in_the_rule_namespace() {
    let yaml = |rule_namespace: &str| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: reviews, namespace: shop}}\n\
             spec: {{ports: [{{port: 9080}}]}}\n---\n\
             apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
             metadata: {{name: reviews, namespace: {rule_namespace}}}\nspec: {{host: reviews}}\n"
        )
    };
    let (_, analysis) = run(&yaml("shop"));
    assert!(by_rule(&analysis, SUBSETS).is_empty(), "{analysis:#?}");
    let (_, analysis) = run(&yaml("other"));
    let codes: Vec<_> = by_rule(&analysis, SUBSETS)
        .iter()
        .map(|f| f.finding.code)
        .collect();
    assert_eq!(codes, ["IST0174"]);
}

/// A ServiceEntry in `shop` exported as given, and a DestinationRule for its host in
/// `rule_namespace` with the given `exportTo` (flow list).
fn export_case(se_export: &str, rule_namespace: &str, rule_export: &str) -> Vec<&'static str> {
    let yaml = format!(
        "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\n\
         metadata: {{name: api, namespace: shop}}\n\
         spec: {{hosts: [api.example.com], exportTo: {se_export}, \
         ports: [{{number: 443, name: tls, protocol: TLS}}]}}\n---\n\
         apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
         metadata: {{name: api, namespace: {rule_namespace}}}\n\
         spec: {{host: api.example.com, exportTo: {rule_export}}}\n"
    );
    let (_, analysis) = run(&yaml);
    by_rule(&analysis, SUBSETS)
        .iter()
        .map(|f| f.finding.code)
        .collect()
}

#[test]
fn ist0174_follows_service_entry_export_to() {
    let none: Vec<&str> = Vec::new();
    assert_eq!(export_case("[]", "other", "[]"), none);
    assert_eq!(export_case("['*']", "other", "[]"), none);
    assert_eq!(export_case("['.']", "shop", "[]"), none);
    assert_eq!(export_case("['.']", "other", "[]"), ["IST0174"]);
    assert_eq!(export_case("[other]", "other", "[]"), none);
    assert_eq!(export_case("[third]", "other", "[]"), ["IST0174"]);
    // A rule with exportTo looks in the scopes it lists (`.` being its own), besides `*`.
    assert_eq!(export_case("[third]", "other", "[third]"), none);
    assert_eq!(export_case("[other]", "other", "['.']"), none);
    assert_eq!(export_case("[other]", "other", "[third]"), ["IST0174"]);
}

#[test]
fn ist0174_follows_the_service_export_to_annotation() {
    let yaml = |annotation: &str| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: reviews, namespace: shop, \
             annotations: {{networking.istio.io/exportTo: '{annotation}'}}}}\n\
             spec: {{ports: [{{port: 9080}}]}}\n---\n\
             apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
             metadata: {{name: reviews, namespace: other}}\n\
             spec: {{host: reviews.shop.svc.cluster.local}}\n"
        )
    };
    for (annotation, expected) in [
        ("*", 0),
        ("", 0),
        (".", 1),
        ("other", 0),
        ("shop,other", 0),
        ("shop", 1),
    ] {
        let (_, analysis) = run(&yaml(annotation));
        assert_eq!(
            by_rule(&analysis, SUBSETS).len(),
            expected,
            "exportTo annotation {annotation:?}: {analysis:#?}"
        );
    }
}

#[test]
fn ist0174_wildcard_service_entry_hosts_match_by_suffix() {
    let yaml = |se_export: &str, rule_namespace: &str, host: &str| {
        format!(
            "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\n\
             metadata: {{name: wikipedia, namespace: default}}\n\
             spec: {{hosts: ['*.wikipedia.org'], exportTo: {se_export}, \
             ports: [{{number: 443, name: https, protocol: HTTPS}}]}}\n---\n\
             apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
             metadata: {{name: wiki, namespace: {rule_namespace}}}\nspec: {{host: '{host}'}}\n"
        )
    };
    for (export, namespace, host, expected) in [
        ("[]", "shop", "www.wikipedia.org", 0),
        ("[]", "shop", "*.wikipedia.org", 0),
        ("[]", "shop", "en.m.wikipedia.org", 0),
        ("[]", "shop", "wikipedia.org", 1),
        ("['.']", "default", "www.wikipedia.org", 0),
        ("['.']", "shop", "www.wikipedia.org", 1),
    ] {
        let (_, analysis) = run(&yaml(export, namespace, host));
        assert_eq!(
            by_rule(&analysis, SUBSETS).len(),
            expected,
            "{export} {namespace} {host}: {analysis:#?}"
        );
    }
}

#[test]
fn ist0174_follows_the_cluster_domain() {
    let yaml = |host: &str| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: reviews, namespace: shop}}\n\
             spec: {{ports: [{{port: 9080}}]}}\n---\n\
             apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
             metadata: {{name: reviews, namespace: shop}}\nspec: {{host: {host}}}\n"
        )
    };
    let mut options = Options::default();
    options.cluster_domain = "corp.example".into();
    let (_, analysis) = run_with(&yaml("reviews.shop.svc.corp.example"), &options);
    assert!(by_rule(&analysis, SUBSETS).is_empty(), "{analysis:#?}");
    let (_, analysis) = run_with(&yaml("reviews"), &options);
    assert!(by_rule(&analysis, SUBSETS).is_empty(), "{analysis:#?}");
    let (_, analysis) = run_with(&yaml("reviews.shop.svc.cluster.local"), &options);
    assert_eq!(by_rule(&analysis, SUBSETS).len(), 1, "{analysis:#?}");
}

// ---------------------------------------------------------------------------------------------
// destinationrule.SubsetSelectPodAnalyzer: IST0173

const REVIEWS: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec:
  selector: {app: reviews}
  ports: [{port: 9080}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews.shop.svc.cluster.local
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
"#;

fn pod(name: &str, namespace: &str, labels: &str, node: Option<&str>) -> String {
    let spec = node
        .map(|n| format!("spec: {{nodeName: {n}, containers: []}}\n"))
        .unwrap_or_default();
    format!(
        "---\napiVersion: v1\nkind: Pod\n\
         metadata: {{name: {name}, namespace: {namespace}, labels: {labels}}}\n{spec}"
    )
}

#[test]
fn ist0173_subset_selects_no_pod() {
    let yaml = format!(
        "{REVIEWS}{}",
        pod("reviews-v1", "shop", "{app: reviews, version: v1}", None)
    );
    let (objects, analysis) = run(&yaml);
    let found = by_rule(&analysis, SUBSETS);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!(about(&objects, f), "DestinationRule shop/reviews");
    assert_eq!(f.finding.code, "IST0173");
    assert_eq!(f.finding.severity, Severity::Error);
    assert_eq!(f.finding.path.to_string(), "spec.subsets[1]");
    assert_eq!(
        f.finding.message,
        "The Subset v2 defined in the DestinationRule does not select any pods. Which may lead \
         to 503 UH (NoHealthyUpstream)."
    );
}

#[test]
fn ist0173_none_when_every_subset_has_a_pod_in_any_namespace() {
    let yaml = format!(
        "{REVIEWS}{}{}",
        pod("reviews-v1", "shop", "{app: reviews, version: v1}", None),
        pod("reviews-v2", "elsewhere", "{version: v2}", None)
    );
    let (_, analysis) = run(&yaml);
    assert!(by_rule(&analysis, SUBSETS).is_empty(), "{analysis:#?}");
}

#[test]
fn ist0173_label_less_subsets_need_some_pod() {
    let rule = r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egressgateway-for-cnn, namespace: default}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets:
  - name: cnn
"#;
    // No pods at all (offline): even a label-less subset selects nothing.
    let (_, analysis) = run(&format!("{EGRESS_SERVICE}---{rule}"));
    let found = by_rule(&analysis, SUBSETS);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].finding.code, "IST0173");
    assert_eq!(found[0].finding.path.to_string(), "spec.subsets[0]");
    // Any pod satisfies it.
    let gateway_pod = pod(
        "istio-egressgateway-xyz",
        "istio-system",
        "{app: istio-egressgateway, istio: egressgateway}",
        None,
    );
    let (_, analysis) = run(&format!("{EGRESS_SERVICE}---{rule}{gateway_pod}"));
    assert!(by_rule(&analysis, SUBSETS).is_empty(), "{analysis:#?}");
}

#[test]
fn ist0173_merges_the_service_entry_workload_selector() {
    let yaml = |pod_labels: &str| {
        format!(
            "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\n\
             metadata: {{name: db, namespace: data}}\n\
             spec: {{hosts: [db.internal], ports: [{{number: 5432, name: tcp, protocol: TCP}}], \
             addresses: [10.0.0.9], workloadSelector: {{labels: {{app: db, tier: gold}}}}}}\n---\n\
             apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
             metadata: {{name: db, namespace: data}}\n\
             spec: {{host: db.internal, subsets: [{{name: primary, labels: {{role: primary, tier: silver}}}}]}}\n{}",
            pod("db-0", "data", pod_labels, None)
        )
    };
    // The entry's labels apply, the subset's override them.
    let (_, analysis) = run(&yaml("{app: db, role: primary, tier: silver}"));
    assert!(by_rule(&analysis, SUBSETS).is_empty(), "{analysis:#?}");
    for labels in [
        "{role: primary, tier: silver}",
        "{app: db, role: primary, tier: gold}",
    ] {
        let (_, analysis) = run(&yaml(labels));
        let codes: Vec<_> = by_rule(&analysis, SUBSETS)
            .iter()
            .map(|f| f.finding.code)
            .collect();
        assert_eq!(codes, ["IST0173"], "{labels}");
    }
}

const NODE: &str = r#"
---
apiVersion: v1
kind: Node
metadata:
  name: node-a
  labels:
    topology.kubernetes.io/region: us-west
    topology.kubernetes.io/zone: us-west-1a
    topology.istio.io/subzone: rack-7
"#;

fn topology_rule(labels: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: api, namespace: shop}}\n\
         spec: {{ports: [{{port: 80}}]}}\n---\n\
         apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
         metadata: {{name: api, namespace: shop}}\n\
         spec: {{host: api.shop.svc.cluster.local, subsets: [{{name: local, labels: {labels}}}]}}\n"
    )
}

#[test]
fn ist0173_pods_carry_their_node_topology() {
    for labels in [
        "{topology.kubernetes.io/region: us-west}",
        "{topology.kubernetes.io/zone: us-west-1a, app: api}",
        "{topology.istio.io/subzone: rack-7}",
        "{kubernetes.io/hostname: node-a}",
    ] {
        let yaml = format!(
            "{}{NODE}{}",
            topology_rule(labels),
            pod("api-1", "shop", "{app: api}", Some("node-a"))
        );
        let (_, analysis) = run(&yaml);
        assert!(
            by_rule(&analysis, SUBSETS).is_empty(),
            "{labels}: {analysis:#?}"
        );
    }
    // Not scheduled, or on another zone: nothing selected.
    for (labels, node) in [
        ("{topology.kubernetes.io/zone: us-west-1a}", None),
        ("{topology.kubernetes.io/zone: us-east-1a}", Some("node-a")),
    ] {
        let yaml = format!(
            "{}{NODE}{}",
            topology_rule(labels),
            pod("api-1", "shop", "{app: api}", node)
        );
        let (_, analysis) = run(&yaml);
        assert_eq!(
            by_rule(&analysis, SUBSETS).len(),
            1,
            "{labels}: {analysis:#?}"
        );
    }
}

#[test]
fn ist0173_hostname_without_a_node_object_and_no_zone_without_region_chain() {
    // The node name becomes `kubernetes.io/hostname` even when the Node is not in the set.
    let yaml = format!(
        "{}{}",
        topology_rule("{kubernetes.io/hostname: node-z}"),
        pod("api-1", "shop", "{app: api}", Some("node-z"))
    );
    let (_, analysis) = run(&yaml);
    assert!(by_rule(&analysis, SUBSETS).is_empty(), "{analysis:#?}");
    // A subzone without a zone is not part of the locality.
    let node = "---\napiVersion: v1\nkind: Node\nmetadata:\n  name: node-b\n  labels:\n    \
                topology.kubernetes.io/region: eu\n    topology.istio.io/subzone: rack-1\n";
    let yaml = format!(
        "{}{node}{}",
        topology_rule("{topology.istio.io/subzone: rack-1}"),
        pod("api-1", "shop", "{app: api}", Some("node-b"))
    );
    let (_, analysis) = run(&yaml);
    assert_eq!(by_rule(&analysis, SUBSETS).len(), 1, "{analysis:#?}");
}

#[test]
fn ist0173_duplicate_subset_names_are_judged_once() {
    let yaml = format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: api, namespace: shop}}\n\
         spec: {{ports: [{{port: 80}}]}}\n---\n\
         apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
         metadata: {{name: api, namespace: shop}}\n\
         spec: {{host: api.shop.svc.cluster.local, subsets: [\
         {{name: v1, labels: {{version: v1}}}}, {{name: v1, labels: {{version: v9}}}}]}}\n{}",
        pod("api-1", "shop", "{version: v1}", None)
    );
    let (_, analysis) = run(&yaml);
    let paths: Vec<_> = by_rule(&analysis, SUBSETS)
        .iter()
        .map(|f| f.finding.path.to_string())
        .collect();
    assert_eq!(paths, ["spec.subsets[1]"], "the last definition counts");
}
