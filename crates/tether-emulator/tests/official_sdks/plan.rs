//! The answer cases' builder (`Plan::add`, `Plan::wrong_secret`) and the whole plan: every
//! SDK's cases in execution order, then a request signed with a wrong secret per SDK.

use super::*;

impl Plan {
    pub(crate) fn add(
        &mut self,
        sdk: Sdk,
        action: &'static str,
        params: Value,
        expect: Expect,
    ) -> String {
        let id = format!("{}#{}-{}", sdk.name(), self.cases.len(), action);
        let product = find_action(sdk.cloud(), action)
            .unwrap_or_else(|| panic!("{action} is not a {} API", sdk.cloud()))
            .service;
        self.cases.push(Case {
            id: id.clone(),
            sdk,
            action,
            product,
            params,
            secret: None,
            expect,
        });
        id
    }

    pub(crate) fn wrong_secret(
        &mut self,
        sdk: Sdk,
        action: &'static str,
        params: Value,
        codes: &[&'static str],
    ) {
        let id = self.add(
            sdk,
            action,
            params,
            Expect::Error {
                codes: codes.to_vec(),
                status: None,
            },
        );
        if let Some(case) = self.cases.iter_mut().find(|c| c.id == id) {
            case.secret = Some("wrong-tether-demo-secret");
        }
    }
}

pub(crate) fn plan() -> Vec<Case> {
    let mut plan = Plan { cases: Vec::new() };
    plan.alibaba(Sdk::AliyunClassic, 1);
    plan.alibaba(Sdk::AlibabaTea, 2);
    plan.tencent(Sdk::TencentCommon, 1);
    plan.tencent(Sdk::TencentTyped, 2);
    plan.volcengine();
    // Wrong secrets (quirk 2: the classic SDK may re-label SignatureDoesNotMatch as
    // InvalidAccessKeySecret when the server's string to sign equals its own).
    plan.wrong_secret(
        Sdk::AliyunClassic,
        "DescribeEipAddresses",
        json!({}),
        &["SignatureDoesNotMatch", "InvalidAccessKeySecret"],
    );
    plan.wrong_secret(
        Sdk::AlibabaTea,
        "DescribeEipAddresses",
        json!({"RegionId": "cn-hangzhou"}),
        &["SignatureDoesNotMatch"],
    );
    plan.wrong_secret(
        Sdk::TencentCommon,
        "DescribeAddresses",
        json!({}),
        &["AuthFailure.SignatureFailure"],
    );
    plan.wrong_secret(
        Sdk::TencentTyped,
        "DescribeAddresses",
        json!({}),
        &["AuthFailure.SignatureFailure"],
    );
    plan.wrong_secret(
        Sdk::Volcengine,
        "DescribeHaVips",
        json!({}),
        &["SignatureDoesNotMatch"],
    );
    plan.cases
}
