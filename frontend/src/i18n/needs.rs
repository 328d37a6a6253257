//! The training-needs survey (Art. 11).

use super::I18n;

messages! {
    /// A fixed message of the training-needs screens.
    NeedKey;

    NeedsTitle => "培训需求调研", "Training-needs survey";
    NeedSubmitTitle => "提交培训需求", "Submit a training need";
    NeedTopic => "培训主题", "Topic";
    NeedField => "专业领域", "Field";
    NeedHeadCount => "人数", "Head count";
    PreferredStart => "期望开始日期", "Preferred start";
    PreferredEnd => "期望结束日期", "Preferred end";
    NeedCategory => "科目类别", "Category";
    Unspecified => "不限", "Any";
    NeedNotes => "说明", "Notes";
    NeedSubmit => "提交需求", "Submit the need";
    NeedSaved => "需求已提交。", "The need has been submitted.";
    NeedsGrouped => "需求汇总", "Needs grouped";
    NeedSubmissions => "提交数", "Submissions";
    NeedPeriod => "期望时间", "Preferred period";
    NeedUnplanned => "未列入计划", "Not planned";
    NeedSource => "来源", "Source";
    NeedPlanned => "已列入计划", "Planned";
    NeedOpen => "待处理", "Open";
    NoNeeds => "暂无培训需求。", "No training needs yet.";
    AllNeeds => "全部需求", "All needs";
    MyNeeds => "我提交的需求", "My submissions";
    TurnIntoPlanItem => "转为计划项目", "Turn into a plan item";
    DraftPlan => "年度计划（草稿）", "Annual plan (draft)";
    ChooseDraftPlan => "请选择草稿状态的年度计划", "Choose a draft plan";
    PlanItemTitle => "项目名称", "Item title";
    TargetAudience => "培训对象", "Target audience";
    HoursPerTrainee => "人均学时", "Hours per trainee";
    BudgetYuan => "预算（元）", "Budget (yuan)";
    PlanItemAdded => "已列入年度计划。", "Added to the annual plan.";
    OpenPlan => "查看计划", "Open the plan";
}

impl I18n {
    pub fn need_source(&self, source: cebase_domain::reports::NeedSource) -> &'static str {
        use cebase_domain::reports::NeedSource as S;
        match source {
            S::Organisation => self.pick("单位", "Organisation"),
            S::Trainee => self.pick("学员", "Trainee"),
            S::Staff => self.pick("继续教育学院", "Staff"),
        }
    }
}
