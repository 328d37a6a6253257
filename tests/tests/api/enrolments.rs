//! Enrolment: the capacity is never exceeded, even by concurrent requests; a person is enrolled
//! once per class; withdrawal frees the seat; bulk enrolment is all or nothing; each source
//! (trainee, organisation contact, staff) enrols only whom it may.

use cebase_domain::class::ClassStatus;
use cebase_domain::dto::Page;
use cebase_domain::master::{OrganisationDto, PersonDto};
use cebase_domain::training::{
    BulkEnrolmentResponse, ClassDto, EnrolmentDto, EnrolmentPlan, EnrolmentSource, EnrolmentStatus,
};
use cebase_store::enrolments::{self as store_enrolments, NewEnrolment};
use cebase_store::{ConnectionTrait, StoreError, TransactionTrait};
use cebase_tests::{
    TestApp, class_body, credit_code, expect_json, expect_problem, organisation_body,
};
use futures_util::future::join_all;
use serde_json::json;
use uuid::Uuid;

fn enrol_path(class: Uuid) -> String {
    format!("/api/v1/classes/{class}/enrolments")
}

async fn enrol(app: &TestApp, token: &str, class: Uuid, person: Uuid) -> reqwest::Response {
    app.post(&enrol_path(class), token, &json!({"person_id": person}))
        .await
}

/// Every enrolment of a class with `status`, as staff see them.
async fn enrolments(app: &TestApp, token: &str, class: Uuid, status: &str) -> Vec<EnrolmentDto> {
    app.collect_pages::<EnrolmentDto>(
        token,
        &format!("{}?status={status}&limit=200", enrol_path(class)),
    )
    .await
    .0
}

async fn people(app: &TestApp, token: &str, range: std::ops::Range<u32>) -> Vec<PersonDto> {
    let mut people = Vec::new();
    for n in range {
        people.push(app.person(token, n, None, None).await);
    }
    people
}

#[tokio::test]
async fn capacity_is_never_exceeded_by_concurrent_enrolments() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let class: ClassDto = app
        .create(&admin, "classes", &class_body("热门研修班", 5))
        .await;
    let everyone = people(&app, &admin, 0..50).await;

    // Ten times the capacity, all at once, each a different person.
    let responses = join_all(everyone.iter().map(|p| enrol(&app, &admin, class.id, p.id))).await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "no server errors: {statuses:?}"
    );
    let mut created = Vec::new();
    for res in responses {
        if res.status() == 201 {
            created.push(expect_json::<EnrolmentDto>(res, 201).await.person_id);
        } else {
            expect_problem(res, 409, "class_full").await;
        }
    }
    assert_eq!(created.len(), 5, "{statuses:?}");
    let seen = app.class(&admin, class.id).await;
    assert_eq!((seen.enrolled_count, seen.seats_left), (5, 0));
    let active = enrolments(&app, &admin, class.id, "enrolled").await;
    assert_eq!(active.len(), 5, "enrolled_count equals the active rows");
    let mut active: Vec<Uuid> = active.iter().map(|e| e.person_id).collect();
    active.sort_unstable();
    created.sort_unstable();
    assert_eq!(active, created);
    assert!(
        enrolments(&app, &admin, class.id, "withdrawn")
            .await
            .is_empty()
    );
}

