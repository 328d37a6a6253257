//! Certificates (Art. 9): lists, issuing, revocation, verification and eligibility.

use cebase_domain::certificate::{CertificateStatus, Ineligibility};
use cebase_domain::learning::CompletionFailure;

use super::{I18n, Lang};

messages! {
    /// A fixed message of the certificate screens.
    CertKey;

    CertificatesTitle => "继续教育证书", "Continuing education certificates";
    MyCertificatesTitle => "我的证书", "My certificates";
    NoCertificates => "暂无证书。", "No certificates yet.";
    CertNumber => "证书编号", "Certificate number";
    CertCode => "验证码", "Verification code";
    CertHolder => "持证人", "Holder";
    CertClass => "培训项目", "Training";
    CertHours => "学时", "Credit hours";
    CertIssuedOn => "发证日期", "Issue date";
    CertIssuer => "发证单位", "Issuer";
    CertDates => "培训日期", "Training dates";
    CertStatus => "状态", "Status";
    CertStatusValid => "有效", "Valid";
    CertStatusRevoked => "已撤销", "Revoked";
    CertStatusAll => "全部状态", "All statuses";
    CertSearch => "按证书编号或姓名搜索", "Search by number or name";
    CertRevoke => "撤销", "Revoke";
    CertRevokeReasonPrompt => "撤销原因（至少 5 个字，记入审计日志）", "Reason for the revocation (at least 5 characters; kept in the audit trail)";
    CertRevokeConfirm => "确认撤销", "Revoke the certificate";
    CertReissue => "补发", "Re-issue";
    CertReissued => "已补发新证书", "Re-issued";
    CertReplaces => "补发自原证书", "Re-issues a revoked certificate";
    CertVerifyLink => "查验", "Verify";
    CertDownloadPdf => "下载证书（PDF）", "Download PDF";
    CertDownloadCredential => "下载电子凭证", "Download credential";
    CertCredentialHint => "经基地签名的开放徽章 3.0 可验证凭证（VC-JWT），可在其他系统中核验", "Open Badges 3.0 verifiable credential (VC-JWT) signed by the base, verifiable anywhere";
    CertDownloadZip => "下载全部证书（ZIP）", "Download all certificates (ZIP)";
    CertActions => "操作", "Actions";
    CertReason => "撤销原因", "Revocation reason";
    CertificatesSection => "结业证书", "Certificates";
    CertIssueAll => "为符合条件的学员发证", "Issue certificates to the eligible";
    CertIssuing => "正在发证…", "Issuing certificates…";
    CertBatchFailed => "批量发证失败，未发出任何证书。", "The batch failed; no certificate was issued.";
    CertEligible => "可发证", "Eligible";
    CertCertified => "已发证", "Certified";
    CertNotEligible => "不符合条件", "Not eligible";
    CertPerson => "学员", "Trainee";
    CertOutcome => "发证资格", "Eligibility";
    RuleClassNotCompleted => "培训班尚未结业（第九条）", "The class is not completed yet (Art. 9)";
    RuleEnrolmentWithdrawn => "已退出报名（第九条）", "Withdrew from the class (Art. 9)";
    RuleNotCompleted => "未达到结业要求（第九条）", "Completion rules not met (Art. 9)";
    RuleNoOutcome => "无结业评定结果（第九条）", "No completion outcome stored (Art. 9)";
    RuleNoLearningRecord => "无学习档案（第六条、第九条）", "No learning record (Art. 6, 9)";
    FailAssessmentNotPassed => "考核未通过", "assessment not passed";
    FailAssessmentMissing => "缺少考核成绩", "assessment result missing";
    VerifyTitle => "证书查验", "Certificate verification";
    VerifyIntro => "输入证书上的编号和验证码，或扫描证书上的二维码。", "Enter the number and the verification code printed on the certificate, or scan its QR code.";
    VerifySubmit => "查验", "Verify";
    VerifyValid => "证书有效", "This certificate is valid";
    VerifyRevoked => "证书已撤销", "This certificate has been revoked";
    VerifyNotFound => "未找到证书：编号或验证码有误。", "No certificate found: the number or the verification code is wrong.";
}

impl I18n {
    pub fn certificate_status(&self, status: CertificateStatus) -> &'static str {
        self.t(match status {
            CertificateStatus::Valid => CertKey::CertStatusValid,
            CertificateStatus::Revoked => CertKey::CertStatusRevoked,
        })
    }

    /// An unmet rule of the eligibility preview, with its reasons.
    pub fn ineligibility(&self, rule: &Ineligibility) -> String {
        let key = match rule {
            Ineligibility::ClassNotCompleted { .. } => CertKey::RuleClassNotCompleted,
            Ineligibility::EnrolmentWithdrawn => CertKey::RuleEnrolmentWithdrawn,
            Ineligibility::NotCompleted { .. } => CertKey::RuleNotCompleted,
            Ineligibility::NoOutcome => CertKey::RuleNoOutcome,
            Ineligibility::NoLearningRecord => CertKey::RuleNoLearningRecord,
        };
        let mut text = self.t(key).to_owned();
        if let Ineligibility::NotCompleted { failures } = rule {
            let reasons: Vec<String> = failures
                .iter()
                .map(|f| match f {
                    CompletionFailure::Attendance {
                        attended,
                        sessions,
                        required_percent,
                    } => match self.lang() {
                        Lang::Zh => format!("出勤 {attended}/{sessions}，要求 {required_percent}%"),
                        Lang::En => format!(
                            "attended {attended} of {sessions}, {required_percent}% required"
                        ),
                    },
                    CompletionFailure::AssessmentNotPassed => {
                        self.t(CertKey::FailAssessmentNotPassed).to_owned()
                    }
                    CompletionFailure::AssessmentMissing => {
                        self.t(CertKey::FailAssessmentMissing).to_owned()
                    }
                })
                .collect();
            if !reasons.is_empty() {
                let separator = if self.lang() == Lang::Zh { "；" } else { "; " };
                text.push_str(&format!(": {}", reasons.join(separator)));
            }
        }
        text
    }

    /// "12 eligible · 3 certified · 2 not eligible".
    pub fn eligibility_counts(&self, eligible: u32, certified: u32, ineligible: u32) -> String {
        match self.lang() {
            Lang::Zh => {
                format!("可发证 {eligible} 人 · 已发证 {certified} 人 · 不符合条件 {ineligible} 人")
            }
            Lang::En => {
                format!("{eligible} eligible · {certified} certified · {ineligible} not eligible")
            }
        }
    }

    /// Progress of a running batch.
    pub fn batch_progress(&self, processed: u32, total: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("已处理 {processed} / {total}"),
            Lang::En => format!("{processed} of {total} prepared"),
        }
    }

    /// The result of a finished batch.
    pub fn batch_done(&self, issued: u32, skipped: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("已发证 {issued} 份，跳过 {skipped} 人。"),
            Lang::En => format!("{issued} certificates issued, {skipped} skipped."),
        }
    }
}
