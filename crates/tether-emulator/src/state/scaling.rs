//! Alibaba Auto Scaling as the inventory holds it: groups with their configurations and
//! members, the RDS instances on their whitelists, and (state only) scaling activities.

use super::*;
use tether_wire::api::alibaba_ess::configuration_state;

/// An Alibaba Auto Scaling group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingGroup {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub min_size: u32,
    pub max_size: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<u32>,
    /// `Active` (default), `Inactive`, `Deleting`.
    #[serde(default)]
    pub lifecycle_state: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vpc_id: String,
    /// Empty: a classic-network group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vswitch_ids: Vec<String>,
    /// Shorthand for one active scaling configuration launching this instance type
    /// (`InstanceTypeMismatch`); turned into `scaling_configurations` when the fixtures
    /// load. Give either this or `scaling_configurations`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// The group's scaling configurations; at most one is `Active` (its instance types are
    /// the only ones AttachInstances accepts). None: the group compares no instance type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scaling_configurations: Vec<ScalingConfiguration>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub db_instance_ids: Vec<String>,
    /// `false`: Auto Scaling was not authorised (`Forbidden.Unauthorized`).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ess_authorized: bool,
    /// How many instances the group's security group can hold
    /// (`QuotaExceeded.SecurityGroupInstance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_group_capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<ScalingMember>,
}

/// A scaling configuration of a group (DescribeScalingConfigurations).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingConfiguration {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The instance types it launches (the first is `InstanceType`).
    pub instance_types: Vec<String>,
    /// `Active` (default for a group's only configuration) or `Inactive`.
    #[serde(default)]
    pub lifecycle_state: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub security_group_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image_id: String,
}

impl ScalingGroup {
    /// The active scaling configuration, if any.
    pub fn active_configuration(&self) -> Option<&ScalingConfiguration> {
        self.scaling_configurations
            .iter()
            .find(|c| c.lifecycle_state == configuration_state::ACTIVE)
    }

    /// The instance types AttachInstances accepts: those of the active configuration (or of
    /// the `instance_type` shorthand in a state saved before configurations existed). Empty:
    /// any type.
    pub fn active_instance_types(&self) -> Vec<String> {
        match self.active_configuration() {
            Some(c) => c.instance_types.clone(),
            None => self.instance_type.iter().cloned().collect(),
        }
    }
}

/// An instance in a scaling group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingMember {
    pub instance_id: String,
    /// `AutoCreated` (default), `Attached`, `Managed`.
    #[serde(default)]
    pub creation_type: String,
    /// `InService` (default), `Pending`, `Removing`, `Standby`, `Protected`, ...
    #[serde(default)]
    pub lifecycle_state: String,
    /// `Healthy` (default) or `Unhealthy`.
    #[serde(default)]
    pub health_status: String,
    #[serde(default = "default_weight")]
    pub load_balancer_weight: u32,
    #[serde(default, skip_serializing_if = "is_false")]
    pub entrusted: bool,
    /// State only: the activity that attached it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub activity_id: String,
    /// State only: when it joined (ms).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub joined_at_ms: u64,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

/// An Alibaba RDS instance on a scaling group's whitelist.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbInstance {
    pub id: String,
    /// `Running` (default).
    #[serde(default)]
    pub status: String,
    #[serde(default = "default_security_ip_quota")]
    pub security_ip_quota: u32,
    #[serde(default)]
    pub security_ips_used: u32,
}

/// An ESS scaling activity (state only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingActivity {
    pub id: String,
    pub group_id: String,
    pub region: String,
    /// `attach` or `detach`.
    pub kind: String,
    /// `InProgress`, `Successful`, `Warning`, `Failed`, `Rejected`.
    pub status_code: String,
    #[serde(default)]
    pub status_message: String,
    #[serde(default)]
    pub cause: String,
    #[serde(default)]
    pub description: String,
    pub start_ms: u64,
    pub settle_at_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ms: Option<u64>,
    /// Instances the activity works on.
    #[serde(default)]
    pub instances: Vec<String>,
    /// Instances skipped by `IgnoreInvalidInstance` (the activity ends `Warning`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<String>,
    /// Ends `Failed` (fault injection).
    #[serde(default, skip_serializing_if = "is_false")]
    pub fail: bool,
    /// Detach: lower the desired capacity.
    #[serde(default, skip_serializing_if = "is_false")]
    pub decrease_desired: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub error_code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub error_message: String,
    /// Group capacity when the activity ended.
    #[serde(default)]
    pub total_capacity: u32,
    #[serde(default)]
    pub attached_capacity: u32,
    #[serde(default)]
    pub auto_created_capacity: u32,
}
