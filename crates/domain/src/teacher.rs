//! Teachers (专兼职教师) and the qualification rule of Art. 13: a teacher is qualified when they
//! hold at least a master's degree **or** an associate-senior (副高) title or higher, **and** are
//! attested as an academic/technical leader or backbone (学术/技术带头人或骨干).

use serde::{Deserialize, Serialize};

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

/// A rule of Art. 13 that a teacher does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnmetRule {
    /// Neither a master's degree (or higher) nor an associate-senior title (or higher).
    DegreeOrTitle,
    /// Not attested as an academic/technical leader or backbone.
    LeaderOrBackboneAttestation,
}

impl UnmetRule {
    pub fn explanation(self) -> &'static str {
        match self {
            UnmetRule::DegreeOrTitle => {
                "needs a master's degree or higher, or an associate-senior (副高) title or higher (Art. 13)"
            }
            UnmetRule::LeaderOrBackboneAttestation => {
                "needs attestation as an academic or technical leader or backbone (学术/技术带头人或骨干) (Art. 13)"
            }
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

/// Art. 13. `attested` means the attestation exists **and** staff verified its evidence.
pub fn qualification(degree: Degree, title: TitleLevel, attested: bool) -> Qualification {
    let mut unmet = Vec::new();
    if degree < Degree::Master && title < TitleLevel::AssociateSenior {
        unmet.push(UnmetRule::DegreeOrTitle);
    }
    if !attested {
        unmet.push(UnmetRule::LeaderOrBackboneAttestation);
    }
    Qualification {
        qualified: unmet.is_empty(),
        unmet,
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
}
