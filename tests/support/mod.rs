//! Test harness shared by the integration tests: launching the plugin as Terraform does
//! (and talking gRPC to it), and running the real `terraform` binary against it.
#![allow(dead_code)]

pub mod day2;
pub mod emulator;
pub mod plugin;
pub mod process;
pub mod random_world;
pub mod replay;
pub mod terraform;
