//! Applying the master-data access policy to a request. The policy itself — which role may read
//! or change what — is `cebase_domain::access`; this module resolves what "own" means for the
//! caller (the person linked to their account, and that person's employer), turns the policy
//! into the store's [`Visibility`] for lists, and checks single records. Every master-data
//! handler authorises through here and nowhere else.
//!
//! Refusals: a role that may read nothing of a resource gets 403 `forbidden`; a role that may
//! read some of it gets 404 `not_found` for a record outside its scope, exactly as for a record
//! that does not exist, so identifiers cannot be probed.
//!
//! Training operations (classes, enrolments, attendance) are applied the same way: the caller's
//! [`Caller`] (person, organisation, teacher record) turns the policy's
//! [`cebase_domain::access::TrainingScope`] into the store's [`TrainingVisibility`]; a class
//! outside it is 404, an action the caller's roles do not allow on a class they can see is 403.
//! Assessment results follow attendance ([`require_result_recorder`]); learning records and
//! compliance follow the people policy ([`visible_person`], [`organisation_people`]).

use cebase_domain::ProblemCode;
use cebase_domain::Role;
use cebase_domain::access::{
    self, EnrolmentCase, EnrolmentRefusal, MasterResource, Operation, RegistrationRefusal, Scope,
    TrainingResource, WithdrawalCase,
};
use cebase_domain::master::{
    Course, IdVisibility, Organisation, Partner, Person, PersonRequest, Teacher,
};
use cebase_domain::review::Actor;
use cebase_domain::training::{EnrolmentConflict, EnrolmentSource, TrainingClass};
use cebase_store::listing::{TrainingVisibility, Visibility};
use cebase_store::{
    ConnectionTrait, StoreError, classes, organisations, people, sessions, teachers,
};
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
    visibility_of(db, auth, access::read_scope(&auth.user.roles, resource)).await
}

/// Which certificates the caller may read: 403 for roles that may read none.
pub async fn certificates_readable(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
) -> Result<Visibility, ApiError> {
    visibility_of(db, auth, access::certificate_read_scope(&auth.user.roles)).await
}

