//! Training classes: their data, lifecycle, schedule, enrolments and attendance, and a trainee's own classes.

use cebase_domain::FieldError;
use cebase_domain::class::{ClassStatus, TransitionAction};
use cebase_domain::training::{AttendanceStatus, ClassKind, DeliveryForm};

use cebase_domain::ProblemCode;

use super::{FieldKey, I18n, Lang};

messages! {
    /// A fixed message of the class screens.
    ClassKey;

    ClassesTitle => "培训班", "Training classes";
    ClassSearch => "培训班名称", "Class title";
    ClassTitle => "培训班名称", "Title";
    ClassKindLabel => "类型", "Kind";
    CommissioningOrganisation => "委托单位", "Commissioning organisation";
    DeliveryFormLabel => "培训形式", "Form of delivery";
    Dates => "日期", "Dates";
    Location => "地点", "Location";
    Capacity => "计划人数", "Capacity";
    FeeYuan => "培训费（元/人）", "Fee (yuan per trainee)";
    FeeHint => "如 2800 或 2800.50", "e.g. 2800 or 2800.50";
    FeeFormat => "请输入金额（元），最多两位小数。", "Enter an amount in yuan with at most two decimals.";
    Syllabus => "教学大纲", "Syllabus";
    Logistics => "教材和食宿", "Materials, board and lodging";
    MinAttendance => "最低出勤率（%）", "Minimum attendance (%)";
    AssessmentRequired => "须通过考核", "Assessment must be passed";
    OpenEnrolment => "开放报名（学员可自行报名）", "Open enrolment (trainees may enrol themselves)";
    CreateClass => "新建培训班", "New class";
    EditClass => "编辑培训班", "Edit the class";
    ClassDetails => "培训班信息", "Class details";
    NoClasses => "没有找到培训班。", "No classes found.";
    Seats => "名额", "Seats";
    Lifecycle => "办班进程", "Lifecycle";
    CancelReason => "取消原因", "Reason for cancelling";
    CancelReasonPrompt => "请填写取消原因：", "Why is the class cancelled?";
    ConfirmCancel => "确认取消培训班", "Cancel the class";
    Schedule => "教学日程", "Teaching schedule";
    NoSessions => "尚未安排课程。", "No sessions scheduled yet.";
    Date => "日期", "Date";
    StartTime => "开始时间", "Start time";
    EndTime => "结束时间", "End time";
    Course => "课程", "Course";
    Hours => "学时", "Hours";
    AddSession => "添加课程安排", "Add a session";
    Enrolments => "报名学员", "Enrolled trainees";
    NoEnrolments => "尚无学员报名。", "Nobody is enrolled yet.";
    EnrolledAt => "报名时间", "Enrolled at";
    Source => "报名方式", "Enrolled by";
    AddPerson => "添加学员", "Enrol a person";
    AddSeveral => "批量添加", "Enrol several";
    BulkEnrolHint => "逐个选择学员后一并报名；任何一人不能报名则全部不报名。",
        "Choose people one by one, then enrol them together; if anyone is refused, nobody is enrolled.";
    EnrolSelected => "全部报名", "Enrol them all";
    Enrol => "报名", "Enrol";
    Withdraw => "退出", "Withdraw";
    Enrolled => "已报名", "Enrolled";
    Withdrawn => "已退出", "Withdrawn";
    SourceSelf => "本人", "Self";
    SourceOrgContact => "单位联系人", "Organisation contact";
    SourceStaff => "继续教育学院", "Staff";
    BulkDuplicate => "重复选择", "listed twice";
    BulkNotEnrollable => "不能为其报名", "may not be enrolled";
    Attendance => "考勤", "Attendance";
    AttendanceHint => "点击单元格切换：出勤 → 缺勤 → 请假；一次性保存。",
        "Click a cell to switch present → absent → excused; saved as one batch.";
    Present => "出勤", "Present";
    Absent => "缺勤", "Absent";
    Excused => "请假", "Excused";
    Attended => "出勤课次", "Attended";
    SaveAttendance => "保存考勤", "Save attendance";
    AttendanceSaved => "考勤已保存。", "Attendance saved.";
    AttendanceNotYet => "培训班开班后才能记录考勤。", "Attendance is recorded once the class has started.";
    MyClassesTitle => "我的培训", "My classes";
    NoMyClasses => "您尚未报名任何培训班。", "You are not enrolled in any class.";
    OpenClasses => "可报名的培训班", "Classes open to enrolment";
    NoOpenClasses => "目前没有开放报名的培训班。", "No class is open to enrolment now.";
    EnrolSelf => "报名", "Enrol";
    ExportResults => "导出成绩（xlsx）", "Export results (xlsx)";
    ErrTeacherDoubleBooked => "该教师在此时间已有其他课次", "The teacher already teaches another session at this time";
    ErrSessionOverlap => "与本班其他课次时间重叠", "Overlaps another session of this class";
    FilterByName => "按姓名筛选", "Filter by name";
    ChooseClass => "— 选择培训班 —", "— choose a class —";
}

