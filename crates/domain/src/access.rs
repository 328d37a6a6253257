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
//!
//! Training operations follow the same pattern, with "own" also meaning "taught by me":
//!
//! | resource | read everything | read own | write |
//! |---|---|---|---|
//! | classes, their schedules | admin, staff, finance, reviewer | trainee: open-enrolment classes and those enrolled in; org_contact: open-enrolment classes, those commissioned by or with people of own organisation; teacher: classes with a session they teach | admin, staff (details, schedule, lifecycle) |
//! | enrolments | admin, staff | trainee: own; org_contact: own organisation's people; teacher: of classes they teach | [`enrolment_source`], [`may_withdraw`] |
//! | attendance | as enrolments (rows) | as enrolments | admin, staff; teacher: classes they teach ([`may_record_attendance`]) |
//! | assessments | as classes | as classes | admin, staff (create); results: admin, staff, teacher of the class ([`may_record_results`]) |
//! | results, completion outcomes | as enrolments (rows) | as enrolments | results as above; outcomes only by completing the class |
//! | learning records, compliance | as people | as people (trainee: own; org_contact: own organisation's people) | admin, staff ([`may_correct_learning_records`]) |
//! | roster and attendance xlsx exports | admin, staff | teacher: classes they teach ([`may_export_class`]) | — |
//! | bulk imports | admin, staff ([`may_import`]) | — | admin, staff |
//! | lecture materials of a course | admin, staff | trainee: enrolled in a class (not cancelled) with a session of the course; teacher: teaching such a class ([`material_access`]) | admin, staff; teacher: of a session of the course (delete: own uploads) |
//! | results xlsx of a class | admin, staff | teacher: classes they teach ([`may_export_class`]) | — |
//! | learning-record xlsx of a person | as learning records | as learning records | — |
//! | registering people | — | — | admin, staff anyone; org_contact: people employed by own organisation ([`person_registration`]) |
//!
//! A teacher "teaches" a class when their teacher record (of the person linked to their account)
//! is scheduled for at least one of its sessions.

use uuid::Uuid;

use crate::class::ClassStatus;
use crate::master::IdVisibility;
use crate::training::EnrolmentSource;
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

/// Whether `roles` may create and change classes, their schedules and their lifecycle.
pub fn may_manage_classes(roles: &RoleSet) -> bool {
    roles.any(MANAGERS)
}

/// Whether `roles` may record attendance in a class; `teaches_class`: the caller teaches at
/// least one of its sessions.
pub fn may_record_attendance(roles: &RoleSet, teaches_class: bool) -> bool {
    roles.any(MANAGERS) || (teaches_class && roles.contains(Role::Teacher))
}

/// Whether `roles` may enter and correct assessment results in a class: as for attendance, staff,
/// admin and the class's teachers.
pub fn may_record_results(roles: &RoleSet, teaches_class: bool) -> bool {
    may_record_attendance(roles, teaches_class)
}

/// Whether `roles` may correct learning records (a new version with a reason): staff and admin.
/// Who may read them is the people policy ([`read_scope`] of [`MasterResource::People`]).
pub fn may_correct_learning_records(roles: &RoleSet) -> bool {
    roles.any(MANAGERS)
}

/// Whether `roles` may bulk-import people and enrolments (staff and admin: an import creates
/// people, which only they may do).
pub fn may_import(roles: &RoleSet) -> bool {
    roles.any(MANAGERS)
}

/// Whether `roles` may download a class's roster and attendance sheet as xlsx (staff, admin and
/// the class's teachers); `teaches_class` as for [`may_record_attendance`].
pub fn may_export_class(roles: &RoleSet, teaches_class: bool) -> bool {
    roles.any(MANAGERS) || (teaches_class && roles.contains(Role::Teacher))
}

