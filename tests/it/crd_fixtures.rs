//! Istio's own CRD fixtures: the schema and CEL checks the other tests rely on reject every
//! `_err` document (but the one apiserver list-map semantics catch), and our reader still reads
//! each of those documents, so that validation can report what is wrong with it.

use crate::support;

use istio_egress::manifest::{self, Format, Manifest};
use support::*;

#[test]
fn invalid_fixtures_are_rejected_by_the_crd_and_still_read() {
    let mut checked = 0;
    for file in ["serviceentry-invalid.yaml", "destinationrule-invalid.yaml"] {
        let text = std::fs::read_to_string(data(&format!("validation-crds/{file}"))).unwrap();
        for raw in manifest::read_values(&text, Format::Yaml) {
            let (source, mut value) = raw.unwrap();
            let expected = take(&mut value, "_err").unwrap();
            let expected = expected.as_str().unwrap();
            let kind = value["kind"].as_str().unwrap().to_string();

            // The reader takes the document as it is (the `_err` key aside).
            let yaml = serde_saphyr::to_string(&value).unwrap();
            let read = Manifest::parse(&yaml);
            assert!(read.errors.is_empty(), "{file} {source}: {:?}", read.errors);

            let mut problems = schema_errors(&kind, &value);
            problems.extend(cel_errors(&kind, &value));
            if expected.contains("Duplicate value") {
                // Enforced by the apiserver's list-map keys, which no schema check sees.
                continue;
            }
            assert!(
                !problems.is_empty(),
                "{file} {source}: accepted, expected {expected}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 14);
}
