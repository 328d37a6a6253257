//! `/people`: identity documents checked per GB 11643-1999 and unique, ID numbers masked in lists
//! and for everyone but staff and admin, and each role reading only its own people.

use cebase_domain::master::{OrganisationDto, PersonDto};
use cebase_tests::{
    TestApp, credit_code, expect_json, expect_problem, organisation_body, person_body, resident_id,
    rfc3339, with_version,
};
use futures_util::future::join_all;
use serde_json::json;

const ZHANG: &str = "11010519491231002X";
const ZHANG_MASKED: &str = "110105********002X";

#[tokio::test]
async fn staff_register_a_person_and_alone_read_the_full_id_number() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let org: OrganisationDto = app
        .create(
            &staff,
            "organisations",
            &organisation_body("单位", &credit_code(1)),
        )
        .await;
    let mut body = person_body("张伟", "11010519491231002x");
    body["employer_id"] = json!(org.id);
    let res = app.post("/api/v1/people", &staff, &body).await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let created: PersonDto = expect_json(res, 201).await;
    assert_eq!(location, Some(format!("/api/v1/people/{}", created.id)));
    assert_eq!(created.id_number, ZHANG, "normalised, in full for staff");
    assert!(!created.id_number_masked);
    assert_eq!(created.employer_id, Some(org.id));

    let single: PersonDto = expect_json(
        app.get(&format!("/api/v1/people/{}", created.id), &staff)
            .await,
        200,
    )
    .await;
    assert_eq!(single, created);
    let single_admin: PersonDto = expect_json(
        app.get(&format!("/api/v1/people/{}", created.id), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(single_admin.id_number, ZHANG);

    // Every list masks, even for staff.
    let list = app
        .get("/api/v1/people", &staff)
        .await
        .text()
        .await
        .expect("body");
    assert!(list.contains(ZHANG_MASKED), "{list}");
    assert!(!list.contains(ZHANG), "{list}");
    let page: serde_json::Value = serde_json::from_str(&list).expect("json");
    assert_eq!(page["items"][0]["id_number_masked"], json!(true));
}

#[tokio::test]
async fn id_numbers_are_checked_per_gb_11643_and_every_bad_field_is_named() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    // Check character wrong (independent test vector).
    let problem = expect_problem(
        app.post(
            "/api/v1/people",
            &admin,
            &person_body("李娜", "61010319620913560X"),
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
        ("id_number", "id_number_check")
    );
    assert!(problem.errors[0].message.contains("GB 11643-1999"));
    // 30 February, with a check character that is right for the digits.
    let problem = expect_problem(
        app.post(
            "/api/v1/people",
            &admin,
            &person_body("李娜", "44030519900230590X"),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].code, "id_number_birth_date");
    assert!(problem.errors[0].message.contains("GB 11643-1999"));
    // Everything at once, including references to nothing.
    let mut body = person_body(" ", "6101021990010112");
    body["email"] = json!("no-at-sign");
    body["employer_id"] = json!(uuid::Uuid::new_v4());
    body["user_id"] = json!(uuid::Uuid::new_v4());
    let problem = expect_problem(
        app.post("/api/v1/people", &admin, &body).await,
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
            ("id_number", "id_number_format"),
            ("email", "email_format"),
            ("employer_id", "not_found"),
            ("user_id", "not_found"),
        ]
    );
    // Other documents are accepted without the resident-ID check.
    let mut passport = person_body("John Smith", "e1234567");
    passport["id_kind"] = json!("passport");
    let created: PersonDto = app.create(&admin, "people", &passport).await;
    assert_eq!(created.id_number, "E1234567");
    let page: serde_json::Value = expect_json(app.get("/api/v1/people", &admin).await, 200).await;
    assert_eq!(
        page["items"].as_array().map(Vec::len),
        Some(1),
        "only the passport holder"
    );
}

