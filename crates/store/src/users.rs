//! User accounts.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cebase_domain::ProblemCode;
use cebase_domain::user::{DisplayName, User, Username};
use cebase_domain::{Authority, Role, RoleSet};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::user;

/// Everything needed to create an account; the password arrives already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub display_name: DisplayName,
    pub password_hash: String,
    pub roles: RoleSet,
    /// The password was generated (first-start administrator): it must be changed first.
    pub must_change_password: bool,
}

fn encode_roles(roles: &RoleSet) -> String {
    let mut s = String::from(",");
    for r in roles.iter() {
        s.push_str(r.as_str());
        s.push(',');
    }
    s
}

fn decode(m: user::Model) -> Result<(User, String), StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("users.{what} of {}", m.id));
    let roles: Vec<Role> = m
        .roles
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| corrupt("roles"))?;
    let authority: Option<Authority> = m
        .reviewer_authority
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|_| corrupt("reviewer_authority"))?;
    let user = User {
        id: m.id,
        username: Username::parse(&m.username).map_err(|_| corrupt("username"))?,
        display_name: DisplayName::parse(&m.display_name).map_err(|_| corrupt("display_name"))?,
        roles: RoleSet::new(roles, authority).map_err(|_| corrupt("roles"))?,
        disabled: m.disabled,
        must_change_password: m.must_change_password,
        sessions_valid_after: m.sessions_valid_after,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    };
    Ok((user, m.password_hash))
}

pub async fn create(db: &impl ConnectionTrait, new: NewUser) -> Result<User, StoreError> {
    let now = Utc::now();
    let model = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        username: Set(new.username.to_string()),
        display_name: Set(new.display_name.as_ref().to_owned()),
        password_hash: Set(new.password_hash),
        roles: Set(encode_roles(&new.roles)),
        reviewer_authority: Set(new.roles.authority().map(|a| a.as_str().to_owned())),
        disabled: Set(false),
        must_change_password: Set(new.must_change_password),
        sessions_valid_after: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await
    .map_err(|e| StoreError::unique_as(e, ProblemCode::UsernameTaken))?;
    decode(model).map(|(u, _)| u)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(user::Entity::find().count(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<User, StoreError> {
    let m = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m).map(|(u, _)| u)
}

/// The display names of the accounts `ids` (unknown ids are left out), for answers that say who
/// did something (e.g. who wrote a learning-record version).
pub async fn display_names(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The account and its password hash, for login and password changes.
pub async fn find_credentials(
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let normalised = Username::normalise_for_lookup(username);
    let m = user::Entity::find()
        .filter(user::Column::Username.eq(normalised))
        .one(db)
        .await?;
    m.map(decode).transpose()
}

pub async fn find_credentials_by_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<(User, String), StoreError> {
    let m = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// Filters of the user list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Substring of username or display name.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub disabled: Option<bool>,
}

/// Ordered by username; the cursor encodes the last username seen.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &UserFilter,
    limit: u64,
    cursor: Option<&str>,
) -> Result<(Vec<User>, Option<String>), StoreError> {
    let mut query = user::Entity::find().order_by_asc(user::Column::Username);
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
        let display_pattern = format!("%{}%", escape_like(q));
        query = query.filter(
            Condition::any()
                .add(Expr::col(user::Column::Username).like(LikeExpr::new(pattern).escape('\\')))
                .add(
                    Expr::col(user::Column::DisplayName)
                        .like(LikeExpr::new(display_pattern).escape('\\')),
                ),
        );
    }
    if let Some(role) = filter.role {
        query = query.filter(user::Column::Roles.contains(format!(",{},", role.as_str())));
    }
    if let Some(disabled) = filter.disabled {
        query = query.filter(user::Column::Disabled.eq(disabled));
    }
    if let Some(c) = cursor {
        query = query.filter(user::Column::Username.gt(c));
    }
    let mut rows = query.limit(limit + 1).all(db).await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| encode_cursor(&r.username))
    } else {
        None
    };
    let users = rows
        .into_iter()
        .map(|m| decode(m).map(|(u, _)| u))
        .collect::<Result<_, _>>()?;
    Ok((users, next))
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub fn encode_cursor(username: &str) -> String {
    URL_SAFE_NO_PAD.encode(username)
}

/// `None` when the cursor was not produced by [`encode_cursor`].
pub fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    String::from_utf8(bytes).ok()
}

/// What an update changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub roles: Option<RoleSet>,
    pub disabled: Option<bool>,
    pub password_hash: Option<String>,
    /// Ends every session issued before now (password change, reset, disabling).
    pub end_sessions: bool,
    /// Sets or clears the obligation to change the password.
    pub must_change_password: Option<bool>,
}

/// Applies `change` when the row is still at `expected_version` (if given), bumping the version.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: Option<i32>,
    change: UserChange,
) -> Result<User, StoreError> {
    let now = Utc::now();
    let mut update = user::Entity::update_many()
        .col_expr(
            user::Column::Version,
            Expr::col(user::Column::Version).add(1),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(id));
    if let Some(v) = expected_version {
        update = update.filter(user::Column::Version.eq(v));
    }
    if let Some(roles) = &change.roles {
        update = update
            .col_expr(user::Column::Roles, Expr::value(encode_roles(roles)))
            .col_expr(
                user::Column::ReviewerAuthority,
                Expr::value(roles.authority().map(|a| a.as_str().to_owned())),
            );
    }
    if let Some(disabled) = change.disabled {
        update = update.col_expr(user::Column::Disabled, Expr::value(disabled));
    }
    if let Some(hash) = change.password_hash {
        update = update.col_expr(user::Column::PasswordHash, Expr::value(hash));
    }
    if let Some(must) = change.must_change_password {
        update = update.col_expr(user::Column::MustChangePassword, Expr::value(must));
    }
    if change.end_sessions {
        update = update.col_expr(user::Column::SessionsValidAfter, Expr::value(now));
    }
    let result = update.exec(db).await?;
    if result.rows_affected == 0 {
        // Tell "gone" from "changed meanwhile".
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}
