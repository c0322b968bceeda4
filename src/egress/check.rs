//! The checks a bundle passes before it is returned: Istio's per-object validation, then
//! cross-object analysis with the egress gateway as context.
//!
//! The context is the gateway as the routes describe it — its Service and one pod with the
//! selector's labels — so that the references from the composed objects (the Gateway's
//! selector, the sidecar hop's `host:port`, the gateway DestinationRule's host) resolve the
//! way they will in the cluster. It is analysed but never returned.

use super::bundle::{BundleFinding, EgressBundle};
use super::error::ComposeError;
use super::gateway::EgressGateway;
use super::model::Model;
use crate::analyze::{self, Options};
use crate::manifest::ObjectView;
use crate::validate::{Finding, Severity};
use k8s_openapi::api::core::v1::{Pod, Service};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Validates and analyses the bundle; an error finding on one of its objects becomes
/// [`ComposeError::Rejected`], other findings are kept in [`EgressBundle::warnings`].
pub(crate) fn check(
    bundle: &mut EgressBundle,
    origins: &[&str],
    model: &Model<'_>,
) -> Result<(), ComposeError> {
    // Validation runs once, inside the analysis, as `istioctl analyze` runs it; the gateway's
    // Service and pod follow the bundle's own objects as context. The bundle's objects are
    // analysed where they lie, in the order of `EgressBundle::objects`.
    let context: Vec<Cow<'static, Context>> = model
        .gateways
        .iter()
        .map(|g| context(g.gateway, g.is_default))
        .collect();
    let mut objects: Vec<ObjectView<'_>> = Vec::with_capacity(bundle.len() + 2 * context.len());
    objects.extend(bundle.views());
    let own = objects.len();
    for context in &context {
        objects.push(ObjectView::Service(&context.service));
        objects.push(ObjectView::Pod(&context.pod));
    }
    let domain = model
        .gateways
        .first()
        .map(|g| g.gateway.cluster_domain.as_str());
    let analysis = analyze::analyze_borrowed(&objects, &options(domain));
    let mut kept: Vec<(usize, Finding)> = Vec::new();
    for found in analysis.findings {
        if found.object < own {
            kept.push((found.object, found.finding));
        }
    }
    // Findings in the order of the objects, each object's in the analysis' order.
    kept.sort_by_key(|(index, _)| *index);
    let first_error = kept.iter().find(|(_, f)| f.severity == Severity::Error);
    if let Some(&(index, _)) = first_error {
        let errors = kept.iter().filter(|(i, _)| *i == index).map(|(_, f)| f);
        reject(index, &objects, origins, errors)?;
    }

    let warnings = kept
        .into_iter()
        .filter_map(|(index, finding)| {
            let object = objects.get(index)?;
            Some(BundleFinding {
                kind: object.kind().to_owned(),
                namespace: object.namespace().unwrap_or_default().to_owned(),
                name: object.name().unwrap_or_default().to_owned(),
                finding,
            })
        })
        .collect();
    bundle.warnings = warnings;
    Ok(())
}

/// A gateway as the analysis sees it: its Service and one of its pods. Boxed, so that the
/// list of contexts a check holds stays a few words per gateway (a `Service` and a `Pod`
/// inline are more than a kilobyte and a half).
#[derive(Clone, Debug)]
struct Context {
    service: Box<Service>,
    pod: Box<Pod>,
}

impl Context {
    fn of(gateway: &EgressGateway) -> Self {
        Context {
            service: Box::new(gateway.service_object()),
            pod: Box::new(gateway.pod_object()),
        }
    }
}

/// The context of `gateway`, which `is_default` says is Istio's default gateway or not. That
/// one, which most routes go through, has its context built once per process; any other
/// gateway has its own built for each check.
fn context(gateway: &EgressGateway, is_default: bool) -> Cow<'static, Context> {
    static DEFAULT: OnceLock<Context> = OnceLock::new();
    if is_default {
        Cow::Borrowed(DEFAULT.get_or_init(|| Context::of(EgressGateway::shared_default())))
    } else {
        Cow::Owned(Context::of(gateway))
    }
}

