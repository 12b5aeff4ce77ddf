//! What waits for data holds its component's reactive owner weakly, and builds
//! the parts inside it once the data arrives, so what they register with
//! `on_cleanup` (listeners, live streams, requests) goes with the component. A
//! strong owner held across the wait would keep an unmounted widget alive.

use leptos::prelude::Owner;
use leptos::reactive::owner::WeakOwner;

/// The current component's owner, held weakly.
pub fn current() -> Option<WeakOwner> {
    Owner::current().map(|owner| owner.downgrade())
}

/// Runs `build` inside `owner`; `false` (and nothing built) if the component
/// is gone.
pub fn build_in(owner: &Option<WeakOwner>, build: impl FnOnce()) -> bool {
    match owner.as_ref().and_then(WeakOwner::upgrade) {
        Some(owner) => {
            owner.with(build);
            true
        }
        None => false,
    }
}
