//! Applying the master-data access policy to a request. The policy itself — which role may read
//! or change what — is `cebase_domain::access`; this module resolves what "own" means for the
//! caller (the person linked to their account, and that person's employer), turns the policy
//! into the store's [`Visibility`] for lists, and checks single records. Every master-data
//! handler authorises through here and nowhere else.
//!
//! Refusals: a role that may read nothing of a resource gets 403 `forbidden`; a role that may
//! read some of it gets 404 `not_found` for a record outside its scope, exactly as for a record
//! that does not exist, so identifiers cannot be probed.

use cebase_domain::access::{self, MasterResource};
use cebase_domain::master::{Course, IdVisibility, Organisation, Partner, Person, Teacher};
use cebase_store::listing::Visibility;
use cebase_store::{ConnectionTrait, people};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiError;

/// What of `resource` the caller may read: everything, or only their own records.
/// 403 when the caller's roles grant nothing of it.
pub async fn readable(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    resource: MasterResource,
) -> Result<Visibility, ApiError> {
    let scope = access::read_scope(&auth.user.roles, resource);
    if scope.all {
        return Ok(Visibility::All);
    }
    if scope.is_none() {
        return Err(ApiError::forbidden());
    }
    let me = people::find_by_user(db, auth.id()).await?;
    Ok(Visibility::Only {
        organisation: me
            .as_ref()
            .and_then(|p| p.data.employer_id)
            .filter(|_| scope.own_organisation),
        person: me.as_ref().map(|p| p.id).filter(|_| scope.own_person),
    })
}

/// 403 unless the caller may create and change records of `resource`.
pub fn require_write(auth: &AuthUser, resource: MasterResource) -> Result<(), ApiError> {
    if access::may_write(&auth.user.roles, resource) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// How the caller sees identity document numbers when reading one person (lists always mask).
pub fn id_visibility(auth: &AuthUser) -> IdVisibility {
    access::id_visibility(&auth.user.roles)
}

/// 404 unless `record` lies within `visibility`.
pub fn ensure_visible<R: Scoped>(visibility: Visibility, record: &R) -> Result<(), ApiError> {
    let visible = match visibility {
        Visibility::All => true,
        Visibility::Only {
            organisation,
            person,
        } => {
            record
                .organisation()
                .is_some_and(|o| organisation == Some(o))
                || record.person().is_some_and(|p| person == Some(p))
        }
    };
    if visible {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// The organisation and person a record belongs to, for scoped reads.
pub trait Scoped {
    fn organisation(&self) -> Option<Uuid> {
        None
    }
    fn person(&self) -> Option<Uuid> {
        None
    }
}

impl Scoped for Organisation {
    fn organisation(&self) -> Option<Uuid> {
        Some(self.id)
    }
}

impl Scoped for Partner {
    fn organisation(&self) -> Option<Uuid> {
        Some(self.data.organisation_id)
    }
}

/// A person belongs to their employer and to themselves.
impl Scoped for Person {
    fn organisation(&self) -> Option<Uuid> {
        self.data.employer_id
    }
    fn person(&self) -> Option<Uuid> {
        Some(self.id)
    }
}

impl Scoped for Teacher {
    fn person(&self) -> Option<Uuid> {
        Some(self.person_id)
    }
}

/// Courses belong to no one: they are readable by every role that may read courses at all.
impl Scoped for Course {}
