//! Reading manifests, each measurement beside its limit on the same bytes.
//!
//! The corpus is `corpus::objects(corpus::SEED, n)` at 1,000, 10,000 and 100,000 objects,
//! written in memory from the typed objects:
//!
//! - JSON: a multi-object stream, each object pretty-printed by `serde_json` (as
//!   `manifest::to_json` prints it) and the objects one after the other, separated by a line
//!   break; every object is a document of its own, as `Manifest::parse_as` reads it within its
//!   default limits. (`parse_json_list_{1k,10k}` read the same objects as one `List`.)
//! - YAML: `manifest::to_yaml`, one multi-document stream (`---` between objects).
//!
//! `parse_json_{1k,10k,100k}`, on the same bytes:
//!
//! - `scan_ignored_any`: each value of the stream into `serde::de::IgnoredAny`, the cost of
//!   reading the syntax and nothing else; the throughput limit.
//! - `value`: each value into a `serde_json::Value`, the untyped tree.
//! - `manifest`: `Manifest::parse_as(text, Format::Json)`, the crate's typed reader (with its
//!   limits, unknown-field and error-path tracking).
//! - `manifest_validate`: the same, then `Validate::validate` on every object.
//! - `each_validate`: `manifest::parse_each`, validating each object as soon as it is read
//!   (and keeping it, as the others keep what they read): how a linter reads and checks.
//! - `serde_known_kinds`: plain serde-derive deserialization straight from the bytes into the
//!   same `Object`s, each object read as its type (the kinds are given in advance, so no
//!   dispatch on `kind` is paid): what typed reading costs with no extra layer.
//! - `serde_tagged_enum`: a `#[serde(tag = "kind")]` enum of the four kinds, the plain serde
//!   way to dispatch on `kind` (serde buffers each object to find the tag).
//!
//! `parse_yaml_{1k,10k,100k}`, on the same text:
//!
//! - `scan_ignored_any` and `value`: `serde_saphyr::from_str_multiple_with_options` into
//!   `IgnoredAny` and into `serde_json::Value` (serde-saphyr has no value type of its own), with
//!   its resource budget lifted (its default allows 1,024 documents per stream);
//! - `manifest`: `Manifest::parse_as(text, Format::Yaml)`.
//!
//! `parse_json_list_1k` and `parse_json_list_10k` read the corpus as one `List` (as
//! `manifest::to_json` writes it, and `kubectl get -o json` prints objects): `scan_ignored_any`,
//! `value` and `serde_known_kinds` as above, and the crate's reader, `Manifest::parse_with`,
//! with the default limits at 1k (`manifest`) and with the byte and value limits lifted at 10k
//! (`manifest_limits_lifted`), whose `List` is over both; and the crate's reader again on the
//! same `List` printed the way `kubectl` prints it (`manifest_kubectl_order`,
//! `manifest_limits_lifted_kubectl_order`): every object's keys sorted, so that the `List`'s
//! `items` come before its `kind`, and four spaces to a level.
//!
//! `parse_json_kinds_10k` reads each kind alone, as a JSON array of the 10k corpus's objects
//! of that kind, with `serde_json::from_slice::<Vec<T>>` beside the scan and the value tree.
//!
//! `parse_json_ablation_10k` and `parse_yaml_ablation_10k` take the crate's reader apart on
//! the 10k corpus: one pass or two (through `serde_json::Value`), with or without
//! `serde_ignored` and `serde_path_to_error`, so each proposed change has a measured gain.
//!
//! `write_10k` writes the 10k corpus: `manifest::to_yaml`, serde-saphyr's `to_string` per
//! object (the writer `to_yaml` used before it had its own) and `manifest::to_json`.
//!
//! Every measurement includes dropping what it built. Throughput is in bytes of input.
//! `PARSE_BENCH_SIZES=10k` (a comma-separated list of `1k`, `10k`, `100k`) sets up and runs
//! only those sizes, for profiling. `scripts/benchmarks.py --run` uses it to run every
//! benchmark here in a process of its own (`--exact <id>`), so that no reader is measured on
//! the heap another reader left behind.

