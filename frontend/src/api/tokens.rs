//! Where the session's tokens live: the access token in memory and in `sessionStorage`, the
//! refresh token in `sessionStorage` only.
//!
//! `sessionStorage` survives a reload of the tab but is not shared with other tabs, and it is
//! gone when the tab closes — the session is as long-lived as the tab, no longer. Nothing here is
//! reactive; the reactive "who is logged in" lives in `crate::session`.

use std::cell::RefCell;

use cebase_domain::dto::TokenResponse;

const ACCESS_KEY: &str = "cebase.access_token";
const REFRESH_KEY: &str = "cebase.refresh_token";

thread_local! {
    /// The access token, so requests need not touch storage each time.
    static ACCESS: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    session_storage()?
        .get_item(key)
        .ok()
        .flatten()
        .filter(|v| !v.is_empty())
}

/// The current access token (from memory, or from `sessionStorage` after a reload).
pub fn access_token() -> Option<String> {
    if let Some(token) = ACCESS.with_borrow(Clone::clone) {
        return Some(token);
    }
    let stored = read(ACCESS_KEY);
    ACCESS.set(stored.clone());
    stored
}

pub fn refresh_token() -> Option<String> {
    read(REFRESH_KEY)
}

/// True when this tab holds tokens from an earlier login (they may have expired).
pub fn has_session() -> bool {
    access_token().is_some() || refresh_token().is_some()
}

/// Keeps the tokens of a login or refresh answer.
pub fn store(tokens: &TokenResponse) {
    ACCESS.set(Some(tokens.access_token.clone()));
    if let Some(storage) = session_storage() {
        // Storage can be full or disabled; the in-memory token still serves this page's life.
        let _ = storage.set_item(ACCESS_KEY, &tokens.access_token);
        let _ = storage.set_item(REFRESH_KEY, &tokens.refresh_token);
    }
}

/// Forgets both tokens (logout, or a session the server no longer accepts).
pub fn clear() {
    ACCESS.set(None);
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(ACCESS_KEY);
        let _ = storage.remove_item(REFRESH_KEY);
    }
}
