//! Credit hours, completion of a class (Art. 4, 11) and annual compliance (MOHRSS Decree No. 25,
//! 2015: at least 90 credit hours a year, professional subjects generally at least two thirds;
//! both thresholds are configuration).

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::text_enum::text_enum;

/// Course category (Art. 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CourseCategory {
    /// 公需科目.
    PublicRequired,
    /// 专业科目.
    Professional,
}

text_enum!(CourseCategory {
    PublicRequired => "public_required",
    Professional => "professional",
});

/// Credit hours in tenths of an hour, so 1.5 hours is exact (never floating point in storage).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CreditTenths(pub u32);

impl CreditTenths {
    pub fn from_hours(hours: u32) -> Self {
        Self(hours * 10)
    }

    pub fn as_hours(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    /// The most credit hours one course may carry.
    pub const MAX_COURSE_HOURS: u32 = 1000;

    /// Parses credit hours as sent over the API (`1.5`): greater than 0, at most
    /// [`Self::MAX_COURSE_HOURS`], with at most one decimal place.
    pub fn parse_hours(hours: f64, field: &str) -> Result<Self, FieldError> {
        let max = f64::from(Self::MAX_COURSE_HOURS);
        if !hours.is_finite() || hours <= 0.0 || hours > max {
            return Err(FieldError::new(
                field,
                "range",
                format!(
                    "must be greater than 0 and at most {} hours",
                    Self::MAX_COURSE_HOURS
                ),
            ));
        }
        let tenths = (hours * 10.0).round();
        if tenths < 1.0 {
            return Err(FieldError::new(
                field,
                "range",
                "must be at least 0.1 hours",
            ));
        }
        if (hours * 10.0 - tenths).abs() > 1e-6 {
            return Err(FieldError::new(
                field,
                "precision",
                "at most one decimal place (e.g. 1.5)",
            ));
        }
        // In range by the check above: 1 ≤ tenths ≤ 10 000.
        Ok(Self(tenths as u32))
    }
}

impl std::ops::Add for CreditTenths {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self(self.0 + rhs.0)
    }
}

/// When an enrolment counts as completed (set per class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletionRules {
    /// Minimum attendance, percent of sessions (present or excused count as attended).
    pub min_attendance_percent: u8,
    /// Whether the class's assessment must be passed.
    pub assessment_required: bool,
}

impl CompletionRules {
    /// The rules as set on a class: the attendance minimum is a percentage, 0–100. `field` is
    /// the request field holding the rules (`completion_rules`).
    pub fn check(self, field: &str) -> Result<Self, FieldError> {
        if self.min_attendance_percent > 100 {
            return Err(FieldError::new(
                format!("{field}.min_attendance_percent"),
                "range",
                "a percentage of sessions, 0–100",
            ));
        }
        Ok(self)
    }
}

/// Why an enrolment did not complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum CompletionFailure {
    Attendance {
        attended: u32,
        sessions: u32,
        required_percent: u8,
    },
    AssessmentNotPassed,
    AssessmentMissing,
}

