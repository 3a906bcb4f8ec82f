//! ESS DescribeScalingActivities: the progress and outcome of the activity an
//! AttachInstances or DetachInstances started.

use serde::{Deserialize, Serialize};

use super::{activity_status, DESCRIBE_SCALING_ACTIVITIES_PAGE, SCALING_ACTIVITY_IDS_MAX};
use crate::api::fields::{Optional, PageNumber, PageSize, Repeated, Required};
use crate::api::lenient::{lenient, nullable};
use crate::api::ALIBABA_ESS;

wire_request! {
    /// DescribeScalingActivities (activities are kept about 30 days).
    pub struct DescribeScalingActivitiesRequest: params {
        region_id: String = "RegionId" => Required,
        scaling_group_id: Option<String> = "ScalingGroupId" => Optional,
        /// `ScalingActivityId.N`, ≤ 20.
        scaling_activity_ids: Vec<String> = "ScalingActivityId"
            => Repeated(SCALING_ACTIVITY_IDS_MAX),
        /// See [`activity_status`].
        status_code: Option<String> = "StatusCode" => Optional,
        instance_refresh_task_id: Option<String> = "InstanceRefreshTaskId" => Optional,
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=50, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_SCALING_ACTIVITIES_PAGE),
    }
}

/// One element of `ScalingActivities.ScalingActivity[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ScalingActivity {
    #[serde(deserialize_with = "lenient")]
    pub scaling_activity_id: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_group_id: String,
    /// See [`activity_status`].
    #[serde(deserialize_with = "lenient")]
    pub status_code: String,
    #[serde(deserialize_with = "lenient")]
    pub status_message: String,
    /// 0..=100.
    #[serde(deserialize_with = "lenient")]
    pub progress: i64,
    #[serde(deserialize_with = "lenient")]
    pub cause: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    #[serde(deserialize_with = "lenient")]
    pub start_time: String,
    #[serde(deserialize_with = "lenient")]
    pub end_time: String,
    /// A string on the wire.
    #[serde(deserialize_with = "lenient")]
    pub total_capacity: String,
    /// A string on the wire.
    #[serde(deserialize_with = "lenient")]
    pub attached_capacity: String,
    /// A string on the wire.
    #[serde(deserialize_with = "lenient")]
    pub auto_created_capacity: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_instance_number: i64,
    #[serde(deserialize_with = "lenient")]
    pub created_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub destroyed_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub started_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub stopped_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub error_code: String,
    #[serde(deserialize_with = "lenient")]
    pub error_message: String,
    #[serde(deserialize_with = "lenient")]
    pub detail: String,
    /// `Cms` | `APIs` | `Ess`.
    #[serde(deserialize_with = "lenient")]
    pub trigger_source_type: String,
    #[serde(deserialize_with = "lenient")]
    pub trigger_source_id: String,
    #[serde(deserialize_with = "lenient")]
    pub activity_metadata: String,
}

impl ScalingActivity {
    /// Whether the activity has finished (successfully or not).
    pub fn is_terminal(&self) -> bool {
        activity_status::is_terminal(&self.status_code)
    }
}

wrapped_list!(
    /// `ScalingActivities: {"ScalingActivity": [...]}`.
    ScalingActivities,
    "ScalingActivity",
    ScalingActivity
);

/// DescribeScalingActivities response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub scaling_activities: ScalingActivities,
}

wire_response!(DescribeScalingActivitiesResponse);

api_action!(ALIBABA_ESS, DescribeScalingActivitiesRequest => DescribeScalingActivitiesResponse,
    "DescribeScalingActivities");

page_number_paginated!(
    DescribeScalingActivitiesRequest,
    ScalingActivity,
    DESCRIBE_SCALING_ACTIVITIES_PAGE,
    scaling_activities
);
