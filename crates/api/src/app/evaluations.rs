//! Training-effect evaluation (Art. 11, 16) and follow-up feedback (Art. 17): the use cases behind
//! `/classes/{id}/questionnaire` (read; staff edit it until the class opens),
//! `/classes/{id}/evaluations` (an enrolled trainee answers once),
//! `/classes/{id}/evaluations/summary` (aggregates: staff with the anonymous free texts, the
//! class's teachers without), `/follow-ups` (what is due for the caller, and answering).
//!
//! Nobody can read an individual response: none is stored with who gave it (see
//! `cebase_store::evaluations`), and no endpoint lists responses.

use std::collections::BTreeSet;

use cebase_domain::class::ClassStatus;
use cebase_domain::dto::Page;
use cebase_domain::reports::{
    ClassTeacherDto, EvaluationAnswers, EvaluationRequest, EvaluationSummaryDto, FollowUpAnswers,
    FollowUpDto, FollowUpRequest, Questionnaire, QuestionnaireDto, QuestionnaireRequest,
    Respondent, follow_up_opens, mean2, summarise,
};
use cebase_domain::training::{EnrolmentStatus, TrainingClass};
use cebase_domain::{ProblemCode, Role};
use cebase_store::evaluations::{self, FollowUpSubject};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{ConnectionTrait, StoreError, begin_write, enrolments, sessions};
use uuid::Uuid;

use super::{Ctx, commit, record_audit};
use crate::access::{self, Caller};
use crate::error::ApiError;

