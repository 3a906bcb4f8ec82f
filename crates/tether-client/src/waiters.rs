//! Waiters: [`poll_until`], the generic bounded poll loop (pausing as a [`PollSchedule`]
//! says: fixed, or backing off), and the three waits the resources need:
//!
//! - [`Client::wait_eip_status`]: Alibaba `DescribeEipAddresses` until the EIP has one of
//!   the wanted statuses (`InUse` after associating, `Available` after unassociating).
//! - [`Client::wait_tencent_task`]: Tencent `DescribeTaskResult` for the `TaskId` that
//!   `AssociateAddress` / `DisassociateAddress` return (a string there, an integer here):
//!   `SUCCESS` is done, `FAILED` is [`ClientError::TaskFailed`], `RUNNING` keeps polling.
//! - [`Client::wait_scaling_activity`]: Alibaba ESS `DescribeScalingActivities`:
//!   `Successful` and `Warning` are terminal ([`ActivityOutcome`], Warning carrying the
//!   activity's `StatusMessage` for a warning diagnostic), `Failed` / `Rejected` are
//!   [`ClientError::ActivityFailed`], `InProgress` keeps polling.
//!
//! Every wait is bounded by the [`CallContext`] deadline (then [`ClientError::WaitTimeout`]
//! naming what was awaited and the last state seen) and stops at once when its token is
//! cancelled. Each Describe call inside a wait retries its own transient errors as usual.

use std::future::Future;
use std::time::{Duration, Instant};

use tether_wire::api::alibaba_ess::{
    activity_status, DescribeScalingActivitiesRequest, ScalingActivity,
};
use tether_wire::api::alibaba_vpc::EipAddress;
use tether_wire::api::tencent_vpc::{
    task_result, DescribeTaskResultRequest, DescribeTaskResultResponse,
};
use tether_wire::api::ApiAction;
use tokio_util::sync::CancellationToken;
use tracing::debug;

use crate::client::{CallContext, Client};
use crate::coalesce::KINDS;
use crate::error::ClientError;

/// What one poll found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollStep<T> {
    /// The awaited state: stop with this value.
    Done(T),
    /// Not yet; `state` describes what was seen (for logs and the timeout message).
    Pending { state: String },
}

/// When a wait polls: the first poll at once, then `first` after it, each pause `factor`
/// times the one before, never longer than `max`. A fixed interval (a [`Duration`]) has
/// `first == max`. Waits on a write start with short pauses, since many writes take effect
/// within a round trip or two, and back off for the ones that take seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollSchedule {
    /// The pause after the first poll.
    pub first: Duration,
    /// Each pause is the one before times this (at least 1).
    pub factor: u32,
    /// The longest pause.
    pub max: Duration,
}

impl PollSchedule {
    /// Pauses of `first`, doubling up to `max`.
    pub const fn backoff(first: Duration, max: Duration) -> Self {
        PollSchedule {
            first,
            factor: 2,
            max,
        }
    }

    /// The same pause every time.
    pub const fn fixed(interval: Duration) -> Self {
        PollSchedule {
            first: interval,
            factor: 1,
            max: interval,
        }
    }

    /// The pause after poll number `polls` (1 for the first poll).
    pub fn after(&self, polls: u32) -> Duration {
        let mut pause = self.first.min(self.max);
        for _ in 1..polls {
            if pause >= self.max {
                break;
            }
            pause = pause.saturating_mul(self.factor.max(1)).min(self.max);
        }
        pause
    }
}

impl From<Duration> for PollSchedule {
    fn from(interval: Duration) -> Self {
        PollSchedule::fixed(interval)
    }
}

