//! The rules of `localityLbSetting` and `zoneAwareLbSetting` (D21–D23).

use compact_str::CompactString;
use std::collections::{BTreeMap, BTreeSet};

use super::super::ctx::Ctx;
use crate::networking::{
    LocalityDistribute, LocalityFailover, LocalityLoadBalancerSetting, ZoneAwareFailover,
    ZoneAwareLoadBalancerSetting,
};

/// The node labels that name a region, zone and subzone; failover priorities may not use
/// them alongside explicit failover (D21) or in zone-aware balancing (D23).
const TOPOLOGY_LABELS: [&str; 3] = [
    "topology.kubernetes.io/region",
    "topology.kubernetes.io/zone",
    "topology.istio.io/subzone",
];

/// D21 and D22 on a locality setting at the current position.
pub(super) fn check_locality<'o>(
    setting: &'o LocalityLoadBalancerSetting,
    has_outlier: bool,
    ctx: &mut Ctx<'o>,
) {
    if !setting.distribute.is_empty() && !setting.failover.is_empty() {
        ctx.error_at(
            "failover",
            "D21",
            "can not simultaneously specify 'distribute' and 'failover'",
        );
    }
    if !setting.failover.is_empty() {
        ctx.each("failoverPriority", &setting.failover_priority, |ctx, label| {
            if TOPOLOGY_LABELS.contains(&label.as_str()) {
                let message = format!(
                    "can not simultaneously set 'failover' and topology label '{label}' in 'failover_priority'"
                );
                ctx.error("D21", message);
            }
        });
    }
    check_distribute(&setting.distribute, ctx);
    warn_without_outlier(
        !setting.failover.is_empty() || !setting.failover_priority.is_empty(),
        has_outlier,
        ctx,
    );
    ctx.each("failover", &setting.failover, |ctx, failover| {
        let LocalityFailover { from, to } = failover;
        check_failover(from, to, "locality lb", "D21", ctx);
    });
}

/// D23 and D22 on a zone-aware setting at the current position.
pub(super) fn check_zone_aware<'o>(
    setting: &'o ZoneAwareLoadBalancerSetting,
    has_outlier: bool,
    ctx: &mut Ctx<'o>,
) {
    ctx.each("failoverPriority", &setting.failover_priority, |ctx, label| {
        if TOPOLOGY_LABELS.contains(&label.as_str()) {
            let message = format!(
                "can not set topology label '{label}' in 'failover_priority' of zone aware lb setting"
            );
            ctx.error("D23", message);
        }
    });
    warn_without_outlier(
        !setting.failover.is_empty() || !setting.failover_priority.is_empty(),
        has_outlier,
        ctx,
    );
    ctx.each("failover", &setting.failover, |ctx, failover| {
        let ZoneAwareFailover { from, to } = failover;
        check_failover(from, to, "zone aware lb", "D23", ctx);
    });
}

/// D22: failover needs outlier detection in the same policy to notice unhealthy endpoints.
fn warn_without_outlier(fails_over: bool, has_outlier: bool, ctx: &mut Ctx<'_>) {
    if fails_over && !has_outlier {
        ctx.warning(
            "D22",
            "outlier detection policy must be provided for failover",
        );
    }
}

/// D21/D23: a failover joins two different regions, named without zones or wildcards.
fn check_failover<'o>(
    from: &'o Option<CompactString>,
    to: &'o Option<CompactString>,
    what: &str,
    rule: &'static str,
    ctx: &mut Ctx<'o>,
) {
    let from_region = from.as_deref().unwrap_or_default();
    let to_region = to.as_deref().unwrap_or_default();
    if from_region == to_region {
        let message = format!("{what} failover settings must specify different regions");
        ctx.error(rule, message);
    }
    for (key, region) in [("from", from_region), ("to", to_region)] {
        if region.contains('/') {
            ctx.error_at(key, rule, format!("{what} failover only specify region"));
        }
        if region.contains('*') {
            let message = format!("{what} failover region should not contain '*' wildcard");
            ctx.error_at(key, rule, message);
        }
    }
}

