//! Learning records (Art. 6), annual compliance and record corrections.

use super::{I18n, Lang};

messages! {
    /// A fixed message of the learning-record screens.
    RecordKey;

    MyRecordTitle => "我的学习档案", "My learning record";
    NoOwnPerson => "您的账号尚未关联人员档案。", "Your account is not linked to a person record.";
    LearningRecordTitle => "学习档案", "Learning record";
    PersonRecordLink => "学习档案与年度达标", "Learning record and annual compliance";
    BackToPerson => "返回人员信息", "Back to the person";
    ComplianceYear => "年度", "Year";
    LearningRecordEntries => "学习记录", "Record entries";
    NoLearningRecords => "暂无学习记录。", "No learning record entries yet.";
    Compliant => "已达标", "Compliant";
    NotCompliant => "未达标", "Not compliant";
    ComplianceTotal => "总学时", "Total hours";
    ComplianceProfessional => "专业科目学时", "Professional hours";
    NoShortfall => "本年度学时要求已满足。", "This year's hour requirements are met.";
    RecordYear => "年度", "Year";
    RecordContent => "学习内容", "Content";
    PublicHours => "公需科目学时", "Public hours";
    ProfessionalHours => "专业科目学时", "Professional hours";
    TotalHours => "合计学时", "Total hours";
    AssessmentResult => "考核结果", "Result";
    CertificateNumber => "证书编号", "Certificate number";
    ExportLearningRecord => "导出学习档案（xlsx）", "Export learning record (xlsx)";
    CurrentVersion => "当前", "current";
    RecordVersionOriginal => "结业时生成", "Written at completion";
    WrittenAt => "时间", "When";
    WrittenBy => "操作人", "Who";
    CorrectionReason => "更正原因", "Reason";
    CorrectionReasonHint => "例如：课时统计有误，据教学日程更正", "e.g. hours miscounted, corrected from the schedule";
    CorrectRecord => "更正学习档案", "Correct this record";
    CorrectRecordHint => "更正会生成新版本，原有版本保留不变（第六条）。", "A correction writes a new version; earlier versions stay unchanged (Art. 6).";
    SaveCorrection => "保存更正", "Save the correction";
    RecordCorrected => "已保存更正，生成了新版本。", "The correction was saved as a new version.";
}

impl I18n {
    /// `12 / 40`.
    /// Credit hours against a requirement: "12.5 / 90.0 学时".
    pub fn hours_of(&self, value: f64, required: f64) -> String {
        match self.lang() {
            Lang::Zh => format!("{value:.1} / {required:.1} 学时"),
            Lang::En => format!("{value:.1} of {required:.1} hours"),
        }
    }

    pub fn public_hours(&self, value: f64) -> String {
        match self.lang() {
            Lang::Zh => format!("其中公需科目 {value:.1} 学时"),
            Lang::En => format!("of which public subjects: {value:.1} hours"),
        }
    }

    /// What is still missing this year (MOHRSS Decree No. 25).
    pub fn shortfall(&self, total: f64, professional: f64) -> String {
        match self.lang() {
            Lang::Zh => format!("尚差 {total:.1} 学时，其中专业科目尚差 {professional:.1} 学时。"),
            Lang::En => format!(
                "Short by {total:.1} hours in total, {professional:.1} of them professional."
            ),
        }
    }

    pub fn record_history(&self, class_title: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("版本记录：{class_title}"),
            Lang::En => format!("Versions: {class_title}"),
        }
    }

    pub fn version_count(&self, n: usize) -> String {
        match self.lang() {
            Lang::Zh => format!("共 {n} 个版本，从早到晚排列；每次更正都保留原版本。"),
            Lang::En => {
                format!("{n} versions, oldest first; every correction keeps the earlier ones.")
            }
        }
    }

    pub fn history_button(&self, version: i32) -> String {
        match self.lang() {
            Lang::Zh => format!("v{version} · 版本记录"),
            Lang::En => format!("v{version} · history"),
        }
    }
}
