//! Istio's egress examples through every analyzer: each canon set, analyzed together with the
//! egress gateway it assumes (its Service, from `00-environment`, and one gateway Pod), gives
//! exactly the findings `istioctl analyze` gives (ANALYZERS.md §D): IST0129 on the origination
//! DestinationRules without `caCertificates`, and IST0101/IST0174 only for in-cluster Services
//! the examples rely on but do not include.

use crate::support;

use istio_egress::analyze::{Analysis, Options, analyze};
use istio_egress::manifest::{self, Object};
use support::data;

/// One expected finding: the object (`Kind namespace/name`), the code and the path.
type Expected = (&'static str, &'static str, &'static str);

/// What every analyzer reports on each canon file.
const CANON: &[(&str, &[Expected])] = &[
    ("00-environment-istio-egressgateway.yaml", &[]),
    ("01-direct-serviceentry-http-https.yaml", &[]),
    (
        "02-sidecar-tls-origination-simple.yaml",
        &[(
            "DestinationRule default/edition-cnn-com",
            "IST0129",
            "spec.trafficPolicy.portLevelSettings[0].tls.mode",
        )],
    ),
    // workloadSelector + credentialName: exempt from IST0129.
    ("03-sidecar-mtls-origination-credentialname.yaml", &[]),
    ("10-egress-gateway-http.yaml", &[]),
    ("11-egress-gateway-https-passthrough-sni.yaml", &[]),
    ("12-egress-gateway-networkpolicy.yaml", &[]),
    (
        "13-egress-gateway-tls-origination-istio-mutual.yaml",
        &[(
            "DestinationRule default/originate-tls-for-edition-cnn-com",
            "IST0129",
            "spec.trafficPolicy.portLevelSettings[0].tls.mode",
        )],
    ),
    (
        "14-egress-gateway-mtls-origination-credentialname.yaml",
        &[
            (
                "DestinationRule istio-system/originate-mtls-for-nginx",
                "IST0129",
                "spec.trafficPolicy.portLevelSettings[0].tls.mode",
            ),
            // The in-cluster my-nginx Service of mesh-external is not in the set, so the
            // origination rule's host and the gateway hop's destination do not resolve.
            (
                "DestinationRule istio-system/originate-mtls-for-nginx",
                "IST0174",
                "spec.host",
            ),
            (
                "VirtualService default/direct-nginx-through-egress-gateway",
                "IST0101",
                "spec.http[1].route[0].destination.host",
            ),
        ],
    ),
    ("15-egress-gateway-wildcard-sni-passthrough.yaml", &[]),
    ("16-egress-gateway-tcp.yaml", &[]),
    // The gateway hop goes to an in-cluster Service the set does not include.
    (
        "17-egress-gateway-tls-wrapped-in-istio-mutual.yaml",
        &[(
            "VirtualService default/direct-cnn-through-egress-gateway",
            "IST0101",
            "spec.tcp[0].route[0].destination.host",
        )],
    ),
    // The file brings its own Services, so the DestinationRules' hosts resolve.
    ("18-kubernetes-services-for-egress.yaml", &[]),
    // Both routes end at an in-cluster Service the set does not include.
    (
        "19-egress-gateway-http-over-istio-mutual-443.yaml",
        &[
            (
                "VirtualService app-ns/route-via-egressgateway",
                "IST0101",
                "spec.http[1].route[0].destination.host",
            ),
            (
                "VirtualService app-ns/route-via-egressgateway-2",
                "IST0101",
                "spec.http[1].route[0].destination.host",
            ),
        ],
    ),
];

/// The egress gateway's Pod, which the canon assumes is running.
const EGRESS_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: istio-egressgateway-xyz
  namespace: istio-system
  labels: {app: istio-egressgateway, istio: egressgateway}
";

fn canon_file(name: &str) -> String {
    std::fs::read_to_string(data(&format!("egress-canon/{name}"))).unwrap()
}

fn summary(objects: &[Object], analysis: &Analysis) -> Vec<(String, String, String)> {
    let mut rows: Vec<_> = analysis
        .findings
        .iter()
        .map(|f| {
            let object = &objects[f.object];
            (
                format!(
                    "{} {}/{}",
                    object.kind(),
                    object.namespace().unwrap_or("default"),
                    object.name().unwrap_or("")
                ),
                f.finding.code.to_string(),
                f.finding.path.to_string(),
            )
        })
        .collect();
    rows.sort();
    rows.dedup();
    rows
}

#[test]
fn every_canon_set_gives_exactly_the_expected_findings() {
    let listed = support::fixtures("egress-canon").len();
    assert_eq!(listed, CANON.len(), "every canon file has expectations");
    let environment = canon_file("00-environment-istio-egressgateway.yaml");
    let options = Options::default().with_validation();
    let mut failures = Vec::new();
    for (file, expected) in CANON {
        let text = if *file == "00-environment-istio-egressgateway.yaml" {
            format!("{environment}\n---\n{EGRESS_POD}")
        } else {
            format!(
                "{environment}\n---\n{}\n---\n{EGRESS_POD}",
                canon_file(file)
            )
        };
        let objects = manifest::from_str(&text).unwrap();
        let found = summary(&objects, &analyze(&objects, &options));
        let mut expected: Vec<_> = expected
            .iter()
            .map(|(o, c, p)| (o.to_string(), c.to_string(), p.to_string()))
            .collect();
        expected.sort();
        if found != expected {
            failures.push(format!(
                "{file}:\n  found    {found:?}\n  expected {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn canon_messages_read_like_istio() {
    let text = format!(
        "{}\n---\n{}\n---\n{EGRESS_POD}",
        canon_file("00-environment-istio-egressgateway.yaml"),
        canon_file("02-sidecar-tls-origination-simple.yaml")
    );
    let objects = manifest::from_str(&text).unwrap();
    let analysis = analyze(&objects, &Options::default());
    let found: Vec<_> = analysis.with_code("IST0129").collect();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].finding.message,
        "DestinationRule default/edition-cnn-com in namespace default has TLS mode set to \
         SIMPLE but no caCertificates are set to validate server identity for host: \
         edition.cnn.com at port number:80"
    );
}