mod corpus;

use std::fmt;

use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};
use istio_egress::manifest::{self, Format, Limits, Manifest, Object};
use istio_egress::networking::{
    ApiVersion, DestinationRule, Gateway, ServiceEntry, VirtualService,
};
use istio_egress::validate::Validate;
use serde::de::DeserializeOwned;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

const SIZES: [(usize, &str); 3] = [(1_000, "1k"), (10_000, "10k"), (100_000, "100k")];

/// Whether to set up and run the groups of this size: all of them unless `PARSE_BENCH_SIZES`
/// names some (`PARSE_BENCH_SIZES=10k`), so that a profile of one group is not diluted by the
/// setup of the others (criterion's filter does not skip setup).
fn wanted(label: &str) -> bool {
    std::env::var("PARSE_BENCH_SIZES").map_or(true, |sizes| sizes.split(',').any(|s| s == label))
}

/// The kind of each object, in corpus order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Gateway,
    ServiceEntry,
    VirtualService,
    DestinationRule,
}

fn kinds(objects: &[Object]) -> Vec<Kind> {
    objects
        .iter()
        .map(|object| match object {
            Object::Gateway(_) => Kind::Gateway,
            Object::ServiceEntry(_) => Kind::ServiceEntry,
            Object::VirtualService(_) => Kind::VirtualService,
            Object::DestinationRule(_) => Kind::DestinationRule,
            other => panic!("the corpus holds no {}", other.kind()),
        })
        .collect()
}

/// How a typed object is read: by serde-derive alone (`PLAIN`), wrapped in `serde_ignored` to
/// report unknown fields (`IGNORED`), or in `serde_ignored` over `serde_path_to_error` to also
/// name the field at fault (`TRACKED`), as the crate's reader did before it tracked unknown
/// fields itself (`manifest/unknown.rs`, which keeps map keys borrowed where `serde_ignored`
/// copies each one).
const PLAIN: u8 = 0;
const IGNORED: u8 = 1;
const TRACKED: u8 = 2;

/// A `T` read the way `MODE` says.
struct Via<T, const MODE: u8>(T);

impl<'de, T: Deserialize<'de>, const MODE: u8> Deserialize<'de> for Via<T, MODE> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut unknown = Vec::new();
        let value = match MODE {
            PLAIN => T::deserialize(deserializer)?,
            IGNORED => {
                serde_ignored::deserialize(deserializer, |path| unknown.push(path.to_string()))?
            }
            _ => {
                let mut track = serde_path_to_error::Track::new();
                let tracked = serde_path_to_error::Deserializer::new(deserializer, &mut track);
                serde_ignored::deserialize(tracked, |path| unknown.push(path.to_string()))
                    .map_err(|error| de::Error::custom(format!("{}: {error}", track.path())))?
            }
        };
        assert!(unknown.is_empty(), "the corpus has no unknown fields");
        Ok(Via(value))
    }
}

/// Reads a `List` whose items are of the given kinds, in order, straight from the text.
struct KnownKinds<'a, const MODE: u8>(&'a [Kind]);

impl<'de, const MODE: u8> DeserializeSeed<'de> for KnownKinds<'_, MODE> {
    type Value = Vec<Object>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, const MODE: u8> Visitor<'de> for KnownKinds<'_, MODE> {
    type Value = Vec<Object>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a List")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(key) = map.next_key::<&str>()? {
            if key == "items" {
                items = map.next_value_seed(Items::<MODE>(self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(items)
    }
}

struct Items<'a, const MODE: u8>(&'a [Kind]);

impl<'de, const MODE: u8> DeserializeSeed<'de> for Items<'_, MODE> {
    type Value = Vec<Object>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, const MODE: u8> Visitor<'de> for Items<'_, MODE> {
    type Value = Vec<Object>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the items of a List")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(self.0.len());
        for kind in self.0 {
            let object: Option<Object> = match kind {
                Kind::Gateway => seq
                    .next_element::<Via<Gateway, MODE>>()?
                    .map(|v| v.0.into()),
                Kind::ServiceEntry => seq
                    .next_element::<Via<ServiceEntry, MODE>>()?
                    .map(|v| v.0.into()),
                Kind::VirtualService => seq
                    .next_element::<Via<VirtualService, MODE>>()?
                    .map(|v| v.0.into()),
                Kind::DestinationRule => seq
                    .next_element::<Via<DestinationRule, MODE>>()?
                    .map(|v| v.0.into()),
            };
            out.push(object.ok_or_else(|| de::Error::invalid_length(out.len(), &self))?);
        }
        Ok(out)
    }
}

