//! Alibaba ESS through tether's client.

use super::*;

// ------------------------------------------------------------------------------------------
// Alibaba ESS

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alibaba_ess_through_the_client() {
    let emu = Emu::slow().await;
    let c = client(&emu, Cloud::Alibaba, HZ);
    // Attach 12 instances: more than the default page of DescribeScalingInstances.
    let members: Vec<String> = (50..62).map(|k| format!("i-hzapp{k:03}")).collect();
    let attached = c
        .call(
            &AttachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hzbig".into(),
                instance_ids: members.clone(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("AttachInstances");
    let activity = attached.scaling_activity_id.clone();
    assert!(!activity.is_empty());
    // Another activity while this one runs.
    expect_cloud(
        c.call(
            &DetachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hzbig".into(),
                instance_ids: vec![members[0].clone()],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::SCALING_ACTIVITY_IN_PROGRESS,
    );
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (outcome, polled) = tokio::join!(
        c.wait_scaling_activity(&activity, POLL, &wait),
        settle_after_polls(&emu, "DescribeScalingActivities", since, 2),
    );
    match outcome.expect("activity ends") {
        ActivityOutcome::Successful(a) => assert_eq!(a.scaling_group_id, "asg-hzbig"),
        other => panic!("expected Successful, got {other:?}"),
    }
    assert!(polled.len() >= 2);

    // collect_all over default pages of 10.
    let since = last_seq(&emu).await;
    let instances = c
        .collect_all(
            DescribeScalingInstancesRequest {
                region_id: HZ.into(),
                scaling_group_id: Some("asg-hzbig".into()),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(instances.len(), 12);
    assert!(instances
        .iter()
        .all(|i| i.creation_type == "Attached" && i.lifecycle_state == "InService"));
    assert_eq!(
        instances
            .iter()
            .map(|i| i.instance_id.clone())
            .collect::<BTreeSet<_>>(),
        members.iter().cloned().collect::<BTreeSet<_>>()
    );
    assert_eq!(calls_of(&emu, "DescribeScalingInstances", since).await, 2);
    let groups = c
        .collect_all(
            DescribeScalingGroupsRequest {
                region_id: HZ.into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert!(groups.len() > 10, "{} groups", groups.len());
    assert_eq!(
        unique(groups.iter().map(|g| g.scaling_group_id.as_str())),
        groups.len()
    );
    let big = groups
        .iter()
        .find(|g| g.scaling_group_id == "asg-hzbig")
        .unwrap();
    assert_eq!(big.total_capacity, 12);

    // Detach two, wait, and page the activities (2 per page).
    let detached = c
        .call(
            &DetachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hzbig".into(),
                instance_ids: members[..2].to_vec(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("DetachInstances");
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (outcome, _) = tokio::join!(
        c.wait_scaling_activity(&detached.scaling_activity_id, POLL, &wait),
        settle_after_polls(&emu, "DescribeScalingActivities", since, 2),
    );
    assert!(matches!(
        outcome.expect("detach ends"),
        ActivityOutcome::Successful(_)
    ));
    let activities = c
        .collect_all(
            DescribeScalingActivitiesRequest {
                region_id: HZ.into(),
                scaling_group_id: Some("asg-hzbig".into()),
                ..Default::default()
            }
            .with_page_size(1),
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(
        activities
            .iter()
            .map(|a| a.scaling_activity_id.as_str())
            .collect::<Vec<_>>(),
        vec![detached.scaling_activity_id.as_str(), activity.as_str()],
        "newest first"
    );

    // Documented errors, one per API.
    expect_cloud(
        c.call(
            &AttachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hzinactive".into(),
                instance_ids: vec!["i-hzapp070".into()],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INCORRECT_SCALING_GROUP_STATUS,
    );
    expect_cloud(
        c.call(
            &AttachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-nope".into(),
                instance_ids: vec!["i-hzapp070".into()],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INVALID_SCALING_GROUP_ID_NOT_FOUND,
    );
    expect_cloud(
        c.call(
            &DetachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hznearlyfull".into(),
                instance_ids: vec!["i-hzasg003".into(), "i-hzasg004".into()],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INCORRECT_CAPACITY_MIN_SIZE,
    );
    expect_cloud(
        c.call(
            &DescribeScalingInstancesRequest {
                region_id: HZ.into(),
                page_size: Some(51),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INVALID_PARAMETER,
    );
    expect_cloud(
        c.call(
            &DescribeScalingActivitiesRequest {
                region_id: HZ.into(),
                page_size: Some(51),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INVALID_PARAMETER,
    );
    expect_cloud(
        c.call(
            &DescribeScalingGroupsRequest {
                region_id: HZ.into(),
                page_size: Some(51),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INVALID_PARAMETER,
    );
    emu.stop().await;
}