/// The class's questionnaire (its own, or the default template) and its version (0: default).
async fn questionnaire_of(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<(Questionnaire, i32), ApiError> {
    Ok(evaluations::questionnaire(db, class_id)
        .await?
        .unwrap_or_else(|| (Questionnaire::default(), 0)))
}

/// The teachers of the class's sessions, in timetable order of their first session.
async fn teachers_of(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<Vec<ClassTeacherDto>, ApiError> {
    let mut seen = BTreeSet::new();
    Ok(sessions::list(db, class_id)
        .await?
        .into_iter()
        .filter(|s| seen.insert(s.data.teacher_id))
        .map(|s| ClassTeacherDto {
            teacher_id: s.data.teacher_id,
            name: s.teacher_name,
        })
        .collect())
}

/// The aggregated evaluation of a class; `comments` includes the free texts (staff only).
pub(crate) async fn class_summary(
    db: &impl ConnectionTrait,
    class: &TrainingClass,
    comments: bool,
) -> Result<EvaluationSummaryDto, ApiError> {
    let (q, _) = questionnaire_of(db, class.id).await?;
    let teachers = teachers_of(db, class.id).await?;
    let answers = evaluations::answers_of(db, &[class.id])
        .await?
        .remove(&class.id)
        .unwrap_or_default();
    Ok(summarise(
        class.id,
        &q,
        &teachers,
        &answers,
        class.enrolled_count,
        comments,
    ))
}

/// The caller's active enrolment in the class, if any.
async fn own_enrolment(
    db: &impl ConnectionTrait,
    caller: &Caller,
    class_id: Uuid,
) -> Result<Option<Uuid>, ApiError> {
    let Some(person) = caller.person else {
        return Ok(None);
    };
    let rows = enrolments::in_class(
        db,
        class_id,
        TrainingVisibility::Only {
            open_enrolment: false,
            organisation: None,
            person: Some(person),
            teacher: None,
        },
    )
    .await?;
    Ok(rows
        .into_iter()
        .find(|e| e.person_id == person && e.status == EnrolmentStatus::Enrolled)
        .map(|e| e.id))
}

fn accepting(status: ClassStatus) -> bool {
    matches!(status, ClassStatus::InProgress | ClassStatus::Completed)
}

async fn questionnaire_dto(
    ctx: &Ctx,
    db: &impl ConnectionTrait,
    caller: &Caller,
    class: &TrainingClass,
) -> Result<QuestionnaireDto, ApiError> {
    let (q, version) = questionnaire_of(db, class.id).await?;
    let answered_by_me = match own_enrolment(db, caller, class.id).await? {
        Some(e) => Some(evaluations::answered(db, e).await?),
        None => None,
    };
    Ok(QuestionnaireDto {
        class_id: class.id,
        items: q.items,
        rate_teachers: q.rate_teachers,
        free_text_prompt: q.free_text_prompt,
        teachers: teachers_of(db, class.id).await?,
        customised: version > 0,
        editable: class.status == ClassStatus::Planned
            && access::require_evaluation_manager(&ctx.caller).is_ok(),
        accepting_responses: accepting(class.status),
        answered_by_me,
        version,
    })
}

/// The class's questionnaire (Art. 16) and whether the caller's enrolment has answered.
pub async fn questionnaire(ctx: &Ctx, id: Uuid) -> Result<QuestionnaireDto, ApiError> {
    let (class, caller) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    questionnaire_dto(ctx, ctx.db(), &caller, &class).await
}

/// Replaces the class's questionnaire (staff, admin) while the class is `planned`.
pub async fn replace_questionnaire(
    ctx: &Ctx,
    id: Uuid,
    r: QuestionnaireRequest,
) -> Result<QuestionnaireDto, ApiError> {
    access::require_evaluation_manager(&ctx.caller)?;
    let q = Questionnaire::parse(&r).map_err(ApiError::Validation)?;
    let txn = begin_write(ctx.db()).await?;
    let (class, caller) = access::visible_class(&txn, &ctx.caller, id).await?;
    if class.status != ClassStatus::Planned {
        return Err(ApiError::Problem {
            code: ProblemCode::QuestionnaireLocked,
            detail: format!(
                "the class is {}; its questionnaire can be changed only before it opens",
                class.status
            ),
        });
    }
    let (before, _) = questionnaire_of(&txn, class.id).await?;
    evaluations::save_questionnaire(&txn, class.id, &q, r.version, ctx.caller.id()).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "questionnaire.update",
        "class",
        class.id,
        Some(serde_json::to_value(&before).unwrap_or_default()),
        Some(serde_json::to_value(&q).unwrap_or_default()),
    )
    .await?;
    let body = questionnaire_dto(ctx, &txn, &caller, &class).await?;
    commit(txn).await?;
    Ok(body)
}

/// Records an enrolled trainee's answers, once per enrolment, without who gave them.
pub async fn submit(ctx: &Ctx, id: Uuid, r: EvaluationRequest) -> Result<(), ApiError> {
    let txn = begin_write(ctx.db()).await?;
    let (class, caller) = access::visible_class(&txn, &ctx.caller, id).await?;
    let Some(enrolment) = own_enrolment(&txn, &caller, class.id).await? else {
        return Err(ApiError::Problem {
            code: ProblemCode::Forbidden,
            detail: "only a person enrolled in the class answers its questionnaire".into(),
        });
    };
    if !accepting(class.status) {
        return Err(ApiError::Problem {
            code: ProblemCode::EvaluationClosed,
            detail: format!(
                "the class is {}; the questionnaire is answered while it is in progress or once it is completed",
                class.status
            ),
        });
    }
    let (q, _) = questionnaire_of(&txn, class.id).await?;
    let teachers: Vec<Uuid> = teachers_of(&txn, class.id)
        .await?
        .iter()
        .map(|t| t.teacher_id)
        .collect();
    let answers = EvaluationAnswers::parse(&r, &q, &teachers).map_err(ApiError::Validation)?;
    evaluations::submit(&txn, class.id, enrolment, &answers)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(code) => ApiError::Problem {
                code,
                detail: "this enrolment has already answered the questionnaire (one response per enrolment)".into(),
            },
            e => e.into(),
        })?;
    // The trail records that the enrolment answered, never what it answered.
    record_audit(
        &txn,
        &ctx.caller,
        "evaluation.submit",
        "enrolment",
        enrolment,
        None,
        Some(serde_json::json!({"class_id": class.id})),
    )
    .await?;
    commit(txn).await?;
    Ok(())
}

/// The aggregated evaluation: staff with the free texts, the class's teachers without.
pub async fn summary(ctx: &Ctx, id: Uuid) -> Result<EvaluationSummaryDto, ApiError> {
    let (class, caller) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    let staff = access::evaluation_summary_reader(ctx.db(), &ctx.caller, &caller, class.id).await?;
    class_summary(ctx.db(), &class, staff).await
}

