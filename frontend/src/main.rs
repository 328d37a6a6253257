//! Entry point of the cebase single-page app: installs the panic hook and mounts [`app::App`]
//! on `<body>`. Everything else lives in the modules below.

mod api;
mod app;
mod components;
mod i18n;
mod pages;
mod session;
mod time;

fn main() {
    // Panics show up in the browser console with their message instead of "unreachable".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
