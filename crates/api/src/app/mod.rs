//! The application layer: one module per use-case area, each use case an
//! `async fn(&Ctx, Command) -> Result<Dto, ApiError>`. A use case checks the caller's permission,
//! reads and writes through `cebase_store` (audited writes in one `begin_write` transaction) and
//! applies the rules of `cebase_domain`; the HTTP handlers in `routes/` only extract, call and
//! respond. [`review`] is the one shape of a review transition (plans, class reports).

pub mod assessments;
pub mod attendance;
pub mod audit;
pub mod class_reports;
pub mod classes;
pub mod completion;
pub mod courses;
pub mod dashboard;
pub mod enrolments;
pub mod evaluations;
pub mod exports;
pub mod learning_records;
pub mod materials;
pub mod needs;
pub mod organisations;
pub mod partners;
pub mod people;
pub mod person_registrations;
pub mod plans;
pub mod review;
pub mod sessions;
pub mod teachers;
pub mod users;
mod writes;

pub(crate) use writes::{
    commit, create_audited, record_audit, unknown_reference, update_audited, validated,
};

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use cebase_domain::plans::shanghai_date;
use cebase_store::DatabaseConnection;
use chrono::{DateTime, NaiveDate, Utc};

use crate::auth::AuthUser;
use crate::config::Settings;
use crate::credentials::CertificateFont;
use crate::error::ApiError;
use crate::state::AppState;

/// What time it is for a use case.
#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed instant (tests).
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => at,
        }
    }

    /// The base's local date now (Asia/Shanghai).
    pub fn today(self) -> NaiveDate {
        shanghai_date(self.now())
    }
}

/// What every use case runs with: the database, the settings, the clock and the caller.
pub struct Ctx {
    state: web::Data<AppState>,
    pub caller: AuthUser,
    pub clock: Clock,
}

impl Ctx {
    pub fn new(state: web::Data<AppState>, caller: AuthUser) -> Self {
        Self {
            state,
            caller,
            clock: Clock::System,
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    pub fn settings(&self) -> &Settings {
        &self.state.settings
    }

    /// Password hashing (argon2id, a bounded number at once, off the runtime's threads).
    pub fn passwords(&self) -> &crate::auth::password::Hashing {
        &self.state.passwords
    }

    /// The font formal documents are set in.
    pub fn font(&self) -> CertificateFont {
        self.state.certificate_font.clone()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }
}

/// A handler takes the `Ctx` as its first argument: the application state and the
/// authenticated caller (401 as `AuthUser` answers).
impl FromRequest for Ctx {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let caller = AuthUser::from_request(req, payload);
        Box::pin(async move {
            let caller = caller.await?;
            let state = state
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?;
            Ok(Ctx::new(state, caller))
        })
    }
}
