//! Istio's analyzers of VirtualServices against the rest of the set:
//!
//! * `virtualservice.GatewayAnalyzer` ([`gateways`]): IST0101 gateway not found, IST0132 no
//!   host of the VirtualService in the Gateway, IST0165 reference to a generated Gateway;
//! * `virtualservice.DestinationHostAnalyzer` ([`destination_hosts`]): IST0101 host, mirror
//!   host or `host:port` not found, IST0112 port selector required, IST0140 subsets without
//!   effect on gateway requests;
//! * `virtualservice.DestinationRuleAnalyzer` ([`destination_rules`]): IST0101 subset defined
//!   by no DestinationRule;
//! * `virtualservice.ConflictingMeshGatewayHostsAnalyzer` ([`mesh_hosts`]): IST0109;
//! * `virtualservice.JWTClaimRouteAnalyzer` ([`jwt_claims`]): IST0149.
//!
//! Each builds its lookup tables once from the [`Index`] and then looks every reference up,
//! so the cost follows the number of objects. Istio's host rules live in [`hosts`].

mod destination_hosts;
mod destination_rules;
mod destinations;
mod gateways;
mod hosts;
mod jwt_claims;
mod mesh_hosts;

pub(crate) use hosts::HostSet;

use super::Options;
use super::index::Index;
use super::sink::Sink;

/// Runs the VirtualService analyzers (IST0101, IST0109, IST0112, IST0132, IST0140, IST0149,
/// IST0165), one after the other.
pub(crate) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    gateways::run(index, sink);
    let visited = destinations::all(&index.virtual_services);
    destination_hosts::run(index, &visited, options, sink);
    destination_rules::run(index, &visited, options, sink);
    mesh_hosts::run(index, options, sink);
    jwt_claims::run(index, options, sink);
}
