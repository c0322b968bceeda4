//! `Arbitrary` for [`ServiceEntry`] and its messages.

use super::{
    arbitrary_kind, arbitrary_struct, arbitrary_wire_enum, compact, list, map, maybe, opt_text,
    opt_u32, texts, u32_value,
};
use crate::networking::{
    Location, Resolution, ServiceEntry, ServiceEntrySpec, ServicePort, WorkloadEntry,
    WorkloadSelector,
};

arbitrary_kind!(ServiceEntry, ServiceEntrySpec);

arbitrary_wire_enum!(Location, Resolution);

arbitrary_struct!(ServiceEntrySpec {
    hosts: texts(),
    addresses: texts(),
    ports: list::<ServicePort>(),
    location: maybe::<Location>(),
    resolution: maybe::<Resolution>(),
    endpoints: list::<WorkloadEntry>(),
    workload_selector: maybe::<WorkloadSelector>(),
    export_to: texts(),
    subject_alt_names: texts(),
});

arbitrary_struct!(ServicePort {
    number: u32_value(),
    protocol: opt_text(),
    name: compact(),
    target_port: opt_u32(),
});

arbitrary_struct!(WorkloadEntry {
    address: opt_text(),
    ports: map(u32_value()),
    labels: map(compact()),
    network: opt_text(),
    locality: opt_text(),
    weight: opt_u32(),
    service_account: opt_text(),
});
