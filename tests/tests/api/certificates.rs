//! Certificates (Art. 9): eligibility refusals naming the rule, single and batch issuance with
//! unique gapless numbers under concurrency, at most one valid certificate per enrolment,
//! revocation and re-issuance, who may see what, and public verification (same 404, throttled).

use std::collections::HashSet;

use cebase_domain::certificate::{
    BatchStatus, CertificateBatchDto, CertificateDto, CertificateStatus, EligibilityDto,
    PublicCertificateDto,
};
use cebase_domain::dto::Page;
use cebase_domain::imports::ImportJobDto;
use cebase_domain::training::ClassDto;
use cebase_store::ConnectionTrait;
use cebase_tests::{
    IMPORT_CSV_HEADER, TestApp, TrainedClass, class_body, expect_json, expect_problem,
    import_csv_line,
};
use futures_util::future::join_all;
use serde_json::json;
use uuid::Uuid;

fn issue_path(enrolment: Uuid) -> String {
    format!("/api/v1/enrolments/{enrolment}/certificate")
}

fn verify_path(number: &str, code: &str) -> String {
    format!("/api/v1/public/certificates/{number}?code={code}")
}

/// The eligibility preview of `class` as `token` sees it.
async fn eligibility(app: &TestApp, token: &str, class: Uuid) -> EligibilityDto {
    expect_json(
        app.get(
            &format!("/api/v1/classes/{class}/certificates/eligibility"),
            token,
        )
        .await,
        200,
    )
    .await
}

/// Issues the certificate of `enrolment` (201).
async fn issue(app: &TestApp, token: &str, enrolment: Uuid) -> CertificateDto {
    expect_json(
        app.post(&issue_path(enrolment), token, &json!({})).await,
        201,
    )
    .await
}

/// Revokes certificate `id` with `reason` (200).
async fn revoke(app: &TestApp, token: &str, id: Uuid, reason: &str) -> CertificateDto {
    expect_json(
        app.post(
            &format!("/api/v1/certificates/{id}/revoke"),
            token,
            &json!({ "reason": reason }),
        )
        .await,
        200,
    )
    .await
}

async fn public_get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .send()
        .await
        .expect("request sent")
}

/// The year certificates issued now are numbered in.
fn this_year() -> i32 {
    cebase_domain::certificate::issue_year(chrono::Utc::now())
}

