//! Alibaba global acceleration instances with a backend (DescribeGlobalAccelerationInstances):
//! one `tether_ga_backend` per backend server, with the backend's region and type as a read
//! sets them.

use tether_client::{CallContext, Client, ClientError};
use tether_wire::api::alibaba_vpc::{DescribeGlobalAccelerationInstancesRequest, GlobalAccelerationInstance};
use tether_wire::api::words::pascal::ECS_INSTANCE;
use tether_wire::constraints::ga_backend as rules;

use super::model::{Arg, Association, Kind, Listing, Skipped};
use super::paging::{collect, Progress};
use crate::resources::ga_backend::Backend as Attr;

pub async fn list(client: &Client, ctx: &CallContext, progress: &mut Progress) -> Result<Listing, ClientError> {
    let request = DescribeGlobalAccelerationInstancesRequest { region_id: client.region().to_owned(), ..Default::default() };
    let instances = collect(client, request, ctx, "global acceleration instances", progress).await?;
    Ok(backends(&instances, client.region()))
}

pub fn backends(instances: &[GlobalAccelerationInstance], region: &str) -> Listing {
    let mut out = Listing::default();
    for ga in instances {
        let label = if ga.name.trim().is_empty() { ga.global_acceleration_instance_id.clone() } else { ga.name.clone() };
        for backend in &ga.backend_servers.items {
            let skip = |reason: String| Skipped { kind: Kind::Ga, id: format!("{} → {}", ga.global_acceleration_instance_id, backend.server_id), reason };
            let server_type = if backend.server_type.is_empty() { rules::BACKEND_SERVER_TYPES.default.unwrap_or(ECS_INSTANCE) } else { backend.server_type.as_str() };
            if backend.server_id.is_empty() {
                continue;
            }
            if !rules::BACKEND_SERVER_TYPES.allows(server_type) {
                out.skipped.push(skip(format!("a {server_type:?} backend; tether_ga_backend binds {}", rules::BACKEND_SERVER_TYPES.values.join(" or "))));
                continue;
            }
            if backend.region_id.is_empty() {
                out.skipped.push(skip("the instance does not report the backend's region (backend_server_region_id is required)".into()));
                continue;
            }
            if backend.region_id == region {
                out.skipped.push(skip(format!("the backend is in the instance's own region {region}; tether_ga_backend needs another region")));
                continue;
            }
            let args = vec![
                (Attr::GLOBAL_ACCELERATION_INSTANCE_ID, Arg::Str(ga.global_acceleration_instance_id.clone())),
                (Attr::BACKEND_SERVER_ID, Arg::Str(backend.server_id.clone())),
                (Attr::BACKEND_SERVER_REGION_ID, Arg::Str(backend.region_id.clone())),
                (Attr::BACKEND_SERVER_TYPE, Arg::Str(server_type.to_owned())),
            ];
            let import_id = format!("{}:{}", ga.global_acceleration_instance_id, backend.server_id);
            out.found.push(Association::new(Kind::Ga, import_id, vec![label.clone(), backend.server_id.clone()], args));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tether_wire::api::alibaba_vpc::BackendServer;

    #[test]
    fn backends_in_another_region_become_resources() {
        let ga = |id: &str, server: &str, region: &str| {
            let mut g = GlobalAccelerationInstance { global_acceleration_instance_id: id.into(), ..Default::default() };
            if !server.is_empty() {
                g.backend_servers.items.push(BackendServer { server_id: server.into(), region_id: region.into(), server_type: "SlbInstance".into(), ..Default::default() });
            }
            g
        };
        let listing = backends(&[ga("ga-1", "lb-1", "cn-shenzhen"), ga("ga-2", "", ""), ga("ga-3", "lb-3", "cn-beijing")], "cn-beijing");
        assert_eq!(listing.found.len(), 1);
        assert_eq!(listing.found[0].import_id, "ga-1:lb-1");
        assert!(listing.found[0].args.contains(&("backend_server_type", Arg::Str("SlbInstance".into()))));
        assert_eq!(listing.skipped.len(), 1);
        assert!(listing.skipped[0].reason.contains("own region"));
    }
}
