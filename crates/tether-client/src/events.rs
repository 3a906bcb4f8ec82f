//! The call events of the client's log ([`call_event!`]): every `tracing` event about a call
//! of an API names its cloud and action the same way.

/// A `tracing` event at `level` (`debug`, `trace`) about a call of API `A` (a type
/// implementing [`tether_wire::api::ApiAction`]), with its `cloud` and `action` as the first
/// fields: `call_event!(debug, A, attempt, "sending request")`.
macro_rules! call_event {
    ($level:ident, $api:ident, $($fields:tt)+) => {
        tracing::$level!(cloud = %$api::CLOUD, action = $api::ACTION, $($fields)+)
    };
}

pub(crate) use call_event;
