//! From the kind table to the client: [`coalesced_reads!`] turns each declared read into its
//! [`ReadKind`](super::kind::ReadKind), its batcher in the client's `Coalescer`, its
//! [`CoalesceStats`] field and its public `describe_*` method(s); the client methods that
//! concern every kind (statistics, forgetting cached items, region-scan settings) and the
//! one read composed of two kinds are written here.

use std::fmt;

use tether_wire::api::alibaba_ess;

use super::table::{CoalesceStats, Coalescer};
use super::{CachedKind, RegionScan};
use crate::client::{CallContext, Client};
use crate::error::ClientError;

/// Declares the coalesced reads (`table.rs`). For each entry `name: Api { kind { .. } read .. }`
/// it makes the kind `KINDS.name` (a [`ReadKind`](super::kind::ReadKind) of the `kind`
/// fields: `max_ids`, `request` and `id_of`, then those that differ from
/// [`ReadKind::new`](super::kind::ReadKind::new)'s), the batcher `Coalescer::name`, the field [`CoalesceStats`]`::name` and one method
/// of [`Client`] per `read`: `read describe_x(id) -> Item;` is `describe_x(id, ctx)`, and
/// `read describe_x(id in key) -> Item;` is `describe_x(key, id, ctx)`, reading in the batch
/// of that key (a region or a parent, as the kind's `batch_key` says; without one, a
/// region-keyed read is in the client's region).
macro_rules! coalesced_reads {
    (@key) => { None };
    (@key $key:ident) => { Some($key) };

    ($(
        $name:ident: $api:ty {
            kind {
                max_ids: $max_ids:expr,
                request: $request:expr,
                id_of: $id_of:expr,
                $($field:ident: $value:expr,)*
            }
            $(
                $(#[$doc:meta])*
                read $read:ident($id:ident $(in $key:ident)?) -> $item:ty;
            )+
        }
    )*) => {
        /// Every kind of coalesced read, by the name of its batcher.
        pub(crate) struct Kinds {
            $(pub(crate) $name: $crate::coalesce::kind::ReadKind<$api>,)*
        }

        /// The kind table.
        pub(crate) static KINDS: Kinds = Kinds {
            $($name: $crate::coalesce::kind::ReadKind {
                $($field: $value,)*
                ..$crate::coalesce::kind::ReadKind::<$api>::new($max_ids, $request, $id_of)
            },)*
        };

        /// [`BatchStats`](crate::BatchStats) of each kind of coalesced read of one client.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct CoalesceStats {
            $(
                #[doc = "Reads through"]
                $(#[doc = concat!(
                    "[`Client::", stringify!($read), "`](crate::Client::", stringify!($read), ")"
                )])+
                pub $name: $crate::coalesce::BatchStats,
            )*
        }

        /// The batchers of one client (shared by its clones).
        #[derive(Clone)]
        pub(crate) struct Coalescer {
            $($name: ::std::sync::Arc<$crate::coalesce::batcher::Batcher<$api>>,)*
        }

        impl Default for Coalescer {
            fn default() -> Self {
                Coalescer {
                    $($name: ::std::sync::Arc::new(
                        $crate::coalesce::batcher::Batcher::new(&KINDS.$name),
                    ),)*
                }
            }
        }

        impl Coalescer {
            /// What each batcher did so far.
            pub(crate) fn stats(&self) -> CoalesceStats {
                CoalesceStats {
                    $($name: self.$name.stats(),)*
                }
            }

            /// Makes the snapshots of `kind` forget `id`.
            pub(crate) fn forget(&self, kind: $crate::coalesce::CachedKind, id: &str) {
                $(self.$name.forget(kind, id);)*
            }

            /// New region-scan settings for every kind that scans.
            pub(crate) fn set_region_scan(&self, settings: $crate::coalesce::RegionScan) {
                $(self.$name.set_region_scan(settings);)*
            }
        }

        impl $crate::client::Client {
            $($(
                $(#[$doc])*
                pub async fn $read(
                    &self,
                    $($key: &str,)?
                    $id: &str,
                    ctx: &$crate::client::CallContext,
                ) -> Result<Option<$item>, $crate::error::ClientError> {
                    let key = coalesced_reads!(@key $($key)?);
                    self.coalesce.$name.get(self, key, $id, ctx).await
                }
            )+)*
        }
    };
}

pub(super) use coalesced_reads;

impl fmt::Debug for Coalescer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coalescer")
            .field("stats", &self.stats())
            .finish()
    }
}

impl Client {
    /// The active scaling configuration of the group `scaling_group_id`: the group's
    /// `ActiveScalingConfigurationId` ([`Client::describe_scaling_group`]), then that
    /// configuration ([`Client::describe_scaling_configuration`]); both reads are coalesced.
    /// `Ok(None)`: no such group, or a group without an active configuration (one that
    /// launches from a template), whose instance types AttachInstances does not compare.
    pub async fn active_scaling_configuration(
        &self,
        scaling_group_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_ess::ScalingConfiguration>, ClientError> {
        let Some(group) = self.describe_scaling_group(scaling_group_id, ctx).await? else {
            return Ok(None);
        };
        if group.active_scaling_configuration_id.is_empty() {
            return Ok(None);
        }
        self.describe_scaling_configuration(&group.active_scaling_configuration_id, ctx)
            .await
    }

    /// What the coalesced reads of this client (and its clones) did so far.
    pub fn coalesce_stats(&self) -> CoalesceStats {
        self.coalesce.stats()
    }

    /// Makes region snapshots of this client (and its clones) forget `id` of `kind`: the
    /// next read of `id` asks the cloud. Call it after every create, modify or delete of
    /// an EIP, Tencent address or HaVip made through this client (a running scan is
    /// covered too). Costs nothing when there is no snapshot.
    pub fn forget_cached(&self, kind: CachedKind, id: &str) {
        self.coalesce.forget(kind, id);
    }

    /// Replaces the region-scan settings of this client (and its clones), dropping current
    /// snapshots and read counts. `RegionScan { enabled: false, ..Default::default() }`
    /// turns scanning off.
    pub fn set_region_scan(&self, settings: RegionScan) {
        self.coalesce.set_region_scan(settings);
    }
}
