//! The VirtualService analyzers (IST0101, IST0109, IST0112, IST0132, IST0140, IST0149,
//! IST0165) and the deprecation analyzer (IST0002), each on small object sets: the finding
//! where Istio reports one, none once the set is corrected.

use istio_egress::analyze::{Analysis, ObjectFinding, Options, analyze};
use istio_egress::manifest;
use istio_egress::validate::Severity;

const GATEWAYS: &str = "virtualservice.GatewayAnalyzer";
const HOSTS: &str = "virtualservice.DestinationHostAnalyzer";
const RULES: &str = "virtualservice.DestinationRuleAnalyzer";
const MESH: &str = "virtualservice.ConflictingMeshGatewayHostsAnalyzer";
const JWT: &str = "virtualservice.JWTClaimRouteAnalyzer";
const DEPRECATION: &str = "deprecation.FieldAnalyzer";

/// The analyzers tested here (other analyzers' findings are not looked at).
const OURS: [&str; 6] = [GATEWAYS, HOSTS, RULES, MESH, JWT, DEPRECATION];

fn run_with(yaml: &str, options: &Options) -> Analysis {
    let objects = manifest::from_str(yaml).expect("test manifest reads");
    analyze(&objects, options)
}

fn run(yaml: &str) -> Analysis {
    run_with(yaml, &Options::default())
}

/// The findings of one analyzer.
fn of<'a>(analysis: &'a Analysis, rule: &str) -> Vec<&'a ObjectFinding> {
    analysis.of_rule(rule).collect()
}

/// Asserts that the analyzer made exactly these findings: (object, severity, code, path).
fn expect(analysis: &Analysis, rule: &str, expected: &[(usize, Severity, &str, &str)]) {
    let found: Vec<(usize, Severity, &str, String)> = of(analysis, rule)
        .into_iter()
        .map(|f| {
            (
                f.object,
                f.finding.severity,
                f.finding.code,
                f.finding.path.to_string(),
            )
        })
        .collect();
    let expected: Vec<(usize, Severity, &str, String)> = expected
        .iter()
        .map(|&(o, s, c, p)| (o, s, c, p.to_owned()))
        .collect();
    assert_eq!(
        found, expected,
        "findings of {rule}: {:#?}",
        analysis.findings
    );
}

fn message<'a>(analysis: &'a Analysis, rule: &str, code: &str) -> &'a str {
    of(analysis, rule)
        .into_iter()
        .find(|f| f.finding.code == code)
        .map(|f| f.finding.message.as_str())
        .unwrap_or_else(|| panic!("no {code} from {rule}: {:#?}", analysis.findings))
}

fn none_of_ours(analysis: &Analysis) {
    let ours: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| OURS.contains(&f.finding.rule))
        .collect();
    assert!(ours.is_empty(), "unexpected findings: {ours:#?}");
}

const SE_API: &str = r#"
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: shop}
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: DNS
"#;

const EGRESS_SERVICE: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: istio-egressgateway, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  ports:
  - {port: 80, name: http2}
  - {port: 443, name: https}
"#;

fn vs_with_gateways(namespace: &str, gateways: &str, hosts: &str) -> String {
    format!(
        r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {{name: api, namespace: {namespace}}}
spec:
  hosts: {hosts}
  gateways: {gateways}
  tls:
  - match: [{{sniHosts: [api.example.com], port: 443}}]
    route:
    - destination: {{host: api.example.com, port: {{number: 443}}}}
"#
    )
}

fn gateway(namespace: &str, hosts: &str) -> String {
    format!(
        r#"
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {{name: egress, namespace: {namespace}}}
spec:
  selector: {{istio: egressgateway}}
  servers:
  - port: {{number: 443, name: tls, protocol: TLS}}
    hosts: {hosts}
    tls: {{mode: PASSTHROUGH}}
"#
    )
}

fn set(parts: &[&str]) -> String {
    parts.join("\n---\n")
}

// ---------------------------------------------------------------- GatewayAnalyzer

#[test]
fn gateway_not_found_gives_ist0101_and_ist0132() {
    let vs = vs_with_gateways("shop", "[mesh, egress]", "[api.example.com]");
    let analysis = run(&set(&[&vs, SE_API]));
    expect(
        &analysis,
        GATEWAYS,
        &[
            (0, Severity::Error, "IST0101", "spec.gateways[1]"),
            (0, Severity::Warning, "IST0132", "spec.gateways[1]"),
        ],
    );
    assert_eq!(
        message(&analysis, GATEWAYS, "IST0101"),
        r#"Referenced gateway not found: "egress""#
    );
    assert_eq!(
        message(&analysis, GATEWAYS, "IST0132"),
        "one or more host [api.example.com] defined in VirtualService shop/api not found in Gateway shop/egress."
    );
}

