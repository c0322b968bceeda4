//! Analysis cost against the size of the mesh: the same generated mesh (see `corpus::mesh`) at
//! 1,000, 10,000 and 100,000 objects. Throughput is reported per object, so linear cost shows
//! as the same time per object at every size.
//!
//! Beside each size runs its floor: one plain walk in input order that reads, once, the
//! fields the analyzers read ([`read_analyzed_fields`]). An analysis has to read them at least
//! once, so how that walk grows from 10k to 100k objects shows how linear the machine's
//! caches let a walk over these objects be.
//!
//! Below the floor runs the machine's own limit ([`walk_memory`]): one load from each 64-byte
//! line of a plain buffer as large as the mesh, in order. The buffer's size is what the mesh
//! holds on the heap when it is built, counted by the global allocator of `heap/mod.rs`,
//! which counts only while a mesh is being built and otherwise just forwards to the system's.
//! How this walk grows from one size to the next is how the memory of the machine grows with
//! the bytes read, whatever reads them.
//!
//! `ANALYZE_ONCE=<objects>` makes the binary analyze a mesh of that size once and exit,
//! without criterion: `scripts/benchmarks.py --run` runs it under `valgrind --tool=callgrind`
//! to count the instructions of `analyze` alone, which, unlike time, do not depend on how
//! much of the set the caches hold.

mod corpus;
mod heap;

use criterion::{Criterion, Throughput, criterion_group};
use istio_egress::analyze::{Options, analyze};
use istio_egress::manifest::Object;
use istio_egress::networking::{Destination, StringMap};
use std::collections::BTreeMap;
use std::hint::black_box;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

/// Builds the mesh of `size` objects, and tells how many bytes of heap it holds.
fn counted_mesh(size: usize) -> (Vec<Object>, usize) {
    let (objects, census) = heap::counted(|| corpus::mesh(corpus::SEED, size));
    (objects, usize::try_from(census.live).unwrap_or(0))
}

/// The machine's limit for reading the mesh: one load from each 64-byte cache line of
/// `buffer`, in order, which the hardware prefetches as well as it can.
fn walk_memory(buffer: &[u64]) -> u64 {
    buffer
        .iter()
        .step_by(8)
        .fold(0, |sum, word| sum.wrapping_add(*word))
}

