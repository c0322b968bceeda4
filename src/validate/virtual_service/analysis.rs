//! Rules that can never apply: unreachable rules (V13, IST0130) and ineffective matches (V14,
//! IST0131), found the way Istio's webhook finds them.
//!
//! Within each of `http`, `tls` and `tcp`, a rule after a rule without matches is unreachable,
//! as is a rule whose every match repeats an earlier one; a repeated match is ineffective. For
//! HTTP, a uri-prefix match is also ineffective when an earlier prefix match with the same
//! port, method, authority, headers, query parameters and absent headers covers it.

use std::collections::BTreeMap;

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
    /// What two matches are compared by: the match without its name, with unset and default
    /// values made equal.
    type Key: PartialEq;
    /// The rule's matches.
    fn matches(&self) -> &[Self::Match];
    /// The rule's name, when it has one.
    fn name(&self) -> Option<&str>;
    /// A match's name, when it has one.
    fn match_name(matcher: &Self::Match) -> Option<&str>;
    /// The comparison key of a match.
    fn key(matcher: &Self::Match) -> Self::Key;
}

impl Routed for HttpRoute {
    type Match = HttpMatchRequest;
    type Key = HttpMatchRequest;
    fn matches(&self) -> &[HttpMatchRequest] {
        &self.r#match
    }
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    fn match_name(matcher: &HttpMatchRequest) -> Option<&str> {
        matcher.name.as_deref()
    }
    fn key(matcher: &HttpMatchRequest) -> HttpMatchRequest {
        HttpMatchRequest {
            name: None,
            port: matcher.port.filter(|p| *p != 0),
            ignore_uri_case: matcher.ignore_uri_case.filter(|i| *i),
            source_namespace: non_empty(&matcher.source_namespace),
            stat_prefix: non_empty(&matcher.stat_prefix),
            ..matcher.clone()
        }
    }
}

impl Routed for TlsRoute {
    type Match = TlsMatchAttributes;
    type Key = TlsMatchAttributes;
    fn matches(&self) -> &[TlsMatchAttributes] {
        &self.r#match
    }
    fn name(&self) -> Option<&str> {
        None
    }
    fn match_name(_: &TlsMatchAttributes) -> Option<&str> {
        None
    }
    fn key(matcher: &TlsMatchAttributes) -> TlsMatchAttributes {
        TlsMatchAttributes {
            port: matcher.port.filter(|p| *p != 0),
            source_namespace: non_empty(&matcher.source_namespace),
            ..matcher.clone()
        }
    }
}

impl Routed for TcpRoute {
    type Match = L4MatchAttributes;
    type Key = L4MatchAttributes;
    fn matches(&self) -> &[L4MatchAttributes] {
        &self.r#match
    }
    fn name(&self) -> Option<&str> {
        None
    }
    fn match_name(_: &L4MatchAttributes) -> Option<&str> {
        None
    }
    fn key(matcher: &L4MatchAttributes) -> L4MatchAttributes {
        L4MatchAttributes {
            port: matcher.port.filter(|p| *p != 0),
            source_subnet: non_empty(&matcher.source_subnet),
            source_namespace: non_empty(&matcher.source_namespace),
            ..matcher.clone()
        }
    }
}

/// V13/V14: a string field with the empty string made unset, as proto3 treats it.
fn non_empty(field: &Option<String>) -> Option<String> {
    field.clone().filter(|v| !v.is_empty())
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
    let (mut http, kept) = duplicates(&spec.http);
    http.extend(overlaps(&spec.http, &kept));
    report("http", http, ctx);
    report("tls", duplicates(&spec.tls).0, ctx);
    report("tcp", duplicates(&spec.tcp).0, ctx);
}

/// V13 and V14's repeats for one rule list; also returns the first-seen (rule, match) pairs.
fn duplicates<R: Routed>(routes: &[R]) -> (Vec<Note>, Vec<(usize, usize)>) {
    let mut walk = Walk {
        routes,
        notes: Vec::new(),
        kept: Vec::new(),
        seen: Vec::new(),
        catch_all: false,
    };
    for (rulen, route) in routes.iter().enumerate() {
        walk.rule(rulen, route);
    }
    (walk.notes, walk.kept)
}

/// The state of the walk over one rule list (V13, V14).
struct Walk<'r, R: Routed> {
    /// The rules walked.
    routes: &'r [R],
    /// What was found.
    notes: Vec<Note>,
    /// Where the first occurrences of matches are, as (rule, match).
    kept: Vec<(usize, usize)>,
    /// The matches seen so far, with the rule each first appeared in.
    seen: Vec<(R::Key, usize)>,
    /// Whether a rule without matches came already.
    catch_all: bool,
}

