//! Training-effect evaluation (Art. 11, 16) and follow-up feedback (Art. 17):
//! `/classes/{id}/questionnaire` (read; staff edit it until the class opens),
//! `/classes/{id}/evaluations` (an enrolled trainee answers once),
//! `/classes/{id}/evaluations/summary` (aggregates: staff with the anonymous free texts, the
//! class's teachers without), `/follow-ups` (what is due for the caller, and answering).
//!
//! Nobody can read an individual response: none is stored with who gave it (see
//! `cebase_store::evaluations`), and no endpoint lists responses.

use cebase_domain::ProblemCode;
use std::collections::BTreeSet;

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::class::ClassStatus;
use cebase_domain::dto::Page;
use cebase_domain::plans::shanghai_date;
use cebase_domain::reports::{
    ClassTeacherDto, EvaluationAnswers, EvaluationRequest, EvaluationSummaryDto, FollowUpAnswers,
    FollowUpDto, FollowUpRequest, Questionnaire, QuestionnaireDto, QuestionnaireRequest,
    Respondent, follow_up_opens, mean2, summarise,
};
use cebase_domain::training::{EnrolmentStatus, TrainingClass};
use cebase_domain::{Problem, Role};
use cebase_store::evaluations::{self, FollowUpSubject};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{ConnectionTrait, StoreError, begin_write, enrolments, sessions};
use chrono::Utc;
use uuid::Uuid;

use crate::access::{self, Caller};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::routes::{commit, record_audit};
use crate::state::AppState;

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
    db: &impl ConnectionTrait,
    auth: &AuthUser,
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
            && access::require_evaluation_manager(auth).is_ok(),
        accepting_responses: accepting(class.status),
        answered_by_me,
        version,
    })
}

/// The class's questionnaire (Art. 16): its own or the default template (ratings 1–5 for
/// content, teachers, organisation, logistics, overall; each teacher rated; free text), the
/// teachers it rates, and whether the caller's enrolment has answered.
#[utoipa::path(tag = "evaluations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = QuestionnaireDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or one outside the caller's classes", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/questionnaire")]
pub async fn get_questionnaire(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (class, caller) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(questionnaire_dto(&state.db, &auth, &caller, &class).await?))
}

/// Replace the class's questionnaire (staff, admin) while the class is `planned`; `version` is
/// the one read (0 while the class has the default template).
#[utoipa::path(tag = "evaluations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = QuestionnaireRequest, responses(
    (status = 200, body = QuestionnaireDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "questionnaire_locked: the class has been opened; version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: items count; items[i].key pattern/duplicate; items[i].label required/length; free_text_prompt length", body = Problem, content_type = "application/problem+json"),
))]
#[put("/classes/{id}/questionnaire")]
pub async fn put_questionnaire(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<QuestionnaireRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_evaluation_manager(&auth)?;
    let r = body.into_inner();
    let q = Questionnaire::parse(&r).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let (class, caller) = access::visible_class(&txn, &auth, id.into_inner()).await?;
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
    evaluations::save_questionnaire(&txn, class.id, &q, r.version, auth.id()).await?;
    record_audit(
        &txn,
        &auth,
        "questionnaire.update",
        "class",
        class.id,
        Some(serde_json::to_value(&before).unwrap_or_default()),
        Some(serde_json::to_value(&q).unwrap_or_default()),
    )
    .await?;
    let body = questionnaire_dto(&txn, &auth, &caller, &class).await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Answer the class's questionnaire (an enrolled trainee, once per enrolment) while the class
/// is in progress or completed. The response is stored without who gave it; only that the
/// enrolment has answered is kept.
#[utoipa::path(tag = "evaluations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = EvaluationRequest, responses(
    (status = 204, description = "recorded"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: only a person enrolled in the class answers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "already_evaluated: the enrolment has answered; evaluation_closed: the class is not in progress or completed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: ratings.<key> required/range/unknown; teacher_ratings.<id> required/range/not_found; comment length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/evaluations")]
