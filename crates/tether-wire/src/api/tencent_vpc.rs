//! Tencent Cloud VPC 2017-03-12 (API 3.0, `vpc`, POST with a JSON body): AssociateAddress,
//! DescribeAddresses, DisassociateAddress, DescribeTaskResult and DescribeNetworkInterfaces,
//! plus Tencent's success envelope `{"Response": {..., "RequestId"}}` ([`TencentEnvelope`];
//! errors live in [`super::error`]) and the strict JSON request reader shared with
//! [`super::tencent_cvm`].
//!
//! Requests are JSON objects with the exact PascalCase names, arrays as JSON arrays,
//! `Filters` as `[{"Name": …, "Values": […]}]` and `Offset`/`Limit`/`TaskId` as integers.
//! [`DescribeAddressesRequest::from_json`] & co. parse strictly (wrong JSON types and
//! unknown parameters are errors, as Tencent answers `InvalidParameter` /
//! `UnknownParameter`); responses parse tolerantly: the write APIs return `TaskId` as a
//! **string** while DescribeTaskResult takes and returns it as an **integer**, and many
//! fields may be `null`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient::lenient;
use super::params::ParamError;
use super::PageLimits;

/// DescribeAddresses: `Limit` default 20, max 100; `Offset` default 0.
pub const DESCRIBE_ADDRESSES_PAGE: PageLimits = PageLimits {
    default_size: 20,
    max_size: 100,
};
/// DescribeAddresses `AddressIds`: at most 100 per request.
pub const ADDRESS_IDS_MAX: usize = 100;
/// DescribeAddresses `Filters`: at most 10 filters.
pub const FILTERS_MAX: usize = 10;
/// DescribeAddresses `Filters[].Values`: at most 100 values per filter.
pub const FILTER_VALUES_MAX: usize = 100;

/// DescribeNetworkInterfaces: `Limit` default 20, max 100; `Offset` default 0.
pub const DESCRIBE_NETWORK_INTERFACES_PAGE: PageLimits = PageLimits {
    default_size: 20,
    max_size: 100,
};
/// DescribeNetworkInterfaces `NetworkInterfaceIds`: at most 100 per request.
pub const NETWORK_INTERFACE_IDS_MAX: usize = 100;

/// ENI `State` values (an attached ENI is `AVAILABLE` too).
pub mod eni_state {
    pub const PENDING: &str = "PENDING";
    pub const AVAILABLE: &str = "AVAILABLE";
    pub const ATTACHING: &str = "ATTACHING";
    pub const DETACHING: &str = "DETACHING";
    pub const DELETING: &str = "DELETING";
}

/// `AddressStatus` values.
pub mod address_status {
    pub const CREATING: &str = "CREATING";
    pub const BINDING: &str = "BINDING";
    pub const BIND: &str = "BIND";
    pub const UNBINDING: &str = "UNBINDING";
    pub const UNBIND: &str = "UNBIND";
    pub const OFFLINING: &str = "OFFLINING";
    /// Bound to a dangling ENI.
    pub const BIND_ENI: &str = "BIND_ENI";
}

/// DescribeTaskResult `Result` values.
pub mod task_result {
    pub const SUCCESS: &str = "SUCCESS";
    pub const FAILED: &str = "FAILED";
    pub const RUNNING: &str = "RUNNING";
}

/// Success envelope: `{"Response": T}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TencentEnvelope<T> {
    #[serde(rename = "Response")]
    pub response: T,
}

// ------------------------------------------------------------------------------------
// Strict JSON request reading
// ------------------------------------------------------------------------------------

/// Reads a Tencent JSON request body strictly: unknown parameters and wrong JSON types are
/// errors, as Tencent answers `UnknownParameter` / `InvalidParameter`.
pub(crate) struct JsonReader {
    obj: Map<String, Value>,
}

fn type_error(name: &str, value: &Value, expected: &str) -> ParamError {
    ParamError::malformed(name, &value.to_string(), format!("expected {expected}"))
}

