//! Live cloud state for the plan-wide rules: HaVip members, global acceleration backends,
//! scaling groups and the owners of Tencent primary ENIs as the cloud reports them now, read
//! with credentials from the environment.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use tether_client::{CallContext, Client, ClientConfig};
use tether_wire::api::alibaba_ess::{DescribeScalingGroupsRequest, DescribeScalingInstancesRequest};
use tether_wire::api::alibaba_vpc::DescribeGlobalAccelerationInstancesRequest;
use tether_wire::api::volcengine_vpc::DescribeHaVipsRequest;
use tether_wire::api::Paginated;
use tether_wire::cloud::Cloud;

use super::plan::{Known, Plan, ProviderRef};
use crate::provider::config::{credentials_from_env, EnvSource, ENDPOINT_ENV};
use crate::resources::eip_association::{self, Association};
use crate::resources::ess_attachment::{self, Attachment};
use crate::resources::ga_backend::{self, Backend};
use crate::resources::havip_attachment::{self, Membership};

/// A scaling group as the MaxSize rule needs it.
#[derive(Clone, Debug, Default)]
pub struct EssGroup {
    pub total_capacity: usize,
    pub max_size: usize,
    /// Every instance in the group now.
    pub attached: Vec<String>,
}

/// What was read, keyed by (scope, id); and for which scopes it was or was not possible.
#[derive(Debug, Default)]
pub struct LiveState {
    havips: BTreeMap<(String, String), (Vec<String>, String)>,
    gas: BTreeMap<(String, String), Vec<String>>,
    groups: BTreeMap<(String, String), EssGroup>,
    /// Tencent primary ENIs: (instance, the ENI's primary private IP).
    primary_enis: BTreeMap<(String, String), (String, String)>,
    /// Scopes whose live state was used.
    pub used: BTreeSet<String>,
    /// Scopes whose live state was not used, with the reason.
    pub not_used: BTreeMap<String, String>,
}

impl LiveState {
    /// No live state (`--no-live`, or nothing to look up).
    pub fn none() -> Self {
        Self::default()
    }
    pub fn havip(&self, scope: &str, id: &str) -> Option<(&Vec<String>, &str)> {
        self.havips.get(&(scope.to_owned(), id.to_owned())).map(|(m, t)| (m, t.as_str()))
    }
    pub fn ga(&self, scope: &str, id: &str) -> Option<&Vec<String>> {
        self.gas.get(&(scope.to_owned(), id.to_owned()))
    }
    pub fn ess_group(&self, scope: &str, id: &str) -> Option<&EssGroup> {
        self.groups.get(&(scope.to_owned(), id.to_owned()))
    }
    /// The instance a Tencent ENI is the primary ENI of, with the ENI's primary private IP
    /// (an EIP on that IP is the instance's EIP).
    pub fn primary_eni_owner(&self, scope: &str, eni: &str) -> Option<(&str, &str)> {
        self.primary_enis.get(&(scope.to_owned(), eni.to_owned())).map(|(i, ip)| (i.as_str(), ip.as_str()))
    }
    #[cfg(test)]
    pub fn insert_primary_eni_for_test(&mut self, scope: &str, eni: &str, instance: &str, ip: &str) {
        self.primary_enis.insert((scope.to_owned(), eni.to_owned()), (instance.to_owned(), ip.to_owned()));
    }
    #[cfg(test)]
    pub fn insert_group_for_test(&mut self, scope: &str, id: &str, group: EssGroup) {
        self.groups.insert((scope.to_owned(), id.to_owned()), group);
    }
}

const LOOKUP_TIMEOUT: Duration = Duration::from_secs(60);

/// The IDs the live rules need, per provider scope.
#[derive(Default)]
struct Wanted {
    havips: BTreeSet<String>,
    gas: BTreeSet<String>,
    groups: BTreeSet<String>,
    /// Tencent ENIs named by EIP associations.
    enis: BTreeSet<String>,
}