#[test]
fn gateway_found_by_short_name_in_the_vs_namespace() {
    let vs = vs_with_gateways("shop", "[mesh, egress]", "[api.example.com]");
    let gw = gateway("shop", "[api.example.com]");
    none_of_ours(&run(&set(&[&vs, &gw, SE_API])));
}

#[test]
fn short_gateway_names_do_not_reach_other_namespaces() {
    let gw = gateway("istio-system", "[api.example.com]");
    let short = vs_with_gateways("shop", "[egress]", "[api.example.com]");
    let analysis = run(&set(&[&short, &gw, SE_API]));
    expect(
        &analysis,
        GATEWAYS,
        &[
            (0, Severity::Error, "IST0101", "spec.gateways[0]"),
            (0, Severity::Warning, "IST0132", "spec.gateways[0]"),
        ],
    );
    let full = vs_with_gateways("shop", "[istio-system/egress]", "[api.example.com]");
    none_of_ours(&run(&set(&[&full, &gw, SE_API])));
}

#[test]
fn gateway_without_the_vs_host_gives_ist0132() {
    let vs = vs_with_gateways("shop", "[egress]", "[api.example.com]");
    let gw = gateway("shop", "[other.example.com]");
    let analysis = run(&set(&[&vs, &gw, SE_API]));
    expect(
        &analysis,
        GATEWAYS,
        &[(0, Severity::Warning, "IST0132", "spec.gateways[0]")],
    );
    let wildcard = gateway("shop", "['*.example.com']");
    none_of_ours(&run(&set(&[&vs, &wildcard, SE_API])));
}

#[test]
fn gateway_host_namespaces_scope_the_match() {
    let cases = [
        // (gateway hosts, VS namespace, expect IST0132)
        ("['./api.example.com']", "istio-system", false),
        ("['./api.example.com']", "shop", true),
        ("['shop/api.example.com']", "shop", false),
        ("['shop/api.example.com']", "other", true),
        ("['*/api.example.com']", "other", false),
        ("['*/*']", "other", false),
        ("['other/*', 'shop/x.example.com']", "shop", true),
        ("['other/*', 'shop/x.example.com']", "other", false),
    ];
    for (hosts, namespace, flagged) in cases {
        let gw = gateway("istio-system", hosts);
        let vs = vs_with_gateways(namespace, "[istio-system/egress]", "[api.example.com]");
        let se = SE_API.replace("namespace: shop", &format!("namespace: {namespace}"));
        let analysis = run(&set(&[&vs, &gw, &se]));
        let expected: &[(usize, Severity, &str, &str)] = if flagged {
            &[(0, Severity::Warning, "IST0132", "spec.gateways[0]")]
        } else {
            &[]
        };
        expect(&analysis, GATEWAYS, expected);
    }
}

#[test]
fn vs_without_hosts_is_not_in_any_gateway() {
    let vs = vs_with_gateways("shop", "[egress]", "[]");
    let gw = gateway("shop", "['*']");
    let analysis = run(&set(&[&vs, &gw]));
    expect(
        &analysis,
        GATEWAYS,
        &[(0, Severity::Warning, "IST0132", "spec.gateways[0]")],
    );
    assert!(message(&analysis, GATEWAYS, "IST0132").starts_with("one or more host []"));
}

#[test]
fn internal_gateway_reference_gives_ist0165() {
    for name in [
        "istio-system/web~istio-autogenerated-k8s-gateway~https",
        "istio-ingress/gateway-istio-autogenerated-k8s-gateway-foo",
    ] {
        let vs = vs_with_gateways("shop", &format!("['{name}']"), "[api.example.com]");
        let analysis = run(&set(&[&vs, SE_API]));
        expect(
            &analysis,
            GATEWAYS,
            &[(0, Severity::Warning, "IST0165", "spec.gateways[0]")],
        );
        assert_eq!(
            message(&analysis, GATEWAYS, "IST0165"),
            format!(
                "Gateway reference in VirtualService shop/api is to an implementation-generated internal Gateway: {name}."
            )
        );
    }
}

fn kubernetes_gateway(listeners: &str) -> String {
    format!(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: web, namespace: shop}}
spec:
  gatewayClassName: istio
  listeners: {listeners}
"#
    )
}

