//! Region-scan fixtures: a mutable region inventory the endpoint lists with or without an
//! ID filter, and read helpers (`read_name`, `waves_of_ten`, ...) for the scan tests.

use super::*;

/// A region's items (ID, name) in listing order, shared with the test so it can change
/// them behind the client's back.
pub(crate) type Region = Arc<Mutex<Vec<(String, String)>>>;

pub(crate) fn region_of(prefix: &str, n: usize) -> Region {
    Arc::new(Mutex::new(
        (0..n)
            .map(|i| {
                let id = format!("{prefix}-{i:04}");
                let name = name_of(&id);
                (id, name)
            })
            .collect(),
    ))
}

/// Whether a region item is bound: the test names free items `free-…`.
pub(crate) fn bound(id: &str) -> bool {
    !id.starts_with("free-")
}

/// The region's items asked for, with whether each is bound: the asked IDs present, or,
/// without IDs, those whose binding `wanted` accepts (`None`: every item).
pub(crate) fn listed(
    region: &Region,
    ids: &[String],
    wanted: Option<bool>,
) -> Vec<(String, String, bool)> {
    let all = region.lock().unwrap();
    if ids.is_empty() {
        return all
            .iter()
            .filter(|(id, _)| wanted.is_none_or(|w| w == bound(id)))
            .map(|(id, name)| (id.clone(), name.clone(), bound(id)))
            .collect();
    }
    let by_id: HashMap<&String, &String> = all.iter().map(|(id, name)| (id, name)).collect();
    ids.iter()
        .filter_map(|id| {
            by_id
                .get(id)
                .map(|name| (id.clone(), (*name).clone(), bound(id)))
        })
        .collect()
}

/// The binding a status filter asks for: `Some(true)` for the bound statuses only,
/// `Some(false)` for the free ones only, `None` without a filter.
pub(crate) fn wanted(statuses: &[&str], bound_statuses: &[&str]) -> Option<bool> {
    if statuses.is_empty() {
        None
    } else if statuses.iter().all(|s| bound_statuses.contains(s)) {
        Some(true)
    } else {
        Some(false)
    }
}

