//! Partner agreements for industry–university–research cooperation (产学研合作, Art. 22): which
//! organisation, what kind of cooperation, its scope, its period and whether it is in force.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Record, string};
use crate::FieldError;
use crate::text_enum::text_enum;
use crate::validation::{Checks, Text};

/// What the cooperation is about (Art. 22: a collaboration system, transfer of results,
/// exchanges).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    /// 联合培养.
    JointTraining,
    /// 科研合作.
    ResearchCooperation,
    /// 成果转化.
    ResultsTransfer,
    /// 交流研讨.
    Exchange,
    /// 实践基地.
    PracticeBase,
    /// 其他.
    Other,
}

text_enum!(PartnerKind {
    JointTraining => "joint_training",
    ResearchCooperation => "research_cooperation",
    ResultsTransfer => "results_transfer",
    Exchange => "exchange",
    PracticeBase => "practice_base",
    Other => "other",
});

/// Whether an agreement is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnerStatus {
    Active,
    Ended,
}

text_enum!(PartnerStatus {
    Active => "active",
    Ended => "ended",
});

/// The validated content of a partner agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerData {
    /// The partner organisation (must exist; checked by the server).
    pub organisation_id: Uuid,
    pub kind: PartnerKind,
    pub scope: Text,
    pub start_date: NaiveDate,
    /// `None` for an agreement without a fixed end; never before `start_date`.
    pub end_date: Option<NaiveDate>,
    pub status: PartnerStatus,
}

pub type Partner = Record<PartnerData>;

/// Body of `POST /partners` (and, with `version`, of `PUT /partners/{id}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerRequest {
    pub organisation_id: Uuid,
    pub kind: PartnerKind,
    /// What the cooperation covers, 1–2000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "共建人工智能工程技术人员继续教育课程")
    )]
    pub scope: String,
    pub start_date: NaiveDate,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    pub status: PartnerStatus,
}

/// Body of `PUT /partners/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePartnerRequest {
    #[serde(flatten)]
    pub partner: PartnerRequest,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

/// A partner agreement as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerDto {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub kind: PartnerKind,
    pub scope: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub status: PartnerStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl TryFrom<PartnerRequest> for PartnerData {
    type Error = Vec<FieldError>;

    fn try_from(r: PartnerRequest) -> Result<Self, Self::Error> {
        let mut c = Checks::default();
        let scope = c.check(Text::paragraphs(&r.scope, "scope", 2000));
        if r.end_date.is_some_and(|end| end < r.start_date) {
            c.push(FieldError::new(
                "end_date",
                "before_start",
                "the agreement cannot end before it starts",
            ));
        }
        let Some(scope) = scope else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            organisation_id: r.organisation_id,
            kind: r.kind,
            scope,
            start_date: r.start_date,
            end_date: r.end_date,
            status: r.status,
        })
    }
}

impl Partner {
    pub fn to_dto(&self) -> PartnerDto {
        let d = &self.data;
        PartnerDto {
            id: self.id,
            organisation_id: d.organisation_id,
            kind: d.kind,
            scope: string(&d.scope),
            start_date: d.start_date,
            end_date: d.end_date,
            status: d.status,
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

crate::audited!(Partner, "partner");

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn request() -> PartnerRequest {
        PartnerRequest {
            organisation_id: Uuid::nil(),
            kind: PartnerKind::JointTraining,
            scope: "共建课程".into(),
            start_date: date(2026, 1, 1),
            end_date: Some(date(2028, 12, 31)),
            status: PartnerStatus::Active,
        }
    }

    #[test]
    fn a_period_may_be_open_ended_but_not_reversed() {
        assert!(PartnerData::try_from(request()).is_ok());
        assert!(
            PartnerData::try_from(PartnerRequest {
                end_date: None,
                ..request()
            })
            .is_ok()
        );
        assert!(
            PartnerData::try_from(PartnerRequest {
                end_date: Some(date(2026, 1, 1)),
                ..request()
            })
            .is_ok(),
            "a one-day agreement"
        );
        let errors = PartnerData::try_from(PartnerRequest {
            scope: " ".into(),
            end_date: Some(date(2025, 12, 31)),
            ..request()
        })
        .expect_err("invalid");
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![("scope", "required"), ("end_date", "before_start")]
        );
    }
}
