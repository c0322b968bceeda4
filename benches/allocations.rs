//! An allocation census of reading: how many heap blocks each reader asks for per object of
//! the JSON corpus, how many bytes, and of which sizes. Not a timing: allocation is the main
//! cost of typed reading (asking for a block, and giving it back when the object is dropped),
//! and counts do not move with the machine's speed, so they show what a change to the types or
//! the reader removes.
//!
//! The binary counts through a global allocator of its own that forwards to the system's, so
//! it runs apart from the timed benchmarks, whose allocator it would slow. It reads the 10k
//! JSON stream of `parse.rs` (the same corpus, written the same way) with each reader once,
//! then prints one JSON line per reader: `scripts/benchmarks.py --run` puts them in
//! BENCHMARKS.md.
//!
//! ```sh
//! cargo bench --bench allocations            # the 10k stream
//! ALLOCATIONS_OBJECTS=1000 cargo bench --bench allocations
//! ```

mod corpus;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use istio_egress::manifest::{Format, Manifest};
use serde::de::IgnoredAny;
use serde_json::Value;

/// Blocks of text (alignment 1: `String`, `Box<str>`) by size, then every other block.
const CLASSES: [(&str, usize); 5] = [
    ("text_le_8", 8),
    ("text_le_16", 16),
    ("text_le_24", 24),
    ("text_gt_24", usize::MAX),
    ("other", 0),
];

/// Counts the blocks asked for while `ON` is set, by class; a reallocation counts as a block of
/// its new size, as it usually moves.
struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static BLOCKS: [AtomicU64; CLASSES.len()] = [const { AtomicU64::new(0) }; CLASSES.len()];
static BYTES: AtomicU64 = AtomicU64::new(0);

fn record(layout: Layout) {
    if !ON.load(Relaxed) {
        return;
    }
    let class = if layout.align() == 1 {
        CLASSES
            .iter()
            .position(|&(_, limit)| layout.size() <= limit)
            .unwrap_or(CLASSES.len() - 2)
    } else {
        CLASSES.len() - 1
    };
    BLOCKS[class].fetch_add(1, Relaxed);
    BYTES.fetch_add(layout.size() as u64, Relaxed);
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting touches only
// atomics and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if let Ok(grown) = Layout::from_size_align(new_size, layout.align()) {
            record(grown);
        }
        // SAFETY: as for `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `read` with counting on, and prints its census as one JSON line.
fn census<T>(reader: &str, objects: usize, read: impl FnOnce() -> T) {
    for class in &BLOCKS {
        class.store(0, Relaxed);
    }
    BYTES.store(0, Relaxed);
    ON.store(true, Relaxed);
    let kept = read();
    ON.store(false, Relaxed);
    drop(std::hint::black_box(kept));
    let blocks: Vec<u64> = BLOCKS.iter().map(|class| class.load(Relaxed)).collect();
    let mut line = serde_json::json!({
        "reader": reader,
        "objects": objects,
        "blocks": blocks.iter().sum::<u64>(),
        "bytes": BYTES.load(Relaxed),
    });
    for (&(name, _), count) in CLASSES.iter().zip(&blocks) {
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