/// The store's visibility for a read scope: everything, the caller's own person and/or their
/// employer's records, or 403 when the scope is empty.
async fn visibility_of(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    scope: access::ReadScope,
) -> Result<Visibility, ApiError> {
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

/// 403 unless the permission table (`cebase_domain::access::Operation`) lets the caller's roles
/// perform `operation`.
pub fn require(auth: &AuthUser, operation: Operation) -> Result<(), ApiError> {
    if operation.allows(&auth.user.roles) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// 403 unless the caller may create and change records of `resource` (every master-data resource
/// has the same writers: [`Operation::WriteMasterData`]).
pub fn require_write(auth: &AuthUser, _resource: MasterResource) -> Result<(), ApiError> {
    if Operation::WriteMasterData.allows(&auth.user.roles) {
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

/// The caller as the training policy sees them: the person linked to their account, that
/// person's employer, and (for teachers) their teacher record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caller {
    pub person: Option<Uuid>,
    pub organisation: Option<Uuid>,
    pub teacher: Option<Uuid>,
}

/// Resolves the caller's person, organisation and teacher record.
pub async fn caller(db: &impl ConnectionTrait, auth: &AuthUser) -> Result<Caller, ApiError> {
    let Some(me) = people::find_by_user(db, auth.id()).await? else {
        return Ok(Caller::default());
    };
    let teacher = if auth.user.roles.contains(Role::Teacher) {
        teachers::find_by_person(db, me.id).await?
    } else {
        None
    };
    Ok(Caller {
        person: Some(me.id),
        organisation: me.data.employer_id,
        teacher,
    })
}

/// What of `resource` the caller may see, with the caller resolved. 403 when the caller's roles
/// grant nothing of it.
pub async fn training_visibility(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    resource: TrainingResource,
) -> Result<(TrainingVisibility, Caller), ApiError> {
    let scope = access::training_read_scope(&auth.user.roles, resource);
    if scope.is_none() {
        return Err(ApiError::forbidden());
    }
    let caller = caller(db, auth).await?;
    if scope.all {
        return Ok((TrainingVisibility::All, caller));
    }
    Ok((
        TrainingVisibility::Only {
            open_enrolment: scope.open_enrolment,
            organisation: caller.organisation.filter(|_| scope.own_organisation),
            person: caller.person.filter(|_| scope.own_person),
            teacher: caller.teacher.filter(|_| scope.own_teaching),
        },
        caller,
    ))
}

/// Class `id` as the caller may see it: 403 for a role that sees no classes, 404 for a class
/// outside the caller's scope (a teacher's class taught by someone else, a trainee's class with
/// closed enrolment …) exactly as for one that does not exist.
pub async fn visible_class(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    id: Uuid,
) -> Result<(TrainingClass, Caller), ApiError> {
    let (visibility, caller) = training_visibility(db, auth, TrainingResource::Classes).await?;
    let class = classes::find_visible(db, id, visibility).await?;
    Ok((class, caller))
}

/// 403 unless the caller may create and change classes, schedules and lifecycles.
pub fn require_class_management(auth: &AuthUser) -> Result<(), ApiError> {
    require(auth, Operation::ManageClasses)
}

/// 403 unless the caller may record attendance in class `class_id` (staff, admin, or a teacher
/// of one of its sessions). Call it after [`visible_class`], so a teacher of other classes has
/// already been answered 404.
pub async fn require_attendance_recorder(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    caller: &Caller,
    class_id: Uuid,
) -> Result<(), ApiError> {
    let teaches = match caller.teacher {
        Some(t) => sessions::teaches(db, class_id, t).await?,
        None => false,
    };
    if access::allowed_on_class(Operation::RecordAttendance, &auth.user.roles, teaches) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// 403 unless the caller's roles allow enrolling anyone at all.
pub fn require_enrolment_role(auth: &AuthUser) -> Result<(), ApiError> {
    require(auth, Operation::Enrol)
}

/// Whether the caller may enrol any person (so an unknown person is reported as such rather
/// than as one they may not enrol).
pub fn enrols_anyone(auth: &AuthUser) -> bool {
    access::allowed(Operation::Enrol, &auth.user.roles) == Some(Scope::All)
}

/// As which source the caller may enrol `person` in `class`, or why not.
pub fn enrolment_source(
    auth: &AuthUser,
    caller: &Caller,
    class: &TrainingClass,
    person: &Person,
) -> Result<EnrolmentSource, EnrolmentRefusal> {
    access::enrolment_source(
        &auth.user.roles,
        &EnrolmentCase {
            caller_person: caller.person,
            caller_organisation: caller.organisation,
            class_status: class.status,
            class_open_enrolment: class.data.open_enrolment,
            class_commissioned_by: class.data.commissioning_organisation_id,
            person_id: person.id,
            person_employer: person.data.employer_id,
        },
    )
}

/// The answer to a refused enrolment: 403 when the caller may not enrol this person here, 409
/// `enrolment_closed` when enrolment is not (or not yet) possible.
pub fn enrolment_refused(refusal: EnrolmentRefusal) -> ApiError {
    match refusal {
        EnrolmentRefusal::NotPermitted => ApiError::Problem {
            code: ProblemCode::Forbidden,
            detail: "you may enrol only yourself in a class open to enrolment, or, as an organisation contact, people your organisation employs in classes open to enrolment or commissioned by it".into(),
        },
        EnrolmentRefusal::Closed(status) => enrolment_conflict(EnrolmentConflict::Closed(status)),
        EnrolmentRefusal::SelfEnrolmentNotOpen => ApiError::Problem {
            code: ProblemCode::EnrolmentClosed,
            detail: "self-enrolment starts when the class is opened".into(),
        },
    }
}

/// The 409 answer to an enrolment that conflicts with the current state.
pub fn enrolment_conflict(conflict: EnrolmentConflict) -> ApiError {
    ApiError::Problem {
        code: conflict.code(),
        detail: conflict.to_string(),
    }
}

/// 403 unless the caller may withdraw `person`'s enrolment (staff, admin, the trainee
/// themselves, a contact of the person's employer).
pub fn require_withdrawal_right(
    auth: &AuthUser,
    caller: &Caller,
    person: &Person,
) -> Result<(), ApiError> {
    let case = WithdrawalCase {
        caller_person: caller.person,
        caller_organisation: caller.organisation,
        person_id: person.id,
        person_employer: person.data.employer_id,
    };
    if access::may_withdraw(&auth.user.roles, &case) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Person `id` for an enrolment: an unknown person is a field error (`person_id: not_found`)
/// for callers who may enrol anyone and 403 for everyone else, like a person they may not enrol.
pub async fn person_to_enrol(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    id: Uuid,
) -> Result<Person, ApiError> {
    match people::find(db, id).await {
        Ok(p) => Ok(p),
        Err(StoreError::NotFound) if enrols_anyone(auth) => Err(ApiError::validation(
            crate::app::unknown_reference("person_id", "person"),
        )),
        Err(StoreError::NotFound) => Err(enrolment_refused(EnrolmentRefusal::NotPermitted)),
        Err(e) => Err(e.into()),
    }
}

/// 403 unless the caller may enter and correct assessment results in class `class_id` (staff,
/// admin, or a teacher of one of its sessions). Call it after [`visible_class`], so a teacher of
/// other classes has already been answered 404.
pub async fn require_result_recorder(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    caller: &Caller,
    class_id: Uuid,
) -> Result<(), ApiError> {
    let teaches = match caller.teacher {
        Some(t) => sessions::teaches(db, class_id, t).await?,
        None => false,
    };
    if access::allowed_on_class(Operation::RecordResults, &auth.user.roles, teaches) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Person `id` as the people policy lets the caller see them (learning records and compliance
/// follow it): 403 for a role that sees no people, 404 for a person outside the caller's scope.
pub async fn visible_person(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    id: Uuid,
) -> Result<Person, ApiError> {
    let visibility = readable(db, auth, MasterResource::People).await?;
    let person = people::find(db, id).await?;
    ensure_visible(visibility, &person)?;
    Ok(person)
}

/// 403 unless the caller may correct learning records (staff, admin).
pub fn require_record_correction(auth: &AuthUser) -> Result<(), ApiError> {
    require(auth, Operation::CorrectLearningRecords)
}

/// Whether the caller may see the people of organisation `id` (staff and admin any
/// organisation's, an organisation contact their own's): 403 for a role that may not see
/// organisations' people at all, 404 for another organisation, as for one that does not exist.
pub async fn organisation_people(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    id: Uuid,
) -> Result<(), ApiError> {
    let scope = access::read_scope(&auth.user.roles, MasterResource::People);
    if !scope.all && !scope.own_organisation {
        return Err(ApiError::forbidden());
    }
    let own = match readable(db, auth, MasterResource::People).await? {
        Visibility::All => true,
        Visibility::Only { organisation, .. } => organisation == Some(id),
    };
    if own && organisations::exists(db, id).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// 403 unless the caller may run bulk imports (staff, admin).
pub fn require_import(auth: &AuthUser) -> Result<(), ApiError> {
    require(auth, Operation::Import)
}

/// 403 unless the caller may download class `class_id`'s roster and attendance sheet (staff,
/// admin, a teacher of one of its sessions). Call it after [`visible_class`], so a teacher of
/// other classes has already been answered 404.
pub async fn require_class_export(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    caller: &Caller,
    class_id: Uuid,
) -> Result<(), ApiError> {
    let teaches = match caller.teacher {
        Some(t) => sessions::teaches(db, class_id, t).await?,
        None => false,
    };
    if access::allowed_on_class(Operation::ExportClass, &auth.user.roles, teaches) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Checks who registers the person and as whose employee (`access::person_registration`):
/// staff and admin anyone; an organisation contact people of their own organisation (the
/// employer is filled in when not given), without a login account. 403 for everyone else.
pub async fn person_registration(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    mut request: PersonRequest,
) -> Result<PersonRequest, ApiError> {
    let caller_organisation = if Operation::WriteMasterData.allows(&auth.user.roles) {
        None
    } else {
        people::find_by_user(db, auth.id())
            .await?
            .and_then(|me| me.data.employer_id)
    };
    match access::person_registration(
        &auth.user.roles,
        caller_organisation,
        request.employer_id,
        request.user_id,
    ) {
        Ok(employer_id) => {
            request.employer_id = employer_id;
            Ok(request)
        }
        Err(RegistrationRefusal::NotPermitted) => Err(ApiError::forbidden()),
        Err(RegistrationRefusal::Fields(errors)) => Err(ApiError::Validation(errors)),
    }
}

/// Whether the caller registers people directly (staff, admin) rather than by filing a
/// registration for staff to decide (organisation contacts).
pub fn registers_directly(auth: &AuthUser) -> bool {
    Operation::WriteMasterData.allows(&auth.user.roles)
}

/// Whose person registrations a caller reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationReader {
    /// Staff and admin: every organisation's.
    All,
    /// An organisation contact: their organisation's.
    Organisation(Uuid),
}

/// Staff and admin read every registration, an organisation contact with an organisation their
/// organisation's; everyone else is refused (403).
pub async fn registration_reader(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
) -> Result<RegistrationReader, ApiError> {
    if registers_directly(auth) {
        return Ok(RegistrationReader::All);
    }
    if !auth.user.roles.contains(Role::OrgContact) {
        return Err(ApiError::forbidden());
    }
    people::find_by_user(db, auth.id())
        .await?
        .and_then(|me| me.data.employer_id)
        .map(RegistrationReader::Organisation)
        .ok_or_else(ApiError::forbidden)
}

/// 403 unless the caller decides person registrations (the writers of master data).
pub fn require_registration_decider(auth: &AuthUser) -> Result<(), ApiError> {
    if registers_directly(auth) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

// --- materials3: lecture materials ---

/// Applies `cebase_domain::access::material_access`: `Ok` when granted, 403 or 404 otherwise.
pub fn require_material_access(
    auth: &AuthUser,
    action: access::MaterialAction,
    links: access::MaterialLinks,
) -> Result<(), ApiError> {
    match access::material_access(&auth.user.roles, action, links) {
        access::Decision::Granted => Ok(()),
        access::Decision::Forbidden => Err(ApiError::forbidden()),
        access::Decision::NotFound => Err(ApiError::NotFound),
    }
}

// --- plans (Art. 8) ---

/// How the plan workflow sees the caller, if they may read plans at all (403 otherwise):
/// admin, staff, finance, and reviewers scoped to MIIT or MOHRSS.
pub fn plan_reader(auth: &AuthUser) -> Result<Actor, ApiError> {
    if Operation::ReadPlans.allows(&auth.user.roles) {
        Ok(access::review_actor(&auth.user.roles))
    } else {
        Err(ApiError::forbidden())
    }
}

/// 403 unless the caller drafts plans (staff, admin).
pub fn require_plan_editor(auth: &AuthUser) -> Result<(), ApiError> {
    if access::review_actor(&auth.user.roles) == Actor::Staff {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// The authority a reviewer is scoped to: they read only the plans and class reports submitted
/// to it. `None` for every other caller.
pub fn reviewer_scope(auth: &AuthUser) -> Option<cebase_domain::Authority> {
    access::reviewer_scope(&auth.user.roles)
}

// --- reports (Art. 11, 16-18) ---

/// How the class-report workflow sees the caller, if they may read reports (403 otherwise):
/// admin, staff and reviewers.
pub fn report_reader(auth: &AuthUser) -> Result<Actor, ApiError> {
    if Operation::ReadClassReports.allows(&auth.user.roles) {
        Ok(access::review_actor(&auth.user.roles))
    } else {
        Err(ApiError::forbidden())
    }
}

/// 403 unless the caller manages evaluations, reports and needs (staff, admin).
pub fn require_evaluation_manager(auth: &AuthUser) -> Result<(), ApiError> {
    require(auth, Operation::ManageEvaluations)
}

/// Who reads the aggregated evaluation of `class_id` (the caller sees the class): staff and
/// admin with the anonymous free texts (`true`), a teacher of one of its sessions without them
/// (`false`); anyone else 403.
pub async fn evaluation_summary_reader(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    caller: &Caller,
    class_id: Uuid,
) -> Result<bool, ApiError> {
    if require_evaluation_manager(auth).is_ok() {
        return Ok(true);
    }
    let teaches = match caller.teacher {
        Some(t) if auth.user.roles.contains(Role::Teacher) => {
            sessions::teaches(db, class_id, t).await?
        }
        _ => false,
    };
    if teaches {
        Ok(false)
    } else {
        Err(ApiError::forbidden())
    }
}

/// Which training needs the caller reads: staff and admin all; an organisation contact their
/// organisation's and their own; a trainee their own; anyone else 403.
pub fn need_visibility(
    auth: &AuthUser,
    caller: &Caller,
) -> Result<cebase_store::needs::NeedVisibility, ApiError> {
    use cebase_store::needs::NeedVisibility;
    if require_evaluation_manager(auth).is_ok() {
        return Ok(NeedVisibility::All);
    }
    if !auth.user.roles.any(&[Role::Trainee, Role::OrgContact]) {
        return Err(ApiError::forbidden());
    }
    Ok(NeedVisibility::Own {
        organisation: caller
            .organisation
            .filter(|_| auth.user.roles.contains(Role::OrgContact)),
        user: auth.id(),
    })
}

/// For whom the caller submits a training need: staff and admin as the base, an organisation
/// contact for their organisation, a trainee for themselves (each needs their link); else 403.
pub fn need_submitter(
    auth: &AuthUser,
    caller: &Caller,
) -> Result<cebase_store::needs::NeedSubmitter, ApiError> {
    use cebase_domain::reports::NeedSource;
    use cebase_store::needs::NeedSubmitter;
    let roles = &auth.user.roles;
    let (source, organisation_id) = if require_evaluation_manager(auth).is_ok() {
        (NeedSource::Staff, None)
    } else if roles.contains(Role::OrgContact) && caller.organisation.is_some() {
        (NeedSource::Organisation, caller.organisation)
    } else if roles.contains(Role::Trainee) && caller.person.is_some() {
        (NeedSource::Trainee, None)
    } else {
        return Err(ApiError::forbidden());
    };
    Ok(NeedSubmitter {
        source,
        organisation_id,
        person_id: caller.person,
        user_id: auth.id(),
    })
}

/// Who reads follow-up feedback (Art. 17): staff and admin every class with the responses
/// (`true`); trainees and organisation contacts the classes they answer for (`false`); anyone
/// else 403.
pub fn follow_up_reader(auth: &AuthUser) -> Result<bool, ApiError> {
    if require_evaluation_manager(auth).is_ok() {
        Ok(true)
    } else if auth.user.roles.any(&[Role::Trainee, Role::OrgContact]) {
        Ok(false)
    } else {
        Err(ApiError::forbidden())
    }
}

/// 403 unless the caller answers follow-ups as `respondent`: a trainee for themselves, an
/// organisation contact for their organisation.
pub fn require_follow_up_respondent(
    auth: &AuthUser,
    respondent: cebase_domain::reports::Respondent,
) -> Result<(), ApiError> {
    let role = match respondent {
        cebase_domain::reports::Respondent::Trainee => Role::Trainee,
        cebase_domain::reports::Respondent::Employer => Role::OrgContact,
    };
    if auth.user.roles.contains(role) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}