#[test]
fn kubernetes_gateways_are_gateways_too() {
    let vs = vs_with_gateways("shop", "[web]", "[api.example.com]");
    let matching =
        kubernetes_gateway("[{name: a, port: 443, protocol: TLS, hostname: '*.example.com'}]");
    none_of_ours(&run(&set(&[&vs, &matching, SE_API])));
    let open = kubernetes_gateway("[{name: a, port: 443, protocol: TLS}]");
    none_of_ours(&run(&set(&[&vs, &open, SE_API])));
    let other = kubernetes_gateway("[{name: a, port: 443, protocol: TLS, hostname: x.org}]");
    let analysis = run(&set(&[&vs, &other, SE_API]));
    expect(
        &analysis,
        GATEWAYS,
        &[(0, Severity::Warning, "IST0132", "spec.gateways[0]")],
    );
}

// ---------------------------------------------------------------- DestinationHostAnalyzer

fn http_vs(namespace: &str, destination: &str) -> String {
    format!(
        r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {{name: route, namespace: {namespace}}}
spec:
  hosts: [front.example.com]
  http:
  - route:
    - destination: {destination}
"#
    )
}

#[test]
fn unknown_destination_host_gives_ist0101() {
    let vs = http_vs("shop", "{host: api.example.com, port: {number: 443}}");
    let analysis = run(&vs);
    expect(
        &analysis,
        HOSTS,
        &[(
            0,
            Severity::Error,
            "IST0101",
            "spec.http[0].route[0].destination.host",
        )],
    );
    assert_eq!(
        message(&analysis, HOSTS, "IST0101"),
        r#"Referenced host not found: "api.example.com""#
    );
    none_of_ours(&run(&set(&[&vs, SE_API])));
}

#[test]
fn tcp_and_tls_destinations_are_checked() {
    let vs = r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: l4, namespace: shop}
spec:
  hosts: [api.example.com]
  tcp:
  - route:
    - destination: {host: db.example.com, port: {number: 5432}}
  tls:
  - match: [{sniHosts: [api.example.com]}]
    route:
    - destination: {host: api.example.com, port: {number: 443}}
    - destination: {host: nowhere.example.com, port: {number: 443}}
"#;
    let analysis = run(&set(&[vs, SE_API]));
    expect(
        &analysis,
        HOSTS,
        &[
            (
                0,
                Severity::Error,
                "IST0101",
                "spec.tcp[0].route[0].destination.host",
            ),
            (
                0,
                Severity::Error,
                "IST0101",
                "spec.tls[0].route[1].destination.host",
            ),
        ],
    );
}

#[test]
fn unknown_mirror_hosts_give_ist0101() {
    let vs = r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mirrored, namespace: shop}
spec:
  hosts: [api.example.com]
  http:
  - route:
    - destination: {host: api.example.com}
    mirror: {host: shadow.example.com}
  - route:
    - destination: {host: api.example.com}
    mirrors:
    - destination: {host: api.example.com}
    - destination: {host: copy.example.com}
"#;
    let analysis = run(&set(&[vs, SE_API]));
    expect(
        &analysis,
        HOSTS,
        &[
            (0, Severity::Error, "IST0101", "spec.http[0].mirror.host"),
            (
                0,
                Severity::Error,
                "IST0101",
                "spec.http[1].mirrors[1].destination.host",
            ),
        ],
    );
    assert_eq!(
        message(&analysis, HOSTS, "IST0101"),
        r#"Referenced mirror host not found: "shadow.example.com""#
    );
}

/// Two ServiceEntries declaring one host in one namespace: Istio's host map keeps the last
/// one it is given, and the analysis gives them in input order, so the later one in the
/// input is the service the destination reaches and only its ports count.
#[test]
fn of_two_entries_for_one_host_the_later_one_counts() {
    let later = r#"
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api-alt, namespace: shop}
spec:
  hosts: [api.example.com]
  ports: [{number: 8443, name: https, protocol: HTTPS}]
  resolution: DNS
"#;
    let to_later = http_vs("shop", "{host: api.example.com, port: {number: 8443}}");
    none_of_ours(&run(&set(&[&to_later, SE_API, later])));
    let to_earlier = http_vs("shop", "{host: api.example.com, port: {number: 443}}");
    let analysis = run(&set(&[&to_earlier, SE_API, later]));
    expect(
        &analysis,
        HOSTS,
        &[(
            0,
            Severity::Error,
            "IST0101",
            "spec.http[0].route[0].destination.port.number",
        )],
    );
    // In the other order, the other entry is the later one.
    none_of_ours(&run(&set(&[&to_earlier, later, SE_API])));
}

