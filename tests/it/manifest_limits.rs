//! Reading hostile manifests: every input gives a clear error or a bounded result, within the
//! documented [`Limits`], and no good document is lost because of a bad one.
//!
//! What bounds the work is the limits, and each test checks the error or the bounded result;
//! tests assert no times. The timed runs print how long they took:
//! `cargo test --release --test it manifest_limits -- --nocapture --test-threads 1`.

use std::sync::Mutex;
use std::time::Instant;

use istio_egress::manifest::{Format, Limit, Limits, Manifest, ReadError, read_values_with};

/// Runs `f` and prints how long it took, for reading by hand; speed itself is measured by the
/// benchmarks. Timed runs take turns, so that their figures do not skew each other.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    static TURN: Mutex<()> = Mutex::new(());
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let start = Instant::now();
    let out = f();
    println!("{what}: {:?}", start.elapsed());
    out
}

/// Runs `f` on a thread with a 2 MiB stack, the smallest Rust gives a spawned thread by
/// default, whatever `RUST_MIN_STACK` says.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// A multi-document text, and the line on which each document starts.
struct Stream {
    text: String,
    starts: Vec<u64>,
    /// The line breaks in the text so far.
    lines: u64,
}

impl Stream {
    fn new() -> Self {
        Stream {
            text: String::new(),
            starts: Vec::new(),
            lines: 0,
        }
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.lines += text.bytes().filter(|b| *b == b'\n').count() as u64;
    }

    /// YAML documents (each ending in a line break) joined by `---` lines; a document after
    /// the first starts on its `---` line.
    fn yaml(docs: &[&str]) -> Self {
        let mut stream = Stream::new();
        for (i, doc) in docs.iter().enumerate() {
            assert!(doc.ends_with('\n'));
            if i > 0 {
                stream.push("---\n");
            }
            stream.starts.push(stream.lines + 1 - u64::from(i > 0));
            stream.push(doc);
        }
        stream
    }

    /// JSON documents, one after the other on their own lines.
    fn json(docs: &[&str]) -> Self {
        let mut stream = Stream::new();
        for doc in docs {
            stream.starts.push(stream.lines + 1);
            stream.push(doc);
            stream.push("\n");
        }
        stream
    }

    /// The line of line `k` (from 0) of YAML document `doc`'s own text.
    fn yaml_line(&self, doc: usize, k: u64) -> u64 {
        self.starts[doc] + k + u64::from(doc > 0)
    }
}

fn config_map(name: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  key: value\n")
}

fn config_map_json(name: &str) -> String {
    format!(
        r#"{{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {{"name": "{name}"}}, "data": {{"key": "value"}}}}"#
    )
}

fn names(read: &Manifest) -> Vec<(usize, &str)> {
    read.documents
        .iter()
        .map(|d| (d.source.document, d.object.name().unwrap_or("")))
        .collect()
}

/// The one error of a read, checked to name `limit` in its field and its message.
fn the_limit_error(read: &Manifest, limit: Limit) -> &ReadError {
    assert_eq!(read.errors.len(), 1, "{:#?}", read.errors);
    let error = &read.errors[0];
    assert_eq!(error.limit, Some(limit), "{error}");
    assert!(error.message.contains(limit.name()), "{error}");
    error
}

/// Ten levels of ten aliases each: a billion `lol`s once expanded.
fn billion_laughs() -> String {
    let mut doc = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n");
    doc.push_str("  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i", "j"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{previous}"); 10].join(", ");
        doc.push_str(&format!("  {name}: &{name} [{refs}]\n"));
    }
    doc
}

#[test]
fn an_alias_bomb_is_stopped_by_the_expansion_limit() {
    let bomb = billion_laughs();
    let stream = Stream::yaml(&[&config_map("before"), &bomb, &config_map("after")]);
    let read = timed("billion laughs", || Manifest::parse(&stream.text));
    assert_eq!(names(&read), [(0, "before"), (2, "after")]);
    let error = the_limit_error(&read, Limit::AliasExpansions);
    assert_eq!(error.source.document, 1);
    assert_eq!(error.source.line, stream.starts[1]);
    // It stops while expanding one of the alias lines, `b` to `j`.
    let line = error.line.unwrap();
    assert!(
        (stream.yaml_line(1, 5)..=stream.yaml_line(1, 13)).contains(&line),
        "{error}"
    );
}