/// The plain serde way to read objects of mixed kinds: an enum tagged by `kind`.
#[derive(Deserialize)]
#[serde(tag = "kind")]
enum Tagged {
    Gateway(Box<Gateway>),
    ServiceEntry(Box<ServiceEntry>),
    VirtualService(Box<VirtualService>),
    DestinationRule(Box<DestinationRule>),
}

impl From<Tagged> for Object {
    fn from(tagged: Tagged) -> Self {
        match tagged {
            Tagged::Gateway(o) => Object::Gateway(o),
            Tagged::ServiceEntry(o) => Object::ServiceEntry(o),
            Tagged::VirtualService(o) => Object::VirtualService(o),
            Tagged::DestinationRule(o) => Object::DestinationRule(o),
        }
    }
}

/// A group whose sampling suits the cost of one iteration: `slow` for inputs that take a
/// tenth of a second or more per iteration even at 1k objects (YAML).
fn group_for<'a>(
    c: &'a mut Criterion,
    name: String,
    size: usize,
    slow: bool,
) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    if slow || size >= 100_000 {
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
    } else if size >= 10_000 {
        group.sample_size(20);
    }
    group
}

fn scan_stream(bytes: &[u8]) -> usize {
    let mut count = 0;
    for item in serde_json::Deserializer::from_slice(bytes).into_iter::<IgnoredAny>() {
        item.expect("valid JSON");
        count += 1;
    }
    count
}

fn values_of_stream(bytes: &[u8]) -> Vec<Value> {
    serde_json::Deserializer::from_slice(bytes)
        .into_iter::<Value>()
        .collect::<Result<Vec<_>, _>>()
        .expect("valid JSON")
}

/// Reads a stream whose objects are of the given kinds, in order, straight from the text.
fn one_pass_stream<const MODE: u8>(bytes: &[u8], kinds: &[Kind]) -> Vec<Object> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let read = kinds
        .iter()
        .map(|kind| match kind {
            Kind::Gateway => Via::<Gateway, MODE>::deserialize(&mut de).map(|v| v.0.into()),
            Kind::ServiceEntry => {
                Via::<ServiceEntry, MODE>::deserialize(&mut de).map(|v| v.0.into())
            }
            Kind::VirtualService => {
                Via::<VirtualService, MODE>::deserialize(&mut de).map(|v| v.0.into())
            }
            Kind::DestinationRule => {
                Via::<DestinationRule, MODE>::deserialize(&mut de).map(|v| v.0.into())
            }
        })
        .collect::<Result<Vec<Object>, _>>()
        .expect("typed");
    de.end().expect("nothing after the last object");
    read
}

fn tagged_stream(bytes: &[u8]) -> Vec<Object> {
    serde_json::Deserializer::from_slice(bytes)
        .into_iter::<Tagged>()
        .map(|tagged| tagged.map(Object::from))
        .collect::<Result<Vec<_>, _>>()
        .expect("typed")
}

fn documents(read: Manifest) -> Vec<Object> {
    assert!(read.errors.is_empty(), "{:?}", read.errors.first());
    read.documents
        .into_iter()
        .map(|document| document.object)
        .collect()
}

