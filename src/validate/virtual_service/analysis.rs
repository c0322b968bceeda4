//! Rules that can never apply: unreachable rules (V13, IST0130) and ineffective matches (V14,
//! IST0131), found the way Istio's webhook finds them.
//!
//! Within each of `http`, `tls` and `tcp`, a rule after a rule without matches is unreachable,
//! as is a rule whose every match repeats an earlier one; a repeated match is ineffective. For
//! HTTP, a uri-prefix match is also ineffective when an earlier prefix match with the same
//! port, method, authority, headers, query parameters and absent headers covers it.

use crate::networking::StringMap;

use super::super::common::non_empty;
use super::super::ctx::Ctx;
use crate::networking::{
    HttpMatchRequest, HttpRoute, L4MatchAttributes, MatchType, StringMatch, TcpRoute,
    TlsMatchAttributes, TlsRoute, VirtualServiceSpec,
};
use crate::validate::{Severity, codes};

/// What kind of finding a note is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// V13: a rule that can never be used.
    Unreachable,
    /// V14: a match that can never be the one that applies.
    Ineffective,
}

/// One finding of the analysis, placed at a rule or at one of its matches.
#[derive(Debug)]
struct Note {
    rule: usize,
    matchn: Option<usize>,
    kind: Kind,
    message: String,
}

/// A list of routing rules the analysis can walk.
trait Routed {
    /// The type of the rule's matches.
    type Match;
    /// The rule's matches.
    fn matches(&self) -> &[Self::Match];
    /// The rule's name, when it has one.
    fn name(&self) -> Option<&str>;
    /// A match's name, when it has one.
    fn match_name(matcher: &Self::Match) -> Option<&str>;
    /// Whether two matches are the same match: equal in everything but their name, with unset
    /// and default values equal (a port of 0, `ignoreUriCase: false`, empty strings).
    fn same(a: &Self::Match, b: &Self::Match) -> bool;
}

impl Routed for HttpRoute {
    type Match = HttpMatchRequest;
    fn matches(&self) -> &[HttpMatchRequest] {
        &self.r#match
    }
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    fn match_name(matcher: &HttpMatchRequest) -> Option<&str> {
        matcher.name.as_deref()
    }
    fn same(a: &HttpMatchRequest, b: &HttpMatchRequest) -> bool {
        // Spelled out field by field, so that a field added to the type must be added here.
        let HttpMatchRequest {
            name: _,
            uri,
            scheme,
            method,
            authority,
            headers,
            port,
            source_labels,
            gateways,
            query_params,
            ignore_uri_case,
            without_headers,
            source_namespace,
            stat_prefix,
        } = a;
        *uri == b.uri
            && *scheme == b.scheme
            && *method == b.method
            && *authority == b.authority
            && *headers == b.headers
            && same_port(*port, b.port)
            && *source_labels == b.source_labels
            && *gateways == b.gateways
            && *query_params == b.query_params
            && ignore_uri_case.filter(|i| *i) == b.ignore_uri_case.filter(|i| *i)
            && *without_headers == b.without_headers
            && non_empty(source_namespace) == non_empty(&b.source_namespace)
            && non_empty(stat_prefix) == non_empty(&b.stat_prefix)
    }
}

impl Routed for TlsRoute {
    type Match = TlsMatchAttributes;
    fn matches(&self) -> &[TlsMatchAttributes] {
        &self.r#match
    }
    fn name(&self) -> Option<&str> {
        None
    }
    fn match_name(_: &TlsMatchAttributes) -> Option<&str> {
        None
    }
    fn same(a: &TlsMatchAttributes, b: &TlsMatchAttributes) -> bool {
        let TlsMatchAttributes {
            sni_hosts,
            destination_subnets,
            port,
            source_labels,
            gateways,
            source_namespace,
        } = a;
        *sni_hosts == b.sni_hosts
            && *destination_subnets == b.destination_subnets
            && same_port(*port, b.port)
            && *source_labels == b.source_labels
            && *gateways == b.gateways
            && non_empty(source_namespace) == non_empty(&b.source_namespace)
    }
}