#[test]
fn many_alias_bombs_cost_no_more_than_one() {
    // The budget for expanding aliases is the manifest's: once the first bomb has spent it,
    // the others stop at their first expansion, while documents without aliases still read.
    let bomb = billion_laughs();
    let good = config_map("good");
    let mut docs = Vec::new();
    for _ in 0..1000 {
        docs.push(bomb.as_str());
        docs.push(good.as_str());
    }
    let stream = Stream::yaml(&docs);
    let read = timed("1,000 billion laughs", || Manifest::parse(&stream.text));
    assert_eq!(read.documents.len(), 1000);
    assert_eq!(read.errors.len(), 1000);
    for (i, error) in read.errors.iter().enumerate() {
        assert_eq!(error.source.document, 2 * i);
        assert_eq!(error.limit, Some(Limit::AliasExpansions), "{error}");
    }
    assert!(
        read.errors[1]
            .message
            .contains("of which earlier documents used"),
        "{}",
        read.errors[1]
    );
    // Small uses of aliases fit the budget many times over.
    let alias = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: &n x}\ndata: {a: *n, b: *n}\n";
    let stream = Stream::yaml(&vec![alias; 1000]);
    let read = Manifest::parse(&stream.text);
    assert!(read.errors.is_empty(), "{:?}", read.errors.first());
    assert_eq!(read.documents.len(), 1000);
}

#[test]
fn an_alias_of_a_large_scalar_is_stopped_by_the_text_it_would_produce() {
    // 1 MiB of text, repeated 40 times: 40 MiB from a document of 1 MiB, more than the
    // 16 MiB that aliases may add to a manifest.
    let big = "x".repeat(1 << 20);
    let refs = vec!["*s"; 40].join(", ");
    let doc = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: s}}\ndata:\n  s: &s {big}\n  \
         copies: [{refs}]\n"
    );
    let stream = Stream::yaml(&[&doc, &config_map("after")]);
    let read = timed("large scalar aliased 40 times", || {
        Manifest::parse(&stream.text)
    });
    assert_eq!(names(&read), [(1, "after")]);
    let error = the_limit_error(&read, Limit::DocumentBytes);
    assert_eq!(error.source.document, 0);
    assert_eq!(error.line, Some(stream.yaml_line(0, 5)));
    assert!(
        error.message.contains("aliases produces too much text"),
        "{error}"
    );
}

#[test]
fn nesting_ten_thousand_deep_is_refused_before_it_is_built() {
    const DEEP: usize = 10_000;
    let yaml_cases = [
        (
            "YAML flow sequences",
            format!("{}1{}\n", "[".repeat(DEEP), "]".repeat(DEEP)),
            0,
        ),
        (
            "YAML flow sequences, one per line",
            format!("{}1{}\n", "[\n".repeat(DEEP), "]".repeat(DEEP)),
            64,
        ),
        (
            "YAML flow mappings",
            format!("{}1{}\n", "{a: ".repeat(DEEP), "}".repeat(DEEP)),
            0,
        ),
        (
            "YAML block sequences",
            format!("{}1\n", "- ".repeat(DEEP)),
            0,
        ),
        (
            "YAML anchored flow sequences",
            format!("{}1{}\n", "&x [".repeat(DEEP), "]".repeat(DEEP)),
            0,
        ),
    ];
    for (what, deep, line) in yaml_cases {
        on_small_stack(move || {
            let stream = Stream::yaml(&[&config_map("before"), &deep, &config_map("after")]);
            let read = timed(&format!("{what}, {DEEP} deep"), || {
                Manifest::parse(&stream.text)
            });
            assert_eq!(names(&read), [(0, "before"), (2, "after")], "{what}");
            let error = the_limit_error(&read, Limit::Depth);
            assert_eq!(error.source.document, 1, "{what}");
            assert_eq!(
                error.line,
                Some(stream.yaml_line(1, line)),
                "{what}: {error}"
            );
        });
    }

    let json_cases = [
        (
            "JSON arrays",
            format!("{}1{}", "[".repeat(DEEP), "]".repeat(DEEP)),
        ),
        (
            "JSON objects",
            format!("{}1{}", "{\"a\": ".repeat(DEEP), "}".repeat(DEEP)),
        ),
    ];
    for (what, deep) in json_cases {
        on_small_stack(move || {
            let before = config_map_json("before");
            let after = config_map_json("after");
            let stream = Stream::json(&[&before, &deep, &after]);
            let read = timed(&format!("{what}, {DEEP} deep"), || {
                Manifest::parse(&stream.text)
            });
            assert_eq!(names(&read), [(0, "before"), (2, "after")], "{what}");
            let error = the_limit_error(&read, Limit::Depth);
            assert_eq!(error.source.document, 1, "{what}");
            assert_eq!(error.line, Some(stream.starts[1]), "{what}");
        });
    }
}