impl JsonReader {
    pub(crate) fn parse(body: &[u8], known: &[&str]) -> Result<Self, ParamError> {
        let text = if body.iter().all(u8::is_ascii_whitespace) {
            // An empty body is an empty parameter set (the SDKs send `{}`).
            &b"{}"[..]
        } else {
            body
        };
        let value: Value = serde_json::from_slice(text).map_err(|e| ParamError::InvalidBody {
            reason: format!("not valid JSON: {e}"),
        })?;
        let Value::Object(obj) = value else {
            return Err(ParamError::InvalidBody {
                reason: "the body must be a JSON object".into(),
            });
        };
        if let Some(unknown) = obj.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(ParamError::Unknown {
                name: unknown.clone(),
            });
        }
        Ok(JsonReader { obj })
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.obj.get(name).filter(|v| !v.is_null())
    }

    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<String>, ParamError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(type_error(name, other, "a string")),
        }
    }

    pub(crate) fn required_str(&self, name: &str) -> Result<String, ParamError> {
        self.opt_str(name)?.ok_or_else(|| ParamError::Missing {
            name: name.to_string(),
        })
    }

    pub(crate) fn opt_bool(&self, name: &str) -> Result<Option<bool>, ParamError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(type_error(name, other, "a boolean")),
        }
    }

    pub(crate) fn opt_u64(&self, name: &str) -> Result<Option<u64>, ParamError> {
        match self.get(name) {
            None => Ok(None),
            Some(v @ Value::Number(n)) => n
                .as_u64()
                .map(Some)
                .ok_or_else(|| type_error(name, v, "a non-negative integer")),
            Some(other) => Err(type_error(name, other, "an integer")),
        }
    }

    pub(crate) fn opt_ranged(
        &self,
        name: &str,
        min: u64,
        max: u64,
    ) -> Result<Option<u64>, ParamError> {
        let value = self.opt_u64(name)?;
        if let Some(v) = value {
            if v < min || v > max {
                return Err(ParamError::OutOfRange {
                    name: name.to_string(),
                    value: i64::try_from(v).unwrap_or(i64::MAX),
                    min: i64::try_from(min).unwrap_or(i64::MAX),
                    max: i64::try_from(max).unwrap_or(i64::MAX),
                });
            }
        }
        Ok(value)
    }

    pub(crate) fn str_list(&self, name: &str, max: usize) -> Result<Vec<String>, ParamError> {
        match self.get(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => string_array(name, items, max),
            Some(other) => Err(type_error(name, other, "an array of strings")),
        }
    }

    /// `[{"Name", "Values"}]`: at most [`FILTERS_MAX`] filters of at most `max_values`
    /// values each.
    pub(crate) fn filters(&self, name: &str, max_values: usize) -> Result<Vec<Filter>, ParamError> {
        let items = match self.get(name) {
            None => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(other) => return Err(type_error(name, other, "an array of filters")),
        };
        if items.len() > FILTERS_MAX {
            return Err(ParamError::TooMany {
                name: name.to_string(),
                max: FILTERS_MAX,
                got: items.len(),
            });
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let base = format!("{name}.{i}");
                let Value::Object(f) = item else {
                    return Err(type_error(&base, item, "an object {Name, Values}"));
                };
                if let Some(unknown) = f.keys().find(|k| *k != "Name" && *k != "Values") {
                    return Err(ParamError::Unknown {
                        name: format!("{base}.{unknown}"),
                    });
                }
                let fname = match f.get("Name") {
                    Some(Value::String(s)) => s.clone(),
                    None | Some(Value::Null) => {
                        return Err(ParamError::Missing {
                            name: format!("{base}.Name"),
                        })
                    }
                    Some(other) => {
                        return Err(type_error(&format!("{base}.Name"), other, "a string"))
                    }
                };
                let values_name = format!("{base}.Values");
                let values = match f.get("Values") {
                    Some(Value::Array(vs)) => string_array(&values_name, vs, max_values)?,
                    None | Some(Value::Null) => {
                        return Err(ParamError::Missing { name: values_name })
                    }
                    Some(other) => {
                        return Err(type_error(&values_name, other, "an array of strings"))
                    }
                };
                Ok(Filter {
                    name: fname,
                    values,
                })
            })
            .collect()
    }
}

fn string_array(name: &str, items: &[Value], max: usize) -> Result<Vec<String>, ParamError> {
    if items.len() > max {
        return Err(ParamError::TooMany {
            name: name.to_string(),
            max,
            got: items.len(),
        });
    }
    items
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(type_error(&format!("{name}.{i}"), other, "a string")),
        })
        .collect()
}

pub(crate) fn to_json_string<T: Serialize>(value: &T) -> String {
    // Plain structs of strings, numbers and arrays always serialise.
    serde_json::to_string(value).unwrap_or_else(|_| String::from("{}"))
}

// ------------------------------------------------------------------------------------
// Requests
// ------------------------------------------------------------------------------------

/// AssociateAddress: bind an EIP to an instance, or to a private IP of an ENI.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AssociateAddressRequest {
    /// `eip-xxxxxxxx`.
    pub address_id: String,
    /// `ins-…`, `lb-…`, …; mutually exclusive with `NetworkInterfaceId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// `eni-…`; requires `PrivateIpAddress`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    /// Beta; default false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eip_direct_connection: Option<bool>,
    /// GAAP only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_region: Option<String>,
}