#[test]
fn port_the_service_lacks_gives_ist0101() {
    let vs = http_vs("shop", "{host: api.example.com, port: {number: 80}}");
    let analysis = run(&set(&[&vs, SE_API]));
    expect(
        &analysis,
        HOSTS,
        &[(
            0,
            Severity::Error,
            "IST0101",
            "spec.http[0].route[0].destination.port.number",
        )],
    );
    assert_eq!(
        message(&analysis, HOSTS, "IST0101"),
        r#"Referenced host:port not found: "api.example.com:80""#
    );
}

#[test]
fn missing_port_on_a_multi_port_service_gives_ist0112() {
    let vs = http_vs(
        "shop",
        "{host: istio-egressgateway.istio-system.svc.cluster.local}",
    );
    let analysis = run(&set(&[&vs, EGRESS_SERVICE]));
    expect(
        &analysis,
        HOSTS,
        &[(
            0,
            Severity::Error,
            "IST0112",
            "spec.http[0].route[0].destination",
        )],
    );
    assert_eq!(
        message(&analysis, HOSTS, "IST0112"),
        "This VirtualService routes to a service \"istio-egressgateway.istio-system.svc.cluster.local\" that exposes multiple ports [80 443]. Specifying a port in the destination is required to disambiguate."
    );
    let fixed = http_vs(
        "shop",
        "{host: istio-egressgateway.istio-system.svc.cluster.local, port: {number: 443}}",
    );
    none_of_ours(&run(&set(&[&fixed, EGRESS_SERVICE])));
    // A single-port service needs no port.
    let single = http_vs("shop", "{host: api.example.com}");
    none_of_ours(&run(&set(&[&single, SE_API])));
}

#[test]
fn short_hosts_are_services_of_the_vs_namespace() {
    let service = r#"
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec:
  ports: [{port: 9080, name: http}]
"#;
    none_of_ours(&run(&set(&[&http_vs("shop", "{host: reviews}"), service])));
    let analysis = run(&set(&[&http_vs("other", "{host: reviews}"), service]));
    expect(
        &analysis,
        HOSTS,
        &[(
            0,
            Severity::Error,
            "IST0101",
            "spec.http[0].route[0].destination.host",
        )],
    );
    none_of_ours(&run(&set(&[
        &http_vs("other", "{host: reviews.shop.svc.cluster.local}"),
        service,
    ])));
}

#[test]
fn service_entry_export_to_limits_who_finds_it() {
    let se = SE_API.replace("resolution: DNS", "resolution: DNS\n  exportTo: ['.']");
    let here = http_vs("shop", "{host: api.example.com}");
    none_of_ours(&run(&set(&[&here, &se])));
    let elsewhere = http_vs("other", "{host: api.example.com}");
    let analysis = run(&set(&[&elsewhere, &se]));
    expect(
        &analysis,
        HOSTS,
        &[(
            0,
            Severity::Error,
            "IST0101",
            "spec.http[0].route[0].destination.host",
        )],
    );
    let named = SE_API.replace("resolution: DNS", "resolution: DNS\n  exportTo: [other]");
    none_of_ours(&run(&set(&[&elsewhere, &named])));
}

#[test]
fn service_export_to_annotation_limits_who_finds_it() {
    let service = r#"
apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
  annotations: {networking.istio.io/exportTo: "."}
spec:
  ports: [{port: 9080, name: http}]
"#;
    let host = "{host: reviews.shop.svc.cluster.local}";
    none_of_ours(&run(&set(&[&http_vs("shop", host), service])));
    let analysis = run(&set(&[&http_vs("other", host), service]));
    assert_eq!(of(&analysis, HOSTS).len(), 1);
}

#[test]
fn vs_export_to_decides_where_scoped_hosts_are_looked_for() {
    // Istio looks for namespace-scoped hosts in the namespaces the VirtualService's own
    // exportTo names, not in its namespace.
    let se = SE_API.replace("resolution: DNS", "resolution: DNS\n  exportTo: ['.']");
    let exported = r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: route, namespace: shop}
spec:
  hosts: [front.example.com]
  exportTo: [frontend]
  http:
  - route:
    - destination: {host: api.example.com}
"#;
    let analysis = run(&set(&[exported, &se]));
    expect(
        &analysis,
        HOSTS,
        &[(
            0,
            Severity::Error,
            "IST0101",
            "spec.http[0].route[0].destination.host",
        )],
    );
    let local = exported.replace("[frontend]", "['.']");
    none_of_ours(&run(&set(&[&local, &se])));
}