#[test]
fn block_mappings_ten_thousand_deep_are_refused_by_depth() {
    // Block mappings 10,000 deep take 50 MB of indentation: past the document size limit,
    // so it is raised here to show the depth limit refusing them. The text is built in place.
    let mut text = config_map("before");
    text.push_str("---\n");
    for level in 0..10_000 {
        text.extend(std::iter::repeat_n(' ', level));
        text.push_str("k:\n");
    }
    text.push_str("---\n");
    text.push_str(&config_map("after"));
    let limits = Limits::default().with_max_document_bytes(64 << 20);
    let read = on_small_stack(move || {
        timed("YAML block mappings, 10000 deep", || {
            Manifest::parse_with(&text, Format::Auto, &limits)
        })
    });
    assert_eq!(names(&read), [(0, "before"), (2, "after")]);
    let error = the_limit_error(&read, Limit::Depth);
    assert_eq!(error.source.document, 1);
    // The document starts on line 7; the 65th key is on line 8 + 64.
    assert_eq!(error.line, Some(72));
}

#[test]
fn the_deepest_document_allowed_is_read_and_located_in_a_small_stack() {
    // A ServiceEntry whose unknown field `spec.extra` nests to exactly the depth limit: the
    // document is read twice (once for its value, once to locate the unknown field), and
    // its type walks it, all within a 2 MiB stack, in debug builds too.
    let max = Limits::DEFAULT.max_depth;
    for (format, extra) in [
        (Format::Yaml, max - 2),
        (Format::Json, max - 2),
        (Format::Yaml, max - 1),
        (Format::Json, max - 1),
    ] {
        let read = on_small_stack(move || {
            let nested = format!("{}1{}", "[".repeat(extra), "]".repeat(extra));
            let text = match format {
                Format::Json => format!(
                    "{{\"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"ServiceEntry\",\n\
                     \"metadata\": {{\"name\": \"deep\"}},\n\
                     \"spec\": {{\"hosts\": [\"a.example.com\"],\n\"extra\": {nested}}}}}"
                ),
                _ => format!(
                    "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\n\
                     metadata: {{name: deep}}\nspec:\n  hosts: [a.example.com]\n  \
                     extra: {nested}\n"
                ),
            };
            Manifest::parse_as(&text, format)
        });
        if extra + 2 <= max {
            assert!(read.errors.is_empty(), "{:?}", read.errors);
            let unknown = &read.documents[0].unknown_fields;
            assert_eq!(unknown[0].path.to_string(), "spec.extra");
            assert_eq!(
                unknown[0].line,
                Some(if format == Format::Json { 4 } else { 6 })
            );
        } else {
            let error = the_limit_error(&read, Limit::Depth);
            assert_eq!(error.source.document, 0);
        }
    }
}

