//! Follow-up feedback (跟踪反馈, Art. 17): some months after a class ends (configurable, default
//! 3), the trainees who completed it and their employers (organisation contacts) say how the
//! training was applied and what it changed; staff see the aggregates per class.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::master::{Checks, Text, optional};
use crate::text_enum::text_enum;

/// Who gives the feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Respondent {
    /// A trainee who completed the class (once per class).
    Trainee,
    /// A contact of an organisation employing a trainee who completed it (once per class and
    /// organisation).
    Employer,
}

text_enum!(Respondent {
    Trainee => "trainee",
    Employer => "employer",
});

/// The day follow-up feedback on a class that ended on `end_date` opens.
pub fn follow_up_opens(end_date: NaiveDate, months: u32) -> NaiveDate {
    end_date
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Body of `POST /follow-ups`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpRequest {
    pub class_id: Uuid,
    pub respondent: Respondent,
    /// How much of the training is applied at work (学以致用), 1–5.
    pub applied_rating: i64,
    /// How much work performance improved (工作绩效提升), 1–5.
    pub improvement_rating: i64,
    /// Up to 2000 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A checked follow-up response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpAnswers {
    pub applied: u8,
    pub improvement: u8,
    pub comment: Option<Text>,
}

impl FollowUpAnswers {
    pub fn parse(r: &FollowUpRequest) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        let rating = |v: i64, f: &str| {
            u8::try_from(v)
                .ok()
                .filter(|r| (1..=5).contains(r))
                .ok_or_else(|| FieldError::new(f, "range", "a rating is 1 to 5"))
        };
        let applied = c.check(rating(r.applied_rating, "applied_rating"));
        let improvement = c.check(rating(r.improvement_rating, "improvement_rating"));
        let comment = c.check(optional(r.comment.as_deref(), |v| {
            Text::paragraphs(v, "comment", 2000)
        }));
        let (Some(applied), Some(improvement), Some(comment)) = (applied, improvement, comment)
        else {
            return Err(c.into_errors());
        };
        Ok(Self {
            applied,
            improvement,
            comment,
        })
    }
}

/// A class in the follow-up list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpDto {
    pub class_id: Uuid,
    pub class_title: String,
    pub class_end_date: NaiveDate,
    /// Feedback is accepted from this day (Asia/Shanghai).
    pub opens_on: NaiveDate,
    pub open: bool,
    /// Days until it opens (0 once open).
    pub days_until_open: i64,
    /// Trainees who completed the class (staff only; `null` for others).
    pub expected_trainees: Option<u32>,
    /// Organisations employing them (staff only).
    pub expected_employers: Option<u32>,
    pub trainee_responses: Option<u32>,
    pub employer_responses: Option<u32>,
    /// Mean ratings of every response, two decimals (staff only).
    pub applied_average: Option<f64>,
    pub improvement_average: Option<f64>,
    /// The free texts, sorted (staff only).
    pub comments: Option<Vec<String>>,
    /// For trainees and organisation contacts: whether they have answered.
    pub answered: Option<bool>,
    /// For trainees and organisation contacts: which respondent they answer as.
    pub respondent: Option<Respondent>,
}

/// A stored response, for aggregation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpResponse {
    pub class_id: Uuid,
    pub respondent: Respondent,
    pub applied: u8,
    pub improvement: u8,
    pub comment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_up_opens_months_after_the_class_clamped_to_month_ends() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        assert_eq!(follow_up_opens(d(2026, 3, 6), 3), d(2026, 6, 6));
        assert_eq!(follow_up_opens(d(2026, 11, 30), 3), d(2027, 2, 28));
        assert_eq!(follow_up_opens(d(2027, 11, 30), 3), d(2028, 2, 29));
    }

    #[test]
    fn ratings_are_one_to_five() {
        let r = FollowUpRequest {
            class_id: Uuid::nil(),
            respondent: Respondent::Employer,
            applied_rating: 0,
            improvement_rating: 6,
            comment: None,
        };
        let e = FollowUpAnswers::parse(&r).expect_err("refused");
        assert_eq!(e.len(), 2);
        let ok = FollowUpAnswers::parse(&FollowUpRequest {
            applied_rating: 4,
            improvement_rating: 5,
            ..r
        })
        .expect("valid");
        assert_eq!((ok.applied, ok.improvement), (4, 5));
    }
}
