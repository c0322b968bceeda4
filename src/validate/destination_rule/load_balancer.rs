//! The rules of `loadBalancer` (D16–D20, D24; locality settings in [`super::locality`]).

use crate::small_set::SmallSet;

use super::super::common;
use super::super::ctx::Ctx;
use super::locality;
use crate::networking::{
    ConsistentHashLb, HashAlgorithm, HashKey, HttpCookie, LbPolicy, LoadBalancerSettings,
    WarmupConfiguration,
};

/// Maglev's table size must stay below this (Envoy's largest supported prime).
const MAGLEV_TABLE_SIZE_LIMIT: u64 = 5_000_011;

/// D16–D24 on a load balancer; `has_outlier`: the same policy sets outlier detection (D22).
pub(super) fn check<'o>(balancer: &'o LoadBalancerSettings, has_outlier: bool, ctx: &mut Ctx<'o>) {
    if let Some(LbPolicy::ConsistentHash(hashing)) = &balancer.lb_policy {
        ctx.key("consistentHash", |ctx| check_consistent_hash(hashing, ctx));
    }
    if let Some(setting) = &balancer.locality_lb_setting {
        ctx.key("localityLbSetting", |ctx| {
            locality::check_locality(setting, has_outlier, ctx);
        });
    }
    if let Some(setting) = &balancer.zone_aware_lb_setting {
        ctx.key("zoneAwareLbSetting", |ctx| {
            if balancer.locality_lb_setting.is_some() {
                ctx.error(
                    "D20",
                    "can not simultaneously specify 'localityLbSetting' and 'zoneAwareLbSetting'",
                );
            }
            locality::check_zone_aware(setting, has_outlier, ctx);
        });
    }
    if let Some(warmup) = &balancer.warmup {
        ctx.key("warmup", |ctx| check_warmup(warmup, ctx));
    }
}

/// D16–D19: the cookie, the deprecated ring size and Maglev's table size.
fn check_consistent_hash<'o>(hashing: &'o ConsistentHashLb, ctx: &mut Ctx<'o>) {
    if let Some(HashKey::HttpCookie(cookie)) = &hashing.hash_key {
        ctx.key("httpCookie", |ctx| check_cookie(cookie, ctx));
    }
    if hashing.minimum_ring_size.is_some_and(|size| size != 0) {
        ctx.warning_at(
            "minimumRingSize",
            "D17",
            "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead",
        );
        if hashing.hash_algorithm.is_some() {
            ctx.error_at(
                "minimumRingSize",
                "D18",
                "only one of MinimumRingSize or Maglev/Ringhash can be specified",
            );
        }
    }
    if let Some(HashAlgorithm::Maglev(maglev)) = &hashing.hash_algorithm {
        let size = maglev.table_size.unwrap_or(0);
        ctx.key("maglev", |ctx| {
            for message in maglev_table_size(size) {
                ctx.error_at("tableSize", "D19", message);
            }
        });
    }
}

/// D16: a cookie has a name, and its attributes have distinct, non-empty names.
fn check_cookie<'o>(cookie: &'o HttpCookie, ctx: &mut Ctx<'o>) {
    if cookie.name.is_empty() {
        ctx.error_at("name", "D16", "name required for HttpCookie");
    }
    let mut seen: SmallSet<&str, 8> = SmallSet::new();
    ctx.each("attributes", &cookie.attributes, |ctx, attribute| {
        if attribute.name.is_empty() {
            ctx.error_at("name", "D16", "name required for HttpCookie attribute");
        } else if !seen.insert(attribute.name.as_str()) {
            let message = format!("duplicate HttpCookie attribute name: {}", attribute.name);
            ctx.error_at("name", "D16", message);
        }
    });
}

/// D19: every problem with a Maglev table size, in Istio's words.
fn maglev_table_size(size: u64) -> Vec<&'static str> {
    let mut messages = Vec::new();
    if size == 0 {
        messages.push("tableSize must be set for maglev");
    }
    if size >= MAGLEV_TABLE_SIZE_LIMIT {
        messages.push("tableSize must be less than 5000011 for maglev");
    }
    if !is_prime(size) {
        messages.push("tableSize must be a prime number for maglev");
    }
    messages
}

/// D19: primality as Envoy judges a Maglev table size (1, 2 and 3 count as prime, 0 not).
fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n != 0;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let twos = (n - 1).trailing_zeros();
    let d = (n - 1) >> twos;
    const WITNESSES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    WITNESSES
        .iter()
        .filter(|&&a| a % n != 0)
        .all(|&a| passes_miller_rabin(n, a, d, twos))
}

/// D19: one Miller–Rabin round for odd `n` with `n - 1 = d · 2^twos` and witness `a`.
fn passes_miller_rabin(n: u64, a: u64, d: u64, twos: u32) -> bool {
    let mut x = pow_mod(a, d, n);
    if x == 1 || x == n - 1 {
        return true;
    }
    for _ in 1..twos {
        x = mul_mod(x, x, n);
        if x == n - 1 {
            return true;
        }
    }
    false
}

/// D19: `a · b mod m` without overflow.
fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    let product = u128::from(a) * u128::from(b) % u128::from(m);
    u64::try_from(product).unwrap_or(0)
}

/// D19: `base^exp mod m` by repeated squaring.
fn pow_mod(mut base: u64, mut exp: u64, m: u64) -> u64 {
    let mut result = 1 % m;
    base %= m;
    while exp > 0 {
        if exp & 1 == 1 {
            result = mul_mod(result, base, m);
        }
        base = mul_mod(base, base, m);
        exp >>= 1;
    }
    result
}

/// D24: a warmup's duration (required, S2), minimum percent (≤ 100) and aggression (> 0).
fn check_warmup<'o>(warmup: &'o WarmupConfiguration, ctx: &mut Ctx<'o>) {
    match &warmup.duration {
        None => ctx.error_at("duration", "D24", "duration is required"),
        Some(duration) => {
            if let Err(message) = common::duration(duration) {
                ctx.error_at("duration", "D24", message);
            }
        }
    }
    if warmup
        .minimum_percent
        .is_some_and(|percent| percent > 100.0)
    {
        ctx.error_at(
            "minimumPercent",
            "D24",
            "minimumPercent value should be less than or equal to 100",
        );
    }
    if warmup
        .aggression
        .is_some_and(|aggression| aggression <= 0.0)
    {
        ctx.error_at("aggression", "D24", "aggression should be greater than 0");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D19: the primality test agrees with trial division.
    #[test]
    fn primes_match_trial_division() {
        let slow = |n: u64| {
            n != 0
                && (n < 4
                    || (n % 2 == 1
                        && (3..)
                            .step_by(2)
                            .take_while(|f| f * f <= n)
                            .all(|f| !n.is_multiple_of(f))))
        };
        for n in 0..20_000 {
            assert_eq!(is_prime(n), slow(n), "{n}");
        }
        assert!(is_prime(65537));
        assert!(is_prime(5_000_011));
        assert!(!is_prime(4_294_967_297));
        assert!(is_prime(18_446_744_073_709_551_557));
    }

    /// D19: each table-size problem is reported.
    #[test]
    fn maglev_table_sizes() {
        assert!(maglev_table_size(65537).is_empty());
        assert_eq!(maglev_table_size(0).len(), 2);
        assert_eq!(maglev_table_size(5_000_011).len(), 1);
        assert_eq!(maglev_table_size(65536).len(), 1);
    }
}