/// Reads live state for every scope the plan's HaVip, GA, ESS and Tencent ENI-bound EIP
/// resources use.
pub async fn fetch(plan: &Plan, env: &dyn EnvSource) -> LiveState {
    let mut wanted: BTreeMap<String, (ProviderRef, Wanted)> = BTreeMap::new();
    for i in plan.instances.iter().chain(&plan.removed) {
        if i.provider.unresolved.is_some() {
            // Its own warning says why; there is no account or region to read.
            continue;
        }
        let (attr, pick): (&str, fn(&mut Wanted) -> &mut BTreeSet<String>) = match i.resource_type.as_str() {
            havip_attachment::TYPE_NAME => (Membership::HAVIP_ID, |w| &mut w.havips),
            ga_backend::TYPE_NAME => (Backend::GLOBAL_ACCELERATION_INSTANCE_ID, |w| &mut w.gas),
            ess_attachment::TYPE_NAME => (Attachment::SCALING_GROUP_ID, |w| &mut w.groups),
            eip_association::TYPE_NAME if i.provider.cloud.as_deref() == Some(Cloud::Tencent.name()) => (Association::NETWORK_INTERFACE_ID, |w| &mut w.enis),
            _ => continue,
        };
        if let Known::Value(id) = i.string(attr) {
            let entry = wanted.entry(i.provider.scope()).or_insert_with(|| (i.provider.clone(), Wanted::default()));
            pick(&mut entry.1).insert(id);
        }
    }
    let mut live = LiveState::default();
    for (scope, (provider, ids)) in wanted {
        let client = match client_for(&provider, env) {
            Ok(c) => c,
            Err(reason) => {
                live.not_used.insert(scope, reason);
                continue;
            }
        };
        match read_scope(&client, &scope, &ids, &mut live).await {
            Ok(()) => {
                live.used.insert(scope);
            }
            Err(e) => {
                live.not_used.insert(scope, format!("the lookup failed: {e}"));
            }
        }
    }
    live
}

fn client_for(provider: &ProviderRef, env: &dyn EnvSource) -> Result<Client, String> {
    let (Some(cloud_name), Some(region)) = (&provider.cloud, &provider.region) else {
        return Err("the plan does not state this provider's cloud and region".into());
    };
    let cloud = Cloud::from_name(cloud_name).ok_or_else(|| format!("unknown cloud {cloud_name:?}"))?;
    let credentials = credentials_from_env(cloud, env).ok_or_else(|| format!("no {} credentials in the environment", cloud.display_name()))?;
    let mut config = ClientConfig::new(cloud, region.clone(), credentials);
    if let Some(endpoint) = provider.endpoint.clone().or_else(|| env.first(&[ENDPOINT_ENV])) {
        config = config.with_endpoint(endpoint);
    }
    Client::new(config).map_err(|e| e.to_string())
}

async fn read_scope(client: &Client, scope: &str, ids: &Wanted, live: &mut LiveState) -> Result<(), tether_client::ClientError> {
    let ctx = CallContext::new().with_timeout(LOOKUP_TIMEOUT);
    let key = |id: &str| (scope.to_owned(), id.to_owned());
    if !ids.havips.is_empty() {
        let request = DescribeHaVipsRequest { ha_vip_ids: ids.havips.iter().cloned().collect(), ..Default::default() }.with_max_page_size();
        for h in client.collect_all(request, &ctx).await? {
            live.havips.insert(key(&h.ha_vip_id), (h.associated_instance_ids.clone(), h.associated_instance_type.clone()));
        }
    }
    for ga in &ids.gas {
        let request = DescribeGlobalAccelerationInstancesRequest { region_id: client.region().to_owned(), global_acceleration_instance_id: Some(ga.clone()), ..Default::default() };
        let resp = client.call(&request, &ctx).await?;
        for g in resp.global_acceleration_instances.items {
            live.gas.insert(key(&g.global_acceleration_instance_id), g.backend_servers.items.iter().map(|b| b.server_id.clone()).collect());
        }
    }
    let enis = futures::future::join_all(ids.enis.iter().map(|eni| client.describe_tencent_network_interface(eni, &ctx))).await;
    for eni in enis {
        let Some(eni) = eni? else { continue };
        if let Some((owner, ip)) = eni.primary_slot() {
            live.primary_enis.insert(key(&eni.network_interface_id), (owner.to_owned(), ip.to_owned()));
        }
    }
    if !ids.groups.is_empty() {
        let request = DescribeScalingGroupsRequest { region_id: client.region().to_owned(), scaling_group_ids: ids.groups.iter().cloned().collect(), ..Default::default() };
        for g in client.call(&request, &ctx).await?.scaling_groups.items {
            let instances = DescribeScalingInstancesRequest { region_id: client.region().to_owned(), scaling_group_id: Some(g.scaling_group_id.clone()), ..Default::default() }
                .with_max_page_size();
            let attached = client.collect_all(instances, &ctx).await?.into_iter().map(|i| i.instance_id).collect();
            live.groups.insert(
                key(&g.scaling_group_id),
                EssGroup { total_capacity: usize::try_from(g.total_capacity).unwrap_or(0), max_size: usize::try_from(g.max_size).unwrap_or(0), attached },
            );
        }
    }
    Ok(())
}