impl Routed for TcpRoute {
    type Match = L4MatchAttributes;
    fn matches(&self) -> &[L4MatchAttributes] {
        &self.r#match
    }
    fn name(&self) -> Option<&str> {
        None
    }
    fn match_name(_: &L4MatchAttributes) -> Option<&str> {
        None
    }
    fn same(a: &L4MatchAttributes, b: &L4MatchAttributes) -> bool {
        let L4MatchAttributes {
            destination_subnets,
            port,
            source_subnet,
            source_labels,
            gateways,
            source_namespace,
        } = a;
        *destination_subnets == b.destination_subnets
            && same_port(*port, b.port)
            && non_empty(source_subnet) == non_empty(&b.source_subnet)
            && *source_labels == b.source_labels
            && *gateways == b.gateways
            && non_empty(source_namespace) == non_empty(&b.source_namespace)
    }
}

/// V13/V14: two ports are the same when equal, an unset port being 0.
fn same_port(a: Option<u32>, b: Option<u32>) -> bool {
    a.unwrap_or(0) == b.unwrap_or(0)
}

/// V13/V14: how Istio names a rule or match in messages: its quoted name, or `#<index>`.
fn label(name: Option<&str>, index: usize) -> String {
    match name.filter(|n| !n.is_empty()) {
        Some(name) => format!("{name:?}"),
        None => format!("#{index}"),
    }
}

/// V13's message.
fn unreachable_message(rule: &str, reason: &str) -> String {
    format!("virtualService rule {rule} not used ({reason})")
}

/// V14's message.
fn ineffective_message(rule: &str, matchno: &str, duplicate: &str) -> String {
    format!(
        "virtualService rule {rule} match {matchno} is not used (duplicate/overlapping match in rule {duplicate})"
    )
}

/// Runs V13 and V14 over the VirtualService's `http`, `tls` and `tcp` rules.
pub(super) fn check<'o>(spec: &'o VirtualServiceSpec, ctx: &mut Ctx<'o>) {
    let walk = duplicates(&spec.http);
    let kept = walk.seen.iter().map(|&(_, rule, matchn)| (rule, matchn));
    let overlapping = overlaps(&spec.http, kept);
    let mut http = walk.notes;
    http.extend(overlapping);
    report("http", http, ctx);
    report("tls", duplicates(&spec.tls).notes, ctx);
    report("tcp", duplicates(&spec.tcp).notes, ctx);
}

/// V13 and V14's repeats for one rule list: the walk's notes, and the first occurrence of
/// each distinct match.
fn duplicates<R: Routed>(routes: &[R]) -> Walk<'_, R> {
    let mut walk = Walk {
        routes,
        notes: Vec::new(),
        seen: Vec::new(),
        catch_all: false,
    };
    for (rulen, route) in routes.iter().enumerate() {
        walk.rule(rulen, route);
    }
    walk
}

/// The state of the walk over one rule list (V13, V14).
struct Walk<'r, R: Routed> {
    /// The rules walked.
    routes: &'r [R],
    /// What was found.
    notes: Vec<Note>,
    /// The first occurrence of each distinct match so far, with where it is (rule, match).
    seen: Vec<(&'r R::Match, usize, usize)>,
    /// Whether a rule without matches came already.
    catch_all: bool,
}