/// The primary JSON form: a stream of objects, at every size.
fn json(c: &mut Criterion) {
    for (size, label) in SIZES.into_iter().filter(|(_, label)| wanted(label)) {
        let objects = corpus::objects(corpus::SEED, size);
        let kinds = kinds(&objects);
        let text = corpus::json_stream(&objects);
        let bytes = text.as_bytes();
        if size == SIZES[0].0 {
            // The typed readers agree with each other and with the corpus.
            assert_eq!(documents(Manifest::parse_as(&text, Format::Json)), objects);
            assert_eq!(one_pass_stream::<PLAIN>(bytes, &kinds), objects);
            assert_eq!(tagged_stream(bytes), objects);
        }
        drop(objects);
        let mut group = group_for(c, format!("parse_json_{label}"), size, false);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("scan_ignored_any", |b| {
            b.iter(|| assert_eq!(scan_stream(bytes), size))
        });
        group.bench_function("value", |b| b.iter(|| values_of_stream(bytes)));
        group.bench_function("manifest", |b| {
            b.iter(|| {
                let read = Manifest::parse_as(&text, Format::Json);
                assert_eq!(read.documents.len(), size);
                read
            })
        });
        group.bench_function("manifest_validate", |b| {
            b.iter(|| {
                let read = Manifest::parse_as(&text, Format::Json);
                read.objects()
                    .map(|object| object.validate().findings.len())
                    .sum::<usize>()
            })
        });
        group.bench_function("each_validate", |b| {
            b.iter(|| {
                let mut kept = Vec::with_capacity(size);
                let mut findings = 0;
                manifest::parse_each(&text, Format::Json, &Limits::DEFAULT, |read| {
                    let document = read.expect("the corpus reads");
                    findings += document.object.validate().findings.len();
                    kept.push(document);
                });
                assert_eq!(kept.len(), size);
                (kept, findings)
            })
        });
        group.bench_function("serde_known_kinds", |b| {
            b.iter(|| one_pass_stream::<PLAIN>(bytes, &kinds))
        });
        group.bench_function("serde_tagged_enum", |b| b.iter(|| tagged_stream(bytes)));
        group.finish();
    }
}

/// The same 10k objects as one Kubernetes `List` (`manifest::to_json`, what
/// `kubectl get -o json` prints). A `List` is one document, so it is read with the per-document
/// limits on bytes and values lifted: with the defaults (16 MiB, 250,000 values) a `List` of
/// 10k objects is refused.
fn json_list(c: &mut Criterion) {
    // 1k objects as one `List` fit the default limits, and are read as most `List`s are: the
    // scan splits the document out and measures it before it is read. 10k objects need the
    // limits lifted, and are offered to the reader straight from the text.
    for (size, label, lifted) in [(1_000, "1k", false), (10_000, "10k", true)] {
        if wanted(label) {
            json_list_of(c, size, label, lifted);
        }
    }
}

fn json_list_of(c: &mut Criterion, size: usize, label: &str, lifted: bool) {
    let objects = corpus::objects(corpus::SEED, size);
    let kinds = kinds(&objects);
    let text = manifest::to_json(&objects, ApiVersion::V1).expect("the corpus writes");
    let bytes = text.as_bytes();
    let limits = if lifted {
        Limits::DEFAULT
            .with_max_document_bytes(usize::MAX)
            .with_max_nodes(usize::MAX)
    } else {
        Limits::DEFAULT
    };
    assert_eq!(
        documents(Manifest::parse_with(&text, Format::Json, &limits)),
        objects
    );
    let list_one_pass = || {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        KnownKinds::<PLAIN>(&kinds)
            .deserialize(&mut de)
            .expect("typed")
    };
    assert_eq!(list_one_pass(), objects);
    drop(objects);
    let mut group = group_for(c, format!("parse_json_list_{label}"), size, false);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("scan_ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(bytes).expect("valid JSON"))
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(bytes).expect("valid JSON"))
    });
    let name = if lifted {
        "manifest_limits_lifted"
    } else {
        "manifest"
    };
    group.bench_function(name, |b| {
        b.iter(|| {
            let read = Manifest::parse_with(&text, Format::Json, &limits);
            assert_eq!(read.documents.len(), size);
            read
        })
    });
    group.bench_function("serde_known_kinds", |b| b.iter(list_one_pass));
    let kubectl = kubectl_order(&text);
    group.throughput(Throughput::Bytes(kubectl.len() as u64));
    group.bench_function(format!("{name}_kubectl_order"), |b| {
        b.iter(|| {
            let read = Manifest::parse_with(&kubectl, Format::Json, &limits);
            assert_eq!(read.documents.len(), size);
            read
        })
    });
    group.finish();
}

