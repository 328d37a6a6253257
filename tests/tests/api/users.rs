use cebase_domain::dto::{Page, UserDto};
use cebase_tests::{TestApp, expect_json, expect_problem};
use futures_util::future::join_all;
use serde_json::json;

#[tokio::test]
async fn admin_creates_and_reads_an_account() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = app
        .post(
            "/api/v1/users",
            &admin,
            &json!({"username": "Li.Na", "display_name": "李娜", "password": "s3cret-pass", "roles": ["staff", "teacher"]}),
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let created: UserDto = expect_json(res, 201).await;
    assert_eq!(created.username, "li.na");
    assert_eq!(created.display_name, "李娜");
    assert_eq!(created.version, 1);
    assert_eq!(location, Some(format!("/api/v1/users/{}", created.id)));
    let fetched: UserDto = expect_json(
        app.get(&format!("/api/v1/users/{}", created.id), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(fetched, created);
    let body = app
        .get(&format!("/api/v1/users/{}", created.id), &admin)
        .await
        .text()
        .await
        .expect("text");
    assert!(
        // No hash, no password and no field holding one (`must_change_password` is a flag).
        !body.contains("argon2")
            && !body.contains("s3cret-pass")
            && !body.contains("\"password\"")
            && !body.contains("password_hash"),
        "no secrets in DTOs: {body}"
    );
    // The new account can log in.
    app.tokens("li.na", "s3cret-pass").await;
}

#[tokio::test]
async fn validation_names_every_failing_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = app
        .post(
            "/api/v1/users",
            &admin,
            &json!({"username": "x", "display_name": " ", "password": "short", "roles": ["reviewer"]}),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let mut fields: Vec<(String, String)> = problem
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.code.clone()))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            ("display_name".into(), "required".into()),
            ("password".into(), "too_short".into()),
            (
                "reviewer_authority".into(),
                "reviewer_authority_required".into()
            ),
            ("username".into(), "length".into()),
        ]
    );
    let page: Page<UserDto> = expect_json(app.get("/api/v1/users", &admin).await, 200).await;
    assert_eq!(page.items.len(), 1, "only the admin exists");
    let audit: serde_json::Value = expect_json(
        app.get("/api/v1/audit?action=user.create", &admin).await,
        200,
    )
    .await;
    assert_eq!(
        audit["items"].as_array().map(Vec::len),
        Some(1),
        "only the bootstrap admin creation"
    );
}

#[tokio::test]
async fn unknown_role_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = app
        .post("/api/v1/users", &admin, &json!({"username": "abc", "display_name": "a", "password": "12345678", "roles": ["root"]}))
        .await;
    expect_problem(res, 400, "invalid_json").await;
}

#[tokio::test]
async fn duplicate_usernames_conflict_case_insensitively() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "wang.fang", "password-1", &["staff"])
        .await;
    let res = app
        .post("/api/v1/users", &admin, &json!({"username": "Wang.Fang", "display_name": "王芳", "password": "password-2", "roles": ["staff"]}))
        .await;
    expect_problem(res, 409, "username_taken").await;
}

