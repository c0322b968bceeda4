//! Validation throughput: Istio's per-object rules over a generated corpus of realistic
//! objects (see `corpus.rs`).

mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use istio_egress::validate::Validate;

fn validation(c: &mut Criterion) {
    let objects = corpus::objects(corpus::SEED, 1_000);
    let mut group = c.benchmark_group("validate");
    group.throughput(Throughput::Elements(objects.len() as u64));
    group.bench_function("1k objects", |b| {
        b.iter(|| {
            objects
                .iter()
                .map(|object| object.validate().findings.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, validation);
criterion_main!(benches);
