//! `lint`: an offline `istioctl analyze` for manifests.
//!
//! ```text
//! cargo run --example lint -- [--format text|json] [--no-analysis] PATH...
//! ```
//!
//! Each PATH is a file, a folder (searched recursively for `.yaml`, `.yml` and `.json` files)
//! or `-` for standard input. Every document is read; parse errors and unknown fields are
//! reported by document, line and path; every Istio object is checked with Istio's rules, and
//! everything read is analyzed together with `istioctl analyze`'s cross-object analyzers
//! (`--no-analysis` skips them).
//! Text output reads like `istioctl analyze`:
//!
//! ```text
//! Error [IST0106] (VirtualService bar/foo) spec.http[0].timeout: duration must be greater than 1ms
//! ```
//!
//! JSON output is one object per line with the keys `severity`, `code`, `rule`, `kind`,
//! `namespace`, `name`, `path`, `message`, `file` and `document`. The exit status is 0 when no
//! finding is an error, 1 when one is, and 2 when the program cannot run.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use istio_egress::analyze::{ObjectFinding, Options, analyze};
use istio_egress::manifest::{Document, Manifest, ReadError};
use istio_egress::path::Segment;
use istio_egress::validate::{Severity, Validate, codes};
use serde::Serialize;

const USAGE: &str = "usage: lint [--format text|json] [--no-analysis] PATH...\n\
    PATH is a file, a folder (searched for .yaml, .yml and .json) or - for standard input;\n\
    --no-analysis checks each object alone, without the cross-object analyzers";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

struct Args {
    format: Format,
    analysis: bool,
    paths: Vec<String>,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut format = Format::Text;
    let mut analysis = true;
    let mut paths = Vec::new();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let value = if arg == "--format" {
            Some(args.next().ok_or("--format needs a value: text or json")?)
        } else {
            arg.strip_prefix("--format=").map(str::to_owned)
        };
        match (value.as_deref(), arg.as_str()) {
            (Some("text"), _) => format = Format::Text,
            (Some("json"), _) => format = Format::Json,
            (Some(other), _) => return Err(format!("unknown format {other:?}: use text or json")),
            (None, "-h" | "--help") => return Err(String::new()),
            (None, "--no-analysis") => analysis = false,
            (None, flag) if flag.starts_with("--") => return Err(format!("unknown flag {flag}")),
            (None, path) => paths.push(path.to_owned()),
        }
    }
    if paths.is_empty() {
        return Err("no PATH given".into());
    }
    Ok(Args {
        format,
        analysis,
        paths,
    })
}

/// One line of output: a finding about an object, or about a document that could not be read.
#[derive(Serialize)]
struct Line<'a> {
    severity: Severity,
    code: &'a str,
    rule: &'a str,
    kind: Option<String>,
    namespace: Option<String>,
    name: Option<String>,
    path: String,
    message: String,
    file: &'a str,
    document: usize,
    /// The line of the file, where it is known (read errors and unknown fields).
    line: Option<u64>,
}

impl Line<'_> {
    fn text(&self) -> String {
        let mut out = format!("{} [{}]", self.severity, self.code);
        if let Some(kind) = &self.kind {
            out.push_str(&format!(
                " ({kind} {}/{})",
                self.namespace.as_deref().unwrap_or("default"),
                self.name.as_deref().unwrap_or("")
            ));
        } else {
            out.push_str(&format!(" ({} document {})", self.file, self.document));
        }
        if !self.path.is_empty() {
            out.push(' ');
            out.push_str(&self.path);
            out.push(':');
        }
        out.push(' ');
        out.push_str(&self.message);
        if let Some(line) = self.line {
            out.push_str(&format!(" ({}:{line})", self.file));
        }
        out
    }
}

/// The input files a PATH names, folders searched recursively in name order.
fn expand(path: &str, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path == "-" {
        out.push(PathBuf::from("-"));
        return Ok(());
    }
    let path = Path::new(path);
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_dir() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        let is_manifest = entry
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        if entry.is_dir() {
            expand(&entry.to_string_lossy(), out)?;
        } else if is_manifest {
            out.push(entry);
        }
    }
    Ok(())
}

/// The text of one input. Manifests are UTF-8, as Kubernetes reads them: an input that is
/// not stops the run (analysis needs every object), and the error names the line, column and
/// byte where its UTF-8 ends.
fn read(path: &Path) -> Result<String, String> {
    let (name, bytes) = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("standard input: {e}"))?;
        ("standard input".to_owned(), bytes)
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        (path.display().to_string(), bytes)
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        // Everything before `valid` is UTF-8; columns count its characters.
        let before = e.as_bytes().get(..valid).unwrap_or_default();
        let before = std::str::from_utf8(before).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        format!(
            "{name}:{line}:{column}: not UTF-8 text (byte offset {valid}); manifests must be UTF-8"
        )
    })
}

