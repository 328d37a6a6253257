//! Teachers (专兼职教师, Art. 13): a person's teaching profile, the leader/backbone attestation
//! and its verification by staff, and the qualification that decides whether the teacher may be
//! scheduled.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Attestation, Degree, Employment, Qualification, TitleLevel, UnmetRule, assess};
use crate::FieldError;
use crate::master::opt_string;
use crate::validation::{Checks, Text, optional};

/// The validated teaching profile: everything about a teacher that staff edit.
#[derive(Debug, Clone, PartialEq)]
pub struct TeacherProfile {
    pub employment: Employment,
    pub degree: Degree,
    pub title_level: TitleLevel,
    /// Field of expertise.
    pub field: Option<Text>,
    /// The teacher's unit (for part-time teachers, usually outside the university).
    pub affiliation: Option<Text>,
    pub teaching_experience: Option<Text>,
    /// Attested as an academic/technical leader or backbone (学术/技术带头人或骨干).
    pub leader_attested: bool,
}

/// Staff's verification of the evidence behind the attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceVerification {
    pub at: DateTime<Utc>,
    /// The account of the staff member who verified.
    pub by: Uuid,
}

/// A stored teacher.
#[derive(Debug, Clone, PartialEq)]
pub struct Teacher {
    pub id: Uuid,
    /// A person has at most one teacher record.
    pub person_id: Uuid,
    /// The person's name, for display.
    pub person_name: String,
    pub profile: TeacherProfile,
    pub evidence: Option<EvidenceVerification>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// Why evidence cannot be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyEvidenceError {
    #[error(
        "the teacher is not attested as an academic or technical leader or backbone, so there is no evidence to verify (Art. 13)"
    )]
    NotAttested,
}

impl Teacher {
    /// Art. 13, with the attestation counted only once its evidence is verified.
    pub fn qualification(&self) -> Qualification {
        assess(
            self.profile.degree,
            self.profile.title_level,
            Attestation::of(self.profile.leader_attested, self.evidence.is_some()),
        )
    }

    /// Verification of the evidence by `by` at `at`; only an attested teacher has evidence.
    pub fn verify_evidence(
        &self,
        by: Uuid,
        at: DateTime<Utc>,
    ) -> Result<EvidenceVerification, VerifyEvidenceError> {
        if self.profile.leader_attested {
            Ok(EvidenceVerification { at, by })
        } else {
            Err(VerifyEvidenceError::NotAttested)
        }
    }

    /// The verification that survives replacing the profile with `new`: it is kept while the
    /// attestation stays, and dropped when the attestation is withdrawn — a renewed attestation
    /// needs its evidence verified again.
    pub fn evidence_after_update(&self, new: &TeacherProfile) -> Option<EvidenceVerification> {
        self.evidence.filter(|_| new.leader_attested)
    }

    pub fn to_dto(&self) -> TeacherDto {
        let p = &self.profile;
        TeacherDto {
            id: self.id,
            person_id: self.person_id,
            person_name: self.person_name.clone(),
            employment: p.employment,
            degree: p.degree,
            title_level: p.title_level,
            field: opt_string(&p.field),
            affiliation: opt_string(&p.affiliation),
            teaching_experience: opt_string(&p.teaching_experience),
            leader_attested: p.leader_attested,
            evidence_verified_at: self.evidence.map(|e| e.at),
            evidence_verified_by: self.evidence.map(|e| e.by),
            qualification: QualificationDto::from(&self.qualification()),
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

/// The teaching profile as sent in `POST /teachers` and `PUT /teachers/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeacherProfileRequest {
    pub employment: Employment,
    pub degree: Degree,
    pub title_level: TitleLevel,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "人工智能"))]
    pub field: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "中国科学院自动化研究所"))]
    pub affiliation: Option<String>,
    /// Teaching and practical experience, up to 4000 characters.
    #[serde(default)]
    pub teaching_experience: Option<String>,
    /// Attested as an academic/technical leader or backbone (学术/技术带头人或骨干). Counts for
    /// qualification once staff verify the evidence (`POST /teachers/{id}/verify-evidence`);
    /// withdrawing it drops an earlier verification.
    pub leader_attested: bool,
}

/// Body of `POST /teachers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeacherRequest {
    /// The person who teaches; a person has at most one teacher record.
    pub person_id: Uuid,
    #[serde(flatten)]
    pub profile: TeacherProfileRequest,
}

/// Body of `PUT /teachers/{id}`: the whole profile and the version it is based on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateTeacherRequest {
    #[serde(flatten)]
    pub profile: TeacherProfileRequest,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

/// A rule of Art. 13 that is not met, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmetRuleDto {
    pub rule: UnmetRule,
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "needs a master's degree or higher, or an associate-senior (副高) title or higher (Art. 13)"
        )
    )]
    pub explanation: String,
}

/// Whether the teacher may be scheduled (Art. 13), and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QualificationDto {
    pub qualified: bool,
    /// Every unmet rule; empty when qualified.
    pub unmet: Vec<UnmetRuleDto>,
}

