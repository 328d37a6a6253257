//! The teacher registry and the qualification of Art. 13.

use cebase_domain::teacher::{Employment, UnmetRule};

use super::{I18n, Lang};

messages! {
    /// A fixed message of the teacher screens.
    TeacherKey;

    TeachersTitle => "师资库", "Teacher registry";
    Teacher => "教师", "Teacher";
    ChoosePerson => "按姓名搜索人员", "Search people by name";
    Employment => "专职/兼职", "Full/part-time";
    Affiliation => "所在单位", "Affiliation";
    TeachingExperience => "教学与实践经历", "Teaching and practical experience";
    LeaderAttested => "带头人/骨干认定", "Leader/backbone attestation";
    LeaderAttestedHint => "已认定为本行业、本领域的学术（技术）带头人或专业骨干",
        "Attested as an academic/technical leader or backbone of the field";
    Evidence => "证明材料", "Evidence";
    EvidenceVerified => "已核验", "Verified";
    EvidenceUnverified => "待核验", "Not verified";
    EvidenceNone => "无认定", "No attestation";
    VerifyEvidence => "核验证明材料", "Verify evidence";
    VerifyingEvidence => "正在核验…", "Verifying…";
    Qualification => "任教资格（第十三条）", "Qualification (Art. 13)";
    Qualified => "合格", "Qualified";
    NotQualified => "不合格", "Not qualified";
    QualifiedExplained => "符合第十三条的全部条件，可以安排授课。", "Meets every rule of Art. 13 and may be scheduled to teach.";
    AnyQualification => "全部资格状态", "Any qualification";
    AnyEmployment => "专职和兼职", "Full- and part-time";
    CreateTeacher => "登记教师", "Register a teacher";
    EditTeacher => "编辑教师信息", "Edit the teacher";
    NoTeachers => "没有找到教师。", "No teachers found.";
}

impl I18n {
    pub fn employment(&self, employment: Employment) -> &'static str {
        match employment {
            Employment::FullTime => self.pick("专职", "Full-time"),
            Employment::PartTime => self.pick("兼职", "Part-time"),
        }
    }

    /// Why a teacher is not qualified, citing Art. 13. English is the domain's own wording.
    pub fn unmet_rule(&self, rule: UnmetRule) -> &'static str {
        match (self.lang(), rule) {
            (Lang::En, rule) => rule.explanation(),
            (Lang::Zh, UnmetRule::DegreeOrTitle) => {
                "须具备硕士研究生及以上学历或副高及以上职称（第十三条）。"
            }
            (Lang::Zh, UnmetRule::LeaderOrBackboneAttestation) => {
                "须为本行业、本领域的学术（技术）带头人或专业骨干（第十三条）。"
            }
            (Lang::Zh, UnmetRule::EvidenceNotVerified) => {
                "带头人或骨干认定的证明材料须经继续教育学院核验后方可计入（第十三条）。"
            }
        }
    }

    pub fn verified_at(&self, at: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("已于 {at} 核验"),
            Lang::En => format!("verified {at}"),
        }
    }
}
