//! User accounts: the value types an account is built from, each parsed once at the edge.

use std::fmt;

use crate::FieldError;

/// A login name: 3–64 characters of lowercase ASCII letters, digits, `.`, `_` or `-`, starting
/// with a letter or digit. Stored and compared in lowercase so `Admin` and `admin` are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(String);

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim().to_ascii_lowercase();
        let len = value.chars().count();
        if !(Self::MIN..=Self::MAX).contains(&len) {
            return Err(FieldError::new(
                "username",
                "length",
                format!("must be {}–{} characters", Self::MIN, Self::MAX),
            ));
        }
        let valid_char =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        let starts_well = value.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !value.chars().all(valid_char) || !starts_well {
            return Err(FieldError::new(
                "username",
                "pattern",
                "may contain only letters, digits, '.', '_' and '-', and must start with a letter or digit",
            ));
        }
        Ok(Self(value))
    }

    /// The normalised form used for lookups; it never fails, so unknown names with odd characters
    /// are looked up (and not found) exactly like well-formed ones.
    pub fn normalise_for_lookup(raw: &str) -> String {
        raw.trim().to_ascii_lowercase()
    }
}

impl AsRef<str> for Username {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's display name (1–100 characters after trimming), e.g. 张伟.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldError::new(
                "display_name",
                "required",
                "must not be empty",
            ));
        }
        if value.chars().count() > Self::MAX {
            return Err(FieldError::new(
                "display_name",
                "length",
                format!("must be at most {} characters", Self::MAX),
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(FieldError::new(
                "display_name",
                "pattern",
                "must not contain control characters",
            ));
        }
        Ok(Self(value.to_owned()))
    }
}

impl AsRef<str> for DisplayName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A new password that satisfies the policy: 8–128 characters (OWASP ASVS 2.1: at least 8,
/// allow at least 64), not only whitespace. Whitespace is kept as typed.
///
/// Deliberately not `Debug`-printable with its content, so it cannot end up in a log.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN: usize = 8;
    pub const MAX: usize = 128;

    /// Parses `raw` as the value of request field `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let len = raw.chars().count();
        if len < Self::MIN {
            return Err(FieldError::new(
                field,
                "too_short",
                format!("must be at least {} characters", Self::MIN),
            ));
        }
        if len > Self::MAX {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("must be at most {} characters", Self::MAX),
            ));
        }
        if raw.trim().is_empty() {
            return Err(FieldError::new(
                field,
                "blank",
                "must not be only whitespace",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// An account to create, parsed from `POST /users` with every failure collected.
pub struct NewAccount {
    pub username: Username,
    pub display_name: DisplayName,
    pub password: NewPassword,
    pub roles: crate::RoleSet,
}

impl TryFrom<crate::dto::CreateUserRequest> for NewAccount {
    type Error = Vec<FieldError>;
    fn try_from(r: crate::dto::CreateUserRequest) -> Result<Self, Vec<FieldError>> {
        let username = Username::parse(&r.username);
        let display_name = DisplayName::parse(&r.display_name);
        let password = NewPassword::parse("password", &r.password);
        let roles = crate::RoleSet::new(r.roles, r.reviewer_authority).map_err(|e| e.field_error());
        match (username, display_name, password, roles) {
            (Ok(username), Ok(display_name), Ok(password), Ok(roles)) => Ok(Self {
                username,
                display_name,
                password,
                roles,
            }),
            (u, d, p, r) => Err([u.err(), d.err(), p.err(), r.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(
            Username::parse("  Zhang.Wei ").map(|u| u.to_string()),
            Ok("zhang.wei".into())
        );
        assert_eq!(
            Username::parse("ab").map_err(|e| e.code),
            Err("length".into())
        );
        assert_eq!(
            Username::parse("_admin").map_err(|e| e.code),
            Err("pattern".into())
        );
        assert_eq!(
            Username::parse("张伟").map_err(|e| e.code),
            Err("length".into())
        );
        assert_eq!(
            Username::parse("zhang wei").map_err(|e| e.code),
            Err("pattern".into())
        );
        assert!(Username::parse(&"a".repeat(64)).is_ok());
        assert!(Username::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn password_policy_bounds() {
        assert_eq!(
            NewPassword::parse("password", "1234567")
                .map(|_| ())
                .map_err(|e| e.code),
            Err("too_short".into())
        );
        assert!(NewPassword::parse("password", "12345678").is_ok());
        // Non-ASCII counts characters, not bytes: eight Chinese characters are enough.
        assert!(NewPassword::parse("password", "继续教育基地管理").is_ok());
        assert!(NewPassword::parse("password", &"x".repeat(128)).is_ok());
        let long = NewPassword::parse("new_password", &"x".repeat(129)).map(|_| ());
        assert_eq!(
            long.map_err(|e| (e.field, e.code)),
            Err(("new_password".into(), "too_long".into()))
        );
        assert_eq!(
            NewPassword::parse("password", "          ")
                .map(|_| ())
                .map_err(|e| e.code),
            Err("blank".into())
        );
    }

    #[test]
    fn password_debug_never_shows_the_secret() {
        let p = NewPassword::parse("password", "s3cret-value!").expect("valid");
        assert!(!format!("{p:?}").contains("s3cret"));
    }

    #[test]
    fn display_names() {
        assert!(DisplayName::parse("张伟").is_ok());
        assert_eq!(
            DisplayName::parse("  ").map(|_| ()).map_err(|e| e.code),
            Err("required".into())
        );
        assert!(DisplayName::parse(&"名".repeat(101)).is_err());
        assert!(DisplayName::parse("a\u{7}b").is_err());
    }
}

/// A user account as the domain sees it (the password hash stays in storage).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: uuid::Uuid,
    pub username: Username,
    pub display_name: DisplayName,
    pub roles: crate::RoleSet,
    pub disabled: bool,
    /// The password must be changed before anything else is allowed (first-start administrator).
    pub must_change_password: bool,
    /// Access tokens issued before this instant are no longer accepted (password change,
    /// reset, disabling).
    pub sessions_valid_after: chrono::DateTime<chrono::Utc>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
}

impl User {
    pub fn to_dto(&self) -> crate::dto::UserDto {
        crate::dto::UserDto {
            id: self.id,
            username: self.username.to_string(),
            display_name: self.display_name.as_ref().to_owned(),
            roles: self.roles.to_vec(),
            reviewer_authority: self.roles.authority(),
            disabled: self.disabled,
            must_change_password: self.must_change_password,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// The state recorded in the audit trail's before/after (no secrets).
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "username": self.username.as_ref(),
            "display_name": self.display_name.as_ref(),
            "roles": self.roles.to_vec(),
            "reviewer_authority": self.roles.authority(),
            "disabled": self.disabled,
            "must_change_password": self.must_change_password,
            "version": self.version,
        })
    }
}
