//! The CRD schemas' own bounds: enums, ranges, required fields and sizes.
//!
//! These are the constraints of the CRDs' OpenAPI schemas that a typed value can still break
//! when it is built in code: an enum's `Other` value (`SCHEMA-enum`), a number outside the
//! schema's `minimum`/`maximum` (`SCHEMA-range`), a missing required field
//! (`SCHEMA-required`), a list, map or string over its `maxItems`/`maxProperties`/`maxLength`
//! (`SCHEMA-size`), a `format: byte` string that is not base64 (`SCHEMA-format`), and a
//! duplicate key of a list-map (`SCHEMA-listmap`). Messages are worded like the apiserver's.
//!
//! What counts as missing follows what this crate writes, which is what the apiserver sees:
//!
//! - a required `Option` is missing when it is `None`;
//! - a required list is missing when it is empty, since an empty list is not written (an
//!   empty list written explicitly in YAML reads the same as an absent one);
//! - a required string is missing when it is `""`: the types hold `""` when the key was
//!   absent, so an explicit empty string is reported as missing too;
//! - a required integer that is not optional (`port.number`, `directResponse.status`,
//!   `tunnel.targetPort`) is always written, so it is never missing: an absent key reads as
//!   0, which the schema accepts (the webhook's own rules judge the value).
//!
//! Bounds that the Rust types cannot break (`uint32` fields' `0..4294967295`, `uint64`
//! fields' `minimum: 0`, `minItems: 1` on lists whose empty value is not written) are not
//! checked. The 1–65535 bounds of ServiceEntry ports are CEL rules, checked by `cel.rs`.

mod bounds;
mod destination_rule;
mod gateway;
mod service_entry;
mod virtual_service;

use super::ctx::Ctx;
use crate::networking::{DestinationRuleSpec, GatewaySpec, ServiceEntrySpec, VirtualServiceSpec};

/// The Gateway CRD schema's bounds.
pub(crate) fn gateway<'o>(spec: &'o GatewaySpec, ctx: &mut Ctx<'o>) {
    gateway::check(spec, ctx);
}

/// The ServiceEntry CRD schema's bounds.
pub(crate) fn service_entry<'o>(spec: &'o ServiceEntrySpec, ctx: &mut Ctx<'o>) {
    service_entry::check(spec, ctx);
}

/// The VirtualService CRD schema's bounds.
pub(crate) fn virtual_service<'o>(spec: &'o VirtualServiceSpec, ctx: &mut Ctx<'o>) {
    virtual_service::check(spec, ctx);
}

/// The DestinationRule CRD schema's bounds.
pub(crate) fn destination_rule<'o>(spec: &'o DestinationRuleSpec, ctx: &mut Ctx<'o>) {
    destination_rule::check(spec, ctx);
}
