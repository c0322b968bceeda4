//! `annotations.K8sAnalyzer` (IST0108, IST0107, IST0125, IST0135) and
//! `conditions.ConditionAnalyzer` (IST0171) on small object sets.

use istio_egress::analyze::{Analysis, ObjectFinding, Options, analyze};
use istio_egress::manifest::{self, Object};
use istio_egress::validate::Severity;

const ANNOTATIONS: &str = "annotations.K8sAnalyzer";
const CONDITIONS: &str = "conditions.ConditionAnalyzer";

fn run(yaml: &str) -> (Vec<Object>, Analysis) {
    let objects = manifest::from_str(yaml).expect("test YAML reads");
    let analysis = analyze(&objects, &Options::default());
    (objects, analysis)
}

fn by_rule<'a>(analysis: &'a Analysis, rule: &str) -> Vec<&'a ObjectFinding> {
    analysis.of_rule(rule).collect()
}

/// (code, path, message) of each finding of one analyzer, in order.
fn rows(analysis: &Analysis, rule: &str) -> Vec<(&'static str, String, String)> {
    by_rule(analysis, rule)
        .into_iter()
        .map(|f| {
            (
                f.finding.code,
                f.finding.path.to_string(),
                f.finding.message.clone(),
            )
        })
        .collect()
}

fn kind_of(objects: &[Object], finding: &ObjectFinding) -> String {
    objects[finding.object].kind().to_string()
}

/// An object of `kind` (`v1`, or `apiVersion` given as `group/version kind`) with one
/// annotation and optional labels (flow mapping).
fn annotated(kind: &str, annotation: &str, value: &str, labels: &str) -> String {
    let (api_version, kind) = kind.split_once(' ').unwrap_or(("v1", kind));
    let namespace = if kind == "Namespace" {
        String::new()
    } else {
        "\n  namespace: shop".to_string()
    };
    format!(
        "apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: thing{namespace}\n  \
         labels: {labels}\n  annotations:\n    {annotation}: '{value}'\n"
    )
}

fn annotation_rows(
    kind: &str,
    annotation: &str,
    value: &str,
) -> Vec<(&'static str, String, String)> {
    let (_, analysis) = run(&annotated(kind, annotation, value, "{}"));
    rows(&analysis, ANNOTATIONS)
}

fn path(annotation: &str) -> String {
    format!("metadata.annotations.{annotation}")
}

// ---------------------------------------------------------------------------------------------
// IST0108 UnknownAnnotation

#[test]
fn ist0108_unknown_istio_annotation() {
    let yaml = annotated("Service", "networking.istio.io/exportTwo", "bar", "{}");
    let (objects, analysis) = run(&yaml);
    let found = by_rule(&analysis, ANNOTATIONS);
    assert_eq!(found.len(), 1);
    assert_eq!(kind_of(&objects, found[0]), "Service");
    assert_eq!(found[0].finding.severity, Severity::Warning);
    assert_eq!(
        rows(&analysis, ANNOTATIONS),
        [(
            "IST0108",
            path("networking.istio.io/exportTwo"),
            "Unknown annotation: networking.istio.io/exportTwo".to_string()
        )]
    );
}

#[test]
fn ist0108_none_for_known_or_foreign_annotations() {
    for (kind, annotation, value) in [
        ("Service", "networking.istio.io/exportTo", "."),
        ("Pod", "sidecar.istio.io/proxyCPU", "100m"),
        ("Pod", "example.com/istio.io", "x"),
        (
            "Service",
            "kubectl.kubernetes.io/last-applied-configuration",
            "{}",
        ),
        ("Namespace", "galley.istio.io/analyze-suppress", "IST0108"),
        ("Namespace", "topology.istio.io/controlPlaneClusters", "*"),
    ] {
        assert_eq!(
            annotation_rows(kind, annotation, value),
            [],
            "{kind} {annotation}"
        );
    }
}

#[test]
fn ist0108_judges_every_istio_io_domain() {
    for annotation in [
        "istio.io/unknown",
        "foo.sidecar.istio.io/bar",
        "myistio.io/x",
    ] {
        let found = annotation_rows("Pod", annotation, "x");
        assert_eq!(found.len(), 1, "{annotation}");
        assert_eq!(found[0].0, "IST0108");
    }
}

