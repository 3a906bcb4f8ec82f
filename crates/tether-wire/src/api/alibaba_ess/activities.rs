//! ESS DescribeScalingActivities: the progress and outcome of the activity an
//! AttachInstances or DetachInstances started.

use super::{activity_status, DESCRIBE_SCALING_ACTIVITIES_PAGE, SCALING_ACTIVITY_IDS_MAX};
use crate::api::fields::{Optional, Repeated, Required};
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
        ..numbered_pages(DESCRIBE_SCALING_ACTIVITIES_PAGE),
    }
}

lenient_struct! {
    /// One element of `ScalingActivities.ScalingActivity[]`.
    #[derive(Eq)]
    pub struct ScalingActivity {
        scaling_activity_id: String,
        scaling_group_id: String,
        /// See [`activity_status`].
        status_code: String,
        status_message: String,
        /// 0..=100.
        progress: i64,
        cause: String,
        description: String,
        start_time: String,
        end_time: String,
        /// A string on the wire.
        total_capacity: String,
        /// A string on the wire.
        attached_capacity: String,
        /// A string on the wire.
        auto_created_capacity: String,
        scaling_instance_number: i64,
        created_capacity: i64,
        destroyed_capacity: i64,
        started_capacity: i64,
        stopped_capacity: i64,
        error_code: String,
        error_message: String,
        detail: String,
        /// `Cms` | `APIs` | `Ess`.
        trigger_source_type: String,
        trigger_source_id: String,
        activity_metadata: String,
    }
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

lenient_struct! {
    /// DescribeScalingActivities response.
    pub struct DescribeScalingActivitiesResponse {
        ..numbered_page,
        scaling_activities: ScalingActivities => nullable,
    }
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
