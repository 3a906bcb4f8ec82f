//! Alibaba ESS: scaling instances batched per group, and scaling groups batched.

use super::*;

#[tokio::test]
async fn scaling_instances_are_batched_per_group() {
    within(async {
        let groups: HashMap<String, Vec<String>> = ["asg-a", "asg-b"]
            .iter()
            .map(|g| {
                let members = (0..30).map(|i| format!("i-{g}-{i}")).collect();
                (g.to_string(), members)
            })
            .collect();
        let server = Server::start(Cloud::Alibaba, ess_inventory(50, groups)).await;
        let client = server.client(0);
        // 30 members of each group, 2 strangers, and 3 reads in a group that does not exist.
        let mut reads: Vec<(String, String, bool)> = Vec::new();
        for g in ["asg-a", "asg-b"] {
            for i in 0..30 {
                reads.push((g.into(), format!("i-{g}-{i}"), true));
            }
            reads.push((g.into(), format!("i-stranger-{g}"), false));
        }
        for i in 0..3 {
            reads.push(("asg-gone".into(), format!("i-asg-gone-{i}"), false));
        }
        let reads = Arc::new(reads);
        let all = reads.clone();
        let results = together(reads.len(), move |i| {
            let client = client.clone();
            let all = all.clone();
            async move {
                let (group, instance, _) = &all[i];
                client
                    .describe_scaling_instance(group, instance, &CallContext::new())
                    .await
            }
        })
        .await;
        for ((group, instance, member), got) in reads.iter().zip(results) {
            let got = got.unwrap();
            if *member {
                let found = got.expect("found");
                assert_eq!(&found.instance_id, instance);
                assert_eq!(&found.scaling_group_id, group);
            } else {
                assert_eq!(got, None, "{group}/{instance}");
            }
        }
        let calls = server.calls_of("DescribeScalingInstances");
        for g in ["asg-a", "asg-b", "asg-gone"] {
            let of_group: Vec<&Req> = calls
                .iter()
                .filter(|c| c.param("ScalingGroupId") == Some(g))
                .collect();
            eprintln!(
                "group {g}: {} DescribeScalingInstances calls",
                of_group.len()
            );
            let expected_ids = if g == "asg-gone" { 3 } else { 31 };
            assert!(of_group.len() <= usize::div_ceil(expected_ids, 20) + 2);
            let ids: usize = of_group.iter().map(|c| c.ids().len()).sum();
            assert_eq!(ids, expected_ids, "each instance of {g} asked once");
        }
        assert!(calls.iter().all(|c| c.ids().len() <= 20));
    })
    .await;
}

#[tokio::test]
async fn scaling_groups_are_batched() {
    within(async {
        let groups: HashMap<String, Vec<String>> =
            (0..25).map(|i| (format!("asg-{i}"), Vec::new())).collect();
        let server = Server::start(Cloud::Alibaba, ess_inventory(50, groups)).await;
        let client = server.client(0);
        let results = together(27, |i| {
            let client = client.clone();
            async move {
                let id = format!("asg-{i}");
                (
                    id.clone(),
                    client
                        .describe_scaling_group(&id, &CallContext::new())
                        .await,
                )
            }
        })
        .await;
        for (id, got) in results {
            let got = got.unwrap();
            if id == "asg-25" || id == "asg-26" {
                assert_eq!(got, None);
            } else {
                let group = got.expect("found");
                assert_eq!(group.scaling_group_id, id);
                assert_eq!(group.scaling_group_name, name_of(&id));
            }
        }
        let calls = server.calls_of("DescribeScalingGroups");
        eprintln!("27 scaling group reads: {} calls", calls.len());
        assert!(calls.len() <= 27usize.div_ceil(20) + 2);
        assert!(calls.iter().all(|c| c.ids().len() <= 20));
    })
    .await;
}
