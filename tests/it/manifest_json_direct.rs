//! JSON documents of a known kind are read straight from the text into their types; everything
//! else goes through a `serde_json::Value`. These tests hold the two ways to the same result:
//! the same JSON text read as JSON (the direct way, where it applies) and as YAML (always through
//! a value, since YAML is read into a value first) gives the same objects, the same unknown
//! fields on the same lines, and errors for the same documents.

use crate::support;

use istio_egress::manifest::{self, Document, Format, Limit, Limits, Manifest};
use serde_json::{Value, json};

/// The documents of every YAML fixture, as values.
fn fixture_values() -> Vec<Value> {
    let mut values = Vec::new();
    for folder in ["egress-canon", "validation-crds", "validation-dataset"] {
        for file in support::fixtures(folder) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (_, value) in manifest::read_values(&text, Format::Yaml)
                .into_iter()
                .flatten()
            {
                values.push(value);
            }
        }
    }
    assert!(
        values.len() > 60,
        "the fixtures hold {} documents",
        values.len()
    );
    values
}

/// Unknown fields in path order: the value tree visits keys sorted, the direct way in
/// document order, and both orders are faithful to the input.
fn normalized(documents: Vec<Document>) -> Vec<Document> {
    documents
        .into_iter()
        .map(|mut document| {
            document
                .unknown_fields
                .sort_by_key(|field| field.path.to_string());
            document
        })
        .collect()
}