/// The JSON `text` as `kubectl get -o json` prints it: keys sorted (as `serde_json::Value`
/// keeps them) and four spaces to a level.
fn kubectl_order(text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("valid JSON");
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).expect("the value writes");
    let kubectl = String::from_utf8(out).expect("JSON is UTF-8");
    assert!(kubectl.find("\"items\"") < kubectl.find("\"kind\""));
    kubectl
}

fn yaml(c: &mut Criterion) {
    let mut options = serde_saphyr::Options::default();
    options.budget = None;
    for (size, label) in SIZES.into_iter().filter(|(_, label)| wanted(label)) {
        let objects = corpus::objects(corpus::SEED, size);
        let text = manifest::to_yaml(&objects, ApiVersion::V1).expect("the corpus writes");
        drop(objects);
        let mut group = group_for(c, format!("parse_yaml_{label}"), size, true);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("scan_ignored_any", |b| {
            b.iter(|| {
                let docs = serde_saphyr::from_str_multiple_with_options::<IgnoredAny, Vec<_>>(
                    &text,
                    options.clone(),
                )
                .expect("valid YAML");
                assert_eq!(docs.len(), size);
            })
        });
        group.bench_function("value", |b| {
            b.iter(|| {
                let docs =
                    serde_saphyr::from_str_multiple_with_options::<serde_json::Value, Vec<_>>(
                        &text,
                        options.clone(),
                    )
                    .expect("valid YAML");
                assert_eq!(docs.len(), size);
                docs
            })
        });
        group.bench_function("manifest", |b| {
            b.iter(|| {
                let read = Manifest::parse_as(&text, Format::Yaml);
                assert_eq!(read.documents.len(), size);
                read
            })
        });
        group.finish();
    }
}

/// Writing the 10k corpus: the crate's YAML writer beside serde-saphyr's (which it replaced)
/// and the JSON writer, on the same objects.
fn write(c: &mut Criterion) {
    if !wanted("10k") {
        return;
    }
    let objects = corpus::objects(corpus::SEED, 10_000);
    let mut group = group_for(c, "write_10k".into(), 10_000, false);
    group.throughput(Throughput::Elements(objects.len() as u64));
    group.bench_function("to_yaml", |b| {
        b.iter(|| manifest::to_yaml(&objects, ApiVersion::V1).expect("the corpus writes"))
    });
    group.bench_function("serde_saphyr", |b| {
        b.iter(|| {
            let mut out = String::new();
            for object in &objects {
                out.push_str("---\n");
                let text = serde_saphyr::to_string(&object.with_version(ApiVersion::V1));
                out.push_str(&text.expect("the corpus writes"));
            }
            out
        })
    });
    group.bench_function("to_json", |b| {
        b.iter(|| manifest::to_json(&objects, ApiVersion::V1).expect("the corpus writes"))
    });
    group.finish();
}

/// Reads a stream the way the crate's reader does, in two passes: each object into a
/// `serde_json::Value`, then into its type (chosen by its `kind`) from a reference to the
/// value (`OWNED = false`, as the crate does) or from the value itself (`OWNED = true`, which
/// moves its strings rather than copying them).
fn two_pass_stream<const MODE: u8, const OWNED: bool>(bytes: &[u8]) -> Vec<Object> {
    fn typed<T: DeserializeOwned, const MODE: u8, const OWNED: bool>(item: Value) -> Object
    where
        Object: From<T>,
    {
        let read = if OWNED {
            Via::<T, MODE>::deserialize(item)
        } else {
            Via::<T, MODE>::deserialize(&item)
        };
        Object::from(read.expect("typed").0)
    }
    serde_json::Deserializer::from_slice(bytes)
        .into_iter::<Value>()
        .map(|item| {
            let item = item.expect("valid JSON");
            match item.get("kind").and_then(Value::as_str) {
                Some("Gateway") => typed::<Gateway, MODE, OWNED>(item),
                Some("ServiceEntry") => typed::<ServiceEntry, MODE, OWNED>(item),
                Some("VirtualService") => typed::<VirtualService, MODE, OWNED>(item),
                Some("DestinationRule") => typed::<DestinationRule, MODE, OWNED>(item),
                other => panic!("the corpus holds no {other:?}"),
            }
        })
        .collect()
}

