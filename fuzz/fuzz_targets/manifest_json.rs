//! Reads the input as a JSON manifest; see `istio_egress_fuzz::manifest`.
#![no_main]

use istio_egress::manifest::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    istio_egress_fuzz::manifest(&istio_egress_fuzz::text(data), Format::Json);
});