#[tokio::test]
async fn a_document_is_registered_once_even_under_concurrent_creation() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let body = person_body("并发", &resident_id(5));
    let statuses: Vec<u16> = join_all((0..8).map(|_| app.post("/api/v1/people", &admin, &body)))
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
    expect_problem(
        app.post(
            "/api/v1/people",
            &admin,
            &person_body("另一人", &resident_id(5)),
        )
        .await,
        409,
        "person_duplicate",
    )
    .await;
    // The same number as another kind of document is another document.
    let mut hk = person_body("陈大文", "H1234567890");
    hk["id_kind"] = json!("hk_macao_permit");
    app.create::<PersonDto>(&admin, "people", &hk).await;
    hk["id_kind"] = json!("passport");
    app.create::<PersonDto>(&admin, "people", &hk).await;
    // Changing a person's number to a registered one conflicts.
    let other: PersonDto = app
        .create(&admin, "people", &person_body("第三人", &resident_id(6)))
        .await;
    expect_problem(
        app.put(
            &format!("/api/v1/people/{}", other.id),
            &admin,
            &with_version(person_body("第三人", &resident_id(5)), 1),
        )
        .await,
        409,
        "person_duplicate",
    )
    .await;
}

#[tokio::test]
async fn a_login_account_belongs_to_at_most_one_person() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (user, _) = app.account(&admin, "trainee1", &["trainee"]).await;
    let mut first = person_body("甲", &resident_id(1));
    first["user_id"] = json!(user);
    let linked: PersonDto = app.create(&admin, "people", &first).await;
    assert_eq!(linked.user_id, Some(user));
    let mut second = person_body("乙", &resident_id(2));
    second["user_id"] = json!(user);
    expect_problem(
        app.post("/api/v1/people", &admin, &second).await,
        409,
        "user_already_linked",
    )
    .await;
    let by_user: serde_json::Value = expect_json(
        app.get(&format!("/api/v1/people?user_id={user}"), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(by_user["items"][0]["id"], json!(linked.id));
}

#[tokio::test]
async fn trainees_read_only_themselves_and_only_masked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (user, trainee) = app.account(&admin, "trainee1", &["trainee"]).await;
    let mut mine = person_body("张伟", ZHANG);
    mine["user_id"] = json!(user);
    let me: PersonDto = app.create(&admin, "people", &mine).await;
    let someone: PersonDto = app
        .create(&admin, "people", &person_body("别人", &resident_id(1)))
        .await;

    let own: PersonDto = expect_json(
        app.get(&format!("/api/v1/people/{}", me.id), &trainee)
            .await,
        200,
    )
    .await;
    assert_eq!(own.id_number, ZHANG_MASKED);
    assert!(own.id_number_masked);
    expect_problem(
        app.get(&format!("/api/v1/people/{}", someone.id), &trainee)
            .await,
        404,
        "not_found",
    )
    .await;
    let page: serde_json::Value = expect_json(app.get("/api/v1/people", &trainee).await, 200).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["items"][0]["id"], json!(me.id));
    // Looking a number up would reveal whether it is on file.
    expect_problem(
        app.get(
            &format!("/api/v1/people?id_number={}", resident_id(1)),
            &trainee,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.post(
            "/api/v1/people",
            &trainee,
            &person_body("新人", &resident_id(2)),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.put(
            &format!("/api/v1/people/{}", me.id),
            &trainee,
            &with_version(person_body("改名", ZHANG), 1),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // A trainee without a person record sees nobody.
    let (_, stranger) = app.account(&admin, "trainee2", &["trainee"]).await;
    let page: serde_json::Value =
        expect_json(app.get("/api/v1/people", &stranger).await, 200).await;
    assert_eq!(page["items"], json!([]));
}

#[tokio::test]
async fn organisation_contacts_read_only_their_organisations_people() {
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
    let employed = |name: &str, n: u32, org: uuid::Uuid| {
        let mut body = person_body(name, &resident_id(n));
        body["employer_id"] = json!(org);
        body
    };
    let mut me_body = employed("联系人", 1, ours.id);
    me_body["user_id"] = json!(contact_user);
    let me: PersonDto = app.create(&admin, "people", &me_body).await;
    let colleague: PersonDto = app
        .create(&admin, "people", &employed("同事", 2, ours.id))
        .await;
    let outsider: PersonDto = app
        .create(&admin, "people", &employed("外人", 3, theirs.id))
        .await;
    let freelancer: PersonDto = app
        .create(&admin, "people", &person_body("自由职业", &resident_id(4)))
        .await;

    let seen: PersonDto = expect_json(
        app.get(&format!("/api/v1/people/{}", colleague.id), &contact)
            .await,
        200,
    )
    .await;
    assert!(seen.id_number_masked, "masked for an organisation contact");
    assert_eq!(
        seen.id_number,
        format!("110105********{}", &resident_id(2)[14..])
    );
    for hidden in [outsider.id, freelancer.id] {
        expect_problem(
            app.get(&format!("/api/v1/people/{hidden}"), &contact).await,
            404,
            "not_found",
        )
        .await;
    }
    let (listed, _) = app
        .collect_pages::<PersonDto>(&contact, "/api/v1/people?limit=1")
        .await;
    assert_eq!(
        listed.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![me.id, colleague.id]
    );
    assert!(listed.iter().all(|p| p.id_number_masked));
    // Asking for the other organisation's people yields nothing, not them.
    let page: serde_json::Value = expect_json(
        app.get(
            &format!("/api/v1/people?organisation_id={}", theirs.id),
            &contact,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(page["items"], json!([]));
    // Staff see all four, filtered by employer on request.
    let page: serde_json::Value = expect_json(
        app.get(
            &format!("/api/v1/people?organisation_id={}", ours.id),
            &admin,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn finance_and_reviewers_read_no_people() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let someone: PersonDto = app
        .create(&admin, "people", &person_body("某人", &resident_id(1)))
        .await;
    for (name, role) in [("fin", "finance"), ("rev", "reviewer")] {
        let (_, token) = app.account(&admin, name, &[role]).await;
        expect_problem(app.get("/api/v1/people", &token).await, 403, "forbidden").await;
        expect_problem(
            app.get(&format!("/api/v1/people/{}", someone.id), &token)
                .await,
            403,
            "forbidden",
        )
        .await;
    }
}

#[tokio::test]
async fn staff_search_by_name_and_look_up_an_exact_number() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    for (n, name) in ["王小明", "王小红", "李四", "赵六"].iter().enumerate() {
        app.create::<PersonDto>(&staff, "people", &person_body(name, &resident_id(n as u32)))
            .await;
    }
    app.create::<PersonDto>(&staff, "people", &person_body("张伟", ZHANG))
        .await;
    let page: serde_json::Value =
        expect_json(app.get("/api/v1/people?q=王小", &staff).await, 200).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
    let page: serde_json::Value =
        expect_json(app.get("/api/v1/people?q=%25", &staff).await, 200).await;
    assert_eq!(page["items"], json!([]), "LIKE wildcards are literal");
    // Lower-case x finds the normalised number; the answer is still a (masked) list.
    let found: serde_json::Value = expect_json(
        app.get("/api/v1/people?id_number=11010519491231002x", &staff)
            .await,
        200,
    )
    .await;
    assert_eq!(found["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(found["items"][0]["id_number"], json!(ZHANG_MASKED));
    let (all, pages) = app
        .collect_pages::<PersonDto>(&staff, "/api/v1/people?limit=2")
        .await;
    assert_eq!((all.len(), pages), (5, 3));
    let since = rfc3339(all[3].updated_at);
    let (recent, _) = app
        .collect_pages::<PersonDto>(&staff, &format!("/api/v1/people?updated_since={since}"))
        .await;
    assert_eq!(
        recent.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        vec!["赵六", "张伟"]
    );
}

#[tokio::test]
async fn changes_use_optimistic_concurrency_and_the_audit_trail_never_holds_a_full_number() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let created: PersonDto = app
        .create(&admin, "people", &person_body("张伟", ZHANG))
        .await;
    let path = format!("/api/v1/people/{}", created.id);
    let mut body = person_body("张伟", ZHANG);
    body["title_level"] = json!("associate_senior");
    body["degree"] = json!("master");
    let updated: PersonDto = expect_json(
        app.put(&path, &admin, &with_version(body.clone(), 1)).await,
        200,
    )
    .await;
    assert_eq!(updated.version, 2);
    assert_eq!(
        updated.id_number, ZHANG,
        "in full for the admin who changed it"
    );
    expect_problem(
        app.put(&path, &admin, &with_version(body, 1)).await,
        409,
        "version_conflict",
    )
    .await;
    let audit = app.audit_of(&admin, "person", created.id).await;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["person.update", "person.create"]);
    assert_eq!(
        audit[0].after.as_ref().map(|a| a["title_level"].clone()),
        Some(json!("associate_senior"))
    );
    assert_eq!(
        audit[1].after.as_ref().map(|a| a["id_number"].clone()),
        Some(json!(ZHANG_MASKED))
    );
    let trail = serde_json::to_string(&audit).expect("json");
    assert!(!trail.contains(ZHANG), "{trail}");
}