impl AssociateAddressRequest {
    const FIELDS: &'static [&'static str] = &[
        "AddressId",
        "InstanceId",
        "NetworkInterfaceId",
        "PrivateIpAddress",
        "EipDirectConnection",
        "InstanceRegion",
    ];

    pub fn to_json(&self) -> String {
        to_json_string(self)
    }

    /// Parses a request body. The mutual-exclusion rules (`InvalidParameterConflict`,
    /// `MissingParameter`, `MissingResourceId`) are business rules left to the caller.
    pub fn from_json(body: &[u8]) -> Result<Self, ParamError> {
        let r = JsonReader::parse(body, Self::FIELDS)?;
        Ok(AssociateAddressRequest {
            address_id: r.required_str("AddressId")?,
            instance_id: r.opt_str("InstanceId")?,
            network_interface_id: r.opt_str("NetworkInterfaceId")?,
            private_ip_address: r.opt_str("PrivateIpAddress")?,
            eip_direct_connection: r.opt_bool("EipDirectConnection")?,
            instance_region: r.opt_str("InstanceRegion")?,
        })
    }
}

/// DisassociateAddress: unbind an EIP (only BIND / BIND_ENI EIPs can be unbound).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DisassociateAddressRequest {
    pub address_id: String,
    /// Default false; only for the primary IP of the primary ENI, ≤ 10 per day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reallocate_normal_public_ip: Option<bool>,
}

impl DisassociateAddressRequest {
    const FIELDS: &'static [&'static str] = &["AddressId", "ReallocateNormalPublicIp"];

    pub fn to_json(&self) -> String {
        to_json_string(self)
    }

    pub fn from_json(body: &[u8]) -> Result<Self, ParamError> {
        let r = JsonReader::parse(body, Self::FIELDS)?;
        Ok(DisassociateAddressRequest {
            address_id: r.required_str("AddressId")?,
            reallocate_normal_public_ip: r.opt_bool("ReallocateNormalPublicIp")?,
        })
    }
}

/// A DescribeAddresses filter: `{"Name": "address-status", "Values": ["BIND"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

impl Filter {
    pub fn new(
        name: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Filter {
            name: name.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
}

tencent_list_request! {
    /// DescribeAddresses. `AddressIds` and a `address-id` filter cannot be combined; an
    /// unknown id yields an empty `AddressSet`, not an error. CDC EIPs need the filter
    /// `business-type=CDC`.
    DescribeAddressesRequest {
        /// ≤ 100.
        address_ids: "AddressIds", max ADDRESS_IDS_MAX,
        /// ≤ 10 filters, ≤ 100 values each. Names: address-id, address-name, address-ip,
        /// address-status, instance-id, private-ip-address, network-interface-id, is-arrears,
        /// instance-type, address-type, address-isp, dedicated-cluster-id, tag-key,
        /// tag-value, `tag:<key>`.
        filters: max values FILTER_VALUES_MAX,
        page DESCRIBE_ADDRESSES_PAGE,
    }
}

tencent_list_request! {
    /// DescribeNetworkInterfaces. `NetworkInterfaceIds` and `Filters` cannot be combined;
    /// an unknown id is simply absent from the answer.
    DescribeNetworkInterfacesRequest {
        /// ≤ 100.
        network_interface_ids: "NetworkInterfaceIds", max NETWORK_INTERFACE_IDS_MAX,
        /// Names: vpc-id, subnet-id, network-interface-id, attachment.instance-id,
        /// groups.security-group-id, network-interface-name, network-interface-description,
        /// address-ip, ip-exact-match, tag-key, `tag:<key>`, is-primary, eni-type, eni-qos,
        /// address-ipv6, public-address-ip, address-type, termination-protection,
        /// traffic-protection.
        filters: max values FILTER_VALUES_MAX,
        page DESCRIBE_NETWORK_INTERFACES_PAGE,
    }
}

/// DescribeTaskResult: `TaskId` (an integer — parse the string the write APIs return)
/// or `DealName`; one of them is required.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeTaskResultRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deal_name: Option<String>,
}

impl DescribeTaskResultRequest {
    const FIELDS: &'static [&'static str] = &["TaskId", "DealName"];

    /// A request for the task a write API returned.
    pub fn for_task(task_id: u64) -> Self {
        DescribeTaskResultRequest {
            task_id: Some(task_id),
            deal_name: None,
        }
    }

    pub fn to_json(&self) -> String {
        to_json_string(self)
    }

    /// Parses a request body; neither `TaskId` nor `DealName` → `Missing("TaskId")`.
    pub fn from_json(body: &[u8]) -> Result<Self, ParamError> {
        let r = JsonReader::parse(body, Self::FIELDS)?;
        let req = DescribeTaskResultRequest {
            task_id: r.opt_u64("TaskId")?,
            deal_name: r.opt_str("DealName")?,
        };
        if req.task_id.is_none() && req.deal_name.is_none() {
            return Err(ParamError::Missing {
                name: "TaskId".into(),
            });
        }
        Ok(req)
    }
}

// ------------------------------------------------------------------------------------
// Responses (the `Response` object)
// ------------------------------------------------------------------------------------

/// AssociateAddress / DisassociateAddress response: `TaskId` is a string on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AddressTaskResponse {
    /// Empty in the old API 2.0 answers, which had no task.
    #[serde(deserialize_with = "lenient")]
    pub task_id: String,
    /// The old API doc example spells it `RequestID`; accepted.
    #[serde(alias = "RequestID", deserialize_with = "lenient")]
    pub request_id: String,
}