/// The analysis settings: Istio's defaults with validation, in the gateway's cluster domain.
/// The defaults are built once per process, and copied only for another domain.
fn options(domain: Option<&str>) -> Cow<'static, Options> {
    static DEFAULT: OnceLock<Options> = OnceLock::new();
    let default = DEFAULT.get_or_init(|| Options::default().with_validation());
    match domain {
        Some(domain) if domain != default.cluster_domain => {
            let mut options = default.clone();
            options.cluster_domain = domain.to_owned();
            Cow::Owned(options)
        }
        _ => Cow::Borrowed(default),
    }
}

fn reject<'a>(
    index: usize,
    objects: &[ObjectView<'_>],
    origins: &[&str],
    findings: impl Iterator<Item = &'a Finding>,
) -> Result<(), ComposeError> {
    let errors: Vec<Finding> = findings
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let object = objects.get(index).map_or_else(String::new, |o| {
        format!(
            "{} {}/{}",
            o.kind(),
            o.namespace().unwrap_or_default(),
            o.name().unwrap_or_default()
        )
    });
    Err(ComposeError::Rejected {
        field: origins
            .get(index)
            .map_or_else(String::new, |&o| o.to_owned()),
        object,
        findings: errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::egress::{EgressMode, EgressPlan, EgressRoute, GatewayServicePort, emit, resolve};

    /// Emits a plan's objects, lets `spoil` change them, and returns the check's error.
    fn checked(plan: &EgressPlan, spoil: impl FnOnce(&mut EgressBundle)) -> ComposeError {
        let resolved: Vec<_> = plan
            .routes
            .iter()
            .enumerate()
            .map(|(i, r)| resolve::resolve(r, &format!("routes[{i}]"), None).unwrap())
            .collect();
        let mut model = Model::build(&resolved).unwrap();
        let mut emitted = emit::emit(&mut model, &resolved, None, "").unwrap();
        spoil(&mut emitted.bundle);
        check(&mut emitted.bundle, &emitted.origins, &model).unwrap_err()
    }

    #[test]
    fn the_options_are_the_defaults_with_validation_in_the_gateway_domain() {
        let expected = Options::default().with_validation();
        for domain in [None, Some("cluster.local")] {
            let options = options(domain);
            assert!(matches!(options, Cow::Borrowed(_)), "{domain:?}");
            assert_eq!(*options, expected);
        }
        let other = options(Some("corp.internal"));
        assert_eq!(other.cluster_domain, "corp.internal");
        assert_eq!(
            Options {
                cluster_domain: expected.cluster_domain.clone(),
                ..other.into_owned()
            },
            expected
        );
    }

    #[test]
    fn the_context_is_the_gateways_service_and_pod_and_shared_only_for_the_default() {
        let default = EgressGateway::default();
        let shared = context(&default, default.is_default());
        assert!(matches!(shared, Cow::Borrowed(_)));
        assert_eq!(*shared.service, default.service_object());
        assert_eq!(*shared.pod, default.pod_object());
        let mut other = EgressGateway::default();
        other.ports.push(GatewayServicePort::new(7777, "tcp-mongo"));
        let own = context(&other, other.is_default());
        assert!(matches!(own, Cow::Owned(_)));
        assert_eq!(*own.service, other.service_object());
        assert_eq!(*own.pod, other.pod_object());
    }

    #[test]
    fn an_error_finding_rejects_the_object_and_names_its_route() {
        let plan = EgressPlan::new(vec![
            EgressRoute::new(["api.example.com"], EgressMode::Http),
            EgressRoute::new(["pay.example.com"], EgressMode::TlsPassthrough),
        ]);
        // The second route's VirtualService sends to a subset no DestinationRule defines.
        let e = checked(&plan, |bundle| {
            let vs = &mut bundle.virtual_services[1];
            let destination = vs.spec.tls[0].route[0].destination.as_mut().unwrap();
            destination.subset = Some("missing".into());
        });
        let ComposeError::Rejected {
            field,
            object,
            findings,
        } = e
        else {
            panic!("{e}");
        };
        assert_eq!(field, "routes[1]");
        assert_eq!(object, "VirtualService istio-system/pay-example-com");
        assert!(
            findings.iter().all(|f| f.severity == Severity::Error)
                && findings.iter().any(|f| f.code == "IST0101"),
            "{findings:?}"
        );
    }
}
