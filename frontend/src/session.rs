//! Who is logged in, as the views see it: a reactive [`AuthState`] provided as context.
//!
//! The tokens themselves belong to `crate::api`; this module only knows whether a user is known,
//! being looked up (after a reload, from the tokens kept in `sessionStorage`), or absent.

use cebase_domain::access::{self, MasterResource, TrainingResource};
use cebase_domain::dto::{LoginRequest, UserDto};
use cebase_domain::{Role, RoleSet};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};

#[derive(Debug, Clone, PartialEq)]
pub enum AuthState {
    /// Tokens from an earlier visit are being checked with `GET /me`.
    Checking,
    /// Nobody is logged in.
    Anonymous,
    /// The tokens exist but the account could not be loaded (e.g. the server is unreachable).
    Unavailable(ApiError),
    LoggedIn(UserDto),
}

/// The session context: read it with [`use_session`].
#[derive(Debug, Clone, Copy)]
pub struct Session {
    state: RwSignal<AuthState>,
    /// Why the user is back on the login page, shown there once (e.g. password changed).
    notice: RwSignal<Option<crate::i18n::Text>>,
}

impl Session {
    /// Creates the context, resuming a session kept by this tab, and provides it.
    pub fn provide() -> Session {
        let resuming = api::has_session();
        let session = Session {
            state: RwSignal::new(if resuming {
                AuthState::Checking
            } else {
                AuthState::Anonymous
            }),
            notice: RwSignal::new(None),
        };
        provide_context(session);
        api::on_session_lost(move || session.state.set(AuthState::Anonymous));
        if resuming {
            session.reload();
        }
        session
    }

    pub fn state(&self) -> AuthState {
        self.state.get()
    }

    /// The logged-in account, if any (tracked).
    pub fn user(&self) -> Option<UserDto> {
        self.state.with(|s| match s {
            AuthState::LoggedIn(user) => Some(user.clone()),
            _ => None,
        })
    }

    pub fn is_logged_in(&self) -> bool {
        self.state.with(|s| matches!(s, AuthState::LoggedIn(_)))
    }

    pub fn is_admin(&self) -> bool {
        self.state.with(|s| match s {
            AuthState::LoggedIn(user) => user.roles.contains(&Role::Admin),
            _ => false,
        })
    }

    /// The logged-in account's roles (tracked); `None` without a session.
    pub fn role_set(&self) -> Option<RoleSet> {
        self.state.with(|s| match s {
            AuthState::LoggedIn(user) => {
                RoleSet::new(user.roles.iter().copied(), user.reviewer_authority).ok()
            }
            _ => None,
        })
    }

    /// Whether the account may read every record of `resource` (tracked). The SPA offers a
    /// directory only to such roles; the server enforces the same policy
    /// (`cebase_domain::access`).
    pub fn reads_all(&self, resource: MasterResource) -> bool {
        self.role_set()
            .is_some_and(|roles| access::read_scope(&roles, resource).all)
    }

    /// Whether the account may create and change records of `resource` (tracked; every
    /// master-data resource has the same writers).
    pub fn writes(&self, _resource: MasterResource) -> bool {
        self.role_set()
            .is_some_and(|roles| access::Operation::WriteMasterData.allows(&roles))
    }

    /// Whether the account may open the class list (tracked): staff, admin, finance and
    /// reviewers all classes; teachers the classes they teach; organisation contacts theirs and
    /// those open to enrolment. Trainees see theirs under "my classes" instead.
    pub fn sees_classes(&self) -> bool {
        self.role_set().is_some_and(|roles| {
            let scope = access::training_read_scope(&roles, TrainingResource::Classes);
            scope.all || scope.own_teaching || scope.own_organisation
        })
    }

    /// Whether the account may create classes, change them, their schedule and lifecycle, and
    /// enrol anyone (staff and admin; tracked).
    pub fn manages_classes(&self) -> bool {
        self.role_set()
            .is_some_and(|roles| access::Operation::ManageClasses.allows(&roles))
    }

    /// Whether the account has `role` (tracked).
    pub fn has_role(&self, role: Role) -> bool {
        self.role_set().is_some_and(|roles| roles.contains(role))
    }

    /// Looks the account up again with the kept tokens (after a reload, or to retry).
    pub fn reload(&self) {
        let session = *self;
        session.state.set(AuthState::Checking);
        spawn_local(async move {
            let next = match api::me().await {
                Ok(user) => AuthState::LoggedIn(user),
                Err(ApiError::SessionExpired) => AuthState::Anonymous,
                Err(error) => AuthState::Unavailable(error),
            };
            session.state.set(next);
        });
    }

    /// Logs in and loads the account; the state changes only on success.
    pub async fn login(&self, request: LoginRequest) -> Result<(), ApiError> {
        api::login(&request).await?;
        self.notice.set(None);
        match api::me().await {
            Ok(user) => {
                self.state.set(AuthState::LoggedIn(user));
                Ok(())
            }
            Err(error) => {
                api::forget_tokens();
                Err(error)
            }
        }
    }

    /// Forgets the session here when the server has already ended it (e.g. after a password
    /// change, which ends every session of the account), leaving `notice` for the login page.
    pub fn ended_by_server(&self, notice: impl Into<crate::i18n::Text>) {
        api::forget_tokens();
        self.notice.set(Some(notice.into()));
        self.state.set(AuthState::Anonymous);
    }

    /// The notice left for the login page, if any (tracked).
    pub fn notice(&self) -> Option<crate::i18n::Text> {
        self.notice.get()
    }

    /// Ends the session on the server and here.
    pub async fn logout(&self) {
        api::logout().await;
        self.state.set(AuthState::Anonymous);
    }
}

/// The session context provided by [`Session::provide`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}
