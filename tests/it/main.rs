//! The integration tests, built as one test binary: each file below is a module, and `support`
//! holds what they share. One binary links the crate and its test dependencies once instead of
//! once per file, which keeps a clean build's time and disk use down.

mod support;

mod analyze_annotations;
mod analyze_canon;
mod analyze_destination_rule;
mod analyze_gateway;
mod analyze_service_entry;
mod analyze_virtual_service;
mod crd_coverage;
mod crd_fixtures;
mod ecosystem;
mod egress_canon;
mod egress_plan;
mod egress_proptest;
mod fuzz_regressions;
mod manifest;
mod manifest_json_direct;
mod manifest_limits;
mod no_panic;
mod round_trip;
mod round_trip_arbitrary;
mod unknown_fields;
mod validate_cel;
mod validate_destination_rule;
mod validate_fixtures;
mod validate_gateway;
mod validate_schema;
mod validate_service_entry;
mod validate_virtual_service;
