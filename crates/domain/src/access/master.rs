//! Master data: who reads which records, sees identity numbers in full, and registers people.

use uuid::Uuid;

use super::{MANAGERS, ReadScope};
use crate::master::IdVisibility;
use crate::{FieldError, Role, RoleSet};

/// A master-data resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MasterResource {
    Organisations,
    Partners,
    People,
    Teachers,
    Courses,
}

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

/// How identity document numbers are shown to `roles` when reading **one** person; lists always
/// mask them.
pub fn id_visibility(roles: &RoleSet) -> IdVisibility {
    if roles.any(MANAGERS) {
        IdVisibility::Full
    } else {
        IdVisibility::Masked
    }
}

/// Why registering a person is refused by the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationRefusal {
    /// The caller may not register people at all (403).
    NotPermitted,
    /// The caller may register people, but not this way (422, one error per field).
    Fields(Vec<FieldError>),
}

/// Who may register a person, and as whose employee (`docs/domain.md`, "People and roles"):
/// staff and admin anyone, with any employer and login account; an organisation contact acts for
/// "own organisation's people", so they may register a colleague in order to enrol them — the
/// employer is their own organisation (filled in when not given; another one is
/// `employer_id: not_own_organisation`) and no login account may be linked
/// (`user_id: not_permitted`: linking accounts is account management). A contact whose own
/// person record has no employer has no organisation and may register no one.
///
/// Answers the employer to record.
pub fn person_registration(
    roles: &RoleSet,
    caller_organisation: Option<Uuid>,
    employer_id: Option<Uuid>,
    user_id: Option<Uuid>,
) -> Result<Option<Uuid>, RegistrationRefusal> {
    if roles.any(MANAGERS) {
        return Ok(employer_id);
    }
    let Some(own) = caller_organisation.filter(|_| roles.contains(Role::OrgContact)) else {
        return Err(RegistrationRefusal::NotPermitted);
    };
    let mut errors = Vec::new();
    if employer_id.is_some_and(|employer| employer != own) {
        errors.push(FieldError::new(
            "employer_id",
            "not_own_organisation",
            "an organisation contact registers people of their own organisation only",
        ));
    }
    if user_id.is_some() {
        errors.push(FieldError::new(
            "user_id",
            "not_permitted",
            "only staff and admin link a person to a login account",
        ));
    }
    if errors.is_empty() {
        Ok(Some(own))
    } else {
        Err(RegistrationRefusal::Fields(errors))
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Operation, roles};

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
                assert!(Operation::WriteMasterData.allows(&roles(&[r])));
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
            assert!(!Operation::WriteMasterData.allows(&set));
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
            assert!(!Operation::WriteMasterData.allows(&set));
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

    #[test]
    fn organisation_contacts_register_people_of_their_own_organisation_only() {
        let own = Uuid::from_u128(10);
        let other = Uuid::from_u128(11);
        let account = Uuid::from_u128(20);
        let contact = roles(&[Role::OrgContact]);
        assert_eq!(
            person_registration(&contact, Some(own), None, None),
            Ok(Some(own))
        );
        assert_eq!(
            person_registration(&contact, Some(own), Some(own), None),
            Ok(Some(own))
        );
        match person_registration(&contact, Some(own), Some(other), Some(account)) {
            Err(RegistrationRefusal::Fields(errors)) => {
                let fields: Vec<(&str, &str)> = errors
                    .iter()
                    .map(|e| (e.field.as_str(), e.code.as_str()))
                    .collect();
                assert_eq!(
                    fields,
                    [
                        ("employer_id", "not_own_organisation"),
                        ("user_id", "not_permitted")
                    ]
                );
            }
            other => panic!("expected field errors, got {other:?}"),
        }
        // Without an organisation of their own, a contact registers no one.
        assert_eq!(
            person_registration(&contact, None, None, None),
            Err(RegistrationRefusal::NotPermitted)
        );
        for r in [Role::Trainee, Role::Teacher, Role::Finance, Role::Reviewer] {
            assert_eq!(
                person_registration(&roles(&[r]), Some(own), Some(own), None),
                Err(RegistrationRefusal::NotPermitted),
                "{r:?}"
            );
        }
        // Staff and admin: any employer, any account.
        for r in [Role::Admin, Role::Staff] {
            assert_eq!(
                person_registration(&roles(&[r]), None, Some(other), Some(account)),
                Ok(Some(other))
            );
            assert_eq!(
                person_registration(&roles(&[r]), None, None, None),
                Ok(None)
            );
        }
    }
}