/// The seat update keeps the capacity on its own: enrolments in plain concurrent transactions
/// (without `begin_write`'s serialisation of audited writers) still cannot oversell, and the
/// database refuses a seat count above the capacity outright.
#[tokio::test]
async fn the_conditional_seat_update_alone_keeps_the_capacity() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let me: cebase_domain::dto::UserDto =
        expect_json(app.get("/api/v1/me", &admin).await, 200).await;
    let class: ClassDto = app
        .create(&admin, "classes", &class_body("并发班", 3))
        .await;
    let everyone = people(&app, &admin, 0..12).await;
    let outcomes = join_all(everyone.iter().map(|p| {
        let db = app.db.clone();
        let (class, person, by) = (class.id, p.id, me.id);
        async move {
            let txn = db.begin().await.expect("transaction");
            let item = NewEnrolment {
                person_id: person,
                plan: EnrolmentPlan::New,
                source: EnrolmentSource::Staff,
            };
            match store_enrolments::enrol(&txn, class, &[item], by).await {
                Ok(_) => txn
                    .commit()
                    .await
                    .map(|()| "enrolled")
                    .map_err(|e| e.to_string()),
                Err(StoreError::Conflict(code)) => Ok(code.as_str()),
                Err(e) => Err(format!("{e:?}")),
            }
        }
    }))
    .await;
    let outcomes: Vec<&str> = outcomes
        .into_iter()
        .map(|o| o.expect("no database errors"))
        .collect();
    assert_eq!(
        outcomes.iter().filter(|o| **o == "enrolled").count(),
        3,
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .all(|o| *o == "enrolled" || *o == "class_full"),
        "{outcomes:?}"
    );
    assert_eq!(app.class(&admin, class.id).await.enrolled_count, 3);
    assert_eq!(
        enrolments(&app, &admin, class.id, "enrolled").await.len(),
        3
    );
    // The CHECK constraint backs the invariant up.
    let over = app
        .db
        .execute_unprepared("UPDATE classes SET enrolled_count = capacity + 1")
        .await;
    assert!(over.is_err(), "enrolled_count above capacity was accepted");
}

#[tokio::test]
async fn a_person_enrolled_twice_at_once_is_enrolled_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let class: ClassDto = app
        .create(&admin, "classes", &class_body("研修班", 10))
        .await;
    let person = app.person(&admin, 1, None, None).await;
    let responses = join_all((0..10).map(|_| enrol(&app, &admin, class.id, person.id))).await;
    let mut created = 0;
    for res in responses {
        if res.status() == 201 {
            created += 1;
        } else {
            expect_problem(res, 409, "already_enrolled").await;
        }
    }
    assert_eq!(created, 1);
    assert_eq!(app.class(&admin, class.id).await.enrolled_count, 1);
    assert_eq!(
        enrolments(&app, &admin, class.id, "enrolled").await.len(),
        1
    );
}

