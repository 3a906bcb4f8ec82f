//! tether's cloud emulator: a local stand-in for the 29 Alibaba Cloud, Tencent Cloud and
//! Volcengine APIs tether uses (the 18 of the resources and the 11 reads of the plan-time
//! checks), faithful enough that the clouds' official SDKs and
//! tether's own client cannot tell it from the real services for these APIs.
//!
//! - One address serves the three clouds; requests are routed by their shape (signature
//!   style, `X-TC-Action`, `x-acs-*`, `X-Date`), see [`server`].
//! - Signatures are verified with `tether_wire::sign` and refused with each cloud's codes,
//!   see [`auth`]. Default credentials: access key [`auth::DEFAULT_ACCESS_KEY`]
//!   (`tether-demo`), secret [`auth::DEFAULT_SECRET_KEY`] (`tether-demo-secret`).
//! - The inventory comes from a fixtures file ([`fixtures`], format in README.md) and
//!   lives in [`state`]; the [`services`] (Alibaba VPC, ESS, ECS, SLB; Tencent VPC, CVM;
//!   Volcengine VPC, ECS) register their handlers, enforce every documented constraint,
//!   pass through the real asynchronous states, and answer the reads from the same
//!   inventory.
//! - `/_emulator/…` admin endpoints ([`admin`]) show the state and the calls, steer
//!   [`faults`] and delays, mutate the inventory out of band and reset it.
//! - `--state FILE` persists every acknowledged write ([`persist`]).
//!
//! In-process use (tests): [`start`] an [`EmulatorConfig`] and talk to
//! [`RunningEmulator::url`].

pub mod admin;
pub mod answer;
pub mod auth;
pub mod body;
pub mod call;
pub mod call_log;
pub mod cli;
pub mod clock;
pub mod connections;
pub mod error;
pub mod faults;
pub mod fixtures;
pub mod idempotency;
pub mod persist;
pub mod remote;
pub mod server;
pub mod services;
pub mod state;

pub use error::EmulatorError;
pub use server::{start, EmulatorConfig, RunningEmulator};
pub use state::{Inventory, PersistedState};