#[test]
fn wildcard_service_entries_cover_their_subdomains() {
    let se = r#"
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wikipedia, namespace: shop}
spec:
  hosts: ['*.wikipedia.org']
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: NONE
"#;
    none_of_ours(&run(&set(&[
        &http_vs("other", "{host: www.wikipedia.org}"),
        se,
    ])));
    let analysis = run(&set(&[&http_vs("other", "{host: wikipedia.org}"), se]));
    assert_eq!(of(&analysis, HOSTS).len(), 1);
    let scoped = se.replace("resolution: NONE", "resolution: NONE\n  exportTo: ['.']");
    let analysis = run(&set(&[
        &http_vs("other", "{host: www.wikipedia.org}"),
        &scoped,
    ]));
    assert_eq!(of(&analysis, HOSTS).len(), 1);
    none_of_ours(&run(&set(&[
        &http_vs("shop", "{host: www.wikipedia.org}"),
        &scoped,
    ])));
}

#[test]
fn mesh_options_change_what_is_found() {
    let vs = http_vs("other", "{host: api.example.com}");
    let mut options = Options::default();
    options.default_service_export_to = vec![".".into()];
    let analysis = run_with(&set(&[&vs, SE_API]), &options);
    assert_eq!(of(&analysis, HOSTS).len(), 1);
    none_of_ours(&run(&set(&[&vs, SE_API])));

    let service = EGRESS_SERVICE;
    let custom = http_vs(
        "shop",
        "{host: istio-egressgateway.istio-system.svc.corp.internal, port: {number: 80}}",
    );
    let mut options = Options::default();
    options.cluster_domain = "corp.internal".into();
    none_of_ours(&run_with(&set(&[&custom, service]), &options));
    assert_eq!(of(&run(&set(&[&custom, service])), HOSTS).len(), 1);
}

#[test]
fn subsets_without_effect_on_gateway_requests_give_ist0140() {
    let by_subset = r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: canary, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
"#;
    let ingress = r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ingress, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [web]
  http:
  - route:
    - destination: {host: reviews}
"#;
    let service = r#"
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec:
  ports: [{port: 9080, name: http}]
"#;
    let analysis = run(&set(&[by_subset, ingress, service]));
    expect(
        &analysis,
        HOSTS,
        &[(
            1,
            Severity::Warning,
            "IST0140",
            "spec.http[0].route[0].destination.host",
        )],
    );
    assert_eq!(
        message(&analysis, HOSTS, "IST0140"),
        "Subset in virtual service shop/canary has no effect on ingress gateway shop/ingress requests"
    );
    let with_subset = ingress.replace("{host: reviews}", "{host: reviews, subset: v1}");
    expect(&run(&set(&[by_subset, &with_subset, service])), HOSTS, &[]);
    // Only subsets routed for one of the subset VirtualService's own hosts count.
    let foreign = by_subset.replace("hosts: [reviews]", "hosts: [ratings]");
    expect(&run(&set(&[&foreign, ingress, service])), HOSTS, &[]);
}

// ---------------------------------------------------------------- DestinationRuleAnalyzer

const GATEWAY_DR: &str = r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egressgateway-for-cnn, namespace: istio-system}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets:
  - name: cnn
"#;

#[test]
fn subset_defined_by_no_rule_gives_ist0101() {
    let vs = http_vs(
        "shop",
        "{host: istio-egressgateway.istio-system.svc.cluster.local, subset: cnn, port: {number: 80}}",
    );
    let analysis = run(&set(&[&vs, EGRESS_SERVICE]));
    expect(
        &analysis,
        RULES,
        &[(
            0,
            Severity::Error,
            "IST0101",
            "spec.http[0].route[0].destination.subset",
        )],
    );
    assert_eq!(
        message(&analysis, RULES, "IST0101"),
        r#"Referenced host+subset in destinationrule not found: "istio-egressgateway.istio-system.svc.cluster.local+cnn""#
    );
    // Cluster-local names meet rules in any namespace.
    none_of_ours(&run(&set(&[&vs, EGRESS_SERVICE, GATEWAY_DR])));
    let other = vs.replace("subset: cnn", "subset: wiki");
    assert_eq!(
        of(&run(&set(&[&other, EGRESS_SERVICE, GATEWAY_DR])), RULES).len(),
        1
    );
}

#[test]
fn external_hosts_meet_rules_of_the_vs_namespace_only() {
    let rule = r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: istio-system}
spec:
  host: api.example.com
  subsets: [{name: tls}]
