//! Tencent and Volcengine through tether's client.

use super::*;

// ------------------------------------------------------------------------------------------
// Tencent

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tencent_through_the_client() {
    let emu = Emu::slow().await;
    let c = client(&emu, Cloud::Tencent, GZ);
    let bound = c
        .call(
            &AssociateAddressRequest {
                address_id: "eip-free0001".into(),
                instance_id: Some("ins-app00001".into()),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("AssociateAddress");
    let task = bound.task_id.clone();
    let running = c
        .call(
            &DescribeTaskResultRequest::for_task(task.parse().unwrap()),
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(running.result, "RUNNING");
    let address = c.describe_address("eip-free0001", &ctx()).await.unwrap();
    assert_eq!(address.unwrap().address_status, "BINDING");
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (done, polled) = tokio::join!(
        c.wait_tencent_task(&task, POLL, &wait),
        settle_after_polls(&emu, "DescribeTaskResult", since, 2),
    );
    assert_eq!(done.expect("task succeeds").result, "SUCCESS");
    assert!(polled.len() >= 2);
    let address = c
        .describe_address("eip-free0001", &ctx())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(address.address_status, "BIND");
    assert_eq!(address.instance_id.as_deref(), Some("ins-app00001"));

    // collect_all over default pages of 20.
    let since = last_seq(&emu).await;
    let first = c
        .call(&DescribeAddressesRequest::default(), &ctx())
        .await
        .unwrap();
    assert_eq!(first.address_set.len(), 20);
    let total = usize::try_from(first.total_count).unwrap();
    let all = c
        .collect_all(DescribeAddressesRequest::default(), &ctx())
        .await
        .unwrap();
    assert_eq!(all.len(), total);
    assert!(total > 70);
    assert_eq!(unique(all.iter().map(|a| a.address_id.as_str())), total);
    assert_eq!(
        calls_of(&emu, "DescribeAddresses", since).await,
        1 + total.div_ceil(20)
    );

    // Disassociate and wait.
    let unbound = c
        .call(
            &DisassociateAddressRequest {
                address_id: "eip-free0001".into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("DisassociateAddress");
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (done, _) = tokio::join!(
        c.wait_tencent_task(&unbound.task_id, POLL, &wait),
        settle_after_polls(&emu, "DescribeTaskResult", since, 2),
    );
    assert_eq!(done.expect("task succeeds").result, "SUCCESS");

    // Documented errors, one (or more) per API.
    let associate = |eip: &str, inst: &str| AssociateAddressRequest {
        address_id: eip.into(),
        instance_id: Some(inst.into()),
        ..Default::default()
    };
    expect_cloud(
        c.call(&associate("eip-blocked1", "ins-app00002"), &ctx())
            .await,
        tc_err::INVALID_ADDRESS_ID_BLOCKED,
    );
    expect_cloud(
        c.call(&associate("eip-arrears1", "ins-app00002"), &ctx())
            .await,
        tc_err::OPERATION_DENIED_ADDRESS_IN_ARREARS,
    );
    expect_cloud(
        c.call(&associate("eip-free0002", "ins-nope0000"), &ctx())
            .await,
        tc_err::INVALID_INSTANCE_ID_NOT_FOUND,
    );
    expect_cloud(
        c.call(
            &DisassociateAddressRequest {
                address_id: "eip-free0003".into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        tc_err::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT,
    );
    expect_cloud(
        c.call(
            &DescribeAddressesRequest {
                limit: Some(101),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        tc_err::INVALID_PARAMETER_VALUE,
    );
    expect_code(
        c.call(&DescribeTaskResultRequest::for_task(4_242_424), &ctx())
            .await,
        "ResourceNotFound",
        200,
    );
    emu.stop().await;
}

// ------------------------------------------------------------------------------------------
// Volcengine

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volcengine_through_the_client() {
    let emu = Emu::instant().await;
    let c = client(&emu, Cloud::Volcengine, BJ);
    let resp = c
        .call(
            &AssociateHaVipRequest {
                ha_vip_id: "havip-bjdemo001".into(),
                instance_id: "i-bjapp001".into(),
                instance_type: None,
                client_token: Some("through-client-1".into()),
            },
            &ctx(),
        )
        .await
        .expect("AssociateHaVip");
    assert!(!resp.request_id.is_empty());
    let havip = c
        .describe_havip("havip-bjdemo001", &ctx())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(havip.status, "InUse");
    assert_eq!(
        havip.associated_instance_ids,
        vec!["i-bjapp001".to_string()]
    );

    // Page mode (PageNumber/PageSize 4) and token mode (NextToken/MaxResults 4).
    let since = last_seq(&emu).await;
    let paged = c
        .collect_all(DescribeHaVipsRequest::default().with_page_size(4), &ctx())
        .await
        .unwrap();
    assert_eq!(paged.len(), 15);
    assert_eq!(unique(paged.iter().map(|h| h.ha_vip_id.as_str())), 15);
    assert_eq!(calls_of(&emu, "DescribeHaVips", since).await, 4);
    let tokens = c
        .collect_all(
            DescribeHaVipsRequest {
                max_results: Some(4),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(
        tokens.iter().map(|h| &h.ha_vip_id).collect::<Vec<_>>(),
        paged.iter().map(|h| &h.ha_vip_id).collect::<Vec<_>>()
    );
    let default = c
        .collect_all(DescribeHaVipsRequest::default(), &ctx())
        .await
        .unwrap();
    assert_eq!(default.len(), 15);

    c.call(
        &DisassociateHaVipRequest {
            ha_vip_id: "havip-bjdemo001".into(),
            instance_id: "i-bjapp001".into(),
            instance_type: None,
            client_token: None,
        },
        &ctx(),
    )
    .await
    .expect("DisassociateHaVip");
    let havip = c
        .describe_havip("havip-bjdemo001", &ctx())
        .await
        .unwrap()
        .unwrap();
    assert!(havip.associated_instance_ids.is_empty());

    // Documented errors.
    let associate = |havip: &str, inst: &str| AssociateHaVipRequest {
        ha_vip_id: havip.into(),
        instance_id: inst.into(),
        instance_type: None,
        client_token: None,
    };
    expect_cloud(
        c.call(&associate("havip-bjfull", "i-bjapp002"), &ctx())
            .await,
        volc_err::LIMIT_EXCEEDED_INSTANCES_PER_HAVIP,
    );
    expect_cloud(
        c.call(&associate("havip-bjdemo002", "i-bjstopped"), &ctx())
            .await,
        volc_err::INVALID_INSTANCE_INVALID_STATUS,
    );
    expect_cloud(
        c.call(&associate("havip-nope", "i-bjapp002"), &ctx()).await,
        volc_err::INVALID_HAVIP_NOT_FOUND,
    );
    expect_cloud(
        c.call(
            &DisassociateHaVipRequest {
                ha_vip_id: "havip-bjdemo001".into(),
                instance_id: "i-bjapp001".into(),
                instance_type: None,
                client_token: None,
            },
            &ctx(),
        )
        .await,
        volc_err::INVALID_HAVIP_INVALID_STATUS,
    );
    expect_code(
        c.call(
            &DescribeHaVipsRequest {
                page_size: Some(101),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        "InvalidParameter",
        400,
    );
    emu.stop().await;
}
