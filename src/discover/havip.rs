//! Volcengine HaVip members (DescribeHaVips): one `tether_havip_attachment` per member, its
//! `instance_type` as the HaVip reports its members' type.

use tether_client::{CallContext, Client, ClientError};
use tether_wire::api::volcengine_vpc::{DescribeHaVipsRequest, HaVip};
use tether_wire::api::words::pascal::ECS_INSTANCE;
use tether_wire::constraints::havip_attachment as rules;

use super::model::{Arg, Association, Kind, Listing, Skipped};
use super::paging::{collect, Progress};
use crate::resources::havip_attachment::Membership as Attr;

pub async fn list(client: &Client, ctx: &CallContext, progress: &mut Progress) -> Result<Listing, ClientError> {
    let havips = collect(client, DescribeHaVipsRequest::default(), ctx, "HaVips", progress).await?;
    Ok(members(&havips))
}

pub fn members(havips: &[HaVip]) -> Listing {
    let mut out = Listing::default();
    for havip in havips {
        let member_type = if havip.associated_instance_type.is_empty() { rules::INSTANCE_TYPES.default.unwrap_or(ECS_INSTANCE) } else { havip.associated_instance_type.as_str() };
        let label = if havip.ha_vip_name.trim().is_empty() { havip.ha_vip_id.clone() } else { havip.ha_vip_name.clone() };
        for member in &havip.associated_instance_ids {
            if !rules::INSTANCE_TYPES.allows(member_type) {
                out.skipped.push(Skipped {
                    kind: Kind::Havip,
                    id: format!("{} → {member}", havip.ha_vip_id),
                    reason: format!("a {member_type:?} member; tether_havip_attachment attaches {}", rules::INSTANCE_TYPES.values.join(" or ")),
                });
                continue;
            }
            let args =
                vec![(Attr::HAVIP_ID, Arg::Str(havip.ha_vip_id.clone())), (Attr::INSTANCE_ID, Arg::Str(member.clone())), (Attr::INSTANCE_TYPE, Arg::Str(member_type.to_owned()))];
            out.found.push(Association::new(Kind::Havip, format!("{}:{member}", havip.ha_vip_id), vec![label.clone(), member.clone()], args));
        }
    }
    out
}