/// Where the crate's JSON reading time goes, and what each way of changing it would give:
/// the same 10k stream read in one pass or two, with and without the unknown-field and
/// error-path layers.
fn json_ablation(c: &mut Criterion) {
    if !wanted("10k") {
        return;
    }
    let size = 10_000;
    let objects = corpus::objects(corpus::SEED, size);
    let kinds = kinds(&objects);
    let text = corpus::json_stream(&objects);
    let bytes = text.as_bytes();
    assert_eq!(two_pass_stream::<TRACKED, false>(bytes), objects);
    assert_eq!(two_pass_stream::<PLAIN, true>(bytes), objects);
    assert_eq!(one_pass_stream::<TRACKED>(bytes, &kinds), objects);
    drop(objects);
    let mut group = group_for(c, "parse_json_ablation_10k".into(), size, false);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("scan_ignored_any", |b| b.iter(|| scan_stream(bytes)));
    group.bench_function("value", |b| b.iter(|| values_of_stream(bytes)));
    group.bench_function("manifest", |b| {
        b.iter(|| Manifest::parse_as(&text, Format::Json))
    });
    group.bench_function("two_pass_ref_tracked", |b| {
        b.iter(|| two_pass_stream::<TRACKED, false>(bytes))
    });
    group.bench_function("two_pass_ref_ignored", |b| {
        b.iter(|| two_pass_stream::<IGNORED, false>(bytes))
    });
    group.bench_function("two_pass_ref_plain", |b| {
        b.iter(|| two_pass_stream::<PLAIN, false>(bytes))
    });
    group.bench_function("two_pass_owned_tracked", |b| {
        b.iter(|| two_pass_stream::<TRACKED, true>(bytes))
    });
    group.bench_function("two_pass_owned_plain", |b| {
        b.iter(|| two_pass_stream::<PLAIN, true>(bytes))
    });
    group.bench_function("one_pass_tracked", |b| {
        b.iter(|| one_pass_stream::<TRACKED>(bytes, &kinds))
    });
    group.bench_function("one_pass_ignored", |b| {
        b.iter(|| one_pass_stream::<IGNORED>(bytes, &kinds))
    });
    group.bench_function("one_pass_plain", |b| {
        b.iter(|| one_pass_stream::<PLAIN>(bytes, &kinds))
    });
    group.finish();
}

