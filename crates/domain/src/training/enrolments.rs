//! Enrolments (报名): a person in a class, at most once. Enrolment and withdrawal happen before
//! the class starts; a withdrawn enrolment is reactivated, not duplicated, when the person
//! enrols again. Capacity is a seat count on the class that the store takes and frees in the
//! same transaction as the enrolment (see `cebase_store::enrolments`).
//!
//! Who may enrol whom is [`crate::access::enrolment_source`].

use crate::ProblemCode;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::access::EnrolmentRefusal;
use crate::class::ClassStatus;
use crate::text_enum::text_enum;

/// Whether an enrolment holds a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    /// Holds a seat.
    Enrolled,
    /// Withdrew before the class started; the seat was freed.
    Withdrawn,
}

text_enum!(EnrolmentStatus {
    Enrolled => "enrolled",
    Withdrawn => "withdrawn",
});

/// Who enrolled the person (`docs/domain.md`: enrolment sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EnrolmentSource {
    /// The trainee enrolled themselves in an open-enrolment class.
    #[serde(rename = "self")]
    SelfEnrolment,
    /// A contact of the person's employer (委托单位/工作单位).
    #[serde(rename = "org_contact")]
    OrgContact,
    /// Staff or an administrator.
    #[serde(rename = "staff")]
    Staff,
}

text_enum!(EnrolmentSource {
    SelfEnrolment => "self",
    OrgContact => "org_contact",
    Staff => "staff",
});

/// A stored enrolment with the names it is shown with.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrolment {
    pub id: Uuid,
    pub class_id: Uuid,
    pub class_title: String,
    pub person_id: Uuid,
    pub person_name: String,
    pub status: EnrolmentStatus,
    /// Of the latest enrolment (a reactivation replaces it).
    pub source: EnrolmentSource,
    pub enrolled_at: DateTime<Utc>,
    /// The account that enrolled the person.
    pub enrolled_by: Uuid,
    pub withdrawal: Option<Withdrawal>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// When and by whom an enrolment was withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Withdrawal {
    pub at: DateTime<Utc>,
    pub by: Uuid,
}

/// Body of `POST /classes/{id}/enrolments`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolRequest {
    /// The person to enrol: a trainee their own person record, an organisation contact a person
    /// their organisation employs, staff anyone.
    pub person_id: Uuid,
}

/// Body of `POST /classes/{id}/enrolments/bulk`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkEnrolRequest {
    /// 1–500 people, each enrolled under the same rules as a single enrolment; all or nothing.
    pub person_ids: Vec<Uuid>,
}

/// The enrolments a bulk request created or reactivated, in request order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkEnrolmentResponse {
    pub items: Vec<EnrolmentDto>,
}

/// An enrolment as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentDto {
    pub id: Uuid,
    pub class_id: Uuid,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "人工智能工程技术人员高级研修班")
    )]
    pub class_title: String,
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub person_name: String,
    pub status: EnrolmentStatus,
    pub source: EnrolmentSource,
    pub enrolled_at: DateTime<Utc>,
    pub enrolled_by: Uuid,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// What enrolling a person writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolmentPlan {
    /// A first enrolment: a new row.
    New,
    /// The person withdrew earlier: the same row becomes active again (and takes a seat).
    Reactivate { id: Uuid },
}

/// Why an enrolment or withdrawal conflicts with the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EnrolmentConflict {
    #[error("the person is already enrolled in this class")]
    AlreadyEnrolled,
    #[error("the enrolment was already withdrawn")]
    AlreadyWithdrawn,
    #[error(
        "enrolment and withdrawal are possible while a class is planned or open; this class is {0}"
    )]
    Closed(ClassStatus),
}

impl EnrolmentConflict {
    /// The stable problem code.
    pub fn code(self) -> ProblemCode {
        match self {
            EnrolmentConflict::AlreadyEnrolled => ProblemCode::AlreadyEnrolled,
            EnrolmentConflict::AlreadyWithdrawn => ProblemCode::AlreadyWithdrawn,
            EnrolmentConflict::Closed(_) => ProblemCode::EnrolmentClosed,
        }
    }
}

