//! Tencent DescribeNetworkInterfaces: the region's ENIs as Tencent shows them, with its
//! filters (`vpc-id`, `subnet-id`, `network-interface-id`, ..., `tag:<key>`) and paging.

use super::*;
use tether_wire::api::tencent_vpc::{eni_state, private_ip_state};

/// DescribeNetworkInterfaces filter names (`tag:<key>` too).
const ENI_FILTER_NAMES: &[&str] = &[
    "vpc-id",
    "subnet-id",
    "network-interface-id",
    "attachment.instance-id",
    "groups.security-group-id",
    "network-interface-name",
    "network-interface-description",
    "address-ip",
    "ip-exact-match",
    "tag-key",
    "is-primary",
    "eni-type",
    "eni-qos",
    "address-ipv6",
    "public-address-ip",
    "address-type",
    "termination-protection",
    "traffic-protection",
];

/// ENI `State`: attached and detached ENIs are both `AVAILABLE`.
fn eni_state(status: &str) -> &'static str {
    match status {
        status::eni::CREATING => eni_state::PENDING,
        status::eni::ATTACHING => eni_state::ATTACHING,
        status::eni::DETACHING => eni_state::DETACHING,
        status::eni::DELETING => eni_state::DELETING,
        _ => eni_state::AVAILABLE,
    }
}

fn eni_view(inv: &CloudInventory, region: &str, e: &NetworkInterface) -> WireEni {
    let eip_of = |ip: &str| {
        inv.eip_bound_to(|b| {
            b.network_interface_id.as_deref() == Some(e.id.as_str())
                && b.private_ip_address.as_deref() == Some(ip)
        })
    };
    let attachment = e.instance_id.as_ref().map(|i| NetworkInterfaceAttachment {
        instance_id: i.clone(),
        device_index: u64::from(!e.primary),
        instance_account_id: String::new(),
        attach_time: CREATED_SECONDS.into(),
    });
    WireEni {
        network_interface_id: e.id.clone(),
        subnet_id: e.subnet_id.clone(),
        vpc_id: e.vpc_id.clone(),
        primary: e.primary,
        mac_address: mac_of(&e.id),
        state: eni_state(&e.status).into(),
        private_ip_address_set: e
            .private_ips
            .iter()
            .enumerate()
            .map(|(i, ip)| {
                let eip = eip_of(ip);
                PrivateIpAddressSpecification {
                    private_ip_address: ip.clone(),
                    primary: i == 0,
                    public_ip_address: eip.map(|x| x.ip.clone()),
                    address_id: eip.map(|x| x.id.clone()),
                    description: None,
                    is_wan_ip_blocked: false,
                    state: private_ip_state::AVAILABLE.into(),
                }
            })
            .collect(),
        attachment,
        zone: inv.zone_of_eni(region, e),
        created_time: CREATED_SECONDS.into(),
        eni_type: u64::from(e.primary),
        business: "cvm".into(),
        ..Default::default()
    }
}

fn eni_filter_matches(name: &str, values: &[String], v: &WireEni) -> bool {
    let has = |x: &str| values.iter().any(|want| want == x);
    let flag = |b: bool| {
        values
            .iter()
            .any(|x| x.eq_ignore_ascii_case(&b.to_string()))
    };
    match name {
        "vpc-id" => has(&v.vpc_id),
        "subnet-id" => has(&v.subnet_id),
        "network-interface-id" => has(&v.network_interface_id),
        "attachment.instance-id" => v.attachment.as_ref().is_some_and(|a| has(&a.instance_id)),
        "network-interface-name" => has(&v.network_interface_name),
        "network-interface-description" => has(&v.network_interface_description),
        "address-ip" => v
            .private_ip_address_set
            .iter()
            .any(|p| has(&p.private_ip_address)),
        "public-address-ip" => v
            .private_ip_address_set
            .iter()
            .any(|p| p.public_ip_address.as_deref().is_some_and(has)),
        "is-primary" => flag(v.primary),
        "eni-type" => has(&v.eni_type.to_string()),
        "ip-exact-match" => true,
        // Security groups, tags, QoS, IPv6 and protection flags are not in the inventory.
        _ => false,
    }
}

/// DescribeNetworkInterfaces.
pub fn describe_network_interfaces(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeNetworkInterfacesRequest = call.decode()?;
    if !req.network_interface_ids.is_empty() && !req.filters.is_empty() {
        return Err(tc(
            "InvalidParameter.Coexist",
            "NetworkInterfaceIds and Filters cannot be specified together.",
        ));
    }
    check_filter_names(
        &req.filters,
        ENI_FILTER_NAMES,
        "InvalidParameter.FilterInvalidKey",
    )?;
    let inv = &world.inventory.tencent;
    let enis = inv
        .region_items(&call.region, |r| &r.network_interfaces)
        .iter()
        .map(|e| eni_view(inv, &call.region, e))
        .collect::<Vec<_>>();
    Ok(listing_answer(
        call,
        &req,
        enis,
        |v| &v.network_interface_id,
        eni_filter_matches,
    ))
}
