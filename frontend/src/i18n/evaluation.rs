//! Questionnaires and evaluations (Art. 16) and follow-up feedback (Art. 17).

use super::{I18n, Lang};

messages! {
    /// A fixed message of the evaluation and follow-up screens.
    EvaluationKey;

    QuestionnaireTitle => "评价问卷", "Questionnaire";
    QuestionnaireLocked => "培训班开放报名后问卷不能再修改。", "The questionnaire cannot change once the class is opened.";
    QuestionnaireDefault => "使用默认问卷模板，可在开放报名前修改。", "The default template; it can be changed until the class is opened.";
    QuestionnaireOwn => "本班自定义问卷，可在开放报名前修改。", "This class's own questionnaire; it can be changed until the class is opened.";
    QuestionnaireSaved => "问卷已保存。", "Questionnaire saved.";
    QuestionCode => "代码", "Key";
    QuestionLabel => "评价项目", "Question";
    QuestionAdd => "添加评价项目", "Add a question";
    QuestionKeyPattern => "代码为 1–32 个小写字母、数字或“_”。", "1–32 characters of a–z, 0–9 and _.";
    Remove => "删除", "Remove";
    RateTeachers => "对授课教师评分", "Rate the teachers";
    FreeTextPrompt => "意见栏提示语", "Free-text prompt";
    EvaluationResults => "评价结果", "Evaluation results";
    OverallAverage => "总平均分", "Overall mean";
    Question => "评价项目", "Question";
    Average => "平均分", "Mean";
    Distribution => "分布（1–5 分）", "Distribution (1–5)";
    TeacherRatings => "授课教师评分", "Teacher ratings";
    Comments => "意见和建议", "Comments";
    AnonymousNote => "评价为匿名：只显示汇总结果，不显示谁作了何种评价。", "Evaluations are anonymous: only aggregates are shown, never who answered what.";
    MyEvaluationsTitle => "培训评价", "Evaluate your classes";
    EvaluationIntro => "请对以下各项打分（1 分最低，5 分最高）。每个培训班只能评价一次，评价为匿名。",
        "Rate each item from 1 (lowest) to 5 (highest). Each class is evaluated once, anonymously.";
    EvaluationSubmit => "提交", "Submit";
    EvaluationAnswered => "已评价", "Answered";
    EvaluationNotOpen => "培训班开班后才能评价。", "The questionnaire opens once the class has started.";
    FollowUpsTitle => "培训效果跟踪反馈", "Follow-up feedback";
    FollowUpsIntro => "培训结束若干个月后，请学员和所在单位反馈培训效果（第十七条）。",
        "Some months after a class, trainees and their employers report on its effect (Art. 17).";
    NoFollowUps => "暂无需要跟踪反馈的培训班。", "No classes for follow-up yet.";
    FollowUpOpens => "开始反馈", "Opens";
    FollowUpOpen => "已开始", "open";
    FollowUpAnswered => "已反馈", "Answered";
    TraineeResponses => "学员反馈", "Trainee answers";
    EmployerResponses => "单位反馈", "Employer answers";
    AppliedRating => "学以致用", "Applied";
    ImprovementRating => "能力提升", "Improvement";
    AppliedQuestion => "所学内容在工作中的应用程度", "How far what was learned is applied at work";
    ImprovementQuestion => "培训对工作能力的提升程度", "How much the class improved work performance";
}

impl I18n {
    pub fn responses(&self, n: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("（{n} 份评价）"),
            Lang::En if n == 1 => "(1 response)".to_owned(),
            Lang::En => format!("({n} responses)"),
        }
    }

    pub fn responses_of(&self, responses: u32, enrolled: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("已收到 {responses} 份评价（报名 {enrolled} 人）"),
            Lang::En => format!("{responses} responses from {enrolled} enrolled"),
        }
    }

    pub fn evaluation_brief(&self, responses: u32, average: Option<f64>) -> String {
        let mean = average
            .map(|a| format!("{a:.2}"))
            .unwrap_or_else(|| "–".to_owned());
        match self.lang() {
            Lang::Zh => format!("{responses} 份，平均 {mean} 分"),
            Lang::En => format!("{responses} responses, mean {mean}"),
        }
    }

    pub fn comments_count(&self, n: usize) -> String {
        match self.lang() {
            Lang::Zh => format!("{n} 条意见"),
            Lang::En => format!("{n} comments"),
        }
    }

    pub fn opens_in(&self, days: i64) -> String {
        match self.lang() {
            Lang::Zh => format!("{days} 天后开始"),
            Lang::En => format!("opens in {days} days"),
        }
    }

    pub fn opens_on(&self, date: &str, days: i64) -> String {
        match self.lang() {
            Lang::Zh => format!("跟踪反馈将于 {date} 开始（{days} 天后）。"),
            Lang::En => format!("Follow-up feedback opens on {date} (in {days} days)."),
        }
    }

    pub fn respondent(&self, respondent: cebase_domain::reports::Respondent) -> &'static str {
        use cebase_domain::reports::Respondent as R;
        match respondent {
            R::Trainee => self.pick("以学员身份反馈", "as the trainee"),
            R::Employer => self.pick("以所在单位身份反馈", "as the employer"),
        }
    }

    /// A questionnaire question: the default template's are translated; a class's own question
    /// is shown as written.
    pub fn question_label(&self, key: &str, label: &str) -> String {
        let default = cebase_domain::reports::Questionnaire::default();
        let is_default = default
            .items
            .iter()
            .any(|i| i.key == key && i.label == label);
        if !is_default || self.lang() == Lang::Zh {
            return label.to_owned();
        }
        match key {
            "content" => "Course content",
            "teachers" => "Teaching staff",
            "organisation" => "Organisation",
            "logistics" => "Logistics",
            "overall" => "Overall",
            _ => label,
        }
        .to_owned()
    }
}
