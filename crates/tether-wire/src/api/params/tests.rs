//! Round trips and refusals of the parameter encoding.

use super::*;

fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    owned_params(pairs)
}

#[test]
fn repeated_round_trip_in_order() {
    let mut w = ParamWriter::new();
    w.put_repeated("InstanceId", &["i-1", "i-2", "i-3"]);
    let params = w.finish();
    assert_eq!(params[0], ("InstanceId.1".into(), "i-1".into()));
    assert_eq!(params[2], ("InstanceId.3".into(), "i-3".into()));
    // Reading is independent of the order on the wire.
    let mut shuffled = params.clone();
    shuffled.reverse();
    let got = ParamReader::new(&shuffled)
        .repeated("InstanceId", 20)
        .unwrap();
    assert_eq!(got, vec!["i-1", "i-2", "i-3"]);
}

#[test]
fn repeated_rejects_index_zero_gap_and_overflow() {
    let zero = p(&[("InstanceId.0", "i-1")]);
    assert!(matches!(
        ParamReader::new(&zero).repeated("InstanceId", 20),
        Err(ParamError::Malformed { ref name, .. }) if name == "InstanceId.0"
    ));
    let gap = p(&[("InstanceId.1", "a"), ("InstanceId.3", "c")]);
    assert_eq!(
        ParamReader::new(&gap).repeated("InstanceId", 20),
        Err(ParamError::Missing {
            name: "InstanceId.2".into()
        })
    );
    let many: Vec<(String, String)> = (1..=21)
        .map(|i| (format!("InstanceId.{i}"), format!("i-{i}")))
        .collect();
    assert_eq!(
        ParamReader::new(&many).repeated("InstanceId", 20),
        Err(ParamError::TooMany {
            name: "InstanceId.N".into(),
            max: 20,
            got: 21
        })
    );
    let letters = p(&[("InstanceId.x", "a")]);
    assert!(matches!(
        ParamReader::new(&letters).repeated("InstanceId", 20),
        Err(ParamError::Malformed { .. })
    ));
}

#[test]
fn scalar_errors_are_typed() {
    let params = p(&[
        ("PageSize", "ten"),
        ("DryRun", "yes"),
        ("Dup", "a"),
        ("Dup", "b"),
    ]);
    let r = ParamReader::new(&params);
    assert!(matches!(
        r.optional_ranged("PageSize", 1, 100),
        Err(ParamError::Malformed { ref name, .. }) if name == "PageSize"
    ));
    assert!(matches!(
        r.optional_bool("DryRun"),
        Err(ParamError::Malformed { .. })
    ));
    assert!(matches!(
        r.optional("Dup"),
        Err(ParamError::Malformed { .. })
    ));
    assert_eq!(
        r.required("RegionId"),
        Err(ParamError::Missing {
            name: "RegionId".into()
        })
    );
    let big = p(&[("PageSize", "101")]);
    assert_eq!(
        ParamReader::new(&big).optional_ranged("PageSize", 1, 100),
        Err(ParamError::OutOfRange {
            name: "PageSize".into(),
            value: 101,
            min: 1,
            max: 100
        })
    );
}

#[test]
fn empty_values_count_as_absent() {
    let params = p(&[("ClientToken", ""), ("RegionId", "")]);
    let r = ParamReader::new(&params);
    assert_eq!(r.optional("ClientToken").unwrap(), None);
    assert!(matches!(
        r.required("RegionId"),
        Err(ParamError::Missing { .. })
    ));
}

#[test]
fn booleans_case_insensitive() {
    let params = p(&[("Force", "True")]);
    assert_eq!(
        ParamReader::new(&params).optional_bool("Force").unwrap(),
        Some(true)
    );
}

#[test]
fn key_values_round_trip() {
    let filters = vec![
        KeyValues {
            key: "env".into(),
            values: vec!["prod".into(), "dev".into()],
        },
        KeyValues {
            key: "team".into(),
            values: vec![],
        },
    ];
    let mut w = ParamWriter::new();
    w.put_key_values_list("TagFilters", "Values", &filters);
    let params = w.finish();
    assert!(params.contains(&("TagFilters.1.Values.2".into(), "dev".into())));
    let back = ParamReader::new(&params)
        .key_values_list("TagFilters", "Values", 10, 10)
        .unwrap();
    assert_eq!(back, filters);
}

#[test]
fn key_values_missing_key() {
    let params = p(&[("TagFilters.1.Values.1", "v")]);
    assert_eq!(
        ParamReader::new(&params).key_values_list("TagFilters", "Values", 10, 10),
        Err(ParamError::Missing {
            name: "TagFilters.1.Key".into()
        })
    );
}

#[test]
fn json_list_keeps_empty_apart_from_absent() {
    let written = ParamWriter::new()
        .put_json_list("InstanceIds", Some(&["i-1".to_string(), "i-2".to_string()]))
        .put_json_list("Empty", Some(&[]))
        .put_json_list("Absent", None)
        .finish();
    assert_eq!(
        written,
        p(&[("InstanceIds", r#"["i-1","i-2"]"#), ("Empty", "[]")])
    );
    let r = ParamReader::new(&written);
    assert_eq!(
        r.json_list("InstanceIds", 100).unwrap(),
        Some(vec!["i-1".to_string(), "i-2".to_string()])
    );
    assert_eq!(r.json_list("Empty", 100).unwrap(), Some(vec![]));
    assert_eq!(r.json_list("Absent", 100).unwrap(), None);
    let bad = p(&[("InstanceIds", "i-1,i-2")]);
    assert!(matches!(
        ParamReader::new(&bad).json_list("InstanceIds", 100),
        Err(ParamError::Malformed { .. })
    ));
    let many = p(&[("InstanceIds", r#"["a","b","c"]"#)]);
    assert_eq!(
        ParamReader::new(&many).json_list("InstanceIds", 2),
        Err(ParamError::TooMany {
            name: "InstanceIds".into(),
            max: 2,
            got: 3
        })
    );
}

#[test]
fn comma_list_limit() {
    let ids: Vec<String> = (0..51).map(|i| format!("eip-{i}")).collect();
    let params = vec![("AllocationId".to_string(), ids.join(","))];
    assert_eq!(
        ParamReader::new(&params).comma_list("AllocationId", 50),
        Err(ParamError::TooMany {
            name: "AllocationId".into(),
            max: 50,
            got: 51
        })
    );
}

#[test]
fn error_codes_per_cloud() {
    let missing = ParamError::Missing { name: "X".into() };
    assert_eq!(missing.error_code(Cloud::Alibaba), "MissingParameter");
    let unknown = ParamError::Unknown { name: "X".into() };
    assert_eq!(unknown.error_code(Cloud::Tencent), "UnknownParameter");
    let range = ParamError::OutOfRange {
        name: "Limit".into(),
        value: 101,
        min: 1,
        max: 100,
    };
    assert_eq!(range.error_code(Cloud::Tencent), "InvalidParameterValue");
    assert_eq!(range.error_code(Cloud::Volcengine), "InvalidParameter");
    assert_eq!(range.http_status(Cloud::Tencent), 200);
}