impl AddressTaskResponse {
    /// The task id as the integer DescribeTaskResult takes.
    pub fn task_id_u64(&self) -> Option<u64> {
        self.task_id.trim().parse().ok()
    }
}

pub type AssociateAddressResponse = AddressTaskResponse;
pub type DisassociateAddressResponse = AddressTaskResponse;

/// A resource tag `{Key, Value}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Tag {
    #[serde(deserialize_with = "lenient")]
    pub key: String,
    #[serde(deserialize_with = "lenient")]
    pub value: String,
}

/// `EipAlgType`: ALG switches.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AlgType {
    #[serde(deserialize_with = "lenient")]
    pub ftp: bool,
    #[serde(deserialize_with = "lenient")]
    pub sip: bool,
}

/// One element of `AddressSet[]`. Optional fields are written as `null` when absent, as
/// Tencent does.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Address {
    #[serde(deserialize_with = "lenient")]
    pub address_id: String,
    #[serde(deserialize_with = "lenient")]
    pub address_name: Option<String>,
    /// See [`address_status`].
    #[serde(deserialize_with = "lenient")]
    pub address_status: String,
    #[serde(deserialize_with = "lenient")]
    pub address_ip: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub created_time: String,
    #[serde(deserialize_with = "lenient")]
    pub network_interface_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub private_address_ip: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub is_arrears: bool,
    #[serde(deserialize_with = "lenient")]
    pub is_blocked: bool,
    #[serde(deserialize_with = "lenient")]
    pub is_eip_direct_connection: bool,
    /// WanIP, EIP, AnycastEIP, HighQualityEIP, AntiDDoSEIP, ResidentialEIP.
    #[serde(deserialize_with = "lenient")]
    pub address_type: String,
    #[serde(deserialize_with = "lenient")]
    pub cascade_release: bool,
    #[serde(deserialize_with = "lenient")]
    pub eip_alg_type: Option<AlgTypeValue>,
    #[serde(deserialize_with = "lenient")]
    pub internet_service_provider: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub local_bgp: bool,
    /// Mbps.
    #[serde(deserialize_with = "lenient")]
    pub bandwidth: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub internet_charge_type: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub tag_set: Vec<Tag>,
    #[serde(deserialize_with = "lenient")]
    pub deadline_date: Option<String>,
    /// CVM, NAT, HAVIP, ENI, CLB, DHCPIP, …
    #[serde(deserialize_with = "lenient")]
    pub instance_type: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub egress: Option<String>,
    #[serde(rename = "AntiDDoSPackageId", deserialize_with = "lenient")]
    pub anti_ddos_package_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub renew_flag: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub bandwidth_package_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub un_vpc_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub dedicated_cluster_id: Option<String>,
}

/// Wrapper making [`AlgType`] usable with the lenient `Option` helper.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AlgTypeValue(pub AlgType);

impl super::lenient::Lenient for AlgTypeValue {
    fn from_value(value: Value) -> Result<Self, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

impl Address {
    /// Bound (to an instance, or to a dangling ENI).
    pub fn is_bound(&self) -> bool {
        self.address_status == address_status::BIND
            || self.address_status == address_status::BIND_ENI
    }
}

/// DescribeAddresses response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeAddressesResponse {
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub address_set: Vec<Address>,
    #[serde(alias = "RequestID", deserialize_with = "lenient")]
    pub request_id: String,
}

/// DescribeTaskResult response: `TaskId` is an integer here (accepted as a string too).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeTaskResultResponse {
    #[serde(deserialize_with = "lenient")]
    pub task_id: u64,
    /// See [`task_result`].
    #[serde(deserialize_with = "lenient")]
    pub result: String,
    #[serde(alias = "RequestID", deserialize_with = "lenient")]
    pub request_id: String,
}

impl DescribeTaskResultResponse {
    pub fn is_running(&self) -> bool {
        self.result == task_result::RUNNING
    }
    pub fn is_success(&self) -> bool {
        self.result == task_result::SUCCESS
    }
    pub fn is_failed(&self) -> bool {
        self.result == task_result::FAILED
    }
}

/// One element of an ENI's `PrivateIpAddressSet[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrivateIpAddressSpecification {
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub primary: bool,
    /// The EIP (or plain public IP) bound to this private IP, if any.
    #[serde(deserialize_with = "lenient")]
    pub public_ip_address: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub address_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub description: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub is_wan_ip_blocked: bool,
    /// `PENDING` | `MIGRATING` | `DELETING` | `AVAILABLE`.
    #[serde(deserialize_with = "lenient")]
    pub state: String,
}

/// An ENI's `Attachment` (`null` when detached).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkInterfaceAttachment {
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub device_index: u64,
    #[serde(deserialize_with = "lenient")]
    pub instance_account_id: String,
    #[serde(deserialize_with = "lenient")]
    pub attach_time: String,
}

