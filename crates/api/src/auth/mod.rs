//! Authentication: password hashing, access tokens, refresh tokens, login throttling and the
//! extractor that turns a bearer token into the acting user.

pub mod extractor;
pub mod jwt;
pub mod password;
pub mod refresh;
pub mod throttle;

pub use extractor::AuthUser;
