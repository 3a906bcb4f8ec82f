//! The emulated services and what each one registers: a table of the actions it answers
//! (action name → handler, and whether the action writes) and the steps that settle its
//! asynchronous work. The tables are assembled once, in [`ALL`]; the server finds a
//! handler through [`route`], and [`advance`] settles every service's due transitions
//! before each request is served. The filter tests the describe handlers share live in
//! `filters`, what their view builders share in `views`, the id-or-filter listing of
//! Tencent's describes in `tencent_listing`.

pub mod alibaba_ecs;
pub mod alibaba_ess;
pub mod alibaba_slb;
pub mod alibaba_vpc;
pub mod eip_transitions;
mod filters;
pub mod tencent_cvm;
mod tencent_listing;
pub mod tencent_vpc;
mod views;
pub mod volcengine_ecs;
pub mod volcengine_vpc;

use tether_wire::api::{ActionInfo, ApiAction};
use tether_wire::cloud::Cloud;

use crate::call::{Call, Outcome};
use crate::state::{Inventory, World};

/// One API handler: reads the call, works on the world, answers.
pub type Handler = fn(&mut World, &Call) -> Outcome;

/// Settles the transitions of a service that are due at `now_ms` (wall-clock
/// milliseconds); returns whether anything changed.
pub type Settle = fn(&mut Inventory, u64) -> bool;

/// One action a service answers.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    /// The API, as `tether_wire` declares it.
    pub api: ActionInfo,
    /// Whether the action changes the inventory: only writes check client tokens, and only
    /// their success is persisted (`--state`).
    pub writes: bool,
    pub handler: Handler,
}

impl Route {
    /// A read of request type `R`.
    pub const fn read<R: ApiAction>(handler: Handler) -> Route {
        Route {
            api: ActionInfo::of::<R>(),
            writes: false,
            handler,
        }
    }

    /// A write of request type `R`.
    pub const fn write<R: ApiAction>(handler: Handler) -> Route {
        Route {
            api: ActionInfo::of::<R>(),
            writes: true,
            handler,
        }
    }
}

/// What one service registers.
#[derive(Clone, Copy, Debug)]
pub struct Service {
    pub routes: &'static [Route],
    /// Run in this order by [`advance`].
    pub settle: &'static [Settle],
}

/// Every emulated service. Transitions settle in this order (a Tencent EIP settles before
/// the orphaned-task check of the same service looks at its task).
pub const ALL: &[Service] = &[
    alibaba_vpc::SERVICE,
    alibaba_ess::SERVICE,
    alibaba_ecs::SERVICE,
    alibaba_slb::SERVICE,
    tencent_vpc::SERVICE,
    tencent_cvm::SERVICE,
    volcengine_vpc::SERVICE,
    volcengine_ecs::SERVICE,
];

/// The route of `action` on `cloud`, if a service registers it.
pub fn route(cloud: Cloud, action: &str) -> Option<&'static Route> {
    ALL.iter()
        .flat_map(|s| s.routes)
        .find(|r| r.api.cloud == cloud && r.api.action == action)
}

/// Settles every transition whose deadline is at or before `now_ms` (called before every
/// request, so no background timer is needed and a persisted state settles correctly after
/// a restart). Returns whether anything changed.
pub fn advance(world: &mut World, now_ms: u64) -> bool {
    let mut changed = false;
    for settle in ALL.iter().flat_map(|s| s.settle) {
        changed |= settle(&mut world.inventory, now_ms);
    }
    changed
}

#[cfg(test)]
mod tests {
    use tether_wire::api::ACTIONS;

    use super::*;

    #[test]
    fn every_api_has_exactly_one_route() {
        for info in &ACTIONS {
            let routes = ALL
                .iter()
                .flat_map(|s| s.routes)
                .filter(|r| r.api == *info)
                .count();
            assert_eq!(routes, 1, "{:?} {}", info.cloud, info.action);
        }
        let total: usize = ALL.iter().map(|s| s.routes.len()).sum();
        assert_eq!(total, ACTIONS.len());
    }

    #[test]
    fn the_writes_are_the_associations_and_attachments() {
        let writes = [
            "Associate",
            "Unassociate",
            "Disassociate",
            "Attach",
            "Detach",
        ];
        for r in ALL.iter().flat_map(|s| s.routes) {
            let named_as_write = writes.iter().any(|w| r.api.action.starts_with(w));
            assert_eq!(r.writes, named_as_write, "{}", r.api.action);
        }
    }
}
