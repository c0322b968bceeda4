//! ServiceEntry analyzers: TCP ports without addresses (`serviceentry.Analyzer`, `IST0134`)
//! and one host and port declared with different protocols by several entries
//! (`serviceentry.ConflictingServiceEntryProtocolAnalyzer`, `IST0177`).

mod conflicting_protocols;
mod protocol_addresses;

use super::Options;
use super::index::Index;
use super::sink::Sink;

/// Runs `serviceentry.Analyzer` (IST0134) and
/// `serviceentry.ConflictingServiceEntryProtocolAnalyzer` (IST0177).
pub(crate) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    protocol_addresses::run(index, options, sink);
    conflicting_protocols::run(index, sink);
}
