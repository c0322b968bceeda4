//! Composition throughput: routes composed (with their validation and analysis) and written
//! as YAML, per second. A plan of 100 routes is also measured without the writing, so the
//! writer's share shows, and a plan of 1,000 routes shows how the cost grows with the plan.
//!
//! `COMPOSE_PROBE=<milliseconds>` makes the binary compose and write the plan of 100 over and
//! over for about that long, print the best time in nanoseconds and exit, without criterion.
//! `scripts/benchmarks.py --run` runs it before and after each bench as a probe of the
//! machine's speed: this shared VM has slow phases that neither the load average nor stolen
//! time shows, and composing is the measurement they move most.

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group};
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

/// The best of the plan of 100's compose-and-write times over about `budget`.
fn probe(budget: Duration) -> Duration {
    let plan = EgressPlan::new(routes(100));
    let start = Instant::now();
    let mut best = Duration::MAX;
    while start.elapsed() < budget || best == Duration::MAX {
        let began = Instant::now();
        let bundle = plan.compose().expect("the plan composes");
        let text = bundle
            .to_yaml(Default::default())
            .expect("the bundle writes");
        std::hint::black_box(text.len());
        best = best.min(began.elapsed());
    }
    best
}

fn main() {
    if let Ok(millis) = std::env::var("COMPOSE_PROBE") {
        let millis: u64 = millis
            .parse()
            .expect("COMPOSE_PROBE is a number of milliseconds");
        println!("{}", probe(Duration::from_millis(millis)).as_nanos());
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