/// Reads the fields the analyzers look at, once each, and nothing else: names, namespaces,
/// labels and annotations of every object; hosts, gateways, route destinations and matches of
/// VirtualServices; hosts, subsets and TLS of DestinationRules; hosts, ports and addresses of
/// ServiceEntries; servers and selectors of Gateways; ports and selectors of Services.
/// A string is read by its length and first byte, which is enough to bring it into the cache.
fn read_analyzed_fields(objects: &[Object]) -> u64 {
    fn text(s: &str) -> u64 {
        s.len() as u64 + u64::from(s.as_bytes().first().copied().unwrap_or(0))
    }
    fn texts<S: AsRef<str>>(list: &[S]) -> u64 {
        list.iter().map(|s| text(s.as_ref())).sum()
    }
    fn map(m: &StringMap) -> u64 {
        m.iter().map(|(k, v)| text(k) + text(v)).sum()
    }
    fn kube_map(m: &Option<BTreeMap<String, String>>) -> u64 {
        m.iter().flatten().map(|(k, v)| text(k) + text(v)).sum()
    }
    fn destination(d: &Destination) -> u64 {
        text(&d.host) + d.subset.as_deref().map_or(0, text) + u64::from(d.port.is_some())
    }
    fn destinations<'d>(list: impl Iterator<Item = Option<&'d Destination>>) -> u64 {
        list.flatten().map(destination).sum()
    }
    /// The name, namespace, labels and annotations of an object.
    fn text_meta(m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> u64 {
        m.name.as_deref().map_or(0, text)
            + m.namespace.as_deref().map_or(0, text)
            + kube_map(&m.labels)
            + kube_map(&m.annotations)
    }
    let mut sum = 0;
    for object in objects {
        sum += match object {
            Object::VirtualService(o) => {
                let spec = &o.spec;
                let http: u64 = spec
                    .http
                    .iter()
                    .map(|r| {
                        r.r#match
                            .iter()
                            .map(|m| texts(&m.gateways) + map(&m.source_labels))
                            .sum::<u64>()
                            + destinations(r.route.iter().map(|d| d.destination.as_ref()))
                            + r.mirror.as_ref().map_or(0, destination)
                    })
                    .sum();
                let tls: u64 = spec
                    .tls
                    .iter()
                    .map(|r| {
                        r.r#match
                            .iter()
                            .map(|m| texts(&m.sni_hosts) + texts(&m.gateways))
                            .sum::<u64>()
                            + destinations(r.route.iter().map(|d| d.destination.as_ref()))
                    })
                    .sum();
                let tcp: u64 = spec
                    .tcp
                    .iter()
                    .map(|r| {
                        r.r#match.iter().map(|m| texts(&m.gateways)).sum::<u64>()
                            + destinations(r.route.iter().map(|d| d.destination.as_ref()))
                    })
                    .sum();
                text_meta(&o.metadata)
                    + texts(&spec.hosts)
                    + texts(&spec.gateways)
                    + texts(&spec.export_to)
                    + http
                    + tls
                    + tcp
            }
            Object::DestinationRule(o) => {
                let spec = &o.spec;
                let tls = |p: Option<&istio_egress::networking::TrafficPolicy>| {
                    p.and_then(|p| p.tls.as_ref()).map_or(0, |t| {
                        t.ca_certificates.as_deref().map_or(0, text)
                            + t.credential_name.as_deref().map_or(0, text)
                    })
                };
                text_meta(&o.metadata)
                    + text(&spec.host)
                    + texts(&spec.export_to)
                    + tls(spec.traffic_policy.as_deref())
                    + spec
                        .subsets
                        .iter()
                        .map(|s| text(&s.name) + map(&s.labels) + tls(s.traffic_policy.as_deref()))
                        .sum::<u64>()
            }
            Object::ServiceEntry(o) => {
                let spec = &o.spec;
                text_meta(&o.metadata)
                    + texts(&spec.hosts)
                    + texts(&spec.addresses)
                    + texts(&spec.export_to)
                    + spec
                        .ports
                        .iter()
                        .map(|p| u64::from(p.number) + p.protocol.as_deref().map_or(0, text))
                        .sum::<u64>()
                    + u64::from(spec.resolution.is_some())
            }
            Object::Gateway(o) => {
                text_meta(&o.metadata)
                    + map(&o.spec.selector)
                    + o.spec
                        .servers
                        .iter()
                        .map(|s| {
                            texts(&s.hosts)
                                + s.port.as_ref().map_or(0, |p| {
                                    u64::from(p.number) + text(&p.protocol) + text(&p.name)
                                })
                                + s.tls
                                    .as_ref()
                                    .map_or(0, |t| t.credential_name.as_deref().map_or(0, text))
                        })
                        .sum::<u64>()
            }
            Object::Service(o) => {
                let spec = o.spec.as_ref();
                text_meta(&o.metadata)
                    + spec.map_or(0, |s| kube_map(&s.selector))
                    + spec
                        .and_then(|s| s.ports.as_ref())
                        .into_iter()
                        .flatten()
                        .map(|p| p.port as u64 + p.name.as_deref().map_or(0, text))
                        .sum::<u64>()
            }
            Object::Pod(o) => text_meta(&o.metadata),
            Object::Namespace(o) => text_meta(&o.metadata),
            Object::Secret(o) => text_meta(&o.metadata),
            Object::NetworkPolicy(o) => text_meta(&o.metadata),
            _ => 0,
        };
    }
    sum
}

fn analysis(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    for size in [1_000, 10_000, 100_000] {
        let (objects, bytes) = counted_mesh(size);
        group.throughput(Throughput::Elements(objects.len() as u64));
        group.bench_function(format!("{size} objects"), |b| {
            b.iter(|| analyze(&objects, &options).findings.len())
        });
        group.bench_function(format!("{size} objects, analyzed fields read once"), |b| {
            b.iter(|| read_analyzed_fields(black_box(&objects)))
        });
        // Distinct words, so that no page of the buffer is shared or left untouched.
        let buffer: Vec<u64> = (0..(bytes / 8) as u64).collect();
        group.throughput(Throughput::Bytes((buffer.len() * 8) as u64));
        group.bench_function(format!("{size} objects, as many bytes walked"), |b| {
            b.iter(|| walk_memory(black_box(&buffer)))
        });
        drop(buffer);
    }
    group.finish();
}

criterion_group!(benches, analysis);

fn main() {
    if let Ok(size) = std::env::var("ANALYZE_ONCE") {
        let size: usize = size.parse().expect("ANALYZE_ONCE is a number of objects");
        let objects = corpus::mesh(corpus::SEED, size);
        let analysis = analyze(&objects, &Options::default());
        println!(
            "{} objects, {} findings",
            objects.len(),
            analysis.findings.len()
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