"#;
    let vs = |namespace: &str| {
        http_vs(
            namespace,
            "{host: api.example.com, subset: tls, port: {number: 443}}",
        )
    };
    let se = SE_API.replace("resolution: DNS", "resolution: DNS\n  exportTo: ['*']");
    let analysis = run(&set(&[&vs("shop"), &se, rule]));
    expect(
        &analysis,
        RULES,
        &[(
            0,
            Severity::Error,
            "IST0101",
            "spec.http[0].route[0].destination.subset",
        )],
    );
    expect(&run(&set(&[&vs("istio-system"), &se, rule])), RULES, &[]);
}

#[test]
fn short_rule_hosts_are_services_of_the_rule_namespace() {
    let rule = r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}]
"#;
    let far = http_vs(
        "other",
        "{host: reviews.shop.svc.cluster.local, subset: v1}",
    );
    expect(&run(&set(&[&far, rule])), RULES, &[]);
    let near = http_vs("shop", "{host: reviews, subset: v1}");
    expect(&run(&set(&[&near, rule])), RULES, &[]);
    let wrong = http_vs("other", "{host: reviews, subset: v1}");
    assert_eq!(of(&run(&set(&[&wrong, rule])), RULES).len(), 1);
}

#[test]
fn mirror_subset_defined_by_no_rule_gives_ist0101() {
    let vs = r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mirrored, namespace: shop}
spec:
  hosts: [api.example.com]
  http:
  - route:
    - destination: {host: api.example.com}
    mirror: {host: api.example.com, subset: shadow}
    mirrors:
    - destination: {host: api.example.com, subset: copy}
"#;
    let analysis = run(&set(&[vs, SE_API]));
    expect(
        &analysis,
        RULES,
        &[
            (0, Severity::Error, "IST0101", "spec.http[0].mirror.subset"),
            (
                0,
                Severity::Error,
                "IST0101",
                "spec.http[0].mirrors[0].destination.subset",
            ),
        ],
    );
    assert_eq!(
        message(&analysis, RULES, "IST0101"),
        r#"Referenced mirror+subset in destinationrule not found: "api.example.com+shadow""#
    );
    let rule = r#"
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api.example.com
  subsets: [{name: shadow}, {name: copy}]
"#;
    expect(&run(&set(&[vs, SE_API, rule])), RULES, &[]);
}

// ---------------------------------------------------------------- ConflictingMeshGatewayHosts

fn mesh_vs(name: &str, namespace: &str, extra: &str, hosts: &str) -> String {
    format!(
        r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  hosts: {hosts}
{extra}
  http:
  - route:
    - destination: {{host: api.example.com}}
"#
    )
}

#[test]
fn two_mesh_virtual_services_for_one_host_give_ist0109() {
    let a = mesh_vs("a", "team1", "", "[productpage.default.svc.cluster.local]");
    let b = mesh_vs(
        "b",
        "team2",
        "  gateways: [mesh, egress]",
        "[x.org, productpage.default.svc.cluster.local]",
    );
    let analysis = run(&set(&[&a, &b]));
    expect(
        &analysis,
        MESH,
        &[
            (0, Severity::Error, "IST0109", "spec.hosts[0]"),
            (1, Severity::Error, "IST0109", "spec.hosts[1]"),
        ],
    );
    assert_eq!(
        message(&analysis, MESH, "IST0109"),
        "The VirtualServices team1/a,team2/b associated with mesh gateway define the same host */productpage.default.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource."
    );
    // Bound to a gateway only: no conflict on the mesh.
    let gateway_only = mesh_vs(
        "b",
        "team2",
        "  gateways: [egress]",
        "[productpage.default.svc.cluster.local]",
    );
    expect(&run(&set(&[&a, &gateway_only])), MESH, &[]);
}

#[test]
fn export_to_scopes_separate_mesh_hosts() {
    let local = "  exportTo: ['.']";
    let a = mesh_vs("a", "team1", local, "[api.example.com]");
    let b = mesh_vs("b", "team2", local, "[api.example.com]");
    expect(&run(&set(&[&a, &b])), MESH, &[]);
    let c = mesh_vs(
        "c",
        "team1",
        "  exportTo: [team1, team3]",
        "[api.example.com]",
    );
    let analysis = run(&set(&[&a, &b, &c]));
    expect(
        &analysis,
        MESH,
        &[
            (0, Severity::Error, "IST0109", "spec.hosts[0]"),
            (2, Severity::Error, "IST0109", "spec.hosts[0]"),
        ],
    );
    assert!(
        message(&analysis, MESH, "IST0109").contains("define the same host team1/api.example.com ")
    );
}

