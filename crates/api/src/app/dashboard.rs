//! The dashboard, the staff home page: what is due with days left — plan steps
//! (`plans::due_steps`), class summary reports (Art. 18) and open follow-ups (Art. 17) — overdue
//! items flagged, the annual plans of this year and the next with their next deadline
//! (`plan_glances`), this year's figures against the year's plan (the execution-summary
//! computation over the classes actually held), evaluation scores, recent activity from the
//! audit trail. Reviewers get the submissions waiting for their authority.

use cebase_domain::Role;
use cebase_domain::access::Operation;
use cebase_domain::plans::{PlanReview, execution_rows};
use cebase_domain::reports::{
    ActivityDto, DashboardDto, DueItemDto, DueKind, QueueItemDto, ReportDue, ReportReview,
    YearFiguresDto, follow_up_opens, mean2, plan_glances,
};
use cebase_domain::review::decided_by;
use cebase_store::audit::{self, AuditFilter};
use cebase_store::{class_reports, evaluations, plans};
use chrono::{Datelike, Days};
use uuid::Uuid;

use super::Ctx;
use crate::access;
use crate::error::ApiError;

/// The caller's home: what is due, this year's figures and recent activity (staff, admin), or the
/// submissions waiting for a reviewer's authority.
pub async fn dashboard(ctx: &Ctx) -> Result<DashboardDto, ApiError> {
    access::require(&ctx.caller, Operation::SeeDashboard)?;
    let roles = &ctx.caller.user.roles;
    let today = ctx.today();
    let db = ctx.db();
    let mut body = DashboardDto {
        today,
        due: Vec::new(),
        figures: None,
        plans: Vec::new(),
        recent: Vec::new(),
        review_queue: Vec::new(),
    };
    if access::require_evaluation_manager(&ctx.caller).is_ok() {
        // Plan steps: "before D" means the last day to act is D − 1.
        for step in plans::due_steps(db, &ctx.settings().plan_deadlines, today, None).await? {
            let due_date = step
                .due
                .due_before
                .checked_sub_days(Days::new(1))
                .unwrap_or(step.due.due_before);
            body.due.push(DueItemDto {
                kind: DueKind::PlanStep,
                subject_id: step.plan_id,
                title: step.title,
                detail: step.due.step.as_str().to_owned(),
                due_date,
                days_left: (due_date - today).num_days(),
                overdue: step.due.overdue,
            });
        }
        let due_days = ctx.settings().reports.class_report_due_days;
        for row in class_reports::unfiled(db).await? {
            let due = ReportDue::of(row.class_end_date, due_days, today, false);
            body.due.push(DueItemDto {
                kind: DueKind::ClassReport,
                subject_id: row.class_id,
                title: row.class_title,
                detail: row
                    .report
                    .map(|(_, s, _)| s.as_str())
                    .unwrap_or("not_started")
                    .to_owned(),
                due_date: due.due_date,
                days_left: due.days_left,
                overdue: due.overdue,
            });
        }
        let months = ctx.settings().reports.follow_up_months;
        let classes = evaluations::follow_up_classes(db).await?;
        let ids: Vec<Uuid> = classes.iter().map(|c| c.class_id).collect();
        let responses = evaluations::follow_ups_of(db, &ids).await?;
        for c in classes {
            let opens = follow_up_opens(c.end_date, months);
            let answered = responses
                .iter()
                .filter(|r| r.class_id == c.class_id)
                .count();
            // Due while open and nobody has answered yet; follow-up has no hard deadline, so
            // it is never overdue.
            if today >= opens && answered == 0 && !c.completed.is_empty() {
                body.due.push(DueItemDto {
                    kind: DueKind::FollowUp,
                    subject_id: c.class_id,
                    title: c.title,
                    detail: "collect_feedback".into(),
                    due_date: opens,
                    days_left: (opens - today).num_days(),
                    overdue: false,
                });
            }
        }
        body.due.sort_by_key(|d| (d.due_date, d.kind.as_str()));

        // The plans of this year and the next two (the glance shows the third only once the
        // second is filed).
        let mut stored = Vec::new();
        for y in today.year()..=today.year() + 2 {
            stored.extend(plans::of_year(db, y).await?);
        }
        body.plans = plan_glances(&ctx.settings().plan_deadlines, &stored, today);

        let year = today.year();
        let plan = stored.iter().find(|p| p.data.year == year).cloned();
        let items = match &plan {
            Some(p) => plans::items(db, p.id).await?,
            None => Vec::new(),
        };
        let item_ids: Vec<Uuid> = items.iter().map(|i| i.id).collect();
        let held = plans::held_class_actuals(db, year, &item_ids).await?;
        let (_, _, total) = execution_rows(&items, &held);
        let held_ids: Vec<Uuid> = held.iter().map(|h| h.class_id).collect();
        let answers = evaluations::answers_of(db, &held_ids).await?;
        let (mut sum, mut n, mut responses) = (0u64, 0u64, 0u32);
        for a in answers.values().flatten() {
            responses += 1;
            for r in a.ratings.values() {
                sum += u64::from(*r);
                n += 1;
            }
        }
        body.figures = Some(YearFiguresDto {
            year,
            plan_id: plan.map(|p| p.id),
            planned_classes: total.planned_classes,
            held_classes: total.classes_held,
            planned_trainees: total.planned_trainees.into(),
            completed_trainees: total.trainees_completed.into(),
            planned_public_required_hours: total.planned_public_required_hours,
            planned_professional_hours: total.planned_professional_hours,
            actual_public_required_hours: total.public_required_hours,
            actual_professional_hours: total.professional_hours,
            evaluation_responses: responses,
            evaluation_average: mean2(sum, n),
        });
        body.recent = audit::list(db, &AuditFilter::default(), 10, None)
            .await?
            .items
            .into_iter()
            .map(|e| ActivityDto {
                at: e.created_at,
                actor_username: e.actor_username,
                action: e.action,
                entity_type: e.entity_type,
                entity_id: e.entity_id,
            })
            .collect();
    } else if let (true, Some(authority)) = (roles.contains(Role::Reviewer), roles.authority()) {
        // What waits for the reviewer's authority: the states it decides.
        for status in decided_by::<PlanReview>(authority) {
            let filter = plans::PlanFilter {
                year: None,
                status: Some(status),
                reviewer: None,
            };
            let page = cebase_store::listing::PageRequest {
                limit: 200,
                after: None,
                updated_since: None,
            };
            for p in plans::list(db, &filter, &page).await?.0 {
                body.review_queue.push(QueueItemDto {
                    kind: "plan".into(),
                    id: p.id,
                    title: p.data.title.as_ref().to_owned(),
                    status: p.status.as_str().to_owned(),
                    authority,
                    since: p.updated_at,
                });
            }
        }
        if !decided_by::<ReportReview>(authority).is_empty() {
            for (r, title) in class_reports::submitted(db).await? {
                body.review_queue.push(QueueItemDto {
                    kind: "class_report".into(),
                    id: r.id,
                    title,
                    status: r.status.as_str().to_owned(),
                    authority,
                    since: r.updated_at,
                });
            }
        }
    }
    Ok(body)
}