/// Calls `poll` until it returns [`PollStep::Done`] or an error, pausing between polls as
/// `interval` says (a fixed [`Duration`] or a [`PollSchedule`]). The first poll happens at
/// once. Stops with [`ClientError::WaitTimeout`] when the
/// next poll would start after `deadline` (or a poll's own call ran into that deadline), and with [`ClientError::Cancelled`] as soon as
/// `cancel` fires (also mid-poll). `what` describes the wait for messages
/// (`waiting for EIP eip-1 to be InUse`).
pub async fn poll_until<T, F, Fut>(
    what: &str,
    interval: impl Into<PollSchedule>,
    deadline: Option<Instant>,
    cancel: &CancellationToken,
    mut poll: F,
) -> Result<T, ClientError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<PollStep<T>, ClientError>>,
{
    let schedule = interval.into();
    let started = Instant::now();
    let mut polls: u32 = 0;
    let mut last_state: Option<String> = None;
    let cancelled = || ClientError::Cancelled {
        operation: what.to_string(),
    };
    let timed_out = |polls: u32, last_state: Option<String>| ClientError::WaitTimeout {
        what: what.to_string(),
        waited: started.elapsed(),
        polls,
        last_state,
    };
    loop {
        if cancel.is_cancelled() {
            return Err(cancelled());
        }
        polls = polls.saturating_add(1);
        let outcome = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(cancelled()),
            outcome = poll() => outcome,
        };
        let step = match outcome {
            Ok(step) => step,
            // A Describe call cut short by the wait's own deadline: report the wait.
            Err(ClientError::Timeout { .. }) if deadline.is_some_and(|d| Instant::now() >= d) => {
                return Err(timed_out(polls, last_state));
            }
            Err(err) => return Err(err),
        };
        let state = match step {
            PollStep::Done(value) => {
                debug!(what, polls, "wait finished");
                return Ok(value);
            }
            PollStep::Pending { state } => state,
        };
        debug!(what, polls, state = %state, "still waiting");
        if let Some(deadline) = deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            if left <= schedule.after(polls) {
                return Err(timed_out(polls, Some(state)));
            }
        }
        last_state = Some(state);
        tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(cancelled()),
            _ = tokio::time::sleep(schedule.after(polls)) => {}
        }
    }
}

/// How an ESS scaling activity ended when it did not fail.
#[derive(Clone, Debug, PartialEq)]
pub enum ActivityOutcome {
    /// `Successful`.
    Successful(ScalingActivity),
    /// `Warning`: partly successful; `status_message` says what went wrong and should be
    /// shown to the user as a warning.
    Warning {
        status_message: String,
        activity: ScalingActivity,
    },
}

impl ActivityOutcome {
    /// The activity as last described.
    pub fn activity(&self) -> &ScalingActivity {
        match self {
            ActivityOutcome::Successful(a) | ActivityOutcome::Warning { activity: a, .. } => a,
        }
    }
}

impl Client {
    /// Polls Alibaba `DescribeEipAddresses` (this client's region) until EIP
    /// `allocation_id` has one of the `wanted` statuses, and returns it. An EIP that is not
    /// listed is an error ([`ClientError::WaitFailed`]).
    pub async fn wait_eip_status(
        &self,
        allocation_id: &str,
        wanted: &[&str],
        interval: impl Into<PollSchedule>,
        ctx: &CallContext,
    ) -> Result<EipAddress, ClientError> {
        let what = format!(
            "waiting for EIP {allocation_id} to be {}",
            wanted.join(" or ")
        );
        // The same request as a coalesced read of the EIP, but every poll is a call of its own.
        let request = (KINDS.eip.request)(self.region(), "", &[allocation_id.to_string()]);
        self.poll_answers(&what, interval, &request, ctx, |resp| {
            let mut eips = resp.eip_addresses.items.into_iter();
            match eips.find(|eip| eip.allocation_id == allocation_id) {
                None => Err(ClientError::WaitFailed {
                    what: what.clone(),
                    reason: format!("EIP {allocation_id} is not listed by DescribeEipAddresses"),
                }),
                Some(eip) if wanted.contains(&eip.status.as_str()) => Ok(PollStep::Done(eip)),
                Some(eip) => Ok(PollStep::Pending { state: eip.status }),
            }
        })
        .await
    }

    /// Polls Tencent `DescribeTaskResult` (pausing as `interval` says) for `task_id` as returned by
    /// `AssociateAddress` / `DisassociateAddress` (a decimal string). `SUCCESS` returns the
    /// answer, `FAILED` is [`ClientError::TaskFailed`], anything else keeps polling.
    pub async fn wait_tencent_task(
        &self,
        task_id: &str,
        interval: impl Into<PollSchedule>,
        ctx: &CallContext,
    ) -> Result<DescribeTaskResultResponse, ClientError> {
        let what = format!("waiting for tencent task {}", task_id.trim());
        let Ok(id) = task_id.trim().parse::<u64>() else {
            return Err(ClientError::WaitFailed {
                what,
                reason: format!(
                    "the TaskId `{}` is not an unsigned integer",
                    task_id.chars().take(64).collect::<String>()
                ),
            });
        };
        let request = DescribeTaskResultRequest::for_task(id);
        self.poll_answers(&what, interval, &request, ctx, |resp| {
            match resp.result.as_str() {
                task_result::SUCCESS => Ok(PollStep::Done(resp)),
                task_result::FAILED => Err(ClientError::TaskFailed {
                    task_id: id,
                    request_id: Some(resp.request_id).filter(|r| !r.is_empty()),
                }),
                "" => Ok(PollStep::Pending {
                    state: "(no Result)".to_string(),
                }),
                other => Ok(PollStep::Pending {
                    state: other.to_string(),
                }),
            }
        })
        .await
    }

