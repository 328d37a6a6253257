//! Class summary reports (Art. 18): one report per class, its insert-only move history (a
//! submission carries the figures and narrative it froze), the figures' inputs read from the
//! class's stored data, and the list of completed classes with their reports and due dates.
//!
//! A move goes through [`crate::reviews`] (the conditional status change and the insert-only
//! move row shared with plans), so two concurrent moves cannot both start from the same state;
//! filing also moves the class `completed → reported` in the caller's transaction.

use cebase_domain::ProblemCode;
use std::collections::{HashMap, HashSet};

use cebase_domain::Authority;
use cebase_domain::class::ClassStatus;
use cebase_domain::reports::{
    ClassReport, FigureInputs, Narrative, ReportFiguresDto, ReportReview, ReportStatus,
    ReportSubmission, ReportTransitionDto,
};
use cebase_domain::review::Move;
use cebase_domain::training::{CompletionOutcome, EnrolmentStatus};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::assessments;
use crate::decode::{optional, owned, text};
use crate::entities::{class, class_report, class_report_transition, enrolment, enrolment_outcome};
use crate::listing::{PageRequest, corrupt, paged, split_page};
use crate::reviews;

fn decode(m: class_report::Model) -> Result<ClassReport, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("class_reports.{what}"), id);
    Ok(ClassReport {
        id,
        class_id: m.class_id,
        status: m.status.parse().map_err(|_| bad("status"))?,
        narrative: Narrative {
            analysis: optional(m.analysis.as_deref(), text).ok_or_else(|| bad("analysis"))?,
            lessons: optional(m.lessons.as_deref(), text).ok_or_else(|| bad("lessons"))?,
            improvements: optional(m.improvements.as_deref(), text)
                .ok_or_else(|| bad("improvements"))?,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// Starts the report of class `class_id` as a draft (`Conflict("report_exists")` when the class
/// has one).
pub async fn create(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    narrative: &Narrative,
    by: Uuid,
) -> Result<ClassReport, StoreError> {
    let now = Utc::now();
    let m = class_report::ActiveModel {
        id: Set(Uuid::now_v7()),
        class_id: Set(class_id),
        status: Set(ReportStatus::Draft.as_str().to_owned()),
        analysis: Set(owned(&narrative.analysis)),
        lessons: Set(owned(&narrative.lessons)),
        improvements: Set(owned(&narrative.improvements)),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await
    .map_err(|e| StoreError::unique_as(e, ProblemCode::ReportExists))?;
    decode(m)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<ClassReport, StoreError> {
    let m = class_report::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// Replaces a draft's narrative at `expected_version` (`VersionConflict` when it changed or
/// is no longer a draft).
pub async fn update_narrative(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    narrative: &Narrative,
) -> Result<ClassReport, StoreError> {
    let result = class_report::Entity::update_many()
        .col_expr(
            class_report::Column::Analysis,
            Expr::value(owned(&narrative.analysis)),
        )
        .col_expr(
            class_report::Column::Lessons,
            Expr::value(owned(&narrative.lessons)),
        )
        .col_expr(
            class_report::Column::Improvements,
            Expr::value(owned(&narrative.improvements)),
        )
        .col_expr(class_report::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            class_report::Column::Version,
            Expr::col(class_report::Column::Version).add(1),
        )
        .filter(class_report::Column::Id.eq(id))
        .filter(class_report::Column::Version.eq(expected_version))
        .filter(class_report::Column::Status.eq(ReportStatus::Draft.as_str()))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// Moves `report` as `mv` says from the state and version it was read at (0 rows:
/// `VersionConflict`, see [`crate::reviews`]) and records the move; a submission stores the
/// figures and narrative it froze. Answers the moved report and the move's id.
pub async fn record_move(
    db: &impl ConnectionTrait,
    report: &ClassReport,
    mv: &Move<ReportReview>,
    submission: Option<&ReportSubmission>,
    by: Uuid,
) -> Result<(ClassReport, Uuid), StoreError> {
    let submission = submission
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::Corrupt(format!("report submission not serialisable: {e}")))?;
    reviews::change_status(
        db,
        &reviews::CLASS_REPORTS,
        report.id,
        report.version,
        mv,
        vec![],
    )
    .await?;
    let id = reviews::record(
        db,
        &reviews::CLASS_REPORTS,
        report.id,
        mv,
        by,
        vec![("submission", submission.into())],
    )
    .await?;
    Ok((find(db, report.id).await?, id))
}

/// Whether a reviewer of `authority` reads report `id`: it was submitted to that authority.
pub async fn submitted_to(
    db: &impl ConnectionTrait,
    id: Uuid,
    authority: Authority,
) -> Result<bool, StoreError> {
    reviews::has_reached::<ReportReview>(db, &reviews::CLASS_REPORTS, id, authority).await
}

fn submission_of(text: Option<&str>, id: Uuid) -> Result<Option<ReportSubmission>, StoreError> {
    text.map(serde_json::from_str::<ReportSubmission>)
        .transpose()
        .map_err(|_| corrupt("class_report_transitions.submission", id))
}

/// The moves of a report, oldest first.
pub async fn transitions(
    db: &impl ConnectionTrait,
    report_id: Uuid,
) -> Result<Vec<ReportTransitionDto>, StoreError> {
    reviews::history::<ReportReview>(db, &reviews::CLASS_REPORTS, report_id, &["submission"])
        .await?
        .into_iter()
        .map(|m| {
            let submission: Option<String> = m.row.try_get("", "submission")?;
            Ok(ReportTransitionDto {
                id: m.id,
                action: m.action,
                from_status: m.from,
                to_status: m.to,
                authority: m.authority,
                from_paper: m.from_paper,
                comments: m.comments,
                document_number: m.document_number,
                reply_date: m.reply_date,
                figures: submission_of(submission.as_deref(), m.id)?.map(|s| s.figures),
                acted_by: m.acted_by,
                acted_by_name: m.acted_by_name,
                acted_at: m.acted_at,
            })
        })
        .collect()
}

/// The figures the latest submission of a report froze, if it was submitted.
pub async fn latest_figures(
    db: &impl ConnectionTrait,
    report_id: Uuid,
) -> Result<Option<ReportFiguresDto>, StoreError> {
    let m = class_report_transition::Entity::find()
        .filter(class_report_transition::Column::ReportId.eq(report_id))
        .filter(class_report_transition::Column::Submission.is_not_null())
        .order_by_desc(class_report_transition::Column::Id)
        .one(db)
        .await?;
    Ok(match m {
        Some(m) => submission_of(m.submission.as_deref(), m.id)?.map(|s| s.figures),
        None => None,
    })
}

/// What the figures of class `class_id` are computed from, read from its stored enrolments,
/// completion outcomes and assessment results (the evaluation is added by the caller).
pub async fn figure_inputs(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<FigureInputs, StoreError> {
    let active: Vec<Uuid> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::Id)
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    let outcomes = enrolment_outcome::Entity::find()
        .filter(enrolment_outcome::Column::ClassId.eq(class_id))
        .all(db)
        .await?;
    let active_set: HashSet<Uuid> = active.iter().copied().collect();
    let mut inputs = FigureInputs {
        enrolled: u32::try_from(active.len()).unwrap_or(u32::MAX),
        ..FigureInputs::default()
    };
    for o in outcomes
        .iter()
        .filter(|o| active_set.contains(&o.enrolment_id))
    {
        if o.outcome == CompletionOutcome::Completed.as_str() {
            inputs.completed += 1;
        }
        inputs.attended_sessions += u64::try_from(o.attended).unwrap_or(0);
        inputs.scheduled_sessions += u64::try_from(o.sessions).unwrap_or(0);
    }
    let assessment_ids: Vec<Uuid> = assessments::of_class(db, class_id)
        .await?
        .iter()
        .map(|a| a.id)
        .collect();
    inputs.has_assessments = !assessment_ids.is_empty();
    let results = assessments::results_of_class(db, class_id).await?;
    for e in &active {
        if inputs.has_assessments
            && assessment_ids
                .iter()
                .all(|a| results.get(&(*a, *e)).is_some_and(|r| r.passed))
        {
            inputs.passed += 1;
        }
        for a in &assessment_ids {
            if let Some(score) = results.get(&(*a, *e)).and_then(|r| r.score) {
                inputs.scores_tenths.push(score.0);
            }
        }
    }
    inputs.certificates_issued = certificates_issued(db, class_id).await?;
    Ok(inputs)
}

/// Valid certificates of a class, for its report (a re-issued certificate counts once).
pub async fn certificates_issued(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<Option<u32>, StoreError> {
    let counts = crate::certificates::valid_count_per_class(db, &[class_id]).await?;
    Ok(Some(counts.get(&class_id).copied().unwrap_or(0)))
}

/// A completed or reported class with its report, for the list and the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub class_id: Uuid,
    pub class_title: String,
    pub class_status: ClassStatus,
    pub class_end_date: NaiveDate,
    pub report: Option<(Uuid, ReportStatus, DateTime<Utc>)>,
}

/// Filters of the report list.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    /// Only reports not filed whose due date (class end + `due_days`) is before `today`.
    pub overdue: Option<(NaiveDate, u32)>,
    /// Only classes not yet reported (their report is not filed).
    pub unfiled: bool,
    /// Only this class (its row, if it is completed or reported).
    pub class_id: Option<Uuid>,
    /// Only classes whose report was submitted to this authority (what its reviewers read).
    pub reviewer: Option<Authority>,
}

/// Completed and reported classes in creation order, with their reports.
pub async fn rows(
    db: &impl ConnectionTrait,
    filter: &ReportFilter,
    page: &PageRequest,
) -> Result<(Vec<ReportRow>, Option<String>), StoreError> {
    let mut query = class::Entity::find();
    if filter.unfiled || filter.overdue.is_some() {
        query = query.filter(class::Column::Status.eq(ClassStatus::Completed.as_str()));
    } else {
        query = query.filter(class::Column::Status.is_in([
            ClassStatus::Completed.as_str(),
            ClassStatus::Reported.as_str(),
        ]));
    }
    if let Some((today, due_days)) = filter.overdue {
        // Overdue: end + due_days < today, i.e. end < today − due_days.
        let cutoff = today
            .checked_sub_days(Days::new(u64::from(due_days)))
            .unwrap_or(NaiveDate::MIN);
        query = query.filter(class::Column::EndDate.lt(cutoff));
    }
    if let Some(id) = filter.class_id {
        query = query.filter(class::Column::Id.eq(id));
    }
    if let Some(authority) = filter.reviewer {
        let submitted = Query::select()
            .column(class_report::Column::ClassId)
            .from(class_report::Entity)
            .and_where(reviews::reached::<ReportReview>(
                &reviews::CLASS_REPORTS,
                authority,
            ))
            .to_owned();
        query = query.filter(class::Column::Id.in_subquery(submitted));
    }
    let rows = paged(query, class::Column::Id, class::Column::UpdatedAt, page)
        .all(db)
        .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
    let reports: HashMap<Uuid, class_report::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        class_report::Entity::find()
            .filter(class_report::Column::ClassId.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.class_id, m))
            .collect()
    };
    let out = rows
        .into_iter()
        .map(|m| {
            let report = match reports.get(&m.id) {
                Some(r) => Some((
                    r.id,
                    r.status
                        .parse()
                        .map_err(|_| corrupt("class_reports.status", r.id))?,
                    r.updated_at,
                )),
                None => None,
            };
            Ok(ReportRow {
                class_id: m.id,
                class_title: m.title,
                class_status: m
                    .status
                    .parse()
                    .map_err(|_| corrupt("classes.status", m.id))?,
                class_end_date: m.end_date,
                report,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((out, next))
}

/// Every class whose report is not filed yet (completed, not reported), oldest end first.
pub async fn unfiled(db: &impl ConnectionTrait) -> Result<Vec<ReportRow>, StoreError> {
    let mut all = Vec::new();
    let mut page = PageRequest {
        limit: 200,
        after: None,
        updated_since: None,
    };
    loop {
        let filter = ReportFilter {
            unfiled: true,
            ..ReportFilter::default()
        };
        let (rows, next) = rows(db, &filter, &page).await?;
        all.extend(rows);
        match next.as_deref().and_then(crate::listing::decode_cursor) {
            Some(after) => page.after = Some(after),
            None => break,
        }
    }
    all.sort_by_key(|r| r.class_end_date);
    Ok(all)
}

/// Reports waiting for the provincial HR department, oldest first: (report, class title).
pub async fn submitted(
    db: &impl ConnectionTrait,
) -> Result<Vec<(ClassReport, String)>, StoreError> {
    let reports = class_report::Entity::find()
        .filter(class_report::Column::Status.eq(ReportStatus::Submitted.as_str()))
        .order_by_asc(class_report::Column::UpdatedAt)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = reports.iter().map(|r| r.class_id).collect();
    let titles: HashMap<Uuid, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        class::Entity::find()
            .select_only()
            .column(class::Column::Id)
            .column(class::Column::Title)
            .filter(class::Column::Id.is_in(ids))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    reports
        .into_iter()
        .map(|m| {
            let title = titles.get(&m.class_id).cloned().unwrap_or_default();
            decode(m).map(|r| (r, title))
        })
        .collect()
}