/// A text of three parts: `before`, `size` bytes of `x`, and `after`, built in place so that
/// the test holds nothing but the input.
fn with_big_scalar(before: &str, size: usize, after: &str) -> String {
    let mut text = String::with_capacity(before.len() + size + after.len());
    text.push_str(before);
    text.extend(std::iter::repeat_n('x', size));
    text.push_str(after);
    text
}

#[test]
fn a_hundred_megabyte_yaml_scalar_is_refused_without_being_parsed() {
    let before = format!(
        "{}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: big}}\ndata:\n  big: ",
        config_map("before")
    );
    let after = format!("\n---\n{}", config_map("after"));
    let text = with_big_scalar(&before, 100 << 20, &after);
    let read = timed("YAML, a 100 MB scalar", || Manifest::parse(&text));
    assert_eq!(names(&read), [(0, "before"), (2, "after")]);
    let error = the_limit_error(&read, Limit::DocumentBytes);
    assert_eq!(error.source.document, 1);
    assert_eq!(error.line, Some(7));
}

#[test]
fn a_hundred_megabyte_json_string_is_refused_without_being_parsed() {
    let before = format!(
        "{}\n{{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"data\": {{\"big\": \"",
        config_map_json("before")
    );
    let after = format!("\"}}}}\n{}\n", config_map_json("after"));
    let text = with_big_scalar(&before, 100 << 20, &after);
    let read = timed("JSON, a 100 MB string", || Manifest::parse(&text));
    assert_eq!(names(&read), [(0, "before"), (2, "after")]);
    let error = the_limit_error(&read, Limit::DocumentBytes);
    assert_eq!(error.source.document, 1);
    assert_eq!(error.line, Some(2));
}

const MILLION: usize = 1_000_000;

#[test]
fn a_million_tiny_yaml_documents_are_read_up_to_the_document_limit() {
    let max = Limits::DEFAULT.max_documents;
    let text = "apiVersion: v1\nkind: ConfigMap\n---\n".repeat(MILLION);
    let read = timed("YAML, a million tiny documents", || Manifest::parse(&text));
    assert_eq!(read.documents.len(), max);
    assert_eq!(read.documents[max - 1].source.line, (3 * (max - 1)) as u64);
    let error = the_limit_error(&read, Limit::Documents);
    assert_eq!(error.source.document, max);
    let first = (3 * max) as u64;
    assert_eq!(error.line, Some(first));
    assert!(
        error
            .message
            .contains(&format!("lines {first} to {}", 3 * MILLION)),
        "{error}"
    );
}

#[test]
fn a_million_tiny_json_documents_are_read_up_to_the_document_limit() {
    let max = Limits::DEFAULT.max_documents;
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}\n".repeat(MILLION);
    let read = timed("JSON, a million tiny documents", || Manifest::parse(&text));
    assert_eq!(read.documents.len(), max);
    let error = the_limit_error(&read, Limit::Documents);
    assert_eq!(error.source.document, max);
    assert_eq!(error.line, Some(max as u64 + 1));
    assert!(
        error
            .message
            .contains(&format!("lines {} to {MILLION}", max + 1)),
        "{error}"
    );
}

#[test]
fn a_million_empty_yaml_documents_cost_no_parsing() {
    // Documents without content are not counted, and are told apart without the parser.
    let text = "---\n# nothing\n".repeat(MILLION);
    let read = timed("YAML, a million empty documents", || Manifest::parse(&text));
    assert_eq!(read, Manifest::default());
}

#[test]
fn a_wide_mapping_of_unknown_fields_is_located_in_linear_time() {
    // Each unknown field is looked up in the location tree by key; a linear search would
    // make this quadratic.
    let mut doc = String::from(
        "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: wide}\nspec:\n  \
         hosts: [a.example.com]\n",
    );
    const FIELDS: usize = 40_000;
    for i in (0..FIELDS).rev() {
        doc.push_str(&format!("  f{i}: [x:]\n"));
    }
    let read = timed("40,000 unknown fields", || Manifest::parse(&doc));
    assert!(read.errors.is_empty());
    let unknown = &read.documents[0].unknown_fields;
    assert_eq!(unknown.len(), FIELDS);
    let f0 = unknown
        .iter()
        .find(|u| u.path.to_string() == "spec.f0")
        .unwrap();
    assert_eq!(f0.line, Some(5 + FIELDS as u64));
}