impl<'r, R: Routed> Walk<'r, R> {
    /// V13 for one rule: a second rule without matches, or all matches repeated, is unreachable.
    fn rule(&mut self, rulen: usize, route: &'r R) {
        // The rule's label is only written into a finding, so it is made only for one.
        let rule = || label(route.name(), rulen);
        let matches = route.matches();
        if matches.is_empty() {
            if self.catch_all {
                let message =
                    unreachable_message(&rule(), "only the last rule can have no matches");
                self.push(rulen, None, Kind::Unreachable, message);
            }
            self.catch_all = true;
            return;
        }
        let mut repeated = 0;
        for (matchn, matcher) in matches.iter().enumerate() {
            if self.one_match(rulen, &rule, matchn, matcher) {
                repeated += 1;
            }
        }
        if repeated == matches.len() {
            let message = unreachable_message(&rule(), "all matches used by prior rules");
            self.push(rulen, None, Kind::Unreachable, message);
        }
    }

    /// V13/V14 for one match: behind a catch-all, or a repeat (returns whether it repeats).
    fn one_match(
        &mut self,
        rulen: usize,
        rule: &dyn Fn() -> String,
        matchn: usize,
        matcher: &'r R::Match,
    ) -> bool {
        if self.catch_all {
            let message = unreachable_message(&rule(), "route without matches defined before");
            self.push(rulen, Some(matchn), Kind::Unreachable, message);
            return false;
        }
        let repeat = self.seen.iter().find(|(seen, _, _)| R::same(seen, matcher));
        let Some(first) = repeat.map(|&(_, first, _)| first) else {
            self.seen.push((matcher, rulen, matchn));
            return false;
        };
        let earlier = label(self.routes.get(first).and_then(R::name), first);
        let matchno = label(R::match_name(matcher), matchn);
        let message = ineffective_message(&rule(), &matchno, &earlier);
        self.push(rulen, Some(matchn), Kind::Ineffective, message);
        true
    }

    /// Records a note.
    fn push(&mut self, rule: usize, matchn: Option<usize>, kind: Kind, message: String) {
        self.notes.push(Note {
            rule,
            matchn,
            kind,
            message,
        });
    }
}

/// What V14's prefix check compares of an HTTP match with a non-empty uri prefix.
struct PrefixMatch<'a> {
    rule: usize,
    matchn: usize,
    rule_name: Option<&'a str>,
    match_name: Option<&'a str>,
    prefix: &'a str,
    port: u32,
    method: Reduced<'a>,
    authority: Reduced<'a>,
    headers: &'a StringMap<StringMatch>,
    query_params: &'a StringMap<StringMatch>,
    without_headers: &'a StringMap<StringMatch>,
}