/// Reads the documents both ways and asserts they agree; returns the JSON reading. The JSON
/// stream separates them by a blank line, the YAML stream by `---`, so that every field is on
/// the same line in both (a YAML document's own line is that of its `---`).
fn both_ways<S: AsRef<str>>(documents: &[S]) -> Manifest {
    let documents: Vec<&str> = documents.iter().map(AsRef::as_ref).collect();
    let direct = Manifest::parse_as(&documents.join("\n\n"), Format::Json);
    let through_value = Manifest::parse_as(&documents.join("\n---\n"), Format::Yaml);
    let direct_documents = normalized(direct.documents.clone());
    let value_documents = normalized(through_value.documents.clone());
    assert_eq!(direct_documents.len(), value_documents.len());
    for (a, b) in direct_documents.iter().zip(&value_documents) {
        let text = documents[a.source.document];
        assert_eq!(a.source.document, b.source.document);
        assert_eq!(a.source.item, b.source.item);
        assert_eq!(a.object, b.object, "document {}: {text}", a.source.document);
        assert_eq!(a.unknown_fields, b.unknown_fields, "{text}");
    }
    let failed = |manifest: &Manifest| {
        manifest
            .errors
            .iter()
            .map(|error| (error.source.document, error.source.item, error.path.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(failed(&direct), failed(&through_value));
    direct
}

fn pretty(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .map(|value| serde_json::to_string_pretty(value).unwrap())
        .collect()
}

#[test]
fn every_fixture_reads_the_same_both_ways() {
    let values = fixture_values();
    let read = both_ways(&pretty(&values));
    assert_eq!(read.documents.len() + read.errors.len(), values.len());
    // Compact JSON, one document per line, too.
    let compact: Vec<String> = values.iter().map(Value::to_string).collect();
    both_ways(&compact);
}

/// The fixtures with fields no type knows added at several depths.
fn with_unknown_fields(mut values: Vec<Value>) -> Vec<Value> {
    for value in &mut values {
        let Some(object) = value.as_object_mut() else {
            continue;
        };
        object.insert("zeta".into(), json!({"nested": [1, 2]}));
        object.insert("alpha".into(), json!(true));
        if let Some(Value::Object(spec)) = object.get_mut("spec") {
            spec.insert("unknownSpecField".into(), json!("x"));
            for list in ["http", "servers", "ports", "subsets"] {
                if let Some(Value::Array(items)) = spec.get_mut(list)
                    && let Some(Value::Object(first)) = items.first_mut()
                {
                    first.insert("bogus".into(), json!({"a": 1}));
                }
            }
        }
    }
    values
}

/// Adds fields no type knows at several depths of every fixture.
#[test]
fn unknown_fields_are_the_same_both_ways() {
    let values = with_unknown_fields(fixture_values());
    let read = both_ways(&pretty(&values));
    let unknown: usize = read
        .documents
        .iter()
        .map(|document| document.unknown_fields.len())
        .sum();
    assert!(
        unknown >= 2 * read.documents.len(),
        "{unknown} unknown fields"
    );
    assert!(
        read.documents
            .iter()
            .flat_map(|document| &document.unknown_fields)
            .all(|field| field.line.is_some())
    );
}

const GATEWAY: &str = r#"{"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "g"}, "spec": {"selector": {"istio": "egressgateway"}}}"#;

/// Documents whose type only a full reading can tell, or that the direct way must hand over.
fn edge_cases() -> Vec<String> {
    let gateway = GATEWAY;
    [
        // Kind last, and apiVersion after the spec.
        r#"{"metadata": {"name": "g"}, "spec": {}, "apiVersion": "networking.istio.io/v1", "kind": "Gateway"}"#,
        // An escape in the kind, and in a top-level key.
        r#"{"apiVersion": "networking.istio.io/v1", "kind": "Gatew\u0061y", "metadata": {"name": "g"}}"#,
        r#"{"apiVersion": "networking.istio.io/v1", "ki\u006ed": "Gateway", "metadata": {"name": "g"}}"#,
        // The head first, in either order, and an escape in a later top-level key.
        r#"{"kind": "Gateway", "apiVersion": "networking.istio.io/v1", "metadata": {"name": "g"}, "spec": {"x": 1}}"#,
        r#"{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "met\u0061data": {"name": "g"}, "sp\u0065c": {"x": 1}}"#,
        // A kind that is not a string, and no kind.
        r#"{"apiVersion": "networking.istio.io/v1", "kind": 7, "metadata": {"name": "g"}}"#,
        r#"{"apiVersion": "networking.istio.io/v1", "metadata": {"name": "g"}}"#,
        // Keys named like the head's inside nested objects.
        r#"{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "g", "labels": {"kind": "List", "items": "x"}}}"#,
        // A field of the wrong type, and a one-of with both branches.
        r#"{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "g"}, "spec": {"servers": [{"port": {"number": "eighty"}}]}}"#,
        r#"{"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "v"}, "spec": {"http": [{"redirect": {"uri": "/a"}, "directResponse": {"status": 200}}]}}"#,
        // A List of objects, a List-named kind with a spec, and an array of objects.
        &format!(r#"{{"apiVersion": "v1", "kind": "List", "items": [{gateway}, {gateway}]}}"#),
        r#"{"apiVersion": "networking.istio.io/v1", "kind": "GatewayList", "items": [], "spec": {}}"#,
        &format!("[{gateway}, {gateway}]"),
        // Kinds the crate does not type, and core kinds it does.
        r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}}"#,
        r#"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}}"#,
        // Not an object.
        r#""Gateway""#,
        "42",
    ]
    .map(str::to_owned)
    .to_vec()
}

#[test]
fn edge_cases_read_the_same_both_ways() {
    for case in edge_cases() {
        both_ways(&[&case]);
        both_ways(&[GATEWAY, &case, GATEWAY]);
    }
}

/// `items` of a `kind: List` object, written as `kubectl get -o json` writes them.
fn list_of(items: &[Value]) -> Value {
    json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items})
}

/// A `List` of JSON documents, its items kept as they are written.
fn list_of_texts(items: &[String]) -> String {
    format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{}\n]}}",
        items.join(",\n")
    )
}

