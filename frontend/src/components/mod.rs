//! Small reusable view pieces shared by the pages.

pub mod form;
pub mod guard;
pub mod lang_switch;
pub mod list;
pub mod names;
pub mod pager;
pub mod picker;
pub mod problem;
pub mod role_picker;
pub mod select;
