//! Person registrations (hardening, defect 8): an organisation contact's `POST /people` files a
//! registration that staff decide. The contact's answer never tells whether the document is on
//! file, and nobody employed elsewhere is moved into the contact's organisation without staff.

use cebase_domain::dto::Page;
use cebase_domain::master::{
    OrganisationDto, PersonDto, PersonRegistrationDto, RegistrationStatus,
};
use cebase_tests::{
    TestApp, credit_code, expect_json, expect_problem, organisation_body, person_body, resident_id,
};
use serde_json::json;

/// The parts of a contact's answer that could differ between a new document and one on file.
fn shape(r: &PersonRegistrationDto) -> serde_json::Value {
    json!({
        "status": r.status,
        "person_id": r.person_id,
        "on_file": r.on_file,
        "masked": r.id_number_masked,
        "reason": r.reason,
        "decided_by": r.decided_by,
        "version": r.version,
    })
}

#[tokio::test]
async fn a_contact_cannot_tell_whether_a_document_is_on_file_and_staff_decide() {
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
    let (other_user, other_contact) = app.account(&admin, "other", &["org_contact"]).await;
    app.person(&admin, 2, Some(theirs.id), Some(other_user))
        .await;
    // On file: someone employed elsewhere and a colleague.
    let mut elsewhere = person_body("外单位员工", &resident_id(20));
    elsewhere["employer_id"] = json!(theirs.id);
    let elsewhere: PersonDto = app.create(&admin, "people", &elsewhere).await;
    let mut colleague = person_body("本单位员工", &resident_id(21));
    colleague["employer_id"] = json!(ours.id);
    let colleague: PersonDto = app.create(&admin, "people", &colleague).await;
    let people_before = app
        .collect_pages::<PersonDto>(&admin, "/api/v1/people?limit=200")
        .await
        .0;

    // Three registrations: a new document, one on file elsewhere, one on file here. Each is
    // answered alike: 202, pending, masked, nothing about anyone on file.
    let file = |name: &'static str, n: u32| {
        let app = &app;
        let contact = &contact;
        async move {
            let res = app
                .post(
                    "/api/v1/people",
                    contact,
                    &person_body(name, &resident_id(n)),
                )
                .await;
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let filed: PersonRegistrationDto = expect_json(res, 202).await;
            assert_eq!(
                location,
                Some(format!("/api/v1/person-registrations/{}", filed.id))
            );
            filed
        }
    };
    let new = file("新人", 22).await;
    let moved = file("外单位员工", 20).await;
    let known = file("本单位员工", 21).await;
    for r in [&moved, &known] {
        assert_eq!(shape(r), shape(&new));
    }
    assert_eq!(new.status, RegistrationStatus::Pending);
    assert!(new.on_file.is_none() && new.person_id.is_none());
    // Nobody was put on file or moved.
    let people_after = app
        .collect_pages::<PersonDto>(&admin, "/api/v1/people?limit=200")
        .await
        .0;
    assert_eq!(people_after, people_before);
    // Filing a pending document again answers the same registration.
    assert_eq!(file("新人", 22).await.id, new.id);

    // Staff see the queue with full numbers and who is on file with each document.
    let queue: Page<PersonRegistrationDto> = expect_json(
        app.get("/api/v1/person-registrations?status=pending", &admin)
            .await,
        200,
    )
    .await;
    let ids: Vec<_> = queue.items.iter().map(|r| r.id).collect();
    assert_eq!(ids, [new.id, moved.id, known.id]);
    let on_file: Vec<Option<(uuid::Uuid, Option<uuid::Uuid>)>> = queue
        .items
        .iter()
        .map(|r| r.on_file.as_ref().map(|p| (p.person_id, p.employer_id)))
        .collect();
    assert_eq!(
        on_file,
        [
            None,
            Some((elsewhere.id, Some(theirs.id))),
            Some((colleague.id, Some(ours.id)))
        ]
    );
    assert!(queue.items.iter().all(|r| !r.id_number_masked));
    assert_eq!(queue.items[0].id_number, resident_id(22));

    // The contact sees their organisation's registrations, masked; the other organisation's
    // contact sees none of them and cannot read one.
    let mine: Page<PersonRegistrationDto> =
        expect_json(app.get("/api/v1/person-registrations", &contact).await, 200).await;
    assert_eq!(mine.items.len(), 3);
    assert!(
        mine.items
            .iter()
            .all(|r| r.id_number_masked && r.on_file.is_none())
    );
    let theirs_list: Page<PersonRegistrationDto> = expect_json(
        app.get("/api/v1/person-registrations", &other_contact)
            .await,
        200,
    )
    .await;
    assert!(theirs_list.items.is_empty());
    expect_problem(
        app.get(
            &format!("/api/v1/person-registrations/{}", new.id),
            &other_contact,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // Trainees, teachers and finance read none; contacts decide none.
    for (name, roles) in [
        ("trainee1", "trainee"),
        ("teacher1", "teacher"),
        ("finance1", "finance"),
    ] {
        let (_, token) = app.account(&admin, name, &[roles]).await;
        expect_problem(
            app.get("/api/v1/person-registrations", &token).await,
            403,
            "forbidden",
        )
        .await;
    }
    let decision = |r: &PersonRegistrationDto, body: serde_json::Value| {
        (
            format!("/api/v1/person-registrations/{}/decision", r.id),
            body,
        )
    };
    let (path, body) = decision(
        &moved,
        json!({"decision": "approve", "version": moved.version}),
    );
    expect_problem(app.post(&path, &contact, &body).await, 403, "forbidden").await;

    // Approving the one on file elsewhere records them as employed here, as staff's change.
    let approved: PersonRegistrationDto =
        expect_json(app.post(&path, &admin, &body).await, 200).await;
    assert_eq!(approved.status, RegistrationStatus::Approved);
    assert_eq!(approved.person_id, Some(elsewhere.id));
    let now: PersonDto = expect_json(
        app.get(&format!("/api/v1/people/{}", elsewhere.id), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(now.employer_id, Some(ours.id));
    assert_eq!(now.name, "外单位员工", "approval changes the employer only");
    let audit = app.audit_of(&admin, "person", elsewhere.id).await;
    assert_eq!(audit[0].action, "person.update");
    assert_ne!(audit[0].actor_id, Some(contact_user));
    // Deciding it again is refused and changes nothing.
    let again = json!({"decision": "reject", "reason": "重复", "version": approved.version});
    expect_problem(
        app.post(&path, &admin, &again).await,
        409,
        "registration_decided",
    )
    .await;

    // Approving the colleague already here moves no one and creates no one.
    let (path, body) = decision(
        &known,
        json!({"decision": "approve", "version": known.version}),
    );
    let approved: PersonRegistrationDto =
        expect_json(app.post(&path, &admin, &body).await, 200).await;
    assert_eq!(approved.person_id, Some(colleague.id));

    // A rejection needs its reason; a stale version is refused; the contact reads the reason.
    let (path, _) = decision(&new, json!({}));
    let problem = expect_problem(
        app.post(
            &path,
            &admin,
            &json!({"decision": "reject", "version": new.version}),
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
        ("reason", "required")
    );
    expect_problem(
        app.post(
            &path,
            &admin,
            &json!({"decision": "reject", "reason": "查无此人", "version": new.version + 1}),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;
    let _: PersonRegistrationDto = expect_json(
        app.post(
            &path,
            &admin,
            &json!({"decision": "reject", "reason": "查无此人", "version": new.version}),
        )
        .await,
        200,
    )
    .await;
    let seen: PersonRegistrationDto = expect_json(
        app.get(
            &format!("/api/v1/person-registrations/{}", new.id),
            &contact,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(seen.status, RegistrationStatus::Rejected);
    assert_eq!(seen.reason.as_deref(), Some("查无此人"));
    assert!(seen.person_id.is_none());
    // The rejected document was never put on file.
    let (listed, _) = app
        .collect_pages::<PersonDto>(
            &admin,
            &format!("/api/v1/people?id_number={}", resident_id(22)),
        )
        .await;
    assert!(listed.is_empty());
}