/// A `List` is read item by item, each item as the reading of the whole `List` into one value
/// would read it: the same objects, numbered the same, with the same unknown fields on the same
/// lines, and the same errors.
#[test]
fn a_list_of_every_fixture_reads_the_same_both_ways() {
    let values = fixture_values();
    for list in [
        list_of(&values),
        list_of(&with_unknown_fields(values.clone())),
    ] {
        let read = both_ways(&pretty(std::slice::from_ref(&list)));
        assert_eq!(read.documents.len() + read.errors.len(), values.len());
        assert!(
            read.documents
                .iter()
                .enumerate()
                .all(|(i, d)| d.source.item == Some(i))
        );
        both_ways(&[list.to_string()]);
    }
    let with_unknown = list_of(&with_unknown_fields(values));
    let read = both_ways(&pretty(std::slice::from_ref(&with_unknown)));
    assert!(
        read.documents
            .iter()
            .flat_map(|document| &document.unknown_fields)
            .all(|field| field.line.is_some())
    );
    // A `List` longer than the stream window is read from a window as long as a document may
    // be (or measured by the scan first), and the same way.
    let text = serde_json::to_string_pretty(&with_unknown).unwrap();
    let narrow = Limits::default().with_max_nodes(text.len() / 2);
    assert_eq!(
        Manifest::parse_with(&text, Format::Json, &narrow),
        Manifest::parse_as(&text, Format::Json)
    );
}

/// Items the direct way hands over — nested `List`s, untyped kinds, errors, non-objects — are
/// read as the general way reads them, in their place among items it reads itself.
#[test]
fn edge_cases_read_the_same_as_list_items() {
    let cases = edge_cases();
    both_ways(&[list_of_texts(&cases)]);
    let mut mixed = Vec::new();
    for case in &cases {
        mixed.extend([GATEWAY.to_owned(), case.clone()]);
    }
    mixed.push(GATEWAY.to_owned());
    both_ways(&[list_of_texts(&mixed)]);
    both_ways(&[
        GATEWAY.to_owned(),
        list_of_texts(&mixed),
        GATEWAY.to_owned(),
    ]);
}

