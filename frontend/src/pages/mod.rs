//! One module per client-side route (a directory's list and its `/:id` page share a module).

pub mod account;
pub mod audit;
// --- certificates ---
pub mod certificates;
pub mod classes;
pub mod courses;
pub mod home;
pub mod login;
// --- materials3 ---
pub mod materials;
pub mod my_classes;
pub mod my_people;
pub mod organisations;
pub mod people;
pub mod plans;
pub mod records;
pub mod teachers;
pub mod users;
// --- reports ---
pub mod class_reports;
pub mod dashboard;
pub mod evaluation;
pub mod follow_ups;
pub mod needs;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// The `:id` of the current route, if it is a UUID.
pub fn route_id() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|id| id.parse().ok())))
}
