//! Training: who reads classes and enrolments, and who may enrol and withdraw whom.

use uuid::Uuid;

use super::MANAGERS;
use crate::class::ClassStatus;
use crate::training::EnrolmentSource;
use crate::{Role, RoleSet};

/// A training resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingResource {
    /// Classes with their schedules.
    Classes,
    /// Enrolments, and the rows of the attendance sheet (one per enrolment).
    Enrolments,
}

/// How much of a training resource a caller may read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrainingScope {
    /// Every record.
    pub all: bool,
    /// Classes open to enrolment (to enrol in them).
    pub open_enrolment: bool,
    /// Of the caller's organisation: classes it commissioned or has people enrolled in;
    /// enrolments of the people it employs.
    pub own_organisation: bool,
    /// The caller's own: classes they are enrolled in; their enrolments.
    pub own_person: bool,
    /// Taught by the caller: classes with a session they teach and those classes' enrolments.
    pub own_teaching: bool,
}

impl TrainingScope {
    /// True when the caller may read nothing of the resource (answered 403).
    pub fn is_none(&self) -> bool {
        !self.all
            && !self.open_enrolment
            && !self.own_organisation
            && !self.own_person
            && !self.own_teaching
    }
}

/// What `roles` may read of `resource`.
pub fn training_read_scope(roles: &RoleSet, resource: TrainingResource) -> TrainingScope {
    let all_readers: &[Role] = match resource {
        TrainingResource::Classes => &[Role::Admin, Role::Staff, Role::Finance, Role::Reviewer],
        TrainingResource::Enrolments => MANAGERS,
    };
    TrainingScope {
        all: roles.any(all_readers),
        open_enrolment: resource == TrainingResource::Classes
            && roles.any(&[Role::Trainee, Role::OrgContact]),
        own_organisation: roles.contains(Role::OrgContact),
        own_person: roles.contains(Role::Trainee),
        own_teaching: roles.contains(Role::Teacher),
    }
}

/// The facts an enrolment decision needs: who asks (their person and its employer), the class,
/// and the person to enrol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrolmentCase {
    pub caller_person: Option<Uuid>,
    pub caller_organisation: Option<Uuid>,
    pub class_status: ClassStatus,
    pub class_open_enrolment: bool,
    pub class_commissioned_by: Option<Uuid>,
    pub person_id: Uuid,
    pub person_employer: Option<Uuid>,
}

/// Why an enrolment is refused by the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolmentRefusal {
    /// The caller may not enrol this person in this class (403).
    NotPermitted,
    /// Enrolment is closed: the class is neither planned nor open (409 `enrolment_closed`).
    Closed(ClassStatus),
    /// Self-enrolment starts when the class opens (409 `enrolment_closed`).
    SelfEnrolmentNotOpen,
}

/// Who may enrol whom (`docs/domain.md`, "Enrolment"), and as which source:
///
/// - **staff, admin:** anyone, in any class;
/// - **org_contact:** people employed by their organisation, in classes with open enrolment or
///   commissioned by their organisation;
/// - **trainee:** their own person, in classes with open enrolment, once the class is open.
///
/// Every enrolment needs the class planned or open. A caller with several roles enrols as the
/// first source that allows it (staff, then organisation contact, then self).
pub fn enrolment_source(
    roles: &RoleSet,
    case: &EnrolmentCase,
) -> Result<EnrolmentSource, EnrolmentRefusal> {
    let own_org = case
        .caller_organisation
        .filter(|org| case.person_employer == Some(*org));
    let mut permitted = Vec::new();
    if roles.any(MANAGERS) {
        permitted.push(EnrolmentSource::Staff);
    }
    if roles.contains(Role::OrgContact)
        && own_org
            .is_some_and(|org| case.class_open_enrolment || case.class_commissioned_by == Some(org))
    {
        permitted.push(EnrolmentSource::OrgContact);
    }
    if roles.contains(Role::Trainee)
        && case.caller_person == Some(case.person_id)
        && case.class_open_enrolment
    {
        permitted.push(EnrolmentSource::SelfEnrolment);
    }
    if permitted.is_empty() {
        return Err(EnrolmentRefusal::NotPermitted);
    }
    if !case.class_status.accepts_enrolment() {
        return Err(EnrolmentRefusal::Closed(case.class_status));
    }
    permitted
        .into_iter()
        .find(|s| *s != EnrolmentSource::SelfEnrolment || case.class_status == ClassStatus::Open)
        .ok_or(EnrolmentRefusal::SelfEnrolmentNotOpen)
}

/// The facts a withdrawal decision needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WithdrawalCase {
    pub caller_person: Option<Uuid>,
    pub caller_organisation: Option<Uuid>,
    pub person_id: Uuid,
    pub person_employer: Option<Uuid>,
}