/// A string match as V14's prefix check sees it: an exact or prefix value, or nothing (Istio
/// writes these as `exact:<v>`, `prefix:<v>` and the empty string, and compares the texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reduced<'a> {
    /// No match, an empty value, or a regex.
    Nothing,
    /// `exact:<v>`.
    Exact(&'a str),
    /// `prefix:<v>`.
    Prefix(&'a str),
}

impl<'a> Reduced<'a> {
    /// The reduced form of a string match.
    fn of(matcher: Option<&'a StringMatch>) -> Self {
        match matcher.and_then(|m| m.match_type.as_ref()) {
            Some(MatchType::Exact(v)) if !v.is_empty() => Self::Exact(v),
            Some(MatchType::Prefix(v)) if !v.is_empty() => Self::Prefix(v),
            _ => Self::Nothing,
        }
    }
}

impl<'a> PrefixMatch<'a> {
    /// The prefix view of match `matchn` of rule `rule`, if it matches a non-empty uri prefix.
    fn new(routes: &'a [HttpRoute], rule: usize, matchn: usize) -> Option<Self> {
        let route = routes.get(rule)?;
        let matcher = route.r#match.get(matchn)?;
        let Some(MatchType::Prefix(prefix)) = matcher.uri.as_ref()?.match_type.as_ref() else {
            return None;
        };
        if prefix.is_empty() {
            return None;
        }
        let method = match Reduced::of(matcher.method.as_ref()) {
            Reduced::Nothing => Reduced::Exact("GET"),
            method => method,
        };
        Some(Self {
            rule,
            matchn,
            rule_name: route.name.as_deref(),
            match_name: matcher.name.as_deref(),
            prefix,
            port: matcher.port.unwrap_or(0),
            method,
            authority: Reduced::of(matcher.authority.as_ref()),
            headers: &matcher.headers,
            query_params: &matcher.query_params,
            without_headers: &matcher.without_headers,
        })
    }

    /// Whether this earlier match covers `later`, compared as Istio compares them.
    fn covers(&self, later: &PrefixMatch<'_>) -> bool {
        later.prefix.starts_with(self.prefix)
            && later.port == self.port
            && loosely_equal(self.method, later.method)
            && loosely_equal(self.authority, later.authority)
            && maps_cover(self.headers, later.headers)
            && maps_cover(self.query_params, later.query_params)
            && maps_cover(self.without_headers, later.without_headers)
    }

    /// The rule's label in messages.
    fn rule_label(&self) -> String {
        label(self.rule_name, self.rule)
    }

    /// The match's label in messages.
    fn match_label(&self) -> String {
        label(self.match_name, self.matchn)
    }
}

/// V14: Istio's test on the reduced texts, `earlier == later || earlier.starts_with(later)`:
/// an empty later text is covered by anything; otherwise both are of one kind and the earlier
/// value starts with the later.
fn loosely_equal(earlier: Reduced<'_>, later: Reduced<'_>) -> bool {
    match (earlier, later) {
        (_, Reduced::Nothing) => true,
        (Reduced::Exact(e), Reduced::Exact(l)) | (Reduced::Prefix(e), Reduced::Prefix(l)) => {
            e.starts_with(l)
        }
        _ => false,
    }
}

/// V14: two maps of string matches with the same keys whose values compare by
/// [`loosely_equal`] once reduced.
fn maps_cover(earlier: &StringMap<StringMatch>, later: &StringMap<StringMatch>) -> bool {
    earlier.len() == later.len()
        && earlier.iter().all(|(k, v)| {
            later
                .get(k)
                .is_some_and(|w| loosely_equal(Reduced::of(Some(v)), Reduced::of(Some(w))))
        })
}

/// V14: a later uri-prefix match covered by an earlier, different prefix is ineffective;
/// `kept` gives the first occurrence of each distinct match as (rule, match).
fn overlaps(routes: &[HttpRoute], kept: impl Iterator<Item = (usize, usize)>) -> Vec<Note> {
    let prefixes: Vec<PrefixMatch<'_>> = kept
        .filter_map(|(rule, matchn)| PrefixMatch::new(routes, rule, matchn))
        .collect();
    let mut notes = Vec::new();
    for (i, earlier) in prefixes.iter().enumerate() {
        for later in prefixes.iter().skip(i + 1) {
            if later.prefix == earlier.prefix || !earlier.covers(later) {
                continue;
            }
            let matchno = format!("{} of prefix {}", later.match_label(), later.prefix);
            let duplicate = format!(
                "{} of prefix {} on {}",
                earlier.match_label(),
                earlier.prefix,
                earlier.rule_label()
            );
            notes.push(Note {
                rule: later.rule,
                matchn: Some(later.matchn),
                kind: Kind::Ineffective,
                message: ineffective_message(&later.rule_label(), &matchno, &duplicate),
            });
        }
    }
    notes
}

/// Records notes at their rules and matches: V13 as IST0130 warnings, V14 as IST0131 infos.
fn report(list: &'static str, notes: Vec<Note>, ctx: &mut Ctx<'_>) {
    if notes.is_empty() {
        return;
    }
    ctx.key(list, |ctx| {
        for note in notes {
            ctx.index(note.rule, |ctx| match note.matchn {
                Some(matchn) => ctx.key("match", |ctx| {
                    ctx.index(matchn, |ctx| emit(note.kind, note.message, ctx))
                }),
                None => emit(note.kind, note.message, ctx),
            });
        }
    });
}

/// Records one note at the current position (V13, V14).
fn emit(kind: Kind, message: String, ctx: &mut Ctx<'_>) {
    match kind {
        Kind::Unreachable => ctx.report(
            Severity::Warning,
            codes::VIRTUAL_SERVICE_UNREACHABLE_RULE,
            "V13",
            message,
        ),
        Kind::Ineffective => ctx.report(
            Severity::Info,
            codes::VIRTUAL_SERVICE_INEFFECTIVE_MATCH,
            "V14",
            message,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use compact_str::CompactString;

    fn sm(value: &str) -> Option<StringMatch> {
        Some(StringMatch::exact(value))
    }

    fn map(key: &str, value: StringMatch) -> StringMap<StringMatch> {
        StringMap::from([(key, value)])
    }

    fn labels(key: &str) -> StringMap {
        StringMap::from([(key, CompactString::from("v"))])
    }

    fn full_http() -> HttpMatchRequest {
        HttpMatchRequest {
            name: Some("a".into()),
            uri: sm("/u"),
            scheme: sm("https"),
            method: sm("GET"),
            authority: sm("example.com"),
            headers: map("h", StringMatch::exact("1")),
            port: Some(80),
            source_labels: labels("app"),
            gateways: vec!["mesh".into()],
            query_params: map("q", StringMatch::exact("1")),
            ignore_uri_case: Some(true),
            without_headers: map("w", StringMatch::exact("1")),
            source_namespace: Some("ns".into()),
            stat_prefix: Some("p".into()),
        }
    }

    /// A copy of `base` with one change.
    fn changed<T: Clone>(base: &T, change: impl FnOnce(&mut T)) -> T {
        let mut other = base.clone();
        change(&mut other);
        other
    }

    /// Asserts `same` says `expected` both ways for `a` and each of `others`.
    fn judged<R: Routed>(a: &R::Match, others: &[R::Match], expected: bool)
    where
        R::Match: std::fmt::Debug,
    {
        for b in others {
            assert_eq!(R::same(a, b), expected, "{a:?} vs {b:?}");
            assert_eq!(R::same(b, a), expected, "{b:?} vs {a:?}");
        }
    }

    #[test]
    fn http_matches_are_the_same_up_to_name_and_unset_defaults() {
        let base = full_http();
        judged::<HttpRoute>(&base, std::slice::from_ref(&base), true);
        judged::<HttpRoute>(
            &base,
            &[HttpMatchRequest {
                name: None,
                ..base.clone()
            }],
            true,
        );
        let unset = HttpMatchRequest {
            name: None,
            port: None,
            ignore_uri_case: None,
            source_namespace: None,
            stat_prefix: None,
            ..base.clone()
        };
        let defaults = HttpMatchRequest {
            name: Some("b".into()),
            port: Some(0),
            ignore_uri_case: Some(false),
            source_namespace: Some(CompactString::default()),
            stat_prefix: Some(CompactString::default()),
            ..base.clone()
        };
        judged::<HttpRoute>(&unset, &[defaults], true);
        let changed = |f: fn(&mut HttpMatchRequest)| changed(&base, f);
        let different = [
            changed(|m| m.uri = sm("/v")),
            changed(|m| m.scheme = None),
            changed(|m| m.method = sm("POST")),
            changed(|m| m.authority = None),
            changed(|m| m.headers = map("h", StringMatch::prefix("1"))),
            changed(|m| m.port = Some(81)),
            changed(|m| m.source_labels = labels("other")),
            changed(|m| m.gateways.clear()),
            changed(|m| m.query_params.clear()),
            changed(|m| m.ignore_uri_case = None),
            changed(|m| m.without_headers = map("x", StringMatch::exact("1"))),
            changed(|m| m.source_namespace = None),
            changed(|m| m.stat_prefix = Some("q".into())),
        ];
        judged::<HttpRoute>(&base, &different, false);
    }

    #[test]
    fn tls_and_tcp_matches_are_the_same_up_to_unset_defaults() {
        let tls = TlsMatchAttributes {
            sni_hosts: vec!["a.example.com".into()],
            destination_subnets: vec!["10.0.0.0/8".into()],
            port: Some(443),
            source_labels: labels("app"),
            gateways: vec!["mesh".into()],
            source_namespace: Some("ns".into()),
        };
        let tls_unset = TlsMatchAttributes {
            port: None,
            source_namespace: None,
            ..tls.clone()
        };
        let tls_defaults = TlsMatchAttributes {
            port: Some(0),
            source_namespace: Some(CompactString::default()),
            ..tls.clone()
        };
        judged::<TlsRoute>(&tls_unset, &[tls_defaults], true);
        let tls_different = [
            changed(&tls, |m| m.sni_hosts = vec![]),
            changed(&tls, |m| m.destination_subnets = vec![]),
            changed(&tls, |m| m.port = Some(8443)),
            changed(&tls, |m| m.source_labels = StringMap::new()),
            changed(&tls, |m| m.gateways = vec![]),
            changed(&tls, |m| m.source_namespace = Some("other".into())),
        ];
        judged::<TlsRoute>(&tls, &tls_different, false);

        let tcp = L4MatchAttributes {
            destination_subnets: vec!["10.0.0.0/8".into()],
            port: Some(5432),
            source_subnet: Some("10.1.0.0/16".into()),
            source_labels: labels("app"),
            gateways: vec!["mesh".into()],
            source_namespace: Some("ns".into()),
        };
        let tcp_unset = L4MatchAttributes {
            port: None,
            source_subnet: None,
            source_namespace: None,
            ..tcp.clone()
        };
        let tcp_defaults = L4MatchAttributes {
            port: Some(0),
            source_subnet: Some(CompactString::default()),
            source_namespace: Some(CompactString::default()),
            ..tcp.clone()
        };
        judged::<TcpRoute>(&tcp_unset, &[tcp_defaults], true);
        let tcp_different = [
            changed(&tcp, |m| m.destination_subnets = vec![]),
            changed(&tcp, |m| m.port = None),
            changed(&tcp, |m| m.source_subnet = None),
            changed(&tcp, |m| m.source_labels = StringMap::new()),
            changed(&tcp, |m| m.gateways = vec![]),
            changed(&tcp, |m| m.source_namespace = None),
        ];
        judged::<TcpRoute>(&tcp, &tcp_different, false);
    }

    /// Istio's comparison, on the texts it writes (`exact:<v>`, `prefix:<v>`, empty).
    fn on_texts(earlier: Reduced<'_>, later: Reduced<'_>) -> bool {
        let text = |r: Reduced<'_>| match r {
            Reduced::Nothing => String::new(),
            Reduced::Exact(v) => format!("exact:{v}"),
            Reduced::Prefix(v) => format!("prefix:{v}"),
        };
        let (earlier, later) = (text(earlier), text(later));
        earlier == later || earlier.starts_with(&later)
    }

    #[test]
    fn reduced_matches_compare_as_their_texts() {
        let values = ["", "a", "ab", "b", "exact:a", "prefix:"];
        let mut all = vec![Reduced::Nothing];
        for v in values.into_iter().filter(|v| !v.is_empty()) {
            all.push(Reduced::Exact(v));
            all.push(Reduced::Prefix(v));
        }
        for &earlier in &all {
            for &later in &all {
                assert_eq!(
                    loosely_equal(earlier, later),
                    on_texts(earlier, later),
                    "{earlier:?} {later:?}"
                );
            }
        }
        assert_eq!(Reduced::of(sm("").as_ref()), Reduced::Nothing);
        assert_eq!(
            Reduced::of(Some(&StringMatch::regex("a"))),
            Reduced::Nothing
        );
        assert_eq!(
            Reduced::of(Some(&StringMatch::prefix("p"))),
            Reduced::Prefix("p")
        );
    }
}