#[test]
fn only_namespaces_services_pods_and_deployments_are_judged() {
    let yaml = r#"
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
  namespace: shop
  annotations: {networking.istio.io/exportTwo: x, sidecar.istio.io/inject: "false"}
spec:
  hosts: [api.example.com]
  http: [{route: [{destination: {host: api.example.com}}]}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  annotations: {networking.istio.io/exportTwo: x}
"#;
    let (_, analysis) = run(yaml);
    assert!(by_rule(&analysis, ANNOTATIONS).is_empty(), "{analysis:#?}");
}

// ---------------------------------------------------------------------------------------------
// IST0107 MisplacedAnnotation

#[test]
fn ist0107_annotation_on_the_wrong_kind() {
    assert_eq!(
        annotation_rows("Pod", "networking.istio.io/exportTo", "."),
        [(
            "IST0107",
            path("networking.istio.io/exportTo"),
            "Misplaced annotation: networking.istio.io/exportTo can only be applied to Service"
                .to_string()
        )]
    );
    assert_eq!(
        annotation_rows(
            "Pod",
            "networking.istio.io/traffic-distribution",
            "PreferClose"
        ),
        [(
            "IST0107",
            path("networking.istio.io/traffic-distribution"),
            "Misplaced annotation: networking.istio.io/traffic-distribution can only be applied \
             to Service, ServiceEntry"
                .to_string()
        )]
    );
    assert_eq!(
        annotation_rows("Service", "kubernetes.io/ingress.class", "istio"),
        [(
            "IST0107",
            path("kubernetes.io/ingress.class"),
            "Misplaced annotation: kubernetes.io/ingress.class can only be applied to Ingress"
                .to_string()
        )]
    );
}

#[test]
fn ist0107_none_where_the_annotation_belongs() {
    assert_eq!(
        annotation_rows(
            "Service",
            "networking.istio.io/traffic-distribution",
            "PreferClose"
        ),
        []
    );
    assert_eq!(
        annotation_rows("Pod", "inject.istio.io/templates", "gateway"),
        []
    );
}

#[test]
fn ist0107_deployments_are_not_pods() {
    let yaml = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations: {sidecar.istio.io/proxyCPU: 100m}
spec:
  template:
    metadata:
      annotations: {sidecar.istio.io/bogus: x}
"#;
    let (objects, analysis) = run(yaml);
    let found = by_rule(&analysis, ANNOTATIONS);
    assert_eq!(found.len(), 1, "the pod template is not judged: {found:#?}");
    assert_eq!(kind_of(&objects, found[0]), "Deployment");
    assert_eq!(
        rows(&analysis, ANNOTATIONS),
        [(
            "IST0107",
            path("sidecar.istio.io/proxyCPU"),
            "Misplaced annotation: sidecar.istio.io/proxyCPU can only be applied to Pod"
                .to_string()
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// IST0135 DeprecatedAnnotation

#[test]
fn ist0135_deprecated_annotation() {
    let (objects, analysis) = run(&annotated("Pod", "sidecar.istio.io/inject", "true", "{}"));
    let found = by_rule(&analysis, ANNOTATIONS);
    assert_eq!(found.len(), 1);
    assert_eq!(kind_of(&objects, found[0]), "Pod");
    assert_eq!(found[0].finding.severity, Severity::Info);
    assert_eq!(
        rows(&analysis, ANNOTATIONS),
        [(
            "IST0135",
            path("sidecar.istio.io/inject"),
            "Annotation \"sidecar.istio.io/inject\" has been deprecated in favor of the \
             \"sidecar.istio.io/inject\" label and may not work in future Istio versions."
                .to_string()
        )]
    );
    assert_eq!(
        annotation_rows("Pod", "sidecar.istio.io/statsInclusionPrefixes", "cluster"),
        [(
            "IST0135",
            path("sidecar.istio.io/statsInclusionPrefixes"),
            "Annotation \"sidecar.istio.io/statsInclusionPrefixes\" has been deprecated and may \
             not work in future Istio versions."
                .to_string()
        )]
    );
}

#[test]
fn ist0135_none_with_the_inject_label_or_current_annotations() {
    let yaml = annotated(
        "Pod",
        "sidecar.istio.io/inject",
        "true",
        "{sidecar.istio.io/inject: 'true'}",
    );
    let (_, analysis) = run(&yaml);
    assert!(by_rule(&analysis, ANNOTATIONS).is_empty(), "{analysis:#?}");
    assert_eq!(
        annotation_rows("Pod", "sidecar.istio.io/nativeSidecar", "true"),
        []
    );
}

#[test]
fn ist0135_deprecated_and_misplaced() {
    let codes: Vec<_> = annotation_rows("Service", "sidecar.istio.io/inject", "true")
        .into_iter()
        .map(|row| row.0)
        .collect();
    assert_eq!(codes, ["IST0135", "IST0107"]);
}

// ---------------------------------------------------------------------------------------------
// IST0125 InvalidAnnotation

#[test]
fn ist0125_invalid_values() {
    for (annotation, value, problem) in [
        (
            "sidecar.istio.io/interceptionMode",
            "BOGUS",
            "interceptionMode invalid, use REDIRECT,TPROXY,NONE: BOGUS",
        ),
        (
            "status.sidecar.istio.io/port",
            "http",
            "excludeInboundPorts invalid: failed parsing port 'http': strconv.ParseUint: \
             parsing \"http\": invalid syntax",
        ),
        (
            "readiness.status.sidecar.istio.io/periodSeconds",
            "-1",
            "strconv.ParseUint: parsing \"-1\": invalid syntax",
        ),
        (
            "readiness.status.sidecar.istio.io/failureThreshold",
            "4294967296",
            "strconv.ParseUint: parsing \"4294967296\": value out of range",
        ),
        (
            "traffic.sidecar.istio.io/excludeInboundPorts",
            "80,70000",
            "excludeInboundPorts invalid: failed parsing port '70000': failed parsing port \
             '70000': strconv.ParseUint: parsing \"70000\": value out of range",
        ),
        (
            "traffic.sidecar.istio.io/includeInboundPorts",
            "8080,x",
            "includeInboundPorts invalid: failed parsing port 'x': failed parsing port 'x': \
             strconv.ParseUint: parsing \"x\": invalid syntax",
        ),
        (
            "traffic.sidecar.istio.io/excludeOutboundPorts",
            "443;80",
            "excludeOutboundPorts invalid: failed parsing port '443;80': failed parsing port \
             '443;80': strconv.ParseUint: parsing \"443;80\": invalid syntax",
        ),
        (
            "traffic.sidecar.istio.io/includeOutboundIPRanges",
            "10.0.0.0/8,10.1.0.0",
            "includeIPRanges invalid: failed parsing cidr '10.1.0.0': \
             netip.ParsePrefix(\"10.1.0.0\"): no '/'",
        ),
        (
            "traffic.sidecar.istio.io/excludeOutboundIPRanges",
            "10.0.0.0/33",
            "excludeIPRanges invalid: failed parsing cidr '10.0.0.0/33': \
             netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range",
        ),
        (
            "prometheus.istio.io/merge-metrics",
            "yes",
            "strconv.ParseBool: parsing \"yes\": invalid syntax",
        ),
    ] {
        let (objects, analysis) = run(&annotated("Pod", annotation, value, "{}"));
        let found = by_rule(&analysis, ANNOTATIONS);
        assert_eq!(found.len(), 1, "{annotation}={value}: {found:#?}");
        assert_eq!(kind_of(&objects, found[0]), "Pod");
        assert_eq!(found[0].finding.severity, Severity::Warning);
        assert_eq!(
            rows(&analysis, ANNOTATIONS),
            [(
                "IST0125",
                path(annotation),
                format!("Invalid annotation {annotation}: {problem}")
            )]
        );
    }
}

#[test]
fn ist0125_proxy_config_must_be_a_yaml_mapping() {
    let found = annotation_rows("Pod", "proxy.istio.io/config", "[1, 2]");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "IST0125");
    assert!(
        found[0].2.starts_with(
            "Invalid annotation proxy.istio.io/config: failed to convert to apply proxy config: "
        ),
        "{found:?}"
    );
    assert_eq!(
        annotation_rows(
            "Pod",
            "proxy.istio.io/config",
            "holdApplicationUntilProxyStarts: true"
        ),
        []
    );
}

#[test]
fn ist0125_none_for_valid_values() {
    for (annotation, value) in [
        ("sidecar.istio.io/interceptionMode", "TPROXY"),
        ("status.sidecar.istio.io/port", " 15020 "),
        ("readiness.status.sidecar.istio.io/initialDelaySeconds", "0"),
        ("traffic.sidecar.istio.io/excludeInboundPorts", ""),
        ("traffic.sidecar.istio.io/includeInboundPorts", "*"),
        ("traffic.sidecar.istio.io/excludeOutboundPorts", "443, 80"),
        ("traffic.sidecar.istio.io/includeOutboundIPRanges", "*"),
        (
            "traffic.sidecar.istio.io/excludeOutboundIPRanges",
            "10.0.0.0/8,fd00::/8",
        ),
        ("prometheus.istio.io/merge-metrics", "False"),
        ("sidecar.istio.io/logLevel", "anything: is not checked"),
    ] {
        assert_eq!(
            annotation_rows("Pod", annotation, value),
            [],
            "{annotation}={value}"
        );
    }
}

#[test]
fn ist0125_is_not_checked_on_misplaced_annotations() {
    let codes: Vec<_> = annotation_rows("Service", "sidecar.istio.io/interceptionMode", "BOGUS")
        .into_iter()
        .map(|row| row.0)
        .collect();
    assert_eq!(codes, ["IST0107"]);
}

// ---------------------------------------------------------------------------------------------
// conditions.ConditionAnalyzer: IST0171

#[test]
fn ist0171_negative_waypoint_binding_on_a_service_entry() {
    let yaml = r#"
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: shop}
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
status:
  conditions:
  - {type: Reconciled, status: "False", reason: Whatever}
  - type: istio.io/WaypointBound
    status: "False"
    reason: WaypointNotFound
    message: waypoint not found
"#;
    let (objects, analysis) = run(yaml);
    let found = by_rule(&analysis, CONDITIONS);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(kind_of(&objects, found[0]), "ServiceEntry");
    assert_eq!(found[0].finding.code, "IST0171");
    assert_eq!(found[0].finding.severity, Severity::Warning);
    assert_eq!(found[0].finding.path.to_string(), "status.conditions[1]");
    assert_eq!(
        found[0].finding.message,
        "A condition with a negative status is present: type=istio.io/WaypointBound, \
         reason=WaypointNotFound, message=waypoint not found."
    );
}

#[test]
fn ist0171_negative_waypoint_binding_on_a_service() {
    let yaml = |status: &str| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: api, namespace: shop}}\n\
             spec: {{ports: [{{port: 80}}]}}\nstatus:\n  conditions:\n  - type: istio.io/WaypointBound\n    \
             status: '{status}'\n    reason: Bound\n    message: ok\n    \
             lastTransitionTime: '2026-01-01T00:00:00Z'\n"
        )
    };
    let (objects, analysis) = run(&yaml("False"));
    let found = by_rule(&analysis, CONDITIONS);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(kind_of(&objects, found[0]), "Service");
    assert_eq!(found[0].finding.path.to_string(), "status.conditions[0]");
    let (_, analysis) = run(&yaml("True"));
    assert!(by_rule(&analysis, CONDITIONS).is_empty());
}

