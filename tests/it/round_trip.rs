//! Every Istio document of the egress canon and of Istio's validation datasets reads, writes
//! back as the same JSON, survives YAML and JSON round trips, and passes the CRD's schema and
//! CEL rules as we write it.

use crate::support;

use std::path::Path;

use istio_egress::manifest::{self, Format, Manifest, Object};
use istio_egress::networking::ApiVersion;
use serde_json::Value;
use support::*;

/// The fixtures that hold only valid documents.
fn valid_fixtures() -> Vec<std::path::PathBuf> {
    let mut files = fixtures("egress-canon");
    files.extend(fixtures("validation-dataset"));
    files.extend(
        fixtures("validation-crds")
            .into_iter()
            .filter(|p| p.to_string_lossy().ends_with("-valid.yaml")),
    );
    files
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn is_istio(object: &Object) -> bool {
    matches!(
        object,
        Object::Gateway(_)
            | Object::ServiceEntry(_)
            | Object::VirtualService(_)
            | Object::DestinationRule(_)
    )
}

#[test]
fn every_valid_fixture_writes_back_what_it_read() {
    let mut istio_objects = 0;
    for path in valid_fixtures() {
        let file = name(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let read = Manifest::parse(&text);
        assert!(read.errors.is_empty(), "{file}: {:?}", read.errors);
        let raws: Vec<_> = manifest::read_values(&text, Format::Yaml)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            raws.len(),
            read.documents.len(),
            "{file}: one object per document"
        );

        for (document, (_, raw)) in read.documents.iter().zip(&raws) {
            let what = format!("{file} document {}", document.source.document);
            assert!(
                document.unknown_fields.is_empty(),
                "{what}: unknown fields {:?}",
                document.unknown_fields
            );
            // Written with the version it was read with, the object is the document.
            let version = raw["apiVersion"]
                .as_str()
                .and_then(ApiVersion::from_api_version)
                .unwrap_or_default();
            let written = serde_json::to_value(document.object.with_version(version)).unwrap();
            assert!(
                json_eq(&written, raw),
                "{what} changed: {}",
                first_difference(&written, raw, "").unwrap_or_default()
            );
            if is_istio(&document.object) {
                istio_objects += 1;
                // What we write, with the default v1, passes the CRD as strict apply would.
                let v1 = serde_json::to_value(&document.object).unwrap();
                assert_passes_crd(&what, &v1);
            }
        }

        let objects: Vec<Object> = read.objects().cloned().collect();
        for version in ApiVersion::ALL {
            let yaml = manifest::to_yaml(&objects, version).unwrap();
            assert_eq!(
                manifest::from_str(&yaml).unwrap(),
                objects,
                "{file}: YAML {version}"
            );
            let json = manifest::to_json(&objects, version).unwrap();
            assert_eq!(
                manifest::from_str(&json).unwrap(),
                objects,
                "{file}: JSON {version}"
            );
        }
    }
    assert!(
        istio_objects >= 60,
        "only {istio_objects} Istio objects were checked"
    );
}

#[test]
fn written_yaml_uses_the_requested_version() {
    let text = std::fs::read_to_string(data("egress-canon/10-egress-gateway-http.yaml")).unwrap();
    let objects = manifest::from_str(&text).unwrap();
    let yaml = manifest::to_yaml(&objects, ApiVersion::V1alpha3).unwrap();
    assert!(yaml.contains("apiVersion: networking.istio.io/v1alpha3"));
    assert!(!yaml.contains("networking.istio.io/v1\n"));
    let json: Value =
        serde_json::from_str(&manifest::to_json(&objects, ApiVersion::V1).unwrap()).unwrap();
    assert_eq!(json["kind"], "List");
    assert_eq!(json["items"].as_array().unwrap().len(), objects.len());
}

#[test]
fn ipv6_addresses_in_flow_sequences_read_as_go_reads_them() {
    let text = std::fs::read_to_string(data("validation-crds/serviceentry-valid.yaml")).unwrap();
    let objects = manifest::from_str(&text).unwrap();
    let Object::ServiceEntry(entry) = &objects[0] else {
        panic!("expected a ServiceEntry first");
    };
    assert_eq!(entry.spec.addresses, ["1.2.3.4", "001:db8::"]);
}
