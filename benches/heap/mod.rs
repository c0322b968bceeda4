//! The counting global allocator of the benches that measure heap use (`allocations.rs`, and
//! `analyze.rs` for the size of its mesh). It forwards every call to the system's allocator
//! and counts only inside [`counted`], so that outside it a timed bench pays one flag check
//! per call.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};

/// Blocks of text (alignment 1: `String`, `Box<str>`) by size, then every other block.
pub const CLASSES: [(&str, usize); 5] = [
    ("text_le_8", 8),
    ("text_le_16", 16),
    ("text_le_24", 24),
    ("text_gt_24", usize::MAX),
    ("other", 0),
];

/// What [`counted`] saw.
pub struct Census {
    /// Blocks asked for, by [`CLASSES`]; a reallocation counts as a block of its new size, as
    /// it usually moves.
    pub blocks: [u64; CLASSES.len()],
    /// Bytes asked for, reallocations at their new size.
    pub bytes: u64,
    /// Bytes asked for minus bytes given back: what the counted work left on the heap.
    pub live: i64,
}

/// The global allocator: `#[global_allocator] static ALLOCATOR: heap::Counting = heap::Counting;`
pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static BLOCKS: [AtomicU64; CLASSES.len()] = [const { AtomicU64::new(0) }; CLASSES.len()];
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicI64 = AtomicI64::new(0);

/// Runs `work` with counting on, and returns what it gave with what it asked of the heap.
pub fn counted<T>(work: impl FnOnce() -> T) -> (T, Census) {
    for class in &BLOCKS {
        class.store(0, Relaxed);
    }
    BYTES.store(0, Relaxed);
    LIVE.store(0, Relaxed);
    ON.store(true, Relaxed);
    let done = work();
    ON.store(false, Relaxed);
    let census = Census {
        blocks: std::array::from_fn(|class| BLOCKS.get(class).map_or(0, |c| c.load(Relaxed))),
        bytes: BYTES.load(Relaxed),
        live: LIVE.load(Relaxed),
    };
    (done, census)
}

fn size(bytes: usize) -> i64 {
    i64::try_from(bytes).unwrap_or(i64::MAX)
}

/// Counts a block asked for (or a reallocation's new block), given back `freed` bytes.
fn asked(layout: Layout, freed: usize) {
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
    if let Some(blocks) = BLOCKS.get(class) {
        blocks.fetch_add(1, Relaxed);
    }
    BYTES.fetch_add(layout.size() as u64, Relaxed);
    LIVE.fetch_add(size(layout.size()) - size(freed), Relaxed);
}

fn given_back(bytes: usize) {
    if ON.load(Relaxed) {
        LIVE.fetch_sub(size(bytes), Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting touches only
// atomics and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        asked(layout, 0);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        asked(layout, 0);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        given_back(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if let Ok(grown) = Layout::from_size_align(new_size, layout.align()) {
            asked(grown, layout.size());
        }
        // SAFETY: as for `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