impl<R: Routed> Walk<'_, R> {
    /// V13 for one rule: a second rule without matches, or all matches repeated, is unreachable.
    fn rule(&mut self, rulen: usize, route: &R) {
        let rule = label(route.name(), rulen);
        let matches = route.matches();
        if matches.is_empty() {
            if self.catch_all {
                let message = unreachable_message(&rule, "only the last rule can have no matches");
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
            let message = unreachable_message(&rule, "all matches used by prior rules");
            self.push(rulen, None, Kind::Unreachable, message);
        }
    }

    /// V13/V14 for one match: behind a catch-all, or a repeat (returns whether it repeats).
    fn one_match(&mut self, rulen: usize, rule: &str, matchn: usize, matcher: &R::Match) -> bool {
        if self.catch_all {
            let message = unreachable_message(rule, "route without matches defined before");
            self.push(rulen, Some(matchn), Kind::Unreachable, message);
            return false;
        }
        let key = R::key(matcher);
        let Some(first) = self.seen.iter().find(|(k, _)| *k == key).map(|(_, f)| *f) else {
            self.seen.push((key, rulen));
            self.kept.push((rulen, matchn));
            return false;
        };
        let earlier = label(self.routes.get(first).and_then(R::name), first);
        let matchno = label(R::match_name(matcher), matchn);
        let message = ineffective_message(rule, &matchno, &earlier);
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

/// What V14's prefix check compares of an HTTP match with a non-empty uri prefix; string
/// matches are reduced to `exact:<v>`, `prefix:<v>` or empty.
struct PrefixMatch<'a> {
    rule: usize,
    matchn: usize,
    rule_label: String,
    match_label: String,
    prefix: &'a str,
    port: u32,
    method: String,
    authority: String,
    headers: BTreeMap<&'a str, String>,
    query_params: BTreeMap<&'a str, String>,
    without_headers: BTreeMap<&'a str, String>,
}

/// A string match as V14's prefix check sees it: `exact:<v>`, `prefix:<v>`, or empty.
fn exact_or_prefix(matcher: Option<&StringMatch>) -> String {
    match matcher.and_then(|m| m.match_type.as_ref()) {
        Some(MatchType::Exact(v)) if !v.is_empty() => format!("exact:{v}"),
        Some(MatchType::Prefix(v)) if !v.is_empty() => format!("prefix:{v}"),
        _ => String::new(),
    }
}

/// V14: a map of string matches reduced by [`exact_or_prefix`].
fn reduced(map: &BTreeMap<String, StringMatch>) -> BTreeMap<&str, String> {
    map.iter()
        .map(|(k, v)| (k.as_str(), exact_or_prefix(Some(v))))
        .collect()
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
        let method = match exact_or_prefix(matcher.method.as_ref()) {
            m if m.is_empty() => "exact:GET".to_owned(),
            m => m,
        };
        Some(Self {
            rule,
            matchn,
            rule_label: label(route.name.as_deref(), rule),
            match_label: label(matcher.name.as_deref(), matchn),
            prefix,
            port: matcher.port.unwrap_or(0),
            method,
            authority: exact_or_prefix(matcher.authority.as_ref()),
            headers: reduced(&matcher.headers),
            query_params: reduced(&matcher.query_params),
            without_headers: reduced(&matcher.without_headers),
        })
    }

    /// Whether this earlier match covers `later`, compared as Istio compares them.
    fn covers(&self, later: &PrefixMatch<'_>) -> bool {
        later.prefix.starts_with(self.prefix)
            && later.port == self.port
            && loosely_equal(&self.method, &later.method)
            && loosely_equal(&self.authority, &later.authority)
            && maps_cover(&self.headers, &later.headers)
            && maps_cover(&self.query_params, &later.query_params)
            && maps_cover(&self.without_headers, &later.without_headers)
    }
}

/// V14: reduced matches compare equal, or the earlier starts with the later (as Istio does).
fn loosely_equal(earlier: &str, later: &str) -> bool {
    earlier == later || earlier.starts_with(later)
}

/// V14: two reduced maps with the same keys whose values compare by [`loosely_equal`].
fn maps_cover(earlier: &BTreeMap<&str, String>, later: &BTreeMap<&str, String>) -> bool {
    earlier.len() == later.len()
        && earlier
            .iter()
            .all(|(k, v)| later.get(k).is_some_and(|w| loosely_equal(v, w)))
}

/// V14: a later uri-prefix match covered by an earlier, different prefix is ineffective.
fn overlaps(routes: &[HttpRoute], kept: &[(usize, usize)]) -> Vec<Note> {
    let prefixes: Vec<PrefixMatch<'_>> = kept
        .iter()
        .filter_map(|&(rule, matchn)| PrefixMatch::new(routes, rule, matchn))
        .collect();
    let mut notes = Vec::new();
    for (i, earlier) in prefixes.iter().enumerate() {
        for later in prefixes.iter().skip(i + 1) {
            if later.prefix == earlier.prefix || !earlier.covers(later) {
                continue;
            }
            let matchno = format!("{} of prefix {}", later.match_label, later.prefix);
            let duplicate = format!(
                "{} of prefix {} on {}",
                earlier.match_label, earlier.prefix, earlier.rule_label
            );
            notes.push(Note {
                rule: later.rule,
                matchn: Some(later.matchn),
                kind: Kind::Ineffective,
                message: ineffective_message(&later.rule_label, &matchno, &duplicate),
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