#[tokio::test]
async fn concurrent_creation_of_one_username_yields_exactly_one_account() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let body = json!({"username": "race", "display_name": "Race", "password": "password-1", "roles": ["staff"]});
    let requests = (0..8).map(|_| app.post("/api/v1/users", &admin, &body));
    let statuses: Vec<u16> = join_all(requests)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn list_pages_with_an_opaque_cursor_and_filters() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for name in ["user1", "user2", "user3", "user4"] {
        app.create_user(&admin, name, "password-1", &["trainee"])
            .await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/users?limit=2".to_owned();
    loop {
        let page: Page<UserDto> = expect_json(app.get(&path, &admin).await, 200).await;
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|u| u.username));
        match page.next_cursor {
            Some(c) => path = format!("/api/v1/users?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, vec!["admin", "user1", "user2", "user3", "user4"]);

    let trainees: Page<UserDto> = expect_json(
        app.get("/api/v1/users?role=trainee&q=user", &admin).await,
        200,
    )
    .await;
    assert_eq!(trainees.items.len(), 4);
    let none: Page<UserDto> = expect_json(app.get("/api/v1/users?q=%25", &admin).await, 200).await;
    assert!(none.items.is_empty(), "LIKE wildcards in q are literal");
    expect_problem(
        app.get("/api/v1/users?limit=0", &admin).await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.get("/api/v1/users?limit=abc", &admin).await,
        400,
        "invalid_query",
    )
    .await;
    expect_problem(
        app.get("/api/v1/users?cursor=%%%", &admin).await,
        400,
        "invalid_cursor",
    )
    .await;
    expect_problem(
        app.get("/api/v1/users?cursor=!!", &admin).await,
        400,
        "invalid_cursor",
    )
    .await;
}

#[tokio::test]
async fn non_admins_are_refused_user_management() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let target = app
        .create_user(&admin, "target", "password-1", &["trainee"])
        .await;
    for role in [
        "staff",
        "finance",
        "teacher",
        "trainee",
        "org_contact",
        "reviewer",
    ] {
        let name = format!("r-{}", role.replace('_', "-"));
        app.create_user(&admin, &name, "password-1", &[role]).await;
        let token = app.tokens(&name, "password-1").await.access_token;
        expect_problem(app.get("/api/v1/users", &token).await, 403, "forbidden").await;
        expect_problem(
            app.get(&format!("/api/v1/users/{target}"), &token).await,
            403,
            "forbidden",
        )
        .await;
        let res = app
            .post("/api/v1/users", &token, &json!({"username": "evil", "display_name": "e", "password": "password-1", "roles": ["admin"]}))
            .await;
        expect_problem(res, 403, "forbidden").await;
        expect_problem(
            app.post(
                &format!("/api/v1/users/{target}/disable"),
                &token,
                &json!({}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
        expect_problem(app.get("/api/v1/audit", &token).await, 403, "forbidden").await;
    }
    // Nothing was created by the refused requests.
    let page: Page<UserDto> = expect_json(app.get("/api/v1/users?q=evil", &admin).await, 200).await;
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn role_changes_use_optimistic_concurrency() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app
        .create_user(&admin, "zhao", "password-1", &["staff"])
        .await;
    let path = format!("/api/v1/users/{id}/roles");
    let updated: UserDto = expect_json(
        app.put(
            &path,
            &admin,
            &json!({"roles": ["staff", "finance"], "version": 1}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(updated.version, 2);
    assert_eq!(updated.roles.len(), 2);
    // A second admin working from version 1 is refused instead of silently overwriting.
    expect_problem(
        app.put(&path, &admin, &json!({"roles": ["trainee"], "version": 1}))
            .await,
        409,
        "version_conflict",
    )
    .await;
    // A reviewer needs an authority.
    let problem = expect_problem(
        app.put(&path, &admin, &json!({"roles": ["reviewer"], "version": 2}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].field, "reviewer_authority");
    let reviewer: UserDto = expect_json(
        app.put(
            &path,
            &admin,
            &json!({"roles": ["reviewer"], "reviewer_authority": "mohrss", "version": 2}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        reviewer.reviewer_authority,
        Some(cebase_domain::Authority::Mohrss)
    );
    expect_problem(
        app.put(
            &format!("/api/v1/users/{}/roles", uuid::Uuid::new_v4()),
            &admin,
            &json!({"roles": ["staff"], "version": 1}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn disabled_accounts_are_locked_out_at_once_and_can_be_enabled() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app
        .create_user(&admin, "chen", "password-1", &["staff"])
        .await;
    let session = app.tokens("chen", "password-1").await;
    assert_eq!(
        app.get("/api/v1/me", &session.access_token).await.status(),
        200
    );

    let disabled: UserDto = expect_json(
        app.post(&format!("/api/v1/users/{id}/disable"), &admin, &json!({}))
            .await,
        200,
    )
    .await;
    assert!(disabled.disabled);
    expect_problem(
        app.get("/api/v1/me", &session.access_token).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_problem(
        app.login("chen", "password-1").await,
        401,
        "invalid_credentials",
    )
    .await;
    let refresh = app
        .send_json(
            reqwest::Method::POST,
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": session.refresh_token}),
        )
        .await;
    expect_problem(refresh, 401, "invalid_refresh_token").await;

    let enabled: UserDto = expect_json(
        app.post(&format!("/api/v1/users/{id}/enable"), &admin, &json!({}))
            .await,
        200,
    )
    .await;
    assert!(!enabled.disabled);
    app.tokens("chen", "password-1").await;
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let me: UserDto = expect_json(app.get("/api/v1/me", &admin).await, 200).await;
    expect_problem(
        app.post(
            &format!("/api/v1/users/{}/disable", me.id),
            &admin,
            &json!({}),
        )
        .await,
        409,
        "cannot_disable_self",
    )
    .await;
    let res = app
        .put(
            &format!("/api/v1/users/{}/roles", me.id),
            &admin,
            &json!({"roles": ["staff"], "version": me.version}),
        )
        .await;
    expect_problem(res, 409, "cannot_remove_own_admin").await;
}

#[tokio::test]
async fn password_reset_ends_sessions_and_sets_the_new_password() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app
        .create_user(&admin, "sun", "password-1", &["teacher"])
        .await;
    let session = app.tokens("sun", "password-1").await;
    let path = format!("/api/v1/users/{id}/password");
    let problem = expect_problem(
        app.post(&path, &admin, &json!({"new_password": "short"}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].field, "new_password");
    assert_eq!(
        app.post(&path, &admin, &json!({"new_password": "password-2"}))
            .await
            .status(),
        204
    );
    expect_problem(
        app.get("/api/v1/me", &session.access_token).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_problem(
        app.login("sun", "password-1").await,
        401,
        "invalid_credentials",
    )
    .await;
    app.tokens("sun", "password-2").await;
}
