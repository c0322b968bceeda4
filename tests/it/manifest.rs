//! Reading manifests: documents, lists and streams; errors and unknown fields by place.

use istio_egress::manifest::{self, Format, Manifest, Object};

const MIXED: &str = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ok
spec:
  hosts: [a.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bad-timeout
spec:
  http:
  - timeout:
      seconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
---
kind: Thing
metadata: {name: no-api-version}
---
# only a comment: not a document
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kept
data:
  key: value
";

#[test]
fn every_document_is_either_read_or_reported_by_place() {
    let read = Manifest::parse(MIXED);
    let kinds: Vec<_> = read.documents.iter().map(|d| d.object.kind()).collect();
    assert_eq!(kinds, ["VirtualService", "Service", "ConfigMap"]);
    let indexes: Vec<_> = read.documents.iter().map(|d| d.source.document).collect();
    assert_eq!(indexes, [0, 2, 4]);

    assert_eq!(read.errors.len(), 2, "{:?}", read.errors);
    let timeout = &read.errors[0];
    assert_eq!(timeout.source.document, 1);
    assert_eq!(timeout.source.line, 7);
    assert_eq!(
        timeout.path.as_ref().unwrap().to_string(),
        "spec.http[0].timeout"
    );
    assert_eq!(timeout.line, Some(14));
    assert!(
        timeout.message.contains("expected a string"),
        "{}",
        timeout.message
    );
    assert_eq!(
        timeout.to_string(),
        format!(
            "document 1, line 14, spec.http[0].timeout: {}",
            timeout.message
        )
    );

    let untyped = &read.errors[1];
    assert_eq!(untyped.source.document, 3);
    assert!(untyped.message.contains("no apiVersion"));
}

#[test]
fn other_kinds_are_kept_as_read() {
    let read = Manifest::parse(MIXED);
    let Object::Other(config_map) = &read.documents[2].object else {
        panic!("a ConfigMap is kept raw");
    };
    assert_eq!(config_map["data"]["key"], "value");
    let written = manifest::to_yaml(read.objects(), Default::default()).unwrap();
    assert!(written.contains("key: value"));
}

#[test]
fn broken_yaml_does_not_hide_the_documents_around_it() {
    let text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nfoo: [unclosed\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n";
    let read = Manifest::parse(text);
    let names: Vec<_> = read.objects().map(|o| o.name().unwrap()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(read.errors.len(), 1);
    assert_eq!(read.errors[0].source.document, 1);
    assert_eq!(read.errors[0].source.line, 4);
    assert!(read.errors[0].message.starts_with("invalid YAML"));
    assert!(read.errors[0].line.is_some_and(|line| line >= 5));
    assert!(manifest::from_str(text).is_err());
}

#[test]
fn unknown_fields_are_reported_with_path_and_line_and_do_not_fail() {
    let text = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: legacy
spec:
  hosts: [a]
  http:
  - websocketUpgrade: true
    route:
    - destination: {host: a}
";
    let read = Manifest::parse(text);
    assert!(read.errors.is_empty());
    let unknown = &read.documents[0].unknown_fields;
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].path.to_string(), "spec.http[0].websocketUpgrade");
    assert_eq!(unknown[0].line, Some(8));
}

#[test]
fn lists_and_json_streams_and_arrays_are_read_item_by_item() {
    let list = r#"{"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "networking.istio.io/v1beta1", "kind": "Gateway", "metadata": {"name": "g"}},
        {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "spec": {"servers": 5}}
    ]}"#;
    let read = Manifest::parse(list);
    assert_eq!(read.documents.len(), 1);
    assert_eq!(read.documents[0].source.item, Some(0));
    assert_eq!(read.errors.len(), 1);
    assert_eq!(read.errors[0].source.item, Some(1));
    assert_eq!(
        read.errors[0].path.as_ref().unwrap().to_string(),
        "spec.servers"
    );
    assert_eq!(read.errors[0].line, Some(3));

    let stream = "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}}\n\
                  {\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"b\"}}";
    let read = Manifest::parse_as(stream, Format::Json);
    assert_eq!(read.documents.len(), 2);
    assert_eq!(read.documents[1].source.document, 1);
    assert_eq!(read.documents[1].source.line, 2);

    let yaml_list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: x}\n";
    let read = Manifest::parse(yaml_list);
    assert_eq!(read.documents[0].object.name(), Some("x"));
}

#[test]
fn an_istio_kind_with_an_unserved_version_is_an_error_not_a_raw_object() {
    let text = "apiVersion: networking.istio.io/v2\nkind: Gateway\nmetadata: {name: g}\n";
    let read = Manifest::parse(text);
    assert!(read.documents.is_empty());
    assert!(
        read.errors[0].message.contains("not a served version"),
        "{}",
        read.errors[0]
    );
}

