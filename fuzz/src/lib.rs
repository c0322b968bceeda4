//! What the fuzz targets check, one function per target.
//!
//! A crash is a panic: either one of the library's, or a failed assertion here, which states
//! a promise of the library's documentation. `tests/it/fuzz_regressions.rs` includes this file,
//! so every crash found is replayed through exactly these checks.

use istio_egress::analyze::{self, analyze};
use istio_egress::egress::{EgressBundle, EgressGateway, EgressPlan, EgressRoute};
use istio_egress::manifest::{
    self, Document, Format, Limits, Manifest, Object, ReadError, read_values,
};
use istio_egress::networking::ApiVersion;
use istio_egress::validate::{Options, Severity, Validate};
use serde_json::Value;

/// The input as text: invalid UTF-8 sequences become U+FFFD, as a lenient reader would
/// have them.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Reads `text` as a manifest in `format` and checks that nothing is lost:
///
/// - every value the reader splits off is accounted for, as objects or as errors — an empty
///   JSON array or an empty `List` is the only value that gives neither;
/// - text with content in it gives at least one value or error;
/// - a JSON stream that `serde_json` reads whole gives the same values, and a YAML stream
///   that `serde-saphyr` reads whole gives the same documents;
/// - every object read writes back as YAML and as JSON, and reads back equal, with no
///   unknown field.
pub fn manifest(text: &str, format: Format) {
    let read = Manifest::parse_as(text, format);
    let raw = read_values(text, format);
    accounted_for(&read, &raw);
    if has_content(text, format) {
        assert!(!raw.is_empty(), "text with content gave nothing at all");
    }
    match format {
        Format::Json => same_as_serde_json(text, &raw),
        Format::Yaml => same_as_serde_saphyr(text, &raw),
        Format::Auto => {}
    }
    for document in &read.documents {
        writes_back(document);
    }
}

/// Whether any line or value of the text holds something a reader must look at.
fn has_content(text: &str, format: Format) -> bool {
    match format {
        // Anything but JSON's four white-space characters starts a value, or a stray token
        // the reader reports.
        Format::Json => text
            .bytes()
            .any(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')),
        // YAML documents of only comments, markers and null values are empty, by design.
        Format::Yaml | Format::Auto => false,
    }
}

/// Every value of `raw` is in `read`: an error as that error, a value as the objects or
/// errors its items (or itself) gave, each exactly once, and nothing else is in `read`.
fn accounted_for(read: &Manifest, raw: &[Result<(manifest::Source, Value), ReadError>]) {
    let mut expected: Vec<(usize, Option<usize>)> = Vec::new();
    for entry in raw {
        match entry {
            Err(error) => {
                assert!(
                    read.errors.contains(error),
                    "the error {error} is not reported by Manifest::parse"
                );
                expected.push((error.source.document, error.source.item));
            }
            Ok((source, value)) => {
                let mut items = Vec::new();
                match value {
                    Value::Array(list) => flattened(list, &mut 0, &mut items),
                    Value::Object(map) if is_list(map) => {
                        flattened(std::slice::from_ref(value), &mut 0, &mut items)
                    }
                    // A lone object (or anything else) is no item of a list.
                    _ => items.push(None),
                }
                expected.extend(items.into_iter().map(|item| (source.document, item)));
            }
        }
    }
    let mut got: Vec<(usize, Option<usize>)> = read
        .documents
        .iter()
        .map(|d| (d.source.document, d.source.item))
        .chain(
            read.errors
                .iter()
                .map(|e| (e.source.document, e.source.item)),
        )
        .collect();
    got.sort_unstable();
    expected.sort_unstable();
    assert_eq!(
        got, expected,
        "the objects and errors read are not one for each value and item"
    );
}

/// What the reader makes of `values`, the items of a `List` or an array: an item per object,
/// numbered from `next` on, with nested `List`s flattened into their own items (as `kubectl`
/// does), and an error (`None`) for a nested `List` whose `items` is not a list.
fn flattened(values: &[Value], next: &mut usize, out: &mut Vec<Option<usize>>) {
    for value in values {
        match value {
            Value::Object(map) if is_list(map) => match map.get("items") {
                Some(Value::Array(items)) => flattened(items, next, out),
                Some(Value::Null) | None => {}
                Some(_) => out.push(None),
            },
            _ => {
                out.push(Some(*next));
                *next += 1;
            }
        }
    }
}

/// Kubernetes' rule for a `List`: a kind ending in `List`, with `items` and no `spec`.
fn is_list(map: &serde_json::Map<String, Value>) -> bool {
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    kind.ends_with("List") && map.contains_key("items") && !map.contains_key("spec")
}

/// When `serde_json` reads the whole stream and it holds only objects and arrays, the reader
/// gives exactly those values.
fn same_as_serde_json(text: &str, raw: &[Result<(manifest::Source, Value), ReadError>]) {
    let Ok(values) = serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<Vec<Value>, _>>()
    else {
        return;
    };
    if !values.iter().all(|v| v.is_object() || v.is_array()) {
        return;
    }
    let read = values_read(raw, "serde_json");
    assert_eq!(
        read,
        values.iter().collect::<Vec<_>>(),
        "the reader and serde_json read different values"
    );
}

/// The values the reader read, in order, when `other` read the whole stream: the reader must
/// not fail on any of it.
fn values_read<'r>(
    raw: &'r [Result<(manifest::Source, Value), ReadError>],
    other: &str,
) -> Vec<&'r Value> {
    raw.iter()
        .map(|entry| match entry {
            Ok((_, value)) => value,
            Err(error) => panic!("{other} reads the stream, the reader fails: {error}"),
        })
        .collect()
}

