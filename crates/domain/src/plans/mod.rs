//! Annual plan review and filing (年度计划审核备案, Art. 8): the plan for year Y with its items,
//! the review workflow with MIIT and MOHRSS ([`workflow`]), its deadlines in the base's calendar
//! ([`deadlines`]), immutable snapshots of every submission and their comparison
//! ([`versions`]), and the execution summary of year Y−1 ([`summary`]).

mod deadlines;
mod items;
mod summary;
mod versions;
mod workflow;

pub use deadlines::*;
pub use items::*;
pub use summary::*;
pub use versions::*;
pub use workflow::*;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Authority;
use crate::review::{Actor, allowed_actions};

/// A plan as the API shows it to one caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDto {
    pub id: Uuid,
    pub year: i32,
    pub title: String,
    pub narrative: Option<String>,
    pub status: PlanStatus,
    /// 1 for the first version; amending a filed plan opens the next.
    pub revision: i32,
    /// What `POST /plans/{id}/transitions` accepts from the caller now.
    pub allowed_actions: Vec<PlanAction>,
    /// The authority deciding the plan now (while it waits for one).
    pub waiting_for: Option<Authority>,
    /// Submission to MIIT is due before this date (Asia/Shanghai).
    pub miit_due_before: NaiveDate,
    /// Filing with MOHRSS is due before this date (Asia/Shanghai).
    pub mohrss_due_before: NaiveDate,
    /// The steps still to take, with days left as of today in Shanghai.
    pub pending_steps: Vec<StepDue>,
    pub item_count: u32,
    /// Total budget of the items, in fen.
    pub budget_fen: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Plan {
    /// The plan as `actor` sees it on local date `today`.
    pub fn to_dto(
        &self,
        actor: Actor,
        deadlines: &PlanDeadlines,
        today: NaiveDate,
        items: &[PlanItem],
    ) -> PlanDto {
        PlanDto {
            id: self.id,
            year: self.data.year,
            title: self.data.title.as_ref().to_owned(),
            narrative: self.data.narrative.as_ref().map(|t| t.as_ref().to_owned()),
            status: self.status,
            revision: self.revision,
            allowed_actions: allowed_actions::<PlanReview>(self.status, actor),
            waiting_for: self.status.deciding_authority(),
            miit_due_before: deadlines.deadline(PlanStep::MiitSubmission, self.data.year),
            mohrss_due_before: deadlines.deadline(PlanStep::MohrssFiling, self.data.year),
            pending_steps: deadlines.pending(self.status, self.data.year, today),
            item_count: u32::try_from(items.len()).unwrap_or(u32::MAX),
            budget_fen: items.iter().map(|i| i.data.budget.fen()).sum(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// The plan's header for the audit trail.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::json!({
            "year": self.data.year,
            "title": self.data.title.as_ref(),
            "narrative": self.data.narrative.as_ref().map(|t| t.as_ref()),
            "status": self.status,
            "revision": self.revision,
            "version": self.version,
        })
    }
}

/// Body of `POST /plans/{id}/transitions`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanTransitionRequest {
    pub action: Option<PlanAction>,
    /// The authority's comments: required for `return` (up to 4000 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "请补充各项目经费预算明细"))]
    pub comments: Option<String>,
    /// 文号 of the authority's paper reply: required when staff record a decision (`approve`,
    /// `return`, `file`) from a paper reply; a reviewer deciding in the system may give one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "工信人函〔2025〕12号"))]
    pub document_number: Option<String>,
    /// Date of the paper reply (not in the future): required when staff record a decision.
    #[serde(default)]
    pub reply_date: Option<NaiveDate>,
    /// A scan of the paper reply uploaded with `POST /plans/{id}/scans` (staff decisions only).
    #[serde(default)]
    pub scan_id: Option<Uuid>,
}

/// One recorded move of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanTransitionDto {
    pub id: Uuid,
    pub action: PlanAction,
    pub from_status: PlanStatus,
    pub to_status: PlanStatus,
    /// The plan's revision the move concerned.
    pub revision: i32,
    /// Whose decision it is (decisions only).
    pub authority: Option<Authority>,
    /// Staff recorded the decision from the authority's paper reply.
    pub from_paper: bool,
    pub comments: Option<String>,
    pub document_number: Option<String>,
    pub reply_date: Option<NaiveDate>,
    /// The step was taken on or after its deadline (Asia/Shanghai).
    pub late: bool,
    /// The scan of the paper reply (`GET /plans/{id}/scans/{scan_id}`).
    pub scan_id: Option<Uuid>,
    /// The snapshot a submission stored (`GET /plans/{id}/versions/{seq}`).
    pub snapshot_seq: Option<i32>,
    pub acted_by: Uuid,
    pub acted_by_name: String,
    pub acted_at: DateTime<Utc>,
}

/// An uploaded scan of a paper reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanScanDto {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTime<Utc>,
}

/// The content types accepted for a scan of a paper reply.
pub const SCAN_CONTENT_TYPES: &[&str] = &["application/pdf", "image/jpeg", "image/png"];
