//! An allocation census of reading: how many heap blocks each reader asks for per object of
//! the JSON corpus, how many bytes, and of which sizes. Not a timing: allocation is the main
//! cost of typed reading (asking for a block, and giving it back when the object is dropped),
//! and counts do not move with the machine's speed, so they show what a change to the types or
//! the reader removes.
//!
//! The binary counts through the global allocator of `heap/mod.rs`, which forwards to the
//! system's; it runs apart from the timed benchmarks, whose allocations it would slow. It
//! reads the 10k JSON stream of `parse.rs` (the same corpus, written the same way) with each
//! reader once, then prints one JSON line per reader: `scripts/benchmarks.py --run` puts them
//! in BENCHMARKS.md.
//!
//! ```sh
//! cargo bench --bench allocations            # the 10k stream
//! ALLOCATIONS_OBJECTS=1000 cargo bench --bench allocations
//! ```

mod corpus;
mod heap;

use istio_egress::manifest::{Format, Manifest};
use serde::de::IgnoredAny;
use serde_json::Value;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

/// Runs `read` with counting on, and prints its census as one JSON line.
fn census<T>(reader: &str, objects: usize, read: impl FnOnce() -> T) {
    let (kept, census) = heap::counted(read);
    drop(std::hint::black_box(kept));
    let mut line = serde_json::json!({
        "reader": reader,
        "objects": objects,
        "blocks": census.blocks.iter().sum::<u64>(),
        "bytes": census.bytes,
    });
    for (&(name, _), count) in heap::CLASSES.iter().zip(&census.blocks) {
        line[name] = (*count).into();
    }
    println!("{line}");
}

fn main() {
    // `cargo bench` passes `--bench`; this binary takes no other argument.
    let objects: usize = match std::env::var("ALLOCATIONS_OBJECTS") {
        Ok(count) => count
            .parse()
            .expect("ALLOCATIONS_OBJECTS is a number of objects"),
        Err(_) => 10_000,
    };
    // The stream `parse.rs` reads.
    let text = corpus::json_stream(&corpus::objects(corpus::SEED, objects));
    census("scan_ignored_any", objects, || {
        serde_json::Deserializer::from_str(&text)
            .into_iter::<IgnoredAny>()
            .count()
    });
    census("value", objects, || {
        serde_json::Deserializer::from_str(&text)
            .into_iter::<Value>()
            .collect::<Result<Vec<_>, _>>()
            .expect("valid JSON")
    });
    census("manifest", objects, || {
        let read = Manifest::parse_as(&text, Format::Json);
        assert!(read.errors.is_empty(), "{:?}", read.errors.first());
        assert_eq!(read.documents.len(), objects);
        read
    });
}
