//! `serviceentry.ConflictingServiceEntryProtocolAnalyzer`: ServiceEntries visible in one
//! namespace that give the same host and port number different protocols (compared without
//! case; an unset protocol counts as one of its own) — `IST0177`, once per entry involved.
//!
//! As in Istio, entries are grouped by (scope, host, port), where the scopes are the entry's
//! `exportTo` namespaces (`.` being its own) or `*` when it is empty or lists `*`; a namespace
//! group also sees the `*` group of the same host and port. Hosts are compared as written.

use crate::analyze::fast::{Map, Set};
use compact_str::CompactString;
use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::analyze::annotations::go_quote;
use crate::analyze::index::{Entry, Index};
use crate::analyze::sink::Sink;
use crate::networking::{ServiceEntry, ServicePort};
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "serviceentry.ConflictingServiceEntryProtocolAnalyzer";
const ALL: &str = "*";

/// (scope, host, port number).
type Key<'a> = (&'a str, &'a str, u32);

/// One port of one entry in a group.
struct Member<'a> {
    /// Position of the entry in `index.service_entries`.
    entry: usize,
    /// Position of the port in the entry's `spec.ports`.
    port: usize,
    /// The port's protocol, upper-cased (empty when unset); borrowed when it already is.
    protocol: Cow<'a, str>,
}

/// The entries' ports grouped by (scope, host, port), in the order the groups were first seen.
///
/// Members are collected in one list and sorted by group once, not kept in a list per group:
/// most groups hold one member.
#[derive(Default)]
struct Groups<'a> {
    /// Each group's position in `order`.
    position: Map<Key<'a>, usize>,
    /// The groups' keys, in the order first seen.
    order: Vec<Key<'a>>,
    /// Every member with its group's position, in the order added.
    added: Vec<(usize, Member<'a>)>,
    /// The members ordered by group (each group's in the order added), once sealed.
    members: Vec<Member<'a>>,
    /// Where each group's members start in `members`, and where the last one ends.
    starts: Vec<usize>,
}

/// Runs `serviceentry.ConflictingServiceEntryProtocolAnalyzer` (IST0177) over the
/// ServiceEntries: one pass to see whether any host and port has two protocols; only if one
/// does, one pass to group them by scope and one over the groups.
pub(super) fn run(index: &Index<'_>, sink: &mut Sink) {
    if !any_port_with_two_protocols(&index.service_entries) {
        return;
    }
    let groups = group(&index.service_entries);
    let mut reported: Set<(&str, &str)> = Set::default();
    let mut all_scope_done: Set<(&str, u32)> = Set::default();
    for key in &groups.order {
        let (scope, host, port) = *key;
        let own = groups.members_of(key);
        let shared = if scope == ALL {
            &[][..]
        } else {
            groups.members_of(&(ALL, host, port))
        };
        // Two protocols or more among the group and the `*` group it sees.
        let mut group_protocols = own.iter().chain(shared).map(|m| m.protocol.as_ref());
        let first = group_protocols.next();
        if group_protocols.all(|protocol| Some(protocol) == first) {
            continue;
        }
        let entries = &index.service_entries;
        let shared_pending = !shared.is_empty() && !all_scope_done.contains(&(host, port));
        let own_pending = own
            .iter()
            .filter_map(|m| entries.get(m.entry))
            .any(|e| !reported.contains(&(e.namespace, e.name)));
        if !shared_pending && !own_pending {
            continue;
        }
        let members: Vec<&Member<'_>> = own.iter().chain(shared).collect();
        let protocols: BTreeSet<&str> = members.iter().map(|m| m.protocol.as_ref()).collect();
        let message = message(entries, &members, host, port, &protocols);
        for member in members {
            let Some(entry) = entries.get(member.entry) else {
                continue;
            };
            if !reported.insert((entry.namespace, entry.name)) {
                continue;
            }
            let path = FieldPath::root()
                .key("spec")
                .key("ports")
                .index(member.port);
            sink.report(
                entry.index,
                Severity::Warning,
                "IST0177",
                RULE,
                path,
                message.clone(),
            );
        }
        all_scope_done.insert((host, port));
    }
}

/// For IST0177: whether some host and port number has two protocols, whatever the scopes of
/// the entries that declare them. Every group of the analyzer holds one host and port, so
/// without such a pair no group can hold two protocols, and the grouping by scope (lists,
/// a sort) is skipped: one table of the hosts' ports instead.
fn any_port_with_two_protocols(entries: &[Entry<'_, ServiceEntry>]) -> bool {
    let mut first: Map<(&str, u32), Cow<'_, str>> = Map::default();
    for entry in entries {
        let spec = &entry.object.spec;
        for host in &spec.hosts {
            for port in &spec.ports {
                let key = (host.as_str(), port.number);
                let protocol = protocol_of(port);
                match first.get(&key) {
                    Some(seen) if *seen != protocol => return true,
                    Some(_) => {}
                    None => {
                        first.insert(key, protocol);
                    }
                }
            }
        }
    }
    false
}

/// For IST0177: a port's protocol, upper-cased (empty when unset), borrowed when it already is.
fn protocol_of(port: &ServicePort) -> Cow<'_, str> {
    let protocol = port.protocol.as_deref().unwrap_or_default();
    if protocol
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_lowercase())
    {
        Cow::Borrowed(protocol)
    } else {
        Cow::Owned(protocol.to_uppercase())
    }
}

