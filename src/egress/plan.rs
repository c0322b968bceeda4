//! [`EgressPlan`]: many routes composed together, and the composition pipeline every route
//! goes through (check → merge → write → validate and analyse).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::bundle::EgressBundle;
use super::error::ComposeError;
use super::model::Model;
use super::network_policy::NetworkPolicyOptions;
use super::resolve::{self, Resolved};
use super::route::EgressRoute;
use super::{check, emit};

/// Several routes composed into one consistent set of objects.
///
/// Routes through the same egress gateway share its Gateway object (one server per gateway
/// port, with the hosts of every route on that port), its DestinationRule and its subset.
/// Routes that name the same hosts share their ServiceEntry and VirtualService, one rule set
/// per port. Whatever cannot be shared is refused with a [`ComposeError::Conflict`] naming
/// both routes: two ways of carrying traffic on one gateway port, one host and port with two
/// protocols, overlapping but different host lists, two routes for the same host and port.
///
/// ```
/// use istio_egress::egress::{EgressMode, EgressPlan, EgressRoute};
///
/// let plan = EgressPlan::new(vec![
///     EgressRoute::new(["api.example.com"], EgressMode::TlsOrigination),
///     EgressRoute::new(["www.example.org"], EgressMode::TlsPassthrough),
/// ]);
/// let bundle = plan.compose()?;
/// assert_eq!(bundle.gateways.len(), 1);
/// assert_eq!(bundle.gateways[0].spec.servers.len(), 2); // ports 80 and 443
/// # Ok::<(), istio_egress::egress::ComposeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EgressPlan {
    /// The routes, in order; errors name them as `routes[i]`.
    #[builder(setter(into))]
    pub routes: Vec<EgressRoute>,
    /// Also write a NetworkPolicy into each client namespace of the gateway routes, so that
    /// its pods can leave only through the gateway (and reach DNS and the control plane).
    /// Off by default: it blocks every other egress of those namespaces, in-cluster traffic
    /// to other namespaces included, which needs policies of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub network_policy: Option<NetworkPolicyOptions>,
}

impl EgressPlan {
    /// A plan of these routes, without NetworkPolicies.
    pub fn new(routes: impl Into<Vec<EgressRoute>>) -> Self {
        Self {
            routes: routes.into(),
            network_policy: None,
        }
    }

    /// Adds (or, with `false`, drops) the NetworkPolicies, with default settings.
    pub fn with_network_policy(mut self, enabled: bool) -> Self {
        self.network_policy = enabled.then(NetworkPolicyOptions::default);
        self
    }

    /// Composes every route into one bundle, or says which route and field is at fault.
    pub fn compose(&self) -> Result<EgressBundle, ComposeError> {
        compose_routes(&self.routes, self.network_policy.as_ref(), "routes", "")
    }
}

impl From<EgressRoute> for EgressPlan {
    fn from(route: EgressRoute) -> Self {
        Self::new(vec![route])
    }
}

impl EgressRoute {
    /// Composes the route's objects: checked, merged, validated and analysed.
    ///
    /// Errors name fields relative to the route (`hosts[0]`, `origination.credentialName`).
    pub fn compose(&self) -> Result<EgressBundle, ComposeError> {
        compose_routes(std::slice::from_ref(self), None, "", "")
    }

    /// Like [`compose`](Self::compose), and also writes a NetworkPolicy into each client
    /// namespace (see [`EgressPlan::with_network_policy`]).
    pub fn compose_with_network_policy(&self) -> Result<EgressBundle, ComposeError> {
        compose_routes(
            std::slice::from_ref(self),
            Some(&NetworkPolicyOptions::default()),
            "",
            "",
        )
    }
}

/// The pipeline. `list` is the field holding the routes (`routes`), or empty for a single
/// route, whose paths then start at its own fields.
fn compose_routes(
    routes: &[EgressRoute],
    network_policy: Option<&NetworkPolicyOptions>,
    list: &str,
    plan_path: &str,
) -> Result<EgressBundle, ComposeError> {
    if routes.is_empty() {
        return Err(ComposeError::missing(
            resolve::at(plan_path, list),
            "a plan needs at least one route",
        ));
    }
    // Large lists are sized up front: each time one grows past a kilobyte, the allocator
    // sweeps up every small block freed so far, which is most of a compose's garbage.
    let mut resolved: Vec<Resolved<'_>> = Vec::with_capacity(routes.len());
    // The last gateway that passed the full check (that of a route through it).
    let mut checked = None;
    for (i, route) in routes.iter().enumerate() {
        let path = if list.is_empty() {
            String::new()
        } else {
            resolve::at(plan_path, format_args!("{list}[{i}]"))
        };
        resolved.push(resolve::resolve(route, &path, checked)?);
        if !route.direct {
            checked = Some(&route.gateway);
        }
    }
    let mut model = Model::build(&resolved)?;
    let emitted = emit::emit(&mut model, &resolved, network_policy, plan_path)?;
    let mut bundle = emitted.bundle;
    check::check(&mut bundle, &emitted.origins, &model)?;
    Ok(bundle)
}
