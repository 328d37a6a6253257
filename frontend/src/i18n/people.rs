//! People, their identity documents, titles and degrees, and an organisation contact's own people.

use cebase_domain::identity::IdDocumentKind;
use cebase_domain::teacher::{Degree, TitleLevel};

use super::I18n;

messages! {
    /// A fixed message of the people screens.
    PersonKey;

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
    MyPeopleTitle => "本单位人员", "My organisation's people";
    MyPeopleNoOrganisation => "您的账户尚未关联工作单位，请联系继续教育学院。",
        "Your account is not linked to an organisation yet; please contact the continuing-education staff.";
    MyPeopleList => "人员名单", "People";
    MyPeopleNoClasses => "目前没有可报名的培训班。", "No class takes enrolments at the moment.";
    MyPeopleEnrol => "报名培训班", "Enrol in a class";
    MyPeopleEnrolHint => "在名单中勾选人员，选择培训班后一次报名；有任何一人不能报名时，全部不报名，并逐人说明原因。",
        "Tick people in the list, choose a class and enrol them at once; if anyone cannot be enrolled, no one is, and each refusal is explained.";
    MyPeopleEnrolments => "本单位在此班的报名", "Our enrolments in this class";
    RegistrationFiled => "的登记已提交，继续教育学院审核通过后列入本单位人员。",
        "has been submitted; the person joins your list once the continuing-education staff approve.";
    MyRegistrations => "登记申请", "Registrations";
    NoRegistrations => "没有登记申请。", "No registrations.";
    RegistrationsTitle => "人员登记审核", "Person registrations";
    RegistrationsHint => "单位联系人登记的人员须经审核后才列入人员名录。通过时，证件号码已在库的人员将改为登记单位的职工。",
        "People registered by organisation contacts are put on file only once approved. Approving a document already on file records that person as employed by the registering organisation.";
    RegistrationOrganisation => "登记单位", "Registering organisation";
    RegistrationStatusLabel => "状态", "Status";
    RegistrationSubmitted => "提交时间", "Submitted";
    RegistrationOnFile => "证件号码已在库：", "Already on file: ";
    RegistrationOnFileMove => "通过后将改为登记单位的职工。", "approving records them as employed by the registering organisation.";
    RegistrationOnFileSame => "已是登记单位的职工。", "already employed by the registering organisation.";
    RegistrationNew => "新人员", "New person";
    Approve => "通过", "Approve";
    Reject => "退回", "Reject";
    RejectReason => "退回原因（单位联系人可见）", "Reason (the contact reads it)";
    PendingOnly => "只看待审核", "Pending only";
}

impl I18n {
    pub fn registration_status(
        &self,
        status: cebase_domain::master::RegistrationStatus,
    ) -> &'static str {
        use cebase_domain::master::RegistrationStatus as S;
        match status {
            S::Pending => self.pick("待审核", "Pending"),
            S::Approved => self.pick("已通过", "Approved"),
            S::Rejected => self.pick("已退回", "Rejected"),
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
}
