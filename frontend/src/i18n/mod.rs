//! Every user-facing string of the SPA, in Simplified Chinese (the default) and English.
//!
//! Each feature has its own file with its own key enum (`classes::ClassKey`, `plans::PlanKey`,
//! …); [`Key`] below holds the words many screens share, the app's frame and the headlines of
//! problems. A table keeps both languages of a message on one line, so a missing translation is a
//! compile error, not a blank label. Every key converts into a [`Text`], which is what
//! [`I18n::t`] and [`I18n::tr`] take and what components take as a label. Messages with a number
//! or a name in them are functions on [`I18n`], beside their feature's keys. The chosen language
//! is remembered in `localStorage["cebase.lang"]` and mirrored into `<html lang>`.

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

/// A fixed message in both languages: what every key of the tables stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    zh: &'static str,
    en: &'static str,
}

impl Text {
    /// No words: the heading of a column of checkboxes or links.
    pub const BLANK: Text = Text { zh: "", en: "" };

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// A problem's message is the table row of its code in the domain (`ProblemCode::zh`/`en`), so
/// the API, the documentation and the SPA say the same.
impl From<cebase_domain::ProblemCode> for Text {
    fn from(code: cebase_domain::ProblemCode) -> Self {
        Text {
            zh: code.zh(),
            en: code.en(),
        }
    }
}

/// Declares a key enum with its table: `messages! { /// doc  EnumName;  Key => "中文", "English"; … }`.
macro_rules! messages {
    ($(#[$meta:meta])* $name:ident; $($key:ident => $zh:literal, $en:literal;)*) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($key,)* }

        impl $name {
            /// Both languages of the message.
            pub const fn text(self) -> $crate::i18n::Text {
                match self {
                    $($name::$key => $crate::i18n::Text { zh: $zh, en: $en },)*
                }
            }
        }

        impl From<$name> for $crate::i18n::Text {
            fn from(key: $name) -> Self {
                key.text()
            }
        }
    };
}

mod audit;
mod certificates;
mod class_reports;
mod classes;
mod courses;
mod dashboard;
mod evaluation;
mod imports;
mod needs;
mod organisations;
mod people;
mod plans;
mod records;
mod scores;
mod teachers;
mod users;
mod validation;

pub use audit::AuditKey;
pub use certificates::CertKey;
pub use class_reports::ReportKey;
pub use classes::ClassKey;
pub use courses::CourseKey;
pub use dashboard::DashboardKey;
pub use evaluation::EvaluationKey;
pub use imports::ImportKey;
pub use needs::NeedKey;
pub use organisations::OrgKey;
pub use people::PersonKey;
pub use plans::PlanKey;
pub use records::RecordKey;
pub use scores::ScoreKey;
pub use teachers::TeacherKey;
pub use users::UserKey;
pub use validation::FieldKey;

messages! {
    /// A fixed message shared by many screens: the app's frame, common words, the headlines of
    /// problems.
    Key;

    // The app's frame: title, navigation, home.
    AppName => "继续教育基地管理系统", "Continuing Education Base";
    AppSubtitle => "国家级专业技术人员继续教育基地", "National base for continuing education of professional and technical personnel";
    // The switch shows the language it switches *to*.
    SwitchLanguage => "English", "中文";
    NotFound => "页面不存在。", "This page does not exist.";
    BackHome => "返回首页", "Back to the home page";
    AdminOnly => "只有管理员可以打开此页面。", "Only administrators can open this page.";
    NavHome => "首页", "Home";
    NavAccount => "我的账户", "My account";
    NavUsers => "用户管理", "Users";
    NavAudit => "审计日志", "Audit log";
    Logout => "退出登录", "Log out";
    MainNavigation => "主导航", "Main navigation";
    HomeIntro => "这里是国家级专业技术人员继续教育基地的管理系统。请从上方导航选择要办理的事项。",
        "This is the management system of the national continuing-education base. Choose a task from the navigation above.";
    YourRoles => "您的角色", "Your roles";
    NavOrganisations => "单位", "Organisations";
    NavPeople => "人员", "People";
    NavTeachers => "师资", "Teachers";
    NavCourses => "课程", "Courses";
    NavClasses => "培训班", "Classes";
    NavMyClasses => "我的培训", "My classes";
    NavPlans => "年度计划", "Annual plans";
    NavMyRecord => "我的学习档案", "My learning record";
    NavClassReports => "总结报告", "Class reports";
    NavFollowUps => "跟踪反馈", "Follow-ups";
    NavNeeds => "培训需求", "Training needs";
    NavMyPeople => "本单位人员", "My people";
    NavCertificates => "证书", "Certificates";
    NavMyCertificates => "我的证书", "My certificates";

    // Words many screens use.
    Loading => "加载中…", "Loading…";
    Retry => "重试", "Retry";
    CreatedAt => "创建时间", "Created";
    UpdatedAt => "更新时间", "Updated";
    Save => "保存", "Save";
    Saving => "正在保存…", "Saving…";
    Search => "搜索", "Search";
    Status => "状态", "Status";
    Actions => "操作", "Actions";
    Close => "关闭", "Close";
    Create => "创建", "Create";
    Previous => "上一页", "Previous";
    Next => "下一页", "Next";
    Time => "时间", "Time";
    NoAccess => "您的角色无权查看此页面。", "Your roles do not allow this page.";
    InvalidId => "地址中的编号无效。", "The address holds no valid identifier.";
    BackToList => "返回列表", "Back to the list";
    Open => "查看", "Open";
    All => "全部", "All";
    Optional => "（选填）", " (optional)";
    Saved => "已保存。", "Saved.";
    Version => "版本", "Version";
    ReadOnlyNotice => "您只能查看，不能修改。", "You may view this record but not change it.";
    ClearSelection => "清除", "Clear";
    NoMatches => "没有匹配的记录。", "No matching records.";
    StartDate => "开始日期", "Start date";
    EndDate => "结束日期", "End date";
    Person => "人员", "Person";
    Back => "返回", "Back";
    ChooseOne => "请选择", "Choose";
    Delete => "删除", "Delete";
    Edit => "编辑", "Edit";
    Add => "添加", "Add";
    Download => "下载", "Download";
    Select => "选择", "Select";

    // The network, and the frame of the problem box (components/problem.rs; the problems' own
    // messages are `cebase_domain::ProblemCode`'s).
    RequestId => "请求编号：", "Request id:";
    ErrNetwork => "无法连接服务器，请检查网络后重试。", "The server cannot be reached; check the connection and retry.";
    ReloadRecord => "重新加载", "Reload";
    ConflictHint => "其他人已修改此记录；重新加载会显示最新内容，您在此处的未保存修改将被放弃。",
        "Someone else changed this record; reloading shows the latest state and discards your unsaved changes here.";
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
    pub fn t(&self, key: impl Into<Text>) -> &'static str {
        key.into().get(self.lang())
    }

    /// A reactive text node for views: `{i18n.tr(Key::Save)}`.
    pub fn tr(
        self,
        key: impl Into<Text>,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let text = key.into();
        move || self.t(text)
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

    /// Chinese or English, by the current language (tracked).
    fn pick(&self, zh: &'static str, en: &'static str) -> &'static str {
        match self.lang() {
            Lang::Zh => zh,
            Lang::En => en,
        }
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

    /// "Created …" after a record was added (the view adds a link to it).
    pub fn created(&self, name: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("已创建：{name}。"),
            Lang::En => format!("Created: {name}."),
        }
    }

    fn pick_owned(&self, zh: &str, en: &str) -> String {
        match self.lang() {
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
        }
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