#[tokio::test]
async fn withdrawal_frees_the_seat_and_enrolling_again_reactivates_the_same_enrolment() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (staff_id, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let class: ClassDto = app
        .create(&staff, "classes", &class_body("单人班", 1))
        .await;
    let [a, b] = [
        app.person(&staff, 1, None, None).await,
        app.person(&staff, 2, None, None).await,
    ];

    let res = enrol(&app, &staff, class.id, a.id).await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let first: EnrolmentDto = expect_json(res, 201).await;
    assert_eq!(location, Some(format!("/api/v1/enrolments/{}", first.id)));
    assert_eq!(
        (first.status, first.source, first.enrolled_by),
        (EnrolmentStatus::Enrolled, EnrolmentSource::Staff, staff_id)
    );
    assert_eq!(first.person_name, "学员1");
    assert_eq!(first.class_title, "单人班");
    expect_problem(enrol(&app, &staff, class.id, b.id).await, 409, "class_full").await;
    expect_problem(
        enrol(&app, &staff, class.id, a.id).await,
        409,
        "already_enrolled",
    )
    .await;

    let withdraw = format!("/api/v1/enrolments/{}/withdraw", first.id);
    let withdrawn: EnrolmentDto =
        expect_json(app.post(&withdraw, &staff, &json!({})).await, 200).await;
    assert_eq!(withdrawn.status, EnrolmentStatus::Withdrawn);
    assert_eq!(withdrawn.withdrawn_by, Some(staff_id));
    assert!(withdrawn.withdrawn_at.is_some());
    assert_eq!(app.class(&staff, class.id).await.enrolled_count, 0);
    expect_problem(
        app.post(&withdraw, &staff, &json!({})).await,
        409,
        "already_withdrawn",
    )
    .await;

    // The freed seat goes to B; A waits until B withdraws, then gets the same enrolment back.
    let second: EnrolmentDto = expect_json(enrol(&app, &staff, class.id, b.id).await, 201).await;
    expect_problem(enrol(&app, &staff, class.id, a.id).await, 409, "class_full").await;
    expect_json::<EnrolmentDto>(
        app.post(
            &format!("/api/v1/enrolments/{}/withdraw", second.id),
            &staff,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    let again: EnrolmentDto = expect_json(enrol(&app, &staff, class.id, a.id).await, 201).await;
    assert_eq!(again.id, first.id, "the same row, reactivated");
    assert_eq!(again.status, EnrolmentStatus::Enrolled);
    assert_eq!((again.withdrawn_at, again.withdrawn_by), (None, None));
    assert_eq!(again.version, 3);
    let seen = app.class(&staff, class.id).await;
    assert_eq!(seen.enrolled_count, 1);
    assert_eq!(
        enrolments(&app, &staff, class.id, "enrolled").await.len(),
        1
    );

    let audit = app.audit_of(&admin, "enrolment", first.id).await;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "enrolment.reactivate",
            "enrolment.withdraw",
            "enrolment.create"
        ]
    );
    assert_eq!(
        audit[0].before.as_ref().map(|b| b["status"].clone()),
        Some(json!("withdrawn"))
    );

    // Once the class starts, nobody enrols or withdraws.
    app.transition(&staff, class.id, "open").await;
    app.transition(&staff, class.id, "start").await;
    expect_problem(
        app.post(&withdraw, &staff, &json!({})).await,
        409,
        "enrolment_closed",
    )
    .await;
    let problem = expect_problem(
        enrol(&app, &staff, class.id, b.id).await,
        409,
        "enrolment_closed",
    )
    .await;
    assert!(problem.detail.unwrap_or_default().contains("in_progress"));
    // Staff get a field error for a person who does not exist.
    let problem = expect_problem(
        enrol(&app, &staff, class.id, Uuid::new_v4()).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].field, "person_id");
}

