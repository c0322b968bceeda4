//! Composition throughput: routes composed (with their validation and analysis) and written
//! as YAML, per second. A plan of 100 routes is also measured without the writing, so the
//! writer's share shows, and a plan of 1,000 routes shows how the cost grows with the plan.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use istio_egress::egress::{EgressMode, EgressPlan, EgressRoute};

fn routes(count: usize) -> Vec<EgressRoute> {
    let modes = [
        EgressMode::Http,
        EgressMode::TlsPassthrough,
        EgressMode::TlsOrigination,
    ];
    (0..count)
        .map(|i| {
            let mut route = EgressRoute::new([format!("api-{i}.example.com")], modes[i % 3]);
            route.client_namespaces = vec![format!("team-{}", i % 4)];
            route
        })
        .collect()
}

fn composition(c: &mut Criterion) {
    let mut group = c.benchmark_group("compose");
    let single = routes(1).remove(0);
    group.throughput(Throughput::Elements(1));
    group.bench_function("one route, checked and written", |b| {
        b.iter(|| {
            let bundle = single.compose().expect("the route composes");
            bundle
                .to_yaml(Default::default())
                .expect("the bundle writes")
                .len()
        })
    });
    let plan = EgressPlan::new(routes(100));
    group.throughput(Throughput::Elements(100));
    group.bench_function("plan of 100 routes, checked and written", |b| {
        b.iter(|| {
            let bundle = plan.compose().expect("the plan composes");
            bundle
                .to_yaml(Default::default())
                .expect("the bundle writes")
                .len()
        })
    });
    group.bench_function("plan of 100 routes, checked, not written", |b| {
        b.iter(|| plan.compose().expect("the plan composes").len())
    });
    let large = EgressPlan::new(routes(1_000));
    group.throughput(Throughput::Elements(1_000));
    group.sample_size(10);
    group.bench_function("plan of 1000 routes, checked and written", |b| {
        b.iter(|| {
            let bundle = large.compose().expect("the plan composes");
            bundle
                .to_yaml(Default::default())
                .expect("the bundle writes")
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, composition);
criterion_main!(benches);
