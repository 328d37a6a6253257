//! Learning records as immutable versions, annual compliance from the current versions, and the
//! non-compliant people of an organisation — each readable as people are.

use cebase_domain::dto::Page;
use cebase_domain::training::{ComplianceDto, LearningRecordDto};
use cebase_tests::{TestApp, TrainedClass, expect_json, expect_problem};
use serde_json::json;
use uuid::Uuid;

/// The fixture's class completed: person 1 has a record of 30 public-required and 60
/// professional hours in 2026.
async fn completed(app: &TestApp, admin: &str) -> (TrainedClass, LearningRecordDto) {
    let f = TrainedClass::build(app, admin).await;
    f.run(app, admin).await;
    app.transition(&f.staff, f.class.id, "complete").await;
    let records: Page<LearningRecordDto> = expect_json(
        app.get(
            &format!(
                "/api/v1/people/{}/learning-records",
                f.enrolments[0].person_id
            ),
            admin,
        )
        .await,
        200,
    )
    .await;
    let record = records.items.into_iter().next().expect("a record");
    (f, record)
}

fn correction(record: &LearningRecordDto, public: f64, professional: f64) -> serde_json::Value {
    json!({
        "year": record.year,
        "form": record.form,
        "content": record.content,
        "public_required_hours": public,
        "professional_hours": professional,
        "assessment_result": record.assessment_result,
        "reason": "课时统计有误，据教学日程更正",
        "version": record.version,
    })
}

async fn compliance(app: &TestApp, token: &str, person: Uuid, year: i32) -> ComplianceDto {
    expect_json(
        app.get(
            &format!("/api/v1/people/{person}/compliance?year={year}"),
            token,
        )
        .await,
        200,
    )
    .await
}

