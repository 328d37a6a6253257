//! Every user-facing string of the SPA, in Simplified Chinese (the default) and English.
//!
//! Strings are looked up by [`Key`]; the table below keeps both languages of a message on one
//! line so a missing translation is a compile error, not a blank label. Messages with a number or
//! a name in them are functions on [`I18n`]. The chosen language is remembered in
//! `localStorage["cebase.lang"]` and mirrored into `<html lang>`.

use cebase_domain::certificate::{CertificateStatus, Ineligibility};
use cebase_domain::class::{ClassStatus, TransitionAction};
use cebase_domain::identity::IdDocumentKind;
use cebase_domain::imports::{ImportColumn, ImportRowError};
use cebase_domain::learning::{CompletionFailure, CourseCategory, CreditTenths};
use cebase_domain::master::{OrganisationKind, PartnerKind, PartnerStatus};
use cebase_domain::plans::{PlanAction, PlanStatus};
use cebase_domain::teacher::{Degree, Employment, TitleLevel, UnmetRule};
use cebase_domain::training::{AttendanceStatus, ClassKind, DeliveryForm};
use cebase_domain::user::{DisplayName, NewPassword, Username};
use cebase_domain::{Authority, FieldError, Role};
use leptos::prelude::*;

/// `localStorage` key holding the chosen language (`zh-CN` or `en`).
const STORAGE_KEY: &str = "cebase.lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 简体中文 — the default.
    Zh,
    En,
}

impl Lang {
    /// BCP 47 tag, as stored and as put into `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A fixed user-facing message.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Lang::Zh) => $zh, (Key::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    AppName => "继续教育基地管理系统", "Continuing Education Base";
    AppSubtitle => "国家级专业技术人员继续教育基地", "National base for continuing education of professional and technical personnel";
    // The switch shows the language it switches *to*.
    SwitchLanguage => "English", "中文";
    Loading => "加载中…", "Loading…";
    Retry => "重试", "Retry";
    NotFound => "页面不存在。", "This page does not exist.";
    BackHome => "返回首页", "Back to the home page";
    AdminOnly => "只有管理员可以打开此页面。", "Only administrators can open this page.";

    NavHome => "首页", "Home";
    NavAccount => "我的账户", "My account";
    NavUsers => "用户管理", "Users";
    NavAudit => "审计日志", "Audit log";
    Logout => "退出登录", "Log out";
    MainNavigation => "主导航", "Main navigation";

    LoginTitle => "登录", "Sign in";
    Username => "用户名", "Username";
    Password => "密码", "Password";
    LoginSubmit => "登录", "Sign in";
    LoggingIn => "正在登录…", "Signing in…";

    HomeIntro => "这里是国家级专业技术人员继续教育基地的管理系统。请从上方导航选择要办理的事项。",
        "This is the management system of the national continuing-education base. Choose a task from the navigation above.";
    YourRoles => "您的角色", "Your roles";

    AccountTitle => "我的账户", "My account";
    DisplayName => "姓名", "Display name";
    Roles => "角色", "Roles";
    ReviewerAuthority => "审核机关", "Reviewer authority";
    CreatedAt => "创建时间", "Created";
    UpdatedAt => "更新时间", "Updated";
    ChangePassword => "修改密码", "Change password";
    CurrentPassword => "当前密码", "Current password";
    NewPassword => "新密码", "New password";
    ConfirmPassword => "确认新密码", "Repeat the new password";
    PasswordsDiffer => "两次输入的新密码不一致。", "The two new passwords differ.";
    PasswordHint => "8–128 个字符", "8–128 characters";
    PasswordChanged => "密码已修改，请用新密码重新登录。", "Your password has been changed. Please log in with the new password.";
    Save => "保存", "Save";
    Saving => "正在保存…", "Saving…";

    UsersTitle => "用户管理", "User administration";
    Search => "搜索", "Search";
    SearchPlaceholder => "用户名或姓名", "Username or name";
    Status => "状态", "Status";
    Actions => "操作", "Actions";
    Active => "正常", "Active";
    Disabled => "已停用", "Disabled";
    Manage => "管理", "Manage";
    Close => "关闭", "Close";
    NoUsers => "没有找到用户。", "No users found.";
    CreateUser => "新建用户", "Create a user";
    InitialPassword => "初始密码", "Initial password";
    Create => "创建", "Create";
    ChooseAuthority => "请选择审核机关", "Choose an authority";
    ChangeRoles => "修改角色", "Change roles";
    SaveRoles => "保存角色", "Save roles";
    RolesSaved => "角色已保存。", "Roles saved.";
    DisableAccount => "停用账户", "Disable account";
    EnableAccount => "启用账户", "Enable account";
    AccountDisabled => "账户已停用，其登录立即失效。", "The account is disabled; its sessions end at once.";
    AccountEnabled => "账户已启用。", "The account is enabled.";
    ResetPassword => "重置密码", "Reset password";
    PasswordReset => "密码已重置。", "The password has been reset.";

    Previous => "上一页", "Previous";
    Next => "下一页", "Next";

    AuditTitle => "审计日志", "Audit log";
    EntityType => "对象类型", "Entity type";
    EntityTypePlaceholder => "例如 user", "e.g. user";
    Actor => "操作人", "Actor";
    ActorPlaceholder => "操作人 ID（UUID）", "Actor id (UUID)";
    DateFrom => "起始日期", "From";
    DateTo => "截止日期", "To";
    ApplyFilters => "筛选", "Filter";
    ClearFilters => "清除", "Clear";
    Seq => "序号", "#";
    Time => "时间", "Time";
    Action => "动作", "Action";
    Entity => "对象", "Entity";
    Details => "详情", "Details";
    Before => "变更前", "Before";
    After => "变更后", "After";
    SystemActor => "系统", "System";
    FilterByActor => "只看此操作人", "Only this actor";
    NoEntries => "没有审计记录。", "No audit entries.";
    TimesInShanghai => "时间均为北京时间（UTC+8）。", "Times are Beijing time (UTC+8).";
    VerifyChain => "校验哈希链", "Verify chain";
    Verifying => "正在校验…", "Verifying…";
    ChainValid => "哈希链完整", "The chain is intact";
    ChainBroken => "哈希链已被破坏", "The chain is broken";
    Checked => "已校验条数", "Entries checked";
    FirstInvalid => "首个异常条目", "First invalid entry";
    InvalidUuid => "请输入有效的 UUID。", "Enter a valid UUID.";

    ErrInvalidCredentials => "用户名或密码错误。", "Wrong username or password.";
    ErrWrongPassword => "当前密码不正确。", "The current password is wrong.";
    ErrUsernameTaken => "该用户名已被占用。", "This username is taken.";
    ErrVersionConflict => "此记录已被他人修改，请重新加载后再修改。", "Someone else changed this record meanwhile; reload it and apply your change again.";
    ErrForbidden => "您没有执行此操作的权限。", "You are not allowed to do this.";
    ErrUnauthenticated => "登录已失效，请重新登录。", "Your session has ended; please sign in again.";
    ErrNotFound => "未找到。", "Not found.";
    ErrValidation => "请检查标出的字段。", "Please check the marked fields.";
    RequestId => "请求编号：", "Request id:";
    ErrNetwork => "无法连接服务器，请检查网络后重试。", "The server cannot be reached; check the connection and retry.";

    NavOrganisations => "单位", "Organisations";
    NavPeople => "人员", "People";
    NavTeachers => "师资", "Teachers";
    NavCourses => "课程", "Courses";
    NoAccess => "您的角色无权查看此页面。", "Your roles do not allow this page.";
    InvalidId => "地址中的编号无效。", "The address holds no valid identifier.";
    BackToList => "返回列表", "Back to the list";
    Open => "查看", "Open";
    All => "全部", "All";
    Optional => "（选填）", " (optional)";
    Saved => "已保存。", "Saved.";
    Version => "版本", "Version";
    ReloadRecord => "重新加载", "Reload";
    ConflictHint => "其他人已修改此记录；重新加载会显示最新内容，您在此处的未保存修改将被放弃。",
        "Someone else changed this record; reloading shows the latest state and discards your unsaved changes here.";
    ReadOnlyNotice => "您只能查看，不能修改。", "You may view this record but not change it.";
    ClearSelection => "清除", "Clear";
    NoMatches => "没有匹配的记录。", "No matching records.";
    Valid => "格式及校验码正确", "Format and check character are valid";