pub async fn submit_evaluation(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<EvaluationRequest>,
) -> Result<HttpResponse, ApiError> {
    let r = body.into_inner();
    let txn = begin_write(&state.db).await?;
    let (class, caller) = access::visible_class(&txn, &auth, id.into_inner()).await?;
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
        &auth,
        "evaluation.submit",
        "enrolment",
        enrolment,
        None,
        Some(serde_json::json!({"class_id": class.id})),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The aggregated evaluation of a class: per question (mean, distribution), per teacher, overall.
/// Staff and admin also get the free texts (anonymous, sorted); a teacher of the class gets the
/// aggregates only. Nobody gets individual responses.
#[utoipa::path(tag = "evaluations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = EvaluationSummaryDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: trainees, organisation contacts, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or a class the teacher does not teach", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/evaluations/summary")]
pub async fn evaluation_summary(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (class, caller) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    let staff = access::require_evaluation_manager(&auth).is_ok();
    if !staff {
        let teaches = match caller.teacher {
            Some(t) => {
                auth.user.roles.contains(Role::Teacher)
                    && sessions::teaches(&state.db, class.id, t).await?
            }
            None => false,
        };
        if !teaches {
            return Err(ApiError::forbidden());
        }
    }
    Ok(HttpResponse::Ok().json(class_summary(&state.db, &class, staff).await?))
}

// --- follow-ups (Art. 17) ---

fn today() -> chrono::NaiveDate {
    shanghai_date(Utc::now())
}

/// Follow-up feedback, class by class (completed and reported classes, by end date). Staff and
/// admin: every class with expected and received responses and the mean ratings and texts;
/// trainees: the classes they completed; organisation contacts: the classes their people
/// completed — each with `opens_on`, `open` and whether they have answered. Follow-up opens
/// `CEBASE_FOLLOW_UP_MONTHS` months after the class's last day. The whole list.
#[utoipa::path(tag = "follow-ups", security(("bearer" = [])), responses(
    (status = 200, body = Page<FollowUpDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, reviewers", body = Problem, content_type = "application/problem+json"),
))]
#[get("/follow-ups")]
pub async fn list_follow_ups(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<HttpResponse, ApiError> {
    let staff = access::require_evaluation_manager(&auth).is_ok();
    let roles = &auth.user.roles;
    if !staff && !roles.any(&[Role::Trainee, Role::OrgContact]) {
        return Err(ApiError::forbidden());
    }
    let caller = access::caller(&state.db, &auth).await?;
    let months = state.settings.reports.follow_up_months;
    let today = today();
    let classes = evaluations::follow_up_classes(&state.db).await?;
    let ids: Vec<Uuid> = classes.iter().map(|c| c.class_id).collect();
    let responses = if staff {
        evaluations::follow_ups_of(&state.db, &ids).await?
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
                Some(evaluations::follow_up_answered(&state.db, c.class_id, subject).await?);
            dto.respondent = Some(match subject {
                FollowUpSubject::Trainee(_) => Respondent::Trainee,
                FollowUpSubject::Employer(_) => Respondent::Employer,
            });
            items.push(dto);
        }
    }
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Give follow-up feedback on a class (Art. 17): `respondent` `trainee` (a trainee who
/// completed it, once) or `employer` (a contact of an organisation employing someone who
/// completed it, once per organisation), from `CEBASE_FOLLOW_UP_MONTHS` months after its end.
#[utoipa::path(tag = "follow-ups", security(("bearer" = [])), request_body = FollowUpRequest, responses(
    (status = 204, description = "recorded"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: the caller's roles do not answer follow-ups as this respondent", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or none the caller (or their organisation's people) completed", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "already_answered; follow_up_not_open: before the follow-up date", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: applied_rating, improvement_rating range; comment length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/follow-ups")]
pub async fn submit_follow_up(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<FollowUpRequest>,
) -> Result<HttpResponse, ApiError> {
    let r = body.into_inner();
    let role = match r.respondent {
        Respondent::Trainee => Role::Trainee,
        Respondent::Employer => Role::OrgContact,
    };
    if !auth.user.roles.contains(role) {
        return Err(ApiError::forbidden());
    }
    let answers = FollowUpAnswers::parse(&r).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let caller = access::caller(&txn, &auth).await?;
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
    let opens_on = follow_up_opens(class.end_date, state.settings.reports.follow_up_months);
    if today() < opens_on {
        return Err(ApiError::Problem {
            code: ProblemCode::FollowUpNotOpen,
            detail: format!("follow-up feedback on this class opens on {opens_on} (Art. 17)"),
        });
    }
    let id = evaluations::submit_follow_up(&txn, class.class_id, subject, &answers, auth.id())
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
        &auth,
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
    Ok(HttpResponse::NoContent().finish())
}
