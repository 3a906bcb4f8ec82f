//! Part 3, endpoints: tether's default host of every service in every region against the
//! SDKs' own resolvers (`endpoints_resolve_as_the_official_sdks_resolve_them`).

use super::*;

// ------------------------------------------------------------------------------------------
// Endpoints: tether's table against the SDKs' own resolvers, for every region they list

/// Where the classic Alibaba SDK's local endpoint data disagrees with the current tea data,
/// which tether follows: `(service, region, what the classic resolvers answer)`; `None` means
/// only the classic location service (a network call) would know.
pub(crate) const CLASSIC_DIFFERS: &[(&str, &str, Option<&str>)] = &[
    ("vpc", "na-south-1", None),
    ("ess", "na-south-1", None),
    ("ecs", "na-south-1", None),
    ("slb", "na-south-1", None),
    (
        "ess",
        "cn-beijing-finance-1",
        Some("ess.cn-beijing-finance-1.aliyuncs.com"),
    ),
    ("ess", "cn-nanjing", Some("ess.cn-nanjing.aliyuncs.com")),
];

#[test]
fn endpoints_resolve_as_the_official_sdks_resolve_them() {
    use tether_client::config::{default_host, known_regions};
    let Some(python) = sdk_python() else { return };
    let input = json!({"endpoints": {
        "alibaba": known_regions(Cloud::Alibaba),
        "tencent": known_regions(Cloud::Tencent),
        "volcengine": known_regions(Cloud::Volcengine),
    }});
    let document = run_python(&python, &input);
    let answers = document["endpoints"].as_array().expect("endpoints array");
    let mut failures = Vec::new();
    let mut compared: BTreeMap<String, usize> = BTreeMap::new();
    let mut classic_seen = BTreeSet::new();
    for answer in answers {
        let text = |k: &str| answer[k].as_str().unwrap_or_default().to_owned();
        let (sdk, service, region) = (text("sdk"), text("service"), text("region"));
        let cloud = Cloud::from_name(&text("cloud")).expect("a cloud name");
        let sdk_host = answer["host"].as_str();
        let ours = default_host(cloud, &service, &region);
        let expected: Option<String> = match (cloud, sdk.as_str()) {
            (Cloud::Alibaba, "classic") => {
                match CLASSIC_DIFFERS
                    .iter()
                    .find(|(s, r, _)| *s == service && *r == region)
                {
                    Some((_, _, classic)) => {
                        classic_seen.insert((service.clone(), region.clone()));
                        if sdk_host != *classic {
                            failures.push(format!(
                                "classic {service} {region}: documented {classic:?}, the SDK resolves {sdk_host:?}"
                            ));
                        }
                        None
                    }
                    None => Some(ours.clone()),
                }
            }
            // The SDK reaches every Tencent region through the nearest-region host; the API
            // documents require the financial zones' own host, which tether uses.
            (Cloud::Tencent, _) if region.ends_with("-fsi") => {
                if sdk_host != Some(format!("{service}.tencentcloudapi.com").as_str())
                    || ours != format!("{service}.{region}.tencentcloudapi.com")
                {
                    failures.push(format!(
                        "tencent {service} {region}: tether {ours}, SDK {sdk_host:?}"
                    ));
                }
                None
            }
            _ => Some(ours.clone()),
        };
        if let Some(expected) = expected {
            if sdk_host != Some(expected.as_str()) {
                failures.push(format!(
                    "{cloud} {sdk} {service} {region}: tether {ours}, the SDK resolves {sdk_host:?}"
                ));
            }
        }
        *compared.entry(format!("{cloud} via {sdk}")).or_default() += 1;
    }
    for (service, region, _) in CLASSIC_DIFFERS {
        if !classic_seen.contains(&(service.to_string(), region.to_string())) {
            failures.push(format!(
                "documented classic difference {service} {region} was not checked"
            ));
        }
    }
    let expected_total = 2 * 4 * known_regions(Cloud::Alibaba).len()
        + 2 * known_regions(Cloud::Tencent).len()
        + 2 * known_regions(Cloud::Volcengine).len();
    assert_eq!(
        answers.len(),
        expected_total,
        "one answer per service and region"
    );
    report(&format!(
        "endpoints: {} (service, region) resolutions compared with the SDKs' resolvers ({}); {} documented classic-vs-tea differences",
        answers.len(),
        compared
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        CLASSIC_DIFFERS.len()
    ));
    assert!(
        failures.is_empty(),
        "{} endpoint mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