impl I18n {
    pub fn class_kind(&self, kind: ClassKind) -> &'static str {
        match kind {
            ClassKind::TrainingClass => self.pick("培训班", "Training class"),
            ClassKind::Seminar => self.pick("研修班", "Seminar"),
            ClassKind::AdvancedStudy => self.pick("进修班", "Advanced study"),
            ClassKind::MajorProject => self.pick("国家重大专项", "Major project"),
            ClassKind::Exchange => self.pick("交流活动", "Exchange"),
        }
    }

    pub fn delivery_form(&self, form: DeliveryForm) -> &'static str {
        match form {
            DeliveryForm::FaceToFace => self.pick("面授", "Face to face"),
            DeliveryForm::Online => self.pick("网络", "Online"),
            DeliveryForm::Blended => self.pick("混合", "Blended"),
        }
    }

    pub fn class_status(&self, status: ClassStatus) -> &'static str {
        match status {
            ClassStatus::Planned => self.pick("计划中", "Planned"),
            ClassStatus::Open => self.pick("报名中", "Open"),
            ClassStatus::InProgress => self.pick("进行中", "In progress"),
            ClassStatus::Completed => self.pick("已结业", "Completed"),
            ClassStatus::Reported => self.pick("已报送", "Reported"),
            ClassStatus::Cancelled => self.pick("已取消", "Cancelled"),
        }
    }

    pub fn transition_action(&self, action: TransitionAction) -> &'static str {
        match action {
            TransitionAction::Open => self.pick("开放报名", "Open enrolment"),
            TransitionAction::Start => self.pick("开班", "Start"),
            TransitionAction::Complete => self.pick("结业", "Complete"),
            TransitionAction::Cancel => self.pick("取消培训班", "Cancel"),
        }
    }

    pub fn attendance_status(&self, status: AttendanceStatus) -> &'static str {
        self.t(match status {
            AttendanceStatus::Present => ClassKey::Present,
            AttendanceStatus::Absent => ClassKey::Absent,
            AttendanceStatus::Excused => ClassKey::Excused,
        })
    }

    pub fn seats(&self, enrolled: u32, capacity: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("已报名 {enrolled} / 共 {capacity} 人"),
            Lang::En => format!("{enrolled} of {capacity} seats taken"),
        }
    }

    /// Why a person of a bulk enrolment was refused.
    pub fn bulk_refusal(&self, e: &FieldError) -> String {
        match e.code.as_str() {
            "class_full" => self.t(ProblemCode::ClassFull).to_owned(),
            "already_enrolled" => self.t(ProblemCode::AlreadyEnrolled).to_owned(),
            "duplicate" => self.t(ClassKey::BulkDuplicate).to_owned(),
            "not_enrollable" => self.t(ClassKey::BulkNotEnrollable).to_owned(),
            "not_found" => self.t(FieldKey::ReferenceNotFound).to_owned(),
            _ => e.message.clone(),
        }
    }

    pub fn picked_people(&self, n: usize) -> String {
        match self.lang() {
            Lang::Zh => format!("已选 {n} 人"),
            Lang::En => format!("{n} chosen"),
        }
    }

    pub fn enrolled_people(&self, n: usize) -> String {
        match self.lang() {
            Lang::Zh => format!("已为 {n} 人报名。"),
            Lang::En => format!("{n} enrolled."),
        }
    }

    pub fn active_enrolments(&self, n: usize) -> String {
        match self.lang() {
            Lang::Zh => format!("本单位已报名 {n} 人"),
            Lang::En => format!("{n} of our people enrolled"),
        }
    }

    pub fn enrolment_counts(&self, active: usize, withdrawn: usize) -> String {
        match self.lang() {
            Lang::Zh => format!("已报名 {active} 人，已退出 {withdrawn} 人"),
            Lang::En => format!("{active} enrolled, {withdrawn} withdrawn"),
        }
    }
}
