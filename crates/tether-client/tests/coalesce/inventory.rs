//! Inventories with real paging that the endpoint answers from: Alibaba EIPs and ESS
//! scaling groups/instances, Tencent addresses, Volcengine HaVips; with the checks every
//! request must pass (ID limits, page sizes).

use super::*;

/// An answer the test fails on: the reader gets a `TestViolation` error naming `what`.
pub(crate) fn violation(cloud: Cloud, action: &str, what: &str) -> (u16, String) {
    let message = format!("test violation: {what}");
    match cloud {
        Cloud::Alibaba => alibaba_error(400, "TestViolation", &message),
        Cloud::Tencent => tencent_error("TestViolation", &message),
        Cloud::Volcengine => volcengine_error(400, action, "TestViolation", None, &message),
    }
}

/// IDs must be given, unique and at most `max`.
pub(crate) fn check_ids(ids: &[String], max: usize) -> Result<(), String> {
    let unique: HashSet<&String> = ids.iter().collect();
    if ids.is_empty() {
        Err("no IDs asked".into())
    } else if ids.len() > max {
        Err(format!("{} IDs asked, at most {max} allowed", ids.len()))
    } else if unique.len() != ids.len() {
        Err("an ID was asked twice in one call".into())
    } else {
        Ok(())
    }
}

pub(crate) fn slice<T: Clone>(all: &[T], start: u64, size: u64) -> Vec<T> {
    all.iter()
        .skip(usize::try_from(start).unwrap())
        .take(usize::try_from(size).unwrap())
        .cloned()
        .collect()
}

pub(crate) fn name_of(id: &str) -> String {
    format!("name-of-{id}")
}

/// Alibaba DescribeEipAddresses: EIPs for which `exists` holds, pages of at most `cap`.
pub(crate) fn eip_inventory(
    cap: u32,
    exists: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(Cloud::Alibaba, &r.action, what);
        if r.action != "DescribeEipAddresses" {
            return bad("unexpected action");
        }
        let req = match DescribeEipAddressesRequest::from_params(&r.params) {
            Ok(req) => req,
            Err(e) => return bad(&e.to_string()),
        };
        if let Err(e) = check_ids(&req.allocation_ids, 50) {
            return bad(&e);
        }
        if req.page_size != Some(100) || req.region_id != "cn-hangzhou" {
            return bad("PageSize 100 and RegionId cn-hangzhou expected");
        }
        let size = cap.min(100);
        let page = req.page_number.unwrap_or(1);
        let all: Vec<EipAddress> = req
            .allocation_ids
            .iter()
            .filter(|id| exists(id))
            .map(|id| EipAddress {
                allocation_id: id.clone(),
                ip_address: "47.96.0.1".into(),
                status: "InUse".into(),
                name: name_of(id),
                ..Default::default()
            })
            .collect();
        let resp = DescribeEipAddressesResponse {
            request_id: REQUEST_ID.into(),
            total_count: all.len() as u64,
            page_number: page.into(),
            page_size: size.into(),
            eip_addresses: slice(&all, u64::from((page - 1) * size), size.into()).into(),
        };
        (
            200,
            DescribeEipAddressesRequest::encode_response(&resp, "cn-hangzhou").to_string(),
        )
    }
}

/// Tencent DescribeAddresses: Offset/Limit, pages of at most `cap`.
pub(crate) fn address_inventory(
    cap: u64,
    exists: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(Cloud::Tencent, &r.action, what);
        if r.action != "DescribeAddresses" {
            return bad("unexpected action");
        }
        let req = match DescribeAddressesRequest::from_json(&r.body) {
            Ok(req) => req,
            Err(e) => return bad(&e.to_string()),
        };
        if let Err(e) = check_ids(&req.address_ids, 100) {
            return bad(&e);
        }
        if req.limit != Some(100) {
            return bad("Limit 100 expected");
        }
        let all: Vec<Address> = req
            .address_ids
            .iter()
            .filter(|id| exists(id))
            .map(|id| Address {
                address_id: id.clone(),
                address_name: Some(name_of(id)),
                address_status: "BIND".into(),
                address_ip: "119.28.0.1".into(),
                ..Default::default()
            })
            .collect();
        let resp = DescribeAddressesResponse {
            total_count: all.len() as u64,
            address_set: slice(&all, req.offset.unwrap_or(0), cap.min(100)),
            request_id: REQUEST_ID.into(),
        };
        (
            200,
            DescribeAddressesRequest::encode_response(&resp, "ap-guangzhou").to_string(),
        )
    }
}

