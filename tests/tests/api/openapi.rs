//! The committed `openapi/openapi.json` is what the code serves; regenerate with
//! `cargo xtask openapi`.

use cebase_tests::{TestApp, expect_json};

#[tokio::test]
async fn committed_openapi_document_is_current() {
    let app = TestApp::spawn().await;
    let served: serde_json::Value = expect_json(
        app.client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .expect("sent"),
        200,
    )
    .await;
    let generated = serde_json::to_value(cebase_api::openapi_document()).expect("json");
    assert_eq!(
        served, generated,
        "the served document is the generated one"
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let committed: serde_json::Value = serde_json::from_str(&committed).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale or missing: run `cargo xtask openapi` and commit the result"
    );
}

#[tokio::test]
async fn document_describes_security_and_errors() {
    let doc = serde_json::to_value(cebase_api::openapi_document()).expect("json");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/health",
        "/ready",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/me/password",
        "/api/v1/users",
        "/api/v1/users/{id}",
        "/api/v1/users/{id}/roles",
        "/api/v1/users/{id}/disable",
        "/api/v1/users/{id}/enable",
        "/api/v1/users/{id}/password",
        "/api/v1/audit",
        "/api/v1/audit/verify",
        "/api/v1/organisations",
        "/api/v1/organisations/{id}",
        "/api/v1/partners",
        "/api/v1/partners/{id}",
        "/api/v1/people",
        "/api/v1/people/{id}",
        "/api/v1/teachers",
        "/api/v1/teachers/{id}",
        "/api/v1/teachers/{id}/verify-evidence",
        "/api/v1/courses",
        "/api/v1/courses/{id}",
        "/api/v1/classes",
        "/api/v1/classes/{id}",
        "/api/v1/classes/{id}/transitions",
        "/api/v1/classes/{id}/sessions",
        "/api/v1/classes/{id}/sessions/{session_id}",
        "/api/v1/classes/{id}/enrolments",
        "/api/v1/classes/{id}/enrolments/bulk",
        "/api/v1/classes/{id}/attendance",
        "/api/v1/enrolments/{id}",
        "/api/v1/enrolments/{id}/withdraw",
        "/api/v1/me/enrolments",
        "/api/v1/classes/{id}/assessments",
        "/api/v1/classes/{id}/completion",
        "/api/v1/assessments/{id}",
        "/api/v1/assessments/{id}/results",
        "/api/v1/assessments/{id}/results/{enrolment_id}/history",
        "/api/v1/people/{id}/learning-records",
        "/api/v1/people/{id}/compliance",
        "/api/v1/learning-records/{id}",
        "/api/v1/learning-records/{id}/versions",
        "/api/v1/learning-records/{id}/corrections",
        "/api/v1/organisations/{id}/non-compliant",
        "/api/v1/imports",
        "/api/v1/imports/{id}",
        "/api/v1/imports/{id}/commit",
        "/api/v1/imports/template.xlsx",
        "/api/v1/classes/{id}/roster.xlsx",
        "/api/v1/classes/{id}/attendance.xlsx",
        // --- certificates ---
        "/api/v1/enrolments/{id}/certificate",
        "/api/v1/classes/{id}/certificates",
        "/api/v1/classes/{id}/certificates/eligibility",
        "/api/v1/certificate-batches/{id}",
        "/api/v1/certificates",
        "/api/v1/certificates/{id}",
        "/api/v1/certificates/{id}/revoke",
        "/api/v1/certificates/{id}/reissue",
        "/api/v1/me/certificates",
        "/api/v1/public/certificates/{number}",
    ] {
        assert!(paths.contains_key(p), "{p} is not documented");
    }
    // Every authenticated operation declares the bearer scheme and a problem response.
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            if path.starts_with("/api/v1/auth") || !path.starts_with("/api/v1") {
                continue;
            }
            // Public endpoints (certificate verification) need no login, but still document
            // their problems.
            if path.starts_with("/api/v1/public/") {
                assert!(op["security"].is_null(), "{method} {path} asks for a login");
            } else {
                assert!(op["security"].is_array(), "{method} {path} lacks security");
            }
            let problem_documented = op["responses"]
                .as_object()
                .expect("responses")
                .values()
                .any(|r| r["content"]["application/problem+json"].is_object());
            assert!(
                problem_documented,
                "{method} {path} documents no problem response"
            );
        }
    }
}

#[tokio::test]
async fn interactive_docs_are_served_without_a_cdn() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/api/docs/"))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("swagger"), "swagger ui page");
    assert!(
        !html.contains("cdn.") && !html.contains("unpkg"),
        "no CDN assets"
    );
}