#[tokio::test]
async fn only_completed_enrolments_get_a_certificate_and_refusals_name_the_rule() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;

    // Before the class is completed nobody is eligible.
    let early = expect_problem(
        app.post(&issue_path(f.enrolments[0].id), &f.staff, &json!({}))
            .await,
        422,
        "not_eligible",
    )
    .await;
    assert_eq!(early.errors[0].code, "class_not_completed");
    assert!(early.errors[0].message.contains("Art. 9"), "{early:?}");

    f.run(&app, &admin).await;
    app.transition(&f.staff, f.class.id, "complete").await;

    // The preview says who may get one and why the others may not.
    let preview: EligibilityDto = expect_json(
        app.get(
            &format!("/api/v1/classes/{}/certificates/eligibility", f.class.id),
            &f.staff,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (preview.eligible, preview.certified, preview.ineligible),
        (1, 0, 4)
    );
    let reasons: Vec<(Uuid, bool, Vec<String>)> = preview
        .rows
        .iter()
        .map(|r| {
            (
                r.enrolment_id,
                r.eligible,
                r.reasons.iter().map(|x| x.code().to_owned()).collect(),
            )
        })
        .collect();
    assert!(reasons.contains(&(f.enrolments[0].id, true, vec![])));
    for e in &f.enrolments[1..] {
        assert!(reasons.contains(&(e.id, false, vec!["not_completed".into()])));
    }
    assert!(reasons.contains(&(f.withdrawn.id, false, vec!["enrolment_withdrawn".into()])));

    // Each refusal names the unmet rule and its reasons.
    let attendance = expect_problem(
        app.post(&issue_path(f.enrolments[1].id), &f.staff, &json!({}))
            .await,
        422,
        "not_eligible",
    )
    .await;
    assert_eq!(attendance.errors[0].code, "not_completed");
    assert!(
        attendance.errors[0]
            .message
            .contains("attended 3 of 5 sessions, 80% required"),
        "{attendance:?}"
    );
    let failed = expect_problem(
        app.post(&issue_path(f.enrolments[2].id), &f.staff, &json!({}))
            .await,
        422,
        "not_eligible",
    )
    .await;
    assert!(failed.errors[0].message.contains("assessment not passed"));
    let missing = expect_problem(
        app.post(&issue_path(f.enrolments[3].id), &f.staff, &json!({}))
            .await,
        422,
        "not_eligible",
    )
    .await;
    assert!(
        missing.errors[0]
            .message
            .contains("assessment result missing")
    );
    let withdrawn = expect_problem(
        app.post(&issue_path(f.withdrawn.id), &f.staff, &json!({}))
            .await,
        422,
        "not_eligible",
    )
    .await;
    assert_eq!(withdrawn.errors[0].code, "enrolment_withdrawn");
    // Only staff and admin issue; an unknown enrolment is 404.
    for token in [&f.teacher, &f.trainee, &f.contact_a] {
        expect_problem(
            app.post(&issue_path(f.enrolments[0].id), token, &json!({}))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    expect_problem(
        app.post(&issue_path(Uuid::now_v7()), &f.staff, &json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
    let list: Page<CertificateDto> =
        expect_json(app.get("/api/v1/certificates", &admin).await, 200).await;
    assert!(list.items.is_empty(), "refusals wrote nothing");

    // The completed one gets a certificate copied from the learning record.
    let cert: CertificateDto = expect_json(
        app.post(&issue_path(f.enrolments[0].id), &f.staff, &json!({}))
            .await,
        201,
    )
    .await;
    let year = this_year();
    assert_eq!(cert.number, format!("CEB{year}000001"));
    assert_eq!((cert.year, cert.sequence), (year, 1));
    assert_eq!(cert.status, CertificateStatus::Valid);
    assert_eq!(cert.holder_name, "学员1");
    assert_eq!(cert.class_title, "人工智能高级研修班");
    assert_eq!(
        (
            cert.public_required_hours,
            cert.professional_hours,
            cert.total_hours
        ),
        (30.0, 60.0, 90.0)
    );
    assert_eq!(cert.result.as_deref(), Some("结业考试 86.5/100 合格"));
    assert_eq!(cert.start_date.to_string(), "2026-03-02");
    assert_eq!(cert.verification_code.len(), 16);
    // A second request is a conflict, not a second certificate.
    expect_problem(
        app.post(&issue_path(f.enrolments[0].id), &f.staff, &json!({}))
            .await,
        409,
        "certificate_exists",
    )
    .await;
    let audit = app.audit_of(&admin, "certificate", cert.id).await;
    assert_eq!(audit[0].action, "certificate.issue");
    assert!(
        !audit[0]
            .after
            .as_ref()
            .expect("snapshot")
            .to_string()
            .contains(&cert.verification_code),
        "the verification code stays out of the audit trail"
    );
}

/// A completed class of `n` people (imported with the class, no sessions, no assessment), and a
/// staff token.
async fn completed_class(app: &TestApp, admin: &str, n: u32, offset: u32) -> (ClassDto, String) {
    let staff = app
        .account(admin, &format!("staff{offset}"), &["staff"])
        .await
        .1;
    let class: ClassDto = app
        .create(admin, "classes", &class_body("大规模发证班", n.max(1)))
        .await;
    app.transition(admin, class.id, "open").await;
    let mut csv = String::from(IMPORT_CSV_HEADER);
    for i in 0..n {
        csv.push('\n');
        csv.push_str(&import_csv_line(offset + i, None));
    }
    let job: ImportJobDto = expect_json(
        app.upload(
            admin,
            &format!("/api/v1/imports?mode=commit&class_id={}", class.id),
            "text/csv",
            csv.into_bytes(),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(job.enrolments_created, n);
    app.transition(admin, class.id, "start").await;
    app.transition(admin, class.id, "complete").await;
    (class, staff)
}

#[tokio::test]
async fn a_thousand_parallel_issuances_get_unique_gapless_numbers() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (class, staff) = completed_class(&app, &admin, 1000, 0).await;
    let preview = eligibility(&app, &staff, class.id).await;
    assert_eq!(preview.eligible, 1000);
    let requests = preview.rows.iter().map(|r| {
        let path = issue_path(r.enrolment_id);
        let (app, staff) = (&app, &staff);
        async move { app.post(&path, staff, &json!({})).await }
    });
    let responses = join_all(requests).await;
    let mut numbers = Vec::new();
    for res in responses {
        let status = res.status().as_u16();
        let text = res.text().await.expect("body");
        assert_eq!(status, 201, "no 5xx, no refusal: {text}");
        let cert: CertificateDto = serde_json::from_str(&text).expect("certificate");
        numbers.push((cert.sequence, cert.number, cert.status_list_index));
    }
    numbers.sort();
    let year = this_year();
    let expected: Vec<(u64, String)> = (1..=1000u64)
        .map(|s| (s, format!("CEB{year}{s:06}")))
        .collect();
    let got: Vec<(u64, String)> = numbers.iter().map(|(s, n, _)| (*s, n.clone())).collect();
    assert_eq!(got, expected, "1 … 1000, each once, no gap");
    // Status-list positions (issue 14, defect 6): unique, inside the year's list, and random —
    // neither the sequence − 1 nor in issue order — so the public list does not tell which
    // numbers were revoked.
    let positions: Vec<u32> = numbers.iter().map(|(_, _, i)| *i).collect();
    let distinct: HashSet<u32> = positions.iter().copied().collect();
    assert_eq!(distinct.len(), 1000, "each position once");
    assert!(positions.iter().all(|&i| i < 131_072), "{positions:?}");
    let at_sequence = numbers
        .iter()
        .filter(|(s, _, i)| u64::from(*i) == s - 1)
        .count();
    assert!(
        at_sequence < 10,
        "{at_sequence} positions are the sequence − 1"
    );
    // Of 999 neighbours in number order, about half rise: a random order, not a monotone one
    // (six standard deviations either side).
    let rising = positions.windows(2).filter(|w| w[0] < w[1]).count();
    assert!((400..=600).contains(&rising), "{rising} of 999 rise");
    // Stored as answered.
    let (stored, _) = app
        .collect_pages::<CertificateDto>(
            &staff,
            &format!("/api/v1/certificates?class_id={}&limit=200", class.id),
        )
        .await;
    let distinct: HashSet<String> = stored.iter().map(|c| c.number.clone()).collect();
    assert_eq!((stored.len(), distinct.len()), (1000, 1000));
}

#[tokio::test]
async fn twenty_parallel_issuances_for_one_enrolment_give_exactly_one_certificate() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (class, staff) = completed_class(&app, &admin, 1, 5000).await;
    let preview = eligibility(&app, &staff, class.id).await;
    let enrolment = preview.rows[0].enrolment_id;
    let path = issue_path(enrolment);
    let body = json!({});
    let responses = join_all((0..20).map(|_| app.post(&path, &staff, &body))).await;
    let mut created = 0;
    for res in responses {
        match res.status().as_u16() {
            201 => created += 1,
            409 => {
                expect_problem(res, 409, "certificate_exists").await;
            }
            other => panic!(
                "unexpected {other}: {}",
                res.text().await.unwrap_or_default()
            ),
        }
    }
    assert_eq!(created, 1);
    let list: Page<CertificateDto> = expect_json(
        app.get(
            &format!("/api/v1/certificates?class_id={}", class.id),
            &staff,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].sequence, 1, "refused requests took no number");
}

async fn wait_for_batch(app: &TestApp, token: &str, id: Uuid) -> CertificateBatchDto {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let batch: CertificateBatchDto = expect_json(
            app.get(&format!("/api/v1/certificate-batches/{id}"), token)
                .await,
            200,
        )
        .await;
        if batch.status != BatchStatus::Running || std::time::Instant::now() > deadline {
            return batch;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_class_batch_issues_to_the_eligible_and_skips_the_rest() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (class, staff) = completed_class(&app, &admin, 30, 6000).await;
    let preview = eligibility(&app, &staff, class.id).await;
    // One is issued on its own first; the batch skips it.
    let single = issue(&app, &staff, preview.rows[0].enrolment_id).await;
    let res = app
        .post(
            &format!("/api/v1/classes/{}/certificates", class.id),
            &staff,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 202);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("Location")
        .to_owned();
    let started: CertificateBatchDto = res.json().await.expect("batch");
    assert_eq!(
        location,
        format!("/api/v1/certificate-batches/{}", started.id)
    );
    assert_eq!((started.total, started.skipped), (29, 1));
    let done = wait_for_batch(&app, &staff, started.id).await;
    assert_eq!(done.status, BatchStatus::Done, "{done:?}");
    assert_eq!((done.issued, done.processed, done.skipped), (29, 29, 1));
    let (all, _) = app
        .collect_pages::<CertificateDto>(
            &staff,
            &format!("/api/v1/certificates?class_id={}&limit=200", class.id),
        )
        .await;
    let mut sequences: Vec<u64> = all.iter().map(|c| c.sequence).collect();
    sequences.sort();
    assert_eq!(sequences, (1..=30).collect::<Vec<_>>());
    assert!(all.iter().any(|c| c.id == single.id));
    let audit = app.audit_of(&admin, "class", class.id).await;
    let entry = audit
        .iter()
        .find(|a| a.action == "certificate.issue_batch")
        .expect("the batch is audited");
    let after = entry.after.as_ref().expect("after");
    assert_eq!(after["issued"], 29);
    assert_eq!(after["certificates"].as_array().map(Vec::len), Some(29));

    // Nothing is left to issue now.
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{}/certificates", class.id),
            &staff,
            &json!({}),
        )
        .await,
        409,
        "nothing_to_issue",
    )
    .await;
    let teacher = app.account(&admin, "teacher9", &["teacher"]).await.1;
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{}/certificates", class.id),
            &teacher,
            &json!({}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn revocation_shows_in_public_verification_and_reissue_links_a_new_number() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (class, staff) = completed_class(&app, &admin, 2, 7000).await;
    let preview = eligibility(&app, &staff, class.id).await;
    let cert = issue(&app, &staff, preview.rows[0].enrolment_id).await;
    let public: PublicCertificateDto = expect_json(
        public_get(&app, &verify_path(&cert.number, &cert.verification_code)).await,
        200,
    )
    .await;
    assert_eq!(public.status, CertificateStatus::Valid);
    assert_eq!(cert.holder_name, "学员7000");
    assert_eq!(public.holder_name_masked, "学*****");
    assert_eq!(public.issuer, "国家级专业技术人员继续教育基地");
    assert_eq!(public.class_title, "大规模发证班");
    // Nothing beyond the documented fields leaves the server.
    let raw: serde_json::Value = expect_json(
        public_get(
            &app,
            &verify_path(
                &cert.number.to_lowercase(),
                &cert.verification_code.to_lowercase(),
            ),
        )
        .await,
        200,
    )
    .await;
    let mut keys: Vec<&str> = raw
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "class_title",
            "end_date",
            "holder_name_masked",
            "issued_on",
            "issuer",
            "number",
            "professional_hours",
            "public_required_hours",
            "start_date",
            "status",
            "total_hours"
        ]
    );

    let revoke_path = format!("/api/v1/certificates/{}/revoke", cert.id);
    let reissue = format!("/api/v1/certificates/{}/reissue", cert.id);
    // Re-issuing a valid certificate is refused; so is a revocation without a real reason.
    expect_problem(
        app.post(&reissue, &staff, &json!({})).await,
        409,
        "certificate_not_revoked",
    )
    .await;
    let short = expect_problem(
        app.post(&revoke_path, &staff, &json!({"reason": "错"}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        (
            short.errors[0].field.as_str(),
            short.errors[0].code.as_str()
        ),
        ("reason", "too_short")
    );
    let revoked = revoke(&app, &staff, cert.id, "学时记录有误，经核查后撤销").await;
    assert_eq!(revoked.status, CertificateStatus::Revoked);
    assert_eq!(
        revoked.revocation_reason.as_deref(),
        Some("学时记录有误，经核查后撤销")
    );
    assert!(revoked.revoked_at.is_some() && revoked.revoked_by.is_some());
    expect_problem(
        app.post(&revoke_path, &staff, &json!({"reason": "再次撤销测试"}))
            .await,
        409,
        "already_revoked",
    )
    .await;
    let public: PublicCertificateDto = expect_json(
        public_get(&app, &verify_path(&cert.number, &cert.verification_code)).await,
        200,
    )
    .await;
    assert_eq!(public.status, CertificateStatus::Revoked);

    let new: CertificateDto = expect_json(app.post(&reissue, &staff, &json!({})).await, 201).await;
    assert_eq!(new.replaces, Some(cert.id));
    assert_eq!(new.sequence, 2, "a new number, the next of the year");
    assert_ne!(new.number, cert.number);
    assert_ne!(new.verification_code, cert.verification_code);
    let old: CertificateDto = expect_json(
        app.get(&format!("/api/v1/certificates/{}", cert.id), &staff)
            .await,
        200,
    )
    .await;
    assert_eq!(old.replaced_by, Some(new.id));
    assert_eq!(old.status, CertificateStatus::Revoked);
    expect_problem(
        app.post(&reissue, &staff, &json!({})).await,
        409,
        "already_reissued",
    )
    .await;
    // The database itself refuses a second valid certificate for the enrolment.
    let second_valid = app
        .db
        .execute_unprepared(&format!(
            "UPDATE certificates SET status = 'valid', revoked_at = NULL, revoked_by = NULL, revocation_reason = NULL WHERE number = '{}'",
            cert.number
        ))
        .await;
    assert!(
        second_valid.is_err(),
        "uq_certificates_valid_enrolment let a second valid certificate in"
    );
    let new_public: PublicCertificateDto = expect_json(
        public_get(&app, &verify_path(&new.number, &new.verification_code)).await,
        200,
    )
    .await;
    assert_eq!(new_public.status, CertificateStatus::Valid);
    let actions: Vec<String> = app
        .audit_of(&admin, "certificate", cert.id)
        .await
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, vec!["certificate.revoke", "certificate.issue"]);
    let reissued = app.audit_of(&admin, "certificate", new.id).await;
    assert_eq!(reissued[0].action, "certificate.reissue");

    // Filters: status, year, search by number and name.
    let revoked_list: Page<CertificateDto> = expect_json(
        app.get("/api/v1/certificates?status=revoked", &staff).await,
        200,
    )
    .await;
    assert_eq!(
        revoked_list.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![cert.id]
    );
    let by_number: Page<CertificateDto> = expect_json(
        app.get(
            &format!("/api/v1/certificates?q={}", &new.number.to_lowercase()[3..]),
            &staff,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        by_number.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![new.id]
    );
    let by_name: Page<CertificateDto> = expect_json(
        app.get(
            &format!(
                "/api/v1/certificates?q={}&year={}",
                new.holder_name,
                this_year()
            ),
            &staff,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(by_name.items.len(), 2);
    let other_year: Page<CertificateDto> = expect_json(
        app.get(
            &format!("/api/v1/certificates?year={}", this_year() + 1),
            &staff,
        )
        .await,
        200,
    )
    .await;
    assert!(other_year.items.is_empty());
}

#[tokio::test]
async fn certificates_are_seen_by_staff_holders_and_their_organisation_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    f.run(&app, &admin).await;
    app.transition(&f.staff, f.class.id, "complete").await;
    let cert: CertificateDto = expect_json(
        app.post(&issue_path(f.enrolments[0].id), &f.staff, &json!({}))
            .await,
        201,
    )
    .await;
    let one = format!("/api/v1/certificates/{}", cert.id);

    // The holder (trainee of person 1) and the contact of organisation A see it.
    for token in [&f.trainee, &f.contact_a, &f.staff] {
        let got: CertificateDto = expect_json(app.get(&one, token).await, 200).await;
        assert_eq!(got.id, cert.id);
        let list: Page<CertificateDto> =
            expect_json(app.get("/api/v1/certificates", token).await, 200).await;
        assert_eq!(list.items.len(), 1);
    }
    let mine: Page<CertificateDto> =
        expect_json(app.get("/api/v1/me/certificates", &f.trainee).await, 200).await;
    assert_eq!(mine.items.len(), 1);
    // Organisation B's contact: an empty list and 404, as for a certificate that does not exist.
    let theirs: Page<CertificateDto> =
        expect_json(app.get("/api/v1/certificates", &f.contact_b).await, 200).await;
    assert!(theirs.items.is_empty());
    expect_problem(app.get(&one, &f.contact_b).await, 404, "not_found").await;
    let empty: Page<CertificateDto> =
        expect_json(app.get("/api/v1/me/certificates", &f.contact_b).await, 200).await;
    assert!(empty.items.is_empty());
    // Another trainee: 404 for the certificate.
    let (_, stranger) = app.account(&admin, "trainee2", &["trainee"]).await;
    expect_problem(app.get(&one, &stranger).await, 404, "not_found").await;
    // Teachers, finance and reviewers see no certificates at all.
    let (_, finance) = app.account(&admin, "finance1", &["finance"]).await;
    for token in [&f.teacher, &finance] {
        expect_problem(app.get(&one, token).await, 403, "forbidden").await;
        expect_problem(
            app.get("/api/v1/certificates", token).await,
            403,
            "forbidden",
        )
        .await;
    }
    // Only staff and admin revoke, re-issue and preview.
    for token in [&f.trainee, &f.contact_a, &f.teacher] {
        expect_problem(
            app.post(
                &format!("{one}/revoke"),
                token,
                &json!({"reason": "无权限的撤销"}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
        expect_problem(
            app.get(
                &format!("/api/v1/classes/{}/certificates/eligibility", f.class.id),
                token,
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    expect_problem(
        app.client
            .get(app.url("/api/v1/certificates"))
            .send()
            .await
            .expect("sent"),
        401,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn public_verification_gives_one_404_and_throttles_guessing() {
    let app = TestApp::spawn_with(|s| s.certificate_verify_max_failures_per_ip = 3).await;
    let admin = app.admin_token().await;
    let (class, staff) = completed_class(&app, &admin, 1, 8000).await;
    let preview = eligibility(&app, &staff, class.id).await;
    let cert = issue(&app, &staff, preview.rows[0].enrolment_id).await;
    // A right answer first: this instance now holds the certificate in its verification cache.
    let first: PublicCertificateDto = expect_json(
        public_get(&app, &verify_path(&cert.number, &cert.verification_code)).await,
        200,
    )
    .await;
    assert_eq!(first.status, CertificateStatus::Valid);
    let wrong_code = if cert.verification_code.starts_with('0') {
        format!("1{}", &cert.verification_code[1..])
    } else {
        format!("0{}", &cert.verification_code[1..])
    };
    let unknown = expect_problem(
        public_get(&app, &verify_path("CEB2999000001", &cert.verification_code)).await,
        404,
        "not_found",
    )
    .await;
    let wrong = expect_problem(
        public_get(&app, &verify_path(&cert.number, &wrong_code)).await,
        404,
        "not_found",
    )
    .await;
    let missing = expect_problem(
        public_get(
            &app,
            &format!("/api/v1/public/certificates/{}", cert.number),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    for p in [&wrong, &missing] {
        assert_eq!(
            (&p.title, &p.detail, p.errors.len()),
            (&unknown.title, &unknown.detail, unknown.errors.len()),
            "an unknown number and a wrong code look the same"
        );
    }
    // Three failures used up the allowance: even the right code — of a cached certificate —
    // is refused for a while.
    let right = verify_path(&cert.number, &cert.verification_code);
    let res = public_get(&app, &right).await;
    let retry_after: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    expect_problem(res, 429, "too_many_attempts").await;
    // The failures are counted in the database: another instance refuses the address as well.
    let other = app.another_instance(|_| {}).await;
    let res = app
        .client
        .get(format!("{other}{right}"))
        .send()
        .await
        .expect("request sent");
    expect_problem(res, 429, "too_many_attempts").await;
}

#[tokio::test]
async fn without_the_cache_verification_reads_the_database_every_time() {
    let app = TestApp::spawn_with(|s| s.certificate_verify_cache_entries = 0).await;
    let admin = app.admin_token().await;
    let (class, staff) = completed_class(&app, &admin, 1, 8700).await;
    let preview = eligibility(&app, &staff, class.id).await;
    let cert = issue(&app, &staff, preview.rows[0].enrolment_id).await;
    let path = verify_path(&cert.number, &cert.verification_code);
    let verify =
        || async { expect_json::<PublicCertificateDto>(public_get(&app, &path).await, 200).await };
    assert_eq!(verify().await.status, CertificateStatus::Valid);
    // Nothing is held: a change in the database shows at once.
    app.sql(&format!(
        "UPDATE certificates SET class_title = '改名班' WHERE number = '{}'",
        cert.number
    ))
    .await;
    assert_eq!(verify().await.class_title, "改名班");
    revoke(&app, &staff, cert.id, "证书信息有误，予以撤销").await;
    assert_eq!(verify().await.status, CertificateStatus::Revoked);
}

#[tokio::test]
async fn a_revocation_reaches_the_verification_of_every_instance() {
    // This instance reads revocations made elsewhere only every minute: what it answers right
    // after its own revocation cannot come from that.
    let app = TestApp::spawn_with(|s| s.certificate_verify_sync_ms = 60_000).await;
    let admin = app.admin_token().await;
    let (class, staff) = completed_class(&app, &admin, 1, 8500).await;
    let preview = eligibility(&app, &staff, class.id).await;
    let cert = issue(&app, &staff, preview.rows[0].enrolment_id).await;
    // A second instance of the deployment on the same database, reading revocations made
    // elsewhere every two seconds (so that a busy test machine does not make its cache stale,
    // which takes three intervals without a successful read).
    let other = app
        .another_instance(|s| s.certificate_verify_sync_ms = 2000)
        .await;
    let path = verify_path(&cert.number, &cert.verification_code);
    let verify_at = |base: String| {
        let (client, url) = (app.client.clone(), format!("{base}{path}"));
        async move {
            let res = client.get(url).send().await.expect("request sent");
            expect_json::<PublicCertificateDto>(res, 200).await
        }
    };
    let status_at = |base: String| {
        let verify = verify_at(base);
        async move { verify.await.status }
    };
    // Both answer (and now hold) the certificate as valid.
    for _ in 0..2 {
        assert_eq!(
            status_at(app.address.clone()).await,
            CertificateStatus::Valid
        );
        assert_eq!(status_at(other.clone()).await, CertificateStatus::Valid);
    }
    // A change behind the servers' backs (only a test makes one: what a certificate states is
    // fixed at issuance) shows that both answer from their caches now.
    let title = cert.class_title.clone();
    assert_eq!(
        app.sql(&format!(
            "UPDATE certificates SET class_title = '{title}（改）' WHERE number = '{}'",
            cert.number
        ))
        .await,
        1
    );
    for base in [app.address.clone(), other.clone()] {
        let answer = verify_at(base).await;
        assert_eq!(
            (answer.status, answer.class_title.as_str()),
            (CertificateStatus::Valid, title.as_str()),
            "answered from the cache"
        );
    }
    let revoked = revoke(&app, &staff, cert.id, "证书信息有误，予以撤销").await;
    assert_eq!(revoked.status, CertificateStatus::Revoked);
    // The revoking instance answers "revoked" at once.
    assert_eq!(
        status_at(app.address.clone()).await,
        CertificateStatus::Revoked
    );
    // The other one within its sync interval (allowing a slow test machine ample time).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let status = status_at(other.clone()).await;
        if status == CertificateStatus::Revoked {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the other instance still verifies a revoked certificate as {status:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // And keeps saying so.
    assert_eq!(status_at(other).await, CertificateStatus::Revoked);
}