    OrganisationsTitle => "单位名录", "Organisations";
    OrganisationSearch => "单位名称", "Organisation name";
    OrgName => "单位名称", "Name";
    OrgKind => "单位类型", "Kind";
    CreditCode => "统一社会信用代码", "Unified social credit code";
    CreditCodeHint => "18 位，校验规则见 GB 32100-2015", "18 characters, checked per GB 32100-2015";
    Contact => "联系人", "Contact";
    ContactName => "联系人姓名", "Contact name";
    ContactPhone => "联系电话", "Contact phone";
    ContactEmail => "联系邮箱", "Contact e-mail";
    CreateOrganisation => "新增单位", "Add an organisation";
    EditOrganisation => "编辑单位信息", "Edit the organisation";
    OrganisationDetails => "单位信息", "Organisation details";
    NoOrganisations => "没有找到单位。", "No organisations found.";
    PeopleOfOrganisation => "本单位人员", "People of this organisation";

    PartnersTitle => "产学研合作协议（第二十二条）", "Industry–university–research agreements (Art. 22)";
    PartnerKind => "合作类型", "Kind";
    PartnerScope => "合作内容", "Scope";
    PartnerPeriod => "合作期限", "Period";
    StartDate => "开始日期", "Start date";
    EndDate => "结束日期", "End date";
    OpenEnded => "长期", "open-ended";
    CreatePartner => "新增合作协议", "Add an agreement";
    NoPartners => "尚无合作协议。", "No agreements yet.";
    PartnerCreated => "合作协议已添加。", "Agreement added.";

    PeopleTitle => "人员名录", "People";
    PeopleSearch => "姓名或完整证件号码", "Name, or a complete document number";
    PersonName => "姓名", "Name";
    IdKind => "证件类型", "Document type";
    IdNumber => "证件号码", "Document number";
    IdMaskedNote => "证件号码在列表中隐去中间部分。", "Document numbers are partly hidden in lists.";
    Employer => "工作单位", "Employer";
    AnyOrganisation => "按单位筛选：输入单位名称", "Filter by organisation: type its name";
    ProfessionalTitle => "职称", "Professional title";
    ProfessionalTitleHint => "如：高级工程师", "e.g. Senior engineer";
    TitleLevel => "职称级别", "Title level";
    Field => "专业领域", "Field";
    Degree => "最高学位", "Highest degree";
    Phone => "电话", "Phone";
    Email => "电子邮箱", "E-mail";
    UserAccount => "登录账户 ID", "Login account id";
    UserAccountHint => "关联的登录账户（UUID），可不填", "Linked login account (UUID), may be empty";
    CreatePerson => "新增人员", "Add a person";
    EditPerson => "编辑人员信息", "Edit the person";
    NoPeople => "没有找到人员。", "No people found.";

    TeachersTitle => "师资库", "Teacher registry";
    Teacher => "教师", "Teacher";
    Person => "人员", "Person";
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

    CoursesTitle => "课程目录", "Course catalogue";
    CourseSearch => "课程名称", "Course title";
    CourseName => "课程名称", "Title";
    Category => "科目类别", "Category";
    CreditHours => "学时", "Credit hours";
    CreditHoursHint => "大于 0，最多一位小数，如 1.5", "Greater than 0, at most one decimal, e.g. 1.5";
    Description => "课程简介", "Description";
    CreateCourse => "新增课程", "Add a course";
    EditCourse => "编辑课程", "Edit the course";
    CourseDetails => "课程信息", "Course details";
    NoCourses => "没有找到课程。", "No courses found.";

    NavClasses => "培训班", "Classes";
    NavMyClasses => "我的培训", "My classes";
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
    Back => "返回", "Back";
    Schedule => "教学日程", "Teaching schedule";
    NoSessions => "尚未安排课程。", "No sessions scheduled yet.";
    Date => "日期", "Date";
    StartTime => "开始时间", "Start time";
    EndTime => "结束时间", "End time";
    Course => "课程", "Course";
    Hours => "学时", "Hours";
    AddSession => "添加课程安排", "Add a session";
    ChooseOne => "请选择", "Choose";
    Delete => "删除", "Delete";
    Edit => "编辑", "Edit";
    Add => "添加", "Add";
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
    ErrClassFull => "培训班名额已满。", "The class is full.";
    ErrAlreadyEnrolled => "此人已报名该培训班。", "This person is enrolled already.";
    ErrBulkRejected => "以下人员不能报名，因此本次无人报名：", "These people cannot be enrolled, so nobody was:";
    ErrEnrolmentClosed => "培训班已开班或结束，不能再报名或退出。", "Enrolment is closed for this class.";
    ErrTransitionNotAllowed => "当前状态下不能进行此操作。", "This is not possible in the current state.";
    ErrClassNotEditable => "培训班当前状态下不能修改。", "The class cannot be changed in its current state.";
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
    // --- plans (Art. 8) ---
    NavPlans => "年度计划", "Annual plans";
    PlansTitle => "年度计划审核备案", "Annual plan review and filing";
    PlanYear => "年度", "Year";
    PlanTitleField => "计划名称", "Plan title";
    PlanCreate => "新建年度计划", "New annual plan";
    PlanStatusLabel => "状态", "Status";
    PlanRevision => "版本", "Revision";
    PlanItems => "计划项目", "Plan items";
    PlanItemAdd => "添加项目", "Add item";
    PlanTrainees => "计划人数", "Planned trainees";
    PlanHours => "人均学时", "Hours per trainee";
    PlanStart => "开始日期", "Start";
    PlanEnd => "结束日期", "End";
    PlanBudget => "预算（元）", "Budget (yuan)";
    PlanAudience => "培训对象", "Target audience";
    PlanDeadlines => "截止日期（北京时间）", "Deadlines (Beijing time)";
    PlanLate => "逾期", "Late";
    PlanStepMiit => "报送工业和信息化部", "Submission to MIIT";
    PlanStepMohrss => "人力资源社会保障部备案", "Filing with MOHRSS";
    PlanComments => "意见", "Comments";
    PlanDocumentNumber => "文号", "Document number (文号)";
    PlanReplyDate => "复函日期", "Reply date";
    PlanHistory => "审核记录", "Review history";
    PlanNone => "暂无年度计划。", "No annual plans yet.";
    PlanWaiting => "待我审核", "Waiting for my decision";
    // --- plans SPA ---
    PlanWaitingNotice => "以下年度计划正等待您审核：", "These annual plans are waiting for your decision:";
    PlanWaitingForLabel => "待审核部门", "Waiting for";
    PlanItemCount => "项目数", "Items";
    PlanBudgetTotal => "预算合计", "Total budget";
    PlanWorkflowLabel => "审核备案流程（第八条）", "Review and filing (Art. 8)";
    PlanReturnedNotice => "计划已被退回，请根据意见修改后重新报送。", "The plan was returned: revise it along the comments and submit it again.";
    PlanDueBefore => "截止（不含当日）", "Due before";
    PlanNoPending => "本年度计划的报送、备案步骤均已完成。", "Every step of this plan has been taken.";
    PlanClassKind => "培训类型", "Class kind";
    PlanCommissioningBody => "委托单位", "Commissioning body";
    PlanPeriod => "计划期间", "Planned period";
    PlanItemEdit => "修改项目", "Edit item";
    PlanItemSave => "保存项目", "Save item";
    PlanItemDeleteConfirm => "确认删除", "Confirm delete";
    PlanNoItems => "尚无计划项目。", "No plan items yet.";
    PlanItemsLocked => "计划已报送，项目不能修改；如需调整，请在备案后发起修订。", "The plan has been submitted: items are fixed. Amend the plan once filed to change them.";
    PlanBudgetHint => "单位：元，如 300000 或 2800.50", "In yuan, e.g. 300000 or 2800.50";
    PlanCancelEdit => "取消", "Cancel";
    PlanActionsTitle => "办理", "Actions";
    PlanNoActions => "当前没有需要您办理的操作。", "Nothing for you to do at this stage.";
    PlanCommentsOptional => "意见（退回时必填）", "Comments (required to return)";
    PlanPaperReply => "录入纸质复函", "Record a paper reply";
    PlanPaperReplyHint => "主管部门以纸质文件答复时，由工作人员录入其决定、文号、复函日期并上传扫描件（第八条）。", "When the authority replies on paper, staff record its decision with the document number (文号), the reply's date and a scan (Art. 8).";
    PlanDecision => "复函决定", "Decision";
    PlanScan => "复函扫描件", "Scan of the reply";
    PlanScanHint => "PDF、JPEG 或 PNG", "PDF, JPEG or PNG";
    PlanRecordReply => "录入复函", "Record the reply";
    PlanReviewerHint => "您作为主管部门审核人在系统中作出决定；退回时须填写意见。", "You decide as the authority's reviewer; returning needs comments.";
    PlanDecisionFor => "本阶段由以下部门决定：", "This stage is decided by:";
    PlanSummaryNarrative => "执行情况说明", "Narrative of the execution";
    PlanSummaryItem => "项目", "Item";
    PlanPlanned => "计划", "Planned";
    PlanActual => "实际", "Actual";
    PlanClasses => "班次", "Classes";
    PlanTraineesShort => "人数", "Trainees";
    PlanPublicPersonHours => "公需科目人学时", "Public person-hours";
    PlanProfessionalPersonHours => "专业科目人学时", "Professional person-hours";
    PlanCertificates => "证书", "Certificates";
    PlanSpending => "预算 / 支出", "Budget / spending";
    PlanUnplanned => "计划外班次", "Unplanned classes";
    PlanTotal => "合计", "Total";
    PlanNotKept => "暂未记录", "not kept yet";
    PlanSummaryNote => "实际数据根据已结业、已报送的培训班及学习档案自动计算；“—”表示系统暂未记录（支出）。", "Actuals are computed from the completed and reported classes and their learning records; “—” marks figures not kept yet (spending).";
    PlanNarrativeSave => "保存说明", "Save narrative";
    PlanNarrativeLocked => "说明随计划一同报送，报送后不能修改。", "The narrative is submitted with the plan and fixed once submitted.";
    PlanVersions => "报送版本", "Submitted versions";
    PlanNoVersions => "尚未报送，暂无版本。", "Not submitted yet: no versions.";
    PlanSnapshot => "快照", "Snapshot";
    PlanTakenAt => "报送时间", "Submitted at";
    PlanCompare => "版本对比", "Compare versions";
    PlanCompareFrom => "原版本", "From";
    PlanCompareTo => "新版本", "To";
    PlanCompareNeedsTwo => "至少有两次报送后才能对比。", "Comparing needs at least two submissions.";
    PlanNoDifferences => "两个版本没有差异。", "The two versions do not differ.";
    PlanHeaderChanges => "计划信息变更", "Plan changes";
    PlanAdded => "新增项目", "Added items";
    PlanRemoved => "删除项目", "Removed items";
    PlanChanged => "变更项目", "Changed items";
    PlanField => "字段", "Field";
    PlanBefore => "原值", "Before";
    PlanAfter => "新值", "After";
    PlanDownloadXlsx => "导出 Excel（计划与执行情况）", "Download xlsx (plan and execution)";
    PlanDownloadPdf => "导出 PDF（正式文本）", "Download PDF (formal document)";
    ReportDownloadPdf => "导出 PDF（正式文本）", "Download PDF (formal document)";
    PlanActedAt => "时间", "When";
    PlanAction => "操作", "Action";
    PlanActedBy => "办理人", "By";
    PlanAuthorityLabel => "主管部门", "Authority";
    PlanReply => "复函", "Reply";
    PlanFromPaper => "纸质复函", "paper reply";
    PlanScanLink => "扫描件", "Scan";
    PlanHistoryNone => "暂无办理记录。", "No moves yet.";
    PlanCreated => "年度计划已创建。", "Annual plan created.";
    ErrPlanExists => "该年度已有年度计划。", "There is already a plan for this year.";
    ErrPlanNotEditable => "计划已报送，不能修改。", "The plan is not a draft: it cannot be changed.";
    ErrPlanItemInUse => "已有培训班实施此项目，不能删除。", "Classes implement this item: it cannot be deleted.";
    ErrWrongAuthority => "此事项不由您所在的审核机关办理。", "Another authority decides this.";
    NavMyRecord => "我的学习档案", "My learning record";
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
    EnrolSelf => "报名", "Enrol";