/// D21: the distribute rules' weights, destination localities and source localities.
fn check_distribute<'o>(rules: &'o [LocalityDistribute], ctx: &mut Ctx<'o>) {
    ctx.each("distribute", rules, |ctx, rule| {
        ctx.key("to", |ctx| {
            check_weights(rule, ctx);
            let targets: Vec<&'o str> = rule.to.keys().map(CompactString::as_str).collect();
            for (index, message) in locality_errors(&targets) {
                if let Some(&target) = targets.get(index) {
                    ctx.error_at(target, "D21", message);
                }
            }
        });
    });
    let sources: Vec<&'o str> = rules
        .iter()
        .map(|rule| rule.from.as_deref().unwrap_or_default())
        .collect();
    ctx.key("distribute", |ctx| {
        for (index, message) in locality_errors(&sources) {
            ctx.index(index, |ctx| ctx.error_at("from", "D21", message));
        }
    });
}

/// D21: every weight of a distribute rule is within 1..100 and together they make 100.
fn check_weights<'o>(rule: &'o LocalityDistribute, ctx: &mut Ctx<'o>) {
    let mut total: u64 = 0;
    let mut all_valid = true;
    for (target, &weight) in &rule.to {
        if !(1..=100).contains(&weight) {
            all_valid = false;
            ctx.error_at(target, "D21", "locality weight must be in range [1, 100]");
        }
        total += u64::from(weight);
    }
    if all_valid && total != 100 {
        ctx.error("D21", format!("total locality weight {total} != 100"));
    }
}

/// The localities seen so far: region → zone → subzones, with `*` standing for "all".
type Seen<'a> = BTreeMap<&'a str, BTreeMap<&'a str, BTreeSet<&'a str>>>;

/// D21: the malformed or overlapping entries of a list of localities, by position.
fn locality_errors(localities: &[&str]) -> Vec<(usize, String)> {
    let mut seen = Seen::new();
    let mut errors = Vec::new();
    for (index, &locality) in localities.iter().enumerate() {
        let wildcards = locality.matches('*').count();
        if wildcards > 1 || (wildcards == 1 && !locality.ends_with('*')) {
            let message = format!(
                "locality {locality} wildcard '*' number can not exceed 1 and must be in the end"
            );
            errors.push((index, message));
            continue;
        }
        let parts: Vec<&str> = locality.splitn(3, '/').collect();
        if parts.iter().any(|part| part.is_empty()) {
            let message =
                format!("locality {locality} must not contain empty region/zone/subzone info");
            errors.push((index, message));
            continue;
        }
        if seen.contains_key("*") || !insert_locality(&mut seen, &parts) {
            let message = format!("locality {locality} overlap with previous specified ones");
            errors.push((index, message));
        }
    }
    errors
}

/// D21: records a locality given as its parts; false if it overlaps one recorded before.
fn insert_locality<'a>(seen: &mut Seen<'a>, parts: &[&'a str]) -> bool {
    match *parts {
        [region] => {
            if seen.contains_key(region) {
                return false;
            }
            seen.insert(region, BTreeMap::from([("*", BTreeSet::from(["*"]))]));
            true
        }
        [region, zone] => {
            let zones = seen.entry(region).or_default();
            if zones.contains_key("*") || zones.contains_key(zone) {
                return false;
            }
            zones.insert(zone, BTreeSet::from(["*"]));
            true
        }
        [region, zone, subzone] => {
            let zones = seen.entry(region).or_default();
            if zones.contains_key("*") {
                return false;
            }
            let subzones = zones.entry(zone).or_default();
            if subzones.contains("*") || subzones.contains(subzone) {
                return false;
            }
            subzones.insert(subzone);
            true
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positions of the localities reported.
    fn messages(localities: &[&str]) -> Vec<usize> {
        locality_errors(localities)
            .into_iter()
            .map(|(index, _)| index)
            .collect()
    }

    /// D21: well-formed, malformed and overlapping localities.
    #[test]
    fn localities() {
        assert!(messages(&["us-west/zone1/*", "us-west/zone2/*"]).is_empty());
        assert!(messages(&["a/b/c", "a/b/d", "a/c"]).is_empty());
        assert_eq!(messages(&["a", "a/b"]), [1]);
        assert_eq!(messages(&["a/b", "a/b/c"]), [1]);
        assert_eq!(messages(&["a/*", "a/b"]), [1]);
        assert_eq!(messages(&["*", "b"]), [1]);
        assert_eq!(messages(&["a/*/c"]), [0]);
        assert_eq!(messages(&["a//c"]), [0]);
        assert_eq!(messages(&[""]), [0]);
        assert_eq!(messages(&["a/b/c", "a/b/c"]), [1]);
    }
}
