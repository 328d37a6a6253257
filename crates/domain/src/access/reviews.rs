//! Plans (Art. 8) and class reports (Art. 18): how their workflows see the caller. Who reads
//! them is [`super::Operation::ReadPlans`] and [`super::Operation::ReadClassReports`].

use super::MANAGERS;
use crate::review::Actor;
use crate::{Role, RoleSet};

/// How a review workflow (plans, class reports) sees the caller: staff and admin draft, submit
/// and record paper replies; a reviewer decides the stages of their authority; anyone else —
/// finance included — may not act.
pub fn review_actor(roles: &RoleSet) -> Actor {
    if roles.any(MANAGERS) {
        Actor::Staff
    } else if let (true, Some(authority)) = (roles.contains(Role::Reviewer), roles.authority()) {
        Actor::Reviewer(authority)
    } else {
        Actor::Other
    }
}

/// What a reviewer reads of a review workflow: only documents that reached a state their
/// authority decides (submitted to it); `None` for callers who read every document.
pub fn reviewer_scope(roles: &RoleSet) -> Option<crate::Authority> {
    match review_actor(roles) {
        Actor::Reviewer(authority) => Some(authority),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Authority;
    use crate::access::Operation;

    #[test]
    fn plans_are_read_by_managers_finance_and_plan_reviewers() {
        let set = |r: &[Role], a| RoleSet::new(r.iter().copied(), a).expect("valid");
        assert!(Operation::ReadPlans.allows(&set(&[Role::Staff], None)));
        assert!(Operation::ReadPlans.allows(&set(&[Role::Finance], None)));
        assert!(Operation::ReadPlans.allows(&set(&[Role::Reviewer], Some(Authority::Miit))));
        assert!(
            !Operation::ReadPlans.allows(&set(&[Role::Reviewer], Some(Authority::ProvincialHr)))
        );
        for r in [Role::Teacher, Role::Trainee, Role::OrgContact] {
            assert!(!Operation::ReadPlans.allows(&set(&[r], None)));
        }
        assert_eq!(review_actor(&set(&[Role::Admin], None)), Actor::Staff);
        assert_eq!(
            review_actor(&set(&[Role::Reviewer], Some(Authority::Mohrss))),
            Actor::Reviewer(Authority::Mohrss)
        );
        assert_eq!(review_actor(&set(&[Role::Finance], None)), Actor::Other);
        assert_eq!(reviewer_scope(&set(&[Role::Staff], None)), None);
        assert_eq!(
            reviewer_scope(&set(&[Role::Reviewer], Some(Authority::Miit))),
            Some(Authority::Miit)
        );
    }

    #[test]
    fn class_reports_are_read_by_managers_and_reviewers_and_decided_by_the_province() {
        let set = |r: &[Role], a| RoleSet::new(r.iter().copied(), a).expect("valid");
        assert!(Operation::ReadClassReports.allows(&set(&[Role::Staff], None)));
        assert!(Operation::ReadClassReports.allows(&set(&[Role::Reviewer], Some(Authority::Miit))));
        for r in [
            Role::Finance,
            Role::Teacher,
            Role::Trainee,
            Role::OrgContact,
        ] {
            assert!(!Operation::ReadClassReports.allows(&set(&[r], None)), "{r}");
            assert!(
                !Operation::ManageEvaluations.allows(&set(&[r], None)),
                "{r}"
            );
            assert!(!Operation::SeeDashboard.allows(&set(&[r], None)), "{r}");
        }
        assert_eq!(
            review_actor(&set(&[Role::Reviewer], Some(Authority::ProvincialHr))),
            Actor::Reviewer(Authority::ProvincialHr)
        );
        assert_eq!(review_actor(&set(&[Role::Admin], None)), Actor::Staff);
        assert_eq!(review_actor(&set(&[Role::Teacher], None)), Actor::Other);
    }
}