    // --- reports (Art. 11, 16-18): dashboard, class summary reports, evaluation, follow-ups, needs ---
    NavClassReports => "总结报告", "Class reports";
    NavFollowUps => "跟踪反馈", "Follow-ups";
    NavNeeds => "培训需求", "Training needs";
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
    ErrReportExists => "该培训班已有总结报告。", "The class already has a summary report.";
    ErrClassNotCompleted => "培训班结业后才能撰写总结报告。", "The summary report is started once the class is completed.";
    ErrReportNotEditable => "总结报告已提交，不能再修改。", "The report is no longer a draft and cannot change.";
    ErrQuestionnaireLocked => "培训班已开放报名，问卷不能再修改。", "The class has been opened; its questionnaire cannot change.";
    ErrAlreadyEvaluated => "您已评价过该培训班。", "You have evaluated this class already.";
    ErrEvaluationClosed => "该培训班目前不接受评价。", "The class does not take evaluations now.";
    ErrAlreadyAnswered => "已经反馈过。", "Feedback was given already.";
    ErrFollowUpNotOpen => "跟踪反馈尚未开始。", "Follow-up feedback has not opened yet.";
    ErrNeedAlreadyPlanned => "该需求已列入计划。", "The need is in a plan already.";

    ErrCreditCodeTaken => "已有单位使用此统一社会信用代码。", "An organisation with this unified social credit code exists.";
    ErrPersonDuplicate => "已有人员登记了此证件号码。", "A person with this identity document exists.";
    ErrUserAlreadyLinked => "该登录账户已关联其他人员。", "This login account belongs to another person.";
    ErrTeacherExists => "此人已登记为教师。", "This person is registered as a teacher already.";
    ErrNotAttested => "此教师没有带头人/骨干认定，没有可核验的证明材料（第十三条）。",
        "The teacher has no leader/backbone attestation, so there is no evidence to verify (Art. 13).";
    ErrTeacherNotQualified => "此教师不符合第十三条规定的任教条件。", "The teacher does not meet Art. 13.";

    CreditCodeFormat => "统一社会信用代码应为 18 位（GB 32100-2015）。", "A unified social credit code has 18 characters (GB 32100-2015).";
    CreditCodeCheck => "校验码不正确（GB 32100-2015）。", "The check character does not match (GB 32100-2015).";
    IdNumberFormat => "居民身份证号码应为 17 位数字加 1 位校验码（数字或 X）（GB 11643-1999）。",
        "A resident ID number has 17 digits and a check character, a digit or X (GB 11643-1999).";
    IdNumberCheck => "身份证号码校验码不正确（GB 11643-1999）。", "The check character of the ID number does not match (GB 11643-1999).";
    DocumentNumberFormat => "证件号码应为 3–32 位字母、数字或“-”。", "Must be 3–32 letters, digits or '-'.";
    PhoneFormat => "电话号码为 5–20 个字符：数字、空格、“+”、“-”、“(”或“)”。",
        "A phone number has 5–20 characters: digits, spaces, '+', '-', '(' or ')'.";
    EmailFormat => "请输入有效的电子邮箱，如 name@example.cn。", "Enter an e-mail address such as name@example.cn.";
    NotANumber => "请输入数字，如 1.5。", "Enter a number such as 1.5.";
    Precision => "最多保留一位小数（如 1.5）。", "At most one decimal place (e.g. 1.5).";
    EndBeforeStart => "结束日期不能早于开始日期。", "The agreement cannot end before it starts.";
    ReferenceNotFound => "所选的记录不存在。", "The chosen record does not exist.";

    RoleAdmin => "系统管理员", "Administrator";
    RoleStaff => "继续教育学院", "Continuing-education staff";
    RoleFinance => "财务处", "Finance office";
    RoleTeacher => "教师", "Teacher";
    RoleTrainee => "专业技术人员", "Trainee";
    RoleOrgContact => "委托单位联系人", "Organisation contact";
    RoleReviewer => "主管部门审核人", "Reviewer";

    AuthorityMiit => "工业和信息化部人事教育司", "MIIT, Dept. of Personnel and Education";
    AuthorityMohrss => "人力资源社会保障部专业技术人员管理司", "MOHRSS, Dept. of Professional and Technical Personnel";
    AuthorityProvincialHr => "省人力资源社会保障厅", "Provincial Dept. of Human Resources and Social Security";

