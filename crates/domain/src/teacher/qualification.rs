//! The qualification rule of Art. 13: a teacher is qualified when they hold at least a master's
//! degree **or** an associate-senior (副高) title or higher, **and** are attested as an
//! academic/technical leader or backbone (学术/技术带头人或骨干). The attestation counts once staff
//! have verified its evidence ([`Attestation`]).

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::text_enum::text_enum;

/// Highest degree, ordered from lowest to highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Degree {
    None,
    Associate,
    Bachelor,
    Master,
    Doctor,
}

text_enum!(Degree {
    None => "none",
    Associate => "associate",
    Bachelor => "bachelor",
    Master => "master",
    Doctor => "doctor",
});

/// Professional title level (职称), ordered from lowest to highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TitleLevel {
    None,
    /// 初级.
    Junior,
    /// 中级.
    Intermediate,
    /// 副高.
    AssociateSenior,
    /// 正高.
    Senior,
}

text_enum!(TitleLevel {
    None => "none",
    Junior => "junior",
    Intermediate => "intermediate",
    AssociateSenior => "associate_senior",
    Senior => "senior",
});

/// Full-time (专职) or part-time (兼职) teacher (Art. 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    /// 专职.
    FullTime,
    /// 兼职.
    PartTime,
}

text_enum!(Employment {
    FullTime => "full_time",
    PartTime => "part_time",
});

/// A rule of Art. 13 that a teacher does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnmetRule {
    /// Neither a master's degree (or higher) nor an associate-senior title (or higher).
    DegreeOrTitle,
    /// Not attested as an academic/technical leader or backbone.
    LeaderOrBackboneAttestation,
    /// Attested, but staff have not yet verified the evidence of the attestation.
    EvidenceNotVerified,
}

text_enum!(UnmetRule {
    DegreeOrTitle => "degree_or_title",
    LeaderOrBackboneAttestation => "leader_or_backbone_attestation",
    EvidenceNotVerified => "evidence_not_verified",
});

impl UnmetRule {
    pub fn explanation(self) -> &'static str {
        match self {
            UnmetRule::DegreeOrTitle => {
                "needs a master's degree or higher, or an associate-senior (副高) title or higher (Art. 13)"
            }
            UnmetRule::LeaderOrBackboneAttestation => {
                "needs attestation as an academic or technical leader or backbone (学术/技术带头人或骨干) (Art. 13)"
            }
            UnmetRule::EvidenceNotVerified => {
                "the leader/backbone attestation counts only once staff have verified its evidence (Art. 13)"
            }
        }
    }

    /// The rule as a field error of `field` (the request field naming the teacher), for refusals
    /// such as scheduling an unqualified teacher.
    pub fn to_field_error(self, field: &str) -> FieldError {
        FieldError::new(field, self.as_str(), self.explanation())
    }
}

/// The state of a teacher's leader/backbone attestation (学术/技术带头人或骨干).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attestation {
    /// No attestation recorded.
    Missing,
    /// Attested, evidence not yet verified by staff.
    Unverified,
    /// Attested and the evidence verified by staff.
    Verified,
}

impl Attestation {
    pub fn of(attested: bool, evidence_verified: bool) -> Self {
        match (attested, evidence_verified) {
            (false, _) => Attestation::Missing,
            (true, false) => Attestation::Unverified,
            (true, true) => Attestation::Verified,
        }
    }
}

/// Whether a teacher may be scheduled, and if not, every rule that is unmet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Qualification {
    pub qualified: bool,
    pub unmet: Vec<UnmetRule>,
}

/// The first half of Art. 13: a master's degree or higher, or an associate-senior title or higher.
pub fn meets_degree_or_title(degree: Degree, title: TitleLevel) -> bool {
    degree >= Degree::Master || title >= TitleLevel::AssociateSenior
}

/// Art. 13. `attested` means the attestation exists **and** staff verified its evidence.
pub fn qualification(degree: Degree, title: TitleLevel, attested: bool) -> Qualification {
    let attestation = if attested {
        Attestation::Verified
    } else {
        Attestation::Missing
    };
    assess(degree, title, attestation)
}