/// DescribeEipAddresses / DescribeAddresses / DescribeHaVips over `region`, with or
/// without an ID filter, in full pages of 100.
pub(crate) fn region_inventory(
    cloud: Cloud,
    region: Region,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(cloud, &r.action, what);
        match (cloud, r.action.as_str()) {
            (Cloud::Alibaba, "DescribeEipAddresses") => {
                let req = match DescribeEipAddressesRequest::from_params(&r.params) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if req.allocation_ids.len() > 50 || req.page_size != Some(100) {
                    return bad("at most 50 IDs and PageSize 100 expected");
                }
                let statuses: Vec<&str> = req.status.as_deref().into_iter().collect();
                let all: Vec<EipAddress> =
                    listed(&region, &req.allocation_ids, wanted(&statuses, &["InUse"]))
                        .into_iter()
                        .map(|(id, name, bound)| EipAddress {
                            allocation_id: id,
                            ip_address: "47.96.0.1".into(),
                            status: if bound { "InUse" } else { "Available" }.into(),
                            name,
                            ..Default::default()
                        })
                        .collect();
                let page = req.page_number.unwrap_or(1);
                let resp = DescribeEipAddressesResponse {
                    request_id: REQUEST_ID.into(),
                    total_count: all.len() as u64,
                    page_number: page.into(),
                    page_size: 100,
                    eip_addresses: slice(&all, u64::from(page - 1) * 100, 100).into(),
                };
                (
                    200,
                    DescribeEipAddressesRequest::encode_response(&resp, "cn-hangzhou").to_string(),
                )
            }
            (Cloud::Tencent, "DescribeAddresses") => {
                let req = match DescribeAddressesRequest::from_json(&r.body) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if req.address_ids.len() > 100 || req.limit != Some(100) {
                    return bad("at most 100 IDs and Limit 100 expected");
                }
                let statuses: Vec<&str> = req
                    .filters
                    .iter()
                    .filter(|f| f.name == "address-status")
                    .flat_map(|f| f.values.iter().map(String::as_str))
                    .collect();
                let all: Vec<Address> = listed(
                    &region,
                    &req.address_ids,
                    wanted(&statuses, &["BIND", "BIND_ENI"]),
                )
                .into_iter()
                .map(|(id, name, bound)| Address {
                    address_id: id,
                    address_name: Some(name),
                    address_status: if bound { "BIND" } else { "UNBIND" }.into(),
                    address_ip: "119.28.0.1".into(),
                    ..Default::default()
                })
                .collect();
                let resp = DescribeAddressesResponse {
                    total_count: all.len() as u64,
                    address_set: slice(&all, req.offset.unwrap_or(0), 100),
                    request_id: REQUEST_ID.into(),
                };
                (
                    200,
                    DescribeAddressesRequest::encode_response(&resp, "ap-guangzhou").to_string(),
                )
            }
            (Cloud::Volcengine, "DescribeHaVips") => {
                let req = match DescribeHaVipsRequest::from_params(&r.params) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if req.ha_vip_ids.len() > 100 || req.page_size != Some(100) {
                    return bad("at most 100 IDs and PageSize 100 expected");
                }
                let statuses: Vec<&str> = req.status.as_deref().into_iter().collect();
                let all: Vec<HaVip> =
                    listed(&region, &req.ha_vip_ids, wanted(&statuses, &["InUse"]))
                        .into_iter()
                        .map(|(id, name, bound)| HaVip {
                            ha_vip_id: id,
                            ha_vip_name: name,
                            status: if bound { "InUse" } else { "Available" }.into(),
                            ..Default::default()
                        })
                        .collect();
                let page = req.page_number.unwrap_or(1);
                let resp = DescribeHaVipsResponse {
                    request_id: REQUEST_ID.into(),
                    ha_vips: slice(&all, u64::from(page - 1) * 100, 100),
                    total_count: all.len() as u64,
                    page_number: page.into(),
                    page_size: 100,
                    next_token: String::new(),
                };
                (
                    200,
                    DescribeHaVipsRequest::encode_response(&resp, "cn-beijing").to_string(),
                )
            }
            _ => bad("unexpected action"),
        }
    }
}

/// One read of `id` of the kind of `cloud`: `Some(name)` when found.
pub(crate) async fn read_name(client: &Client, id: &str) -> Result<Option<String>, ClientError> {
    let ctx = CallContext::new();
    Ok(match client.cloud() {
        Cloud::Alibaba => client.describe_eip(id, &ctx).await?.map(|e| e.name),
        Cloud::Tencent => client
            .describe_address(id, &ctx)
            .await?
            .and_then(|a| a.address_name),
        Cloud::Volcengine => client
            .describe_havip(id, &ctx)
            .await?
            .map(|h| h.ha_vip_name),
    })
}

pub(crate) fn stats_of(client: &Client) -> tether_client::BatchStats {
    let stats = client.coalesce_stats();
    match client.cloud() {
        Cloud::Alibaba => stats.eip,
        Cloud::Tencent => stats.address,
        Cloud::Volcengine => stats.havip,
    }
}

/// Reads `ids` like Terraform with parallelism 10: waves of 10 concurrent reads, each
/// wave after the previous one ended. Returns each ID with its name.
pub(crate) async fn waves_of_ten(client: &Client, ids: &[String]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::with_capacity(ids.len());
    for wave in ids.chunks(10) {
        let wave = Arc::new(wave.to_vec());
        let results = together(wave.len(), |i| {
            let client = client.clone();
            let wave = wave.clone();
            async move {
                let id = wave[i].clone();
                let got = read_name(&client, &id).await.unwrap();
                (id, got)
            }
        })
        .await;
        out.extend(results);
    }
    out
}

pub(crate) fn ids_of(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}-{i:04}")).collect()
}
