//! Class summary reports (Art. 18) and their figures.

use super::{I18n, Lang};

messages! {
    /// A fixed message of the class-report screens.
    ReportKey;

    ReportDownloadPdf => "导出 PDF（正式文本）", "Download PDF (formal document)";
    ClassReportsTitle => "培训班总结报告（报省人力资源社会保障厅备案）", "Class summary reports (filed with the provincial HR department)";
    ClassReportTitle => "总结报告", "Summary report";
    OnlyOverdue => "只看逾期", "Overdue only";
    OnlyUnfiled => "只看未备案", "Not filed only";
    NoReports => "没有符合条件的培训班。", "No classes match.";
    ClassEnded => "结束日期", "Ended";
    ReportNotStarted => "未开始", "Not started";
    ReportNotStartedHint => "培训班结业后应在规定期限内撰写总结报告并报省人力资源社会保障厅备案（第十八条）。",
        "A completed class's summary report is due with the provincial HR department within the set time (Art. 18).";
    ReportNotYet => "培训班结业后才能撰写总结报告。", "The summary report is written once the class is completed.";
    ReportStart => "开始撰写总结报告", "Start the summary report";
    ReportFiledDone => "已备案", "Filed";
    BackToClass => "返回培训班", "Back to the class";
    ReportHistory => "办理记录", "History";
    ReportNoHistory => "尚无办理记录。", "No history yet.";
    FromPaper => "纸质复函", "Paper reply";
    ReportNarrative => "总结内容", "Narrative";
    ReportAnalysis => "培训情况分析", "Analysis";
    ReportLessons => "经验与不足", "Lessons learned";
    ReportImprovements => "改进措施", "Improvements";
    ReportSaved => "已保存。", "Saved.";
    NotWritten => "（未填写）", "(not written)";
    ReportNoActions => "您目前没有可办理的操作。", "There is nothing for you to do now.";
    ReportComments => "意见", "Comments";
    PaperReplyHint => "由工作人员登记省人力资源社会保障厅的纸质复函时，须填写文号和复函日期。",
        "Recording the department's paper reply needs its document number (文号) and date.";
    DocumentNumber => "文号", "Document number (文号)";
    ReplyDate => "复函日期", "Reply date";
    ReportFigures => "统计数据", "Figures";
    FiguresPreview => "草稿预览：提交时按当时数据重新计算并固定。", "Draft preview: recomputed and frozen when submitted.";
    NoFigures => "暂无统计数据。", "No figures yet.";
    FigEnrolled => "报名人数", "Enrolled";
    FigCompleted => "结业人数", "Completed";
    FigCompletionRate => "结业率", "Completion rate";
    FigPassed => "考核合格人数", "Passed";
    FigPassRate => "合格率", "Pass rate";
    FigAttendanceRate => "出勤率", "Attendance rate";
    FigAverageScore => "平均成绩", "Average score";
    FigCertificates => "发放证书", "Certificates issued";
    FigIncome => "收入", "Income";
    FigSpending => "支出", "Spending";
    FigEvaluation => "学员评价", "Evaluation";
    NotKept => "暂未登记", "not kept yet";
    NoResponses => "尚无评价", "no responses";
    ComputedAt => "计算时间", "Computed";
    OpenReport => "打开总结报告", "Open the summary report";
}

impl I18n {
    pub fn report_status(&self, status: cebase_domain::reports::ReportStatus) -> &'static str {
        use cebase_domain::reports::ReportStatus as S;
        match status {
            S::Draft => self.pick("草稿", "Draft"),
            S::Submitted => self.pick("已报送", "Submitted"),
            S::Filed => self.pick("已备案", "Filed"),
            S::Returned => self.pick("已退回", "Returned"),
        }
    }

    pub fn report_action(&self, action: cebase_domain::reports::ReportAction) -> &'static str {
        use cebase_domain::reports::ReportAction as A;
        match action {
            A::Submit => self.pick("报送", "Submit"),
            A::File => self.pick("备案", "File"),
            A::Return => self.pick("退回", "Return"),
            A::Revise => self.pick("修改后重新撰写", "Revise"),
        }
    }

    /// A button's label: staff record the department's decision from its paper reply.
    pub fn report_action_label(
        &self,
        action: cebase_domain::reports::ReportAction,
        paper: bool,
    ) -> &'static str {
        use cebase_domain::reports::ReportAction as A;
        match (action, paper) {
            (A::Submit, _) => self.pick(
                "报送省人力资源社会保障厅",
                "Submit to the provincial HR department",
            ),
            (A::File, true) => self.pick("登记备案（纸质复函）", "Record filing (paper reply)"),
            (A::Return, true) => self.pick("登记退回（纸质复函）", "Record return (paper reply)"),
            (action, _) => self.report_action(action),
        }
    }

    pub fn frozen_figures(&self, enrolled: u32, completed: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("报送时数据：报名 {enrolled} 人，结业 {completed} 人"),
            Lang::En => format!("Figures as submitted: {enrolled} enrolled, {completed} completed"),
        }
    }
}