/// Whether `roles` may enrol anyone at all (staff and admin anyone, organisation contacts their
/// people, trainees themselves); everyone else is refused before any record is looked at.
pub fn may_enrol(roles: &RoleSet) -> bool {
    roles.any(&[Role::Admin, Role::Staff, Role::OrgContact, Role::Trainee])
}

/// Whether `roles` may enrol any person, so an unknown person can be reported as unknown. For
/// everyone else an unknown person and one they may not enrol get the same refusal, so that
/// people outside their scope cannot be probed.
pub fn enrols_anyone(roles: &RoleSet) -> bool {
    roles.any(MANAGERS)
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

// --- registering people (organisation contacts: "my people") ---

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

// --- materials3: lecture materials ---

/// How the caller is linked to a course's lecture materials, through classes that are not
/// cancelled and have a session of the course.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MaterialLinks {
    /// The caller's person is actively enrolled (not withdrawn) in such a class.
    pub enrolled: bool,
    /// The caller teaches a session of such a class (any course).
    pub teaches_class: bool,
    /// The caller teaches a session of the course itself.
    pub teaches_course: bool,
    /// The material at hand was uploaded by the caller (for deletion).
    pub uploaded_it: bool,
}

/// What is being done with lecture materials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaterialAction {
    /// List and download.
    Read,
    Upload,
    Delete,
}

/// The decision on a lecture-material request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Granted,
    /// The caller may see the materials but not do this (403).
    Forbidden,
    /// Outside the caller's scope, as if it did not exist (404).
    NotFound,
}

/// Who may read and change a course's lecture materials (`docs/domain.md`: teachers handle the
/// "lecture materials" of their own classes; trainees download them):
///
/// - **staff, admin:** everything;
/// - **teacher:** reads the materials of courses taught in a class they teach, uploads to a
///   course they teach a session of, deletes what they uploaded while they still teach it;
/// - **trainee:** reads the materials of courses of classes they are enrolled in;
/// - everyone else (finance, reviewer, org_contact): nothing (403).
///
/// A teacher or trainee without a link to the course gets 404, as for a course that does not
/// exist; one who may read but not change gets 403 for the change.
pub fn material_access(roles: &RoleSet, action: MaterialAction, links: MaterialLinks) -> Decision {
    if roles.any(MANAGERS) {
        return Decision::Granted;
    }
    let teacher = roles.contains(Role::Teacher);
    let trainee = roles.contains(Role::Trainee);
    if !teacher && !trainee {
        return Decision::Forbidden;
    }
    let reads = (teacher && links.teaches_class) || (trainee && links.enrolled);
    let writes = teacher
        && links.teaches_course
        && match action {
            MaterialAction::Read | MaterialAction::Upload => true,
            MaterialAction::Delete => links.uploaded_it,
        };
    match action {
        MaterialAction::Read if reads => Decision::Granted,
        MaterialAction::Upload | MaterialAction::Delete if writes => Decision::Granted,
        _ if reads => Decision::Forbidden,
        _ => Decision::NotFound,
    }
}

// --- certificates (Art. 9) ---

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

/// Whether `roles` may issue, revoke and re-issue certificates and preview eligibility: staff and
/// admin.
pub fn may_issue_certificates(roles: &RoleSet) -> bool {
    roles.any(MANAGERS)
}

#[cfg(test)]
mod certificate_tests {
    use super::*;
    use crate::Authority;

    fn roles(r: &[Role]) -> RoleSet {
        let authority = r.contains(&Role::Reviewer).then_some(Authority::Miit);
        RoleSet::new(r.iter().copied(), authority).expect("valid roles")
    }

