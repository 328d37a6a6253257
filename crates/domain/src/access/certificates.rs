//! Certificates (Art. 9): who reads which. Issuing is [`super::Operation::IssueCertificates`].

use super::{MANAGERS, ReadScope};
use crate::{Role, RoleSet};

/// What `roles` may read of certificates: admin and staff all; an organisation contact those of
/// the people their organisation employs; a trainee their own. Teachers, finance and reviewers
/// nothing (403). Public verification by number and code needs no role at all.
pub fn certificate_read_scope(roles: &RoleSet) -> ReadScope {
    ReadScope {
        all: roles.any(MANAGERS),
        own_organisation: roles.contains(Role::OrgContact),
        own_person: roles.contains(Role::Trainee),
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Operation, roles};

    #[test]
    fn certificates_are_read_by_managers_contacts_and_holders_only() {
        assert!(certificate_read_scope(&roles(&[Role::Staff])).all);
        let contact = certificate_read_scope(&roles(&[Role::OrgContact]));
        assert!(!contact.all && contact.own_organisation && !contact.own_person);
        let trainee = certificate_read_scope(&roles(&[Role::Trainee]));
        assert!(!trainee.all && !trainee.own_organisation && trainee.own_person);
        for r in [Role::Teacher, Role::Finance, Role::Reviewer] {
            assert!(certificate_read_scope(&roles(&[r])).is_none(), "{r:?}");
            assert!(!Operation::IssueCertificates.allows(&roles(&[r])));
        }
        assert!(Operation::IssueCertificates.allows(&roles(&[Role::Admin])));
        assert!(!Operation::IssueCertificates.allows(&roles(&[Role::Trainee, Role::OrgContact])));
    }
}
