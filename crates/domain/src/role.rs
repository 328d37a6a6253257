//! Roles of the people and machines using cebase (`docs/domain.md`, "People and roles").

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A role granted to a user account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// System administrator: everything, user and configuration management.
    Admin,
    /// School of Continuing Education staff (继续教育学院).
    Staff,
    /// University finance office (财务处).
    Finance,
    /// Full- or part-time teacher (专兼职教师): own classes only.
    Teacher,
    /// Professional/technical person (专业技术人员): own data only.
    Trainee,
    /// Contact of a commissioning or employer organisation (委托单位): own organisation's people.
    OrgContact,
    /// An authority's reviewer, scoped to exactly one [`Authority`].
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Staff,
        Role::Finance,
        Role::Teacher,
        Role::Trainee,
        Role::OrgContact,
        Role::Reviewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::Finance => "finance",
            Role::Teacher => "teacher",
            Role::Trainee => "trainee",
            Role::OrgContact => "org_contact",
            Role::Reviewer => "reviewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// The authority a reviewer decides for (Art. 8, Art. 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    /// 工业和信息化部人事教育司 — reviews the annual plan first.
    Miit,
    /// 人力资源社会保障部专业技术人员管理司 — files the annual plan.
    Mohrss,
    /// 省人力资源社会保障厅 — receives class summary reports.
    ProvincialHr,
}

impl Authority {
    pub const ALL: [Authority; 3] = [Authority::Miit, Authority::Mohrss, Authority::ProvincialHr];

    pub fn as_str(self) -> &'static str {
        match self {
            Authority::Miit => "miit",
            Authority::Mohrss => "mohrss",
            Authority::ProvincialHr => "provincial_hr",
        }
    }
}

impl FromStr for Authority {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Authority::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// The roles of one account, with the reviewer's authority when it has the reviewer role.
///
/// Built only through [`RoleSet::new`], which enforces the rule that a reviewer is scoped to
/// exactly one authority and that only a reviewer has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSet {
    roles: BTreeSet<Role>,
    authority: Option<Authority>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleSetError {
    #[error("at least one role is required")]
    Empty,
    #[error("a reviewer must be scoped to exactly one authority (miit, mohrss or provincial_hr)")]
    ReviewerWithoutAuthority,
    #[error("only a reviewer can be scoped to an authority")]
    AuthorityWithoutReviewer,
}

impl RoleSetError {
    pub fn code(&self) -> &'static str {
        match self {
            RoleSetError::Empty => "required",
            RoleSetError::ReviewerWithoutAuthority => "reviewer_authority_required",
            RoleSetError::AuthorityWithoutReviewer => "authority_without_reviewer",
        }
    }

    /// The request field the error concerns.
    pub fn field(&self) -> &'static str {
        match self {
            RoleSetError::Empty => "roles",
            _ => "reviewer_authority",
        }
    }

    /// The error as the field error a request answers with.
    pub fn field_error(&self) -> crate::FieldError {
        crate::FieldError::new(self.field(), self.code(), self.to_string())
    }
}

impl RoleSet {
    pub fn new(
        roles: impl IntoIterator<Item = Role>,
        authority: Option<Authority>,
    ) -> Result<Self, RoleSetError> {
        let roles: BTreeSet<Role> = roles.into_iter().collect();
        if roles.is_empty() {
            return Err(RoleSetError::Empty);
        }
        match (roles.contains(&Role::Reviewer), authority) {
            (true, None) => Err(RoleSetError::ReviewerWithoutAuthority),
            (false, Some(_)) => Err(RoleSetError::AuthorityWithoutReviewer),
            _ => Ok(Self { roles, authority }),
        }
    }

    pub fn contains(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// True when the account holds any of `roles`.
    pub fn any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.roles.contains(r))
    }

    pub fn authority(&self) -> Option<Authority> {
        self.authority
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.roles.iter().copied()
    }

    pub fn to_vec(&self) -> Vec<Role> {
        self.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip_and_match_serde() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            let json = serde_json::to_string(&role).expect("serialises");
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn reviewer_needs_exactly_one_authority() {
        assert_eq!(
            RoleSet::new([Role::Reviewer], None),
            Err(RoleSetError::ReviewerWithoutAuthority)
        );
        assert_eq!(
            RoleSet::new([Role::Staff], Some(Authority::Miit)),
            Err(RoleSetError::AuthorityWithoutReviewer)
        );
        let set = RoleSet::new([Role::Reviewer], Some(Authority::Mohrss)).expect("valid");
        assert_eq!(set.authority(), Some(Authority::Mohrss));
    }

    #[test]
    fn empty_role_set_is_refused_and_duplicates_collapse() {
        assert_eq!(RoleSet::new([], None), Err(RoleSetError::Empty));
        let set = RoleSet::new([Role::Staff, Role::Staff, Role::Admin], None).expect("valid");
        assert_eq!(set.to_vec(), vec![Role::Admin, Role::Staff]);
        assert!(set.any(&[Role::Finance, Role::Admin]));
        assert!(!set.any(&[Role::Finance]));
    }
}
