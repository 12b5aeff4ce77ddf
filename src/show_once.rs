//! Views built once, when their data arrives, instead of a reactive closure
//! over a loading state: tachys compiles a closure's re-render of everything
//! it returns (for the article widget, 30 KB of wasm) for a change that
//! happens once.

use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;
use leptos::tachys::view::{Mountable, Render};
use send_wrapper::SendWrapper;
use web_sys::Element;

/// The current component's owner, held weakly by what waits for data: a
/// strong one would keep the component alive (its requests unaborted) after
/// it is unmounted.
pub fn current_owner() -> Option<WeakOwner> {
    Owner::current().map(|owner| owner.downgrade())
}

/// Builds `view` and appends it to `parent`, unless the component that asked
/// (`owner`) is gone. The view gets a child owner of its own: its event
/// handlers hold their owner, and holding the component's from inside the
/// component's own cleanups would be a cycle that is never freed.
pub fn show_once<V: IntoView + 'static>(
    owner: &WeakOwner,
    parent: &Element,
    view: impl FnOnce() -> V,
) {
    let Some(owner) = owner.upgrade() else {
        return;
    };
    let child = owner.child();
    let built = child.with(|| {
        let mut built = view().into_view().build();
        built.mount(parent, None);
        built
    });
    let kept = SendWrapper::new((child, built));
    owner.with(|| on_cleanup(move || drop(kept)));
}