#[test]
fn a_one_of_with_two_branches_is_an_error_naming_both() {
    let text = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v}
spec:
  http:
  - match:
    - uri: {exact: /a, prefix: /b}
";
    let error = &Manifest::parse(text).errors[0];
    assert_eq!(
        error.path.as_ref().unwrap().to_string(),
        "spec.http[0].match[0].uri"
    );
    assert!(
        error.message.contains("exact and prefix"),
        "{}",
        error.message
    );
    assert_eq!(error.line, Some(7));
}

#[test]
fn duplicate_keys_are_errors() {
    let text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a, name: b}\n";
    let read = Manifest::parse(text);
    assert_eq!(read.errors.len(), 1, "{read:?}");
    assert!(read.errors[0].message.contains("duplicate"));
}

/// `parse_each` hands over exactly what `parse_with` collects, one item at a time and in file
/// order: objects and errors interleaved as their documents stand, list items in their
/// places, on YAML and JSON alike.
#[test]
fn parse_each_hands_over_what_parse_collects_in_file_order() {
    let json_stream = r#"{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "g"}},
  {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": 7},
  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}]}
{"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": {"name": "s"},
 "spec": {"hosts": ["a.example.com"], "colour": "blue"}}
[{"kind": "Thing"}, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "w"}}]
{"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "spec": {"http": 1}}"#;
    let mut texts = vec![
        (MIXED.to_owned(), Format::Yaml),
        (json_stream.to_owned(), Format::Json),
    ];
    for name in std::fs::read_dir(crate::support::data("egress-canon")).unwrap() {
        let path = name.unwrap().path();
        texts.push((std::fs::read_to_string(path).unwrap(), Format::Auto));
    }
    for (text, format) in &texts {
        let limits = manifest::Limits::DEFAULT;
        let mut handed = Vec::new();
        manifest::parse_each(text, *format, &limits, |read| handed.push(read));
        let collected = Manifest::parse_with(text, *format, &limits);
        let documents: Vec<_> = handed
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .cloned()
            .collect();
        let errors: Vec<_> = handed
            .iter()
            .filter_map(|r| r.as_ref().err())
            .cloned()
            .collect();
        assert_eq!(documents, collected.documents);
        assert_eq!(errors, collected.errors);
        let places: Vec<_> = handed
            .iter()
            .map(|read| match read {
                Ok(document) => (document.source.document, document.source.item),
                Err(error) => (error.source.document, error.source.item),
            })
            .collect();
        assert!(places.is_sorted(), "not in file order: {places:?}");
    }
    // The JSON stream holds each kind of item: typed, raw, and broken, in lists and arrays.
    let mut handed = Vec::new();
    manifest::parse_each(
        json_stream,
        Format::Json,
        &manifest::Limits::DEFAULT,
        |read| {
            handed.push(
                read.map(|d| d.object.kind().to_owned())
                    .map_err(|e| e.source),
            )
        },
    );
    let kinds: Vec<_> = handed
        .iter()
        .map(|r| r.as_ref().ok().map(String::as_str))
        .collect();
    assert_eq!(
        kinds,
        [
            Some("Gateway"),
            None,
            Some("ConfigMap"),
            Some("ServiceEntry"),
            None,
            Some("Service"),
            None
        ]
    );
}

#[test]
fn short_text_is_read_inline_and_long_text_whole() {
    // Text of up to 24 bytes needs no heap block of its own, from JSON and from YAML alike;
    // longer text is kept whole.
    let long = "svc-12345.shop-frontend.svc.cluster.local";
    let json = format!(
        r#"{{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
            "metadata": {{"name": "r"}},
            "spec": {{"host": "{long}", "subsets": [{{"name": "v1", "labels": {{"version": "v1"}}}}]}}}}"#
    );
    let yaml = format!(
        "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\n\
         spec:\n  host: {long}\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n"
    );
    for (text, format) in [(json.as_str(), Format::Json), (yaml.as_str(), Format::Yaml)] {
        let read = Manifest::parse_as(text, format);
        assert!(read.errors.is_empty(), "{format:?}: {:?}", read.errors);
        let Some(Object::DestinationRule(rule)) = read.objects().next() else {
            panic!("{format:?}: no DestinationRule read");
        };
        assert_eq!(rule.spec.host, long);
        assert!(rule.spec.host.is_heap_allocated(), "{format:?}");
        let subset = &rule.spec.subsets[0];
        assert_eq!(subset.name, "v1");
        assert!(!subset.name.is_heap_allocated(), "{format:?}");
        let (key, value) = subset.labels.iter().next().expect("one label");
        assert_eq!((key.as_str(), value.as_str()), ("version", "v1"));
        assert!(
            !key.is_heap_allocated() && !value.is_heap_allocated(),
            "{format:?}"
        );
    }
}
