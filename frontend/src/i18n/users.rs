//! Signing in, the own account, user administration, roles and reviewer authorities.

use cebase_domain::{Authority, Role};

use super::{I18n, Lang};

messages! {
    /// A fixed message of signing in, the account and user administration.
    UserKey;

    LoginTitle => "登录", "Sign in";
    Username => "用户名", "Username";
    Password => "密码", "Password";
    LoginSubmit => "登录", "Sign in";
    LoggingIn => "正在登录…", "Signing in…";
    AccountTitle => "我的账户", "My account";
    DisplayName => "姓名", "Display name";
    Roles => "角色", "Roles";
    ReviewerAuthority => "审核机关", "Reviewer authority";
    ChangePassword => "修改密码", "Change password";
    CurrentPassword => "当前密码", "Current password";
    NewPassword => "新密码", "New password";
    ConfirmPassword => "确认新密码", "Repeat the new password";
    PasswordsDiffer => "两次输入的新密码不一致。", "The two new passwords differ.";
    PasswordHint => "8–128 个字符", "8–128 characters";
    PasswordChanged => "密码已修改，请用新密码重新登录。", "Your password has been changed. Please log in with the new password.";
    MustChangePasswordTitle => "请修改初始密码", "Change the initial password";
    MustChangePasswordIntro => "此账户的密码是系统生成的。修改密码后才能使用其他功能；修改后请用新密码重新登录。", "This account's password was generated. Change it before doing anything else; then log in again with the new password.";
    UsersTitle => "用户管理", "User administration";
    SearchPlaceholder => "用户名或姓名", "Username or name";
    Active => "正常", "Active";
    Disabled => "已停用", "Disabled";
    Manage => "管理", "Manage";
    NoUsers => "没有找到用户。", "No users found.";
    CreateUser => "新建用户", "Create a user";
    InitialPassword => "初始密码", "Initial password";
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
}

impl I18n {
    pub fn role(&self, role: Role) -> &'static str {
        self.t(match role {
            Role::Admin => UserKey::RoleAdmin,
            Role::Staff => UserKey::RoleStaff,
            Role::Finance => UserKey::RoleFinance,
            Role::Teacher => UserKey::RoleTeacher,
            Role::Trainee => UserKey::RoleTrainee,
            Role::OrgContact => UserKey::RoleOrgContact,
            Role::Reviewer => UserKey::RoleReviewer,
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
            Authority::Miit => UserKey::AuthorityMiit,
            Authority::Mohrss => UserKey::AuthorityMohrss,
            Authority::ProvincialHr => UserKey::AuthorityProvincialHr,
        })
    }

    pub fn user_created(&self, username: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("已创建用户 {username}。"),
            Lang::En => format!("User {username} created."),
        }
    }
}