impl From<&Qualification> for QualificationDto {
    fn from(q: &Qualification) -> Self {
        Self {
            qualified: q.qualified,
            unmet: q
                .unmet
                .iter()
                .map(|r| UnmetRuleDto {
                    rule: *r,
                    explanation: r.explanation().to_owned(),
                })
                .collect(),
        }
    }
}

/// A teacher as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeacherDto {
    pub id: Uuid,
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "李娜"))]
    pub person_name: String,
    pub employment: Employment,
    pub degree: Degree,
    pub title_level: TitleLevel,
    pub field: Option<String>,
    pub affiliation: Option<String>,
    pub teaching_experience: Option<String>,
    pub leader_attested: bool,
    /// When staff verified the attestation's evidence; `null` until then.
    pub evidence_verified_at: Option<DateTime<Utc>>,
    pub evidence_verified_by: Option<Uuid>,
    pub qualification: QualificationDto,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl TryFrom<TeacherProfileRequest> for TeacherProfile {
    type Error = Vec<FieldError>;

    fn try_from(r: TeacherProfileRequest) -> Result<Self, Self::Error> {
        let mut c = Checks::default();
        let field = c.check(optional(r.field.as_deref(), |v| {
            Text::line(v, "field", 100)
        }));
        let affiliation = c.check(optional(r.affiliation.as_deref(), |v| {
            Text::line(v, "affiliation", 200)
        }));
        let teaching_experience = c.check(optional(r.teaching_experience.as_deref(), |v| {
            Text::paragraphs(v, "teaching_experience", 4000)
        }));
        let (Some(field), Some(affiliation), Some(teaching_experience)) =
            (field, affiliation, teaching_experience)
        else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            employment: r.employment,
            degree: r.degree,
            title_level: r.title_level,
            field,
            affiliation,
            teaching_experience,
            leader_attested: r.leader_attested,
        })
    }
}

crate::audited!(Teacher, "teacher");

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(degree: Degree, title_level: TitleLevel, leader_attested: bool) -> TeacherProfile {
        TeacherProfile::try_from(TeacherProfileRequest {
            employment: Employment::PartTime,
            degree,
            title_level,
            field: Some("人工智能".into()),
            affiliation: None,
            teaching_experience: Some("十年授课经验\n主讲机器学习".into()),
            leader_attested,
        })
        .expect("valid")
    }

    fn teacher(profile: TeacherProfile, verified: bool) -> Teacher {
        Teacher {
            id: Uuid::nil(),
            person_id: Uuid::nil(),
            person_name: "李娜".into(),
            profile,
            evidence: verified.then_some(EvidenceVerification {
                at: DateTime::UNIX_EPOCH,
                by: Uuid::nil(),
            }),
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn qualification_counts_the_attestation_only_when_verified() {
        let t = teacher(profile(Degree::Master, TitleLevel::None, true), false);
        let dto = t.to_dto();
        assert!(!dto.qualification.qualified);
        assert_eq!(
            dto.qualification.unmet[0].rule,
            UnmetRule::EvidenceNotVerified
        );
        assert!(dto.qualification.unmet[0].explanation.contains("Art. 13"));
        let verified = teacher(profile(Degree::Master, TitleLevel::None, true), true);
        assert!(verified.to_dto().qualification.qualified);
        let bachelor = teacher(
            profile(Degree::Bachelor, TitleLevel::Intermediate, true),
            true,
        );
        assert_eq!(
            bachelor.qualification().unmet,
            vec![UnmetRule::DegreeOrTitle]
        );
    }

    #[test]
    fn only_an_attested_teacher_has_evidence_to_verify() {
        let attested = teacher(profile(Degree::Master, TitleLevel::None, true), false);
        let v = attested
            .verify_evidence(Uuid::max(), DateTime::UNIX_EPOCH)
            .expect("attested");
        assert_eq!(v.by, Uuid::max());
        let not = teacher(profile(Degree::Master, TitleLevel::None, false), false);
        assert_eq!(
            not.verify_evidence(Uuid::max(), DateTime::UNIX_EPOCH),
            Err(VerifyEvidenceError::NotAttested)
        );
    }

    #[test]
    fn withdrawing_the_attestation_drops_the_verification() {
        let t = teacher(profile(Degree::Master, TitleLevel::None, true), true);
        assert!(
            t.evidence_after_update(&profile(Degree::Doctor, TitleLevel::Senior, true))
                .is_some(),
            "other changes keep it"
        );
        assert!(
            t.evidence_after_update(&profile(Degree::Master, TitleLevel::None, false))
                .is_none()
        );
    }

    #[test]
    fn long_or_broken_text_is_refused_by_field() {
        let errors = TeacherProfile::try_from(TeacherProfileRequest {
            employment: Employment::FullTime,
            degree: Degree::Doctor,
            title_level: TitleLevel::Senior,
            field: Some("a\u{0}b".into()),
            affiliation: Some("单".repeat(201)),
            teaching_experience: Some("x".repeat(4001)),
            leader_attested: true,
        })
        .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["field", "affiliation", "teaching_experience"]);
    }
}
