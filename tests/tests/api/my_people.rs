//! What the SPA's "my people" page and learning-record history need beyond the rest: an
//! organisation contact registers colleagues (employed by their own organisation, no login
//! account; nothing written when refused) and enrols them; learning-record versions name the
//! account that wrote each one.

use cebase_domain::dto::Page;
use cebase_domain::master::{
    OrganisationDto, PersonDto, PersonRegistrationDto, RegistrationStatus,
};
use cebase_domain::training::{BulkEnrolmentResponse, ClassDto, LearningRecordDto};
use cebase_tests::{
    TestApp, TrainedClass, class_body, credit_code, expect_json, expect_problem, organisation_body,
    person_body, resident_id,
};
use serde_json::json;

/// The administrator's account id.
async fn admin_user(app: &TestApp, admin: &str) -> uuid::Uuid {
    let me: serde_json::Value = expect_json(app.get("/api/v1/me", admin).await, 200).await;
    me["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("the administrator's id")
}

/// How many people staff see.
async fn people_count(app: &TestApp, admin: &str) -> usize {
    app.collect_pages::<PersonDto>(admin, "/api/v1/people?limit=200")
        .await
        .0
        .len()
}

#[tokio::test]
async fn organisation_contacts_register_colleagues_of_their_own_organisation_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let ours: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("本单位", &credit_code(1)),
        )
        .await;
    let theirs: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("外单位", &credit_code(2)),
        )
        .await;
    let (contact_user, contact) = app.account(&admin, "contact", &["org_contact"]).await;
    app.person(&admin, 1, Some(ours.id), Some(contact_user))
        .await;
    let (loner_user, loner) = app.account(&admin, "loner", &["org_contact"]).await;
    app.person(&admin, 2, None, Some(loner_user)).await;
    let (_, trainee) = app.account(&admin, "trainee", &["trainee"]).await;
    let (_, teacher) = app.account(&admin, "teacher", &["teacher"]).await;
    let (spare_user, _) = app.account(&admin, "spare", &["trainee"]).await;

    // Without an employer given, the contact's organisation is recorded; the number is masked.
    // A contact files a registration (202); the person is on file once staff approve it.
    let res = app
        .post(
            "/api/v1/people",
            &contact,
            &person_body("同事甲", &resident_id(10)),
        )
        .await;
    let filed: PersonRegistrationDto = expect_json(res, 202).await;
    assert_eq!(filed.organisation_id, ours.id);
    assert_eq!(filed.status, RegistrationStatus::Pending);
    assert!(filed.id_number_masked);
    assert_eq!(
        filed.id_number,
        format!("110105********{}", &resident_id(10)[14..])
    );
    let colleague = app.approve_registration(&admin, filed.id).await;
    let colleague: PersonDto = expect_json(
        app.get(&format!("/api/v1/people/{}", colleague.id), &contact)
            .await,
        200,
    )
    .await;
    assert_eq!(colleague.employer_id, Some(ours.id));
    assert!(colleague.id_number_masked);
    assert_eq!(
        colleague.id_number,
        format!("110105********{}", &resident_id(10)[14..])
    );
    // Naming the own organisation is the same.
    let mut explicit = person_body("同事乙", &resident_id(11));
    explicit["employer_id"] = json!(ours.id);
    let second = app.registered_by_contact(&admin, &contact, &explicit).await;
    assert_eq!(second.employer_id, Some(ours.id));
    // Both are in the contact's list of people; the registration is the contact's in the audit
    // trail, the person the deciding staff member's.
    let (listed, _) = app
        .collect_pages::<PersonDto>(&contact, "/api/v1/people")
        .await;
    let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"同事甲") && names.contains(&"同事乙"),
        "{names:?}"
    );
    let filed_audit = app.audit_of(&admin, "person_registration", filed.id).await;
    let actions: Vec<(&str, Option<uuid::Uuid>)> = filed_audit
        .iter()
        .map(|e| (e.action.as_str(), e.actor_id))
        .collect();
    assert_eq!(
        actions,
        [
            (
                "person_registration.approve",
                Some(admin_user(&app, &admin).await)
            ),
            ("person_registration.create", Some(contact_user)),
        ]
    );
    let audit = app.audit_of(&admin, "person", colleague.id).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "person.create");
    assert_ne!(audit[0].actor_id, Some(contact_user));

    // Refusals write nothing.
    let before = people_count(&app, &admin).await;
    let mut elsewhere = person_body("外人", &resident_id(12));
    elsewhere["employer_id"] = json!(theirs.id);
    elsewhere["user_id"] = json!(spare_user);
    let problem = expect_problem(
        app.post("/api/v1/people", &contact, &elsewhere).await,
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
        [
            ("employer_id", "not_own_organisation"),
            ("user_id", "not_permitted")
        ]
    );
    // The person rules apply as for staff (GB 11643-1999 check character).
    let mut bad_check = resident_id(13);
    let last = if bad_check.ends_with('0') { "1" } else { "0" };
    bad_check.replace_range(17.., last);
    let problem = expect_problem(
        app.post(
            "/api/v1/people",
            &contact,
            &person_body("校验错", &bad_check),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].field, "id_number");
    // A document on file is a duplicate for staff; a contact is not told (see
    // person_registrations.rs), and nothing is put on file until staff decide.
    expect_problem(
        app.post(
            "/api/v1/people",
            &admin,
            &person_body("重复", &resident_id(10)),
        )
        .await,
        409,
        "person_duplicate",
    )
    .await;
    let again: PersonRegistrationDto = expect_json(
        app.post(
            "/api/v1/people",
            &contact,
            &person_body("重复", &resident_id(10)),
        )
        .await,
        202,
    )
    .await;
    assert_eq!(again.status, RegistrationStatus::Pending);
    // A contact without an organisation, trainees and teachers register no one.
    for token in [&loner, &trainee, &teacher] {
        expect_problem(
            app.post(
                "/api/v1/people",
                token,
                &person_body("无权", &resident_id(14)),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(people_count(&app, &admin).await, before);

    // Changing people stays with staff.
    expect_problem(
        app.put(
            &format!("/api/v1/people/{}", colleague.id),
            &contact,
            &json!({
                "name": "改名",
                "id_kind": "resident_id",
                "id_number": resident_id(10),
                "title_level": "none",
                "degree": "none",
                "version": colleague.version,
            }),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    // The contact enrols both colleagues in an open class at once.
    let mut body = class_body("数字化转型研修班", 10);
    body["open_enrolment"] = json!(true);
    let class: ClassDto = app.create(&admin, "classes", &body).await;
    app.transition(&admin, class.id, "open").await;
    let enrolled: BulkEnrolmentResponse = expect_json(
        app.post(
            &format!("/api/v1/classes/{}/enrolments/bulk", class.id),
            &contact,
            &json!({"person_ids": [colleague.id, second.id]}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(enrolled.items.len(), 2);
    assert_eq!(app.class(&admin, class.id).await.enrolled_count, 2);
}

#[tokio::test]
async fn learning_record_versions_name_who_wrote_them() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    f.run(&app, &admin).await;
    app.transition(&f.staff, f.class.id, "complete").await;
    let person = f.enrolments[0].person_id;
    let records: Page<LearningRecordDto> = expect_json(
        app.get(
            &format!("/api/v1/people/{person}/learning-records"),
            &f.trainee,
        )
        .await,
        200,
    )
    .await;
    let record = records.items.into_iter().next().expect("a record");
    // Written at completion by staff1 (display name "测试 staff1").
    assert_eq!(record.created_by, f.staff_id);
    assert_eq!(record.created_by_name.as_deref(), Some("测试 staff1"));

    let (_, corrector) = app.account(&admin, "staff2", &["staff"]).await;
    let v2: LearningRecordDto = expect_json(
        app.post(
            &format!("/api/v1/learning-records/{}/corrections", record.id),
            &corrector,
            &json!({
                "year": record.year,
                "form": record.form,
                "content": record.content,
                "public_required_hours": 30.0,
                "professional_hours": 61.5,
                "assessment_result": record.assessment_result,
                "reason": "补记专业科目学时",
                "version": record.version,
            }),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(v2.created_by_name.as_deref(), Some("测试 staff2"));

    let versions: Page<LearningRecordDto> = expect_json(
        app.get(
            &format!("/api/v1/learning-records/{}/versions", record.id),
            &f.contact_a,
        )
        .await,
        200,
    )
    .await;
    let who: Vec<(i32, Option<&str>, Option<&str>)> = versions
        .items
        .iter()
        .map(|v| (v.version, v.created_by_name.as_deref(), v.reason.as_deref()))
        .collect();
    assert_eq!(
        who,
        [
            (1, Some("测试 staff1"), None),
            (2, Some("测试 staff2"), Some("补记专业科目学时"))
        ]
    );
    let current: LearningRecordDto = expect_json(
        app.get(
            &format!("/api/v1/learning-records/{}", record.id),
            &f.trainee,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(current, v2);
}
