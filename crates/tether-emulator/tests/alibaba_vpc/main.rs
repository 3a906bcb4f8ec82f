//! Alibaba VPC: EIP and global acceleration APIs: success paths, asynchronous states,
//! filters and pagination, and every error code of seeds 000 (GA) and 003 (EIP).

#[path = "../common/mod.rs"]
mod common;
mod eip;
mod ga;

use std::collections::BTreeSet;

use common::{Emu, HZ, SH};
use tether_wire::constraints::alibaba_vpc::{
    ASSOCIATE_EIP_ADDRESS, ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE,
};
