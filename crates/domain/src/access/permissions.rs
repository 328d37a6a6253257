//! The permission table: which role may do which operation, and over how much
//! (`docs/domain.md`, "People and roles"). One row per operation, role (or reviewer authority)
//! and [`Scope`]; a caller with several roles gets the broadest scope any of them is granted.
//!
//! Operations whose decision needs more than the caller's roles and a scope keep their own
//! function beside their area: who may enrol whom ([`super::enrolment_source`]), withdraw
//! ([`super::may_withdraw`]), register people ([`super::person_registration`]), handle lecture
//! materials ([`super::material_access`]), and the read scopes of master data, training and
//! certificates.

use crate::{Authority, Role, RoleSet};

/// An operation governed by the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Create and change master data (organisations, partners, people, teachers, courses),
    /// including verifying a teacher's evidence.
    WriteMasterData,
    /// Create and change classes, their schedules and their lifecycle.
    ManageClasses,
    /// Record attendance in a class.
    RecordAttendance,
    /// Enter and correct assessment results in a class.
    RecordResults,
    /// Correct learning records (a new version with a reason). Who may read them is the people
    /// policy ([`super::read_scope`] of [`super::MasterResource::People`]).
    CorrectLearningRecords,
    /// Bulk-import people and enrolments (an import creates people).
    Import,
    /// Download a class's roster, attendance sheet and results as xlsx.
    ExportClass,
    /// Enrol anyone at all: staff and admin anyone, organisation contacts their people, trainees
    /// themselves; everyone else is refused before any record is looked at. Only the scope
    /// [`Scope::All`] may enrol any person, so that an unknown person can be reported as unknown;
    /// for everyone else an unknown person and one they may not enrol get the same refusal, so
    /// that people outside their scope cannot be probed.
    Enrol,
    /// Issue, revoke and re-issue certificates and preview eligibility.
    IssueCertificates,
    /// Read annual plans (Art. 8).
    ReadPlans,
    /// Read class summary reports (Art. 18; read-only reports, only the provincial HR
    /// department's reviewers decide them).
    ReadClassReports,
    /// Edit questionnaires, see evaluation texts, follow-up aggregates and every training need,
    /// and turn needs into plan items.
    ManageEvaluations,
    /// See the dashboard: due items, figures and activity (admin, staff) or the review queue
    /// (reviewers).
    SeeDashboard,
}

impl Operation {
    /// Every operation of the table.
    pub const ALL: [Operation; 13] = [
        Operation::WriteMasterData,
        Operation::ManageClasses,
        Operation::RecordAttendance,
        Operation::RecordResults,
        Operation::CorrectLearningRecords,
        Operation::Import,
        Operation::ExportClass,
        Operation::Enrol,
        Operation::IssueCertificates,
        Operation::ReadPlans,
        Operation::ReadClassReports,
        Operation::ManageEvaluations,
        Operation::SeeDashboard,
    ];

    /// Whether `roles` may do this operation in some scope.
    pub fn allows(self, roles: &RoleSet) -> bool {
        allowed(self, roles).is_some()
    }
}

/// How much of an operation's records a row of the table covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every record.
    All,
    /// Records of the caller's organisation (the employer of the caller's person).
    OwnOrganisation,
    /// The caller's own person and what belongs to it.
    OwnPerson,
    /// Classes the caller teaches: their teacher record is scheduled for at least one session.
    TaughtClasses,
    /// What is before the reviewer's authority.
    Authority,
}

/// Who a row of the table grants to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grantee {
    /// Every holder of the role.
    Role(Role),
    /// The reviewers of one authority.
    Reviewer(Authority),
}

impl Grantee {
    /// Whether `roles` are of this grantee.
    pub fn matches(self, roles: &RoleSet) -> bool {
        match self {
            Grantee::Role(role) => roles.contains(role),
            Grantee::Reviewer(authority) => {
                roles.contains(Role::Reviewer) && roles.authority() == Some(authority)
            }
        }
    }
}

use Grantee::{Reviewer, Role as R};
use Operation as O;
use Scope as S;

const ADMIN: Grantee = R(Role::Admin);
const STAFF: Grantee = R(Role::Staff);

