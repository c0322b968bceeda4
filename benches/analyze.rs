//! Analysis cost against the size of the mesh: the same generated mesh (see `corpus::mesh`) at
//! 1,000, 10,000 and 100,000 objects. Throughput is reported per object, so linear cost shows
//! as the same time per object at every size.
//!
//! `ANALYZE_ONCE=<objects>` makes the binary analyze a mesh of that size once and exit,
//! without criterion: `scripts/benchmarks.py --run` runs it under `valgrind --tool=callgrind`
//! to count the instructions of `analyze` alone, which, unlike time, do not depend on how
//! much of the set the caches hold.

mod corpus;

use criterion::{Criterion, Throughput, criterion_group};
use istio_egress::analyze::{Options, analyze};

fn analysis(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    for size in [1_000, 10_000, 100_000] {
        let objects = corpus::mesh(corpus::SEED, size);
        group.throughput(Throughput::Elements(objects.len() as u64));
        group.bench_function(format!("{size} objects"), |b| {
            b.iter(|| analyze(&objects, &options).findings.len())
        });
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