#[test]
fn ist0171_none_for_positive_or_unwatched_conditions() {
    let yaml = r#"
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: shop}
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
status:
  conditions:
  - {type: istio.io/WaypointBound, status: "True"}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egress, namespace: shop}
spec:
  selector: {istio: egressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [api.example.com]}]
status:
  conditions:
  - {type: Accepted, status: "False"}
"#;
    let (_, analysis) = run(yaml);
    assert!(by_rule(&analysis, CONDITIONS).is_empty(), "{analysis:#?}");
}

#[test]
fn ist0171_gateway_api_gateways_and_routes() {
    let yaml = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: waypoint, namespace: shop}
spec: {gatewayClassName: istio-waypoint, listeners: []}
status:
  conditions:
  - {type: Accepted, status: "True", reason: Accepted, message: ok}
  - {type: Programmed, status: "False", reason: Invalid, message: no address}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: route, namespace: shop}
spec: {}
status:
  parents:
  - conditions:
    - {type: Accepted, status: "True"}
  - conditions:
    - {type: Accepted, status: "True"}
    - {type: ResolvedRefs, status: "False", reason: BackendNotFound, message: missing}
"#;
    let (objects, analysis) = run(yaml);
    let found: Vec<_> = by_rule(&analysis, CONDITIONS)
        .into_iter()
        .map(|f| (kind_of(&objects, f), f.finding.path.to_string()))
        .collect();
    assert_eq!(
        found,
        [
            ("Gateway".to_string(), "status.conditions[1]".to_string()),
            (
                "HTTPRoute".to_string(),
                "status.parents[1].conditions[1]".to_string()
            ),
        ]
    );
}

#[test]
fn ist0171_authorization_policy_partially_invalid() {
    let yaml = |status: &str| {
        format!(
            "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n\
             metadata: {{name: allow, namespace: shop}}\nspec: {{}}\nstatus:\n  conditions:\n  \
             - {{type: WaypointAccepted, status: '{status}', reason: PartiallyInvalid, \
             message: some rules dropped}}\n"
        )
    };
    let (_, analysis) = run(&yaml("True"));
    assert_eq!(by_rule(&analysis, CONDITIONS).len(), 1);
    let (_, analysis) = run(&yaml("False"));
    assert_eq!(
        by_rule(&analysis, CONDITIONS).len(),
        2,
        "negative and partially invalid: reported twice, as Istio does"
    );
}
