//! Wire-level facts shared by tether's cloud client and its emulator.
//!
//! - [`sign`]: the request-signature algorithms of the three clouds (used to sign by the
//!   client and to verify by the emulator).
//! - [`api`]: typed request and response shapes of the 29 APIs, as the clouds put them on
//!   the wire, and [`api::reads`]: which read API predicts which documented error.
//! - [`cloud`]: the three clouds.
//! - [`constraints`]: every documented constraint and error code, declared once so that
//!   plan-time checks, the policy check and the emulator apply the same rule.

pub mod api;
pub mod cloud;
pub mod constraints;
pub mod sign;
