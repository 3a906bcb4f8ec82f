//! EIPs bound to a target `tether_eip_association` expresses: Alibaba (DescribeEipAddresses;
//! ECS instance, load balancer, NAT gateway, network interface, HaVip, IP address) and
//! Tencent (DescribeAddresses; CVM instance, or a private IP of an ENI). Arguments are
//! written as the resource's read sets them.

use tether_client::{CallContext, Client, ClientError};
use tether_wire::api::alibaba_vpc::{eip_status, DescribeEipAddressesRequest, EipAddress};
use tether_wire::api::tencent_vpc::{address_instance_type, Address, DescribeAddressesRequest};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::eip_association as rules;

use super::model::{Arg, Association, Kind, Listing, Skipped};
use super::paging::{collect, Progress};
use crate::resources::eip_association::Association as Attr;

pub async fn list(client: &Client, cloud: Cloud, ctx: &CallContext, progress: &mut Progress) -> Result<Listing, ClientError> {
    match cloud {
        Cloud::Alibaba => {
            let request = DescribeEipAddressesRequest { region_id: client.region().to_owned(), ..Default::default() };
            let eips = collect(client, request, ctx, "EIPs", progress).await?;
            Ok(alibaba(&eips, client.region()))
        }
        Cloud::Tencent => {
            let addresses = collect(client, DescribeAddressesRequest::default(), ctx, "EIPs", progress).await?;
            Ok(tencent(&addresses))
        }
        Cloud::Volcengine => Ok(Listing::default()),
    }
}

fn label(name: &str, id: &str) -> String {
    if name.trim().is_empty() {
        id.to_owned()
    } else {
        name.to_owned()
    }
}

/// The Alibaba EIPs bound now (not free, not in a transition).
pub fn alibaba(eips: &[EipAddress], region: &str) -> Listing {
    let mut out = Listing::default();
    for eip in eips {
        if eip.instance_id.is_empty() || eip.status == eip_status::AVAILABLE {
            continue;
        }
        let skip = |reason: String| Skipped { kind: Kind::Eip, id: format!("{} → {}", eip.allocation_id, eip.instance_id), reason };
        if eip.status != eip_status::IN_USE {
            out.skipped.push(skip(format!("the EIP is {} (a binding in transition); run discover again once it settles", eip.status)));
            continue;
        }
        if !rules::ALIBABA_INSTANCE_TYPES.allows(&eip.instance_type) {
            out.skipped.push(skip(format!("bound to a {:?}; tether_eip_association binds {}", eip.instance_type, rules::ALIBABA_INSTANCE_TYPES.values.join(", "))));
            continue;
        }
        let mut args = vec![
            (Attr::EIP_ID, Arg::Str(eip.allocation_id.clone())),
            (Attr::INSTANCE_ID, Arg::Str(eip.instance_id.clone())),
            (Attr::INSTANCE_TYPE, Arg::Str(eip.instance_type.clone())),
        ];
        let on_eni = eip.instance_type == rules::ALIBABA_MODE_INSTANCE_TYPE;
        if on_eni && !eip.private_ip_address.is_empty() {
            args.push((Attr::PRIVATE_IP_ADDRESS, Arg::Str(eip.private_ip_address.clone())));
        }
        if on_eni && !eip.mode.is_empty() {
            args.push((Attr::MODE, Arg::Str(eip.mode.clone())));
        }
        if !eip.instance_region_id.is_empty() && eip.instance_region_id != region {
            args.push((Attr::INSTANCE_REGION_ID, Arg::Str(eip.instance_region_id.clone())));
        }
        let import_id = format!("{}:{}", eip.allocation_id, eip.instance_id);
        out.found.push(Association::new(Kind::Eip, import_id, vec![label(&eip.name, &eip.allocation_id), eip.instance_id.clone()], args));
    }
    out
}

