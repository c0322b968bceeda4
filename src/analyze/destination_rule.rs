//! DestinationRule analyzers: TLS origination that does not check the server
//! (`destinationrule.CaCertificateAnalyzer`, `IST0128`/`IST0129`), and rules whose host is
//! unknown or whose subsets select no pod (`destinationrule.SubsetSelectPodAnalyzer`,
//! `IST0174`/`IST0173`).

mod ca_certificates;
mod registry;
mod subsets;

use super::Options;
use super::index::Index;
use super::sink::Sink;

/// Runs `destinationrule.CaCertificateAnalyzer` (IST0128, IST0129) and
/// `destinationrule.SubsetSelectPodAnalyzer` (IST0174, IST0173).
pub(crate) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    ca_certificates::run(index, sink);
    subsets::run(index, options, sink);
}
