//! Assessments, score entry and the completion review.

messages! {
    /// A fixed message of the assessment, score and completion screens.
    ScoreKey;

    Assessments => "考试与考核", "Assessments";
    NoAssessments => "尚未设置考试或考核。", "No assessment yet.";
    AddAssessment => "添加考试/考核", "Add an assessment";
    AssessmentTitle => "名称", "Title";
    AssessmentTitlePlaceholder => "如：结业考试", "e.g. Final exam";
    AssessmentKindLabel => "类型", "Kind";
    AssessmentExam => "考试", "Exam";
    AssessmentAssessment => "考核", "Assessment";
    ScoringLabel => "评定方式", "Grading";
    ScoringScored => "百分制（分数）", "Scored";
    ScoringPassFail => "合格/不合格", "Pass/fail";
    PassFailGrading => "合格/不合格", "pass/fail";
    MaxScore => "满分", "Maximum score";
    PassMark => "及格分", "Pass mark";
    PassMarkAboveMax => "及格分不能高于满分。", "The pass mark cannot exceed the maximum score.";
    ScorePrecision => "最多保留一位小数（如 86.5）。", "At most one decimal place (e.g. 86.5).";
    ScoreNotANumber => "请输入数字，如 86.5。", "Enter a number such as 86.5.";
    ScoreCleared => "已保存的成绩不能清空，只能更正。", "A saved result cannot be removed, only corrected.";
    ResultsByTeachers => "成绩由本班教师和继续教育学院录入。", "Results are entered by the class's teachers and staff.";
    ScoreEntryHint => "输入成绩后按回车移到下一行；修改已保存的成绩须填写更正原因。全部修改一次性保存。",
        "Press Enter to move to the next row; changing a saved result needs a reason. All changes are saved as one batch.";
    ResultsClosedHint => "培训班进行中时才能录入或更正成绩。", "Results are entered and corrected while the class is in progress.";
    NoActiveEnrolments => "没有在读学员。", "No active enrolments.";
    Score => "成绩", "Score";
    Result => "结果", "Result";
    PassedColumn => "是否合格", "Passed";
    Passed => "合格", "Passed";
    Failed => "不合格", "Failed";
    NoResult => "无成绩", "No result";
    CorrectionReasonRequired => "更正已保存的成绩须填写原因。", "Correcting a saved result needs a reason.";
    SaveScores => "保存成绩", "Save results";
    ScoresSaved => "成绩已保存。", "Results saved.";
    History => "历史", "History";
    ResultHistory => "成绩更正记录", "Result history";
    CurrentResult => "当前成绩", "Current result";
    NoCorrections => "此成绩未经更正。", "This result has not been corrected.";
    CorrectedAt => "更正时间", "Corrected at";
    CorrectedBy => "更正人", "Corrected by";
    Change => "变更", "Change";
    CompletionReview => "结业审核", "Completion review";
    CompletionPreview => "预评估（尚未结业）：", "Preview (not completed yet):";
    CompletionStored => "已结业，结果已存档：", "Completed; outcomes stored:";
    Outcome => "结业结果", "Outcome";
    Reasons => "原因", "Reasons";
    WillComplete => "可结业", "Will complete";
    WillNotComplete => "不能结业", "Will not complete";
    OutcomeCompleted => "已结业", "Completed";
    OutcomeNotCompleted => "未结业", "Not completed";
    FailureAssessmentNotPassed => "考核未合格", "An assessment was not passed";
    FailureAssessmentMissing => "缺少考核成绩", "An assessment result is missing";
    OpenLearningRecord => "查看学习档案", "Learning record";
    Reevaluate => "重新评估", "Evaluate again";
    CompleteConfirmText => "结业将按结业要求评定每位在读学员，保存结果并为结业学员写入学习档案；结业后成绩不能再更正。确定结业吗？",
        "Completing evaluates every active enrolment against the completion rules, stores the outcomes and writes learning records for those who complete; results cannot be corrected afterwards. Complete the class?";
    ConfirmComplete => "确认结业", "Complete the class";
}