/// Evaluates one enrolment. `assessment` is `None` when no result was recorded.
pub fn evaluate_completion(
    rules: CompletionRules,
    attended: u32,
    sessions: u32,
    assessment: Option<bool>,
) -> Result<(), Vec<CompletionFailure>> {
    let mut failures = Vec::new();
    // attended / sessions >= percent / 100, in integers.
    if sessions > 0
        && u64::from(attended) * 100 < u64::from(rules.min_attendance_percent) * u64::from(sessions)
    {
        failures.push(CompletionFailure::Attendance {
            attended,
            sessions,
            required_percent: rules.min_attendance_percent,
        });
    }
    if rules.assessment_required {
        match assessment {
            Some(true) => {}
            Some(false) => failures.push(CompletionFailure::AssessmentNotPassed),
            None => failures.push(CompletionFailure::AssessmentMissing),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

/// The yearly requirement (configuration; defaults from MOHRSS Decree No. 25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceRules {
    pub annual_hours: CreditTenths,
    /// Professional share as a fraction numerator/denominator (default 2/3).
    pub professional_numerator: u32,
    pub professional_denominator: u32,
}

impl Default for ComplianceRules {
    fn default() -> Self {
        Self {
            annual_hours: CreditTenths::from_hours(90),
            professional_numerator: 2,
            professional_denominator: 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Compliance {
    pub total: CreditTenths,
    pub public_required: CreditTenths,
    pub professional: CreditTenths,
    /// Hours still missing towards the annual total.
    pub total_shortfall: CreditTenths,
    /// Professional hours still missing towards the required share of the annual total.
    pub professional_shortfall: CreditTenths,
    pub compliant: bool,
}

impl ComplianceRules {
    /// The professional hours a year needs: ceil(annual × n / d), in tenths.
    pub fn required_professional(self) -> CreditTenths {
        let d = self.professional_denominator.max(1);
        CreditTenths((self.annual_hours.0 * self.professional_numerator).div_ceil(d))
    }

    /// Parses the professional share as configured (`2/3`): a fraction `n/d` with `d ≥ 1` and
    /// `n ≤ d`.
    pub fn parse_share(raw: &str) -> Result<(u32, u32), String> {
        let invalid = || format!("expected a fraction n/d between 0 and 1, e.g. 2/3; got `{raw}`");
        let (n, d) = raw.trim().split_once('/').ok_or_else(invalid)?;
        let n: u32 = n.trim().parse().map_err(|_| invalid())?;
        let d: u32 = d.trim().parse().map_err(|_| invalid())?;
        if d == 0 || n > d {
            return Err(invalid());
        }
        Ok((n, d))
    }
}

pub fn compliance(
    rules: ComplianceRules,
    public_required: CreditTenths,
    professional: CreditTenths,
) -> Compliance {
    let total = public_required + professional;
    let total_shortfall = CreditTenths(rules.annual_hours.0.saturating_sub(total.0));
    let professional_shortfall = CreditTenths(
        rules
            .required_professional()
            .0
            .saturating_sub(professional.0),
    );
    Compliance {
        total,
        public_required,
        professional,
        total_shortfall,
        professional_shortfall,
        compliant: total_shortfall.0 == 0 && professional_shortfall.0 == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: CompletionRules = CompletionRules {
        min_attendance_percent: 80,
        assessment_required: true,
    };

    #[test]
    fn completion_needs_attendance_and_a_passed_assessment() {
        assert_eq!(evaluate_completion(RULES, 8, 10, Some(true)), Ok(()));
        assert_eq!(
            evaluate_completion(RULES, 7, 10, Some(true)),
            Err(vec![CompletionFailure::Attendance {
                attended: 7,
                sessions: 10,
                required_percent: 80
            }])
        );
        assert_eq!(
            evaluate_completion(RULES, 10, 10, Some(false)),
            Err(vec![CompletionFailure::AssessmentNotPassed])
        );
        assert_eq!(
            evaluate_completion(RULES, 0, 10, None).map_err(|f| f.len()),
            Err(2)
        );
        let no_exam = CompletionRules {
            min_attendance_percent: 100,
            assessment_required: false,
        };
        assert_eq!(evaluate_completion(no_exam, 3, 3, None), Ok(()));
        // 2 of 3 is 66.7 %: below 67 %, above 66 %.
        assert!(
            evaluate_completion(
                CompletionRules {
                    min_attendance_percent: 67,
                    ..no_exam
                },
                2,
                3,
                None
            )
            .is_err()
        );
        assert!(
            evaluate_completion(
                CompletionRules {
                    min_attendance_percent: 66,
                    ..no_exam
                },
                2,
                3,
                None
            )
            .is_ok()
        );
    }

    #[test]
    fn the_attendance_minimum_is_a_percentage() {
        for ok in [0, 80, 100] {
            let rules = CompletionRules {
                min_attendance_percent: ok,
                assessment_required: false,
            };
            assert_eq!(rules.check("completion_rules"), Ok(rules));
        }
        let too_much = CompletionRules {
            min_attendance_percent: 101,
            assessment_required: true,
        };
        assert_eq!(
            too_much
                .check("completion_rules")
                .map_err(|e| (e.field, e.code)),
            Err((
                "completion_rules.min_attendance_percent".into(),
                "range".into()
            ))
        );
    }

    #[test]
    fn credit_hours_parse_with_one_decimal_place() {
        assert_eq!(CreditTenths::parse_hours(1.5, "h"), Ok(CreditTenths(15)));
        assert_eq!(CreditTenths::parse_hours(0.1, "h"), Ok(CreditTenths(1)));
        assert_eq!(
            CreditTenths::parse_hours(1000.0, "h"),
            Ok(CreditTenths(10_000))
        );
        assert_eq!(
            CreditTenths::parse_hours(2.3, "h").map(CreditTenths::as_hours),
            Ok(2.3)
        );
        for bad in [0.0, -1.0, 1e-9, 1000.1, f64::NAN, f64::INFINITY] {
            assert_eq!(
                CreditTenths::parse_hours(bad, "credit_hours").map_err(|e| (e.field, e.code)),
                Err(("credit_hours".into(), "range".into())),
                "{bad}"
            );
        }
        assert_eq!(
            CreditTenths::parse_hours(1.25, "h").map_err(|e| e.code),
            Err("precision".into())
        );
    }

    #[test]
    fn the_professional_share_is_a_fraction_up_to_one() {
        assert_eq!(ComplianceRules::parse_share("2/3"), Ok((2, 3)));
        assert_eq!(ComplianceRules::parse_share(" 1 / 2 "), Ok((1, 2)));
        assert_eq!(ComplianceRules::parse_share("0/1"), Ok((0, 1)));
        for bad in ["", "2", "3/2", "1/0", "a/b", "-1/3"] {
            assert!(ComplianceRules::parse_share(bad).is_err(), "{bad}");
        }
        assert_eq!(
            ComplianceRules::default().required_professional(),
            CreditTenths::from_hours(60)
        );
        // 2/3 of 91 hours is 60.67: rounded up to the next tenth.
        let odd = ComplianceRules {
            annual_hours: CreditTenths::from_hours(91),
            ..ComplianceRules::default()
        };
        assert_eq!(odd.required_professional(), CreditTenths(607));
    }

    #[test]
    fn forty_and_forty_falls_short_by_ten_and_twenty() {
        let short = compliance(
            ComplianceRules::default(),
            CreditTenths::from_hours(40),
            CreditTenths::from_hours(40),
        );
        assert_eq!(short.total, CreditTenths::from_hours(80));
        assert_eq!(short.total_shortfall, CreditTenths::from_hours(10));
        assert_eq!(short.professional_shortfall, CreditTenths::from_hours(20));
        assert!(!short.compliant);
    }

    #[test]
    fn ninety_hours_with_two_thirds_professional() {
        let rules = ComplianceRules::default();
        let ok = compliance(
            rules,
            CreditTenths::from_hours(30),
            CreditTenths::from_hours(60),
        );
        assert!(ok.compliant);
        let short = compliance(
            rules,
            CreditTenths::from_hours(40),
            CreditTenths::from_hours(50),
        );
        assert!(!short.compliant);
        assert_eq!(short.total_shortfall, CreditTenths(0));
        assert_eq!(short.professional_shortfall, CreditTenths::from_hours(10));
        let little = compliance(rules, CreditTenths(0), CreditTenths(455));
        assert_eq!(little.total_shortfall, CreditTenths(445));
        assert_eq!(little.professional_shortfall, CreditTenths(145));
        let custom = ComplianceRules {
            annual_hours: CreditTenths::from_hours(72),
            professional_numerator: 1,
            professional_denominator: 2,
        };
        assert!(
            compliance(
                custom,
                CreditTenths::from_hours(36),
                CreditTenths::from_hours(36)
            )
            .compliant
        );
    }
}