#[test]
fn namespace_scope_conflicts_with_overlapping_hosts_exported_everywhere() {
    let scoped = mesh_vs("a", "team1", "  exportTo: ['.']", "[api.example.com]");
    let everywhere = mesh_vs("b", "team2", "", "['*.example.com']");
    let analysis = run(&set(&[&scoped, &everywhere]));
    expect(
        &analysis,
        MESH,
        &[
            (0, Severity::Error, "IST0109", "spec.hosts[0]"),
            (1, Severity::Error, "IST0109", "spec.hosts[0]"),
        ],
    );
    // Two hosts exported everywhere overlap only when equal, as in Istio.
    let exact = mesh_vs("a", "team1", "", "[api.example.com]");
    expect(&run(&set(&[&exact, &everywhere])), MESH, &[]);
}

#[test]
fn a_host_listed_twice_by_one_mesh_virtual_service_gives_ist0109() {
    // Istio files each host of the list, so the one VirtualService meets itself.
    for extra in ["", "  exportTo: ['.']"] {
        let twice = mesh_vs("a", "team1", extra, "[api.example.com, api.example.com]");
        expect(
            &run(&set(&[&twice])),
            MESH,
            &[(0, Severity::Error, "IST0109", "spec.hosts[0]")],
        );
    }
}

#[test]
fn short_mesh_hosts_are_qualified_with_their_namespace() {
    let a = mesh_vs("a", "shop", "", "[reviews]");
    let b = mesh_vs("b", "other", "", "[reviews.shop.svc.cluster.local]");
    assert_eq!(of(&run(&set(&[&a, &b])), MESH).len(), 2);
    let c = mesh_vs("c", "other", "", "[reviews]");
    expect(&run(&set(&[&a, &c])), MESH, &[]);
}

#[test]
fn default_virtual_service_export_to_scopes_mesh_hosts() {
    let a = mesh_vs("a", "team1", "", "[api.example.com]");
    let b = mesh_vs("b", "team2", "", "[api.example.com]");
    let mut options = Options::default();
    options.default_virtual_service_export_to = vec![".".into()];
    expect(&run_with(&set(&[&a, &b]), &options), MESH, &[]);
    assert_eq!(of(&run(&set(&[&a, &b])), MESH).len(), 2);
}

#[test]
fn many_mesh_virtual_services_find_only_the_conflicting_pair() {
    let mut parts = Vec::new();
    for i in 0..3000 {
        parts.push(mesh_vs(
            &format!("vs{i}"),
            &format!("ns{}", i % 50),
            if i % 2 == 0 { "  exportTo: ['.']" } else { "" },
            &format!("[host{i}.example.com, '*.zone{i}.example.com']"),
        ));
    }
    // One pair that does conflict.
    parts.push(mesh_vs("dup", "ns7", "", "[host1.example.com]"));
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    // Its speed is the analysis benchmark's business; here, 3,001 objects in one bucketing
    // find exactly the one conflicting pair.
    let analysis = run(&set(&refs));
    let conflicts: Vec<usize> = of(&analysis, MESH).iter().map(|f| f.object).collect();
    assert_eq!(conflicts, [1, 3000]);
}

// ---------------------------------------------------------------- JWTClaimRouteAnalyzer

const INGRESS: &str = r#"
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ['*']
"#;

const INGRESS_POD: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: ingress-1
  namespace: istio-system
  labels: {istio: ingressgateway}
spec:
  containers: [{name: istio-proxy, image: proxyv2}]
"#;

fn claim_vs(header: &str) -> String {
    format!(
        r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {{name: claims, namespace: shop}}
spec:
  hosts: ['*']
  gateways: [istio-system/web]
  http:
  - match:
    - headers:
        "{header}": {{exact: admins}}
    route:
    - destination: {{host: api.example.com, port: {{number: 443}}}}
"#
    )
}

fn request_authentication(namespace: &str, selector: &str) -> String {
    format!(
        r#"
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {{name: jwt, namespace: {namespace}}}
spec:
  {selector}
  jwtRules: [{{issuer: issuer.example.com}}]
"#
    )
}

#[test]
fn claim_routing_without_request_authentication_gives_ist0149() {
    let vs = claim_vs("@request.auth.claims.group");
    let analysis = run(&set(&[&vs, INGRESS, INGRESS_POD, SE_API]));
    expect(
        &analysis,
        JWT,
        &[(0, Severity::Error, "IST0149", "spec.gateways[0]")],
    );
    assert_eq!(
        message(&analysis, JWT, "IST0149"),
        "The virtual service uses the JWT claim based routing (key: @request.auth.claims.group) but found no request authentication for the gateway (istio-system/web) pod (ingress-1). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing."
    );
    let bracket = claim_vs("@request.auth.claims[group]");
    assert_eq!(
        of(&run(&set(&[&bracket, INGRESS, INGRESS_POD])), JWT).len(),
        1
    );
    let plain = claim_vs("x-group");
    expect(&run(&set(&[&plain, INGRESS, INGRESS_POD])), JWT, &[]);
}

