//! How resources reach the cloud: the configured client, call contexts bounded by the
//! operation's timeout and by Terraform's Stop, and cloud errors turned into diagnostics.

use std::future::Future;
use std::time::Duration;

use tether_client::{CallContext, Client, ClientError, PollSchedule, PollStep};
use tether_wire::cloud::Cloud;
use tokio_util::sync::DropGuard;

use crate::framework::private::{Private, GONE};
use crate::framework::{Context, Diagnostic, Diagnostics, PlanRequest, Value};
use crate::provider::{KnownFacts, ProviderConfig};

/// How a wait polls the cloud: at once after the write, then after 100 ms, doubling up to
/// one poll a second. Most writes are seen done by the first poll or two (and concurrent
/// waits share their Describe calls through the client's coalescing); the ones that take
/// seconds are polled about as often as before (every 500 ms), not hammered.
pub const POLL_SCHEDULE: PollSchedule = PollSchedule::backoff(Duration::from_millis(100), Duration::from_secs(1));

/// How long a write in flight, or accepted by the cloud, may go on after Terraform sends Stop
/// (Ctrl-C) to see its effect: finishing leaves a complete state behind, giving up a
/// half-known one.
pub const STOP_GRACE: Duration = Duration::from_secs(30);

/// How long a read (a refresh, an import, a plan-time lookup) may take, retries included.
pub const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// How long one HTTP attempt of a read may wait for an answer: a Describe call answers
/// within a second or two, so an endpoint that accepts connections and never answers is
/// given up on after a few attempts rather than held on to for minutes.
pub const READ_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(15);

/// The configured client and what each call needs.
pub struct CloudAccess<'a> {
    pub client: &'a Client,
    pub region: &'a str,
    pub cloud: Cloud,
    /// What this provider configuration already learnt (see [`KnownFacts`]).
    pub facts: &'a KnownFacts,
    cancel: tokio_util::sync::CancellationToken,
}

impl CloudAccess<'_> {
    /// [`Self::writing`], a refusal reported as an error about `doing`.
    pub fn start_write(&self, timeout: Duration, doing: &str, diags: &mut Diagnostics) -> Option<(CallContext, DropGuard)> {
        match self.writing(timeout) {
            Ok(writing) => Some(writing),
            Err(e) => {
                diags.push(failure(&e, doing));
                None
            }
        }
    }

    /// A call context that ends at `timeout` from now or when Terraform sends Stop.
    pub fn within(&self, timeout: Duration) -> CallContext {
        CallContext::new().with_timeout(timeout).with_cancel(self.cancel.clone())
    }

    /// A call context for a write and the waits and reads around it, ending `timeout`
    /// from now. Terraform's Stop (Ctrl-C) ends it only [`STOP_GRACE`] later: a write in
    /// flight or accepted is seen through, so that the state records what the cloud did.
    /// Refused when Stop has already arrived. Keep the guard while the context is in use.
    pub fn writing(&self, timeout: Duration) -> Result<(CallContext, DropGuard), ClientError> {
        if self.cancel.is_cancelled() {
            return Err(ClientError::Cancelled { operation: "the operation (Terraform sent Stop)".to_owned() });
        }
        let graced = tokio_util::sync::CancellationToken::new();
        let done = tokio_util::sync::CancellationToken::new();
        let (stop, fire, finished) = (self.cancel.clone(), graced.clone(), done.clone());
        tokio::spawn(async move {
            tokio::select! {
                () = finished.cancelled() => {}
                () = stop.cancelled() => {
                    tokio::select! {
                        () = finished.cancelled() => {}
                        () = tokio::time::sleep(STOP_GRACE) => fire.cancel(),
                    }
                }
            }
        });
        Ok((CallContext::new().with_timeout(timeout).with_cancel(graced), done.drop_guard()))
    }

    /// A call context for a read-only call: like [`CloudAccess::within`], with each HTTP
    /// attempt limited to [`READ_ATTEMPT_TIMEOUT`].
    pub fn reading(&self, timeout: Duration) -> CallContext {
        self.within(timeout).with_attempt_timeout(READ_ATTEMPT_TIMEOUT)
    }
}

fn credential_hint(cloud: Option<Cloud>) -> &'static str {
    match cloud {
        Some(Cloud::Alibaba) => "Set access_key and secret_key in the provider block, or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.",
        Some(Cloud::Tencent) => "Set access_key and secret_key in the provider block, or TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.",
        Some(Cloud::Volcengine) => "Set access_key and secret_key in the provider block, or VOLCENGINE_ACCESS_KEY and VOLCENGINE_SECRET_KEY.",
        None => "Set cloud, region and credentials in the provider block.",
    }
}

fn access<'a>(ctx: &'a Context<'_, ProviderConfig>) -> Result<CloudAccess<'a>, Option<Cloud>> {
    let provider = ctx.provider.ok_or(None)?;
    match (&provider.client, provider.cloud, provider.region.as_deref()) {
        (Some(client), Some(cloud), Some(region)) => Ok(CloudAccess { client, region, cloud, facts: &provider.facts, cancel: ctx.cancel.clone() }),
        _ => Err(provider.cloud),
    }
}