/// Enrolling a person who has `existing` enrolment in the class (if any): a new row, the old
/// row reactivated, or refused because the person holds a seat already.
pub fn plan_enrolment(existing: Option<&Enrolment>) -> Result<EnrolmentPlan, EnrolmentConflict> {
    match existing {
        None => Ok(EnrolmentPlan::New),
        Some(e) => match e.status {
            EnrolmentStatus::Enrolled => Err(EnrolmentConflict::AlreadyEnrolled),
            EnrolmentStatus::Withdrawn => Ok(EnrolmentPlan::Reactivate { id: e.id }),
        },
    }
}

impl Enrolment {
    /// Withdrawal frees the seat, so it is possible only for an active enrolment and only
    /// before the class starts.
    pub fn check_withdrawal(&self, class_status: ClassStatus) -> Result<(), EnrolmentConflict> {
        if self.status == EnrolmentStatus::Withdrawn {
            return Err(EnrolmentConflict::AlreadyWithdrawn);
        }
        if !class_status.accepts_enrolment() {
            return Err(EnrolmentConflict::Closed(class_status));
        }
        Ok(())
    }

    pub fn to_dto(&self) -> EnrolmentDto {
        EnrolmentDto {
            id: self.id,
            class_id: self.class_id,
            class_title: self.class_title.clone(),
            person_id: self.person_id,
            person_name: self.person_name.clone(),
            status: self.status,
            source: self.source,
            enrolled_at: self.enrolled_at,
            enrolled_by: self.enrolled_by,
            withdrawn_at: self.withdrawal.map(|w| w.at),
            withdrawn_by: self.withdrawal.map(|w| w.by),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// The state recorded in the audit trail's before/after.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto()).unwrap_or_default()
    }
}

/// The most people one bulk request may enrol.
pub const MAX_BULK_ENROLMENT: usize = 500;

/// Why one person of a bulk enrolment cannot be enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkRefusal {
    /// The person appears earlier in the same request.
    Duplicate {
        first_index: usize,
    },
    /// No such person (told only to callers who may enrol anyone,
    /// [`crate::access::enrols_anyone`]).
    NotFound,
    /// A person the caller may not enrol in this class — or, for callers who may not enrol
    /// anyone, no such person: the two are not told apart, so people outside the caller's scope
    /// cannot be probed.
    NotEnrollable,
    AlreadyEnrolled,
    /// Every seat is taken by the items before this one (or by earlier enrolments).
    ClassFull,
}

impl BulkRefusal {
    pub fn code(self) -> &'static str {
        match self {
            BulkRefusal::Duplicate { .. } => "duplicate",
            BulkRefusal::NotFound => "not_found",
            BulkRefusal::NotEnrollable => "not_enrollable",
            BulkRefusal::AlreadyEnrolled => "already_enrolled",
            BulkRefusal::ClassFull => "class_full",
        }
    }

    fn explanation(self) -> String {
        match self {
            BulkRefusal::Duplicate { first_index } => {
                format!("listed already at person_ids[{first_index}]")
            }
            BulkRefusal::NotFound => "no person with this id".into(),
            BulkRefusal::NotEnrollable => {
                "no such person, or not one you may enrol in this class".into()
            }
            BulkRefusal::AlreadyEnrolled => "already enrolled in this class".into(),
            BulkRefusal::ClassFull => "no seat left for this person".into(),
        }
    }
}

/// One refused item of a bulk enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkItemRefusal {
    pub index: usize,
    pub person_id: Uuid,
    pub reason: BulkRefusal,
}

impl BulkItemRefusal {
    /// The refusal as a field error naming the item (`person_ids[3]`), the person and why.
    pub fn to_field_error(self) -> FieldError {
        FieldError::new(
            format!("person_ids[{}]", self.index),
            self.reason.code(),
            format!("person {}: {}", self.person_id, self.reason.explanation()),
        )
    }
}

/// The size rule of a bulk request.
pub fn check_bulk_size(person_ids: &[Uuid]) -> Result<(), FieldError> {
    if (1..=MAX_BULK_ENROLMENT).contains(&person_ids.len()) {
        Ok(())
    } else {
        Err(FieldError::new(
            "person_ids",
            "range",
            format!("between 1 and {MAX_BULK_ENROLMENT} people per request"),
        ))
    }
}

