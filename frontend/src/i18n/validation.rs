//! Field-level validation messages: the browser's own checks and the server's `errors[]`.

use cebase_domain::FieldError;
use cebase_domain::learning::CreditTenths;
use cebase_domain::teacher::UnmetRule;
use cebase_domain::user::{DisplayName, NewPassword, Username};

use cebase_domain::ProblemCode;

use super::{ClassKey, I18n, Lang, UserKey, between, first_number};

messages! {
    /// A fixed message about one field of a form.
    FieldKey;

    InvalidUuid => "请输入有效的 UUID。", "Enter a valid UUID.";
    Valid => "格式及校验码正确", "Format and check character are valid";
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
    FieldRequired => "必填。", "Required.";
    FieldBlank => "不能只包含空格。", "Must not be only spaces.";
    UsernamePattern => "只能包含小写字母、数字、“.”、“_”和“-”，并以字母或数字开头。",
        "Only letters, digits, '.', '_' and '-', starting with a letter or digit.";
    DisplayNamePattern => "不能包含控制字符。", "Must not contain control characters.";
    ReviewerAuthorityRequired => "审核人必须指定一个审核机关。", "A reviewer needs exactly one authority.";
    AuthorityWithoutReviewer => "只有审核人才能指定审核机关。", "Only a reviewer has an authority.";
    ErrFileEmpty => "文件为空。", "The file is empty.";
}

impl I18n {
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
            ("username", "pattern") => self.t(FieldKey::UsernamePattern).to_owned(),
            ("display_name", "length") => at_most(DisplayName::MAX),
            ("display_name", "pattern") => self.t(FieldKey::DisplayNamePattern).to_owned(),
            ("current_password", "wrong_password") => self.t(ProblemCode::WrongPassword).to_owned(),
            (_, "mismatch") => self.t(UserKey::PasswordsDiffer).to_owned(),
            (_, "invalid_uuid") => self.t(FieldKey::InvalidUuid).to_owned(),
            (_, "too_short") => at_least(NewPassword::MIN),
            (_, "too_long") => at_most(NewPassword::MAX),
            (_, "blank") => self.t(FieldKey::FieldBlank).to_owned(),
            (_, "required") => self.t(FieldKey::FieldRequired).to_owned(),
            (_, "reviewer_authority_required") => {
                self.t(FieldKey::ReviewerAuthorityRequired).to_owned()
            }
            (_, "authority_without_reviewer") => {
                self.t(FieldKey::AuthorityWithoutReviewer).to_owned()
            }
            // Master data (cebase_domain::master, credit_code, identity, learning).
            (_, "length") => match first_number(&error.message) {
                Some(max) => at_most(max),
                None => error.message.clone(),
            },
            (_, "pattern") => self.t(FieldKey::DisplayNamePattern).to_owned(),
            (_, "credit_code_format") => self.t(FieldKey::CreditCodeFormat).to_owned(),
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
            (_, "credit_code_check") => self.t(FieldKey::CreditCodeCheck).to_owned(),
            (_, "credit_code_taken") => self.t(ProblemCode::CreditCodeTaken).to_owned(),
            (_, "id_number_format") => self.t(FieldKey::IdNumberFormat).to_owned(),
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
            (_, "id_number_check") => self.t(FieldKey::IdNumberCheck).to_owned(),
            (_, "document_number_format") => self.t(FieldKey::DocumentNumberFormat).to_owned(),
            (_, "person_duplicate") => self.t(ProblemCode::PersonDuplicate).to_owned(),
            (_, "user_already_linked") => self.t(ProblemCode::UserAlreadyLinked).to_owned(),
            (_, "teacher_exists") => self.t(ProblemCode::TeacherExists).to_owned(),
            (_, "phone_format") => self.t(FieldKey::PhoneFormat).to_owned(),
            (_, "email_format") => self.t(FieldKey::EmailFormat).to_owned(),
            (_, "number") => self.t(FieldKey::NotANumber).to_owned(),
            ("capacity", "range") => match lang {
                Lang::Zh => "计划人数须为 1–10000。".to_owned(),
                Lang::En => "Between 1 and 10,000 trainees.".to_owned(),
            },
            ("fee_fen", "range") => self.t(ClassKey::FeeFormat).to_owned(),
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
                format!(
                    "{}：{}",
                    self.t(ClassKey::ErrTeacherDoubleBooked),
                    error.message
                )
            }
            (_, "session_overlap") => {
                format!("{}：{}", self.t(ClassKey::ErrSessionOverlap), error.message)
            }
            ("file", "empty") => self.t(FieldKey::ErrFileEmpty).to_owned(),
            (_, "precision") => self.t(FieldKey::Precision).to_owned(),
            (_, "before_start") => self.t(FieldKey::EndBeforeStart).to_owned(),
            (_, "not_found") => self.t(FieldKey::ReferenceNotFound).to_owned(),
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
}