impl super::lenient::Lenient for NetworkInterfaceAttachment {
    fn from_value(value: Value) -> Result<Self, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

/// One element of `NetworkInterfaceSet[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkInterface {
    #[serde(deserialize_with = "lenient")]
    pub network_interface_id: String,
    #[serde(deserialize_with = "lenient")]
    pub network_interface_name: String,
    #[serde(deserialize_with = "lenient")]
    pub network_interface_description: String,
    #[serde(deserialize_with = "lenient")]
    pub subnet_id: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub group_set: Vec<String>,
    /// The instance's primary ENI.
    #[serde(deserialize_with = "lenient")]
    pub primary: bool,
    #[serde(deserialize_with = "lenient")]
    pub mac_address: String,
    /// See [`eni_state`].
    #[serde(deserialize_with = "lenient")]
    pub state: String,
    /// Every private IPv4 address of the ENI, the primary one flagged.
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address_set: Vec<PrivateIpAddressSpecification>,
    /// `null` when the ENI is attached to no instance.
    #[serde(deserialize_with = "lenient")]
    pub attachment: Option<NetworkInterfaceAttachment>,
    #[serde(deserialize_with = "lenient")]
    pub zone: String,
    #[serde(deserialize_with = "lenient")]
    pub created_time: String,
    #[serde(deserialize_with = "lenient")]
    pub tag_set: Vec<Tag>,
    /// 0 secondary, 1 primary, 2 trunk.
    #[serde(deserialize_with = "lenient")]
    pub eni_type: u64,
    /// `cvm` | `cbs`, …
    #[serde(deserialize_with = "lenient")]
    pub business: String,
    #[serde(deserialize_with = "lenient")]
    pub cdc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub attach_type: u64,
}

impl NetworkInterface {
    /// Whether `ip` is one of the ENI's private IPv4 addresses.
    pub fn has_private_ip(&self, ip: &str) -> bool {
        self.private_ip_address_set
            .iter()
            .any(|p| p.private_ip_address == ip)
    }
}

/// DescribeNetworkInterfaces response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeNetworkInterfacesResponse {
    #[serde(deserialize_with = "lenient")]
    pub network_interface_set: Vec<NetworkInterface>,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(alias = "RequestID", deserialize_with = "lenient")]
    pub request_id: String,
}

wire_response!(
    AddressTaskResponse,
    DescribeAddressesResponse,
    DescribeTaskResultResponse,
    DescribeNetworkInterfacesResponse,
);

json_action!(AssociateAddressRequest => AssociateAddressResponse, "AssociateAddress");
json_action!(DescribeAddressesRequest => DescribeAddressesResponse, "DescribeAddresses");
json_action!(DisassociateAddressRequest => DisassociateAddressResponse, "DisassociateAddress");
json_action!(DescribeTaskResultRequest => DescribeTaskResultResponse, "DescribeTaskResult");
json_action!(DescribeNetworkInterfacesRequest => DescribeNetworkInterfacesResponse, "DescribeNetworkInterfaces");

