//! The ServiceEntry analyzers — `serviceentry.Analyzer` (IST0134) and
//! `serviceentry.ConflictingServiceEntryProtocolAnalyzer` (IST0177) — on small object sets.

use istio_egress::analyze::{Analysis, ObjectFinding, Options, analyze};
use istio_egress::manifest::{self, Object};
use istio_egress::validate::Severity;

const ADDRESSES: &str = "serviceentry.Analyzer";
const CONFLICTS: &str = "serviceentry.ConflictingServiceEntryProtocolAnalyzer";

fn run_with(yaml: &str, options: &Options) -> (Vec<Object>, Analysis) {
    let objects = manifest::from_str(yaml).expect("test YAML reads");
    let analysis = analyze(&objects, options);
    (objects, analysis)
}

fn run(yaml: &str) -> (Vec<Object>, Analysis) {
    run_with(yaml, &Options::default())
}

fn by_rule<'a>(analysis: &'a Analysis, rule: &str) -> Vec<&'a ObjectFinding> {
    analysis.of_rule(rule).collect()
}

/// `ns/name` of the object a finding is about, and the finding's path.
fn located(objects: &[Object], finding: &ObjectFinding) -> (String, String) {
    let object = &objects[finding.object];
    (
        format!(
            "{}/{}",
            object.namespace().unwrap_or("default"),
            object.name().unwrap_or("")
        ),
        finding.finding.path.to_string(),
    )
}

/// A ServiceEntry `name` in `namespace` for `hosts` (flow list), with `ports` (flow list) and
/// further spec fields.
fn entry(namespace: &str, name: &str, hosts: &str, ports: &str, extra: &str) -> String {
    format!(
        "---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\n\
         metadata: {{name: {name}, namespace: {namespace}}}\n\
         spec: {{hosts: {hosts}, ports: {ports}, resolution: DNS{extra}}}\n"
    )
}

// ---------------------------------------------------------------------------------------------
// serviceentry.Analyzer: IST0134

const MIXED_PORTS: &str = "[{number: 27017, name: mongo, protocol: TCP}, \
                           {number: 80, name: http, protocol: HTTP}, \
                           {number: 9000, name: raw}, \
                           {number: 9001, name: lower, protocol: tcp}]";

#[test]
fn ist0134_tcp_and_protocol_less_ports_without_addresses() {
    let (objects, analysis) = run(&entry(
        "default",
        "mongo",
        "[db.example.com]",
        MIXED_PORTS,
        "",
    ));
    let found = by_rule(&analysis, ADDRESSES);
    let paths: Vec<_> = found.iter().map(|f| located(&objects, f)).collect();
    assert_eq!(
        paths,
        [
            ("default/mongo".to_string(), "spec.ports[0]".to_string()),
            ("default/mongo".to_string(), "spec.ports[2]".to_string()),
            ("default/mongo".to_string(), "spec.ports[3]".to_string()),
        ]
    );
    for f in found {
        assert_eq!(f.finding.code, "IST0134");
        assert_eq!(f.finding.severity, Severity::Warning);
        assert_eq!(
            f.finding.message,
            "ServiceEntry addresses are required for this protocol."
        );
    }
}

#[test]
fn ist0134_none_with_addresses_or_other_protocols() {
    let yaml = format!(
        "{}{}",
        entry(
            "default",
            "mongo",
            "[db.example.com]",
            MIXED_PORTS,
            ", addresses: [203.0.113.10/32]"
        ),
        entry(
            "default",
            "web",
            "[web.example.com]",
            "[{number: 443, name: tls, protocol: TLS}, {number: 80, name: http, protocol: HTTP}]",
            ""
        )
    );
    let (_, analysis) = run(&yaml);
    assert!(by_rule(&analysis, ADDRESSES).is_empty(), "{analysis:#?}");
}

