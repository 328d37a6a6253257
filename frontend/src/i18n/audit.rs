//! The audit log: filters, entries, chain verification and readable action codes.

use super::I18n;

messages! {
    /// A fixed message of the audit log.
    AuditKey;

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
    Checkpoints => "已核对签名检查点", "Signed checkpoints checked";
    CheckpointMismatch => "与签名检查点不符（该条目或之前的条目被改写）", "Does not match its signed checkpoint (this or an earlier entry was rewritten)";
    CheckpointError => "检查点文件不可信", "Checkpoint file not trustworthy";
}

impl I18n {
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
            "credential_keys.retire" => ("停用签名密钥", "Signing key retired"),
            "credential_keys.resign" => (
                "用新密钥重新签名证书",
                "Certificates re-signed with the current key",
            ),
            "access_token_key.rotate" => ("轮换访问令牌密钥", "Access-token key rotated"),
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
}