#[tokio::test]
async fn a_bulk_enrolment_is_all_or_nothing_and_names_every_refused_person() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let class: ClassDto = app
        .create(&admin, "classes", &class_body("批量班", 4))
        .await;
    let p = people(&app, &admin, 0..5).await;
    expect_json::<EnrolmentDto>(enrol(&app, &admin, class.id, p[0].id).await, 201).await;
    let bulk = format!("{}/bulk", enrol_path(class.id));
    let stranger = Uuid::new_v4();

    let problem = expect_problem(
        app.post(
            &bulk,
            &admin,
            &json!({"person_ids": [p[1].id, stranger, p[2].id, p[0].id, p[1].id]}),
        )
        .await,
        422,
        "bulk_rejected",
    )
    .await;
    let refused: Vec<(&str, &str)> = problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        refused,
        vec![
            ("person_ids[1]", "not_found"),
            ("person_ids[3]", "already_enrolled"),
            ("person_ids[4]", "duplicate"),
        ]
    );
    assert!(problem.errors[0].message.contains(&stranger.to_string()));
    assert!(problem.errors[1].message.contains(&p[0].id.to_string()));
    // Nothing was written.
    assert_eq!(app.class(&admin, class.id).await.enrolled_count, 1);
    assert_eq!(
        enrolments(&app, &admin, class.id, "enrolled").await.len(),
        1
    );

    // More people than seats: the ones beyond the last seat are named.
    let problem = expect_problem(
        app.post(
            &bulk,
            &admin,
            &json!({"person_ids": [p[1].id, p[2].id, p[3].id, p[4].id]}),
        )
        .await,
        422,
        "bulk_rejected",
    )
    .await;
    assert_eq!(
        problem
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect::<Vec<_>>(),
        vec![("person_ids[3]", "class_full")]
    );
    assert_eq!(app.class(&admin, class.id).await.enrolled_count, 1);

    let done: BulkEnrolmentResponse = expect_json(
        app.post(
            &bulk,
            &admin,
            &json!({"person_ids": [p[3].id, p[1].id, p[2].id]}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(
        done.items.iter().map(|e| e.person_id).collect::<Vec<_>>(),
        vec![p[3].id, p[1].id, p[2].id]
    );
    let seen = app.class(&admin, class.id).await;
    assert_eq!((seen.enrolled_count, seen.seats_left), (4, 0));
    assert_eq!(
        enrolments(&app, &admin, class.id, "enrolled").await.len(),
        4
    );
    assert_eq!(
        app.audit_of(&admin, "enrolment", done.items[1].id)
            .await
            .len(),
        1
    );

    for empty in [json!({"person_ids": []})] {
        let problem = expect_problem(
            app.post(&bulk, &admin, &empty).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem.errors[0].field, "person_ids");
    }
}

#[tokio::test]
async fn trainees_enrol_only_themselves_in_open_classes_and_see_only_their_own() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (trainee_user, trainee) = app.account(&admin, "trainee1", &["trainee"]).await;
    let me = app.person(&admin, 1, None, Some(trainee_user)).await;
    let someone = app.person(&admin, 2, None, None).await;
    let class: ClassDto = app
        .create(&admin, "classes", &class_body("公开班", 10))
        .await;
    let mut closed_body = class_body("定向班", 10);
    closed_body["open_enrolment"] = json!(false);
    let closed: ClassDto = app.create(&admin, "classes", &closed_body).await;

    // Self-enrolment starts when the class opens.
    let problem = expect_problem(
        enrol(&app, &trainee, class.id, me.id).await,
        409,
        "enrolment_closed",
    )
    .await;
    assert!(problem.detail.unwrap_or_default().contains("opened"));
    app.transition(&admin, class.id, "open").await;
    let mine: EnrolmentDto = expect_json(enrol(&app, &trainee, class.id, me.id).await, 201).await;
    assert_eq!(mine.source, EnrolmentSource::SelfEnrolment);
    // Nobody else, whether they exist or not.
    for other in [someone.id, Uuid::new_v4()] {
        expect_problem(
            enrol(&app, &trainee, class.id, other).await,
            403,
            "forbidden",
        )
        .await;
    }
    // A class not open to enrolment does not exist for them.
    expect_problem(
        enrol(&app, &trainee, closed.id, me.id).await,
        404,
        "not_found",
    )
    .await;

    let theirs: EnrolmentDto =
        expect_json(enrol(&app, &admin, class.id, someone.id).await, 201).await;
    let listed: Page<EnrolmentDto> =
        expect_json(app.get(&enrol_path(class.id), &trainee).await, 200).await;
    assert_eq!(listed.items, vec![mine.clone()]);
    let own: Page<EnrolmentDto> =
        expect_json(app.get("/api/v1/me/enrolments", &trainee).await, 200).await;
    assert_eq!(own.items, vec![mine.clone()]);
    expect_problem(
        app.get(&format!("/api/v1/enrolments/{}", theirs.id), &trainee)
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.post(
            &format!("/api/v1/enrolments/{}/withdraw", theirs.id),
            &trainee,
            &json!({}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let withdrawn: EnrolmentDto = expect_json(
        app.post(
            &format!("/api/v1/enrolments/{}/withdraw", mine.id),
            &trainee,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(withdrawn.status, EnrolmentStatus::Withdrawn);
    let own: Page<EnrolmentDto> = expect_json(
        app.get("/api/v1/me/enrolments?status=enrolled", &trainee)
            .await,
        200,
    )
    .await;
    assert!(own.items.is_empty());
    assert_eq!(app.class(&admin, class.id).await.enrolled_count, 1);
}

#[tokio::test]
async fn organisation_contacts_enrol_their_own_people_in_classes_open_to_them() {
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
    let colleague = app.person(&admin, 2, Some(ours.id), None).await;
    let colleague2 = app.person(&admin, 3, Some(ours.id), None).await;
    let outsider = app.person(&admin, 4, Some(theirs.id), None).await;

    let open: ClassDto = app
        .create(&admin, "classes", &class_body("公开班", 10))
        .await;
    let mut commissioned_body = class_body("委托班", 10);
    commissioned_body["open_enrolment"] = json!(false);
    commissioned_body["commissioning_organisation_id"] = json!(ours.id);
    let commissioned: ClassDto = app.create(&admin, "classes", &commissioned_body).await;
    let mut foreign_body = commissioned_body.clone();
    foreign_body["commissioning_organisation_id"] = json!(theirs.id);
    let foreign: ClassDto = app.create(&admin, "classes", &foreign_body).await;

    let enrolled: EnrolmentDto =
        expect_json(enrol(&app, &contact, open.id, colleague.id).await, 201).await;
    assert_eq!(enrolled.source, EnrolmentSource::OrgContact);
    expect_json::<EnrolmentDto>(
        enrol(&app, &contact, commissioned.id, colleague.id).await,
        201,
    )
    .await;
    // Another organisation's person, or an unknown one: the same refusal.
    for other in [outsider.id, Uuid::new_v4()] {
        expect_problem(
            enrol(&app, &contact, open.id, other).await,
            403,
            "forbidden",
        )
        .await;
    }
    // Another organisation's commissioned class is not theirs to see.
    expect_problem(
        enrol(&app, &contact, foreign.id, colleague.id).await,
        404,
        "not_found",
    )
    .await;

    // Bulk: one outsider spoils the batch, and nothing is written.
    let bulk = format!("{}/bulk", enrol_path(commissioned.id));
    let problem = expect_problem(
        app.post(
            &bulk,
            &contact,
            &json!({"person_ids": [colleague2.id, outsider.id]}),
        )
        .await,
        422,
        "bulk_rejected",
    )
    .await;
    assert_eq!(
        problem
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect::<Vec<_>>(),
        vec![("person_ids[1]", "not_enrollable")]
    );
    assert_eq!(app.class(&admin, commissioned.id).await.enrolled_count, 1);
    let done: BulkEnrolmentResponse = expect_json(
        app.post(&bulk, &contact, &json!({"person_ids": [colleague2.id]}))
            .await,
        201,
    )
    .await;
    assert_eq!(done.items[0].source, EnrolmentSource::OrgContact);

    // They see their people's enrolments only, and may withdraw them.
    expect_json::<EnrolmentDto>(enrol(&app, &admin, open.id, outsider.id).await, 201).await;
    let listed: Page<EnrolmentDto> =
        expect_json(app.get(&enrol_path(open.id), &contact).await, 200).await;
    assert_eq!(
        listed.items.iter().map(|e| e.person_id).collect::<Vec<_>>(),
        vec![colleague.id]
    );
    let withdrawn: EnrolmentDto = expect_json(
        app.post(
            &format!("/api/v1/enrolments/{}/withdraw", enrolled.id),
            &contact,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(withdrawn.status, EnrolmentStatus::Withdrawn);

    // Roles that enrol no one; finance and reviewers read no enrolments, a teacher none of a
    // class they do not teach.
    for (name, role) in [("fin", "finance"), ("tea", "teacher"), ("rev", "reviewer")] {
        let (_, token) = app.account(&admin, name, &[role]).await;
        expect_problem(
            enrol(&app, &token, open.id, colleague.id).await,
            403,
            "forbidden",
        )
        .await;
        let (status, code) = if role == "teacher" {
            (404, "not_found")
        } else {
            (403, "forbidden")
        };
        expect_problem(app.get(&enrol_path(open.id), &token).await, status, code).await;
    }
    let seen = app.class(&admin, open.id).await;
    assert_eq!(seen.status, ClassStatus::Planned);
    assert_eq!(seen.enrolled_count, 1);
}
