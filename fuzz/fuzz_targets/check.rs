//! Reads the input as a manifest, validates and analyzes it; see `istio_egress_fuzz::check`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    istio_egress_fuzz::check(&istio_egress_fuzz::text(data));
});