/// Who may withdraw an enrolment: staff and admin; the trainee themselves; a contact of the
/// person's employer. (Whether it is still possible is
/// [`crate::training::Enrolment::check_withdrawal`].)
pub fn may_withdraw(roles: &RoleSet, case: &WithdrawalCase) -> bool {
    roles.any(MANAGERS)
        || (roles.contains(Role::Trainee) && case.caller_person == Some(case.person_id))
        || (roles.contains(Role::OrgContact)
            && case.caller_organisation.is_some()
            && case.caller_organisation == case.person_employer)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Operation, Scope, allowed, allowed_on_class, roles};

    fn case(status: ClassStatus, open: bool) -> EnrolmentCase {
        EnrolmentCase {
            caller_person: Some(Uuid::from_u128(1)),
            caller_organisation: Some(Uuid::from_u128(10)),
            class_status: status,
            class_open_enrolment: open,
            class_commissioned_by: None,
            person_id: Uuid::from_u128(1),
            person_employer: Some(Uuid::from_u128(10)),
        }
    }

    #[test]
    fn who_reads_training_records() {
        let classes = |r: &[Role]| training_read_scope(&roles(r), TrainingResource::Classes);
        let enrolments = |r: &[Role]| training_read_scope(&roles(r), TrainingResource::Enrolments);
        for r in [Role::Admin, Role::Staff] {
            assert!(classes(&[r]).all && enrolments(&[r]).all);
        }
        for r in [Role::Finance, Role::Reviewer] {
            assert!(classes(&[r]).all);
            assert!(enrolments(&[r]).is_none(), "no personal data");
        }
        assert_eq!(
            classes(&[Role::Trainee]),
            TrainingScope {
                open_enrolment: true,
                own_person: true,
                ..TrainingScope::default()
            }
        );
        assert_eq!(
            enrolments(&[Role::Trainee]),
            TrainingScope {
                own_person: true,
                ..TrainingScope::default()
            }
        );
        assert_eq!(
            classes(&[Role::OrgContact]),
            TrainingScope {
                open_enrolment: true,
                own_organisation: true,
                ..TrainingScope::default()
            }
        );
        assert_eq!(
            classes(&[Role::Teacher]),
            TrainingScope {
                own_teaching: true,
                ..TrainingScope::default()
            }
        );
        assert_eq!(enrolments(&[Role::Teacher]), classes(&[Role::Teacher]));
    }

    #[test]
    fn classes_are_managed_by_staff_and_attendance_also_by_their_teachers() {
        assert!(Operation::ManageClasses.allows(&roles(&[Role::Staff])));
        for r in [
            Role::Teacher,
            Role::Finance,
            Role::Trainee,
            Role::OrgContact,
        ] {
            assert!(!Operation::ManageClasses.allows(&roles(&[r])));
        }
        assert!(allowed_on_class(
            Operation::RecordAttendance,
            &roles(&[Role::Admin]),
            false
        ));
        assert!(allowed_on_class(
            Operation::RecordAttendance,
            &roles(&[Role::Teacher]),
            true
        ));
        assert!(!allowed_on_class(
            Operation::RecordAttendance,
            &roles(&[Role::Teacher]),
            false
        ));
        assert!(!allowed_on_class(
            Operation::RecordAttendance,
            &roles(&[Role::Trainee]),
            true
        ));
        assert!(allowed_on_class(
            Operation::RecordResults,
            &roles(&[Role::Teacher]),
            true
        ));
        assert!(!allowed_on_class(
            Operation::RecordResults,
            &roles(&[Role::Teacher]),
            false
        ));
        assert!(!allowed_on_class(
            Operation::RecordResults,
            &roles(&[Role::OrgContact]),
            true
        ));
        assert!(Operation::CorrectLearningRecords.allows(&roles(&[Role::Staff])));
        for r in [
            Role::Teacher,
            Role::Trainee,
            Role::OrgContact,
            Role::Finance,
        ] {
            assert!(!Operation::CorrectLearningRecords.allows(&roles(&[r])));
        }
    }

    #[test]
    fn trainees_enrol_themselves_in_open_classes_once_they_open() {
        let trainee = roles(&[Role::Trainee]);
        assert_eq!(
            enrolment_source(&trainee, &case(ClassStatus::Open, true)),
            Ok(EnrolmentSource::SelfEnrolment)
        );
        assert_eq!(
            enrolment_source(&trainee, &case(ClassStatus::Planned, true)),
            Err(EnrolmentRefusal::SelfEnrolmentNotOpen)
        );
        assert_eq!(
            enrolment_source(&trainee, &case(ClassStatus::Open, false)),
            Err(EnrolmentRefusal::NotPermitted)
        );
        let someone_else = EnrolmentCase {
            person_id: Uuid::from_u128(2),
            ..case(ClassStatus::Open, true)
        };
        assert_eq!(
            enrolment_source(&trainee, &someone_else),
            Err(EnrolmentRefusal::NotPermitted)
        );
        assert_eq!(
            enrolment_source(&trainee, &case(ClassStatus::InProgress, true)),
            Err(EnrolmentRefusal::Closed(ClassStatus::InProgress))
        );
    }

    #[test]
    fn organisation_contacts_enrol_their_people_in_open_or_commissioned_classes() {
        let contact = roles(&[Role::OrgContact]);
        let colleague = EnrolmentCase {
            caller_person: Some(Uuid::from_u128(3)),
            ..case(ClassStatus::Planned, true)
        };
        assert_eq!(
            enrolment_source(&contact, &colleague),
            Ok(EnrolmentSource::OrgContact)
        );
        let closed_to_others = EnrolmentCase {
            class_open_enrolment: false,
            ..colleague
        };
        assert_eq!(
            enrolment_source(&contact, &closed_to_others),
            Err(EnrolmentRefusal::NotPermitted)
        );
        let commissioned = EnrolmentCase {
            class_commissioned_by: Some(Uuid::from_u128(10)),
            ..closed_to_others
        };
        assert_eq!(
            enrolment_source(&contact, &commissioned),
            Ok(EnrolmentSource::OrgContact)
        );
        let outsider = EnrolmentCase {
            person_employer: Some(Uuid::from_u128(11)),
            ..colleague
        };
        assert_eq!(
            enrolment_source(&contact, &outsider),
            Err(EnrolmentRefusal::NotPermitted)
        );
        let unemployed_contact = EnrolmentCase {
            caller_organisation: None,
            person_employer: None,
            ..colleague
        };
        assert_eq!(
            enrolment_source(&contact, &unemployed_contact),
            Err(EnrolmentRefusal::NotPermitted),
            "no organisation, no people"
        );
    }

    #[test]
    fn staff_enrol_anyone_while_enrolment_is_open_and_the_strongest_source_wins() {
        let staff = roles(&[Role::Staff]);
        let anyone = EnrolmentCase {
            caller_person: None,
            caller_organisation: None,
            person_employer: None,
            ..case(ClassStatus::Planned, false)
        };
        assert_eq!(
            enrolment_source(&staff, &anyone),
            Ok(EnrolmentSource::Staff)
        );
        assert_eq!(
            enrolment_source(
                &staff,
                &EnrolmentCase {
                    class_status: ClassStatus::Cancelled,
                    ..anyone
                }
            ),
            Err(EnrolmentRefusal::Closed(ClassStatus::Cancelled))
        );
        // A contact who is also a trainee enrols themselves in a planned open class as contact.
        let both = roles(&[Role::OrgContact, Role::Trainee]);
        assert_eq!(
            enrolment_source(&both, &case(ClassStatus::Planned, true)),
            Ok(EnrolmentSource::OrgContact)
        );
        for r in [Role::Teacher, Role::Finance, Role::Reviewer] {
            assert_eq!(
                enrolment_source(&roles(&[r]), &case(ClassStatus::Open, true)),
                Err(EnrolmentRefusal::NotPermitted)
            );
            assert!(!Operation::Enrol.allows(&roles(&[r])));
        }
        for r in [Role::Admin, Role::Staff, Role::OrgContact, Role::Trainee] {
            assert!(Operation::Enrol.allows(&roles(&[r])));
        }
        assert_eq!(allowed(Operation::Enrol, &staff), Some(Scope::All));
        assert_ne!(allowed(Operation::Enrol, &both), Some(Scope::All));
    }

    #[test]
    fn withdrawals_by_staff_the_trainee_or_their_employers_contact() {
        let own = WithdrawalCase {
            caller_person: Some(Uuid::from_u128(1)),
            caller_organisation: Some(Uuid::from_u128(10)),
            person_id: Uuid::from_u128(1),
            person_employer: None,
        };
        assert!(may_withdraw(&roles(&[Role::Trainee]), &own));
        assert!(!may_withdraw(&roles(&[Role::OrgContact]), &own));
        let colleague = WithdrawalCase {
            person_id: Uuid::from_u128(2),
            person_employer: Some(Uuid::from_u128(10)),
            ..own
        };
        assert!(may_withdraw(&roles(&[Role::OrgContact]), &colleague));
        assert!(!may_withdraw(&roles(&[Role::Trainee]), &colleague));
        assert!(!may_withdraw(&roles(&[Role::Teacher]), &colleague));
        assert!(may_withdraw(&roles(&[Role::Staff]), &colleague));
        let nobody = WithdrawalCase {
            caller_organisation: None,
            person_employer: None,
            ..colleague
        };
        assert!(!may_withdraw(&roles(&[Role::OrgContact]), &nobody));
    }
}