/// Access for an apply, read or import; an error diagnostic when credentials are missing.
pub fn connect<'a>(ctx: &'a Context<'_, ProviderConfig>, diags: &mut Diagnostics) -> Option<CloudAccess<'a>> {
    match access(ctx) {
        Ok(a) => Some(a),
        Err(cloud) => {
            diags.push(Diagnostic::error("No credentials for the cloud API", credential_hint(cloud)));
            None
        }
    }
}

/// Access for read-only plan-time lookups: without credentials they are skipped with a
/// warning; with a provider configuration unknown until apply, silently.
pub fn for_live_checks<'a>(ctx: &'a Context<'_, ProviderConfig>, type_name: &str, diags: &mut Diagnostics) -> Option<CloudAccess<'a>> {
    match access(ctx) {
        Ok(a) => Some(a),
        Err(_) if ctx.provider.is_some_and(|p| p.partially_unknown) => None,
        Err(cloud) => {
            diags.push(Diagnostic::warning(
                format!("{type_name}: live plan-time checks skipped"),
                format!(
                    "Without credentials tether cannot look up the current cloud state, so constraints that depend on it are checked only at apply. {}",
                    credential_hint(cloud)
                ),
            ));
            None
        }
    }
}

/// A failed call as a diagnostic: the summary is the cloud's code, message and request id.
pub fn failure(err: &ClientError, doing: &str) -> Diagnostic {
    Diagnostic::error(err.to_string(), format!("tether was {doing}."))
}

/// True when the call failed with one of `codes`.
pub fn has_code(err: &ClientError, codes: &[&str]) -> bool {
    err.code().is_some_and(|c| codes.contains(&c))
}

/// A Read's answer to Terraform: the fresh state, `None` when the association is gone, or on
/// failure the prior state unchanged with the error.
pub fn read_outcome(found: Result<Option<Value>, ClientError>, prior: &Value, doing: &str, diags: &mut Diagnostics) -> Option<Value> {
    match found {
        Ok(fresh) => fresh,
        Err(e) => {
            diags.push(failure(&e, doing));
            Some(prior.clone())
        }
    }
}

/// An import's answer: the state, or an error naming the ID when there is no such association.
pub fn import_outcome(found: Result<Option<Value>, ClientError>, id: &str, missing: &str, doing: &str, diags: &mut Diagnostics) -> Vec<Value> {
    match found {
        Ok(Some(state)) => vec![state],
        Ok(None) => {
            diags.push(Diagnostic::error(format!("Cannot import {id}: no such association"), missing));
            Vec::new()
        }
        Err(e) => {
            diags.push(failure(&e, doing));
            Vec::new()
        }
    }
}

/// Reports what a create's live rules found about `what`, and the failure of their lookups
/// when `checked` failed. For an association that never existed the
/// findings stand as they are. For one a refresh found gone (a change outside Terraform,
/// `seen` says what is there now; see [`crate::framework::private::GONE`]), errors become
/// warnings that say what happened and that this resource's apply will fail until it is
/// resolved (an error would stop every other resource's plan, and `terraform destroy`); with
/// nothing in the way, a warning says the plan makes it again.
pub fn report_live_findings(type_name: &str, what: &str, seen: Option<&str>, checked: Result<(), ClientError>, mut found: Diagnostics, diags: &mut Diagnostics) {
    if let Err(e) = checked {
        found.push(failure(&e, &format!("checking {what} at plan time")));
    }
    let Some(seen) = seen else {
        diags.extend(found);
        return;
    };
    if !found.has_errors() {
        diags.push(Diagnostic::warning(format!("{type_name} changed outside Terraform"), format!("{seen} This plan makes it again as configured.")));
    }
    for mut d in found.0 {
        if d.severity == crate::framework::Severity::Error {
            d.severity = crate::framework::Severity::Warning;
            d.summary = format!("Cannot re-create {type_name} yet: {}", d.summary);
            d.detail =
                format!("Changed outside Terraform: {seen} Until that is resolved, applying this plan fails for this resource (other resources are not affected). {}", d.detail);
        }
        diags.push(d);
    }
}

/// A failed call or wait of an operation bounded by `timeouts.<operation>`: a deadline that
/// passed is reported against the configured timeout (not the time left when the last
/// step began).
pub fn failure_within(err: &ClientError, doing: &str, operation: &str, timeout: Duration) -> Diagnostic {
    if !err.is_timeout() {
        return failure(err, doing);
    }
    Diagnostic::error(
        format!("{operation} did not finish within timeouts.{operation} = {}", crate::framework::timeouts::human(timeout)),
        format!("tether was {doing}: {err}. Raise timeouts.{operation} in the resource if the cloud needs longer."),
    )
}