/// A document's identity for output: kind, namespace (`default` when unset) and name.
fn identity(document: &Document) -> (Option<String>, Option<String>, Option<String>) {
    let object = &document.object;
    (
        Some(object.kind().to_owned()),
        Some(object.namespace().unwrap_or("default").to_owned()),
        object.name().map(str::to_owned),
    )
}

fn error_line<'a>(error: &ReadError, file: &'a str) -> Line<'a> {
    let object = error.object.as_ref();
    Line {
        severity: Severity::Error,
        code: codes::SCHEMA_VALIDATION_ERROR,
        rule: "READ",
        kind: object.map(|o| o.kind.clone()),
        namespace: object.map(|o| o.namespace.clone().unwrap_or_else(|| "default".into())),
        name: object.and_then(|o| o.name.clone()),
        path: error
            .path
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        message: error.message.clone(),
        file,
        document: error.source.document,
        line: error.line.or(Some(error.source.line)),
    }
}

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let code = run(
        std::env::args().skip(1),
        &mut stdout.lock(),
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}

/// Runs the program: 0 when no finding is an error, 1 when one is, 2 when it cannot run.
fn run(args: impl Iterator<Item = String>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(problem) => {
            if !problem.is_empty() {
                let _ = writeln!(err, "lint: {problem}");
            }
            let _ = writeln!(err, "{USAGE}");
            return 2;
        }
    };
    let mut files = Vec::new();
    for path in &args.paths {
        if let Err(problem) = expand(path, &mut files) {
            let _ = writeln!(err, "lint: {problem}");
            return 2;
        }
    }
    let mut inputs = Vec::new();
    for file in &files {
        match read(file) {
            Ok(text) => inputs.push((file.to_string_lossy().into_owned(), text)),
            Err(problem) => {
                let _ = writeln!(err, "lint: {problem}");
                return 2;
            }
        }
    }

    // Read everything first: analysis looks at all objects together.
    let mut lines = Vec::new();
    let mut objects = Vec::new();
    let mut origins = Vec::new();
    for (position, (file, text)) in inputs.iter().enumerate() {
        let manifest = Manifest::parse(text);
        for error in manifest.errors {
            lines.push((position, error_line(&error, file)));
        }
        for document in manifest.documents {
            let (kind, namespace, name) = identity(&document);
            for unknown in &document.unknown_fields {
                let field = match unknown.path.segments().last() {
                    Some(Segment::Key(key)) => key.to_string(),
                    _ => unknown.path.to_string(),
                };
                lines.push((
                    position,
                    Line {
                        severity: Severity::Warning,
                        code: codes::SCHEMA_WARNING,
                        rule: "UNKNOWN-FIELD",
                        kind: kind.clone(),
                        namespace: namespace.clone(),
                        name: name.clone(),
                        path: unknown.path.to_string(),
                        message: format!("unknown field {field:?}"),
                        file,
                        document: document.source.document,
                        line: unknown.line,
                    },
                ));
            }
            origins.push((position, file.as_str(), document.source.document));
            objects.push(document.object);
        }
    }

    let options = Options::default().with_validation();
    let findings = if args.analysis {
        analyze(&objects, &options).findings
    } else {
        objects
            .iter()
            .enumerate()
            .flat_map(|(i, o)| {
                o.validate()
                    .into_iter()
                    .map(move |finding| ObjectFinding { object: i, finding })
            })
            .collect()
    };
    for ObjectFinding { object, finding } in findings {
        let (Some(target), Some(&(position, file, document))) =
            (objects.get(object), origins.get(object))
        else {
            continue;
        };
        lines.push((
            position,
            Line {
                severity: finding.severity,
                code: finding.code,
                rule: finding.rule,
                kind: Some(target.kind().to_owned()),
                namespace: Some(target.namespace().unwrap_or("default").to_owned()),
                name: target.name().map(str::to_owned),
                path: finding.path.to_string(),
                message: finding.message,
                file,
                document,
                line: None,
            },
        ));
    }
    // In file order, then document order; within a document, in the order found.
    lines.sort_by_key(|(position, line)| (*position, line.document));

    let mut errors = 0;
    for (_, line) in &lines {
        if line.severity == Severity::Error {
            errors += 1;
        }
        let text = match args.format {
            Format::Text => line.text(),
            Format::Json => serde_json::to_string(line).unwrap_or_default(),
        };
        // A closed pipe (`lint ... | head`) ends the output, not the program's verdict.
        let _ = writeln!(out, "{text}");
    }
    if errors > 0 { 1 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(args: &[&str]) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(args.iter().map(|a| a.to_string()), &mut out, &mut err);
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (code, text(out), text(err))
    }

    fn data(path: &str) -> String {
        format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
    }

    fn write_temp(name: &str, text: &str) -> String {
        let dir = std::env::temp_dir().join(format!("istio-egress-lint-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }

    const BAD: &str = r#"apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: foo, namespace: bar}
spec:
  hosts: [a.example.com]
  http:
  - timeout: 0.5ms
    route:
    - destination: {host: a.example.com}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec: {host: a.example.com, colour: red}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: g}
spec: {servers: oops}
"#;

    #[test]
    fn the_egress_canon_has_no_errors_object_by_object() {
        let (code, out, _) = lint(&["--no-analysis", &data("egress-canon")]);
        assert_eq!(code, 0, "{out}");
    }

    #[test]
    fn analysis_runs_over_all_files_together() {
        let pod = write_temp(
            "egress-pod.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: istio-egressgateway-0\n  \
             namespace: istio-system\n  labels: {istio: egressgateway}\n",
        );
        let environment = data("egress-canon/00-environment-istio-egressgateway.yaml");
        let http = data("egress-canon/10-egress-gateway-http.yaml");
        // Together, the gateway's Service, its Pod and the HTTP example are consistent.
        let (code, out, _) = lint(&[&environment, &pod, &http]);
        assert_eq!(code, 0, "{out}");
        // Without the Pod, the Gateway's selector matches nothing.
        let (code, out, _) = lint(&["--format", "json", &environment, &http]);
        assert_eq!(code, 1);
        let selector = out
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|l| l["code"] == "IST0101" && l["path"] == "spec.selector")
            .expect("an IST0101 on the Gateway's selector");
        assert_eq!(selector["kind"], "Gateway");
        assert!(
            selector["file"]
                .as_str()
                .unwrap()
                .ends_with("10-egress-gateway-http.yaml")
        );
    }

    #[test]
    fn text_output_reads_like_istioctl_analyze() {
        let file = write_temp("bad.yaml", BAD);
        let (code, out, _) = lint(&[&file]);
        assert_eq!(code, 1);
        assert!(
            out.lines().any(|l| l
                .starts_with("Error [IST0106] (VirtualService bar/foo) spec.http[0].timeout: ")),
            "{out}"
        );
        assert!(
            out.contains(
                "Warning [IST0133] (DestinationRule default/dr) spec.colour: unknown field"
            )
        );
        assert!(out.contains("Error [IST0106] (Gateway default/g) spec.servers: invalid type"));
    }

    #[test]
    fn json_output_has_one_object_per_finding_with_the_documented_keys() {
        let file = write_temp("bad-json.yaml", BAD);
        let (code, out, _) = lint(&["--format", "json", &file]);
        assert_eq!(code, 1);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let timeout = lines
            .iter()
            .find(|l| l["path"] == "spec.http[0].timeout")
            .unwrap();
        for key in [
            "severity",
            "code",
            "rule",
            "kind",
            "namespace",
            "name",
            "path",
            "message",
            "file",
            "document",
        ] {
            assert!(timeout.get(key).is_some(), "missing {key}");
        }
        assert_eq!(timeout["severity"], "error");
        assert_eq!(timeout["kind"], "VirtualService");
        assert_eq!(timeout["namespace"], "bar");
        assert_eq!(timeout["document"], 0);
        let broken = lines.iter().find(|l| l["kind"] == "Gateway").unwrap();
        assert_eq!(broken["document"], 2);
        assert_eq!(broken["namespace"], "default");
    }

    #[test]
    fn bad_invocations_exit_with_2() {
        assert_eq!(lint(&[]).0, 2);
        assert_eq!(lint(&["--format", "xml", "x"]).0, 2);
        assert_eq!(lint(&["--frobnicate", "x"]).0, 2);
        let (code, _, err) = lint(&["/no/such/file.yaml"]);
        assert_eq!(code, 2);
        assert!(err.contains("/no/such/file.yaml"));
    }

    #[test]
    fn a_file_that_is_not_utf8_is_named_with_where_its_utf8_ends() {
        let dir = std::env::temp_dir().join(format!("istio-egress-lint-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("latin1.yaml");
        // On the third line, after "name: café " in UTF-8 (11 characters, 12 bytes), a
        // Latin-1 "é"; the lines before hold 22 bytes.
        let text = b"kind: Gateway\n# \xc3\xa9t\xc3\xa9\nname: caf\xc3\xa9 \xe9\n";
        std::fs::write(&path, text).unwrap();
        let (code, out, err) = lint(&[path.to_str().unwrap()]);
        assert_eq!(code, 2, "{out}");
        let name = path.display().to_string();
        assert!(
            err.contains(&format!("{name}:3:12: not UTF-8 text (byte offset 34)")),
            "{err}"
        );
    }
}
