//! Who may read and change master data (`docs/domain.md`, "People and roles"): the policy, in one
//! place, as a function of the caller's roles. The server resolves "own" to concrete records
//! (the caller's person record and its employer) and applies the result to every list and read;
//! the SPA may use the same policy to decide what to offer.
//!
//! | resource | read everything | read own | write |
//! |---|---|---|---|
//! | organisations | admin, staff, finance, reviewer | org_contact: own organisation | admin, staff |
//! | partners | admin, staff | — | admin, staff |
//! | people | admin, staff | org_contact: own organisation's people; trainee, teacher: own person | admin, staff |
//! | teachers | admin, staff | teacher: own teacher record | admin, staff |
//! | courses | admin, staff, finance, reviewer | — | admin, staff |
//!
//! A caller's organisation is the employer recorded on the person linked to the caller's account.
//! Identity document numbers are shown in full only to admin and staff reading one person.

use crate::master::IdVisibility;
use crate::{Role, RoleSet};

/// A master-data resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MasterResource {
    Organisations,
    Partners,
    People,
    Teachers,
    Courses,
}

/// How much of a resource a caller may read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadScope {
    /// Every record.
    pub all: bool,
    /// Records of the caller's organisation: the organisation itself, or the people it employs.
    pub own_organisation: bool,
    /// The caller's own person record, or the teacher record of that person.
    pub own_person: bool,
}

impl ReadScope {
    /// True when the caller may read nothing of the resource (answered 403).
    pub fn is_none(&self) -> bool {
        !self.all && !self.own_organisation && !self.own_person
    }
}

const MANAGERS: &[Role] = &[Role::Admin, Role::Staff];

/// What `roles` may read of `resource`.
pub fn read_scope(roles: &RoleSet, resource: MasterResource) -> ReadScope {
    use MasterResource as R;
    let all_readers: &[Role] = match resource {
        R::Organisations | R::Courses => &[Role::Admin, Role::Staff, Role::Finance, Role::Reviewer],
        R::Partners | R::People | R::Teachers => MANAGERS,
    };
    ReadScope {
        all: roles.any(all_readers),
        own_organisation: matches!(resource, R::Organisations | R::People)
            && roles.contains(Role::OrgContact),
        own_person: match resource {
            R::People => roles.any(&[Role::Trainee, Role::Teacher]),
            R::Teachers => roles.contains(Role::Teacher),
            _ => false,
        },
    }
}

/// Whether `roles` may create and change records of `resource` (including verifying a teacher's
/// evidence).
pub fn may_write(roles: &RoleSet, _resource: MasterResource) -> bool {
    roles.any(MANAGERS)
}

/// How identity document numbers are shown to `roles` when reading **one** person; lists always
/// mask them.
pub fn id_visibility(roles: &RoleSet) -> IdVisibility {
    if roles.any(MANAGERS) {
        IdVisibility::Full
    } else {
        IdVisibility::Masked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Authority;

    fn roles(r: &[Role]) -> RoleSet {
        let authority = r.contains(&Role::Reviewer).then_some(Authority::Miit);
        RoleSet::new(r.iter().copied(), authority).expect("valid roles")
    }

    fn everything() -> ReadScope {
        ReadScope {
            all: true,
            ..ReadScope::default()
        }
    }

    #[test]
    fn managers_read_and_write_everything_and_see_id_numbers() {
        for r in [Role::Admin, Role::Staff] {
            for resource in [
                MasterResource::Organisations,
                MasterResource::Partners,
                MasterResource::People,
                MasterResource::Teachers,
                MasterResource::Courses,
            ] {
                assert!(read_scope(&roles(&[r]), resource).all);
                assert!(may_write(&roles(&[r]), resource));
            }
            assert_eq!(id_visibility(&roles(&[r])), IdVisibility::Full);
        }
    }

    #[test]
    fn finance_and_reviewers_read_organisations_and_courses_only() {
        for r in [Role::Finance, Role::Reviewer] {
            let set = roles(&[r]);
            assert_eq!(
                read_scope(&set, MasterResource::Organisations),
                everything()
            );
            assert_eq!(read_scope(&set, MasterResource::Courses), everything());
            assert!(read_scope(&set, MasterResource::People).is_none());
            assert!(read_scope(&set, MasterResource::Teachers).is_none());
            assert!(read_scope(&set, MasterResource::Partners).is_none());
            assert!(!may_write(&set, MasterResource::Courses));
            assert_eq!(id_visibility(&set), IdVisibility::Masked);
        }
    }

    #[test]
    fn external_roles_read_only_their_own() {
        let contact = roles(&[Role::OrgContact]);
        let own_org = ReadScope {
            own_organisation: true,
            ..ReadScope::default()
        };
        assert_eq!(read_scope(&contact, MasterResource::People), own_org);
        assert_eq!(read_scope(&contact, MasterResource::Organisations), own_org);
        assert!(read_scope(&contact, MasterResource::Teachers).is_none());
        assert!(read_scope(&contact, MasterResource::Courses).is_none());

        let own_person = ReadScope {
            own_person: true,
            ..ReadScope::default()
        };
        let trainee = roles(&[Role::Trainee]);
        assert_eq!(read_scope(&trainee, MasterResource::People), own_person);
        assert!(read_scope(&trainee, MasterResource::Teachers).is_none());
        assert!(read_scope(&trainee, MasterResource::Organisations).is_none());
        let teacher = roles(&[Role::Teacher]);
        assert_eq!(read_scope(&teacher, MasterResource::People), own_person);
        assert_eq!(read_scope(&teacher, MasterResource::Teachers), own_person);
        for set in [contact, trainee, teacher] {
            assert!(!may_write(&set, MasterResource::People));
            assert_eq!(id_visibility(&set), IdVisibility::Masked);
        }
    }

    #[test]
    fn roles_combine() {
        let both = roles(&[Role::OrgContact, Role::Trainee]);
        assert_eq!(
            read_scope(&both, MasterResource::People),
            ReadScope {
                all: false,
                own_organisation: true,
                own_person: true
            }
        );
    }
}
