//! `/teachers`: qualification under Art. 13 computed both ways with every unmet rule explained,
//! evidence verification by staff, the scheduling check other features call, and teachers
//! reading only their own record.

use cebase_api::app::teachers::require_schedulable;
use cebase_domain::master::{PersonDto, TeacherDto};
use cebase_domain::teacher::UnmetRule;
use cebase_tests::{
    TestApp, expect_json, expect_problem, person_body, resident_id, teacher_body, with_version,
};
use serde_json::json;

fn rules(t: &TeacherDto) -> Vec<UnmetRule> {
    t.qualification.unmet.iter().map(|u| u.rule).collect()
}

/// A person `n` and their teacher record.
async fn teacher(
    app: &TestApp,
    token: &str,
    n: u32,
    degree: &str,
    title: &str,
    attested: bool,
) -> TeacherDto {
    let person: PersonDto = app
        .create(
            token,
            "people",
            &person_body(&format!("教师{n}"), &resident_id(n)),
        )
        .await;
    app.create(
        token,
        "teachers",
        &teacher_body(person.id, degree, title, attested),
    )
    .await
}

fn profile(degree: &str, title: &str, attested: bool) -> serde_json::Value {
    let mut body = teacher_body(uuid::Uuid::nil(), degree, title, attested);
    if let Some(o) = body.as_object_mut() {
        o.remove("person_id");
    }
    body
}

