//! Attach and detach calls with their scaling-activity waits, within one timeout.

use super::*;
use tether_wire::api::alibaba_ess::ScalingActivityResponse;
use tether_wire::api::ApiAction;

/// Attach and detach calls with their scaling-activity waits, within one timeout; Stop
/// ends them only after a grace period (see [`CloudAccess::writing`]).
pub struct Timed<'a> {
    api: &'a CloudAccess<'a>,
    timeout: Duration,
    /// `create`, `update` or `delete`: names the timeout in messages.
    operation: &'static str,
    pub ctx: CallContext,
    _guard: tokio_util::sync::DropGuard,
}

impl<'a> Timed<'a> {
    /// Starts the operation's clock; `None` (with the reason) when Terraform already sent Stop.
    pub fn start(api: &'a CloudAccess<'a>, timeout: Duration, operation: &'static str, diags: &mut Diagnostics) -> Option<Timed<'a>> {
        let (ctx, guard) = api.start_write(timeout, &format!("starting the {operation} of the attachment"), diags)?;
        Some(Timed { api, timeout, operation, ctx, _guard: guard })
    }

    /// The `timeouts` setting this operation runs under.
    pub fn setting(&self) -> &'static str {
        if self.operation == "delete" {
            "delete"
        } else {
            "create"
        }
    }

    /// Attaches `ids` (20 per call): the last activity, or on failure the ids it may have
    /// attached (see [`Timed::per_chunk`]).
    pub async fn attach(&self, planned: &Value, ids: &[String], diags: &mut Diagnostics) -> Result<Option<String>, Vec<String>> {
        let wanted = Attachment::of(planned);
        let (group, weights) = (wanted.scaling_group_id, wanted.load_balancer_weights);
        let request = |chunk: &[String]| AttachInstancesRequest {
            region_id: Some(self.api.region.to_owned()),
            scaling_group_id: group.to_owned(),
            instance_ids: chunk.to_vec(),
            load_balancer_weights: chunk.iter().map(|id| u32::try_from(effective_weight(weights, id).unwrap_or(default_weight())).unwrap_or(0)).collect(),
            entrusted: wanted.entrusted,
            lifecycle_hook: wanted.lifecycle_hook,
            client_token: Some(tether_client::client_token()),
            ..Default::default()
        };
        self.per_chunk(ids, request, |chunk| format!("attaching {chunk} to {group}"), &[], diags).await
    }

    /// Detaches `ids` (20 per call): the last activity, or on failure the ids it may have
    /// detached (see [`Timed::per_chunk`]).
    pub async fn detach(&self, state: &Value, ids: &[String], diags: &mut Diagnostics) -> Result<Option<String>, Vec<String>> {
        let held = Attachment::of(state);
        let group = held.scaling_group_id;
        let request = |chunk: &[String]| DetachInstancesRequest {
            region_id: Some(self.api.region.to_owned()),
            scaling_group_id: group.to_owned(),
            instance_ids: chunk.to_vec(),
            decrease_desired_capacity: Some(held.decrease_desired_capacity.unwrap_or(true)),
            lifecycle_hook: held.lifecycle_hook.filter(|h| *h),
            // An instance that left the group since the last refresh must not fail the
            // detach; the activity then ends Warning, which is shown.
            ignore_invalid_instance: Some(true),
            client_token: Some(tether_client::client_token()),
            ..Default::default()
        };
        let gone_codes = [alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND.code];
        self.per_chunk(ids, request, |chunk| format!("detaching {chunk} from {group}"), &gone_codes, diags).await
    }

    /// Splits `ids` into chunks of at most [`MAX_INSTANCES`], makes one call per chunk (the
    /// request `request` builds for it) and waits for the scaling activity it starts; `doing`
    /// names a chunk's call from its IDs. A call answered with one of `gone_codes` (the group
    /// is gone) ends the run early, done. The last activity, unless a call or wait failed:
    /// then the ids the run may have changed, the chunks before and the failed one unless the
    /// cloud refused its call outright (so that a create records no instance another
    /// resource attached).
    async fn per_chunk<R>(
        &self,
        ids: &[String],
        request: impl Fn(&[String]) -> R,
        doing: impl Fn(&str) -> String,
        gone_codes: &[&str],
        diags: &mut Diagnostics,
    ) -> Result<Option<String>, Vec<String>>
    where
        R: ApiAction<Response = ScalingActivityResponse> + Sync,
    {
        let mut last = None;
        let mut touched: Vec<String> = Vec::new();
        for chunk in ids.chunks(MAX_INSTANCES) {
            let doing = doing(&chunk.join(", "));
            let activity = match self.api.client.call(&request(chunk), &self.ctx).await {
                Ok(resp) => resp.scaling_activity_id,
                Err(e) if has_code(&e, gone_codes) => return Ok(last),
                Err(e) => {
                    diags.push(failure_within(&e, &doing, self.setting(), self.timeout));
                    if e.write_may_have_landed() {
                        touched.extend_from_slice(chunk);
                    }
                    return Err(touched);
                }
            };
            touched.extend_from_slice(chunk);
            if self.wait(&activity, &doing, diags).await.is_none() {
                return Err(touched);
            }
            last = Some(activity);
        }
        Ok(last)
    }

    /// Waits for a scaling activity: Successful and Warning are done (Warning is shown as a
    /// warning), Failed and Rejected are errors.
    pub async fn wait(&self, activity: &str, doing: &str, diags: &mut Diagnostics) -> Option<()> {
        match self.api.client.wait_scaling_activity(activity, POLL_SCHEDULE, &self.ctx).await {
            Ok(ActivityOutcome::Successful(_)) => Some(()),
            Ok(ActivityOutcome::Warning { status_message, .. }) => {
                diags.push(Diagnostic::warning(
                    format!("Scaling activity {activity} ended with a warning"),
                    format!("While {doing}: {status_message}. Some instances may not have changed; the next plan shows what differs."),
                ));
                Some(())
            }
            Err(e) => {
                diags.push(failure_within(&e, doing, self.setting(), self.timeout));
                None
            }
        }
    }
}
