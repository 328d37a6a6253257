//! One module per client-side route.

pub mod account;
pub mod audit;
pub mod home;
pub mod login;
pub mod users;