    #[test]
    fn certificates_are_read_by_managers_contacts_and_holders_only() {
        assert!(certificate_read_scope(&roles(&[Role::Staff])).all);
        let contact = certificate_read_scope(&roles(&[Role::OrgContact]));
        assert!(!contact.all && contact.own_organisation && !contact.own_person);
        let trainee = certificate_read_scope(&roles(&[Role::Trainee]));
        assert!(!trainee.all && !trainee.own_organisation && trainee.own_person);
        for r in [Role::Teacher, Role::Finance, Role::Reviewer] {
            assert!(certificate_read_scope(&roles(&[r])).is_none(), "{r:?}");
            assert!(!may_issue_certificates(&roles(&[r])));
        }
        assert!(may_issue_certificates(&roles(&[Role::Admin])));
        assert!(!may_issue_certificates(&roles(&[
            Role::Trainee,
            Role::OrgContact
        ])));
    }
}

// --- plans (Art. 8) ---

/// Who may read annual plans: admin, staff, finance, and the reviewers of the authorities that
/// review them (MIIT, MOHRSS). Everyone else gets 403.
pub fn may_read_plans(roles: &RoleSet) -> bool {
    roles.any(&[Role::Admin, Role::Staff, Role::Finance])
        || (roles.contains(Role::Reviewer)
            && matches!(
                roles.authority(),
                Some(crate::Authority::Miit | crate::Authority::Mohrss)
            ))
}

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

#[cfg(test)]
mod plan_tests {
    use super::*;
    use crate::Authority;
    use crate::plans::PlanActor;