/// Reviews a bulk enrolment as a whole. `checks[i]` is the outcome of checking `person_ids[i]` on
/// its own (as a single enrolment would be); repeated people are refused as duplicates, and the
/// items that pass take the `seats_left` in request order, so the ones beyond are refused as
/// `ClassFull`. `Ok` means every item may be written; otherwise every refused item is listed.
pub fn review_bulk(
    person_ids: &[Uuid],
    checks: &[Result<(), BulkRefusal>],
    seats_left: u32,
) -> Result<(), Vec<BulkItemRefusal>> {
    let mut first_seen: HashMap<Uuid, usize> = HashMap::new();
    let mut seats = seats_left;
    let mut refused = Vec::new();
    for (index, (&person_id, check)) in person_ids.iter().zip(checks).enumerate() {
        let outcome = match first_seen.get(&person_id) {
            Some(&first_index) => Err(BulkRefusal::Duplicate { first_index }),
            None => {
                first_seen.insert(person_id, index);
                check.and_then(|()| {
                    if seats == 0 {
                        Err(BulkRefusal::ClassFull)
                    } else {
                        seats -= 1;
                        Ok(())
                    }
                })
            }
        };
        if let Err(reason) = outcome {
            refused.push(BulkItemRefusal {
                index,
                person_id,
                reason,
            });
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(refused)
    }
}

/// How one person of a bulk enrolment fares, checked as a single enrolment would be. `source` is
/// `None` when there is no such person, else the caller's right to enrol them in the class
/// ([`crate::access::enrolment_source`]); `enrols_anyone` whether the caller may enrol anyone
/// (only they are told that a person does not exist); `earlier` the person's earlier enrolment
/// in the class. The outer `Err` refuses the whole request: a class closed to one person is
/// closed to all.
pub fn check_bulk_person(
    source: Option<Result<EnrolmentSource, EnrolmentRefusal>>,
    enrols_anyone: bool,
    earlier: Option<&Enrolment>,
) -> Result<Result<(EnrolmentSource, EnrolmentPlan), BulkRefusal>, EnrolmentRefusal> {
    let source = match source {
        None if enrols_anyone => return Ok(Err(BulkRefusal::NotFound)),
        None | Some(Err(EnrolmentRefusal::NotPermitted)) => {
            return Ok(Err(BulkRefusal::NotEnrollable));
        }
        Some(Err(refusal)) => return Err(refusal),
        Some(Ok(source)) => source,
    };
    Ok(plan_enrolment(earlier)
        .map(|plan| (source, plan))
        .map_err(|_| BulkRefusal::AlreadyEnrolled))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enrolment(status: EnrolmentStatus) -> Enrolment {
        Enrolment {
            id: Uuid::max(),
            class_id: Uuid::nil(),
            class_title: "研修班".into(),
            person_id: Uuid::nil(),
            person_name: "张伟".into(),
            status,
            source: EnrolmentSource::Staff,
            enrolled_at: DateTime::UNIX_EPOCH,
            enrolled_by: Uuid::nil(),
            withdrawal: None,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn a_person_is_enrolled_once_and_a_withdrawn_row_is_reactivated() {
        assert_eq!(plan_enrolment(None), Ok(EnrolmentPlan::New));
        assert_eq!(
            plan_enrolment(Some(&enrolment(EnrolmentStatus::Enrolled))),
            Err(EnrolmentConflict::AlreadyEnrolled)
        );
        assert_eq!(
            plan_enrolment(Some(&enrolment(EnrolmentStatus::Withdrawn))),
            Ok(EnrolmentPlan::Reactivate { id: Uuid::max() })
        );
    }

    #[test]
    fn withdrawal_is_before_the_class_starts_and_only_once() {
        let active = enrolment(EnrolmentStatus::Enrolled);
        assert_eq!(active.check_withdrawal(ClassStatus::Planned), Ok(()));
        assert_eq!(active.check_withdrawal(ClassStatus::Open), Ok(()));
        for later in [
            ClassStatus::InProgress,
            ClassStatus::Completed,
            ClassStatus::Cancelled,
        ] {
            let refused = active.check_withdrawal(later).expect_err("started");
            assert_eq!(refused.code(), crate::ProblemCode::EnrolmentClosed);
            assert!(refused.to_string().contains(later.as_str()));
        }
        assert_eq!(
            enrolment(EnrolmentStatus::Withdrawn).check_withdrawal(ClassStatus::Open),
            Err(EnrolmentConflict::AlreadyWithdrawn)
        );
    }

    #[test]
    fn the_source_names_match_the_api() {
        assert_eq!(
            serde_json::to_value(EnrolmentSource::SelfEnrolment).expect("json"),
            serde_json::json!("self")
        );
    }

    #[test]
    fn a_bulk_enrolment_names_every_refused_item() {
        let [a, b, c, d] = [1u128, 2, 3, 4].map(Uuid::from_u128);
        let ok = Ok(());
        assert_eq!(review_bulk(&[a, b], &[ok, ok], 2), Ok(()));
        let refused = review_bulk(
            &[a, b, a, c, d],
            &[
                ok,
                Err(BulkRefusal::NotEnrollable),
                ok,
                Err(BulkRefusal::AlreadyEnrolled),
                ok,
            ],
            1,
        )
        .expect_err("refused");
        assert_eq!(
            refused
                .iter()
                .map(|r| (r.index, r.person_id, r.reason))
                .collect::<Vec<_>>(),
            vec![
                (1, b, BulkRefusal::NotEnrollable),
                (2, a, BulkRefusal::Duplicate { first_index: 0 }),
                (3, c, BulkRefusal::AlreadyEnrolled),
                (4, d, BulkRefusal::ClassFull),
            ]
        );
        let e = refused[1].to_field_error();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("person_ids[2]", "duplicate")
        );
        assert!(e.message.contains(&a.to_string()));
        assert!(e.message.contains("person_ids[0]"));
    }

    #[test]
    fn a_bulk_request_has_one_to_five_hundred_people() {
        assert!(check_bulk_size(&[]).is_err());
        assert!(check_bulk_size(&[Uuid::nil()]).is_ok());
        assert!(check_bulk_size(&vec![Uuid::nil(); MAX_BULK_ENROLMENT]).is_ok());
        assert_eq!(
            check_bulk_size(&vec![Uuid::nil(); MAX_BULK_ENROLMENT + 1]).map_err(|e| e.code),
            Err("range".into())
        );
    }

    #[test]
    fn a_bulk_item_is_checked_as_a_single_enrolment_and_a_closed_class_refuses_all() {
        let staff = Some(Ok(EnrolmentSource::Staff));
        assert_eq!(
            check_bulk_person(staff, true, None),
            Ok(Ok((EnrolmentSource::Staff, EnrolmentPlan::New)))
        );
        assert_eq!(
            check_bulk_person(staff, true, Some(&enrolment(EnrolmentStatus::Withdrawn))),
            Ok(Ok((
                EnrolmentSource::Staff,
                EnrolmentPlan::Reactivate { id: Uuid::max() }
            )))
        );
        assert_eq!(
            check_bulk_person(staff, true, Some(&enrolment(EnrolmentStatus::Enrolled))),
            Ok(Err(BulkRefusal::AlreadyEnrolled))
        );
        // An unknown person is told apart only to a caller who may enrol anyone.
        assert_eq!(
            check_bulk_person(None, true, None),
            Ok(Err(BulkRefusal::NotFound))
        );
        assert_eq!(
            check_bulk_person(None, false, None),
            Ok(Err(BulkRefusal::NotEnrollable))
        );
        assert_eq!(
            check_bulk_person(Some(Err(EnrolmentRefusal::NotPermitted)), false, None),
            Ok(Err(BulkRefusal::NotEnrollable))
        );
        // The policy comes before the earlier enrolment.
        assert_eq!(
            check_bulk_person(
                Some(Err(EnrolmentRefusal::NotPermitted)),
                false,
                Some(&enrolment(EnrolmentStatus::Enrolled))
            ),
            Ok(Err(BulkRefusal::NotEnrollable))
        );
        for closed in [
            EnrolmentRefusal::Closed(ClassStatus::InProgress),
            EnrolmentRefusal::SelfEnrolmentNotOpen,
        ] {
            assert_eq!(
                check_bulk_person(Some(Err(closed)), true, None),
                Err(closed)
            );
        }
    }
}