/// The table: operation × grantee × scope. An operation without a row for a role is refused
/// to it (403).
pub const PERMISSIONS: &[(Operation, Grantee, Scope)] = &[
    (O::WriteMasterData, ADMIN, S::All),
    (O::WriteMasterData, STAFF, S::All),
    (O::ManageClasses, ADMIN, S::All),
    (O::ManageClasses, STAFF, S::All),
    (O::RecordAttendance, ADMIN, S::All),
    (O::RecordAttendance, STAFF, S::All),
    (O::RecordAttendance, R(Role::Teacher), S::TaughtClasses),
    (O::RecordResults, ADMIN, S::All),
    (O::RecordResults, STAFF, S::All),
    (O::RecordResults, R(Role::Teacher), S::TaughtClasses),
    (O::CorrectLearningRecords, ADMIN, S::All),
    (O::CorrectLearningRecords, STAFF, S::All),
    (O::Import, ADMIN, S::All),
    (O::Import, STAFF, S::All),
    (O::ExportClass, ADMIN, S::All),
    (O::ExportClass, STAFF, S::All),
    (O::ExportClass, R(Role::Teacher), S::TaughtClasses),
    (O::Enrol, ADMIN, S::All),
    (O::Enrol, STAFF, S::All),
    (O::Enrol, R(Role::OrgContact), S::OwnOrganisation),
    (O::Enrol, R(Role::Trainee), S::OwnPerson),
    (O::IssueCertificates, ADMIN, S::All),
    (O::IssueCertificates, STAFF, S::All),
    (O::ReadPlans, ADMIN, S::All),
    (O::ReadPlans, STAFF, S::All),
    (O::ReadPlans, R(Role::Finance), S::All),
    (O::ReadPlans, Reviewer(Authority::Miit), S::Authority),
    (O::ReadPlans, Reviewer(Authority::Mohrss), S::Authority),
    (O::ReadClassReports, ADMIN, S::All),
    (O::ReadClassReports, STAFF, S::All),
    (O::ReadClassReports, Reviewer(Authority::Miit), S::Authority),
    (
        O::ReadClassReports,
        Reviewer(Authority::Mohrss),
        S::Authority,
    ),
    (
        O::ReadClassReports,
        Reviewer(Authority::ProvincialHr),
        S::Authority,
    ),
    (O::ManageEvaluations, ADMIN, S::All),
    (O::ManageEvaluations, STAFF, S::All),
    (O::SeeDashboard, ADMIN, S::All),
    (O::SeeDashboard, STAFF, S::All),
    (O::SeeDashboard, Reviewer(Authority::Miit), S::Authority),
    (O::SeeDashboard, Reviewer(Authority::Mohrss), S::Authority),
    (
        O::SeeDashboard,
        Reviewer(Authority::ProvincialHr),
        S::Authority,
    ),
];

/// Every scope the table grants `roles` for `op`, in table order.
pub fn scopes(op: Operation, roles: &RoleSet) -> impl Iterator<Item = Scope> + '_ {
    PERMISSIONS
        .iter()
        .filter(move |(o, grantee, _)| *o == op && grantee.matches(roles))
        .map(|(_, _, scope)| *scope)
}

/// Whether `roles` may do `op`, and over how much: [`Scope::All`] when any of the roles is
/// granted everything, otherwise the first scope granted in table order; `None` when the table
/// grants nothing (403).
pub fn allowed(op: Operation, roles: &RoleSet) -> Option<Scope> {
    let mut granted = scopes(op, roles);
    let first = granted.next()?;
    if first == Scope::All || granted.any(|s| s == Scope::All) {
        Some(Scope::All)
    } else {
        Some(first)
    }
}