    #[test]
    fn plans_are_read_by_managers_finance_and_plan_reviewers() {
        let set = |r: &[Role], a| RoleSet::new(r.iter().copied(), a).expect("valid");
        assert!(may_read_plans(&set(&[Role::Staff], None)));
        assert!(may_read_plans(&set(&[Role::Finance], None)));
        assert!(may_read_plans(&set(
            &[Role::Reviewer],
            Some(Authority::Miit)
        )));
        assert!(!may_read_plans(&set(
            &[Role::Reviewer],
            Some(Authority::ProvincialHr)
        )));
        for r in [Role::Teacher, Role::Trainee, Role::OrgContact] {
            assert!(!may_read_plans(&set(&[r], None)));
        }
        assert_eq!(plan_actor(&set(&[Role::Admin], None)), PlanActor::Staff);
        assert_eq!(
            plan_actor(&set(&[Role::Reviewer], Some(Authority::Mohrss))),
            PlanActor::Reviewer(Authority::Mohrss)
        );
        assert_eq!(plan_actor(&set(&[Role::Finance], None)), PlanActor::Other);
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
        assert!(may_manage_classes(&roles(&[Role::Staff])));
        for r in [
            Role::Teacher,
            Role::Finance,
            Role::Trainee,
            Role::OrgContact,
        ] {
            assert!(!may_manage_classes(&roles(&[r])));
        }
        assert!(may_record_attendance(&roles(&[Role::Admin]), false));
        assert!(may_record_attendance(&roles(&[Role::Teacher]), true));
        assert!(!may_record_attendance(&roles(&[Role::Teacher]), false));
        assert!(!may_record_attendance(&roles(&[Role::Trainee]), true));
        assert!(may_record_results(&roles(&[Role::Teacher]), true));
        assert!(!may_record_results(&roles(&[Role::Teacher]), false));
        assert!(!may_record_results(&roles(&[Role::OrgContact]), true));
        assert!(may_correct_learning_records(&roles(&[Role::Staff])));
        for r in [
            Role::Teacher,
            Role::Trainee,
            Role::OrgContact,
            Role::Finance,
        ] {
            assert!(!may_correct_learning_records(&roles(&[r])));
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
            assert!(!may_enrol(&roles(&[r])));
        }
        for r in [Role::Admin, Role::Staff, Role::OrgContact, Role::Trainee] {
            assert!(may_enrol(&roles(&[r])));
        }
        assert!(enrols_anyone(&staff));
        assert!(!enrols_anyone(&both));
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

    #[test]
    fn lecture_materials_follow_teaching_and_enrolment() {
        use MaterialAction::{Delete, Read, Upload};
        let none = MaterialLinks::default();
        for r in [Role::Admin, Role::Staff] {
            for a in [Read, Upload, Delete] {
                assert_eq!(material_access(&roles(&[r]), a, none), Decision::Granted);
            }
        }
        for r in [Role::Finance, Role::Reviewer, Role::OrgContact] {
            let all = MaterialLinks {
                enrolled: true,
                teaches_class: true,
                teaches_course: true,
                uploaded_it: true,
            };
            assert_eq!(
                material_access(&roles(&[r]), Read, all),
                Decision::Forbidden
            );
        }
        let trainee = roles(&[Role::Trainee]);
        let enrolled = MaterialLinks {
            enrolled: true,
            ..none
        };
        assert_eq!(material_access(&trainee, Read, enrolled), Decision::Granted);
        assert_eq!(
            material_access(&trainee, Upload, enrolled),
            Decision::Forbidden
        );
        assert_eq!(material_access(&trainee, Read, none), Decision::NotFound);
        assert_eq!(material_access(&trainee, Delete, none), Decision::NotFound);

        let teacher = roles(&[Role::Teacher]);
        let in_class = MaterialLinks {
            teaches_class: true,
            ..none
        };
        assert_eq!(material_access(&teacher, Read, in_class), Decision::Granted);
        assert_eq!(
            material_access(&teacher, Upload, in_class),
            Decision::Forbidden
        );
        let of_course = MaterialLinks {
            teaches_class: true,
            teaches_course: true,
            ..none
        };
        assert_eq!(
            material_access(&teacher, Upload, of_course),
            Decision::Granted
        );
        assert_eq!(
            material_access(&teacher, Delete, of_course),
            Decision::Forbidden
        );
        let own = MaterialLinks {
            uploaded_it: true,
            ..of_course
        };
        assert_eq!(material_access(&teacher, Delete, own), Decision::Granted);
        assert_eq!(material_access(&teacher, Read, none), Decision::NotFound);
        // Enrolment does not count for a teacher, teaching not for a trainee.
        assert_eq!(
            material_access(&teacher, Read, enrolled),
            Decision::NotFound
        );
        assert_eq!(
            material_access(&trainee, Read, of_course),
            Decision::NotFound
        );
    }
}

// --- reports (Art. 11, 16-18) ---

/// Who may read class summary reports: admin, staff, and reviewers (read-only reports; only the
/// provincial HR department's reviewers decide them). Everyone else gets 403.
pub fn may_read_class_reports(roles: &RoleSet) -> bool {
    roles.any(MANAGERS) || roles.contains(Role::Reviewer)
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

/// Who edits questionnaires, sees evaluation texts, follow-up aggregates and every training
/// need, and turns needs into plan items: admin and staff.
pub fn may_manage_evaluations(roles: &RoleSet) -> bool {
    roles.any(MANAGERS)
}

/// Who sees the dashboard: admin and staff (due items, figures, activity) and reviewers
/// (their queue).
pub fn may_see_dashboard(roles: &RoleSet) -> bool {
    roles.any(MANAGERS) || roles.contains(Role::Reviewer)
}

#[cfg(test)]
mod report_tests {
    use super::*;
    use crate::Authority;
    use crate::reports::ReportActor;

    #[test]
    fn class_reports_are_read_by_managers_and_reviewers_and_decided_by_the_province() {
        let set = |r: &[Role], a| RoleSet::new(r.iter().copied(), a).expect("valid");
        assert!(may_read_class_reports(&set(&[Role::Staff], None)));
        assert!(may_read_class_reports(&set(
            &[Role::Reviewer],
            Some(Authority::Miit)
        )));
        for r in [
            Role::Finance,
            Role::Teacher,
            Role::Trainee,
            Role::OrgContact,
        ] {
            assert!(!may_read_class_reports(&set(&[r], None)), "{r}");
            assert!(!may_manage_evaluations(&set(&[r], None)), "{r}");
            assert!(!may_see_dashboard(&set(&[r], None)), "{r}");
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
