//! Every problem the API can answer, once: its stable machine code, its HTTP status, what it
//! means (the table of `docs/api.md` is generated from this) and the message a person reads, in
//! Simplified Chinese and English (the SPA renders problems from here, never from `detail`).
//!
//! The code is the contract with clients and never changes meaning. Adding a problem is adding a
//! row; the API, the store, the SPA and the documentation pick it up from the table.

use std::fmt;

macro_rules! problems {
    ($($variant:ident = $code:literal, $status:literal, $meaning:literal, $zh:literal, $en:literal;)+) => {
        /// A stable machine code of the API's problem documents (`Problem::code`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ProblemCode {
            $(#[doc = $meaning] $variant,)+
        }

        impl ProblemCode {
            /// Every code, in the order of the documentation table.
            pub const ALL: &'static [ProblemCode] = &[$(ProblemCode::$variant,)+];

            /// The code as it appears on the wire (`snake_case`).
            pub const fn as_str(self) -> &'static str {
                match self { $(ProblemCode::$variant => $code,)+ }
            }

            /// The HTTP status the problem is answered with.
            pub const fn status(self) -> u16 {
                match self { $(ProblemCode::$variant => $status,)+ }
            }

            /// What the problem means, for integrators (the `docs/api.md` table).
            pub const fn meaning(self) -> &'static str {
                match self { $(ProblemCode::$variant => $meaning,)+ }
            }

            /// The message a person reads, in Simplified Chinese.
            pub const fn zh(self) -> &'static str {
                match self { $(ProblemCode::$variant => $zh,)+ }
            }

            /// The message a person reads, in English.
            pub const fn en(self) -> &'static str {
                match self { $(ProblemCode::$variant => $en,)+ }
            }
        }
    };
}