/// Follow-up feedback (Art. 17) class by class, as the caller sees it; the whole list.
pub async fn follow_ups(ctx: &Ctx) -> Result<Page<FollowUpDto>, ApiError> {
    let staff = access::follow_up_reader(&ctx.caller)?;
    let roles = &ctx.caller.user.roles;
    let caller = access::caller(ctx.db(), &ctx.caller).await?;
    let months = ctx.settings().reports.follow_up_months;
    let today = ctx.today();
    let classes = evaluations::follow_up_classes(ctx.db()).await?;
    let ids: Vec<Uuid> = classes.iter().map(|c| c.class_id).collect();
    let responses = if staff {
        evaluations::follow_ups_of(ctx.db(), &ids).await?
    } else {
        Vec::new()
    };
    let mut items = Vec::new();
    for c in classes {
        let opens_on = follow_up_opens(c.end_date, months);
        let mut dto = FollowUpDto {
            class_id: c.class_id,
            class_title: c.title.clone(),
            class_end_date: c.end_date,
            opens_on,
            open: today >= opens_on,
            days_until_open: (opens_on - today).num_days().max(0),
            expected_trainees: None,
            expected_employers: None,
            trainee_responses: None,
            employer_responses: None,
            applied_average: None,
            improvement_average: None,
            comments: None,
            answered: None,
            respondent: None,
        };
        if staff {
            let mine: Vec<_> = responses
                .iter()
                .filter(|r| r.class_id == c.class_id)
                .collect();
            let employers: BTreeSet<Uuid> = c.completed.iter().filter_map(|(_, o)| *o).collect();
            let count = |who: Respondent| {
                u32::try_from(mine.iter().filter(|r| r.respondent == who).count()).unwrap_or(0)
            };
            let n = mine.len() as u64;
            dto.expected_trainees = Some(u32::try_from(c.completed.len()).unwrap_or(u32::MAX));
            dto.expected_employers = Some(u32::try_from(employers.len()).unwrap_or(u32::MAX));
            dto.trainee_responses = Some(count(Respondent::Trainee));
            dto.employer_responses = Some(count(Respondent::Employer));
            dto.applied_average = mean2(mine.iter().map(|r| u64::from(r.applied)).sum(), n);
            dto.improvement_average = mean2(mine.iter().map(|r| u64::from(r.improvement)).sum(), n);
            let mut texts: Vec<String> = mine.iter().filter_map(|r| r.comment.clone()).collect();
            texts.sort();
            dto.comments = Some(texts);
            items.push(dto);
            continue;
        }
        let subject = if roles.contains(Role::Trainee)
            && caller
                .person
                .is_some_and(|p| c.completed.iter().any(|(q, _)| *q == p))
        {
            caller.person.map(FollowUpSubject::Trainee)
        } else if roles.contains(Role::OrgContact)
            && caller
                .organisation
                .is_some_and(|o| c.completed.iter().any(|(_, e)| *e == Some(o)))
        {
            caller.organisation.map(FollowUpSubject::Employer)
        } else {
            None
        };
        if let Some(subject) = subject {
            dto.answered =
                Some(evaluations::follow_up_answered(ctx.db(), c.class_id, subject).await?);
            dto.respondent = Some(match subject {
                FollowUpSubject::Trainee(_) => Respondent::Trainee,
                FollowUpSubject::Employer(_) => Respondent::Employer,
            });
            items.push(dto);
        }
    }
    Ok(Page {
        items,
        next_cursor: None,
    })
}

/// Records follow-up feedback (Art. 17) of a trainee or an employer, once each.
pub async fn submit_follow_up(ctx: &Ctx, r: FollowUpRequest) -> Result<(), ApiError> {
    access::require_follow_up_respondent(&ctx.caller, r.respondent)?;
    let answers = FollowUpAnswers::parse(&r).map_err(ApiError::Validation)?;
    let txn = begin_write(ctx.db()).await?;
    let caller = access::caller(&txn, &ctx.caller).await?;
    let class = evaluations::follow_up_classes(&txn)
        .await?
        .into_iter()
        .find(|c| c.class_id == r.class_id)
        .ok_or(ApiError::NotFound)?;
    let subject = match r.respondent {
        Respondent::Trainee => caller
            .person
            .filter(|p| class.completed.iter().any(|(q, _)| q == p))
            .map(FollowUpSubject::Trainee),
        Respondent::Employer => caller
            .organisation
            .filter(|o| class.completed.iter().any(|(_, e)| *e == Some(*o)))
            .map(FollowUpSubject::Employer),
    }
    .ok_or(ApiError::NotFound)?;
    let opens_on = follow_up_opens(class.end_date, ctx.settings().reports.follow_up_months);
    if ctx.today() < opens_on {
        return Err(ApiError::Problem {
            code: ProblemCode::FollowUpNotOpen,
            detail: format!("follow-up feedback on this class opens on {opens_on} (Art. 17)"),
        });
    }
    let id =
        evaluations::submit_follow_up(&txn, class.class_id, subject, &answers, ctx.caller.id())
            .await
            .map_err(|e| match e {
                StoreError::Conflict(code) => ApiError::Problem {
                    code,
                    detail: "follow-up feedback on this class was already given".into(),
                },
                e => e.into(),
            })?;
    record_audit(
        &txn,
        &ctx.caller,
        "follow_up.submit",
        "follow_up",
        id,
        None,
        Some(serde_json::json!({
            "class_id": class.class_id,
            "respondent": r.respondent,
            "applied_rating": answers.applied,
            "improvement_rating": answers.improvement,
        })),
    )
    .await?;
    commit(txn).await?;
    Ok(())
}