offset_paginated!(
    DescribeAddressesRequest,
    Address,
    DESCRIBE_ADDRESSES_PAGE,
    address_set
);
offset_paginated!(
    DescribeNetworkInterfacesRequest,
    NetworkInterface,
    DESCRIBE_NETWORK_INTERFACES_PAGE,
    network_interface_set
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiAction, Paginated, RequestPayload, ResponseError};
    use serde_json::json;

    fn round_trip<T>(req: &T)
    where
        T: ApiAction + PartialEq + Serialize + serde::de::DeserializeOwned,
    {
        let payload = req.encode();
        let RequestPayload::Json(body) = &payload else {
            panic!("Tencent requests are JSON");
        };
        assert_eq!(&T::decode(&payload).unwrap(), req, "from_json round trip");
        assert_eq!(
            &serde_json::from_str::<T>(body).unwrap(),
            req,
            "serde round trip"
        );
    }

    #[test]
    fn associate_address_reference_payload() {
        // Project signing vector payload (Python json.dumps spacing).
        let body = br#"{"AddressId": "eip-11112222", "InstanceId": "ins-11112222"}"#;
        let req = AssociateAddressRequest::from_json(body).unwrap();
        assert_eq!(req.address_id, "eip-11112222");
        assert_eq!(req.instance_id.as_deref(), Some("ins-11112222"));
        assert_eq!(
            req.to_json(),
            r#"{"AddressId":"eip-11112222","InstanceId":"ins-11112222"}"#
        );
        round_trip(&req);
        // Seed example 2: ENI + private IP.
        let eni = AssociateAddressRequest {
            address_id: "eip-ek0cdz1g".into(),
            network_interface_id: Some("eni-8x55qvrh".into()),
            private_ip_address: Some("10.0.0.2".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::from_str::<Value>(&eni.to_json()).unwrap(),
            json!({"AddressId": "eip-ek0cdz1g", "NetworkInterfaceId": "eni-8x55qvrh", "PrivateIpAddress": "10.0.0.2"})
        );
        round_trip(&eni);
        round_trip(&AssociateAddressRequest {
            eip_direct_connection: Some(true),
            instance_region: Some("ap-guangzhou".into()),
            ..eni
        });
    }

    #[test]
    fn strict_request_parsing() {
        assert_eq!(
            AssociateAddressRequest::from_json(br#"{"InstanceId":"ins-1"}"#),
            Err(ParamError::Missing {
                name: "AddressId".into()
            })
        );
        assert_eq!(
            AssociateAddressRequest::from_json(br#"{"AddressId":"eip-1","Foo":1}"#),
            Err(ParamError::Unknown { name: "Foo".into() })
        );
        assert!(matches!(
            AssociateAddressRequest::from_json(br#"{"AddressId":123}"#),
            Err(ParamError::Malformed { ref name, .. }) if name == "AddressId"
        ));
        assert!(matches!(
            DisassociateAddressRequest::from_json(
                br#"{"AddressId":"eip-1","ReallocateNormalPublicIp":"true"}"#
            ),
            Err(ParamError::Malformed { ref name, .. }) if name == "ReallocateNormalPublicIp"
        ));
        assert!(matches!(
            DescribeAddressesRequest::from_json(b"[1]"),
            Err(ParamError::InvalidBody { .. })
        ));
        assert!(matches!(
            DescribeAddressesRequest::from_json(b"{not json"),
            Err(ParamError::InvalidBody { .. })
        ));
        // Null counts as absent; an empty body is an empty object.
        let req = AssociateAddressRequest::from_json(br#"{"AddressId":"eip-1","InstanceId":null}"#)
            .unwrap();
        assert_eq!(req.instance_id, None);
        assert_eq!(
            DescribeAddressesRequest::from_json(b"").unwrap(),
            DescribeAddressesRequest::default()
        );
        // Params payloads are refused.
        assert!(matches!(
            DescribeAddressesRequest::decode(&RequestPayload::Params(vec![])),
            Err(ParamError::InvalidBody { .. })
        ));
    }

    #[test]
    fn describe_addresses_round_trip_and_limits() {
        let req = DescribeAddressesRequest {
            address_ids: vec!["eip-1".into(), "eip-2".into()],
            filters: vec![
                Filter::new("address-status", ["BIND", "BIND_ENI"]),
                Filter::new("instance-id", ["ins-1"]),
            ],
            offset: Some(20),
            limit: Some(100),
        };
        let v: Value = serde_json::from_str(&req.to_json()).unwrap();
        assert_eq!(
            v,
            json!({
                "AddressIds": ["eip-1", "eip-2"],
                "Filters": [
                    {"Name": "address-status", "Values": ["BIND", "BIND_ENI"]},
                    {"Name": "instance-id", "Values": ["ins-1"]}
                ],
                "Offset": 20,
                "Limit": 100
            })
        );
        round_trip(&req);
        round_trip(&DescribeAddressesRequest::default());
        assert_eq!(DescribeAddressesRequest::default().to_json(), "{}");

        assert!(matches!(
            DescribeAddressesRequest::from_json(br#"{"Limit":"20"}"#),
            Err(ParamError::Malformed { ref name, .. }) if name == "Limit"
        ));
        assert!(matches!(
            DescribeAddressesRequest::from_json(br#"{"Offset":-1}"#),
            Err(ParamError::Malformed { ref name, .. }) if name == "Offset"
        ));
        assert_eq!(
            DescribeAddressesRequest::from_json(br#"{"Limit":101}"#),
            Err(ParamError::OutOfRange {
                name: "Limit".into(),
                value: 101,
                min: 1,
                max: 100
            })
        );
        let ids: Vec<String> = (0..101).map(|i| format!("eip-{i}")).collect();
        let body = serde_json::to_vec(&json!({ "AddressIds": ids })).unwrap();
        assert_eq!(
            DescribeAddressesRequest::from_json(&body),
            Err(ParamError::TooMany {
                name: "AddressIds".into(),
                max: 100,
                got: 101
            })
        );
        let filters: Vec<Value> = (0..11)
            .map(|i| json!({"Name": format!("tag:{i}"), "Values": ["x"]}))
            .collect();
        let body = serde_json::to_vec(&json!({ "Filters": filters })).unwrap();
        assert!(matches!(
            DescribeAddressesRequest::from_json(&body),
            Err(ParamError::TooMany { max: 10, .. })
        ));
        assert_eq!(
            DescribeAddressesRequest::from_json(br#"{"Filters":[{"Values":["x"]}]}"#),
            Err(ParamError::Missing {
                name: "Filters.0.Name".into()
            })
        );
        assert_eq!(
            DescribeAddressesRequest::from_json(br#"{"Filters":[{"Name":"a","Value":["x"]}]}"#),
            Err(ParamError::Unknown {
                name: "Filters.0.Value".into()
            })
        );
        assert!(matches!(
            DescribeAddressesRequest::from_json(br#"{"AddressIds":["eip-1",2]}"#),
            Err(ParamError::Malformed { ref name, .. }) if name == "AddressIds.1"
        ));
    }

    #[test]
    fn describe_task_result_request() {
        let req = DescribeTaskResultRequest::for_task(123_456);
        assert_eq!(req.to_json(), r#"{"TaskId":123456}"#);
        round_trip(&req);
        round_trip(&DescribeTaskResultRequest {
            task_id: None,
            deal_name: Some("deal-1".into()),
        });
        assert!(matches!(
            DescribeTaskResultRequest::from_json(br#"{"TaskId":"123456"}"#),
            Err(ParamError::Malformed { ref name, .. }) if name == "TaskId"
        ));
        assert_eq!(
            DescribeTaskResultRequest::from_json(b"{}"),
            Err(ParamError::Missing {
                name: "TaskId".into()
            })
        );
    }

    #[test]
    fn associate_response_seed_and_task_id() {
        // Old API doc example: no TaskId.
        let body = br#"{"Response":{"RequestId":"3c140219-cfe9-470e-b241-907877d6fb03"}}"#;
        let r = AssociateAddressRequest::decode_response(200, body).unwrap();
        assert_eq!(r.request_id, "3c140219-cfe9-470e-b241-907877d6fb03");
        assert_eq!(r.task_id_u64(), None);
        // Old doc's capital `RequestID`.
        let body = br#"{"Response":{"RequestID":"abc"}}"#;
        assert_eq!(
            AssociateAddressRequest::decode_response(200, body)
                .unwrap()
                .request_id,
            "abc"
        );
        // API 3.0: TaskId as a string (and tolerated as a number).
        let body = br#"{"Response":{"TaskId":"1234567","RequestId":"r"}}"#;
        let r = DisassociateAddressRequest::decode_response(200, body).unwrap();
        assert_eq!(r.task_id, "1234567");
        assert_eq!(r.task_id_u64(), Some(1_234_567));
        let out = DisassociateAddressRequest::encode_response(&r, "ap-guangzhou");
        assert_eq!(
            out,
            json!({"Response": {"TaskId": "1234567", "RequestId": "r"}})
        );
        let body = br#"{"Response":{"TaskId":1234567,"RequestId":"r"}}"#;
        let r = AssociateAddressRequest::decode_response(200, body).unwrap();
        assert_eq!(r.task_id, "1234567");
    }

    #[test]
    fn task_result_response() {
        let body = br#"{"Response":{"TaskId":"1234567","Result":"RUNNING","RequestId":"r"}}"#;
        let r = DescribeTaskResultRequest::decode_response(200, body).unwrap();
        assert_eq!(r.task_id, 1_234_567);
        assert!(r.is_running());
        let out = DescribeTaskResultRequest::encode_response(&r, "ap-guangzhou");
        assert_eq!(out["Response"]["TaskId"], json!(1_234_567));
        let body = br#"{"Response":{"TaskId":7,"Result":"FAILED","RequestId":"r"}}"#;
        assert!(DescribeTaskResultRequest::decode_response(200, body)
            .unwrap()
            .is_failed());
    }

    #[test]
    fn describe_addresses_response() {
        let body = json!({"Response": {
            "TotalCount": 1,
            "AddressSet": [{
                "AddressId": "eip-41s6jwy4",
                "AddressName": null,
                "AddressStatus": "BIND",
                "AddressIp": "43.1.2.3",
                "InstanceId": "ins-0cxjwrog",
                "CreatedTime": "2024-01-10T10:41:30Z",
                "NetworkInterfaceId": "eni-1",
                "PrivateAddressIp": "10.0.0.2",
                "IsArrears": false,
                "IsBlocked": false,
                "IsEipDirectConnection": false,
                "AddressType": "EIP",
                "CascadeRelease": false,
                "EipAlgType": {"Ftp": true, "Sip": false},
                "InternetServiceProvider": "BGP",
                "LocalBgp": false,
                "Bandwidth": 10,
                "InternetChargeType": "TRAFFIC_POSTPAID_BY_HOUR",
                "TagSet": [{"Key": "env", "Value": "prod"}],
                "DeadlineDate": null,
                "InstanceType": "CVM",
                "Egress": "center_egress1",
                "AntiDDoSPackageId": "",
                "RenewFlag": "",
                "BandwidthPackageId": null,
                "UnVpcId": "",
                "DedicatedClusterId": ""
            }],
            "RequestId": "6EF60BEC-0242-43AF-BB20-270359FB54A7"
        }});
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeAddressesRequest::decode_response(200, &raw).unwrap();
        assert_eq!(r.total_count, 1);
        let a = &r.address_set[0];
        assert!(a.is_bound());
        assert_eq!(a.instance_id.as_deref(), Some("ins-0cxjwrog"));
        assert_eq!(a.bandwidth, Some(10));
        assert_eq!(a.address_name, None);
        assert!(a.eip_alg_type.as_ref().unwrap().0.ftp);
        assert_eq!(a.tag_set[0].value, "prod");
        // Faithful re-encoding, nulls included.
        assert_eq!(
            DescribeAddressesRequest::encode_response(&r, "ap-guangzhou"),
            body
        );
        // Sparse and null-heavy items still parse.
        let sparse = br#"{"Response":{"TotalCount":"2","AddressSet":[{"AddressId":"eip-1","AddressStatus":"UNBIND","InstanceId":null,"Bandwidth":null,"TagSet":null,"EipAlgType":null}],"RequestId":"r"}}"#;
        let r = DescribeAddressesRequest::decode_response(200, sparse).unwrap();
        assert_eq!(r.total_count, 2);
        assert!(!r.address_set[0].is_bound());
        assert!(r.address_set[0].tag_set.is_empty());
        // Empty set for an unknown id.
        let empty = br#"{"Response":{"TotalCount":0,"AddressSet":[],"RequestId":"r"}}"#;
        assert!(DescribeAddressesRequest::decode_response(200, empty)
            .unwrap()
            .address_set
            .is_empty());
    }

    #[test]
    fn tencent_error_inside_200() {
        let body = br#"{"Response":{"Error":{"Code":"OperationDenied.MutexTaskRunning","Message":"Mutex task is running, please try later."},"RequestId":"r"}}"#;
        match AssociateAddressRequest::decode_response(200, body) {
            Err(ResponseError::Cloud(p)) => {
                assert_eq!(p.code, "OperationDenied.MutexTaskRunning");
                assert_eq!(p.request_id.as_deref(), Some("r"));
            }
            other => panic!("unexpected {other:?}"),
        }
        // Missing Response wrapper is malformed.
        assert!(matches!(
            DescribeTaskResultRequest::decode_response(200, br#"{"TaskId":1}"#),
            Err(ResponseError::Malformed { .. })
        ));
    }

    #[test]
    fn offset_pagination() {
        let req = DescribeAddressesRequest {
            filters: vec![Filter::new("address-status", ["BIND"])],
            ..Default::default()
        }
        .with_max_page_size();
        assert_eq!(req.limit, Some(100));
        let resp = |n: usize| DescribeAddressesResponse {
            total_count: 150,
            address_set: vec![Address::default(); n],
            request_id: "r".into(),
        };
        let next = req.next_page(&resp(100)).unwrap();
        assert_eq!(next.offset, Some(100));
        assert_eq!(next.filters, req.filters);
        assert!(next.next_page(&resp(50)).is_none());
        assert!(req.next_page(&resp(0)).is_none());
        assert_eq!(DescribeAddressesRequest::items(&resp(3)).len(), 3);
    }

    #[test]
    fn describe_network_interfaces_round_trip_and_response() {
        let req = DescribeNetworkInterfacesRequest {
            network_interface_ids: vec!["eni-1".into()],
            limit: Some(100),
            ..Default::default()
        };
        round_trip(&req);
        assert!(matches!(
            DescribeNetworkInterfacesRequest::from_json(br#"{"Limit": 101}"#),
            Err(ParamError::OutOfRange { max: 100, .. })
        ));
        assert!(matches!(
            DescribeNetworkInterfacesRequest::from_json(br#"{"Bogus": 1}"#),
            Err(ParamError::Unknown { .. })
        ));
        let body = json!({"Response": {
            "TotalCount": 1, "RequestId": "r",
            "NetworkInterfaceSet": [{
                "NetworkInterfaceId": "eni-f1xjkw1b", "VpcId": "vpc-2kx9z6h3", "SubnetId": "subnet-1",
                "Primary": false, "State": "AVAILABLE", "Zone": "ap-guangzhou-2", "Business": "cvm",
                "PrivateIpAddressSet": [{"IsWanIpBlocked": false, "Primary": true, "State": "AVAILABLE",
                    "PublicIpAddress": "", "PrivateIpAddress": "192.168.0.13", "Description": ""}],
                "Attachment": null, "GroupSet": [], "TagSet": [], "Ipv6AddressSet": [], "EniType": 0
            }]
        }});
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeNetworkInterfacesRequest::decode_response(200, &raw).unwrap();
        let eni = &r.network_interface_set[0];
        assert!(eni.has_private_ip("192.168.0.13"));
        assert!(!eni.has_private_ip("192.168.0.14"));
        assert_eq!(eni.attachment, None);
        let resp = DescribeNetworkInterfacesResponse {
            total_count: 150,
            network_interface_set: vec![NetworkInterface::default(); 100],
            ..Default::default()
        };
        let next = req.clone().with_max_page_size().next_page(&resp).unwrap();
        assert_eq!((next.offset, next.limit), (Some(100), Some(100)));
    }
}
