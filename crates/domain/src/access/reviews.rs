//! Plans (Art. 8) and class reports (Art. 18): how their workflows see the caller. Who reads
//! them is [`super::Operation::ReadPlans`] and [`super::Operation::ReadClassReports`].

use super::MANAGERS;
use crate::{Role, RoleSet};

/// How the plan workflow sees the caller: staff and admin draft, submit and record paper
/// replies; a reviewer decides the stage of their authority; anyone else may not act.
pub fn plan_actor(roles: &RoleSet) -> crate::plans::PlanActor {
    use crate::plans::PlanActor;
    if roles.any(MANAGERS) {
        PlanActor::Staff
    } else if let (true, Some(authority)) = (roles.contains(Role::Reviewer), roles.authority()) {
        PlanActor::Reviewer(authority)
    } else {
        PlanActor::Other
    }
}

/// How the class-report workflow sees the caller.
pub fn report_actor(roles: &RoleSet) -> crate::reports::ReportActor {
    use crate::reports::ReportActor;
    if roles.any(MANAGERS) {
        ReportActor::Staff
    } else if let (true, Some(authority)) = (roles.contains(Role::Reviewer), roles.authority()) {
        ReportActor::Reviewer(authority)
    } else {
        ReportActor::Other
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::Authority;
    use crate::access::Operation;
    use crate::plans::PlanActor;
    use crate::reports::ReportActor;

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
        assert_eq!(plan_actor(&set(&[Role::Admin], None)), PlanActor::Staff);
        assert_eq!(
            plan_actor(&set(&[Role::Reviewer], Some(Authority::Mohrss))),
            PlanActor::Reviewer(Authority::Mohrss)
        );
        assert_eq!(plan_actor(&set(&[Role::Finance], None)), PlanActor::Other);
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
            report_actor(&set(&[Role::Reviewer], Some(Authority::ProvincialHr))),
            ReportActor::Reviewer(Authority::ProvincialHr)
        );
        assert_eq!(report_actor(&set(&[Role::Admin], None)), ReportActor::Staff);
        assert_eq!(
            report_actor(&set(&[Role::Teacher], None)),
            ReportActor::Other
        );
    }
}
