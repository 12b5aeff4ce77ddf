//! One `router()` per module, merged in `startup`.

pub mod assets;
pub mod health;
pub mod ranking;
pub mod reactions;
pub mod shares;
pub mod site_guard;
pub mod widget;