#[tokio::test]
async fn corrections_are_new_versions_and_compliance_follows_the_current_one() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (f, record) = completed(&app, &admin).await;
    let person = f.enrolments[0].person_id;

    // 30 public + 60 professional = 90, two thirds professional: compliant.
    let figures = compliance(&app, &f.trainee, person, 2026).await;
    assert_eq!(
        (
            figures.public_required_hours,
            figures.professional_hours,
            figures.total_hours
        ),
        (30.0, 60.0, 90.0)
    );
    assert_eq!(
        (figures.required_hours, figures.required_professional_hours),
        (90.0, 60.0)
    );
    assert_eq!(
        (
            figures.total_shortfall_hours,
            figures.professional_shortfall_hours
        ),
        (0.0, 0.0)
    );
    assert!(figures.compliant);
    let other_year = compliance(&app, &f.trainee, person, 2025).await;
    assert_eq!(
        (
            other_year.total_hours,
            other_year.total_shortfall_hours,
            other_year.compliant
        ),
        (0.0, 90.0, false)
    );

    // Corrections: staff only, with a reason, based on the current version.
    let path = format!("/api/v1/learning-records/{}/corrections", record.id);
    let body = correction(&record, 40.0, 40.0);
    expect_problem(app.post(&path, &f.teacher, &body).await, 403, "forbidden").await;
    expect_problem(app.post(&path, &f.trainee, &body).await, 403, "forbidden").await;
    let mut no_reason = body.clone();
    no_reason["reason"] = json!(" ");
    let problem = expect_problem(
        app.post(&path, &f.staff, &no_reason).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].field, "reason");
    let res = app.post(&path, &f.staff, &body).await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let v2: LearningRecordDto = expect_json(res, 201).await;
    assert_eq!(
        location,
        Some(format!("/api/v1/learning-records/{}", record.id))
    );
    assert_eq!((v2.id, v2.version), (record.id, 2));
    assert_eq!(
        (v2.public_required_hours, v2.professional_hours),
        (40.0, 40.0)
    );
    assert_eq!(v2.reason.as_deref(), Some("课时统计有误，据教学日程更正"));
    assert_eq!(v2.created_by, f.staff_id);
    // A correction based on the superseded version is refused.
    expect_problem(
        app.post(&path, &f.staff, &body).await,
        409,
        "version_conflict",
    )
    .await;

    // The list shows the current version; the versions keep the first unchanged.
    let list: Page<LearningRecordDto> = expect_json(
        app.get(
            &format!("/api/v1/people/{person}/learning-records"),
            &f.trainee,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(list.items, vec![v2.clone()]);
    let versions: Page<LearningRecordDto> = expect_json(
        app.get(
            &format!("/api/v1/learning-records/{}/versions", record.id),
            &f.trainee,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(versions.items, vec![record.clone(), v2.clone()]);
    let audit = app.audit_of(&admin, "learning_record", record.id).await;
    assert_eq!(audit[0].action, "learning_record.correct");
    assert_eq!(
        audit[0].before.as_ref().map(|b| b["version"].clone()),
        Some(json!(1))
    );
    assert_eq!(
        audit[0].after.as_ref().map(|a| a["version"].clone()),
        Some(json!(2))
    );

    // 40 + 40: 10 hours short of 90, 20 short of the 60 professional.
    let figures = compliance(&app, &f.contact_a, person, 2026).await;
    assert_eq!(figures.total_hours, 80.0);
    assert_eq!(
        (
            figures.total_shortfall_hours,
            figures.professional_shortfall_hours
        ),
        (10.0, 20.0)
    );
    assert!(!figures.compliant);
    expect_problem(
        app.get(
            &format!("/api/v1/people/{person}/compliance?year=1999"),
            &admin,
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.get(&format!("/api/v1/people/{person}/compliance"), &admin)
            .await,
        400,
        "invalid_query",
    )
    .await;
}

#[tokio::test]
async fn thresholds_come_from_configuration() {
    let app = TestApp::spawn_with(|s| {
        s.compliance.annual_hours = cebase_domain::learning::CreditTenths::from_hours(72);
        s.compliance.professional_numerator = 1;
        s.compliance.professional_denominator = 2;
    })
    .await;
    let admin = app.admin_token().await;
    let (f, _) = completed(&app, &admin).await;
    let figures = compliance(&app, &admin, f.enrolments[0].person_id, 2026).await;
    assert_eq!(
        (figures.required_hours, figures.required_professional_hours),
        (72.0, 36.0)
    );
    assert!(figures.compliant);
}

#[tokio::test]
async fn records_and_compliance_are_visible_as_people_are() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (f, record) = completed(&app, &admin).await;
    let own = f.enrolments[0].person_id;
    let colleague = f.enrolments[1].person_id;
    let records = |p: Uuid| format!("/api/v1/people/{p}/learning-records");

    // The trainee reads their own record, not someone else's.
    expect_json::<Page<LearningRecordDto>>(app.get(&records(own), &f.trainee).await, 200).await;
    expect_problem(
        app.get(&records(colleague), &f.trainee).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get(
            &format!("/api/v1/people/{colleague}/compliance?year=2026"),
            &f.trainee,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // The contact of the person's employer reads it; another organisation's contact does not.
    expect_json::<Page<LearningRecordDto>>(app.get(&records(own), &f.contact_a).await, 200).await;
    expect_problem(app.get(&records(own), &f.contact_b).await, 404, "not_found").await;
    let versions = format!("/api/v1/learning-records/{}/versions", record.id);
    expect_problem(app.get(&versions, &f.contact_b).await, 404, "not_found").await;
    expect_problem(
        app.get(
            &format!("/api/v1/learning-records/{}", record.id),
            &f.contact_b,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // Finance sees no people.
    let (_, finance) = app.account(&admin, "finance1", &["finance"]).await;
    expect_problem(app.get(&records(own), &finance).await, 403, "forbidden").await;
    expect_problem(app.get(&versions, &finance).await, 403, "forbidden").await;
    let read: LearningRecordDto = expect_json(
        app.get(&format!("/api/v1/learning-records/{}", record.id), &f.staff)
            .await,
        200,
    )
    .await;
    assert_eq!(read, record);
}

#[tokio::test]
async fn an_organisation_sees_its_non_compliant_people() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (f, record) = completed(&app, &admin).await;
    let path = |org: Uuid, extra: &str| {
        format!("/api/v1/organisations/{org}/non-compliant?year=2026{extra}")
    };
    // Organisation A employs persons 1, 2, 3, 5 and its contact (102); person 1 is compliant.
    let (items, pages) = app
        .collect_pages::<ComplianceDto>(&f.contact_a, &path(f.org_a.id, "&limit=2"))
        .await;
    assert_eq!(pages, 2);
    let people: Vec<Uuid> = items.iter().map(|c| c.person_id).collect();
    assert_eq!(people.len(), 4, "{items:?}");
    assert!(!people.contains(&f.enrolments[0].person_id));
    assert!(people.contains(&f.enrolments[1].person_id));
    assert!(
        items
            .iter()
            .all(|c| !c.compliant && c.total_shortfall_hours == 90.0)
    );
    // Once person 1's record is corrected to 40 + 40, they are listed too, with their figures.
    expect_json::<LearningRecordDto>(
        app.post(
            &format!("/api/v1/learning-records/{}/corrections", record.id),
            &admin,
            &correction(&record, 40.0, 40.0),
        )
        .await,
        201,
    )
    .await;
    let all: Page<ComplianceDto> =
        expect_json(app.get(&path(f.org_a.id, ""), &f.staff).await, 200).await;
    assert_eq!(all.items.len(), 5);
    assert_eq!(all.next_cursor, None);
    let first = all
        .items
        .iter()
        .find(|c| c.person_id == f.enrolments[0].person_id)
        .expect("listed");
    assert_eq!(
        (
            first.total_hours,
            first.total_shortfall_hours,
            first.professional_shortfall_hours
        ),
        (80.0, 10.0, 20.0)
    );
    assert_eq!(first.person_name, "学员1");

    // Another organisation's contact, roles without people, unknown organisations.
    expect_problem(
        app.get(&path(f.org_a.id, ""), &f.contact_b).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get(&path(f.org_a.id, ""), &f.trainee).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.get(&path(Uuid::new_v4(), ""), &admin).await,
        404,
        "not_found",
    )
    .await;
    let theirs: Page<ComplianceDto> =
        expect_json(app.get(&path(f.org_b.id, ""), &f.contact_b).await, 200).await;
    assert_eq!(theirs.items.len(), 2, "person 4 and the contact");
}