#[test]
fn broken_yaml_documents_are_each_reported_and_the_others_read() {
    let limits = Limits::default().with_max_document_bytes(4096);
    let too_large = format!(
        "{}data: {{big: {}}}\n",
        config_map("large"),
        "x".repeat(4096)
    );
    let deep = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: deep}}\ndata: {}1{}\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    let bomb = billion_laughs();
    let stream = Stream::yaml(&[
        &config_map("a"),
        // 1: bad syntax on its third line.
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [}\n",
        &config_map("b"),
        // 3: a wrong type at a field.
        "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se}\nspec:\n  \
         hosts: 5\n",
        &config_map("c"),
        // 5: no kind.
        "apiVersion: v1\nmetadata: {name: nokind}\n",
        &config_map("d"),
        // 7: nested too deep, on its fourth line.
        &deep,
        &config_map("e"),
        // 9: larger than the document limit.
        &too_large,
        &config_map("f"),
        // 11: an alias bomb.
        &bomb,
        &config_map("g"),
    ]);
    let read = Manifest::parse_with(&stream.text, Format::Auto, &limits);
    assert_eq!(
        names(&read),
        [
            (0, "a"),
            (2, "b"),
            (4, "c"),
            (6, "d"),
            (8, "e"),
            (10, "f"),
            (12, "g")
        ]
    );
    let errors: Vec<_> = read
        .errors
        .iter()
        .map(|e| (e.source.document, e.source.line, e.line, e.limit))
        .collect();
    let start = |doc: usize| stream.starts[doc];
    let line = |doc: usize, k: u64| Some(stream.yaml_line(doc, k));
    let bomb_line = read.errors[5].line;
    assert_eq!(
        errors,
        [
            (1, start(1), line(1, 2), None),
            (3, start(3), line(3, 4), None),
            (5, start(5), line(5, 0), None),
            (7, start(7), line(7, 3), Some(Limit::Depth)),
            (9, start(9), Some(start(9)), Some(Limit::DocumentBytes)),
            // Under this document size limit, the text the bomb would produce is what stops it.
            (11, start(11), bomb_line, Some(Limit::DocumentBytes)),
        ],
        "{:#?}",
        read.errors
    );
    assert!(read.errors[0].message.starts_with("invalid YAML"));
    // The message gives the position in the file, as the error's line does.
    assert!(
        read.errors[0]
            .message
            .ends_with(&format!("at line {}, column 18", stream.yaml_line(1, 2))),
        "{}",
        read.errors[0]
    );
    assert_eq!(
        read.errors[1].path.as_ref().unwrap().to_string(),
        "spec.hosts"
    );
    assert!(read.errors[2].message.contains("no kind"));
    assert!(read.errors[4].message.contains("max_document_bytes"));
}