/// The same for YAML, document by document as the crate reads them: each document into a
/// `serde_json::Value` then into its type, or straight into its type.
fn yaml_ablation(c: &mut Criterion) {
    if !wanted("10k") {
        return;
    }
    fn value_then_typed<T: DeserializeOwned>(doc: &str) -> Object
    where
        Object: From<T>,
    {
        let value: Option<Value> =
            serde_saphyr::from_str_with_options(doc, serde_saphyr::Options::default())
                .expect("valid YAML");
        let read = Via::<T, TRACKED>::deserialize(&value.expect("a document"));
        Object::from(read.expect("typed").0)
    }
    fn direct<T: DeserializeOwned, const MODE: u8>(doc: &str) -> Object
    where
        Object: From<T>,
    {
        let read: Via<T, MODE> =
            serde_saphyr::from_str_with_options(doc, serde_saphyr::Options::default())
                .expect("typed");
        Object::from(read.0)
    }
    fn each<'a>(
        docs: &'a [&'a str],
        kinds: &'a [Kind],
        gateway: fn(&str) -> Object,
        service_entry: fn(&str) -> Object,
        virtual_service: fn(&str) -> Object,
        destination_rule: fn(&str) -> Object,
    ) -> Vec<Object> {
        docs.iter()
            .zip(kinds)
            .map(|(doc, kind)| match kind {
                Kind::Gateway => gateway(doc),
                Kind::ServiceEntry => service_entry(doc),
                Kind::VirtualService => virtual_service(doc),
                Kind::DestinationRule => destination_rule(doc),
            })
            .collect()
    }
    let size = 10_000;
    let objects = corpus::objects(corpus::SEED, size);
    let kinds = kinds(&objects);
    let text = manifest::to_yaml(&objects, ApiVersion::V1).expect("the corpus writes");
    // `to_yaml` puts `---` on a line of its own between documents.
    let docs: Vec<&str> = text.split("\n---\n").collect();
    assert_eq!(docs.len(), size);
    let two_pass = |docs: &[&str]| {
        each(
            docs,
            &kinds,
            value_then_typed::<Gateway>,
            value_then_typed::<ServiceEntry>,
            value_then_typed::<VirtualService>,
            value_then_typed::<DestinationRule>,
        )
    };
    let one_pass_tracked = |docs: &[&str]| {
        each(
            docs,
            &kinds,
            direct::<Gateway, TRACKED>,
            direct::<ServiceEntry, TRACKED>,
            direct::<VirtualService, TRACKED>,
            direct::<DestinationRule, TRACKED>,
        )
    };
    let one_pass_plain = |docs: &[&str]| {
        each(
            docs,
            &kinds,
            direct::<Gateway, PLAIN>,
            direct::<ServiceEntry, PLAIN>,
            direct::<VirtualService, PLAIN>,
            direct::<DestinationRule, PLAIN>,
        )
    };
    assert_eq!(two_pass(&docs), objects);
    assert_eq!(one_pass_tracked(&docs), objects);
    drop(objects);
    let mut group = group_for(c, "parse_yaml_ablation_10k".into(), size, true);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("manifest", |b| {
        b.iter(|| Manifest::parse_as(&text, Format::Yaml))
    });
    group.bench_function("per_doc_value", |b| {
        b.iter(|| {
            docs.iter()
                .map(|doc| {
                    serde_saphyr::from_str_with_options::<Option<Value>>(
                        doc,
                        serde_saphyr::Options::default(),
                    )
                    .expect("valid YAML")
                })
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("two_pass_ref_tracked", |b| b.iter(|| two_pass(&docs)));
    group.bench_function("one_pass_tracked", |b| b.iter(|| one_pass_tracked(&docs)));
    group.bench_function("one_pass_plain", |b| b.iter(|| one_pass_plain(&docs)));
    group.finish();
}

fn one_kind<T>(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, objects: &[&T])
where
    T: Serialize + for<'de> Deserialize<'de>,
{
    let text = serde_json::to_string_pretty(objects).expect("the objects write");
    let bytes = text.as_bytes();
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(format!("{name}_scan_ignored_any"), |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(bytes).expect("valid JSON"))
    });
    group.bench_function(format!("{name}_value"), |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(bytes).expect("valid JSON"))
    });
    group.bench_function(format!("{name}_typed"), |b| {
        b.iter(|| serde_json::from_slice::<Vec<T>>(bytes).expect("typed"))
    });
}

fn json_kinds(c: &mut Criterion) {
    if !wanted("10k") {
        return;
    }
    let objects = corpus::objects(corpus::SEED, 10_000);
    let mut group = group_for(c, "parse_json_kinds_10k".into(), 10_000, false);
    macro_rules! kind {
        ($variant:ident, $name:literal) => {
            let of_kind: Vec<&$variant> = objects
                .iter()
                .filter_map(|object| match object {
                    Object::$variant(o) => Some(&**o),
                    _ => None,
                })
                .collect();
            one_kind(&mut group, $name, &of_kind);
        };
    }
    kind!(VirtualService, "virtual_service");
    kind!(DestinationRule, "destination_rule");
    kind!(ServiceEntry, "service_entry");
    kind!(Gateway, "gateway");
    group.finish();
}

criterion_group!(
    benches,
    json,
    json_list,
    yaml,
    json_kinds,
    json_ablation,
    yaml_ablation,
    write
);
criterion_main!(benches);
