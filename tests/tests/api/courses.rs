//! `/courses`: categories of Art. 4, exact credit hours, and who may read the catalogue.

use cebase_domain::learning::CourseCategory;
use cebase_domain::master::CourseDto;
use cebase_tests::{TestApp, expect_json, expect_problem, rfc3339, with_version};
use serde_json::json;

fn course(title: &str, category: &str, hours: f64) -> serde_json::Value {
    json!({"title": title, "category": category, "credit_hours": hours, "description": "讲授与研讨\n案例分析"})
}

#[tokio::test]
async fn staff_keep_a_catalogue_with_exact_credit_hours() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let res = app
        .post(
            "/api/v1/courses",
            &staff,
            &course("人工智能伦理与治理", "public_required", 1.5),
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let created: CourseDto = expect_json(res, 201).await;
    assert_eq!(location, Some(format!("/api/v1/courses/{}", created.id)));
    assert_eq!(created.credit_hours, 1.5);
    assert_eq!(created.category, CourseCategory::PublicRequired);
    assert_eq!(created.description.as_deref(), Some("讲授与研讨\n案例分析"));
    let path = format!("/api/v1/courses/{}", created.id);
    let fetched: CourseDto = expect_json(app.get(&path, &staff).await, 200).await;
    assert_eq!(fetched, created);
    let raw = app.get(&path, &staff).await.text().await.expect("body");
    assert!(raw.contains("\"credit_hours\":1.5"), "{raw}");

    let updated: CourseDto = expect_json(
        app.put(
            &path,
            &staff,
            &with_version(course("机器学习工程实践", "professional", 32.0), 1),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (updated.credit_hours, updated.category, updated.version),
        (32.0, CourseCategory::Professional, 2)
    );
    expect_problem(
        app.put(
            &path,
            &staff,
            &with_version(course("x", "professional", 1.0), 1),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;
    let audit = app.audit_of(&admin, "course", created.id).await;
    assert_eq!(
        audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["course.update", "course.create"]
    );
    assert_eq!(
        audit[0].before.as_ref().map(|b| b["credit_hours"].clone()),
        Some(json!(1.5))
    );
}

#[tokio::test]
async fn credit_hours_must_be_positive_bounded_and_in_tenths() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for (hours, code) in [
        (0.0, "range"),
        (-2.0, "range"),
        (1000.5, "range"),
        (1.25, "precision"),
    ] {
        let problem = expect_problem(
            app.post(
                "/api/v1/courses",
                &admin,
                &course("课程", "professional", hours),
            )
            .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(
            (
                problem.errors[0].field.as_str(),
                problem.errors[0].code.as_str()
            ),
            ("credit_hours", code),
            "{hours}"
        );
    }
    let problem = expect_problem(
        app.post(
            "/api/v1/courses",
            &admin,
            &json!({"title": "", "category": "professional", "credit_hours": 0}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        problem
            .errors
            .iter()
            .map(|e| e.field.as_str())
            .collect::<Vec<_>>(),
        vec!["title", "credit_hours"]
    );
    expect_problem(
        app.post(
            "/api/v1/courses",
            &admin,
            &json!({"title": "x", "category": "elective", "credit_hours": 1}),
        )
        .await,
        400,
        "invalid_json",
    )
    .await;
    expect_json::<CourseDto>(
        app.post(
            "/api/v1/courses",
            &admin,
            &course("上限", "professional", 1000.0),
        )
        .await,
        201,
    )
    .await;
}

#[tokio::test]
async fn the_catalogue_pages_filters_and_syncs() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut created = Vec::new();
    for (n, category) in ["public_required", "professional", "professional"]
        .iter()
        .enumerate()
    {
        let c: CourseDto = app
            .create(
                &admin,
                "courses",
                &course(&format!("课程{n}"), category, 2.0),
            )
            .await;
        created.push(c);
    }
    let (all, pages) = app
        .collect_pages::<CourseDto>(&admin, "/api/v1/courses?limit=1")
        .await;
    assert_eq!(pages, 3);
    assert_eq!(
        all.iter().map(|c| c.id).collect::<Vec<_>>(),
        created.iter().map(|c| c.id).collect::<Vec<_>>()
    );
    let (professional, _) = app
        .collect_pages::<CourseDto>(&admin, "/api/v1/courses?category=professional")
        .await;
    assert_eq!(professional.len(), 2);
    let (titled, _) = app
        .collect_pages::<CourseDto>(&admin, "/api/v1/courses?q=程0")
        .await;
    assert_eq!(titled.len(), 1);
    let since = rfc3339(created[1].updated_at);
    let (recent, _) = app
        .collect_pages::<CourseDto>(&admin, &format!("/api/v1/courses?updated_since={since}"))
        .await;
    assert_eq!(recent.len(), 2);
}

#[tokio::test]
async fn finance_and_reviewers_read_the_catalogue_other_outsiders_do_not() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c: CourseDto = app
        .create(&admin, "courses", &course("课程", "professional", 4.0))
        .await;
    for (name, role) in [("fin", "finance"), ("rev", "reviewer")] {
        let (_, token) = app.account(&admin, name, &[role]).await;
        expect_json::<CourseDto>(
            app.get(&format!("/api/v1/courses/{}", c.id), &token).await,
            200,
        )
        .await;
        let page: serde_json::Value =
            expect_json(app.get("/api/v1/courses", &token).await, 200).await;
        assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
        expect_problem(
            app.post("/api/v1/courses", &token, &course("x", "professional", 1.0))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    for (name, role) in [
        ("tra", "trainee"),
        ("tea", "teacher"),
        ("con", "org_contact"),
    ] {
        let (_, token) = app.account(&admin, name, &[role]).await;
        expect_problem(app.get("/api/v1/courses", &token).await, 403, "forbidden").await;
        expect_problem(
            app.get(&format!("/api/v1/courses/{}", c.id), &token).await,
            403,
            "forbidden",
        )
        .await;
    }
}
