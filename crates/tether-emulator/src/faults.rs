//! Fault injection and asynchronous delays, steered through `POST /_emulator/faults`.
//!
//! Every API call that passed authentication draws two numbers from a seeded SplitMix64
//! generator (always two, so the sequence of outcomes depends only on the seed and the
//! sequence of calls): one decides throttling, one a server error. A write that starts
//! asynchronous work draws a third number to decide whether that work fails when it
//! settles. Rates and latency can be set globally and overridden per action.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tether_wire::api::ACTIONS;
use tether_wire::cloud::Cloud;

/// Default delay of asynchronous transitions.
pub const DEFAULT_ASYNC_DELAY_MS: u64 = 300;

/// Per-action overrides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionFaults {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttle_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_error_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub async_failure_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub async_delay_ms: Option<u64>,
}

/// The fault configuration (`GET /_emulator/faults` shows it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    pub seed: u64,
    /// Fraction (0..=1) of calls answered with the cloud's throttling error.
    pub throttle_rate: f64,
    /// Fraction (0..=1) of calls answered with a 5xx / `ServiceUnavailable`.
    pub server_error_rate: f64,
    /// Added latency of every answer.
    pub latency_ms: u64,
    /// Fraction (0..=1) of asynchronous writes that fail when they settle (Tencent task
    /// `FAILED`, ESS activity `Failed`, EIP/GA back to unbound).
    pub async_failure_rate: f64,
    /// How long asynchronous transitions take (0 = settle at once).
    pub async_delay_ms: u64,
    /// Overrides by action name (one of the 29; a name shared by several clouds, such as
    /// `DescribeInstances`, covers each of them).
    pub actions: BTreeMap<String, ActionFaults>,
}

impl FaultConfig {
    /// No faults, the given delay.
    pub fn quiet(async_delay_ms: u64, seed: u64) -> FaultConfig {
        FaultConfig {
            seed,
            throttle_rate: 0.0,
            server_error_rate: 0.0,
            latency_ms: 0,
            async_failure_rate: 0.0,
            async_delay_ms,
            actions: BTreeMap::new(),
        }
    }
}

/// A partial update of [`FaultConfig`]: fields present replace the current ones (`actions`
/// replaces the whole map); giving `seed` restarts the generator. Every field may be left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FaultUpdate {
    pub seed: Option<u64>,
    pub throttle_rate: Option<f64>,
    pub server_error_rate: Option<f64>,
    pub latency_ms: Option<u64>,
    pub async_failure_rate: Option<f64>,
    pub async_delay_ms: Option<u64>,
    pub actions: Option<BTreeMap<String, ActionFaults>>,
}

/// Why a fault update was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FaultError {
    #[error("{field}: {value} is not a fraction between 0 and 1")]
    BadRate { field: String, value: f64 },
    #[error("actions.{0}: not one of the 29 emulated actions")]
    UnknownAction(String),
}

fn check_rate(field: &str, value: Option<f64>) -> Result<(), FaultError> {
    match value {
        Some(v) if !(0.0..=1.0).contains(&v) || v.is_nan() => Err(FaultError::BadRate {
            field: field.to_string(),
            value: v,
        }),
        _ => Ok(()),
    }
}

/// What the generator decided for one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injected {
    None,
    Throttle,
    ServerError,
}

/// Configuration plus generator.
#[derive(Clone, Debug)]
pub struct FaultState {
    pub config: FaultConfig,
    rng: u64,
}

impl FaultState {
    pub fn new(config: FaultConfig) -> FaultState {
        let rng = config.seed;
        FaultState { config, rng }
    }

    fn next_f64(&mut self) -> f64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // 53 random bits → [0, 1).
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Applies an update after checking it.
    pub fn update(&mut self, u: FaultUpdate) -> Result<(), FaultError> {
        check_rate("throttle_rate", u.throttle_rate)?;
        check_rate("server_error_rate", u.server_error_rate)?;
        check_rate("async_failure_rate", u.async_failure_rate)?;
        if let Some(actions) = &u.actions {
            for (name, a) in actions {
                if !ACTIONS.iter().any(|info| info.action == name) {
                    return Err(FaultError::UnknownAction(name.clone()));
                }
                check_rate(&format!("actions.{name}.throttle_rate"), a.throttle_rate)?;
                check_rate(
                    &format!("actions.{name}.server_error_rate"),
                    a.server_error_rate,
                )?;
                check_rate(
                    &format!("actions.{name}.async_failure_rate"),
                    a.async_failure_rate,
                )?;
            }
        }
        let c = &mut self.config;
        c.throttle_rate = u.throttle_rate.unwrap_or(c.throttle_rate);
        c.server_error_rate = u.server_error_rate.unwrap_or(c.server_error_rate);
        c.latency_ms = u.latency_ms.unwrap_or(c.latency_ms);
        c.async_failure_rate = u.async_failure_rate.unwrap_or(c.async_failure_rate);
        c.async_delay_ms = u.async_delay_ms.unwrap_or(c.async_delay_ms);
        if let Some(v) = u.actions {
            c.actions = v;
        }
        if let Some(seed) = u.seed {
            c.seed = seed;
            self.rng = seed;
        }
        Ok(())
    }