/// For IST0177: every entry's ports under each of its scopes and hosts.
fn group<'a>(entries: &[Entry<'a, ServiceEntry>]) -> Groups<'a> {
    let mut groups = Groups::default();
    for (position, entry) in entries.iter().enumerate() {
        let spec = &entry.object.spec;
        for scope in scopes(&spec.export_to, entry.namespace) {
            for host in &spec.hosts {
                for (port_position, port) in spec.ports.iter().enumerate() {
                    let key = (scope, host.as_str(), port.number);
                    let member = Member {
                        entry: position,
                        port: port_position,
                        protocol: protocol_of(port),
                    };
                    groups.add(key, member);
                }
            }
        }
    }
    groups.seal();
    groups
}

impl<'a> Groups<'a> {
    /// For IST0177: adds one member to its group.
    fn add(&mut self, key: Key<'a>, member: Member<'a>) {
        let next = self.order.len();
        let group = *self.position.entry(key).or_insert(next);
        if group == next {
            self.order.push(key);
        }
        self.added.push((group, member));
    }

    /// For IST0177: orders the members by group, once every member is in.
    fn seal(&mut self) {
        let mut added = std::mem::take(&mut self.added);
        // Stable: each group's members stay in the order they were added.
        added.sort_by_key(|(group, _)| *group);
        self.starts = Vec::with_capacity(self.order.len() + 1);
        self.members = Vec::with_capacity(added.len());
        let mut current = None;
        for (group, member) in added {
            while current != Some(group) {
                self.starts.push(self.members.len());
                current = Some(current.map_or(0, |g: usize| g + 1));
            }
            self.members.push(member);
        }
        while self.starts.len() <= self.order.len() {
            self.starts.push(self.members.len());
        }
    }

    /// For IST0177: the members of the group under `key`, none if there is no such group.
    fn members_of(&self, key: &Key<'a>) -> &[Member<'a>] {
        let Some(&group) = self.position.get(key) else {
            return &[];
        };
        let start = self.starts.get(group).copied().unwrap_or_default();
        let end = self.starts.get(group + 1).copied().unwrap_or(start);
        self.members.get(start..end).unwrap_or_default()
    }
}

/// For IST0177: the scopes of an entry — `*` alone when `exportTo` is empty or lists `*`,
/// else each listed namespace once (`.` being the entry's own).
fn scopes<'a>(export_to: &'a [CompactString], namespace: &'a str) -> Vec<&'a str> {
    if export_to.is_empty() || export_to.iter().any(|scope| scope == ALL) {
        return vec![ALL];
    }
    let named = export_to.iter().map(|scope| {
        if scope == "." {
            namespace
        } else {
            scope.as_str()
        }
    });
    // Lists are short: a set pays off only for long ones.
    if export_to.len() <= SHORT_LIST {
        let mut out: Vec<&str> = Vec::with_capacity(export_to.len());
        for scope in named {
            if !out.contains(&scope) {
                out.push(scope);
            }
        }
        return out;
    }
    let mut seen = Set::default();
    named.filter(|scope| seen.insert(*scope)).collect()
}

/// The longest `exportTo` list made unique by comparing each name with those before it.
const SHORT_LIST: usize = 16;

/// For IST0177: the message naming every entry of the group (sorted, once each) and its
/// protocols (sorted).
fn message(
    entries: &[Entry<'_, ServiceEntry>],
    members: &[&Member<'_>],
    host: &str,
    port: u32,
    protocols: &BTreeSet<&str>,
) -> String {
    let names: BTreeSet<String> = members
        .iter()
        .filter_map(|m| entries.get(m.entry))
        .map(|e| format!("{}/{}", e.namespace, e.name))
        .collect();
    let names: Vec<String> = names.into_iter().collect();
    let protocols: Vec<&str> = protocols.iter().copied().collect();
    format!(
        "Multiple ServiceEntries ({}) define the same host {} and port {} with conflicting \
         protocols ({}).",
        names.join(", "),
        go_quote(host),
        port,
        protocols.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_keep_the_first_of_each_namespace_in_order() {
        let list = |names: &[&str]| {
            names
                .iter()
                .map(|&n| n.into())
                .collect::<Vec<CompactString>>()
        };
        assert_eq!(scopes(&[], "shop"), [ALL]);
        assert_eq!(scopes(&list(&["a", "*", "b"]), "shop"), [ALL]);
        assert_eq!(
            scopes(&list(&["a", ".", "b", "shop", "a"]), "shop"),
            ["a", "shop", "b"]
        );
        // Short lists and long ones (past SHORT_LIST) are made unique alike.
        for length in [SHORT_LIST - 1, SHORT_LIST, SHORT_LIST + 1, 3 * SHORT_LIST] {
            let names: Vec<CompactString> = (0..length)
                .map(|i| compact_str::format_compact!("ns-{}", i % 7))
                .collect();
            let expected: Vec<String> = (0..length.min(7)).map(|i| format!("ns-{i}")).collect();
            assert_eq!(scopes(&names, "shop"), expected, "{length} names");
        }
    }
}