    FieldRequired => "必填。", "Required.";
    FieldBlank => "不能只包含空格。", "Must not be only spaces.";
    UsernamePattern => "只能包含小写字母、数字、“.”、“_”和“-”，并以字母或数字开头。",
        "Only letters, digits, '.', '_' and '-', starting with a letter or digit.";
    DisplayNamePattern => "不能包含控制字符。", "Must not contain control characters.";
    ReviewerAuthorityRequired => "审核人必须指定一个审核机关。", "A reviewer needs exactly one authority.";
    AuthorityWithoutReviewer => "只有审核人才能指定审核机关。", "Only a reviewer has an authority.";

    // --- materials3: lecture materials, schedule conflicts, result and record exports ---
    MaterialsTitle => "课程讲义", "Lecture materials";
    MaterialsHint => "上传讲义、课件等文件（大小上限由系统配置，默认 20 MB）；参加该课程所在培训班的学员和任课教师可以下载。",
        "Upload lecture notes and slides (size limit set by the system, 20 MB by default); trainees and teachers of classes teaching this course can download them.";
    MaterialsChooseFile => "选择文件", "Choose a file";
    MaterialsNoFile => "请先选择要上传的文件。", "Choose a file to upload first.";
    MaterialsUpload => "上传讲义", "Upload";
    MaterialsUploading => "正在上传…", "Uploading…";
    MaterialsEmpty => "暂无讲义。", "No materials yet.";
    MaterialsFileName => "文件名", "File name";
    MaterialsSize => "大小", "Size";
    MaterialsUploadedAt => "上传时间", "Uploaded";
    MaterialsConfirmDelete => "确定删除该讲义？此操作不可撤销。", "Delete this file? This cannot be undone.";
    MaterialsLink => "讲义", "Materials";
    ClassMaterialsTitle => "培训班课程讲义", "Lecture materials of the class";
    Download => "下载", "Download";
    ExportResults => "导出成绩（xlsx）", "Export results (xlsx)";
    ExportLearningRecord => "导出学习档案（xlsx）", "Export learning record (xlsx)";
    ErrScheduleConflict => "排课时间冲突", "Schedule conflict";
    ErrPayloadTooLarge => "文件超过大小上限，未保存。", "The file is larger than allowed; nothing was stored.";
    ErrTeacherDoubleBooked => "该教师在此时间已有其他课次", "The teacher already teaches another session at this time";
    ErrSessionOverlap => "与本班其他课次时间重叠", "Overlaps another session of this class";
    ErrFileEmpty => "文件为空。", "The file is empty.";
    // --- import wizard, my people, learning-record history ---
    ImportTitle => "从文件批量导入", "Import from a file";
    ImportStepUpload => "上传文件", "Upload";
    ImportStepPreview => "预览与校验", "Preview";
    ImportStepResult => "导入结果", "Result";
    ImportHint => "按模板填写人员信息（CSV 或 xlsx，第 1 行为表头），上传后先逐行校验，确认无误再导入并报名本班。",
        "Fill in the template (CSV or xlsx, the header in row 1). Every row is checked first; nothing is written until you confirm, and then everyone is enrolled in this class.";
    ImportTemplate => "下载 xlsx 模板", "Download the xlsx template";
    ImportFile => "导入文件（.csv 或 .xlsx）", "File (.csv or .xlsx)";
    ImportFileKind => "只能导入 .csv 或 .xlsx 文件。", "Only .csv and .xlsx files can be imported.";
    ImportUpload => "上传并校验", "Upload and check";
    ImportMode => "有被拒绝的行时", "When rows are rejected";
    ImportAllOrNothing => "全部成功才导入（默认）", "Import all or nothing (default)";
    ImportKeepValid => "只导入有效行，跳过被拒绝的行", "Import the valid rows, skip the rejected ones";
    ImportBlocked => "有被拒绝的行：请修改文件后重新上传，或选择“只导入有效行”。",
        "Some rows were rejected: correct the file and upload it again, or choose to import the valid rows only.";
    ImportAnotherFile => "重新选择文件", "Start again with another file";
    ImportFailed => "导入失败，未写入任何数据。", "The import failed; nothing was written.";
    ImportValidating => "正在校验…", "Checking the rows…";
    ImportCommitting => "正在导入…", "Importing…";
    ImportRows => "总行数", "rows";
    ImportValidRows => "有效", "valid";
    ImportRejectedRows => "被拒绝", "rejected";
    ImportNoErrors => "所有行均通过校验。", "Every row passed the checks.";
    ImportRow => "行号", "Row";
    ImportColumn => "列", "Column";
    ImportReason => "原因", "Reason";
    FilterByName => "按姓名筛选", "Filter by name";
    NavMyPeople => "本单位人员", "My people";
    MyPeopleTitle => "本单位人员", "My organisation's people";
    MyPeopleNoOrganisation => "您的账户尚未关联工作单位，请联系继续教育学院。",
        "Your account is not linked to an organisation yet; please contact the continuing-education staff.";
    MyPeopleList => "人员名单", "People";
    Select => "选择", "Select";
    ChooseClass => "— 选择培训班 —", "— choose a class —";
    MyPeopleNoClasses => "目前没有可报名的培训班。", "No class takes enrolments at the moment.";
    MyPeopleEnrol => "报名培训班", "Enrol in a class";
    MyPeopleEnrolHint => "在名单中勾选人员，选择培训班后一次报名；有任何一人不能报名时，全部不报名，并逐人说明原因。",
        "Tick people in the list, choose a class and enrol them at once; if anyone cannot be enrolled, no one is, and each refusal is explained.";
    MyPeopleEnrolments => "本单位在此班的报名", "Our enrolments in this class";
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
    // --- certificates (Art. 9) ---
    NavCertificates => "证书", "Certificates";
    NavMyCertificates => "我的证书", "My certificates";
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
    ErrCertificateExists => "该学员已持有有效证书（每次报名至多一份有效证书，第九条）。", "The enrolment already has a valid certificate (at most one, Art. 9).";
    ErrNotEligible => "不符合发证条件（第九条）。", "Not eligible for a certificate (Art. 9).";
    ErrNothingToIssue => "没有可发证的学员。", "Nobody in this class may get a certificate now.";
    ErrAlreadyRevoked => "证书已撤销。", "The certificate is already revoked.";
    ErrAlreadyReissued => "该证书已补发。", "The certificate was already re-issued.";
    ErrCertificateNotRevoked => "只有已撤销的证书才能补发，请先撤销。", "Only a revoked certificate can be re-issued; revoke it first.";
    // --- end certificates ---
    // --- scores (assessments, score entry, completion review) ---
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
    ErrResultsClosed => "培训班进行中时才能录入或更正成绩。", "Results are entered and corrected only while the class is in progress.";
}