/// Whether `roles` may do `op` on one class; `teaches_class`: the caller teaches at least one of
/// its sessions. Only [`Scope::All`] and [`Scope::TaughtClasses`] cover a class.
pub fn allowed_on_class(op: Operation, roles: &RoleSet, teaches_class: bool) -> bool {
    scopes(op, roles).any(|scope| match scope {
        Scope::All => true,
        Scope::TaughtClasses => teaches_class,
        Scope::OwnOrganisation | Scope::OwnPerson | Scope::Authority => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every role set an account can hold: each non-empty set of roles, a reviewer with each
    /// authority.
    fn every_role_set() -> Vec<RoleSet> {
        let mut sets = Vec::new();
        for mask in 1u32..(1 << Role::ALL.len()) {
            let roles: Vec<Role> = Role::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, r)| r)
                .collect();
            if roles.contains(&Role::Reviewer) {
                for authority in Authority::ALL {
                    sets.push(RoleSet::new(roles.clone(), Some(authority)).expect("valid"));
                }
            } else {
                sets.push(RoleSet::new(roles, None).expect("valid"));
            }
        }
        sets
    }

    /// The decisions as they were made before the table, one function per operation, kept as
    /// the oracle the table is checked against.
    mod before_the_table {
        use crate::{Authority, Role, RoleSet};

        const MANAGERS: &[Role] = &[Role::Admin, Role::Staff];

        pub fn may_write(roles: &RoleSet) -> bool {
            roles.any(MANAGERS)
        }
        pub fn may_manage_classes(roles: &RoleSet) -> bool {
            roles.any(MANAGERS)
        }
        pub fn may_record_attendance(roles: &RoleSet, teaches_class: bool) -> bool {
            roles.any(MANAGERS) || (teaches_class && roles.contains(Role::Teacher))
        }
        pub fn may_record_results(roles: &RoleSet, teaches_class: bool) -> bool {
            may_record_attendance(roles, teaches_class)
        }
        pub fn may_correct_learning_records(roles: &RoleSet) -> bool {
            roles.any(MANAGERS)
        }
        pub fn may_import(roles: &RoleSet) -> bool {
            roles.any(MANAGERS)
        }
        pub fn may_export_class(roles: &RoleSet, teaches_class: bool) -> bool {
            roles.any(MANAGERS) || (teaches_class && roles.contains(Role::Teacher))
        }
        pub fn may_enrol(roles: &RoleSet) -> bool {
            roles.any(&[Role::Admin, Role::Staff, Role::OrgContact, Role::Trainee])
        }
        pub fn enrols_anyone(roles: &RoleSet) -> bool {
            roles.any(MANAGERS)
        }
        pub fn may_issue_certificates(roles: &RoleSet) -> bool {
            roles.any(MANAGERS)
        }
        pub fn may_read_plans(roles: &RoleSet) -> bool {
            roles.any(&[Role::Admin, Role::Staff, Role::Finance])
                || (roles.contains(Role::Reviewer)
                    && matches!(roles.authority(), Some(Authority::Miit | Authority::Mohrss)))
        }
        pub fn may_read_class_reports(roles: &RoleSet) -> bool {
            roles.any(MANAGERS) || roles.contains(Role::Reviewer)
        }
        pub fn may_manage_evaluations(roles: &RoleSet) -> bool {
            roles.any(MANAGERS)
        }
        pub fn may_see_dashboard(roles: &RoleSet) -> bool {
            roles.any(MANAGERS) || roles.contains(Role::Reviewer)
        }
    }

    /// A replaced decision on roles alone, and one on roles and whether the caller teaches.
    type ByRoles = fn(&RoleSet) -> bool;
    type OnAClass = fn(&RoleSet, bool) -> bool;

    #[test]
    fn the_table_decides_as_the_functions_it_replaced_for_every_role_set() {
        use before_the_table as old;
        let by_roles: [(Operation, ByRoles); 10] = [
            (O::WriteMasterData, old::may_write),
            (O::ManageClasses, old::may_manage_classes),
            (O::CorrectLearningRecords, old::may_correct_learning_records),
            (O::Import, old::may_import),
            (O::Enrol, old::may_enrol),
            (O::IssueCertificates, old::may_issue_certificates),
            (O::ReadPlans, old::may_read_plans),
            (O::ReadClassReports, old::may_read_class_reports),
            (O::ManageEvaluations, old::may_manage_evaluations),
            (O::SeeDashboard, old::may_see_dashboard),
        ];
        let on_a_class: [(Operation, OnAClass); 3] = [
            (O::RecordAttendance, old::may_record_attendance),
            (O::RecordResults, old::may_record_results),
            (O::ExportClass, old::may_export_class),
        ];
        let sets = every_role_set();
        assert_eq!(sets.len(), 63 + 64 * 3);
        for roles in &sets {
            for (op, decided) in by_roles {
                assert_eq!(op.allows(roles), decided(roles), "{op:?} {roles:?}");
            }
            assert_eq!(
                allowed(O::Enrol, roles) == Some(Scope::All),
                old::enrols_anyone(roles),
                "{roles:?}"
            );
            for (op, decided) in on_a_class {
                for teaches in [false, true] {
                    assert_eq!(
                        allowed_on_class(op, roles, teaches),
                        decided(roles, teaches),
                        "{op:?} {roles:?} {teaches}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_operation_has_a_row_and_managers_may_do_everything() {
        let admin = RoleSet::new([Role::Admin], None).expect("valid");
        let staff = RoleSet::new([Role::Staff], None).expect("valid");
        for op in Operation::ALL {
            assert!(PERMISSIONS.iter().any(|(o, _, _)| *o == op), "{op:?}");
            assert_eq!(allowed(op, &admin), Some(Scope::All), "{op:?}");
            assert_eq!(allowed(op, &staff), Some(Scope::All), "{op:?}");
        }
    }

    #[test]
    fn the_broadest_scope_wins() {
        let set = |r: &[Role]| RoleSet::new(r.iter().copied(), None).expect("valid");
        assert_eq!(
            allowed(O::Enrol, &set(&[Role::Trainee])),
            Some(Scope::OwnPerson)
        );
        assert_eq!(
            allowed(O::Enrol, &set(&[Role::Trainee, Role::OrgContact])),
            Some(Scope::OwnOrganisation)
        );
        assert_eq!(
            allowed(O::Enrol, &set(&[Role::Trainee, Role::Staff])),
            Some(Scope::All)
        );
        assert_eq!(
            allowed(O::ExportClass, &set(&[Role::Teacher])),
            Some(Scope::TaughtClasses)
        );
        assert_eq!(allowed(O::ExportClass, &set(&[Role::Finance])), None);
        let provincial =
            RoleSet::new([Role::Reviewer], Some(Authority::ProvincialHr)).expect("valid");
        assert_eq!(allowed(O::ReadPlans, &provincial), None);
        assert_eq!(
            allowed(O::ReadClassReports, &provincial),
            Some(Scope::Authority)
        );
    }
}
