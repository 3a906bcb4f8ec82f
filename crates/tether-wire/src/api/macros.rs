//! The declaration macros of the api module: one field table per request
//! ([`wire_request!`]), one field list per response object ([`lenient_struct!`]), the
//! [`ApiAction`](crate::api::ApiAction) registration of an API ([`api_action!`]),
//! Alibaba's one-level list wrappers ([`wrapped_list!`]), and the
//! [`WireResponse`](crate::api::WireResponse) impls shared by many APIs. The paging impls
//! are in `paging_macros.rs`.

/// Declares a one-level Alibaba list wrapper: `{"<Key>": [item, …]}`, e.g.
/// `EipAddresses: {"EipAddress": [...]}`. Deserialisation accepts `null`, a missing
/// wrapper, and a bare object instead of a one-element array (doc examples and
/// XML-derived JSON use that).
macro_rules! wrapped_list {
    ($(#[$meta:meta])* $name:ident, $key:literal, $item:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            #[serde(rename = $key, default, deserialize_with = "crate::api::lenient::lenient")]
            pub items: Vec<$item>,
        }

        impl From<Vec<$item>> for $name {
            fn from(items: Vec<$item>) -> Self {
                $name { items }
            }
        }
    };
}

/// Declares a response object whose fields are read leniently: the struct derives `Debug`,
/// `Clone`, `PartialEq`, `Default`, `Serialize` and `Deserialize` with
/// `#[serde(default, rename_all = "PascalCase")]`, every field is `pub`, and an absent field
/// is its default.
///
/// Each field is one line `name: Type,` and deserialises through
/// [`lenient`](crate::api::lenient::lenient) (the clouds' loose JSON types). Two other
/// readings are chosen after the type:
/// - `name: Type => nullable,` reads through [`nullable`](crate::api::lenient::nullable):
///   `null` is `Type::default()`, anything else plain serde (nested objects and
///   [`wrapped_list!`] wrappers, which are not [`Lenient`](crate::api::lenient::Lenient));
/// - `name: Type => serde,` is plain serde with no `deserialize_with` at all.
/// - `..numbered_page,` stands for `request_id`, `total_count`, `page_number` and
///   `page_size` (lenient, in that order): the head of an answer paged by number.
///
/// Doc comments and the field's own `#[serde(...)]` attributes (`rename`, `alias`,
/// `skip_serializing_if`) stay on it; attributes before `pub struct` (its doc comment, an
/// extra `#[derive(Eq)]` where every field type is `Eq`) go on the struct. Serialisation
/// writes the declared types.
///
/// ```ignore
/// lenient_struct! {
///     /// One element of `Vpcs.Vpc[]`.
///     pub struct Vpc {
///         vpc_id: String,
///         /// `Pending` | `Available`.
///         status: String,
///         #[serde(rename = "VRouterId")]
///         v_router_id: String,
///         #[serde(skip_serializing_if = "String::is_empty")]
///         next_token: String,
///         tags: Tags => nullable,
///     }
/// }
/// ```
///
/// is the struct that would otherwise be written out as
///
/// ```ignore
/// /// One element of `Vpcs.Vpc[]`.
/// #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
/// #[serde(default, rename_all = "PascalCase")]
/// pub struct Vpc {
///     #[serde(deserialize_with = "lenient")]
///     pub vpc_id: String,
///     /// `Pending` | `Available`.
///     #[serde(deserialize_with = "lenient")]
///     pub status: String,
///     #[serde(rename = "VRouterId", deserialize_with = "lenient")]
///     pub v_router_id: String,
///     #[serde(skip_serializing_if = "String::is_empty", deserialize_with = "lenient")]
///     pub next_token: String,
///     #[serde(deserialize_with = "nullable")]
///     pub tags: Tags,
/// }
/// ```
macro_rules! lenient_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        lenient_struct!(@munch [$(#[$meta])*] $name [] $($body)*);
    };
    // `..numbered_page`: the request id and the place of a page in a listing paged by
    // number (`RequestId`, `TotalCount`, `PageNumber`, `PageSize`, in that order).
    (@munch $meta:tt $name:ident [$($done:tt)*] ..numbered_page $(, $($rest:tt)*)?) => {
        lenient_struct!(@munch $meta $name [$($done)*]
            request_id: String,
            total_count: u64,
            page_number: u64,
            page_size: u64,
            $($($rest)*)?);
    };
    // A field read through `nullable`.
    (@munch $meta:tt $name:ident [$($done:tt)*]
        $(#[$field_meta:meta])* $field:ident : $ty:ty => nullable $(, $($rest:tt)*)?
    ) => {
        lenient_struct!(@munch $meta $name
            [$($done)* {[$(#[$field_meta])* #[serde(deserialize_with = "crate::api::lenient::nullable")]] $field [$ty]}]
            $($($rest)*)?);
    };
    // A field read by serde as its type says.
    (@munch $meta:tt $name:ident [$($done:tt)*]
        $(#[$field_meta:meta])* $field:ident : $ty:ty => serde $(, $($rest:tt)*)?
    ) => {
        lenient_struct!(@munch $meta $name
            [$($done)* {[$(#[$field_meta])*] $field [$ty]}]
            $($($rest)*)?);
    };
    // A field read through `lenient` (the default).
    (@munch $meta:tt $name:ident [$($done:tt)*]
        $(#[$field_meta:meta])* $field:ident : $ty:ty $(, $($rest:tt)*)?
    ) => {
        lenient_struct!(@munch $meta $name
            [$($done)* {[$(#[$field_meta])* #[serde(deserialize_with = "crate::api::lenient::lenient")]] $field [$ty]}]
            $($($rest)*)?);
    };
    // Every field read: the struct.
    (@munch [$($meta:tt)*] $name:ident [$({[$($field_meta:tt)*] $field:ident [$ty:ty]})*]) => {
        $($meta)*
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(default, rename_all = "PascalCase")]
        pub struct $name {
            $(
                $($field_meta)*
                pub $field: $ty,
            )*
        }
    };
}

/// Declares a request struct and its wire codec from one field table: each field is one
/// line `name: Type = "WireName" => Codec,` (the codecs are in [`crate::api::fields`]),
/// optionally `= "WireName" json "JsonName" =>` where the request's JSON form names the
/// field differently. The order of the table is the order on the wire.
///
/// `pub struct Name: params { … }` generates `to_params` / `from_params` (Alibaba,
/// Volcengine), `pub struct Name: json { … }` generates `to_json` / `from_json` (Tencent:
/// the JSON form is the wire). Both implement `Serialize` (absent fields left out) and
/// derive `Deserialize`. `, checked by path` adds a check of the whole request after
/// parsing (rules across fields). `..numbered_pages(LIMITS)` in the table stands for the
/// `page_number` / `page_size` fields of a listing paged by number.
macro_rules! wire_request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident : $mode:ident $(, checked by $check:path)? { $($body:tt)* }
    ) => {
        wire_request!(@munch [$(#[$meta])*] $name $mode [$($check)?] [] $($body)*);
    };
    // `..numbered_pages(LIMITS)`: the `PageNumber` / `PageSize` pair of a listing paged by
    // number, the size within the API's `PageLimits`.
    (@munch $meta:tt $name:ident $mode:ident $check:tt [$($done:tt)*]
        ..numbered_pages($limits:expr) $(, $($rest:tt)*)?
    ) => {
        wire_request!(@munch $meta $name $mode $check
            [$($done)*
                {[#[doc = "`PageNumber`, from 1 (default 1)."]] page_number [Option<u32>]
                    "PageNumber" "PageNumber" [crate::api::fields::PageNumber]}
                {[#[doc = "`PageSize`, from 1 to the API's largest page ([`PageLimits`](crate::api::PageLimits))."]]
                    page_size [Option<u32>] "PageSize" "PageSize" [crate::api::fields::PageSize($limits)]}]
            $($($rest)*)?);
    };
    // A field whose JSON name differs from its wire name.
    (@munch $meta:tt $name:ident $mode:ident $check:tt [$($done:tt)*]
        $(#[$field_meta:meta])* $field:ident : $ty:ty = $wire:literal json $json:literal
        => $codec:expr $(, $($rest:tt)*)?
    ) => {
        wire_request!(@munch $meta $name $mode $check
            [$($done)* {[$(#[$field_meta])*] $field [$ty] $wire $json [$codec]}]
            $($($rest)*)?);
    };
    // A field named alike on the wire and in JSON.
    (@munch $meta:tt $name:ident $mode:ident $check:tt [$($done:tt)*]
        $(#[$field_meta:meta])* $field:ident : $ty:ty = $wire:literal
        => $codec:expr $(, $($rest:tt)*)?
    ) => {
        wire_request!(@munch $meta $name $mode $check
            [$($done)* {[$(#[$field_meta])*] $field [$ty] $wire $wire [$codec]}]
            $($($rest)*)?);
    };
    // Every field read: the struct, its JSON form and its wire codec.
    (@munch [$($meta:tt)*] $name:ident $mode:ident [$($check:path)?]
        [$({[$($field_meta:tt)*] $field:ident [$ty:ty] $wire:literal $json:literal [$codec:expr]})*]
    ) => {
        $($meta)*
        #[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
        #[serde(default)]
        pub struct $name {
            $(
                $($field_meta)*
                #[serde(rename = $json)]
                pub $field: $ty,
            )*
        }

        wire_request!(@codec $mode $name [$($check)?] $({$field $wire [$codec]})*);
        wire_request!(@serialize $mode $name $({$field $json [$codec]})*);
    };
    (@codec params $name:ident [$($check:path)?] $({$field:ident $wire:literal [$codec:expr]})*) => {
        impl $name {
            /// The action parameters, in wire order.
            pub fn to_params(&self) -> Vec<(String, String)> {
                use crate::api::fields::ParamCodec as _;
                let mut out = crate::api::params::ParamWriter::new();
                $($codec.write(&mut out, $wire, &self.$field);)*
                out.finish()
            }

            /// Parses received parameters (common parameters such as `Action` are ignored).
            pub fn from_params(
                params: &[(String, String)],
            ) -> Result<Self, crate::api::params::ParamError> {
                use crate::api::fields::ParamCodec as _;
                let from = crate::api::params::ParamReader::new(params);
                let request = $name {
                    $($field: $codec.read(&from, $wire)?,)*
                };
                $($check(&request)?;)?
                Ok(request)
            }
        }

        wire_request!(@wire_payload $name, Params(params) => Self::from_params(params), Json,
            to_params, "takes query/form parameters, not JSON");
    };
    (@codec json $name:ident [$($check:path)?] $({$field:ident $wire:literal [$codec:expr]})*) => {
        impl $name {
            /// The parameters a body may carry.
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            /// The JSON body.
            pub fn to_json(&self) -> String {
                crate::api::tencent_json::to_json_string(self)
            }

            /// Parses a request body strictly (wrong JSON types and unknown parameters are
            /// errors).
            pub fn from_json(body: &[u8]) -> Result<Self, crate::api::params::ParamError> {
                use crate::api::fields::JsonCodec as _;
                let from = crate::api::tencent_json::JsonReader::parse(body, Self::FIELDS)?;
                let request = $name {
                    $($field: $codec.read_json(&from, $wire)?,)*
                };
                $($check(&request)?;)?
                Ok(request)
            }
        }

        wire_request!(@wire_payload $name, Json(body) => Self::from_json(body.as_bytes()), Params,
            to_json, "takes a JSON body");
    };
    // The WirePayload impl: the request travels as the `$own` payload (written by `$to`, read
    // by `$decode`); the `$other` payload is refused with "<action> $refusal".
    (@wire_payload $name:ident, $own:ident($data:ident) => $decode:expr, $other:ident,
        $to:ident, $refusal:literal) => {
        impl crate::api::WirePayload for $name {
            fn to_payload(&self) -> crate::api::RequestPayload {
                crate::api::RequestPayload::$own(self.$to())
            }

            fn from_payload(
                payload: &crate::api::RequestPayload,
                action: &str,
            ) -> Result<Self, crate::api::params::ParamError> {
                match payload {
                    crate::api::RequestPayload::$own($data) => $decode,
                    crate::api::RequestPayload::$other(_) => {
                        Err(crate::api::params::ParamError::InvalidBody {
                            reason: format!("{action} {}", $refusal),
                        })
                    }
                }
            }
        }
    };
    (@serialize params $name:ident $($fields:tt)*) => {
        wire_request!(@serialize_with ParamCodec $name $($fields)*);
    };
    (@serialize json $name:ident $($fields:tt)*) => {
        wire_request!(@serialize_with JsonCodec $name $($fields)*);
    };
    (@serialize_with $codec_trait:ident $name:ident $({$field:ident $json:literal [$codec:expr]})*) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use crate::api::fields::$codec_trait as _;
                use serde::ser::SerializeStruct as _;
                let present = 0 $(+ usize::from(!$codec.omitted(&self.$field)))*;
                let mut out = serializer.serialize_struct(stringify!($name), present)?;
                $(
                    if $codec.omitted(&self.$field) {
                        out.skip_field($json)?;
                    } else {
                        out.serialize_field($json, &self.$field)?;
                    }
                )*
                out.end()
            }
        }
    };
}

/// Implements [`ApiAction`](crate::api::ApiAction) for a request of
/// [`wire_request!`]: `api_action!(SERVICE, Request => Response, "Action")`, where
/// `SERVICE` is the [`Service`](crate::api::Service) the API belongs to.
macro_rules! api_action {
    ($service:expr, $req:ty => $resp:ty, $action:literal) => {
        impl crate::api::ApiAction for $req {
            const CLOUD: crate::api::Cloud = $service.cloud;
            const ACTION: &'static str = $action;
            const VERSION: &'static str = $service.version;
            const SERVICE: &'static str = $service.code;
            const METHOD: crate::api::HttpMethod = $service.method;
            type Response = $resp;

            fn encode(&self) -> crate::api::RequestPayload {
                crate::api::WirePayload::to_payload(self)
            }

            fn decode(
                payload: &crate::api::RequestPayload,
            ) -> Result<Self, crate::api::params::ParamError> {
                crate::api::WirePayload::from_payload(payload, $action)
            }
        }
    };
}

/// Implements [`WireResponse`] for a response struct with a `request_id: String` field.
macro_rules! wire_response {
    ($($t:ty),* $(,)?) => {$(
        impl crate::api::WireResponse for $t {
            fn request_id(&self) -> &str {
                &self.request_id
            }
        }
    )*};
}

/// Implements [`Lenient`](crate::api::lenient::Lenient) for structs that deserialise from
/// any JSON object through serde (nested objects a lenient `Option` may hold).
macro_rules! lenient_via_serde {
    ($($t:ty),* $(,)?) => {$(
        impl crate::api::lenient::Lenient for $t {
            fn from_value(value: serde_json::Value) -> Result<Self, String> {
                serde_json::from_value(value).map_err(|e| e.to_string())
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::{json, Value};

    use crate::api::lenient::{lenient, nullable};

    wrapped_list!(
        /// `{"Item": [...]}`.
        Items,
        "Item",
        String
    );

    lenient_struct! {
        /// Every kind of field the macro takes.
        pub struct Declared {
            vpc_id: String,
            /// A renamed field.
            #[serde(rename = "VRouterId")]
            v_router_id: String,
            count: u64,
            enabled: bool,
            #[serde(skip_serializing_if = "String::is_empty")]
            next_token: String,
            #[serde(alias = "RequestID")]
            request_id: String,
            zone: Option<String>,
            items: Items => nullable,
            detail: Option<Value> => serde,
        }
    }

    lenient_struct! {
        /// A struct that adds `Eq`.
        #[derive(Eq)]
        pub struct DeclaredEq {
            key: String,
            value: i64,
        }
    }

    /// [`Declared`] written out by hand, as the api modules did before the macro.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(default, rename_all = "PascalCase")]
    pub struct WrittenOut {
        #[serde(deserialize_with = "lenient")]
        pub vpc_id: String,
        #[serde(rename = "VRouterId", deserialize_with = "lenient")]
        pub v_router_id: String,
        #[serde(deserialize_with = "lenient")]
        pub count: u64,
        #[serde(deserialize_with = "lenient")]
        pub enabled: bool,
        #[serde(skip_serializing_if = "String::is_empty", deserialize_with = "lenient")]
        pub next_token: String,
        #[serde(alias = "RequestID", deserialize_with = "lenient")]
        pub request_id: String,
        #[serde(deserialize_with = "lenient")]
        pub zone: Option<String>,
        #[serde(deserialize_with = "nullable")]
        pub items: Items,
        pub detail: Option<Value>,
    }

    /// What `T` makes of `input`: its JSON form again, or the error's text.
    fn reading<T: Serialize + for<'de> Deserialize<'de>>(input: &str) -> Result<Value, String> {
        serde_json::from_str::<T>(input)
            .map(|parsed| serde_json::to_value(parsed).unwrap())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn lenient_struct_reads_and_writes_as_the_written_out_struct() {
        let inputs = [
            json!({}),
            json!({"VpcId": "vpc-1", "VRouterId": "vrt-1", "Count": 3, "Enabled": true,
                   "NextToken": "t", "RequestId": "r", "Zone": "z", "Items": {"Item": ["a"]},
                   "Detail": {"k": 1}}),
            json!({"VpcId": 5, "Count": "42", "Enabled": "1", "RequestID": "legacy",
                   "Zone": null, "Items": null, "Detail": null}),
            json!({"Items": {"Item": "one"}, "NextToken": "", "Unknown": [1, 2]}),
            json!({"Count": "4x"}),
            json!({"Enabled": "maybe"}),
            json!({"Items": 7}),
            json!({"VpcId": [1]}),
            json!(null),
            json!([]),
        ];
        for input in inputs {
            let text = input.to_string();
            // The errors name the struct: the same words but for its name.
            let written_out =
                reading::<WrittenOut>(&text).map_err(|e| e.replace("WrittenOut", "Declared"));
            assert_eq!(reading::<Declared>(&text), written_out, "{text}");
        }
        let declared: Declared =
            serde_json::from_value(json!({"VpcId": 5, "Items": {"Item": ["a", "b"]}})).unwrap();
        assert_eq!(declared.vpc_id, "5");
        assert_eq!(declared.items.items, ["a", "b"]);
    }

    #[test]
    fn lenient_struct_takes_extra_derives() {
        fn is_eq<T: Eq>(_: &T) {}
        let parsed: DeclaredEq = serde_json::from_value(json!({"Key": 1, "Value": "2"})).unwrap();
        is_eq(&parsed);
        assert_eq!(
            parsed,
            DeclaredEq {
                key: "1".into(),
                value: 2
            }
        );
    }
}