/// When `serde-saphyr` reads the whole stream, the reader gives its documents (those that
/// are not null), unless it refuses one over a limit. A plain scalar ending in `:` inside a
/// flow sequence is read as Go reads it, which YAML 1.2 does not, so values are only compared
/// when the text has none.
fn same_as_serde_saphyr(text: &str, raw: &[Result<(manifest::Source, Value), ReadError>]) {
    let Ok(values) = serde_saphyr::from_multiple::<Value>(text) else {
        return;
    };
    if raw
        .iter()
        .any(|entry| matches!(entry, Err(e) if e.limit.is_some()))
    {
        return;
    }
    let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let read = values_read(raw, "serde-saphyr");
    assert_eq!(
        read.len(),
        values.len(),
        "the reader and serde-saphyr read a different number of documents"
    );
    if !text.contains(":,") && !text.contains(":]") {
        assert_eq!(
            read, values,
            "the reader and serde-saphyr read different values"
        );
    }
}

/// Limits for reading back what was written: writing a document as a `List` nests it two
/// levels deeper, and written text has no aliases, so it may be larger than what was read.
const READ_BACK: Limits = Limits::DEFAULT
    .with_max_depth(Limits::MAX_DEPTH_CEILING)
    .with_max_nodes(usize::MAX)
    .with_max_document_bytes(usize::MAX);

/// The document's object writes as YAML and as JSON, and each reads back as the same object,
/// with no field unknown.
fn writes_back(document: &Document) {
    let object = &document.object;
    let yaml = manifest::to_yaml([object], ApiVersion::V1)
        .unwrap_or_else(|e| panic!("an object read cannot be written as YAML: {e}"));
    read_back(object, &yaml, Format::Yaml);
    let json = manifest::to_json([object], ApiVersion::V1)
        .unwrap_or_else(|e| panic!("an object read cannot be written as JSON: {e}"));
    read_back(object, &json, Format::Json);
}

fn read_back(object: &Object, written: &str, format: Format) {
    let back = Manifest::parse_with(written, format, &READ_BACK);
    assert!(
        back.errors.is_empty(),
        "{format:?} written does not read back: {:?}\n{written}",
        back.errors
    );
    assert_eq!(
        back.documents.len(),
        1,
        "{format:?} written reads back as {} objects\n{written}",
        back.documents.len()
    );
    let document = &back.documents[0];
    assert_eq!(
        &document.object, object,
        "{format:?} written reads back different\n{written}"
    );
    assert!(
        document.unknown_fields.is_empty(),
        "{format:?} written has unknown fields {:?}\n{written}",
        document.unknown_fields
    );
}

