//! Small reusable view pieces shared by the pages.

pub mod guard;
pub mod lang_switch;
pub mod pager;
pub mod problem;
pub mod role_picker;