#[test]
fn broken_json_documents_are_each_reported_and_the_others_read() {
    let limits = Limits::default().with_max_document_bytes(4096);
    let big = "x".repeat(4096);
    let too_large =
        format!(r#"{{"apiVersion": "v1", "kind": "ConfigMap", "data": {{"big": "{big}"}}}}"#);
    let deep = format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n\"data\": {}1{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let (a, b, c, d, e, f, g, h) = (
        config_map_json("a"),
        config_map_json("b"),
        config_map_json("c"),
        config_map_json("d"),
        config_map_json("e"),
        config_map_json("f"),
        config_map_json("g"),
        config_map_json("h"),
    );
    let stream = Stream::json(&[
        &a,
        // 1: a syntax error on its second line.
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n\"metadata\": {\"name\": }}",
        &b,
        // 3: a wrong type at a field.
        r#"{"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "spec": {"hosts": 5}}"#,
        &c,
        // 5: no kind.
        r#"{"apiVersion": "v1", "metadata": {"name": "nokind"}}"#,
        &d,
        // 7: nested too deep, on its second line.
        &deep,
        &e,
        // 9: larger than the document limit.
        &too_large,
        &f,
        // 11: a string left open, and a stray bracket: both end with their line.
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"data\": {\"open\": \"x}\n}}",
        &g,
        // 13: brackets that never balance: nothing after can be told apart.
        r#"{"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": [1, 2}"#,
        &h,
    ]);
    let read = Manifest::parse_with(&stream.text, Format::Auto, &limits);
    assert_eq!(
        names(&read),
        [
            (0, "a"),
            (2, "b"),
            (4, "c"),
            (6, "d"),
            (8, "e"),
            (10, "f"),
            (12, "g")
        ]
    );
    let errors: Vec<_> = read
        .errors
        .iter()
        .map(|e| (e.source.document, e.source.line, e.line, e.limit))
        .collect();
    let start = |doc: usize| stream.starts[doc];
    assert_eq!(
        errors,
        [
            (1, start(1), Some(start(1) + 1), None),
            (3, start(3), Some(start(3)), None),
            (5, start(5), Some(start(5)), None),
            (7, start(7), Some(start(7) + 1), Some(Limit::Depth)),
            (9, start(9), Some(start(9)), Some(Limit::DocumentBytes)),
            // serde_json reports the line break that ends the string on the next line.
            (11, start(11), Some(start(11) + 1), None),
            (13, start(13), Some(start(13)), None),
        ],
        "{:#?}",
        read.errors
    );
    assert!(read.errors[0].message.starts_with("invalid JSON"));
    assert!(
        read.errors[0]
            .message
            .contains(&format!("line {}", start(1) + 1)),
        "{}",
        read.errors[0]
    );
    assert_eq!(
        read.errors[1].path.as_ref().unwrap().to_string(),
        "spec.hosts"
    );
    assert!(read.errors[2].message.contains("no kind"));
    let lost = &read.errors[6].message;
    assert!(
        lost.contains(&format!(
            "lines {} to {} were not read",
            start(13),
            start(14)
        )),
        "{lost}"
    );
}

#[test]
fn every_limit_can_be_set_and_is_named() {
    let limits = Limits::default()
        .with_max_nodes(10)
        .with_max_documents(2)
        .with_max_alias_expansions(5);
    let text = "a: [1, 2, 3, 4, 5, 6, 7, 8]\n---\nb: &b [1]\nc: [*b, *b, *b]\n---\nc: 1\n";
    let read = Manifest::parse_with(text, Format::Yaml, &limits);
    let errors: Vec<_> = read
        .errors
        .iter()
        .map(|e| (e.source.document, e.line, e.limit))
        .collect();
    assert_eq!(
        errors,
        [
            (0, Some(1), Some(Limit::Nodes)),
            (1, Some(4), Some(Limit::AliasExpansions)),
            (2, Some(5), Some(Limit::Documents)),
        ],
        "{:#?}",
        read.errors
    );

    let json = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n{\"a\": 1}\n{\"b\": 2}\n";
    let values = read_values_with(json, Format::Json, &limits);
    let errors: Vec<_> = values
        .iter()
        .filter_map(|v| v.as_ref().err())
        .map(|e| (e.source.document, e.line, e.limit))
        .collect();
    assert_eq!(
        errors,
        [
            (0, Some(1), Some(Limit::Nodes)),
            (2, Some(3), Some(Limit::Documents))
        ]
    );
    assert!(values[1].is_ok());

    // The depth limit is capped where JSON's own reader stops.
    let limits = Limits::default().with_max_depth(1000);
    let deep = format!("{}1{}", "[".repeat(129), "]".repeat(129));
    let read = Manifest::parse_with(&deep, Format::Json, &limits);
    assert_eq!(read.errors[0].limit, Some(Limit::Depth));
    assert!(read.errors[0].message.contains("max_depth = 128"));
}
