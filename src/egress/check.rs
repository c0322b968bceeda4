//! The checks a bundle passes before it is returned: Istio's per-object validation, then
//! cross-object analysis with the egress gateway as context.
//!
//! The context is the gateway as the routes describe it — its Service and one pod with the
//! selector's labels — so that the references from the composed objects (the Gateway's
//! selector, the sidecar hop's `host:port`, the gateway DestinationRule's host) resolve the
//! way they will in the cluster. It is analysed but never returned.

use super::bundle::{BundleFinding, EgressBundle};
use super::error::ComposeError;
use super::model::Model;
use crate::analyze::{self, Options};
use crate::manifest::Object;
use crate::validate::{Finding, Severity};

/// Validates and analyses the bundle; an error finding on one of its objects becomes
/// [`ComposeError::Rejected`], other findings are kept in [`EgressBundle::warnings`].
pub(crate) fn check(
    bundle: &mut EgressBundle,
    origins: &[&str],
    model: &Model<'_>,
) -> Result<(), ComposeError> {
    // Validation runs once, inside the analysis, as `istioctl analyze` runs it; the gateway's
    // Service and pod follow the bundle's own objects as context.
    // The objects are moved out for the analysis and back after it, not copied.
    let mut objects = bundle.take_objects();
    let own = objects.len();
    for gateway in &model.gateways {
        objects.push(Object::from(gateway.gateway.service_object()));
        objects.push(Object::from(gateway.gateway.pod_object()));
    }
    let mut options = Options::default().with_validation();
    if let Some(domain) = model.gateways.first().map(|g| &g.gateway.cluster_domain) {
        options.cluster_domain = domain.clone();
    }
    let analysis = analyze::analyze(&objects, &options);
    objects.truncate(own);
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

    bundle.warnings = kept
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
    bundle.put_back(objects);
    Ok(())
}

fn reject<'a>(
    index: usize,
    objects: &[Object],
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