/// Reads `text` as a manifest of either format, validates every object, with and without
/// automatic address allocation, and analyzes them together; none of it may panic.
pub fn check(text: &str) {
    let read = Manifest::parse(text);
    let objects: Vec<Object> = read.documents.into_iter().map(|d| d.object).collect();
    for object in &objects {
        object.validate();
        object.validate_with(&Options::default().ip_autoallocate(false));
    }
    let analysis = analyze(&objects, &analyze::Options::default());
    for finding in &analysis.findings {
        assert!(
            finding.object < objects.len(),
            "a finding names object {} of {}",
            finding.object,
            objects.len()
        );
    }
    analyze(&objects, &analyze::Options::default().with_validation());
}

/// Reads an [`EgressPlan`], a list of [`EgressRoute`]s or one route from `text` (JSON when it
/// starts with `{` or `[`, YAML otherwise) and composes it. A bundle must hold what its
/// documentation promises: objects that pass validation without an error, also after a YAML
/// write and read, and analysis without an error with the gateways as context.
pub fn compose(text: &str) {
    let Some(plan) = plan(text) else {
        return;
    };
    let Ok(bundle) = plan.compose() else {
        return;
    };
    bundle_holds(&bundle, &plan);
}

/// The plan the text describes, if it describes one.
pub fn plan(text: &str) -> Option<EgressPlan> {
    fn read<T: serde::de::DeserializeOwned>(text: &str, json: bool) -> Option<T> {
        if json {
            serde_json::from_str(text).ok()
        } else {
            serde_saphyr::from_str(text).ok()
        }
    }
    let json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
    read::<EgressPlan>(text, json)
        .or_else(|| read::<Vec<EgressRoute>>(text, json).map(EgressPlan::new))
        .or_else(|| read::<EgressRoute>(text, json).map(EgressPlan::from))
}

fn bundle_holds(bundle: &EgressBundle, plan: &EgressPlan) {
    let objects = bundle.objects();
    assert_eq!(objects.len(), bundle.len());
    for (index, object) in objects.iter().enumerate() {
        let report = object.validate();
        assert!(
            !report.has_errors(),
            "composed object {index} ({} {:?}) fails validation: {:?}",
            object.kind(),
            object.name(),
            report.errors().collect::<Vec<_>>()
        );
    }

    // Written as YAML and read back, the bundle is the same objects.
    let yaml = manifest::to_yaml(objects.iter(), ApiVersion::V1)
        .unwrap_or_else(|e| panic!("a bundle cannot be written as YAML: {e}"));
    let back = Manifest::parse_as(&yaml, Format::Yaml);
    assert!(back.errors.is_empty(), "{:?}\n{yaml}", back.errors);
    let back: Vec<Object> = back.documents.into_iter().map(|d| d.object).collect();
    assert_eq!(back, objects, "the bundle reads back different\n{yaml}");

    // With each gateway's Service and pod as context, analysis finds no error.
    let mut with_context = objects.clone();
    let mut gateways: Vec<&EgressGateway> = Vec::new();
    for route in &plan.routes {
        if !route.direct && !gateways.contains(&&route.gateway) {
            gateways.push(&route.gateway);
        }
    }
    for gateway in &gateways {
        with_context.push(Object::from(gateway.service_object()));
        with_context.push(Object::from(gateway.pod_object()));
    }
    let mut options = analyze::Options::default().with_validation();
    if let Some(gateway) = gateways.first() {
        options.cluster_domain = gateway.cluster_domain.clone();
    }
    let analysis = analyze(&with_context, &options);
    let errors: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.object < objects.len() && f.finding.severity == Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "analysis of a composed bundle finds errors: {errors:?}"
    );
}