/// Volcengine DescribeHaVips: PageNumber/PageSize pages of at most `cap`, or (`token`)
/// answers without TotalCount that continue with NextToken.
pub(crate) fn havip_inventory(
    cap: u32,
    token: bool,
    exists: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(Cloud::Volcengine, &r.action, what);
        if r.action != "DescribeHaVips" {
            return bad("unexpected action");
        }
        let req = match DescribeHaVipsRequest::from_params(&r.params) {
            Ok(req) => req,
            Err(e) => return bad(&e.to_string()),
        };
        if let Err(e) = check_ids(&req.ha_vip_ids, 100) {
            return bad(&e);
        }
        let all: Vec<HaVip> = req
            .ha_vip_ids
            .iter()
            .filter(|id| exists(id))
            .map(|id| HaVip {
                ha_vip_id: id.clone(),
                ha_vip_name: name_of(id),
                status: "Available".into(),
                ..Default::default()
            })
            .collect();
        let resp = if token {
            let start: u64 = match req.next_token.as_deref().map(str::parse).transpose() {
                Ok(start) => start.unwrap_or(0),
                Err(_) => return bad("NextToken is not ours"),
            };
            let items = slice(&all, start, cap.into());
            let next = start + items.len() as u64;
            DescribeHaVipsResponse {
                request_id: REQUEST_ID.into(),
                ha_vips: items,
                next_token: if next < all.len() as u64 {
                    next.to_string()
                } else {
                    String::new()
                },
                ..Default::default()
            }
        } else {
            if req.page_size != Some(100) {
                return bad("PageSize 100 expected");
            }
            let size = cap.min(100);
            let page = req.page_number.unwrap_or(1);
            DescribeHaVipsResponse {
                request_id: REQUEST_ID.into(),
                ha_vips: slice(&all, u64::from((page - 1) * size), size.into()),
                total_count: all.len() as u64,
                page_number: page.into(),
                page_size: size.into(),
                next_token: String::new(),
            }
        };
        (
            200,
            DescribeHaVipsRequest::encode_response(&resp, "cn-beijing").to_string(),
        )
    }
}

/// Alibaba ESS: scaling groups (`groups`: group → its instances), pages of at most `cap`.
pub(crate) fn ess_inventory(
    cap: u32,
    groups: HashMap<String, Vec<String>>,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(Cloud::Alibaba, &r.action, what);
        match r.action.as_str() {
            "DescribeScalingGroups" => {
                let req = match DescribeScalingGroupsRequest::from_params(&r.params) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if let Err(e) = check_ids(&req.scaling_group_ids, 20) {
                    return bad(&e);
                }
                if req.page_size != Some(50) {
                    return bad("PageSize 50 expected");
                }
                let all: Vec<ScalingGroup> = req
                    .scaling_group_ids
                    .iter()
                    .filter(|id| groups.contains_key(*id))
                    .map(|id| ScalingGroup {
                        scaling_group_id: id.clone(),
                        scaling_group_name: name_of(id),
                        lifecycle_state: "Active".into(),
                        ..Default::default()
                    })
                    .collect();
                let size = cap.min(50);
                let page = req.page_number.unwrap_or(1);
                let resp = DescribeScalingGroupsResponse {
                    request_id: REQUEST_ID.into(),
                    total_count: all.len() as u64,
                    page_number: page.into(),
                    page_size: size.into(),
                    scaling_groups: slice(&all, u64::from((page - 1) * size), size.into()).into(),
                };
                (
                    200,
                    DescribeScalingGroupsRequest::encode_response(&resp, "cn-hangzhou").to_string(),
                )
            }
            "DescribeScalingInstances" => {
                let req = match DescribeScalingInstancesRequest::from_params(&r.params) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if let Err(e) = check_ids(&req.instance_ids, 20) {
                    return bad(&e);
                }
                if req.page_size != Some(50) {
                    return bad("PageSize 50 expected");
                }
                let Some(group) = req.scaling_group_id.as_deref() else {
                    return bad("no ScalingGroupId");
                };
                let Some(members) = groups.get(group) else {
                    return alibaba_error(
                        404,
                        "InvalidScalingGroupId.NotFound",
                        "The specified scaling group does not exist.",
                    );
                };
                let all: Vec<ScalingInstance> = req
                    .instance_ids
                    .iter()
                    .filter(|id| members.contains(id))
                    .map(|id| ScalingInstance {
                        instance_id: id.clone(),
                        scaling_group_id: group.to_string(),
                        lifecycle_state: "InService".into(),
                        ..Default::default()
                    })
                    .collect();
                let size = cap.min(50);
                let page = req.page_number.unwrap_or(1);
                let resp = DescribeScalingInstancesResponse {
                    request_id: REQUEST_ID.into(),
                    total_count: all.len() as u64,
                    page_number: page.into(),
                    page_size: size.into(),
                    scaling_instances: slice(&all, u64::from((page - 1) * size), size.into())
                        .into(),
                    ..Default::default()
                };
                (
                    200,
                    DescribeScalingInstancesRequest::encode_response(&resp, "cn-hangzhou")
                        .to_string(),
                )
            }
            _ => bad("unexpected action"),
        }
    }
}
