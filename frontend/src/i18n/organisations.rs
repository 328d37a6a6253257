//! Organisations and their industry–university–research agreements (Art. 22).

use cebase_domain::master::{OrganisationKind, PartnerKind, PartnerStatus};

use super::I18n;

messages! {
    /// A fixed message of the organisation screens.
    OrgKey;

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
    OpenEnded => "长期", "open-ended";
    CreatePartner => "新增合作协议", "Add an agreement";
    NoPartners => "尚无合作协议。", "No agreements yet.";
    PartnerCreated => "合作协议已添加。", "Agreement added.";
}

impl I18n {
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
}