/// The state to record for a create that failed after its write may have reached the cloud:
/// when the association is in place as planned, the planned state with every value not yet
/// known left empty (Terraform records it as tainted and replaces it on the next apply, so
/// nothing is left behind that the state does not know); otherwise nothing.
pub fn partial_create(planned: &Value, in_place: bool, observed: &[(&str, Value)]) -> Option<Value> {
    in_place.then(|| super::common::fill_unknowns(planned, observed))
}

/// [`partial_create`] from a lookup of the bound object made after the failure: in place
/// when the lookup found it and `in_place` says it is bound as planned, with what
/// `observed` reports of it; nothing when the lookup failed or found nothing.
pub fn partial_create_from<T>(
    planned: &Value,
    looked_up: Result<Option<T>, ClientError>,
    in_place: impl FnOnce(&T) -> bool,
    observed: impl FnOnce(&T) -> Vec<(&'static str, Value)>,
) -> Option<Value> {
    let now = looked_up.ok().flatten()?;
    partial_create(planned, in_place(&now), &observed(&now))
}

/// After a create's write call failed with `err`: the partial state `partial` finds when
/// the write may have taken effect ([`ClientError::write_may_have_landed`]); nothing when
/// the cloud refused it outright, for whatever is bound there then is not this create's
/// (another resource of the same plan may have bound it), and recording it would let a
/// destroy of this resource unbind it.
pub async fn partial_after_write_error(err: &ClientError, partial: impl Future<Output = Option<Value>>) -> Option<Value> {
    if err.write_may_have_landed() {
        partial.await
    } else {
        None
    }
}

/// Read-only access for a create's live rules, when this plan is due to run them
/// ([`PlanRequest::live_checks_due`]) and nothing static failed (see [`for_live_checks`]).
pub fn live_check_access<'a>(ctx: &'a Context<'_, ProviderConfig>, type_name: &str, req: &PlanRequest, diags: &mut Diagnostics) -> Option<CloudAccess<'a>> {
    if diags.has_errors() || !req.live_checks_due() {
        return None;
    }
    for_live_checks(ctx, type_name, diags)
}

/// Runs a create's live rules when this plan is due to (see [`live_check_access`]): `check`
/// looks the cloud up and records what it finds, which is reported as findings about `what`
/// (see [`report_live_findings`]).
pub async fn run_live_checks(
    ctx: &Context<'_, ProviderConfig>,
    type_name: &str,
    what: &str,
    req: &PlanRequest,
    diags: &mut Diagnostics,
    check: impl AsyncFnOnce(&CloudAccess<'_>, &mut Diagnostics) -> Result<(), ClientError>,
) {
    let Some(api) = live_check_access(ctx, type_name, req, diags) else { return };
    let mut found = Diagnostics::new();
    let checked = check(&api, &mut found).await;
    report_live_findings(type_name, what, req.drifted(), checked, found, diags);
}

/// An in-place update of an association that binds once: only attributes that make no API
/// call change, so the planned state is the new state; unless a refresh found the
/// association gone ([`GONE`]), then `remake` binds it again (on failure the prior state
/// stays, with `remake`'s error).
pub async fn remake_if_gone(prior: &Value, planned: &Value, private: &mut Private, remake: impl Future<Output = Option<Value>>) -> Option<Value> {
    if private.text(GONE).is_none() {
        return Some(planned.clone());
    }
    match remake.await {
        Some(state) => {
            private.remove(GONE);
            Some(state)
        }
        None => Some(prior.clone()),
    }
}

/// Polls `step` on [`POLL_SCHEDULE`] until it is done or fails, within `call`: its deadline,
/// and Terraform's Stop through its cancellation. `waiting` names the wait in its errors.
pub async fn poll_within<T, F, Fut>(call: &CallContext, waiting: &str, step: F) -> Result<T, ClientError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<PollStep<T>, ClientError>>,
{
    tether_client::poll_until(waiting, POLL_SCHEDULE, call.deadline, &call.cancel, step).await
}

/// Undoes a binding and waits until it is gone. `bound` looks it up: the status it is in
/// while it is there, `None` once it is gone. Nothing is sent when it is gone already;
/// an `unbind` answered with one of `gone_codes` means it went meanwhile.
pub async fn unbind_and_wait<Bound, Looked>(
    call: &CallContext,
    waiting: &str,
    gone_codes: &[&str],
    bound: Bound,
    unbind: impl Future<Output = Result<(), ClientError>>,
) -> Result<(), ClientError>
where
    Bound: Fn() -> Looked,
    Looked: Future<Output = Result<Option<String>, ClientError>>,
{
    if bound().await?.is_none() {
        return Ok(());
    }
    match unbind.await {
        Ok(()) => {}
        Err(e) if has_code(&e, gone_codes) => return Ok(()),
        Err(e) => return Err(e),
    }
    poll_within(call, waiting, || async {
        Ok(match bound().await? {
            Some(state) => PollStep::Pending { state },
            None => PollStep::Done(()),
        })
    })
    .await
}