problems! {
    // --- 400: the request itself is malformed ---
    InvalidJson = "invalid_json", 400,
        "the body is not JSON of the expected shape (unknown enumeration values included)",
        "提交的内容格式不正确。", "The request is not in the expected format.";
    UnsupportedMediaType = "unsupported_media_type", 400,
        "the body is not `application/json` (for `POST /imports`: not `text/csv` or xlsx; for scans: not PDF, JPEG or PNG)",
        "不支持此文件或内容类型。", "This kind of file or content is not accepted.";
    InvalidFile = "invalid_file", 400,
        "an uploaded file cannot be read: a CSV that is not UTF-8, an xlsx that is not a spreadsheet, an empty file",
        "无法读取该文件（文件为空、不是 UTF-8 编码的 CSV 或不是有效的 xlsx）。", "The file cannot be read (empty, not UTF-8 CSV, or not a valid xlsx).";
    InvalidQuery = "invalid_query", 400,
        "a query parameter does not parse (e.g. `updated_since` not RFC 3339)",
        "查询参数不正确。", "A query parameter is not valid.";
    InvalidCursor = "invalid_cursor", 400,
        "the cursor was not produced by this list",
        "分页位置无效，请从第一页重新开始。", "The page position is not valid; start again from the first page.";
    BadRequest = "bad_request", 400,
        "any other malformed request",
        "请求不正确。", "The request is not valid.";
    // --- 401 ---
    Unauthenticated = "unauthenticated", 401,
        "no valid access token",
        "登录已失效，请重新登录。", "Your session has ended; please sign in again.";
    InvalidCredentials = "invalid_credentials", 401,
        "login refused (same answer for unknown users, wrong passwords, disabled accounts)",
        "用户名或密码错误。", "Wrong username or password.";
    InvalidRefreshToken = "invalid_refresh_token", 401,
        "refresh token unknown, expired, revoked or reused",
        "登录已失效，请重新登录。", "Your session has ended; please sign in again.";
    // --- 403 ---
    Forbidden = "forbidden", 403,
        "the caller's roles do not allow this",
        "您没有执行此操作的权限。", "You are not allowed to do this.";
    WrongPassword = "wrong_password", 403,
        "`PUT /me/password`: the current password is wrong",
        "当前密码不正确。", "The current password is wrong.";
    PasswordChangeRequired = "password_change_required", 403,
        "the account's password was generated (the first-start administrator) and must be changed first: every endpoint but `GET /me` and `PUT /me/password` (and `/auth/…`) answers this until it is",
        "请先修改初始密码。", "Change the initial password first.";
    WrongAuthority = "wrong_authority", 403,
        "a reviewer of another authority than the one deciding the plan's stage or filing a class report (the detail names it)",
        "此事项不由您所在的审核机关办理。", "Another authority decides this.";
    // --- 404, 405 ---
    NotFound = "not_found", 404,
        "no such resource, or one outside the caller's own records",
        "未找到。", "Not found.";
    MethodNotAllowed = "method_not_allowed", 405,
        "the path exists; `Allow` lists the methods",
        "不支持此操作。", "This operation is not offered here.";
    // --- 409: the request conflicts with the current state ---
    VersionConflict = "version_conflict", 409,
        "the record changed since the client read it",
        "此记录已被他人修改，请重新加载后再修改。", "Someone else changed this record meanwhile; reload it and apply your change again.";
    UsernameTaken = "username_taken", 409,
        "an account with this username exists",
        "该用户名已被占用。", "This username is taken.";
    CannotRemoveOwnAdmin = "cannot_remove_own_admin", 409,
        "an admin may not remove their own admin role",
        "不能取消自己的管理员角色。", "You cannot remove your own admin role.";
    CannotDisableSelf = "cannot_disable_self", 409,
        "an admin may not disable their own account",
        "不能停用自己的账户。", "You cannot disable your own account.";
    CreditCodeTaken = "credit_code_taken", 409,
        "an organisation with this unified social credit code exists",
        "已有单位使用此统一社会信用代码。", "An organisation with this unified social credit code exists.";
    PersonDuplicate = "person_duplicate", 409,
        "a person with this identity document (kind and number) exists",
        "已有人员登记了此证件号码。", "A person with this identity document exists.";
    UserAlreadyLinked = "user_already_linked", 409,
        "the login account already belongs to another person",
        "该登录账户已关联其他人员。", "This login account belongs to another person.";
    RegistrationDecided = "registration_decided", 409,
        "the person registration was already approved or rejected",
        "该人员登记已审核，不能再次审核。", "This registration has already been decided.";
    TeacherExists = "teacher_exists", 409,
        "the person already has a teacher record",
        "此人已登记为教师。", "This person is registered as a teacher already.";
    NotAttested = "not_attested", 409,
        "evidence verification of a teacher without an attestation",
        "此教师没有带头人/骨干认定，没有可核验的证明材料（第十三条）。", "This teacher has no leader/backbone attestation whose evidence could be verified (Art. 13).";
    TransitionNotAllowed = "transition_not_allowed", 409,
        "the state does not allow the action; the detail names the state and the allowed actions",
        "当前状态下不能进行此操作。", "This is not possible in the current state.";
    ClassNotEditable = "class_not_editable", 409,
        "the class (completed, reported, cancelled), its assessments (same) or its schedule (once started) can no longer change",
        "培训班当前状态下不能修改。", "The class cannot be changed in its current state.";
    EnrolmentClosed = "enrolment_closed", 409,
        "enrolment or withdrawal outside `planned`/`open`, or self-enrolment before the class is opened",
        "培训班已开班或结束，不能再报名或退出。", "Enrolment is closed for this class.";
    ClassFull = "class_full", 409,
        "no seat left",
        "培训班名额已满。", "The class is full.";
    AlreadyEnrolled = "already_enrolled", 409,
        "the person is enrolled in the class",
        "此人已报名该培训班。", "This person is enrolled already.";
    AlreadyWithdrawn = "already_withdrawn", 409,
        "the enrolment was withdrawn already",
        "该报名已退出。", "The enrolment was withdrawn already.";
    ImportNotReady = "import_not_ready", 409,
        "only a `ready` import can be committed (it is still validating, being committed, done or failed)",
        "导入尚未校验完成或已处理，不能提交。", "Only an import that is ready can be committed.";
    ImportNotCommitting = "import_not_committing", 409,
        "an import job was finished by another instance while this one committed it",
        "该导入已由其他进程处理。", "The import was finished elsewhere.";
    AttendanceClosed = "attendance_closed", 409,
        "attendance is recorded only while the class is in progress",
        "培训班进行中时才能登记考勤。", "Attendance is recorded only while the class is in progress.";
    PlanExists = "plan_exists", 409,
        "the year already has a plan",
        "该年度已有年度计划。", "There is already a plan for this year.";
    PlanNotEditable = "plan_not_editable", 409,
        "the plan is not a draft: it and its items cannot change",
        "计划已报送，不能修改。", "The plan is not a draft: it cannot be changed.";
    PlanItemInUse = "plan_item_in_use", 409,
        "classes implement the plan item",
        "已有培训班实施此项目，不能删除。", "Classes implement this item: it cannot be deleted.";
    ResultsClosed = "results_closed", 409,
        "assessment results are entered and corrected only while the class is in progress",
        "培训班进行中时才能录入或更正成绩。", "Results are entered and corrected only while the class is in progress.";
    RecordExists = "record_exists", 409,
        "the enrolment already has a learning record",
        "该报名已有学习档案记录。", "The enrolment already has a learning record.";
    CertificateExists = "certificate_exists", 409,
        "the enrolment already has a valid certificate (at most one, Art. 9)",
        "该学员已持有有效证书（每次报名至多一份有效证书，第九条）。", "The enrolment already has a valid certificate (at most one, Art. 9).";
    AlreadyRevoked = "already_revoked", 409,
        "the certificate is revoked already",
        "证书已撤销。", "The certificate is already revoked.";
    CertificateNotRevoked = "certificate_not_revoked", 409,
        "only a revoked certificate can be re-issued",
        "只有已撤销的证书才能补发，请先撤销。", "Only a revoked certificate can be re-issued; revoke it first.";
    AlreadyReissued = "already_reissued", 409,
        "the revoked certificate was re-issued already",
        "该证书已补发。", "The certificate was already re-issued.";
    CertificateRevoked = "certificate_revoked", 409,
        "a revoked certificate is not printed or handed out as a credential",
        "证书已撤销，不能打印或导出。", "The certificate is revoked: it is not printed or handed out.";
    NothingToIssue = "nothing_to_issue", 409,
        "a class batch found no enrolment that may get a certificate now",
        "没有可发证的学员。", "Nobody in this class may get a certificate now.";
    TooManyCertificates = "too_many_certificates", 409,
        "more than 1 000 certificates in one zip",
        "证书数量超过单个压缩包的上限（1000 份）。", "More certificates than one archive holds (1 000).";
    SequenceExhausted = "sequence_exhausted", 409,
        "the year's certificate numbers no longer fit the configured pattern",
        "本年度证书编号已用尽，请联系管理员调整编号规则。", "The year's certificate numbers are used up; ask an administrator to change the pattern.";
    CertificateNumberTaken = "certificate_number_taken", 409,
        "the certificate number is taken (numbers are unique; a concurrent issue took it); retry",
        "证书编号已被占用，请重试。", "The certificate number was taken meanwhile; retry.";
    CounterRace = "counter_race", 409,
        "two instances started the year's certificate counter at once; retry",
        "证书编号分配冲突，请重试。", "Certificate numbering collided with another request; retry.";
    BatchNotRunning = "batch_not_running", 409,
        "the certificate batch was already finished",
        "该批次已结束。", "The batch has already finished.";
    ReportExists = "report_exists", 409,
        "the class already has a summary report",
        "该培训班已有总结报告。", "The class already has a summary report.";
    ClassNotCompleted = "class_not_completed", 409,
        "a summary report is started once the class is completed",
        "培训班结业后才能撰写总结报告。", "The summary report is started once the class is completed.";
    ReportNotEditable = "report_not_editable", 409,
        "the report's narrative changes only while it is a draft",
        "总结报告已提交，不能再修改。", "The report is no longer a draft and cannot change.";
    QuestionnaireLocked = "questionnaire_locked", 409,
        "the questionnaire changes only before the class opens",
        "培训班已开放报名，问卷不能再修改。", "The class has been opened; its questionnaire cannot change.";
    AlreadyEvaluated = "already_evaluated", 409,
        "the enrolment has answered the questionnaire",
        "您已评价过该培训班。", "You have evaluated this class already.";
    EvaluationClosed = "evaluation_closed", 409,
        "the questionnaire is answered while the class is in progress or completed",
        "该培训班目前不接受评价。", "The class does not take evaluations now.";
    AlreadyAnswered = "already_answered", 409,
        "follow-up feedback on the class was already given (by this trainee / organisation)",
        "已经反馈过。", "Feedback was given already.";
    FollowUpNotOpen = "follow_up_not_open", 409,
        "follow-up feedback opens some months after the class (`opens_on`)",
        "跟踪反馈尚未开始。", "Follow-up feedback has not opened yet.";
    NeedAlreadyPlanned = "need_already_planned", 409,
        "the training need was already turned into a plan item",
        "该需求已列入计划。", "The need is in a plan already.";
    // --- 413 ---
    PayloadTooLarge = "payload_too_large", 413,
        "the body exceeds the configured limit (JSON, import file, lecture material, scan)",
        "文件超过大小上限，未保存。", "The file is larger than allowed; nothing was stored.";
    // --- 422: well-formed, but rules refuse it; `errors` names each ---
    ValidationFailed = "validation_failed", 422,
        "fields broke rules; `errors` names each (`not_found` as a field code: a referenced id does not exist)",
        "请检查标出的字段。", "Please check the marked fields.";
    TeacherNotQualified = "teacher_not_qualified", 422,
        "the teacher does not meet Art. 13; `errors` names each unmet rule",
        "此教师不符合第十三条规定的任教条件。", "The teacher does not meet Art. 13.";
    ScheduleConflict = "schedule_conflict", 422,
        "the session would double-book its teacher (`teacher_id: teacher_double_booked`) or overlap another session of its class (`start_time: session_overlap`); each error names the session",
        "排课时间冲突。", "Schedule conflict.";
    ImportRejected = "import_rejected", 422,
        "an import commit wrote nothing because rows were rejected; `errors` names them (`rows[N].field`); commit with `keep_valid=true` to write the valid rows",
        "有行未通过校验，本次导入未写入任何数据。", "Rows were rejected, so the import wrote nothing.";
    SheetTooLarge = "sheet_too_large", 422,
        "an import file is readable but too large to read safely: more than 200 000 data rows, a cell beyond column 256, more than 4 000 000 cells, or an xlsx that unpacks to more than 256 MiB; `errors[0].code` names the bound (`too_many_rows`, `too_many_columns`, `too_many_cells`, `unpacked_too_large`)",
        "表格过大，无法安全读取，未导入任何数据。", "The sheet is too large to read safely; nothing was imported.";
    NotEligible = "not_eligible", 422,
        "the enrolment may not get a certificate (Art. 9); `errors` names every unmet rule",
        "不符合发证条件（第九条）。", "Not eligible for a certificate (Art. 9).";
    BulkRejected = "bulk_rejected", 422,
        "a bulk enrolment wrote nothing; `errors` names every refused person (`person_ids[i]`)",
        "以下人员不能报名，因此本次无人报名：", "These people cannot be enrolled, so nobody was:";
    // --- 429, 5xx ---
    TooManyAttempts = "too_many_attempts", 429,
        "login or public certificate verification throttled; see `Retry-After`",
        "尝试次数过多，请稍后再试。", "Too many attempts; try again later.";
    InternalError = "internal_error", 500,
        "logged with its cause and request id; nothing more is said",
        "服务器处理请求时出错。", "The server failed to handle the request.";
    ServiceUnavailable = "service_unavailable", 503,
        "the database is unavailable",
        "服务暂时不可用，请稍后再试。", "The service is unavailable; try again later.";
}