#[test]
fn ist0134_none_with_allocated_status_addresses() {
    let yaml = format!(
        "{}status:\n  addresses:\n  - {{value: 240.240.0.1, host: db.example.com}}\n",
        entry("default", "mongo", "[db.example.com]", MIXED_PORTS, "")
    );
    let (_, analysis) = run(&yaml);
    assert!(by_rule(&analysis, ADDRESSES).is_empty(), "{analysis:#?}");
    let yaml = format!(
        "{}status:\n  addresses: []\n",
        entry("default", "mongo", "[db.example.com]", MIXED_PORTS, "")
    );
    let (_, analysis) = run(&yaml);
    assert_eq!(by_rule(&analysis, ADDRESSES).len(), 3, "{analysis:#?}");
}

#[test]
fn ist0134_follows_the_mesh_auto_allocation() {
    let yaml = entry("default", "mongo", "[db.example.com]", MIXED_PORTS, "");
    for (capture, dns_alloc, ip_alloc, expected) in [
        (true, true, false, 0),
        (true, false, true, 0),
        (true, true, true, 0),
        (true, false, false, 3),
        (false, true, false, 3),
        (false, false, true, 3),
    ] {
        let mut options = Options::default();
        options.dns_capture = capture;
        options.dns_auto_allocate = dns_alloc;
        options.ip_autoallocate = ip_alloc;
        let (_, analysis) = run_with(&yaml, &options);
        assert_eq!(
            by_rule(&analysis, ADDRESSES).len(),
            expected,
            "capture={capture} dns={dns_alloc} ip={ip_alloc}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// serviceentry.ConflictingServiceEntryProtocolAnalyzer: IST0177

const HTTP_443: &str = "[{number: 443, name: http, protocol: HTTP}]";
const TLS_443: &str = "[{number: 443, name: tls, protocol: TLS}]";

#[test]
fn ist0177_same_host_and_port_with_different_protocols() {
    let yaml = format!(
        "{}{}",
        entry("default", "api-http", "[api.example.com]", HTTP_443, ""),
        entry("default", "api-tls", "[api.example.com]", TLS_443, "")
    );
    let (objects, analysis) = run(&yaml);
    let found = by_rule(&analysis, CONFLICTS);
    let mut located_all: Vec<_> = found.iter().map(|f| located(&objects, f)).collect();
    located_all.sort();
    assert_eq!(
        located_all,
        [
            ("default/api-http".to_string(), "spec.ports[0]".to_string()),
            ("default/api-tls".to_string(), "spec.ports[0]".to_string()),
        ]
    );
    for f in found {
        assert_eq!(f.finding.code, "IST0177");
        assert_eq!(f.finding.severity, Severity::Warning);
        assert_eq!(
            f.finding.message,
            "Multiple ServiceEntries (default/api-http, default/api-tls) define the same host \
             \"api.example.com\" and port 443 with conflicting protocols (HTTP, TLS)."
        );
    }
}

#[test]
fn ist0177_none_for_same_protocol_or_different_host_or_port() {
    for second in [
        entry(
            "default",
            "b",
            "[api.example.com]",
            "[{number: 443, name: h, protocol: http}]",
            "",
        ),
        entry("default", "b", "[other.example.com]", TLS_443, ""),
        entry(
            "default",
            "b",
            "[api.example.com]",
            "[{number: 8443, name: tls, protocol: TLS}]",
            "",
        ),
    ] {
        let yaml = format!(
            "{}{second}",
            entry("default", "a", "[api.example.com]", HTTP_443, "")
        );
        let (_, analysis) = run(&yaml);
        assert!(by_rule(&analysis, CONFLICTS).is_empty(), "{second}");
    }
}

#[test]
fn ist0177_unset_protocol_counts_as_a_protocol() {
    let yaml = format!(
        "{}{}",
        entry(
            "default",
            "a",
            "[db.example.com]",
            "[{number: 5432, name: pg}]",
            ", addresses: [10.0.0.1]"
        ),
        entry(
            "default",
            "b",
            "[db.example.com]",
            "[{number: 5432, name: pg, protocol: TCP}]",
            ", addresses: [10.0.0.1]"
        )
    );
    let (_, analysis) = run(&yaml);
    let found = by_rule(&analysis, CONFLICTS);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0]
            .finding
            .message
            .ends_with("with conflicting protocols (, TCP)."),
        "{}",
        found[0].finding.message
    );
}

/// Two entries for `api.example.com:443`, HTTP then TLS, in the given namespaces and with the
/// given `exportTo` lists; how many IST0177 findings result.
fn scoped_conflicts(first: (&str, &str), second: (&str, &str)) -> usize {
    let yaml = format!(
        "{}{}",
        entry(
            first.0,
            "a",
            "[api.example.com]",
            HTTP_443,
            &format!(", exportTo: {}", first.1)
        ),
        entry(
            second.0,
            "b",
            "[api.example.com]",
            TLS_443,
            &format!(", exportTo: {}", second.1)
        )
    );
    let (_, analysis) = run(&yaml);
    by_rule(&analysis, CONFLICTS).len()
}

#[test]
fn ist0177_only_within_overlapping_export_scopes() {
    // Each private to its own namespace: never seen together.
    assert_eq!(scoped_conflicts(("a", "['.']"), ("b", "['.']")), 0);
    // Same namespace, both private.
    assert_eq!(scoped_conflicts(("a", "['.']"), ("a", "['.']")), 2);
    // A namespace scope sees every `*` entry.
    assert_eq!(scoped_conflicts(("a", "['.']"), ("b", "[]")), 2);
    assert_eq!(scoped_conflicts(("a", "['.']"), ("b", "['*']")), 2);
    assert_eq!(scoped_conflicts(("a", "[x, '*']"), ("b", "[]")), 2);
    // Exported to the other's namespace.
    assert_eq!(scoped_conflicts(("a", "[b]"), ("b", "['.']")), 2);
    assert_eq!(scoped_conflicts(("a", "[c]"), ("b", "[d]")), 0);
}

#[test]
fn ist0177_each_entry_is_reported_once() {
    let two_ports =
        "[{number: 443, name: tls, protocol: TLS}, {number: 80, name: http, protocol: HTTP}]";
    let other =
        "[{number: 443, name: https, protocol: HTTPS}, {number: 80, name: tcp, protocol: TCP}]";
    let yaml = format!(
        "{}{}",
        entry(
            "default",
            "a",
            "[api.example.com, www.example.com]",
            two_ports,
            ", addresses: [10.0.0.1]"
        ),
        entry(
            "default",
            "b",
            "[api.example.com, www.example.com]",
            other,
            ", addresses: [10.0.0.1]"
        )
    );
    let (objects, analysis) = run(&yaml);
    let found = by_rule(&analysis, CONFLICTS);
    let mut names: Vec<_> = found.iter().map(|f| located(&objects, f).0).collect();
    names.sort();
    assert_eq!(names, ["default/a", "default/b"]);
    // The first conflicting group (host api.example.com, port 443) names them.
    assert_eq!(
        found[0].finding.message,
        "Multiple ServiceEntries (default/a, default/b) define the same host \
         \"api.example.com\" and port 443 with conflicting protocols (HTTPS, TLS)."
    );
}

#[test]
fn ist0177_many_entries_in_one_conflict_are_named_sorted() {
    let mut yaml = String::new();
    for (name, protocol) in [("c", "HTTP"), ("a", "HTTP"), ("b", "GRPC")] {
        yaml.push_str(&entry(
            "ns",
            name,
            "[api.example.com]",
            &format!("[{{number: 8080, name: p, protocol: {protocol}}}]"),
            "",
        ));
    }
    let (_, analysis) = run(&yaml);
    let found = by_rule(&analysis, CONFLICTS);
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|f| f.finding.message
        == "Multiple ServiceEntries (ns/a, ns/b, ns/c) define the same host \
            \"api.example.com\" and port 8080 with conflicting protocols (GRPC, HTTP)."));
}
