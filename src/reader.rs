//! The anonymous reader id: random, kept in localStorage, and written only when
//! the reader first reacts (a plain view stores nothing). No cookies.

use std::cell::RefCell;

const KEY: &str = "newscard-reader";

thread_local! {
    /// Used when storage is blocked, so reactions still work for this page view.
    static FALLBACK: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The reader's id if they have reacted before.
pub fn existing() -> Option<String> {
    let stored = storage().and_then(|s| s.get_item(KEY).ok().flatten());
    stored.or_else(|| FALLBACK.with(|id| id.borrow().clone()))
}

/// The reader's id, made and stored now if they have none.
pub fn get_or_create() -> String {
    if let Some(id) = existing() {
        return id;
    }
    let id = random_id();
    let saved = storage().is_some_and(|s| s.set_item(KEY, &id).is_ok());
    if !saved {
        FALLBACK.with(|fallback| *fallback.borrow_mut() = Some(id.clone()));
    }
    id
}

/// 128 random bits from the browser's CSPRNG, as 32 hex digits.
fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