    /// The setting that applies to `action`: its override (`pick` reads it from the
    /// action's [`ActionFaults`]) when it has one, else the global `value`.
    fn setting<T>(
        &self,
        action: &str,
        pick: impl FnOnce(&ActionFaults) -> Option<T>,
        value: T,
    ) -> T {
        self.config
            .actions
            .get(action)
            .and_then(pick)
            .unwrap_or(value)
    }

    /// Draws the fate of one call and its added latency.
    pub fn draw(&mut self, action: &str) -> (Injected, u64) {
        let c = &self.config;
        let throttle = self.setting(action, |a| a.throttle_rate, c.throttle_rate);
        let server = self.setting(action, |a| a.server_error_rate, c.server_error_rate);
        let latency = self.setting(action, |a| a.latency_ms, c.latency_ms);
        let u1 = self.next_f64();
        let u2 = self.next_f64();
        let injected = if u1 < throttle {
            Injected::Throttle
        } else if u2 < server {
            Injected::ServerError
        } else {
            Injected::None
        };
        (injected, latency)
    }

    /// Draws whether the asynchronous work a write starts fails when it settles.
    pub fn draw_async_failure(&mut self, action: &str) -> bool {
        let rate = self.setting(
            action,
            |a| a.async_failure_rate,
            self.config.async_failure_rate,
        );
        self.next_f64() < rate
    }

    /// How long the asynchronous work of `action` takes.
    pub fn delay_ms(&self, action: &str) -> u64 {
        self.setting(action, |a| a.async_delay_ms, self.config.async_delay_ms)
    }
}

/// `(http status, code, message)` of a throttled call.
pub fn throttle_error(cloud: Cloud) -> (u16, &'static str, &'static str) {
    match cloud {
        Cloud::Alibaba => (
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
        ),
        Cloud::Tencent => (
            200,
            "RequestLimitExceeded",
            "Your current request times exceeds the frequency limit.",
        ),
        Cloud::Volcengine => (
            429,
            "FlowLimitExceeded",
            "Your request is denied because of flow limit exceeded.",
        ),
    }
}

/// `(http status, code, message)` of an injected server error.
pub fn server_error(cloud: Cloud) -> (u16, &'static str, &'static str) {
    match cloud {
        Cloud::Alibaba => (
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        ),
        Cloud::Tencent => (
            200,
            "ServiceUnavailable",
            "The service is temporarily unavailable. Please try again later.",
        ),
        Cloud::Volcengine => (
            503,
            "ServiceUnavailable",
            "The service is temporarily unavailable. Please try again later.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut cfg = FaultConfig::quiet(0, 42);
        cfg.throttle_rate = 0.3;
        cfg.server_error_rate = 0.3;
        let mut a = FaultState::new(cfg.clone());
        let mut b = FaultState::new(cfg);
        let sa: Vec<_> = (0..50).map(|_| a.draw("DescribeHaVips").0).collect();
        let sb: Vec<_> = (0..50).map(|_| b.draw("DescribeHaVips").0).collect();
        assert_eq!(sa, sb);
        assert!(sa.contains(&Injected::Throttle));
        assert!(sa.contains(&Injected::ServerError));
        assert!(sa.contains(&Injected::None));
    }

    #[test]
    fn updates_are_checked() {
        let mut s = FaultState::new(FaultConfig::quiet(300, 1));
        assert!(s
            .update(FaultUpdate {
                throttle_rate: Some(1.5),
                ..Default::default()
            })
            .is_err());
        let mut actions = BTreeMap::new();
        actions.insert("Nope".to_string(), ActionFaults::default());
        assert!(s
            .update(FaultUpdate {
                actions: Some(actions),
                ..Default::default()
            })
            .is_err());
        let mut actions = BTreeMap::new();
        actions.insert(
            "AttachInstances".to_string(),
            ActionFaults {
                async_delay_ms: Some(5),
                ..Default::default()
            },
        );
        s.update(FaultUpdate {
            actions: Some(actions),
            async_delay_ms: Some(0),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.delay_ms("AttachInstances"), 5);
        assert_eq!(s.delay_ms("AssociateHaVip"), 0);
    }
}