#[test]
fn request_authentication_for_the_gateway_pods_clears_ist0149() {
    let vs = claim_vs("@request.auth.claims.group");
    let mesh_wide = request_authentication("istio-system", "selector: {}");
    expect(
        &run(&set(&[&vs, INGRESS, INGRESS_POD, &mesh_wide])),
        JWT,
        &[],
    );
    let selected = request_authentication(
        "istio-system",
        "selector: {matchLabels: {istio: ingressgateway}}",
    );
    expect(
        &run(&set(&[&vs, INGRESS, INGRESS_POD, &selected])),
        JWT,
        &[],
    );
    let other_pods = request_authentication("istio-system", "selector: {matchLabels: {app: web}}");
    assert_eq!(
        of(&run(&set(&[&vs, INGRESS, INGRESS_POD, &other_pods])), JWT).len(),
        1
    );
    let other_namespace = request_authentication("shop", "selector: {}");
    assert_eq!(
        of(
            &run(&set(&[&vs, INGRESS, INGRESS_POD, &other_namespace])),
            JWT
        )
        .len(),
        1
    );
}

#[test]
fn gateway_scope_option_limits_the_pods_checked() {
    let vs = claim_vs("@request.auth.claims.group");
    let far_pod = INGRESS_POD
        .replace("namespace: istio-system", "namespace: edge")
        .replace("ingress-1", "ingress-edge");
    let covered =
        request_authentication("istio-system", "selector: {matchLabels: {nothing: here}}");
    let yaml = set(&[&vs, INGRESS, &far_pod, &covered]);
    assert_eq!(of(&run(&yaml), JWT).len(), 1);
    let mut options = Options::default();
    options.scope_gateway_to_namespace = true;
    expect(&run_with(&yaml, &options), JWT, &[]);
}

// ---------------------------------------------------------------- deprecation.FieldAnalyzer

#[test]
fn fault_delay_percent_gives_ist0002() {
    let vs = |delay: &str| {
        format!(
            r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {{name: slow, namespace: shop}}
spec:
  hosts: [api.example.com]
  http:
  - route:
    - destination: {{host: api.example.com}}
  - fault:
      delay: {delay}
    route:
    - destination: {{host: api.example.com}}
"#
        )
    };
    let analysis = run(&set(&[&vs("{fixedDelay: 5s, percent: 50}"), SE_API]));
    expect(
        &analysis,
        DEPRECATION,
        &[(
            0,
            Severity::Warning,
            "IST0002",
            "spec.http[1].fault.delay.percent",
        )],
    );
    assert_eq!(
        message(&analysis, DEPRECATION, "IST0002"),
        "Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage"
    );
    let fixed = vs("{fixedDelay: 5s, percentage: {value: 50}}");
    expect(&run(&set(&[&fixed, SE_API])), DEPRECATION, &[]);
    let zero = vs("{fixedDelay: 5s, percent: 0}");
    expect(&run(&set(&[&zero, SE_API])), DEPRECATION, &[]);
}

// ---------------------------------------------------------------- the egress canon

#[test]
fn canonical_egress_sets_are_clean() {
    // With the egress gateway's Service loaded, the canonical sets give nothing but IST0101
    // for gateway-side routes to in-cluster Services the sets do not contain (ANALYZERS.md
    // §D): canon 14, 17 and 19.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/egress-canon");
    let environment =
        std::fs::read_to_string(format!("{dir}/00-environment-istio-egressgateway.yaml"))
            .expect("environment");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("canon folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml") && !name.starts_with("00-"))
        .collect();
    names.sort();
    assert!(names.len() >= 13);
    let mut offline = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("canon file");
        let analysis = run(&format!("{environment}\n---\n{text}"));
        for f in analysis
            .findings
            .iter()
            .filter(|f| OURS.contains(&f.finding.rule))
        {
            let expected = f.finding.rule == HOSTS
                && f.finding.code == "IST0101"
                && f.finding.message.ends_with(".svc.cluster.local\"");
            assert!(expected, "{name}: {f:#?}");
            offline.push(&name[..2]);
        }
    }
    offline.dedup();
    assert_eq!(offline, ["14", "17", "19"]);
}
