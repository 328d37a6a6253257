//! `/organisations`: unified social credit codes checked per GB 32100-2015 and unique, optimistic
//! concurrency, keyset pagination and `updated_since`, and who may read which organisation.

use cebase_domain::master::{OrganisationDto, PersonDto};
use cebase_tests::{
    TestApp, credit_code, expect_json, expect_problem, organisation_body, person_body, resident_id,
    rfc3339, with_version,
};
use futures_util::future::join_all;
use serde_json::json;

#[tokio::test]
async fn staff_create_read_and_update_an_organisation_with_an_audit_trail() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;

    let res = app
        .post(
            "/api/v1/organisations",
            &staff,
            &organisation_body(" 深圳市腾讯计算机系统有限公司 ", "91440300708461136t"),
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let created: OrganisationDto = expect_json(res, 201).await;
    assert_eq!(
        location,
        Some(format!("/api/v1/organisations/{}", created.id))
    );
    assert_eq!(created.name, "深圳市腾讯计算机系统有限公司", "trimmed");
    assert_eq!(created.credit_code, "91440300708461136T", "normalised");
    assert_eq!(created.version, 1);
    let fetched: OrganisationDto = expect_json(
        app.get(&format!("/api/v1/organisations/{}", created.id), &staff)
            .await,
        200,
    )
    .await;
    assert_eq!(fetched, created);

    let path = format!("/api/v1/organisations/{}", created.id);
    let mut body = organisation_body("腾讯", "91440300708461136T");
    body["kind"] = json!("research_institute");
    body["contact_email"] = json!(null);
    let updated: OrganisationDto = expect_json(
        app.put(&path, &staff, &with_version(body.clone(), 1)).await,
        200,
    )
    .await;
    assert_eq!(
        (
            updated.name.as_str(),
            updated.version,
            updated.contact_email.as_deref()
        ),
        ("腾讯", 2, None)
    );
    assert!(updated.updated_at > created.updated_at);
    // A second editor still working from version 1 is refused instead of overwriting.
    expect_problem(
        app.put(&path, &staff, &with_version(body, 1)).await,
        409,
        "version_conflict",
    )
    .await;
    expect_problem(
        app.put(
            &format!("/api/v1/organisations/{}", uuid::Uuid::new_v4()),
            &staff,
            &with_version(organisation_body("x", &credit_code(9)), 1),
        )
        .await,
        404,
        "not_found",
    )
    .await;

    let audit = app.audit_of(&admin, "organisation", created.id).await;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["organisation.update", "organisation.create"]);
    assert_eq!(audit[0].actor_username.as_deref(), Some("staff1"));
    assert_eq!(
        audit[0].before.as_ref().map(|b| b["kind"].clone()),
        Some(json!("enterprise"))
    );
    assert_eq!(
        audit[0].after.as_ref().map(|a| a["kind"].clone()),
        Some(json!("research_institute"))
    );
    let verification: serde_json::Value =
        expect_json(app.get("/api/v1/audit/verify", &admin).await, 200).await;
    assert_eq!(verification["valid"], json!(true));
}

#[tokio::test]
async fn credit_codes_are_checked_per_gb_32100_and_every_bad_field_is_named() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    // `I` is not in the GB 32100-2015 alphabet.
    let problem = expect_problem(
        app.post(
            "/api/v1/organisations",
            &admin,
            &organisation_body("某公司", "91440300708461136I"),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors.len(), 1);
    assert_eq!(
        (
            problem.errors[0].field.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("credit_code", "credit_code_character")
    );
    assert!(problem.errors[0].message.contains("GB 32100-2015"));
    // A wrong check character.
    let problem = expect_problem(
        app.post(
            "/api/v1/organisations",
            &admin,
            &organisation_body("某公司", "91440300708461136A"),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].code, "credit_code_check");
    // Everything wrong at once: every field is named.
    let problem = expect_problem(
        app.post(
            "/api/v1/organisations",
            &admin,
            &json!({"name": " ", "kind": "university", "credit_code": "123", "contact_phone": "call me", "contact_email": "nobody"}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<(&str, &str)> = problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("name", "required"),
            ("credit_code", "credit_code_format"),
            ("contact_phone", "phone_format"),
            ("contact_email", "email_format"),
        ]
    );
    expect_problem(
        app.post(
            "/api/v1/organisations",
            &admin,
            &json!({"name": "x", "kind": "bank", "credit_code": credit_code(1)}),
        )
        .await,
        400,
        "invalid_json",
    )
    .await;
    let page: serde_json::Value =
        expect_json(app.get("/api/v1/organisations", &admin).await, 200).await;
    assert_eq!(page["items"], json!([]), "nothing was written");
}

#[tokio::test]
async fn a_credit_code_is_registered_once_even_under_concurrent_creation() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let body = organisation_body("并发单位", &credit_code(7));
    let statuses: Vec<u16> =
        join_all((0..8).map(|_| app.post("/api/v1/organisations", &admin, &body)))
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
    let problem = expect_problem(
        app.post(
            "/api/v1/organisations",
            &admin,
            &organisation_body("另一家", &credit_code(7).to_lowercase()),
        )
        .await,
        409,
        "credit_code_taken",
    )
    .await;
    assert!(problem.detail.unwrap_or_default().contains("credit code"));
    // Changing another organisation's code to a taken one conflicts too.
    let other: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("第三家", &credit_code(8)),
        )
        .await;
    expect_problem(
        app.put(
            &format!("/api/v1/organisations/{}", other.id),
            &admin,
            &with_version(organisation_body("第三家", &credit_code(7)), 1),
        )
        .await,
        409,
        "credit_code_taken",
    )
    .await;
}