/// `List`s whose top level the general reader reads in its own way: a kind that is not a plain
/// string, items that are not a list, a `spec`, nested `List`s.
#[test]
fn list_tops_read_the_same_both_ways() {
    let other = r#"{"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": {"name": "s"}, "spec": {"hosts": ["x.example.com"]}}"#;
    let gateway = GATEWAY;
    let cases = [
        format!(r#"{{"kind": "Li\u0073t", "items": [{gateway}]}}"#),
        format!(r#"{{"kind": "GatewayList", "items": [{gateway}], "spec": {{}}}}"#),
        format!(
            r#"{{"items": [{gateway}], "kind": "VirtualServiceList", "metadata": {{"continue": "x"}}}}"#
        ),
        format!(r#"{{"kind": 7, "items": [{gateway}]}}"#),
        r#"{"kind": "List", "items": null}"#.to_owned(),
        r#"{"kind": "List", "items": {"a": 1}}"#.to_owned(),
        r#"{"kind": "List", "items": []}"#.to_owned(),
        r#"{"kind": "List"}"#.to_owned(),
        format!(
            r#"{{"kind": "List", "items": [{{"kind": "List", "items": [{gateway}, {{"kind": "List", "items": [{other}]}}]}}, {other}]}}"#
        ),
    ];
    for case in &cases {
        both_ways(&[case]);
        both_ways(&[gateway, case, gateway]);
    }
}

/// A repeated key at a `List`'s top level counts as its last value, as in a
/// `serde_json::Value` (YAML, the other way, refuses repeated keys).
#[test]
fn a_repeated_key_of_a_list_reads_as_its_last_value() {
    let other = r#"{"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": {"name": "s"}, "spec": {"hosts": ["x.example.com"]}}"#;
    let gateway = GATEWAY;
    let cases = [
        (
            format!(r#"{{"kind": "List", "items": [{gateway}], "items": [{other}]}}"#),
            format!(r#"{{"kind": "List", "items": [{other}]}}"#),
        ),
        (
            format!(r#"{{"kind": "Gateway", "kind": "List", "items": [{gateway}]}}"#),
            format!(r#"{{"kind": "List", "items": [{gateway}]}}"#),
        ),
        (
            format!(r#"{{"kind": "List", "kind": "Gateway", "items": [{gateway}]}}"#),
            format!(r#"{{"kind": "Gateway", "items": [{gateway}]}}"#),
        ),
    ];
    for (twice, once) in &cases {
        let twice = Manifest::parse_as(twice, Format::Json);
        let once = Manifest::parse_as(once, Format::Json);
        assert_eq!(twice.documents, once.documents);
        let failed = |m: &Manifest| m.errors.iter().map(|e| e.path.clone()).collect::<Vec<_>>();
        assert_eq!(failed(&twice), failed(&once));
    }
}

/// A `List` is held to the depth limit as a whole: its items sit two levels below it.
#[test]
fn the_depth_limit_holds_on_lists() {
    let values: Vec<Value> = fixture_values().into_iter().take(20).collect();
    let list = list_of(&values);
    let deepest = depth(&list);
    for text in [
        list.to_string(),
        serde_json::to_string_pretty(&list).unwrap(),
    ] {
        // Within the stream window, and past it (where the scan splits the List out first).
        for window in [usize::MAX, text.len() / 2] {
            let limits = |max| Limits::default().with_max_depth(max).with_max_nodes(window);
            let within = Manifest::parse_with(&text, Format::Json, &limits(deepest));
            assert!(
                within.errors.iter().all(|e| e.limit.is_none()),
                "{:?}",
                within.errors
            );
            assert_eq!(within.documents.len() + within.errors.len(), values.len());
            let over = Manifest::parse_with(&text, Format::Json, &limits(deepest - 1));
            assert_eq!(over.documents.len(), 0);
            assert_eq!(over.errors[0].limit, Some(Limit::Depth));
        }
    }
}

/// A repeated key counts as its last value, as in a `serde_json::Value`, even though a typed
/// object's own reader rejects the repetition.
#[test]
fn a_repeated_key_reads_as_its_last_value() {
    let twice = r#"{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "kind": "ServiceEntry",
        "metadata": {"name": "a"}, "metadata": {"name": "b"}, "spec": {"hosts": ["x.example.com"]}}"#;
    let once = r#"{"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry",
        "metadata": {"name": "b"}, "spec": {"hosts": ["x.example.com"]}}"#;
    let twice = Manifest::parse_as(twice, Format::Json);
    let once = Manifest::parse_as(once, Format::Json);
    assert!(twice.errors.is_empty(), "{:?}", twice.errors);
    assert_eq!(
        twice.objects().collect::<Vec<_>>(),
        once.objects().collect::<Vec<_>>()
    );
}

/// How many maps and lists deep a value nests (the value itself the first level).
fn depth(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Reads `text` as JSON with the depth limit set to `max`; whether the one document read or
/// failed on its depth.
fn read_within_depth(text: &str, max: usize) -> Result<(), ()> {
    let limits = Limits::default().with_max_depth(max);
    let read = Manifest::parse_with(text, Format::Json, &limits);
    match (read.documents.len(), read.errors.as_slice()) {
        (1, []) => Ok(()),
        (0, [error]) if error.limit == Some(Limit::Depth) => Err(()),
        _ => panic!("unexpected result at depth limit {max}: {read:?}\n{text}"),
    }
}

/// The direct way reads an object straight from the stream, without the scan that measures
/// depth, so it measures depth itself: every typed fixture reads at a limit of its own depth
/// and fails at one less, with the deepest level in a typed field or in a skipped one.
#[test]
fn the_depth_limit_holds_on_the_direct_way() {
    let mut values: Vec<Value> = fixture_values()
        .into_iter()
        .filter(|value| {
            Manifest::parse_as(&value.to_string(), Format::Json)
                .errors
                .is_empty()
        })
        .collect();
    assert!(values.len() > 40, "{} readable fixtures", values.len());
    // The deepest level in an unknown field of the spec, as a list and as a map.
    let skipped = values
        .iter()
        .take(3)
        .flat_map(|value| {
            let deep = depth(value) + 2;
            [
                json!([[[[[[[[1]]]]]]]]),
                (0..deep).fold(json!("x"), |inner, _| json!({ "k": inner })),
            ]
            .map(|extra| {
                let mut value = value.clone();
                value["spec"]["extra"] = extra;
                value
            })
        })
        .collect::<Vec<_>>();
    values.extend(skipped);
    for value in &values {
        let deepest = depth(value);
        for text in [
            value.to_string(),
            serde_json::to_string_pretty(value).unwrap(),
        ] {
            assert_eq!(read_within_depth(&text, deepest), Ok(()));
            assert_eq!(read_within_depth(&text, deepest - 1), Err(()));
        }
    }
}

/// Documents read straight from the stream start on the lines a scan would give them, with
/// any white space (or none) between them, and a stray token between two objects does not
/// take either with it.
#[test]
fn documents_start_where_they_are_on_the_direct_way() {
    let gateway = |name: &str| {
        format!(
            "{{\"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\",\n\
             \"metadata\": {{\"name\": \"{name}\"}},\n\"spec\": {{\"bogus\": 1}}}}"
        )
    };
    let separators = ["", " ", "\n", "\r\n", "\n\n\t \n", "  \r\n  "];
    for separator in separators {
        let parts = [gateway("a"), gateway("b"), gateway("c")];
        let text = parts.join(separator);
        let read = Manifest::parse_as(&text, Format::Json);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        let mut expected_line = 1;
        for (document, part) in read.documents.iter().zip(&parts) {
            assert_eq!(document.source.line, expected_line, "{text:?}");
            // `spec.bogus` is on the document's third line.
            assert_eq!(document.unknown_fields[0].line, Some(expected_line + 2));
            expected_line += (part.to_string() + separator).matches('\n').count() as u64;
        }
    }
    let text = format!("{}x{}", gateway("a"), gateway("b"));
    let read = Manifest::parse_as(&text, Format::Json);
    assert_eq!(read.documents.len(), 2, "{:?}", read.errors);
    assert_eq!(read.errors.len(), 1);
    assert_eq!(read.errors[0].source.document, 1);
    assert_eq!(read.documents[1].source.document, 2);
}

/// An object longer than the stream window (twice the node limit, in bytes) is still read when
/// it holds few enough values, through the scan; one longer than the byte limit is refused.
#[test]
fn objects_past_the_window_go_the_way_of_the_scan() {
    let long_name = "n".repeat(200);
    let text = format!(
        "{{\"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \
         \"metadata\": {{\"name\": \"g\", \"labels\": {{\"a\": \"{long_name}\"}}}}}}"
    );
    let values = 13;
    let read = |limits: Limits| Manifest::parse_with(&text, Format::Json, &limits);
    let within = read(Limits::default().with_max_nodes(values));
    assert_eq!((within.documents.len(), within.errors.len()), (1, 0));
    let over = read(Limits::default().with_max_nodes(values - 1));
    assert_eq!(over.errors[0].limit, Some(Limit::Nodes), "{over:?}");
    let bytes = text.len();
    let fits = read(Limits::default().with_max_document_bytes(bytes));
    assert_eq!((fits.documents.len(), fits.errors.len()), (1, 0));
    let too_long = read(Limits::default().with_max_document_bytes(bytes - 1));
    assert_eq!(too_long.errors[0].limit, Some(Limit::DocumentBytes));
}

/// The values of a JSON value as the stream's scan counts them: every string (keys included),
/// number, literal, object and array.
fn values_in(value: &Value) -> usize {
    1 + match value {
        Value::Object(map) => map.len() + map.values().map(values_in).sum::<usize>(),
        Value::Array(items) => items.iter().map(values_in).sum(),
        _ => 0,
    }
}

/// The stream window is twice the node limit less one byte, as wide as the limit allows: valid
/// JSON of `n` values takes at least `2n - 1` bytes. The densest documents the direct reader
/// takes (long arrays of one-digit numbers, compact) are refused at one value over the limit
/// and read at the limit, and read the same when the window holds all of them; so does a
/// `List` of them.
#[test]
fn the_node_limit_holds_at_the_edge_of_the_stream_window() {
    let gateway = |name: &str| {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
            "metadata": {"name": name}, "spec": {"n": vec![0; 4000]}})
    };
    let items: Vec<Value> = (0..3).map(|i| gateway(&format!("g{i}"))).collect();
    for value in [gateway("g"), list_of(&items)] {
        let text = value.to_string();
        let values = values_in(&value);
        let read = |max_nodes: usize| {
            let limits = Limits::default().with_max_nodes(max_nodes);
            Manifest::parse_with(&text, Format::Json, &limits)
        };
        let over = read(values - 1);
        assert_eq!(over.documents.len(), 0, "{text}");
        assert_eq!(over.errors[0].limit, Some(Limit::Nodes));
        let expected = Manifest::parse_as(&text, Format::Json);
        assert!(expected.errors.is_empty(), "{:?}", expected.errors);
        // At the limit, the text is longer than the window and goes through the scan; from
        // half its length on, the window holds it all and it is read straight.
        let whole_window = text.len().div_ceil(2);
        assert!(2 * values - 1 < text.len() && whole_window > values);
        for max_nodes in [values, whole_window, whole_window + 1] {
            assert_eq!(read(max_nodes), expected, "max_nodes {max_nodes}");
        }
    }
}

/// A `List` longer than the stream window is read from a window as long as a document may be
/// when a count of its commas, colons and brackets shows it cannot hold more values than one
/// may; else the scan measures it first. Either way, at the edges of the node and size limits,
/// it reads as with the limits lifted, or fails on the limit it breaks. The `List` is printed
/// as `kubectl` prints it, its keys sorted (`items` before `kind`), and its items' strings hold
/// colons and commas, which the count takes for values.
#[test]
fn a_list_past_the_stream_window_keeps_to_the_limits() {
    let mut items = fixture_values();
    items.truncate(40);
    items.push(
        json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "colons", "annotations": {"a": "x: 1, y: [2], z: {3}"}}}),
    );
    let list = list_of(&items);
    let text = serde_json::to_string_pretty(&list).unwrap();
    assert!(text.find("\"items\"") < text.find("\"kind\""));
    let values = values_in(&list);
    // What the count allows for: one value per colon, comma, `{` and `[` of the text.
    let bound = 1 + text.matches([':', ',', '{', '[']).count();
    assert!(
        bound > values + 5 && text.len() > 2 * bound,
        "{values} {bound}"
    );
    let unlimited = Limits::default()
        .with_max_nodes(usize::MAX)
        .with_max_document_bytes(usize::MAX);
    let expected = Manifest::parse_with(&text, Format::Json, &unlimited);
    assert_eq!(
        expected.documents.len() + expected.errors.len(),
        items.len()
    );
    let read = |limits: Limits| Manifest::parse_with(&text, Format::Json, &limits);
    let nodes = |max_nodes| read(Limits::default().with_max_nodes(max_nodes));
    for max_nodes in [values, bound - 1, bound, bound + 1] {
        assert_eq!(nodes(max_nodes), expected, "max_nodes {max_nodes}");
    }
    let over = nodes(values - 1);
    assert_eq!(over.documents.len(), 0);
    assert_eq!(over.errors[0].limit, Some(Limit::Nodes));
    let bytes = |max_bytes| {
        read(
            Limits::default()
                .with_max_nodes(bound)
                .with_max_document_bytes(max_bytes),
        )
    };
    assert_eq!(bytes(text.len()), expected);
    let too_long = bytes(text.len() - 1);
    assert_eq!(too_long.documents.len(), 0);
    assert_eq!(too_long.errors[0].limit, Some(Limit::DocumentBytes));
    // Followed by more documents than the count allows for, it is measured by the scan.
    let stream = format!("{text}\n{GATEWAY}\n{GATEWAY}");
    let limits = Limits::default().with_max_nodes(bound);
    let read = Manifest::parse_with(&stream, Format::Json, &limits);
    let wide = Manifest::parse_with(&stream, Format::Json, &unlimited);
    assert_eq!(read.documents.len(), expected.documents.len() + 2);
    assert_eq!(read, wide);
    // A stream of many `List`s, each longer than the stream window, each read from a window
    // that holds it and the next.
    let small = serde_json::to_string_pretty(&list_of(&items[..4])).unwrap();
    let stream = vec![small.as_str(); 30].join("\n");
    let limits = Limits::default()
        .with_max_nodes(small.len() / 2)
        .with_max_document_bytes(2 * small.len() + 1);
    let read = Manifest::parse_with(&stream, Format::Json, &limits);
    let wide = Manifest::parse_with(&stream, Format::Json, &unlimited);
    assert_eq!(read.documents.len() + read.errors.len(), 30 * 4);
    assert_eq!(read, wide);
}

/// A `List` whose window stops before the stream ends is read from a window as long as a
/// document may be (or left to the scan, which measures it and offers it whole): followed by
/// other documents, it reads as when its window holds the whole stream.
#[test]
fn a_list_with_documents_after_it_reads_the_same_past_its_window() {
    let values: Vec<Value> = fixture_values().into_iter().take(20).collect();
    let list = serde_json::to_string_pretty(&list_of(&values)).unwrap();
    let text = format!("{list}\n{GATEWAY}\n{GATEWAY}");
    // A window that holds the `List` but not what follows it.
    let limits = Limits::default().with_max_nodes(list.len().div_ceil(2) + 1);
    let read = Manifest::parse_with(&text, Format::Json, &limits);
    let wide = Manifest::parse_as(&text, Format::Json);
    assert_eq!(read.documents.len(), values.len() + 2 - read.errors.len());
    assert_eq!(read, wide);
}

/// Documents between half the stream window and the whole of it, some with multi-byte
/// characters where a window ends, read the same as with the default limits: the direct reader
/// may be offered less than a whole window, and what it cannot finish goes the general way.
#[test]
fn documents_near_the_window_size_read_as_with_a_wide_window() {
    let window = 600;
    let documents: Vec<String> = (0..40)
        .map(|i| {
            // Label values of 1- to 4-byte characters, so windows end inside characters too.
            let character = ["a", "é", "€", "𝄞"][i % 4];
            let value = character.repeat((170 + i * 37 % 270) / character.len());
            format!(
                "{{\"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\",\n \
                 \"metadata\": {{\"name\": \"g{i}\", \"labels\": {{\"v\": \"{value}\"}}}},\n \
                 \"spec\": {{\"bogus\": {i}}}}}\n"
            )
        })
        .collect();
    let sizes: Vec<usize> = documents.iter().map(String::len).collect();
    assert!(
        sizes.iter().all(|&n| n > window / 2 && n < window),
        "{sizes:?}"
    );
    let text = documents.concat();
    let narrow = Limits::default().with_max_document_bytes(window);
    let read = Manifest::parse_with(&text, Format::Json, &narrow);
    let wide = Manifest::parse_as(&text, Format::Json);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(read.documents.len(), 40);
    assert_eq!(read.documents, wide.documents);
}

/// Lists, of structured elements and of strings alike, keep no unused room once read, from
/// JSON (whose lists do not say their length) as from YAML.
#[test]
fn lists_are_read_at_their_own_size() {
    let text = r#"{"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "v"},
        "spec": {"hosts": ["a.example.com"], "http": [{"match": [{"uri": {"prefix": "/"}}],
          "route": [{"destination": {"host": "a.example.com"}}]}],
          "tls": [{"match": [{"sniHosts": ["a.example.com"]}],
          "route": [{"destination": {"host": "a.example.com"}}]}]}}
{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "d"},
        "spec": {"host": "a.example.com", "subsets": [{"name": "v1", "labels": {"v": "1"}}],
          "trafficPolicy": {"portLevelSettings": [{"port": {"number": 80}}]}}}
{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "g"},
        "spec": {"servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"},
          "hosts": ["*"]}]}}
{"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": {"name": "s"},
        "spec": {"hosts": ["a.example.com"], "ports": [{"number": 80, "name": "http"}],
          "endpoints": [{"address": "10.0.0.1"}]}}"#;
    for format in [Format::Json, Format::Yaml] {
        let text = match format {
            Format::Json => text.to_owned(),
            _ => text.replace("}}\n{", "}}\n---\n{"),
        };
        let read = Manifest::parse_as(&text, format);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        let mut lists = Vec::new();
        for object in read.objects() {
            match object {
                manifest::Object::VirtualService(vs) => {
                    let http = &vs.spec.http;
                    let tls = &vs.spec.tls;
                    let hosts = &vs.spec.hosts;
                    lists.push(("hosts", hosts.len(), hosts.capacity()));
                    lists.push(("http", http.len(), http.capacity()));
                    lists.push((
                        "http.match",
                        http[0].r#match.len(),
                        http[0].r#match.capacity(),
                    ));
                    lists.push(("http.route", http[0].route.len(), http[0].route.capacity()));
                    lists.push(("tls", tls.len(), tls.capacity()));
                    lists.push(("tls.match", tls[0].r#match.len(), tls[0].r#match.capacity()));
                    let sni = &tls[0].r#match[0].sni_hosts;
                    lists.push(("tls.match.sniHosts", sni.len(), sni.capacity()));
                    lists.push(("tls.route", tls[0].route.len(), tls[0].route.capacity()));
                }
                manifest::Object::DestinationRule(dr) => {
                    let subsets = &dr.spec.subsets;
                    lists.push(("subsets", subsets.len(), subsets.capacity()));
                    let policy = dr.spec.traffic_policy.as_ref().unwrap();
                    let ports = &policy.port_level_settings;
                    lists.push(("portLevelSettings", ports.len(), ports.capacity()));
                }
                manifest::Object::Gateway(gw) => {
                    let servers = &gw.spec.servers;
                    lists.push(("servers", servers.len(), servers.capacity()));
                    let hosts = &servers[0].hosts;
                    lists.push(("servers.hosts", hosts.len(), hosts.capacity()));
                }
                manifest::Object::ServiceEntry(se) => {
                    let (ports, endpoints) = (&se.spec.ports, &se.spec.endpoints);
                    let hosts = &se.spec.hosts;
                    lists.push(("serviceEntry.hosts", hosts.len(), hosts.capacity()));
                    lists.push(("ports", ports.len(), ports.capacity()));
                    lists.push(("endpoints", endpoints.len(), endpoints.capacity()));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(lists.len(), 15);
        for (list, len, capacity) in lists {
            assert_eq!((len, capacity), (1, 1), "{list} read from {format:?}");
        }
    }
    // Longer lists too: three subsets grow past their first room and are trimmed to three.
    let three = r#"{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "d"}, "spec": {"host": "a.example.com", "subsets":
        [{"name": "a", "labels": {"v": "a"}}, {"name": "b", "labels": {"v": "b"}},
         {"name": "c", "labels": {"v": "c"}}]}}"#;
    for format in [Format::Json, Format::Yaml] {
        let read = Manifest::parse_as(three, format);
        let Some(manifest::Object::DestinationRule(dr)) = read.objects().next() else {
            panic!("{read:?}");
        };
        let subsets = &dr.spec.subsets;
        assert_eq!((subsets.len(), subsets.capacity()), (3, 3), "{format:?}");
    }
}
