//! Inputs found by fuzzing (`scripts/fuzz.sh`), replayed through the fuzz targets' own checks,
//! and the hand-written fuzz seeds, which must pass those checks too.

/// The checks of the fuzz targets, shared with the fuzz crate.
#[path = "../../fuzz/src/lib.rs"]
mod checks;

use std::path::{Path, PathBuf};

use istio_egress::manifest::{self, Format, Manifest};

/// An input found by fuzzing, from tests/data/fuzz.
fn found(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(name);
    checks::text(&std::fs::read(path).unwrap())
}

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Every check of every target on one input, as the fuzzers would run it.
fn all_checks(data: &[u8]) {
    let text = checks::text(data);
    checks::manifest(&text, Format::Yaml);
    checks::manifest(&text, Format::Json);
    checks::check(&text);
    checks::compose(&text);
}

/// The inputs fuzzing found pass the fuzz targets' checks; the tests below pin each fix.
#[test]
fn found_inputs_pass_the_checks() {
    let found = files("tests/data/fuzz");
    assert!(found.len() >= 3);
    for path in found {
        eprintln!("{}", path.display());
        all_checks(&std::fs::read(&path).unwrap());
    }
}

#[test]
fn manifest_seeds_pass_the_checks() {
    let mut seeds = files("fuzz/seeds/manifest");
    seeds.extend(files("fuzz/seeds/check"));
    assert!(seeds.len() >= 8);
    for path in seeds {
        let data = std::fs::read(&path).unwrap();
        eprintln!("{}", path.display());
        all_checks(&data);
    }
}

#[test]
fn compose_seeds_compose_and_pass_the_checks() {
    for path in files("fuzz/seeds/compose") {
        let text = std::fs::read_to_string(&path).unwrap();
        eprintln!("{}", path.display());
        checks::compose(&text);
        // The scenarios of Istio's egress guides are seeds the fuzzer can build on only if
        // they compose.
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("canon-") {
            let plan = checks::plan(&text).unwrap_or_else(|| panic!("{name} does not read"));
            plan.compose()
                .unwrap_or_else(|e| panic!("{name} does not compose: {e}"));
        }
    }
}

/// Found by `manifest_json` (from a seed): a `List` inside a `List` was read as one raw object,
/// which `to_yaml` and `to_json` wrote as a top-level `List`, which read back as its items: one
/// object read, written and read again became another. Fixed: the reader flattens nested
/// `List`s into their items, as `kubectl` does (src/manifest/read.rs, `read_list`).
#[test]
fn a_list_inside_a_list_reads_back_as_one_object() {
    let text = r#"{"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "List", "items": [
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}]}]}"#;
    writes_back_as_read(text);
    // The fuzzer's input: the JSON seed made from fuzz/seeds/manifest/list-and-empties.yaml.
    writes_back_as_read(&found("manifest_json-list-in-list.json"));
}

/// Every object read from the JSON text writes back as YAML and as JSON, and reads back as
/// the same objects.
fn writes_back_as_read(text: &str) {
    let read = Manifest::parse_as(text, Format::Json);
    for (written, format) in [
        (
            manifest::to_yaml(read.objects(), Default::default()).unwrap(),
            Format::Yaml,
        ),
        (
            manifest::to_json(read.objects(), Default::default()).unwrap(),
            Format::Json,
        ),
    ] {
        let back = Manifest::parse_as(&written, format);
        assert!(
            back.errors.is_empty(),
            "{format:?}: {:?}\n{written}",
            back.errors
        );
        assert!(
            back.objects().eq(read.objects()),
            "{format:?}: {:?} read back as {:?}\n{written}",
            read.objects().map(|o| o.kind()).collect::<Vec<_>>(),
            back.objects().map(|o| o.kind()).collect::<Vec<_>>(),
        );
    }
}

/// Found by `manifest_yaml`: YAML ends a line at a carriage return alone (`\r`, old Mac line
/// endings), but the document splitter split lines at `\n` only. A file with `\r` line endings
/// that starts with a comment was one "line" starting with `#`, so the whole document counted
/// as having no content and was skipped: no object and no error. Fixed: the splitter ends lines
/// where YAML does (src/manifest/yaml.rs, `lines`). The fuzzer's input was
/// `"\n# Weird\u{fffd}case but we al\r\r\r\r\r\r:3\u{fffd} \u{fffd}…"`, its line
/// `:3… osts: .com"]` a one-key mapping that serde-saphyr reads and the reader never sees.
#[test]
fn a_comment_ended_by_a_carriage_return_hides_no_document() {
    let text = "# egress\rapiVersion: networking.istio.io/v1\rkind: ServiceEntry\r\
                metadata: {name: api}\rspec: {hosts: [api.example.com]}\r";
    let read = Manifest::parse_as(text, Format::Yaml);
    assert_eq!(
        read.documents.len() + read.errors.len(),
        1,
        "the ServiceEntry is neither read nor reported"
    );
    assert_eq!(read.documents[0].object.kind(), "ServiceEntry");
    // The fuzzer's input: serde-saphyr reads one document.
    let text = found("manifest_yaml-comment-carriage-return.yaml");
    let documents: Vec<serde_json::Value> = serde_saphyr::from_multiple(&text).unwrap();
    let read = Manifest::parse_as(&text, Format::Yaml);
    assert_eq!(read.documents.len() + read.errors.len(), documents.len());
}

/// Found by `manifest_yaml`: a document may end with `...` and the next begin without `---`,
/// but the reader split documents at `---` lines only, so both documents went to one
/// single-document read, which failed: two readable objects became one error. Fixed: a `...`
/// line ends a document (src/manifest/yaml.rs, `Splitter`).
#[test]
fn documents_ended_by_dots_are_each_read() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n...\n\
                apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n";
    let read = Manifest::parse_as(text, Format::Yaml);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    let names: Vec<_> = read.objects().map(|o| o.name()).collect();
    assert_eq!(names, [Some("a"), Some("b")]);
    // The fuzzer's input: serde-saphyr reads two documents.
    let text = found("manifest_yaml-document-end-marker.yaml");
    let documents: Vec<serde_json::Value> = serde_saphyr::from_multiple(&text).unwrap();
    let read = Manifest::parse_as(&text, Format::Yaml);
    assert_eq!(read.documents.len() + read.errors.len(), documents.len());
}
