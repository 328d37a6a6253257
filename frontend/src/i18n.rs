//! Every user-facing string of the SPA, in Simplified Chinese (the default) and English.
//!
//! Strings are looked up by [`Key`]; the table below keeps both languages of a message on one
//! line so a missing translation is a compile error, not a blank label. Messages with a number or
//! a name in them are functions on [`I18n`]. The chosen language is remembered in
//! `localStorage["cebase.lang"]` and mirrored into `<html lang>`.

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
    ErrVersionConflict => "该账户已被他人修改，请刷新后重试。", "Someone else changed this account meanwhile; reload and try again.";
    ErrForbidden => "您没有执行此操作的权限。", "You are not allowed to do this.";
    ErrUnauthenticated => "登录已失效，请重新登录。", "Your session has ended; please sign in again.";
    ErrNotFound => "未找到。", "Not found.";
    ErrValidation => "请检查标出的字段。", "Please check the marked fields.";
    RequestId => "请求编号：", "Request id:";
    ErrNetwork => "无法连接服务器，请检查网络后重试。", "The server cannot be reached; check the connection and retry.";

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
            _ => error.message.clone(),
        }
    }
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