    /// Polls Alibaba ESS `DescribeScalingActivities` (this client's region)
    /// until activity `activity_id` ends. An activity not listed yet keeps polling (the list
    /// is eventually consistent).
    pub async fn wait_scaling_activity(
        &self,
        activity_id: &str,
        interval: impl Into<PollSchedule>,
        ctx: &CallContext,
    ) -> Result<ActivityOutcome, ClientError> {
        let what = format!("waiting for scaling activity {activity_id}");
        let request = DescribeScalingActivitiesRequest {
            region_id: self.region().to_string(),
            scaling_activity_ids: vec![activity_id.to_string()],
            ..DescribeScalingActivitiesRequest::default()
        };
        self.poll_answers(&what, interval, &request, ctx, |resp| {
            let mut activities = resp.scaling_activities.items.into_iter();
            let Some(activity) = activities.find(|a| a.scaling_activity_id == activity_id) else {
                return Ok(PollStep::Pending {
                    state: "not listed yet".to_string(),
                });
            };
            match activity.status_code.as_str() {
                activity_status::SUCCESSFUL => {
                    Ok(PollStep::Done(ActivityOutcome::Successful(activity)))
                }
                activity_status::WARNING => Ok(PollStep::Done(ActivityOutcome::Warning {
                    status_message: activity.status_message.clone(),
                    activity,
                })),
                activity_status::FAILED | activity_status::REJECTED => {
                    Err(ClientError::ActivityFailed {
                        activity_id: activity.scaling_activity_id,
                        status_code: activity.status_code,
                        status_message: activity.status_message,
                        error_code: activity.error_code,
                        error_message: activity.error_message,
                    })
                }
                other => Ok(PollStep::Pending {
                    state: format!("{other} ({}%)", activity.progress),
                }),
            }
        })
        .await
    }

    /// [`poll_until`] of calls of `request` under `ctx` (deadline and token), each answer
    /// judged by `judge`.
    async fn poll_answers<A: ApiAction, T>(
        &self,
        what: &str,
        interval: impl Into<PollSchedule>,
        request: &A,
        ctx: &CallContext,
        judge: impl Fn(A::Response) -> Result<PollStep<T>, ClientError>,
    ) -> Result<T, ClientError> {
        let judge = &judge;
        poll_until(what, interval, ctx.deadline, &ctx.cancel, || async move {
            judge(self.call(request, ctx).await?)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pauses(schedule: PollSchedule, n: u32) -> Vec<u64> {
        (1..=n)
            .map(|polls| u64::try_from(schedule.after(polls).as_millis()).unwrap_or(u64::MAX))
            .collect()
    }

    #[test]
    fn backoff_doubles_from_the_first_pause_up_to_the_longest() {
        let schedule = PollSchedule::backoff(Duration::from_millis(100), Duration::from_secs(1));
        assert_eq!(
            pauses(schedule, 7),
            vec![100, 200, 400, 800, 1000, 1000, 1000]
        );
        assert_eq!(schedule.after(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn a_duration_is_a_fixed_schedule() {
        let schedule = PollSchedule::from(Duration::from_millis(500));
        assert_eq!(schedule, PollSchedule::fixed(Duration::from_millis(500)));
        assert_eq!(pauses(schedule, 4), vec![500, 500, 500, 500]);
    }

    #[test]
    fn a_first_pause_above_the_longest_is_capped_and_factor_zero_is_fixed() {
        let capped = PollSchedule::backoff(Duration::from_secs(3), Duration::from_secs(1));
        assert_eq!(pauses(capped, 2), vec![1000, 1000]);
        let zero = PollSchedule {
            first: Duration::from_millis(50),
            factor: 0,
            max: Duration::from_secs(1),
        };
        assert_eq!(pauses(zero, 3), vec![50, 50, 50]);
    }
}