/// The Tencent EIPs bound now to a CVM instance or to a private IP of an ENI.
pub fn tencent(addresses: &[Address]) -> Listing {
    let mut out = Listing::default();
    for a in addresses {
        if !a.is_bound() {
            continue;
        }
        let instance = a.instance_id.as_deref().unwrap_or_default();
        let eni = a.network_interface_id.as_deref().unwrap_or_default();
        let ip = a.private_address_ip.as_deref().unwrap_or_default();
        let name = label(a.address_name.as_deref().unwrap_or_default(), &a.address_id);
        let kind = a.instance_type.as_deref().unwrap_or_default();
        let target = [instance, eni].into_iter().find(|t| !t.is_empty()).unwrap_or("?");
        let eni_form = (kind == address_instance_type::ENI || instance.is_empty()) && !eni.is_empty() && !ip.is_empty();
        if eni_form {
            let args =
                vec![(Attr::EIP_ID, Arg::Str(a.address_id.clone())), (Attr::NETWORK_INTERFACE_ID, Arg::Str(eni.to_owned())), (Attr::PRIVATE_IP_ADDRESS, Arg::Str(ip.to_owned()))];
            out.found.push(Association::new(Kind::Eip, format!("{}:{eni}:{ip}", a.address_id), vec![name, eni.to_owned(), ip.to_owned()], args));
        } else if !instance.is_empty() && (kind.is_empty() || kind == address_instance_type::CVM) {
            let args = vec![(Attr::EIP_ID, Arg::Str(a.address_id.clone())), (Attr::INSTANCE_ID, Arg::Str(instance.to_owned()))];
            out.found.push(Association::new(Kind::Eip, format!("{}:{instance}", a.address_id), vec![name, instance.to_owned()], args));
        } else {
            out.skipped.push(Skipped {
                kind: Kind::Eip,
                id: format!("{} → {target}", a.address_id),
                reason: format!(
                    "bound to a {:?}; tether_eip_association on Tencent binds CVM instances and ENI private IPs",
                    if kind.is_empty() { "target without an ID" } else { kind }
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ali(id: &str, status: &str, instance: &str, instance_type: &str) -> EipAddress {
        EipAddress {
            allocation_id: id.into(),
            status: status.into(),
            instance_id: instance.into(),
            instance_type: instance_type.into(),
            region_id: "cn-beijing".into(),
            instance_region_id: "cn-beijing".into(),
            ..Default::default()
        }
    }

    #[test]
    fn alibaba_bindings_become_resources_or_are_skipped_with_a_reason() {
        let mut eni = ali("eip-3", "InUse", "eni-1", "NetworkInterface");
        eni.private_ip_address = "10.0.0.9".into();
        eni.mode = "MULTI_BINDED".into();
        eni.name = "web".into();
        let mut remote = ali("eip-5", "InUse", "i-2", "EcsInstance");
        remote.instance_region_id = "cn-shenzhen".into();
        let eips = [
            ali("eip-1", "Available", "", ""),
            ali("eip-2", "InUse", "i-1", "EcsInstance"),
            eni,
            ali("eip-4", "Associating", "i-9", "EcsInstance"),
            remote,
            ali("eip-6", "InUse", "ga-1", "GlobalAccelerator"),
        ];
        let listing = alibaba(&eips, "cn-beijing");
        let ids: Vec<&str> = listing.found.iter().map(|a| a.import_id.as_str()).collect();
        assert_eq!(ids, ["eip-2:i-1", "eip-3:eni-1", "eip-5:i-2"]);
        assert_eq!(listing.found[0].args.len(), 3, "no private IP, mode or same-region instance_region_id for an ECS binding");
        assert!(listing.found[1].args.contains(&("mode", Arg::Str("MULTI_BINDED".into()))));
        assert!(listing.found[1].args.contains(&("private_ip_address", Arg::Str("10.0.0.9".into()))));
        assert_eq!(listing.found[1].name_parts, ["web", "eni-1"]);
        assert!(listing.found[2].args.contains(&("instance_region_id", Arg::Str("cn-shenzhen".into()))));
        let reasons: Vec<&str> = listing.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons.len(), 2);
        assert!(reasons[0].contains("in transition"), "{reasons:?}");
        assert!(reasons[1].contains("\"GlobalAccelerator\""), "{reasons:?}");
    }

    #[test]
    fn tencent_bindings_take_the_instance_or_the_eni_form() {
        let tc = |id: &str, instance: Option<&str>, kind: Option<&str>, eni: Option<&str>, ip: Option<&str>| Address {
            address_id: id.into(),
            address_status: "BIND".into(),
            instance_id: instance.map(Into::into),
            instance_type: kind.map(Into::into),
            network_interface_id: eni.map(Into::into),
            private_address_ip: ip.map(Into::into),
            ..Default::default()
        };
        let mut free = tc("eip-0", None, None, None, None);
        free.address_status = "UNBIND".into();
        let addresses = [
            free,
            tc("eip-1", Some("ins-1"), Some("CVM"), Some("eni-p"), Some("10.0.0.1")),
            tc("eip-2", Some("ins-2"), Some("ENI"), Some("eni-2"), Some("10.0.0.2")),
            tc("eip-3", Some("nat-1"), Some("NAT"), None, None),
        ];
        let listing = tencent(&addresses);
        let ids: Vec<&str> = listing.found.iter().map(|a| a.import_id.as_str()).collect();
        assert_eq!(ids, ["eip-1:ins-1", "eip-2:eni-2:10.0.0.2"]);
        assert_eq!(listing.skipped.len(), 1);
        assert!(listing.skipped[0].reason.contains("\"NAT\""), "{:?}", listing.skipped);
    }
}
