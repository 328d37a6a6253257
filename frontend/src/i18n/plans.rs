//! Annual plans (Art. 8): items, review and filing, execution summary and versions.

use cebase_domain::FieldError;
use cebase_domain::plans::{PlanAction, PlanStatus};

use super::{CourseKey, I18n, Lang, first_number};

messages! {
    /// A fixed message of the annual-plan screens.
    PlanKey;

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
    PlanActedAt => "时间", "When";
    PlanAction => "操作", "Action";
    PlanActedBy => "办理人", "By";
    PlanAuthorityLabel => "主管部门", "Authority";
    PlanReply => "复函", "Reply";
    PlanFromPaper => "纸质复函", "paper reply";
    PlanScanLink => "扫描件", "Scan";
    PlanHistoryNone => "暂无办理记录。", "No moves yet.";
    PlanCreated => "年度计划已创建。", "Annual plan created.";
}

impl I18n {
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

    /// The label of a field of a plan item or plan header in the version comparison.
    pub fn plan_field(&self, field: &str) -> String {
        let key = match field {
            "title" => Some(PlanKey::PlanTitleField),
            "class_kind" => Some(PlanKey::PlanClassKind),
            "category" => return self.t(CourseKey::Category).to_owned(),
            "target_audience" => Some(PlanKey::PlanAudience),
            "planned_trainees" => Some(PlanKey::PlanTrainees),
            "planned_hours" => Some(PlanKey::PlanHours),
            "planned_start" => Some(PlanKey::PlanStart),
            "planned_end" => Some(PlanKey::PlanEnd),
            "budget_fen" => Some(PlanKey::PlanBudget),
            "commissioning_body" => Some(PlanKey::PlanCommissioningBody),
            "narrative" => Some(PlanKey::PlanSummaryNarrative),
            "revision" => Some(PlanKey::PlanRevision),
            _ => None,
        };
        key.map_or_else(|| field.to_owned(), |k| self.t(k).to_owned())
    }

    /// A field error of the plan forms, when the plan has its own wording for it.
    pub(super) fn plan_field_error(&self, error: &FieldError) -> Option<String> {
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
            PlanStep::MiitSubmission => PlanKey::PlanStepMiit,
            PlanStep::MohrssFiling => PlanKey::PlanStepMohrss,
        })
    }
}