/// Art. 13 with the attestation's state, so an unverified attestation is named as such.
pub fn assess(degree: Degree, title: TitleLevel, attestation: Attestation) -> Qualification {
    let mut unmet = Vec::new();
    if !meets_degree_or_title(degree, title) {
        unmet.push(UnmetRule::DegreeOrTitle);
    }
    match attestation {
        Attestation::Missing => unmet.push(UnmetRule::LeaderOrBackboneAttestation),
        Attestation::Unverified => unmet.push(UnmetRule::EvidenceNotVerified),
        Attestation::Verified => {}
    }
    Qualification {
        qualified: unmet.is_empty(),
        unmet,
    }
}

impl Qualification {
    /// `Ok` when qualified; otherwise one field error of `field` per unmet rule, each citing
    /// Art. 13 — the answer to "may this teacher be scheduled?".
    pub fn require(&self, field: &str) -> Result<(), Vec<FieldError>> {
        if self.qualified {
            Ok(())
        } else {
            Err(self.unmet.iter().map(|r| r.to_field_error(field)).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degree_or_title_plus_attestation() {
        assert!(qualification(Degree::Master, TitleLevel::None, true).qualified);
        assert!(qualification(Degree::Doctor, TitleLevel::Junior, true).qualified);
        assert!(qualification(Degree::Bachelor, TitleLevel::AssociateSenior, true).qualified);
        assert!(qualification(Degree::None, TitleLevel::Senior, true).qualified);
        assert_eq!(
            qualification(Degree::Bachelor, TitleLevel::Intermediate, true).unmet,
            vec![UnmetRule::DegreeOrTitle]
        );
        assert_eq!(
            qualification(Degree::Doctor, TitleLevel::Senior, false).unmet,
            vec![UnmetRule::LeaderOrBackboneAttestation]
        );
        let q = qualification(Degree::Bachelor, TitleLevel::Junior, false);
        assert!(!q.qualified);
        assert_eq!(q.unmet.len(), 2);
        assert!(q.unmet.iter().all(|r| r.explanation().contains("Art. 13")));
    }

    #[test]
    fn an_unverified_attestation_is_named_as_such() {
        let q = assess(Degree::Doctor, TitleLevel::None, Attestation::Unverified);
        assert_eq!(q.unmet, vec![UnmetRule::EvidenceNotVerified]);
        assert!(assess(Degree::Doctor, TitleLevel::None, Attestation::Verified).qualified);
        assert_eq!(
            assess(Degree::Bachelor, TitleLevel::Junior, Attestation::Missing).unmet,
            vec![
                UnmetRule::DegreeOrTitle,
                UnmetRule::LeaderOrBackboneAttestation
            ]
        );
        assert_eq!(Attestation::of(true, false), Attestation::Unverified);
        assert_eq!(Attestation::of(false, true), Attestation::Missing);
    }

    #[test]
    fn the_degree_or_title_rule_at_its_boundaries() {
        for degree in Degree::ALL {
            for title in TitleLevel::ALL {
                let expected = matches!(degree, Degree::Master | Degree::Doctor)
                    || matches!(title, TitleLevel::AssociateSenior | TitleLevel::Senior);
                assert_eq!(meets_degree_or_title(*degree, *title), expected);
            }
        }
    }

    #[test]
    fn requiring_qualification_names_each_unmet_rule_and_art_13() {
        let q = assess(
            Degree::Bachelor,
            TitleLevel::Junior,
            Attestation::Unverified,
        );
        let errors = q.require("teacher_id").expect_err("unqualified");
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, vec!["degree_or_title", "evidence_not_verified"]);
        assert!(errors.iter().all(|e| e.field == "teacher_id"));
        assert!(errors.iter().all(|e| e.message.contains("Art. 13")));
        assert_eq!(
            assess(Degree::Master, TitleLevel::None, Attestation::Verified).require("x"),
            Ok(())
        );
    }
}
