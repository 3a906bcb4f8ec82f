//! Alibaba auto scaling: instances attached to scaling groups (DescribeScalingGroups, then
//! DescribeScalingInstances with `CreationType=Attached` per group). One
//! `tether_ess_attachment` per group, split deterministically when a group holds more than
//! one resource may (20 instances): members are grouped by `entrusted` (a read reports it
//! for all of a resource's instances together), sorted by ID, and cut into runs of 20.

use futures::stream::{self, StreamExt, TryStreamExt};
use tether_client::{CallContext, Client, ClientError};
use tether_wire::api::alibaba_ess::{creation_type, DescribeScalingGroupsRequest, DescribeScalingInstancesRequest, ScalingGroup, ScalingInstance};
use tether_wire::constraints::ess_attachment as rules;

use super::exclude::Managed;
use super::model::{Arg, Association, Kind, Listing};
use super::paging::{collect, Progress};
use crate::resources::ess_attachment::Attachment as Attr;

/// Instances one resource holds.
pub const MAX_INSTANCES: usize = rules::INSTANCES_PER_CALL.max;
/// Groups whose instances are listed at once.
const CONCURRENT_GROUPS: usize = 8;

/// A member attached to a group, as discover needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub instance_id: String,
    pub entrusted: bool,
    pub weight: Option<i64>,
}

pub async fn list(client: &Client, ctx: &CallContext, progress: &mut Progress, managed: &Managed) -> Result<Listing, ClientError> {
    let region = client.region().to_owned();
    let request = DescribeScalingGroupsRequest { region_id: region.clone(), ..Default::default() };
    let mut groups = collect(client, request, ctx, "scaling groups", progress).await?;
    groups.sort_by(|a, b| a.scaling_group_id.cmp(&b.scaling_group_id));
    let per_group: Vec<(ScalingGroup, Vec<ScalingInstance>)> = stream::iter(groups.into_iter().map(|group| {
        let region = region.clone();
        async move {
            let request = DescribeScalingInstancesRequest {
                region_id: region,
                scaling_group_id: Some(group.scaling_group_id.clone()),
                creation_type: Some(creation_type::ATTACHED.to_owned()),
                ..Default::default()
            };
            let mut own = Progress::default();
            let instances = collect(client, request, ctx, "attached instances", &mut own).await?;
            Ok::<_, ClientError>((group, instances, own))
        }
    }))
    .buffered(CONCURRENT_GROUPS)
    .map_ok(|(group, instances, own)| {
        progress.add(own.listed, "attached instances");
        (group, instances)
    })
    .try_collect()
    .await?;
    let mut out = Listing::default();
    for (group, instances) in per_group {
        let mut members = Vec::new();
        for i in instances.iter().filter(|i| i.creation_type == creation_type::ATTACHED) {
            if managed.has_member(&group.scaling_group_id, &i.instance_id) {
                out.excluded += 1;
            } else {
                members.push(Member { instance_id: i.instance_id.clone(), entrusted: i.entrusted, weight: i.load_balancer_weight });
            }
        }
        let label = if group.scaling_group_name.trim().is_empty() { group.scaling_group_id.clone() } else { group.scaling_group_name.clone() };
        out.found.extend(resources(&group.scaling_group_id, &label, members));
    }
    Ok(out)
}

/// The resources for one group's members: by `entrusted`, sorted, at most 20 each.
pub fn resources(group: &str, label: &str, mut members: Vec<Member>) -> Vec<Association> {
    members.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    members.dedup_by(|a, b| a.instance_id == b.instance_id);
    let default_weight = rules::LOAD_BALANCER_WEIGHT.default.unwrap_or(50);
    let mut out = Vec::new();
    let sets: Vec<(bool, Vec<&Member>)> =
        [false, true].into_iter().map(|e| (e, members.iter().filter(|m| m.entrusted == e).collect::<Vec<_>>())).filter(|(_, m)| !m.is_empty()).collect();
    let mixed = sets.len() > 1;
    for (entrusted, set) in &sets {
        let parts = set.len().div_ceil(MAX_INSTANCES);
        for (n, chunk) in set.chunks(MAX_INSTANCES).enumerate() {
            let ids: Vec<String> = chunk.iter().map(|m| m.instance_id.clone()).collect();
            let mut args = vec![(Attr::SCALING_GROUP_ID, Arg::Str(group.to_owned())), (Attr::INSTANCE_IDS, Arg::Strings(ids.clone()))];
            let weights: Vec<(String, i64)> = chunk.iter().filter_map(|m| m.weight.filter(|w| *w != default_weight).map(|w| (m.instance_id.clone(), w))).collect();
            if !weights.is_empty() {
                args.push((Attr::LOAD_BALANCER_WEIGHTS, Arg::Numbers(weights)));
            }
            if *entrusted {
                args.push((Attr::ENTRUSTED, Arg::Bool(true)));
            }
            let mut name_parts = vec![label.to_owned()];
            if mixed && *entrusted {
                name_parts.push("entrusted".into());
            }
            if parts > 1 {
                name_parts.push(format!("part{}", n + 1));
            }
            let import_id = format!("{group}:{}", ids.join(","));
            let mut association = Association::new(Kind::Ess, import_id, name_parts, args);
            // Members are left out one by one before this (see `list`).
            association.key = String::new();
            out.push(association);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(i: usize, entrusted: bool) -> Member {
        Member { instance_id: format!("i-{i:03}"), entrusted, weight: if i == 3 { Some(70) } else { Some(50) } }
    }

    #[test]
    fn large_groups_split_deterministically() {
        let members: Vec<Member> = (0..45).rev().map(|i| member(i, false)).collect();
        let parts = resources("asg-1", "web", members.clone());
        assert_eq!(parts.len(), 3);
        assert!(parts[0].import_id.starts_with("asg-1:i-000,i-001,"));
        assert_eq!(parts[2].import_id, "asg-1:i-040,i-041,i-042,i-043,i-044");
        assert_eq!(parts[0].name_parts, vec!["web", "part1"]);
        assert_eq!(parts[0].args[2], ("load_balancer_weights", Arg::Numbers(vec![("i-003".into(), 70)])));
        let mut shuffled = members;
        shuffled.rotate_left(17);
        assert_eq!(resources("asg-1", "web", shuffled), parts);
    }

    #[test]
    fn entrusted_members_get_their_own_resource() {
        let parts = resources("asg-1", "asg-1", vec![member(1, true), member(2, false)]);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].import_id, "asg-1:i-002");
        assert_eq!(parts[1].name_parts, vec!["asg-1", "entrusted"]);
        assert!(parts[1].args.contains(&("entrusted", Arg::Bool(true))));
    }
}
