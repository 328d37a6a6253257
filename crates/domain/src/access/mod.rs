//! Who may read and change master data (`docs/domain.md`, "People and roles"): the policy, in one
//! place, as a function of the caller's roles. Operations decided by role and scope alone are
//! rows of one permission table ([`PERMISSIONS`], applied by [`allowed`]); the rest, which need
//! facts about the records at hand, have a function beside their area (master data, training,
//! lecture materials, certificates, plans and class reports). The server resolves "own" to
//! concrete records (the caller's person record and its employer) and applies the result to
//! every list and read; the SPA may use the same policy to decide what to offer.
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
//! | attendance | as enrolments (rows) | as enrolments | admin, staff; teacher: classes they teach ([`Operation::RecordAttendance`]) |
//! | assessments | as classes | as classes | admin, staff (create); results: admin, staff, teacher of the class ([`Operation::RecordResults`]) |
//! | results, completion outcomes | as enrolments (rows) | as enrolments | results as above; outcomes only by completing the class |
//! | learning records, compliance | as people | as people (trainee: own; org_contact: own organisation's people) | admin, staff ([`Operation::CorrectLearningRecords`]) |
//! | roster and attendance xlsx exports | admin, staff | teacher: classes they teach ([`Operation::ExportClass`]) | — |
//! | bulk imports | admin, staff ([`Operation::Import`]) | — | admin, staff |
//! | lecture materials of a course | admin, staff | trainee: enrolled in a class (not cancelled) with a session of the course; teacher: teaching such a class ([`material_access`]) | admin, staff; teacher: of a session of the course (delete: own uploads) |
//! | results xlsx of a class | admin, staff | teacher: classes they teach ([`Operation::ExportClass`]) | — |
//! | learning-record xlsx of a person | as learning records | as learning records | — |
//! | registering people | — | — | admin, staff anyone; org_contact: people employed by own organisation ([`person_registration`]) |
//!
//! A teacher "teaches" a class when their teacher record (of the person linked to their account)
//! is scheduled for at least one of its sessions.

mod certificates;
mod master;
mod materials;
mod permissions;
mod reviews;
mod training;

pub use certificates::*;
pub use master::*;
pub use materials::*;
pub use permissions::*;
pub use reviews::*;
pub use training::*;

use crate::Role;

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

/// A role set of `roles`, reviewers scoped to MIIT.
#[cfg(test)]
fn roles(r: &[Role]) -> crate::RoleSet {
    let authority = r
        .contains(&Role::Reviewer)
        .then_some(crate::Authority::Miit);
    crate::RoleSet::new(r.iter().copied(), authority).expect("valid roles")
}
