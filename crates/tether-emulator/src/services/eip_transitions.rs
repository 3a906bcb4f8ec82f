//! The EIP transitions Alibaba VPC and Tencent VPC share: an `Associating` EIP ends bound
//! when its target still exists in its region (else free again), an `Unassociating` one
//! ends free, and a Tencent EIP's task reports the outcome. Each of the two services
//! registers [`settle`] for its own cloud.

use tether_wire::api::tencent_vpc::{address_status, task_result as task_words};
use tether_wire::cloud::Cloud;

use crate::state::{
    binding_target_exists, status, CloudInventory, EipBinding, Inventory, PendingKind,
};

/// Settles the EIP transitions of `cloud_kind` that are due at `now_ms`; returns whether
/// anything changed.
pub fn settle(inv: &mut Inventory, cloud_kind: Cloud, now_ms: u64) -> bool {
    let cloud = inv.cloud(cloud_kind);
    // Decide outcomes with shared borrows, then apply.
    let mut outcomes: Vec<(String, String, bool)> = Vec::new();
    for (region, eip) in cloud.all_eips() {
        let Some(p) = eip.pending.as_ref().filter(|p| p.is_due(now_ms)) else {
            continue;
        };
        let ok = p.succeeds(|| {
            eip.binding
                .as_ref()
                .is_some_and(|b| binding_target_exists(cloud, cloud_kind, region, b))
        });
        outcomes.push((region.to_string(), eip.id.clone(), ok));
    }
    if outcomes.is_empty() {
        return false;
    }
    let cloud = inv.cloud_mut(cloud_kind);
    for (region, id, ok) in outcomes {
        let mut task_result: Option<(u64, &'static str)> = None;
        let dangling_eni = |cloud: &CloudInventory, b: &EipBinding| {
            b.network_interface_id
                .as_ref()
                .and_then(|eni| cloud.find_eni(eni))
                .is_some_and(|(_, e)| e.instance_id.is_none())
        };
        let bind_eni_status = {
            let eip = cloud.find_eip(&id).map(|(_, e)| e);
            eip.and_then(|e| e.binding.as_ref())
                .is_some_and(|b| dangling_eni(cloud, b))
        };
        let Some(r) = cloud.region_mut(&region) else {
            continue;
        };
        let Some(eip) = r.eips.iter_mut().find(|e| e.id == id) else {
            continue;
        };
        let Some(p) = eip.pending.take() else {
            continue;
        };
        match (p.kind, ok) {
            (PendingKind::Associate, true) => {
                eip.status = if cloud_kind == Cloud::Tencent && bind_eni_status {
                    address_status::BIND_ENI.to_string()
                } else {
                    status::eip_bound(cloud_kind).to_string()
                };
            }
            (PendingKind::Associate, false) => {
                eip.binding = None;
                eip.status = status::eip_free(cloud_kind).to_string();
            }
            (PendingKind::Unassociate, true) => {
                eip.binding = None;
                eip.status = status::eip_free(cloud_kind).to_string();
            }
            (PendingKind::Unassociate, false) => {
                eip.status = status::eip_bound(cloud_kind).to_string();
            }
        }
        if let Some(task) = p.task_id {
            task_result = Some((
                task,
                if ok {
                    task_words::SUCCESS
                } else {
                    task_words::FAILED
                },
            ));
        }
        if let Some((task, result)) = task_result {
            if let Some(t) = cloud.task_mut(task) {
                t.result = result.to_string();
            }
        }
    }
    true
}
