//! The dashboard: due items, the plan at a glance, the review queue and plan-against-actual figures.

use super::{I18n, Lang, PlanKey, ReportKey};

messages! {
    /// A fixed message of the dashboard.
    DashboardKey;

    DueTitle => "待办事项", "Due items";
    DueNothing => "目前没有待办事项。", "Nothing is due.";
    DueKindHeader => "类别", "Kind";
    DueSubject => "事项", "Subject";
    DueDate => "截止日期", "Due date";
    DaysLeft => "剩余天数", "Days left";
    RecentActivity => "最近动态", "Recent activity";
    PlanGlanceTitle => "年度计划", "Annual plans";
    PlanGlanceNotStarted => "未编制", "Not started";
    PlanGlanceNothingDue => "无待办", "Nothing due";
    PlanGlanceStep => "待办步骤", "Next step";
    NextDeadline => "下一个截止日期", "Next deadline";
    NoNextDeadline => "目前没有即将到期的年度计划事项。", "No annual-plan deadline ahead.";
    ReviewQueueTitle => "待我审核", "Waiting for my decision";
    QueueEmpty => "目前没有等待审核的材料。", "Nothing is waiting for your decision.";
    QueuePlan => "年度计划", "Annual plan";
    QueueClassReport => "培训班总结报告", "Class summary report";
    WaitingSince => "提交时间", "Submitted";
    Planned => "计划", "Planned";
    Actual => "实际", "Actual";
    ChartClasses => "培训班（个）", "Classes";
    ChartTrainees => "结业人数", "Trainees completed";
    ChartHoursPublic => "公需科目人学时", "Person-hours, public subjects";
    ChartHoursProfessional => "专业科目人学时", "Person-hours, professional subjects";
    ChartEvaluation => "学员评价平均分", "Mean evaluation score";
    OpenYearPlan => "查看本年度计划", "Open this year's plan";
    NoYearPlan => "本年度尚无年度计划，计划数均为 0。", "There is no plan for this year; planned figures are 0.";
}

impl I18n {
    pub fn due_kind(&self, kind: cebase_domain::reports::DueKind) -> &'static str {
        use cebase_domain::reports::DueKind as K;
        match kind {
            K::PlanStep => self.pick("年度计划", "Annual plan"),
            K::ClassReport => self.pick("总结报告", "Class report"),
            K::FollowUp => self.pick("跟踪反馈", "Follow-up"),
        }
    }

    /// The `detail` of a due item: the plan step, the report's status, the follow-up task.
    pub fn due_detail(&self, kind: cebase_domain::reports::DueKind, detail: &str) -> String {
        use cebase_domain::reports::{DueKind as K, ReportStatus};
        match (kind, detail) {
            (K::PlanStep, "miit_submission") => self.t(PlanKey::PlanStepMiit).to_owned(),
            (K::PlanStep, "mohrss_filing") => self.t(PlanKey::PlanStepMohrss).to_owned(),
            (K::ClassReport, "not_started") => self.t(ReportKey::ReportNotStarted).to_owned(),
            (K::ClassReport, status) => match status.parse::<ReportStatus>() {
                Ok(s) => self.report_status(s).to_owned(),
                Err(_) => status.to_owned(),
            },
            (K::FollowUp, _) => self
                .pick(
                    "收集学员和单位反馈",
                    "Collect feedback from trainees and employers",
                )
                .to_owned(),
            (_, other) => other.to_owned(),
        }
    }

    /// `还剩 3 天` / `今天到期` / `已逾期 5 天`; a date passed without a deadline (a follow-up
    /// that opened) is `已开放 5 天`.
    pub fn days_left(&self, days: i64, overdue: bool) -> String {
        let n = days.unsigned_abs();
        match (self.lang(), days) {
            (Lang::Zh, _) if overdue => format!("已逾期 {n} 天"),
            (Lang::Zh, d) if d < 0 => format!("已开放 {n} 天"),
            (Lang::Zh, 0) => "今天到期".to_owned(),
            (Lang::Zh, d) => format!("还剩 {d} 天"),
            (Lang::En, _) if overdue => format!("{n} days overdue"),
            (Lang::En, d) if d < 0 => format!("open for {n} days"),
            (Lang::En, 0) => "due today".to_owned(),
            (Lang::En, 1) => "1 day left".to_owned(),
            (Lang::En, d) => format!("{d} days left"),
        }
    }

    pub fn today_is(&self, date: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("今天是 {date}（北京时间）"),
            Lang::En => format!("Today is {date} (Beijing time)"),
        }
    }

    pub fn year_figures(&self, year: i32) -> String {
        match self.lang() {
            Lang::Zh => format!("{year} 年计划执行情况"),
            Lang::En => format!("{year}: plan against actual"),
        }
    }
}