/// The language context: read it with [`use_i18n`].
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Creates the context from the remembered choice (Chinese when there is none) and provides it.
    pub fn provide() -> I18n {
        let lang = local_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or(Lang::Zh);
        set_document_lang(lang);
        let i18n = I18n {
            lang: RwSignal::new(lang),
        };
        provide_context(i18n);
        i18n
    }

    /// The current language (tracked: views re-render when it changes).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The current language, without subscribing (for event handlers).
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// Switches the language and remembers the choice for later visits.
    pub fn set(&self, lang: Lang) {
        if let Some(storage) = local_storage() {
            // A full or disabled storage only means the choice is not remembered.
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
        set_document_lang(lang);
        self.lang.set(lang);
    }

    /// The message in the current language (tracked).
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.lang())
    }

    /// A reactive text node for views: `{i18n.tr(Key::Save)}`.
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    pub fn role(&self, role: Role) -> &'static str {
        self.t(match role {
            Role::Admin => Key::RoleAdmin,
            Role::Staff => Key::RoleStaff,
            Role::Finance => Key::RoleFinance,
            Role::Teacher => Key::RoleTeacher,
            Role::Trainee => Key::RoleTrainee,
            Role::OrgContact => Key::RoleOrgContact,
            Role::Reviewer => Key::RoleReviewer,
        })
    }

    /// Roles joined for display, e.g. `系统管理员、教师` or `Administrator, Teacher`.
    pub fn roles(&self, roles: &[Role]) -> String {
        let sep = match self.lang() {
            Lang::Zh => "、",
            Lang::En => ", ",
        };
        roles
            .iter()
            .map(|r| self.role(*r))
            .collect::<Vec<_>>()
            .join(sep)
    }

    pub fn authority(&self, authority: Authority) -> &'static str {
        self.t(match authority {
            Authority::Miit => Key::AuthorityMiit,
            Authority::Mohrss => Key::AuthorityMohrss,
            Authority::ProvincialHr => Key::AuthorityProvincialHr,
        })
    }

    pub fn welcome(&self, name: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("您好，{name}！"),
            Lang::En => format!("Welcome, {name}!"),
        }
    }

    pub fn too_many_attempts(&self, retry_after: Option<u64>) -> String {
        match (self.lang(), retry_after) {
            (Lang::Zh, Some(s)) => format!("尝试次数过多，请 {s} 秒后重试。"),
            (Lang::Zh, None) => "尝试次数过多，请稍后重试。".to_owned(),
            (Lang::En, Some(s)) => format!("Too many attempts, retry after {s} s."),
            (Lang::En, None) => "Too many attempts, retry later.".to_owned(),
        }
    }

    pub fn unexpected_response(&self, status: u16) -> String {
        match self.lang() {
            Lang::Zh => format!("服务器返回了意外的响应（HTTP {status}）。"),
            Lang::En => format!("The server gave an unexpected answer (HTTP {status})."),
        }
    }

    pub fn page_number(&self, n: usize) -> String {
        match self.lang() {
            Lang::Zh => format!("第 {n} 页"),
            Lang::En => format!("Page {n}"),
        }
    }

    pub fn user_created(&self, username: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("已创建用户 {username}。"),
            Lang::En => format!("User {username} created."),
        }
    }

    /// Chinese or English, by the current language (tracked).
    fn pick(&self, zh: &'static str, en: &'static str) -> &'static str {
        match self.lang() {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn organisation_kind(&self, kind: OrganisationKind) -> &'static str {
        use OrganisationKind as K;
        match kind {
            K::GovernmentDepartment => self.pick("政府部门", "Government department"),
            K::IndustryAssociation => self.pick("行业协会", "Industry association"),
            K::Enterprise => self.pick("企业", "Enterprise"),
            K::PublicInstitution => self.pick("事业单位", "Public institution"),
            K::University => self.pick("高等院校", "University"),
            K::ResearchInstitute => self.pick("科研院所", "Research institute"),
        }
    }

    pub fn partner_kind(&self, kind: PartnerKind) -> &'static str {
        use PartnerKind as K;
        match kind {
            K::JointTraining => self.pick("联合培养", "Joint training"),
            K::ResearchCooperation => self.pick("科研合作", "Research cooperation"),
            K::ResultsTransfer => self.pick("成果转化", "Transfer of results"),
            K::Exchange => self.pick("交流研讨", "Exchanges and seminars"),
            K::PracticeBase => self.pick("实践基地", "Practice base"),
            K::Other => self.pick("其他", "Other"),
        }
    }

    pub fn partner_status(&self, status: PartnerStatus) -> &'static str {
        match status {
            PartnerStatus::Active => self.pick("有效", "In force"),
            PartnerStatus::Ended => self.pick("已终止", "Ended"),
        }
    }

    pub fn id_kind(&self, kind: IdDocumentKind) -> &'static str {
        use IdDocumentKind as K;
        match kind {
            K::ResidentId => self.pick("居民身份证", "Resident ID card"),
            K::Passport => self.pick("护照", "Passport"),
            K::HkMacaoPermit => self.pick(
                "港澳居民来往内地通行证",
                "Mainland travel permit (Hong Kong/Macao)",
            ),
            K::TaiwanPermit => {
                self.pick("台湾居民来往大陆通行证", "Mainland travel permit (Taiwan)")
            }
        }
    }

    pub fn degree(&self, degree: Degree) -> &'static str {
        match degree {
            Degree::None => self.pick("无学位", "None"),
            Degree::Associate => self.pick("专科", "Associate"),
            Degree::Bachelor => self.pick("学士", "Bachelor"),
            Degree::Master => self.pick("硕士", "Master"),
            Degree::Doctor => self.pick("博士", "Doctor"),
        }
    }

    pub fn title_level(&self, level: TitleLevel) -> &'static str {
        match level {
            TitleLevel::None => self.pick("无职称", "None"),
            TitleLevel::Junior => self.pick("初级", "Junior"),
            TitleLevel::Intermediate => self.pick("中级", "Intermediate"),
            TitleLevel::AssociateSenior => self.pick("副高", "Associate senior"),
            TitleLevel::Senior => self.pick("正高", "Senior"),
        }
    }

    pub fn employment(&self, employment: Employment) -> &'static str {
        match employment {
            Employment::FullTime => self.pick("专职", "Full-time"),
            Employment::PartTime => self.pick("兼职", "Part-time"),
        }
    }

    pub fn course_category(&self, category: CourseCategory) -> &'static str {
        match category {
            CourseCategory::PublicRequired => self.pick("公需科目", "Public required"),
            CourseCategory::Professional => self.pick("专业科目", "Professional"),
        }
    }

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
            AttendanceStatus::Present => Key::Present,
            AttendanceStatus::Absent => Key::Absent,
            AttendanceStatus::Excused => Key::Excused,
        })
    }

    /// A fee in fen as yuan: `¥2,800.00`.
    pub fn yuan(&self, fen: i64) -> String {
        let (yuan, cents) = (fen / 100, fen % 100);
        let digits = yuan.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("¥{grouped}.{cents:02}")
    }

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

    pub fn seats(&self, enrolled: u32, capacity: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("已报名 {enrolled} / 共 {capacity} 人"),
            Lang::En => format!("{enrolled} of {capacity} seats taken"),
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

    /// Credit hours as people write them: `1.5 学时`, `2 hours`.
    pub fn credit_hours(&self, hours: f64) -> String {
        match self.lang() {
            Lang::Zh => format!("{hours} 学时"),
            Lang::En if hours == 1.0 => "1 hour".to_owned(),
            Lang::En => format!("{hours} hours"),
        }
    }

    /// A file size as people read it (`820 B`, `1.5 KB`, `12.3 MB`).
    pub fn file_size(&self, bytes: u64) -> String {
        const KB: f64 = 1024.0;
        let b = bytes as f64;
        if b < KB {
            format!("{bytes} B")
        } else if b < KB * KB {
            format!("{:.1} KB", b / KB)
        } else {
            format!("{:.1} MB", b / (KB * KB))
        }
    }

    /// "Created …" after a record was added (the view adds a link to it).
    pub fn created(&self, name: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("已创建：{name}。"),
            Lang::En => format!("Created: {name}."),
        }
    }

    pub fn verified_at(&self, at: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("已于 {at} 核验"),
            Lang::En => format!("verified {at}"),
        }
    }

    // --- certificates (Art. 9) ---

    pub fn certificate_status(&self, status: CertificateStatus) -> &'static str {
        self.t(match status {
            CertificateStatus::Valid => Key::CertStatusValid,
            CertificateStatus::Revoked => Key::CertStatusRevoked,
        })
    }

    /// An unmet rule of the eligibility preview, with its reasons.
    pub fn ineligibility(&self, rule: &Ineligibility) -> String {
        let key = match rule {
            Ineligibility::ClassNotCompleted { .. } => Key::RuleClassNotCompleted,
            Ineligibility::EnrolmentWithdrawn => Key::RuleEnrolmentWithdrawn,
            Ineligibility::NotCompleted { .. } => Key::RuleNotCompleted,
            Ineligibility::NoOutcome => Key::RuleNoOutcome,
            Ineligibility::NoLearningRecord => Key::RuleNoLearningRecord,
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
                        self.t(Key::FailAssessmentNotPassed).to_owned()
                    }
                    CompletionFailure::AssessmentMissing => {
                        self.t(Key::FailAssessmentMissing).to_owned()
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

    // --- plans SPA ---

    pub fn plan_status(&self, status: PlanStatus) -> &'static str {
        match status {
            PlanStatus::Draft => self.pick("草稿", "Draft"),
            PlanStatus::SubmittedToMiit => self.pick("已报工业和信息化部", "Submitted to MIIT"),
            PlanStatus::ApprovedByMiit => self.pick("工业和信息化部已审核", "Approved by MIIT"),
            PlanStatus::SubmittedToMohrss => {
                self.pick("已报人力资源社会保障部", "Submitted to MOHRSS")
            }
            PlanStatus::Filed => self.pick("已备案", "Filed"),
            PlanStatus::Returned => self.pick("已退回", "Returned"),
        }
    }

    pub fn plan_action(&self, action: PlanAction) -> &'static str {
        match action {
            PlanAction::SubmitToMiit => self.pick("报送工业和信息化部", "Submit to MIIT"),
            PlanAction::Approve => self.pick("审核通过", "Approve"),
            PlanAction::SubmitToMohrss => self.pick("报送人力资源社会保障部", "Submit to MOHRSS"),
            PlanAction::File => self.pick("予以备案", "File"),
            PlanAction::Return => self.pick("退回修改", "Return"),
            PlanAction::Revise => self.pick("重新编辑", "Revise"),
            PlanAction::Amend => self.pick("修订（新版本）", "Amend (new revision)"),
        }
    }

    /// "3 天" left, or how long overdue.
    pub fn plan_days_left(&self, days_left: i64) -> String {
        match (self.lang(), days_left > 0) {
            (Lang::Zh, true) => format!("剩余 {days_left} 天"),
            (Lang::Zh, false) => format!("已逾期 {} 天", 1 - days_left),
            (Lang::En, true) if days_left == 1 => "last day".to_owned(),
            (Lang::En, true) => format!("{days_left} days left"),
            (Lang::En, false) => format!("{} day(s) overdue", 1 - days_left),
        }
    }

    pub fn plan_revision(&self, revision: i32) -> String {
        match self.lang() {
            Lang::Zh => format!("第 {revision} 版"),
            Lang::En => format!("revision {revision}"),
        }
    }

    pub fn plan_snapshot(&self, seq: i32) -> String {
        match self.lang() {
            Lang::Zh => format!("快照 {seq}"),
            Lang::En => format!("snapshot {seq}"),
        }
    }

    /// Heading of the execution summary of year `year` (the plan's year minus one).
    pub fn plan_summary_title(&self, year: i32) -> String {
        match self.lang() {
            Lang::Zh => format!("{year} 年度计划执行情况"),
            Lang::En => format!("Execution of the {year} plan"),
        }
    }

    pub fn plan_no_previous(&self, year: i32) -> String {
        match self.lang() {
            Lang::Zh => format!("{year} 年度没有年度计划，下表只列出实际举办的培训班。"),
            Lang::En => {
                format!("There is no plan for {year}: only the classes actually held are counted.")
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
    // --- end certificates ---
    /// The label of a field of a plan item or plan header in the version comparison.
    pub fn plan_field(&self, field: &str) -> String {
        let key = match field {
            "title" => Some(Key::PlanTitleField),
            "class_kind" => Some(Key::PlanClassKind),
            "category" => Some(Key::Category),
            "target_audience" => Some(Key::PlanAudience),
            "planned_trainees" => Some(Key::PlanTrainees),
            "planned_hours" => Some(Key::PlanHours),
            "planned_start" => Some(Key::PlanStart),
            "planned_end" => Some(Key::PlanEnd),
            "budget_fen" => Some(Key::PlanBudget),
            "commissioning_body" => Some(Key::PlanCommissioningBody),
            "narrative" => Some(Key::PlanSummaryNarrative),
            "revision" => Some(Key::PlanRevision),
            _ => None,
        };
        key.map_or_else(|| field.to_owned(), |k| self.t(k).to_owned())
    }

    /// A field error of the plan forms, when the plan has its own wording for it.
    fn plan_field_error(&self, error: &FieldError) -> Option<String> {
        let text = |zh: &str, en: &str| Some(self.pick_owned(zh, en));
        match (error.field.as_str(), error.code.as_str()) {
            ("year", "range") => text("年度须在 2000–2100 之间。", "A year between 2000 and 2100."),
            ("planned_trainees", "range") => text(
                "计划人数须为 1–100000 人。",
                "Between 1 and 100,000 trainees.",
            ),
            ("budget_fen", "range") => text(
                "预算须为不小于 0 的金额（元，最多两位小数）。",
                "An amount of yuan, not negative, with at most two decimals.",
            ),
            (_, "outside_plan_year") => {
                let year = first_number(&error.message).unwrap_or_default();
                match self.lang() {
                    Lang::Zh => Some(format!(
                        "{year} 年度计划只包含在 {year} 年举办的培训（第八条）。"
                    )),
                    Lang::En => Some(format!(
                        "The {year} plan covers classes held in {year} (Art. 8)."
                    )),
                }
            }
            ("comments", "required") => text(
                "退回须附意见（第八条）。",
                "Returning a plan needs comments (Art. 8).",
            ),
            ("document_number", "required") => text(
                "录入纸质复函须填写文号（第八条）。",
                "A paper reply needs its document number (文号, Art. 8).",
            ),
            ("reply_date", "required") => text(
                "录入纸质复函须填写复函日期（第八条）。",
                "A paper reply needs its date (Art. 8).",
            ),
            ("reply_date", "in_future") => text(
                "复函日期不能晚于今天（北京时间）。",
                "The reply's date cannot be later than today (Beijing time).",
            ),
            ("scan_id", "already_used") => text(
                "此扫描件已用于另一项决定。",
                "This scan documents another decision already.",
            ),
            ("items", "required") => text(
                "计划没有项目，不能报送：请先添加计划项目。",
                "An empty plan cannot be submitted: add its items first.",
            ),
            _ => None,
        }
    }

    fn pick_owned(&self, zh: &str, en: &str) -> String {
        match self.lang() {
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// A field-level validation failure in the current language. Known rule codes (those of
    /// `cebase_domain::user`) are translated; unknown ones fall back to the server's message.
    pub fn field_error(&self, error: &FieldError) -> String {
        let lang = self.lang();
        let range = |min: usize, max: usize| match lang {
            Lang::Zh => format!("长度须为 {min}–{max} 个字符。"),
            Lang::En => format!("Must be {min}–{max} characters."),
        };
        let at_least = |min: usize| match lang {
            Lang::Zh => format!("至少 {min} 个字符。"),
            Lang::En => format!("Must be at least {min} characters."),
        };
        let at_most = |max: usize| match lang {
            Lang::Zh => format!("最多 {max} 个字符。"),
            Lang::En => format!("Must be at most {max} characters."),
        };
        if let Some(message) = self.plan_field_error(error) {
            return message;
        }
        match (error.field.as_str(), error.code.as_str()) {
            ("username", "length") => range(Username::MIN, Username::MAX),
            ("username", "pattern") => self.t(Key::UsernamePattern).to_owned(),
            ("display_name", "length") => at_most(DisplayName::MAX),
            ("display_name", "pattern") => self.t(Key::DisplayNamePattern).to_owned(),
            ("current_password", "wrong_password") => self.t(Key::ErrWrongPassword).to_owned(),
            (_, "mismatch") => self.t(Key::PasswordsDiffer).to_owned(),
            (_, "invalid_uuid") => self.t(Key::InvalidUuid).to_owned(),
            (_, "too_short") => at_least(NewPassword::MIN),
            (_, "too_long") => at_most(NewPassword::MAX),
            (_, "blank") => self.t(Key::FieldBlank).to_owned(),
            (_, "required") => self.t(Key::FieldRequired).to_owned(),
            (_, "reviewer_authority_required") => self.t(Key::ReviewerAuthorityRequired).to_owned(),
            (_, "authority_without_reviewer") => self.t(Key::AuthorityWithoutReviewer).to_owned(),
            // Master data (cebase_domain::master, credit_code, identity, learning).
            (_, "length") => match first_number(&error.message) {
                Some(max) => at_most(max),
                None => error.message.clone(),
            },
            (_, "pattern") => self.t(Key::DisplayNamePattern).to_owned(),
            (_, "credit_code_format") => self.t(Key::CreditCodeFormat).to_owned(),
            (_, "credit_code_character") => {
                let bad = between(&error.message, '`', '`').unwrap_or("?");
                match lang {
                    Lang::Zh => format!(
                        "含有不允许的字符“{bad}”；统一社会信用代码不使用字母 I、O、Z、S、V（GB 32100-2015）。"
                    ),
                    Lang::En => format!(
                        "'{bad}' is not allowed; the letters I, O, Z, S and V are never used (GB 32100-2015)."
                    ),
                }
            }
            (_, "credit_code_check") => self.t(Key::CreditCodeCheck).to_owned(),
            (_, "credit_code_taken") => self.t(Key::ErrCreditCodeTaken).to_owned(),
            (_, "id_number_format") => self.t(Key::IdNumberFormat).to_owned(),
            (_, "id_number_birth_date") => {
                let digits = between(&error.message, '(', ')').unwrap_or("");
                match lang {
                    Lang::Zh => {
                        format!("第 7–14 位（{digits}）不是真实的出生日期（GB 11643-1999）。")
                    }
                    Lang::En => {
                        format!("Digits 7–14 ({digits}) are not a real birth date (GB 11643-1999).")
                    }
                }
            }
            (_, "id_number_check") => self.t(Key::IdNumberCheck).to_owned(),
            (_, "document_number_format") => self.t(Key::DocumentNumberFormat).to_owned(),
            (_, "person_duplicate") => self.t(Key::ErrPersonDuplicate).to_owned(),
            (_, "user_already_linked") => self.t(Key::ErrUserAlreadyLinked).to_owned(),
            (_, "teacher_exists") => self.t(Key::ErrTeacherExists).to_owned(),
            (_, "phone_format") => self.t(Key::PhoneFormat).to_owned(),
            (_, "email_format") => self.t(Key::EmailFormat).to_owned(),
            (_, "number") => self.t(Key::NotANumber).to_owned(),
            ("capacity", "range") => match lang {
                Lang::Zh => "计划人数须为 1–10000。".to_owned(),
                Lang::En => "Between 1 and 10,000 trainees.".to_owned(),
            },
            ("fee_fen", "range") => self.t(Key::FeeFormat).to_owned(),
            ("completion_rules.min_attendance_percent", "range") => match lang {
                Lang::Zh => "须为 0–100。".to_owned(),
                Lang::En => "A percentage, 0–100.".to_owned(),
            },
            ("end_time", "before_start") => match lang {
                Lang::Zh => "结束时间须晚于开始时间。".to_owned(),
                Lang::En => "The session must end after it starts.".to_owned(),
            },
            (_, "outside_class") | (_, "sessions_outside") | (_, "below_enrolled") => {
                error.message.clone()
            }
            (_, "range") => match lang {
                Lang::Zh => format!(
                    "须大于 0（至少 0.1）且不超过 {} 学时。",
                    CreditTenths::MAX_COURSE_HOURS
                ),
                Lang::En => format!(
                    "Must be at least 0.1 and at most {} hours.",
                    CreditTenths::MAX_COURSE_HOURS
                ),
            },
            // --- materials3: schedule conflicts (the server's message names the session) ---
            (_, "teacher_double_booked") => {
                format!("{}：{}", self.t(Key::ErrTeacherDoubleBooked), error.message)
            }
            (_, "session_overlap") => {
                format!("{}：{}", self.t(Key::ErrSessionOverlap), error.message)
            }
            ("file", "empty") => self.t(Key::ErrFileEmpty).to_owned(),
            (_, "precision") => self.t(Key::Precision).to_owned(),
            (_, "before_start") => self.t(Key::EndBeforeStart).to_owned(),
            (_, "not_found") => self.t(Key::ReferenceNotFound).to_owned(),
            // --- reports ---
            ("reply_date", "in_future") => match lang {
                Lang::Zh => "复函日期不能晚于今天（北京时间）。".to_owned(),
                Lang::En => {
                    "The reply's date cannot be later than today (Beijing time).".to_owned()
                }
            },
            (_, "not_applicable") => match lang {
                Lang::Zh => "此操作不需要填写此项。".to_owned(),
                Lang::En => "Not applicable to this action.".to_owned(),
            },
            ("items", "count") => match lang {
                Lang::Zh => "问卷须有 1–20 个评价项目。".to_owned(),
                Lang::En => "A questionnaire has 1 to 20 rated questions.".to_owned(),
            },
            (_, "duplicate") => match lang {
                Lang::Zh => "代码重复，每个评价项目的代码须不同。".to_owned(),
                Lang::En => "Each question needs its own key.".to_owned(),
            },
            // Art. 13 (teacher_not_qualified: one error per unmet rule).
            (_, code) if code.parse::<UnmetRule>().is_ok() => code
                .parse::<UnmetRule>()
                .map(|rule| self.unmet_rule(rule).to_owned())
                .unwrap_or_default(),
            _ => error.message.clone(),
        }
    }

    // --- import wizard, my people, learning-record history ---

    /// The field of an import row error as the user knows it: the template's column header (or
    /// the English column name).
    pub fn import_field(&self, field: &str) -> String {
        let column = ImportColumn::ALL.into_iter().find(|c| c.field() == field);
        match (column, field, self.lang()) {
            (Some(c), _, Lang::Zh) => c.header().to_owned(),
            (Some(c), _, Lang::En) => c.field().to_owned(),
            (None, "class_id", Lang::Zh) => "培训班".to_owned(),
            (None, "class_id", Lang::En) => "class".to_owned(),
            (None, other, _) => other.to_owned(),
        }
    }

    /// Why an import row was rejected, in the current language (the person rules as in the
    /// person form, plus the import's own checks).
    pub fn import_reason(&self, e: &ImportRowError) -> String {
        let zh = self.lang() == Lang::Zh;
        let pick = |a: String, b: String| if zh { a } else { b };
        match e.code.as_str() {
            "duplicate_in_file" => match first_number(&e.message) {
                Some(row) => pick(
                    format!("与第 {row} 行的证件重复。"),
                    format!("The same identity document as row {row}."),
                ),
                None => pick(
                    "文件中证件重复。".into(),
                    "A repeated identity document.".into(),
                ),
            },
            "person_conflict" => {
                let name = between(&e.message, '(', ')').unwrap_or("?");
                pick(
                    format!("已有使用此证件的人员，姓名为“{name}”，与本行不一致。"),
                    format!("A person with this document is on file under another name ({name})."),
                )
            }
            "not_found" if e.field == "employer_credit_code" => pick(
                "系统中没有使用此统一社会信用代码的单位。".into(),
                "No organisation with this unified social credit code is on file.".into(),
            ),
            "class_full" => pick(
                "培训班已无空余名额。".into(),
                "No seat left in the class for this row.".into(),
            ),
            "already_enrolled" => self.t(Key::ErrAlreadyEnrolled).to_owned(),
            "unknown_value" => {
                let raw = between(&e.message, '`', '`').unwrap_or("?");
                let known = e.message.split(" one of ").nth(1).unwrap_or("");
                pick(
                    format!("“{raw}”不是可选值，可选：{known}。"),
                    format!("'{raw}' is not one of: {known}."),
                )
            }
            "unknown_column" => pick(
                format!("未知的列“{}”，请使用模板中的列。", e.field),
                format!("Unknown column '{}'; use the template's columns.", e.field),
            ),
            "duplicate_column" => pick(
                "此列出现了两次。".into(),
                "This column appears twice.".into(),
            ),
            "missing_column" => pick(
                "缺少此必填列。".into(),
                "This required column is missing.".into(),
            ),
            _ => self.field_error(&FieldError::new(
                e.field.clone(),
                e.code.clone(),
                e.message.clone(),
            )),
        }
    }

    pub fn import_row(&self, row: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("第 {row} 行"),
            Lang::En => format!("Row {row}"),
        }
    }

    pub fn import_progress(&self, done: u32, total: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("已处理 {done} / {total} 行"),
            Lang::En => format!("{done} of {total} rows"),
        }
    }

    pub fn import_more_errors(&self, more: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("另有 {more} 行被拒绝，未列出；请修改上述行后重新上传以查看。"),
            Lang::En => format!(
                "{more} more rejected rows are not listed; correct these and upload again to see them."
            ),
        }
    }

    pub fn import_commit(&self, rows: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("确认导入 {rows} 行"),
            Lang::En => format!("Import {rows} rows"),
        }
    }

    pub fn import_written(&self, rows: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("导入完成：写入 {rows} 行。"),
            Lang::En => format!("Imported: {rows} rows written."),
        }
    }

    pub fn import_people(&self, created: u32, reused: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("新建人员 {created} 人，沿用已有人员 {reused} 人"),
            Lang::En => format!("{created} people added, {reused} already on file"),
        }
    }

    pub fn import_enrolments(&self, enrolled: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("报名本班 {enrolled} 人"),
            Lang::En => format!("{enrolled} enrolled in this class"),
        }
    }

    pub fn import_left_out(&self, rejected: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("跳过被拒绝的 {rejected} 行（见下表）"),
            Lang::En => format!("{rejected} rejected rows skipped (listed below)"),
        }
    }

    /// Why a person of a bulk enrolment was refused.
    pub fn bulk_refusal(&self, e: &FieldError) -> String {
        match e.code.as_str() {
            "class_full" => self.t(Key::ErrClassFull).to_owned(),
            "already_enrolled" => self.t(Key::ErrAlreadyEnrolled).to_owned(),
            "duplicate" => self.t(Key::BulkDuplicate).to_owned(),
            "not_enrollable" => self.t(Key::BulkNotEnrollable).to_owned(),
            "not_found" => self.t(Key::ReferenceNotFound).to_owned(),
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

// --- reports (Art. 11, 16-18) ---
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
            (K::PlanStep, "miit_submission") => self.t(Key::PlanStepMiit).to_owned(),
            (K::PlanStep, "mohrss_filing") => self.t(Key::PlanStepMohrss).to_owned(),
            (K::ClassReport, "not_started") => self.t(Key::ReportNotStarted).to_owned(),
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

    /// `2027年度计划` / `Plan 2027`.
    pub fn plan_of_year(&self, year: i32) -> String {
        match self.lang() {
            Lang::Zh => format!("{year}年度计划"),
            Lang::En => format!("Plan {year}"),
        }
    }

    pub fn plan_step(&self, step: cebase_domain::plans::PlanStep) -> &'static str {
        use cebase_domain::plans::PlanStep;
        self.t(match step {
            PlanStep::MiitSubmission => Key::PlanStepMiit,
            PlanStep::MohrssFiling => Key::PlanStepMohrss,
        })
    }

    /// A readable label of an audit action code (`plan.file` → `年度计划予以备案`); an unknown
    /// code is shown as it is.
    pub fn audit_action(&self, code: &str) -> String {
        let (zh, en) = match code {
            "auth.login" => ("登录", "Signed in"),
            "auth.logout" => ("退出登录", "Signed out"),
            "auth.refresh_token_reused" => (
                "刷新令牌被重复使用（会话已终止）",
                "Refresh token reused (sessions ended)",
            ),
            "user.create" => ("创建账号", "Account created"),
            "user.disable" => ("停用账号", "Account disabled"),
            "user.enable" => ("启用账号", "Account enabled"),
            "user.password_change" => ("修改密码", "Password changed"),
            "user.password_reset" => ("重置密码", "Password reset"),
            "user.roles_change" => ("调整角色", "Roles changed"),
            "credential_keys.rotate" => ("轮换签名密钥", "Signing keys rotated"),
            "organisation.create" => ("新增单位", "Organisation created"),
            "organisation.update" => ("修改单位", "Organisation updated"),
            "partner.create" => ("新增合作单位", "Partner created"),
            "partner.update" => ("修改合作单位", "Partner updated"),
            "person.create" => ("新增人员", "Person registered"),
            "person.update" => ("修改人员信息", "Person updated"),
            "teacher.create" => ("新增师资", "Teacher added"),
            "teacher.update" => ("修改师资信息", "Teacher updated"),
            "teacher.verify_evidence" => ("核验师资资质", "Teacher's evidence verified"),
            "course.create" => ("新增课程", "Course created"),
            "course.update" => ("修改课程", "Course updated"),
            "course_material.upload" => ("上传课程资料", "Course material uploaded"),
            "course_material.delete" => ("删除课程资料", "Course material deleted"),
            "class.create" => ("新建培训班", "Class created"),
            "class.update" => ("修改培训班", "Class updated"),
            "class.open" => ("培训班开放报名", "Class opened"),
            "class.start" => ("培训班开班", "Class started"),
            "class.complete" => ("培训班结业", "Class completed"),
            "class.cancel" => ("取消培训班", "Class cancelled"),
            "class.mark_reported" => ("培训班已报告", "Class marked reported"),
            "class_session.create" => ("新增课次", "Session added"),
            "class_session.update" => ("修改课次", "Session changed"),
            "class_session.delete" => ("删除课次", "Session removed"),
            "enrolment.create" => ("报名", "Enrolment"),
            "enrolment.reactivate" => ("恢复报名", "Enrolment reactivated"),
            "enrolment.withdraw" => ("退出报名", "Enrolment withdrawn"),
            "import.commit" => ("批量导入", "Bulk import committed"),
            "attendance.record" => ("登记考勤", "Attendance recorded"),
            "assessment.create" => ("新增考核", "Assessment created"),
            "assessment.results" => ("录入考核成绩", "Results recorded"),
            "learning_record.create" => ("生成学习档案", "Learning record created"),
            "learning_record.correct" => ("更正学习档案", "Learning record corrected"),
            "certificate.issue" => ("颁发证书", "Certificate issued"),
            "certificate.issue_batch" => ("批量颁发证书", "Certificates issued in a batch"),
            "certificate.reissue" => ("补发证书", "Certificate re-issued"),
            "certificate.revoke" => ("撤销证书", "Certificate revoked"),
            "plan.create" => ("新建年度计划", "Annual plan created"),
            "plan.update" => ("修改年度计划", "Annual plan updated"),
            "plan.submit_to_miit" => ("年度计划报送工业和信息化部", "Plan submitted to MIIT"),
            "plan.approve" => ("工业和信息化部审核通过年度计划", "Plan approved by MIIT"),
            "plan.submit_to_mohrss" => {
                ("年度计划报送人力资源社会保障部", "Plan submitted to MOHRSS")
            }
            "plan.file" => ("年度计划予以备案", "Plan filed"),
            "plan.return" => ("年度计划退回修改", "Plan returned"),
            "plan.revise" => ("重新编辑年度计划", "Plan revised"),
            "plan.amend" => ("修订年度计划（新版本）", "Plan amended (new revision)"),
            "plan_item.create" => ("新增计划项目", "Plan item added"),
            "plan_item.update" => ("修改计划项目", "Plan item changed"),
            "plan_item.delete" => ("删除计划项目", "Plan item removed"),
            "plan_scan.upload" => ("上传复函扫描件", "Reply scan uploaded"),
            "class_report.create" => ("新建总结报告", "Class report started"),
            "class_report.update" => ("修改总结报告", "Class report edited"),
            "class_report.submit" => ("总结报告报送省人力资源社会保障厅", "Class report submitted"),
            "class_report.file" => ("总结报告予以备案", "Class report filed"),
            "class_report.return" => ("总结报告退回修改", "Class report returned"),
            "class_report.revise" => ("重新编辑总结报告", "Class report revised"),
            "questionnaire.update" => ("修改评价问卷", "Questionnaire changed"),
            "evaluation.submit" => ("提交培训评价", "Evaluation submitted"),
            "follow_up.submit" => ("提交跟踪反馈", "Follow-up answered"),
            "need.create" => ("提交培训需求", "Training need submitted"),
            "need.plan" => ("培训需求转为计划项目", "Need turned into a plan item"),
            _ => return code.to_owned(),
        };
        self.pick(zh, en).to_owned()
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

    pub fn frozen_figures(&self, enrolled: u32, completed: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("报送时数据：报名 {enrolled} 人，结业 {completed} 人"),
            Lang::En => format!("Figures as submitted: {enrolled} enrolled, {completed} completed"),
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

    pub fn need_source(&self, source: cebase_domain::reports::NeedSource) -> &'static str {
        use cebase_domain::reports::NeedSource as S;
        match source {
            S::Organisation => self.pick("单位", "Organisation"),
            S::Trainee => self.pick("学员", "Trainee"),
            S::Staff => self.pick("继续教育学院", "Staff"),
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

/// The first whole number in a server message (`must be at most 200 characters` → 200).
fn first_number(message: &str) -> Option<usize> {
    message
        .split(|c: char| !c.is_ascii_digit())
        .find_map(|w| w.parse().ok())
}

/// The text between the first `open` and the next `close` of a server message.
fn between(message: &str, open: char, close: char) -> Option<&str> {
    let (_, rest) = message.split_once(open)?;
    rest.split_once(close).map(|(inside, _)| inside)
}

/// The language context provided by [`I18n::provide`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}
