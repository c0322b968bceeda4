//! Reads the input as egress routes and composes them; see `istio_egress_fuzz::compose`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    istio_egress_fuzz::compose(&istio_egress_fuzz::text(data));
});
