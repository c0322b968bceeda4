//! Istio's own fixtures through `validate`: every `_err` document of Istio's CRD datasets is
//! rejected with the text Istio expects, every valid document is accepted, and the egress
//! canon holds no errors.

use crate::support;

use istio_egress::manifest::{self, Format, Manifest};
use istio_egress::validate::{Report, Validate};
use support::*;

fn errors_text(report: &Report) -> Vec<String> {
    report
        .errors()
        .map(|f| format!("{}: {}", f.path, f.message))
        .collect()
}

/// Whether a report rejects the object the way the `_err` text says: with that text, or, for
/// the apiserver's `<path>: Required value` / `<path>: Invalid value`, with an error at that
/// path.
fn rejects_as(report: &Report, expected: &str) -> bool {
    let errors = errors_text(report);
    if errors.iter().any(|e| e.contains(expected)) {
        return true;
    }
    let Some((path, _)) = expected.split_once(": ") else {
        return false;
    };
    // A ServiceEntry without `spec` reads as one with an empty spec, so the missing spec is
    // reported as the missing `spec.hosts` inside it.
    let path = if path == "spec" { "spec.hosts" } else { path };
    report.errors().any(|f| f.path.to_string() == path)
}

#[test]
fn istio_invalid_documents_are_rejected_with_istios_reason() {
    let mut checked = 0;
    for file in ["serviceentry-invalid.yaml", "destinationrule-invalid.yaml"] {
        let text = std::fs::read_to_string(data(&format!("validation-crds/{file}"))).unwrap();
        for raw in manifest::read_values(&text, Format::Yaml) {
            let (source, mut value) = raw.unwrap();
            let expected = take(&mut value, "_err").unwrap();
            let expected = expected.as_str().unwrap().to_string();
            let yaml = serde_saphyr::to_string(&value).unwrap();
            let objects = manifest::from_str(&yaml).unwrap();
            let report = objects[0].validate();
            assert!(
                rejects_as(&report, &expected),
                "{file} {source}: expected {expected:?}, found:\n{report}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 15);
}

#[test]
fn istio_valid_documents_and_the_egress_canon_are_accepted() {
    let mut files = fixtures("egress-canon");
    files.extend(fixtures("validation-dataset"));
    files.extend(
        fixtures("validation-crds")
            .into_iter()
            .filter(|p| p.to_string_lossy().ends_with("-valid.yaml")),
    );
    let mut checked = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for document in Manifest::parse(&text).documents {
            let report = document.object.validate();
            assert!(
                !report.has_errors(),
                "{} {}: {}",
                path.display(),
                document.source,
                errors_text(&report).join("\n")
            );
            checked += 1;
        }
    }
    assert!(checked > 60);
}
