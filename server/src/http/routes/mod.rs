//! One `router()` per module, merged in `startup`.

pub mod articles;
pub mod assets;
pub mod health;
pub mod metrics;
pub mod ranking;
pub mod reactions;
pub mod related;
pub mod shares;
pub mod site_guard;
pub mod widget;
