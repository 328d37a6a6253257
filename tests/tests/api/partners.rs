//! `/partners`: industry–university–research agreements (Art. 22).

use cebase_domain::master::{OrganisationDto, PartnerDto, PartnerStatus};
use cebase_tests::{
    TestApp, credit_code, expect_json, expect_problem, organisation_body, with_version,
};
use serde_json::json;

fn agreement(organisation_id: uuid::Uuid, status: &str) -> serde_json::Value {
    json!({
        "organisation_id": organisation_id,
        "kind": "joint_training",
        "scope": "共建人工智能工程技术人员继续教育课程",
        "start_date": "2026-01-01",
        "end_date": "2028-12-31",
        "status": status,
    })
}

#[tokio::test]
async fn staff_record_agreements_and_end_them() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let enterprise: OrganisationDto = app
        .create(
            &staff,
            "organisations",
            &organisation_body("企业", &credit_code(1)),
        )
        .await;
    let institute: OrganisationDto = app
        .create(
            &staff,
            "organisations",
            &organisation_body("研究所", &credit_code(2)),
        )
        .await;
    let res = app
        .post(
            "/api/v1/partners",
            &staff,
            &agreement(enterprise.id, "active"),
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let created: PartnerDto = expect_json(res, 201).await;
    assert_eq!(location, Some(format!("/api/v1/partners/{}", created.id)));
    assert_eq!(
        created.end_date.map(|d| d.to_string()).as_deref(),
        Some("2028-12-31")
    );
    let mut open_ended = agreement(institute.id, "active");
    open_ended["kind"] = json!("results_transfer");
    open_ended["end_date"] = json!(null);
    let second: PartnerDto = app.create(&staff, "partners", &open_ended).await;
    assert_eq!(second.end_date, None);

    let path = format!("/api/v1/partners/{}", created.id);
    let fetched: PartnerDto = expect_json(app.get(&path, &staff).await, 200).await;
    assert_eq!(fetched, created);
    let ended: PartnerDto = expect_json(
        app.put(
            &path,
            &staff,
            &with_version(agreement(enterprise.id, "ended"), 1),
        )
        .await,
        200,
    )
    .await;
    assert_eq!((ended.status, ended.version), (PartnerStatus::Ended, 2));
    expect_problem(
        app.put(
            &path,
            &staff,
            &with_version(agreement(enterprise.id, "active"), 1),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;

    let active: serde_json::Value =
        expect_json(app.get("/api/v1/partners?status=active", &staff).await, 200).await;
    assert_eq!(active["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(active["items"][0]["id"], json!(second.id));
    let of_enterprise: serde_json::Value = expect_json(
        app.get(
            &format!("/api/v1/partners?organisation_id={}", enterprise.id),
            &staff,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(of_enterprise["items"][0]["id"], json!(created.id));
    let (all, pages) = app
        .collect_pages::<PartnerDto>(&staff, "/api/v1/partners?limit=1")
        .await;
    assert_eq!((all.len(), pages), (2, 2));

    let audit = app.audit_of(&admin, "partner", created.id).await;
    assert_eq!(
        audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["partner.update", "partner.create"]
    );
}

#[tokio::test]
async fn agreements_need_a_known_organisation_and_a_forward_period() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut body = agreement(uuid::Uuid::new_v4(), "active");
    body["end_date"] = json!("2025-12-31");
    body["scope"] = json!(" ");
    let problem = expect_problem(
        app.post("/api/v1/partners", &admin, &body).await,
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
            ("scope", "required"),
            ("end_date", "before_start"),
            ("organisation_id", "not_found"),
        ]
    );
    body["start_date"] = json!("2026-02-30");
    expect_problem(
        app.post("/api/v1/partners", &admin, &body).await,
        400,
        "invalid_json",
    )
    .await;
}

#[tokio::test]
async fn only_staff_and_admin_see_agreements() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let org: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("企业", &credit_code(1)),
        )
        .await;
    let p: PartnerDto = app
        .create(&admin, "partners", &agreement(org.id, "active"))
        .await;
    for (name, role) in [
        ("fin", "finance"),
        ("rev", "reviewer"),
        ("tra", "trainee"),
        ("tea", "teacher"),
        ("con", "org_contact"),
    ] {
        let (_, token) = app.account(&admin, name, &[role]).await;
        expect_problem(app.get("/api/v1/partners", &token).await, 403, "forbidden").await;
        expect_problem(
            app.get(&format!("/api/v1/partners/{}", p.id), &token).await,
            403,
            "forbidden",
        )
        .await;
        expect_problem(
            app.post("/api/v1/partners", &token, &agreement(org.id, "active"))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
}