#[tokio::test]
async fn qualification_follows_art_13_with_every_unmet_rule_explained() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (staff_id, staff) = app.account(&admin, "staff1", &["staff"]).await;

    // A bachelor with an intermediate title, attested but not yet verified: two rules unmet.
    let t = teacher(&app, &staff, 1, "bachelor", "intermediate", true).await;
    assert_eq!(t.person_name, "教师1");
    assert!(!t.qualification.qualified);
    assert_eq!(
        rules(&t),
        vec![UnmetRule::DegreeOrTitle, UnmetRule::EvidenceNotVerified]
    );
    assert!(
        t.qualification
            .unmet
            .iter()
            .all(|u| u.explanation.contains("Art. 13"))
    );
    assert!(t.qualification.unmet[0].explanation.contains("master"));

    // Staff verify the evidence: only the degree/title rule is left.
    let path = format!("/api/v1/teachers/{}", t.id);
    let verified: TeacherDto = expect_json(
        app.post(&format!("{path}/verify-evidence"), &staff, &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(verified.evidence_verified_by, Some(staff_id));
    assert!(verified.evidence_verified_at.is_some());
    assert_eq!(rules(&verified), vec![UnmetRule::DegreeOrTitle]);

    // An associate-senior title is enough without a master's degree.
    let qualified: TeacherDto = expect_json(
        app.put(
            &path,
            &staff,
            &with_version(
                profile("bachelor", "associate_senior", true),
                verified.version,
            ),
        )
        .await,
        200,
    )
    .await;
    assert!(qualified.qualification.qualified);
    assert!(qualified.qualification.unmet.is_empty());
    assert!(
        qualified.evidence_verified_at.is_some(),
        "kept while attested"
    );

    // Withdrawing the attestation drops the verification; renewing it needs a new one.
    let withdrawn: TeacherDto = expect_json(
        app.put(
            &path,
            &staff,
            &with_version(
                profile("bachelor", "associate_senior", false),
                qualified.version,
            ),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        rules(&withdrawn),
        vec![UnmetRule::LeaderOrBackboneAttestation]
    );
    assert_eq!(withdrawn.evidence_verified_at, None);
    let renewed: TeacherDto = expect_json(
        app.put(
            &path,
            &staff,
            &with_version(
                profile("bachelor", "associate_senior", true),
                withdrawn.version,
            ),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rules(&renewed), vec![UnmetRule::EvidenceNotVerified]);
    expect_problem(
        app.put(
            &path,
            &staff,
            &with_version(profile("doctor", "senior", true), withdrawn.version),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;

    // A doctor without any attestation: nothing to verify.
    let doctor = teacher(&app, &staff, 2, "doctor", "none", false).await;
    assert_eq!(rules(&doctor), vec![UnmetRule::LeaderOrBackboneAttestation]);
    expect_problem(
        app.post(
            &format!("/api/v1/teachers/{}/verify-evidence", doctor.id),
            &staff,
            &json!({}),
        )
        .await,
        409,
        "not_attested",
    )
    .await;

    let audit = app.audit_of(&admin, "teacher", t.id).await;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "teacher.update",
            "teacher.update",
            "teacher.update",
            "teacher.verify_evidence",
            "teacher.create"
        ]
    );
    assert_eq!(
        audit[3]
            .after
            .as_ref()
            .map(|a| a["qualification"]["unmet"][0]["rule"].clone()),
        Some(json!("degree_or_title"))
    );
}

#[tokio::test]
async fn scheduling_refuses_an_unqualified_teacher_naming_each_rule_and_art_13() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let unqualified = teacher(&app, &admin, 1, "associate", "junior", false).await;
    let err = require_schedulable(&app.db, unqualified.id, "sessions[0].teacher_id")
        .await
        .expect_err("not qualified");
    let problem = err.to_problem();
    assert_eq!(
        (problem.status, problem.code.as_str()),
        (422, "teacher_not_qualified")
    );
    let named: Vec<(&str, &str)> = problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        named,
        vec![
            ("sessions[0].teacher_id", "degree_or_title"),
            ("sessions[0].teacher_id", "leader_or_backbone_attestation"),
        ]
    );
    assert!(problem.errors.iter().all(|e| e.message.contains("Art. 13")));
    assert!(problem.detail.unwrap_or_default().contains("Art. 13"));

    let good = teacher(&app, &admin, 2, "master", "none", true).await;
    expect_json::<TeacherDto>(
        app.post(
            &format!("/api/v1/teachers/{}/verify-evidence", good.id),
            &admin,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    let scheduled = require_schedulable(&app.db, good.id, "teacher_id")
        .await
        .expect("qualified");
    assert_eq!(scheduled.id, good.id);

    let missing = require_schedulable(&app.db, uuid::Uuid::new_v4(), "teacher_id")
        .await
        .expect_err("no such teacher")
        .to_problem();
    assert_eq!(missing.code, "validation_failed");
    assert_eq!(
        (
            missing.errors[0].field.as_str(),
            missing.errors[0].code.as_str()
        ),
        ("teacher_id", "not_found")
    );

    // The registry filters by qualification.
    let q: serde_json::Value = expect_json(
        app.get("/api/v1/teachers?qualified=true", &admin).await,
        200,
    )
    .await;
    assert_eq!(q["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(q["items"][0]["id"], json!(good.id));
    let not: serde_json::Value = expect_json(
        app.get("/api/v1/teachers?qualified=false", &admin).await,
        200,
    )
    .await;
    assert_eq!(not["items"][0]["id"], json!(unqualified.id));
    assert_eq!(not["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_person_has_one_teacher_record_and_references_must_exist() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let t = teacher(&app, &admin, 1, "master", "none", true).await;
    expect_problem(
        app.post(
            "/api/v1/teachers",
            &admin,
            &teacher_body(t.person_id, "doctor", "senior", true),
        )
        .await,
        409,
        "teacher_exists",
    )
    .await;
    let mut body = teacher_body(uuid::Uuid::new_v4(), "doctor", "senior", true);
    body["affiliation"] = json!("单".repeat(201));
    let problem = expect_problem(
        app.post("/api/v1/teachers", &admin, &body).await,
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
        vec![("affiliation", "length"), ("person_id", "not_found")]
    );
    expect_problem(
        app.post(
            "/api/v1/teachers",
            &admin,
            &json!({"person_id": t.person_id, "employment": "sometimes", "degree": "master", "title_level": "none", "leader_attested": true}),
        )
        .await,
        400,
        "invalid_json",
    )
    .await;
}

#[tokio::test]
async fn teachers_read_only_their_own_record_and_cannot_verify_evidence() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (teacher_user, teacher_token) = app.account(&admin, "teacher1", &["teacher"]).await;
    let mut mine = person_body("李老师", &resident_id(1));
    mine["user_id"] = json!(teacher_user);
    let me: PersonDto = app.create(&admin, "people", &mine).await;
    let own: TeacherDto = app
        .create(
            &admin,
            "teachers",
            &teacher_body(me.id, "doctor", "senior", true),
        )
        .await;
    let other = teacher(&app, &admin, 2, "master", "none", true).await;

    let read: TeacherDto = expect_json(
        app.get(&format!("/api/v1/teachers/{}", own.id), &teacher_token)
            .await,
        200,
    )
    .await;
    assert_eq!(read, own);
    expect_problem(
        app.get(&format!("/api/v1/teachers/{}", other.id), &teacher_token)
            .await,
        404,
        "not_found",
    )
    .await;
    let page: serde_json::Value =
        expect_json(app.get("/api/v1/teachers", &teacher_token).await, 200).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["items"][0]["id"], json!(own.id));
    // Their own person record, masked; nobody else's.
    let person: PersonDto = expect_json(
        app.get(&format!("/api/v1/people/{}", me.id), &teacher_token)
            .await,
        200,
    )
    .await;
    assert!(person.id_number_masked);
    expect_problem(
        app.get(
            &format!("/api/v1/people/{}", other.person_id),
            &teacher_token,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // No teacher verifies evidence, not even their own.
    for id in [own.id, other.id] {
        expect_problem(
            app.post(
                &format!("/api/v1/teachers/{id}/verify-evidence"),
                &teacher_token,
                &json!({}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    expect_problem(
        app.put(
            &format!("/api/v1/teachers/{}", own.id),
            &teacher_token,
            &with_version(profile("doctor", "senior", true), 1),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // Trainees, organisation contacts, finance and reviewers read no teacher records.
    for (name, role) in [
        ("tra", "trainee"),
        ("con", "org_contact"),
        ("fin", "finance"),
        ("rev", "reviewer"),
    ] {
        let (_, token) = app.account(&admin, name, &[role]).await;
        expect_problem(app.get("/api/v1/teachers", &token).await, 403, "forbidden").await;
        expect_problem(
            app.get(&format!("/api/v1/teachers/{}", own.id), &token)
                .await,
            403,
            "forbidden",
        )
        .await;
    }
}