impl ProblemCode {
    /// The code of a problem document as received (clients of newer servers may see codes they
    /// do not know: `None`).
    pub fn parse(code: &str) -> Option<ProblemCode> {
        ProblemCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
    }

    /// The problem document's `title`: a short summary of the problem's class.
    pub const fn title(self) -> &'static str {
        match (self, self.status()) {
            (ProblemCode::ValidationFailed, _) => "Validation failed",
            (_, 400) => "Bad request",
            (_, 401) => "Unauthorized",
            (_, 403) => "Forbidden",
            (_, 404) => "Not found",
            (_, 405) => "Method not allowed",
            (_, 409) => "Conflict",
            (_, 413) => "Payload too large",
            (_, 422) => "Rule violated",
            (_, 429) => "Too many requests",
            (_, 503) => "Service unavailable",
            _ => "Internal server error",
        }
    }

    /// The problem document's `type` URI.
    pub fn type_uri(self) -> String {
        format!("https://cebase.dev/problems/{}", self.as_str())
    }

    /// The Markdown table of every code (status, code, meaning) that `docs/api.md` carries
    /// between its `problem-codes` markers.
    pub fn markdown_table() -> String {
        let mut codes = ProblemCode::ALL.to_vec();
        codes.sort_by_key(|c| c.status());
        let mut out = String::from("| status | code | meaning |\n|---|---|---|\n");
        for code in codes {
            out.push_str(&format!(
                "| {} | `{}` | {} |\n",
                code.status(),
                code.as_str(),
                code.meaning()
            ));
        }
        out
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_parse_back() {
        let mut seen = HashSet::new();
        for &code in ProblemCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{s} is not snake_case"
            );
            assert_eq!(ProblemCode::parse(s), Some(code));
            assert!(
                (400..600).contains(&code.status()),
                "{s}: {}",
                code.status()
            );
            assert!(!code.zh().is_empty() && !code.en().is_empty() && !code.meaning().is_empty());
        }
        assert_eq!(ProblemCode::parse("no_such_code"), None);
    }

    #[test]
    fn the_chinese_message_is_chinese() {
        for &code in ProblemCode::ALL {
            assert!(
                code.zh()
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code}: {}",
                code.zh()
            );
        }
    }

    #[test]
    fn docs_api_md_carries_the_current_table() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/api.md");
        let doc = std::fs::read_to_string(&path).expect("docs/api.md");
        assert!(
            doc.contains(&ProblemCode::markdown_table()),
            "the problem-code table of docs/api.md is stale: run `cargo xtask openapi`"
        );
    }

    #[test]
    fn titles_follow_the_status_class() {
        assert_eq!(ProblemCode::ValidationFailed.title(), "Validation failed");
        assert_eq!(ProblemCode::SheetTooLarge.title(), "Rule violated");
        assert_eq!(ProblemCode::ClassFull.title(), "Conflict");
        assert_eq!(ProblemCode::WrongAuthority.title(), "Forbidden");
    }
}