#[tokio::test]
async fn lists_page_by_opaque_cursor_filter_and_sync_by_updated_since() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut created: Vec<OrganisationDto> = Vec::new();
    for n in 0..5 {
        let mut body = organisation_body(&format!("单位{n}"), &credit_code(n));
        if n == 3 {
            body["kind"] = json!("university");
        }
        created.push(app.create(&admin, "organisations", &body).await);
    }
    let (all, pages) = app
        .collect_pages::<OrganisationDto>(&admin, "/api/v1/organisations?limit=2")
        .await;
    assert_eq!(pages, 3);
    assert_eq!(
        all.iter().map(|o| o.id).collect::<Vec<_>>(),
        created.iter().map(|o| o.id).collect::<Vec<_>>(),
        "creation order, each once"
    );

    let by_kind: serde_json::Value = expect_json(
        app.get("/api/v1/organisations?kind=university", &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(by_kind["items"][0]["name"], json!("单位3"));
    assert_eq!(by_kind["items"].as_array().map(Vec::len), Some(1));
    let by_name: serde_json::Value =
        expect_json(app.get("/api/v1/organisations?q=位4", &admin).await, 200).await;
    assert_eq!(by_name["items"].as_array().map(Vec::len), Some(1));
    let by_code: serde_json::Value = expect_json(
        app.get(
            &format!("/api/v1/organisations?credit_code={}", credit_code(2)),
            &admin,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(by_code["items"][0]["name"], json!("单位2"));

    // An integration synchronising from the moment the third was written gets it and the later
    // ones; a later change to the first brings the first back too.
    let since = rfc3339(created[2].updated_at);
    let (changed, _) = app
        .collect_pages::<OrganisationDto>(
            &admin,
            &format!("/api/v1/organisations?updated_since={since}"),
        )
        .await;
    assert_eq!(
        changed.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        vec!["单位2", "单位3", "单位4"]
    );
    let touched: OrganisationDto = expect_json(
        app.put(
            &format!("/api/v1/organisations/{}", created[0].id),
            &admin,
            &with_version(organisation_body("单位0（更名）", &credit_code(0)), 1),
        )
        .await,
        200,
    )
    .await;
    let since = rfc3339(touched.updated_at);
    let (changed, _) = app
        .collect_pages::<OrganisationDto>(
            &admin,
            &format!("/api/v1/organisations?updated_since={since}"),
        )
        .await;
    assert_eq!(
        changed.iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![touched.id]
    );

    expect_problem(
        app.get("/api/v1/organisations?cursor=not-a-cursor", &admin)
            .await,
        400,
        "invalid_cursor",
    )
    .await;
    expect_problem(
        app.get("/api/v1/organisations?updated_since=yesterday", &admin)
            .await,
        400,
        "invalid_query",
    )
    .await;
    expect_problem(
        app.get("/api/v1/organisations?limit=201", &admin).await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn who_may_read_and_write_organisations() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let own: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("自己的单位", &credit_code(1)),
        )
        .await;
    let other: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("别的单位", &credit_code(2)),
        )
        .await;

    // Finance and reviewers read every organisation but change none.
    for (name, role) in [("fin", "finance"), ("rev", "reviewer")] {
        let (_, token) = app.account(&admin, name, &[role]).await;
        let page: serde_json::Value =
            expect_json(app.get("/api/v1/organisations", &token).await, 200).await;
        assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
        expect_json::<OrganisationDto>(
            app.get(&format!("/api/v1/organisations/{}", other.id), &token)
                .await,
            200,
        )
        .await;
        expect_problem(
            app.post(
                "/api/v1/organisations",
                &token,
                &organisation_body("x", &credit_code(3)),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    // Trainees and teachers read no organisation.
    for (name, role) in [("tra", "trainee"), ("tea", "teacher")] {
        let (_, token) = app.account(&admin, name, &[role]).await;
        expect_problem(
            app.get("/api/v1/organisations", &token).await,
            403,
            "forbidden",
        )
        .await;
        expect_problem(
            app.get(&format!("/api/v1/organisations/{}", own.id), &token)
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    // An organisation contact reads their own organisation only; another one does not exist for
    // them.
    let (contact_id, contact) = app.account(&admin, "contact", &["org_contact"]).await;
    let mut me = person_body("联系人", &resident_id(1));
    me["employer_id"] = json!(own.id);
    me["user_id"] = json!(contact_id);
    app.create::<PersonDto>(&admin, "people", &me).await;
    let page: serde_json::Value =
        expect_json(app.get("/api/v1/organisations", &contact).await, 200).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["items"][0]["id"], json!(own.id));
    expect_json::<OrganisationDto>(
        app.get(&format!("/api/v1/organisations/{}", own.id), &contact)
            .await,
        200,
    )
    .await;
    expect_problem(
        app.get(&format!("/api/v1/organisations/{}", other.id), &contact)
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.put(
            &format!("/api/v1/organisations/{}", own.id),
            &contact,
            &with_version(organisation_body("改名", &credit_code(1)), 1),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // A contact whose account is linked to no person sees nothing.
    let (_, unlinked) = app.account(&admin, "unlinked", &["org_contact"]).await;
    let page: serde_json::Value =
        expect_json(app.get("/api/v1/organisations", &unlinked).await, 200).await;
    assert_eq!(page["items"], json!([]));
    expect_problem(
        app.get("/api/v1/organisations", "not-a-token").await,
        401,
        "unauthenticated",
    )
    .await;
}
