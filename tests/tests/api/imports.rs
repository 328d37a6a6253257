//! `/imports`: bulk import of people (and enrolment in a class) from CSV and xlsx — preview with
//! every rejected row, all-or-nothing commit or keep-valid, duplicates, class seats, the
//! template, background jobs with progress, and who may import.

use cebase_domain::dto::Page;
use cebase_domain::imports::{ImportJobDto, ImportStatus};
use cebase_domain::master::{OrganisationDto, PersonDto};
use cebase_domain::training::{ClassDto, EnrolmentDto};
use cebase_tests::{
    IMPORT_CSV_HEADER, TestApp, XLSX, bulk_resident_id, class_body, credit_code, expect_json,
    expect_problem, import_csv_line, organisation_body,
};
use serde_json::json;
use uuid::Uuid;

const CSV: &str = "text/csv";

fn csv(lines: &[String]) -> Vec<u8> {
    let mut text = String::from(IMPORT_CSV_HEADER);
    for line in lines {
        text.push('\n');
        text.push_str(line);
    }
    text.push('\n');
    text.into_bytes()
}

/// A person's import line with a wrong check character.
fn bad_id_line(n: u32) -> String {
    let good = bulk_resident_id(n);
    let wrong = if good.ends_with('1') { '2' } else { '1' };
    import_csv_line(n, None).replace(&good, &format!("{}{wrong}", &good[..17]))
}

async fn preview(app: &TestApp, token: &str, query: &str, ct: &str, body: Vec<u8>) -> ImportJobDto {
    expect_json(
        app.upload(
            token,
            &format!("/api/v1/imports?mode=preview{query}"),
            ct,
            body,
        )
        .await,
        201,
    )
    .await
}

async fn commit(app: &TestApp, token: &str, id: Uuid, query: &str) -> reqwest::Response {
    app.post(
        &format!("/api/v1/imports/{id}/commit{query}"),
        token,
        &json!({}),
    )
    .await
}

async fn people_count(app: &TestApp, token: &str) -> usize {
    app.collect_pages::<PersonDto>(token, "/api/v1/people?limit=200")
        .await
        .0
        .len()
}

#[tokio::test]
async fn csv_preview_names_the_bad_row_and_commit_is_all_or_nothing_unless_keep_valid() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut lines: Vec<String> = (0..5).map(|n| import_csv_line(n, None)).collect();
    lines[2] = bad_id_line(2);
    let job = preview(&app, &admin, "", CSV, csv(&lines)).await;
    assert_eq!(job.status, ImportStatus::Ready);
    assert_eq!((job.total_rows, job.valid_rows, job.error_count), (5, 4, 1));
    let e = &job.errors[0];
    // Header = row 1, so the third data row is row 4.
    assert_eq!(
        (e.row, e.field.as_str(), e.code.as_str()),
        (4, "id_number", "id_number_check")
    );
    assert!(e.message.contains("GB 11643-1999"), "{}", e.message);

    // All or nothing: one bad row, nothing written.
    let problem = expect_problem(
        commit(&app, &admin, job.import_id, "").await,
        422,
        "import_rejected",
    )
    .await;
    assert_eq!(problem.errors[0].field, "rows[4].id_number");
    assert_eq!(people_count(&app, &admin).await, 0);
    let again: ImportJobDto = expect_json(
        app.get(&format!("/api/v1/imports/{}", job.import_id), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(again.status, ImportStatus::Ready, "can still be committed");

    // Keeping the valid rows writes the other four and reports the rejected one.
    let done: ImportJobDto = expect_json(
        commit(&app, &admin, job.import_id, "?keep_valid=true").await,
        200,
    )
    .await;
    assert_eq!(done.status, ImportStatus::Done);
    assert_eq!(
        (done.written_rows, done.people_created, done.error_count),
        (4, 4, 1)
    );
    assert_eq!(done.errors[0].row, 4);
    assert_eq!(people_count(&app, &admin).await, 4);
    let audit = app.audit_of(&admin, "import", job.import_id).await;
    assert_eq!(audit.len(), 1, "one audit entry for the whole import");
    let after = audit[0].after.as_ref().expect("after");
    assert_eq!(after["people_created"], 4);
    assert_eq!(after["file_sha256"], json!(job.file_sha256));

    // A finished import cannot be committed again.
    expect_problem(
        commit(&app, &admin, job.import_id, "").await,
        409,
        "import_not_ready",
    )
    .await;
}

/// An xlsx file as a spreadsheet program writes it: `rows` below the Chinese header.
fn xlsx(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = IMPORT_CSV_HEADER.split(',').collect::<Vec<_>>();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("cell");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if c == 8 && !v.is_empty() {
                // Phone numbers typed as numbers, as people do.
                sheet
                    .write_number((r + 1) as u32, c as u16, v.parse::<f64>().expect("number"))
                    .expect("cell");
            } else {
                sheet
                    .write_string((r + 1) as u32, c as u16, *v)
                    .expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn xlsx_rows_are_checked_and_keep_valid_from_the_upload_writes_the_rest() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let ids: Vec<String> = (10..13).map(bulk_resident_id).collect();
    let file = xlsx(&[
        vec![
            "张伟",
            "居民身份证",
            &ids[0],
            "",
            "工程师",
            "中级",
            "软件",
            "本科",
            "13800138000",
            "",
        ],
        vec![
            "李娜",
            "身份证",
            &ids[1],
            "",
            "",
            "特级",
            "",
            "硕士",
            "13800138001",
            "bad",
        ],
        vec![
            "王芳",
            "resident_id",
            &ids[2],
            "",
            "",
            "associate_senior",
            "",
            "doctor",
            "",
            "",
        ],
    ]);
    let job = preview(&app, &admin, "&keep_valid=true", XLSX, file).await;
    assert_eq!((job.total_rows, job.valid_rows), (3, 2));
    let found: Vec<(u32, &str, &str)> = job
        .errors
        .iter()
        .map(|e| (e.row, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "title_level", "unknown_value"),
            (3, "email", "email_format")
        ]
    );
    let done: ImportJobDto = expect_json(commit(&app, &admin, job.import_id, "").await, 200).await;
    assert_eq!((done.status, done.people_created), (ImportStatus::Done, 2));
    let page: Page<PersonDto> = expect_json(
        app.get(&format!("/api/v1/people?id_number={}", ids[0]), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(page.items[0].phone.as_deref(), Some("13800138000"));
    assert_eq!(page.items[0].name, "张伟");
}

#[tokio::test]
async fn duplicates_in_the_file_and_people_on_file_are_recognised() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let org: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("某公司", &credit_code(3)),
        )
        .await;
    // Person 20 is on file as 学员20; person 21 under another name.
    for (name, n) in [("学员20", 20), ("别人", 21)] {
        let body = cebase_tests::person_body(name, &bulk_resident_id(n));
        app.create::<PersonDto>(&admin, "people", &body).await;
    }
    let lines = vec![
        import_csv_line(20, None),
        import_csv_line(21, None),
        import_csv_line(22, Some(&credit_code(3))),
        import_csv_line(22, None),
        import_csv_line(23, Some(&credit_code(4))),
    ];
    // With a BOM and English headers.
    let mut text = String::from(
        "\u{feff}name,id_kind,id_number,employer_credit_code,title,title_level,field,degree,phone,email\n",
    );
    for line in &lines {
        text.push_str(line);
        text.push('\n');
    }
    let body = text.into_bytes();
    let job = preview(&app, &admin, "", CSV, body).await;
    let found: Vec<(u32, &str, &str)> = job
        .errors
        .iter()
        .map(|e| (e.row, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "name", "person_conflict"),
            (5, "id_number", "duplicate_in_file"),
            (6, "employer_credit_code", "not_found"),
        ]
    );
    assert!(job.errors[1].message.contains("row 4"));
    let done: ImportJobDto = expect_json(
        commit(&app, &admin, job.import_id, "?keep_valid=true").await,
        200,
    )
    .await;
    assert_eq!((done.people_created, done.people_reused), (1, 1));
    let employed: Page<PersonDto> = expect_json(
        app.get(
            &format!("/api/v1/people?organisation_id={}", org.id),
            &admin,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        employed.items.len(),
        1,
        "the credit code resolved to the employer"
    );
    assert_eq!(people_count(&app, &admin).await, 3);
}

#[tokio::test]
async fn enrolment_into_a_class_respects_its_seats_and_once_per_person() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let class: ClassDto = app
        .create(&admin, "classes", &class_body("导入班", 3))
        .await;
    let lines: Vec<String> = (30..35).map(|n| import_csv_line(n, None)).collect();
    let query = format!("&class_id={}", class.id);
    let job = preview(&app, &admin, &query, CSV, csv(&lines)).await;
    let full: Vec<(u32, &str)> = job
        .errors
        .iter()
        .map(|e| (e.row, e.code.as_str()))
        .collect();
    assert_eq!(full, [(5, "class_full"), (6, "class_full")]);
    expect_problem(
        commit(&app, &admin, job.import_id, "").await,
        422,
        "import_rejected",
    )
    .await;
    assert_eq!(
        app.class(&admin, class.id).await.enrolled_count,
        0,
        "nothing written"
    );
    let done: ImportJobDto = expect_json(
        commit(&app, &admin, job.import_id, "?keep_valid=true").await,
        200,
    )
    .await;
    assert_eq!((done.written_rows, done.enrolments_created), (3, 3));
    let seen = app.class(&admin, class.id).await;
    assert_eq!((seen.enrolled_count, seen.seats_left), (3, 0));
    let enrolled = app
        .collect_pages::<EnrolmentDto>(&admin, &format!("/api/v1/classes/{}/enrolments", class.id))
        .await
        .0;
    assert_eq!(enrolled.len(), 3);

    // The same people again, into a bigger class that already holds them: refused per row.
    let big: ClassDto = app.create(&admin, "classes", &class_body("大班", 10)).await;
    let first = preview(
        &app,
        &admin,
        &format!("&class_id={}", big.id),
        CSV,
        csv(&lines[..2]),
    )
    .await;
    expect_json::<ImportJobDto>(commit(&app, &admin, first.import_id, "").await, 200).await;
    let again = preview(
        &app,
        &admin,
        &format!("&class_id={}", big.id),
        CSV,
        csv(&lines[..2]),
    )
    .await;
    let codes: Vec<&str> = again.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["already_enrolled", "already_enrolled"]);
    assert_eq!(app.class(&admin, big.id).await.enrolled_count, 2);

    // A class that no longer enrols refuses the upload; an unknown one is a field error.
    app.transition(&admin, big.id, "cancel").await;
    expect_problem(
        app.upload(
            &admin,
            &format!("/api/v1/imports?class_id={}", big.id),
            CSV,
            csv(&lines),
        )
        .await,
        409,
        "enrolment_closed",
    )
    .await;
    expect_problem(
        app.upload(
            &admin,
            &format!("/api/v1/imports?class_id={}", Uuid::now_v7()),
            CSV,
            csv(&lines),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn the_template_parses_back_and_imports_as_it_is() {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = app.get("/api/v1/imports/template.xlsx", &admin).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some(XLSX)
    );
    let bytes = res.bytes().await.expect("body").to_vec();
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).expect("xlsx");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0].join(","), IMPORT_CSV_HEADER);
    assert_eq!(rows.len(), 2, "one example row");
    let job = preview(&app, &admin, "", XLSX, bytes).await;
    assert_eq!(
        (job.valid_rows, job.error_count),
        (1, 0),
        "{:?}",
        job.errors
    );
}

#[tokio::test]
async fn a_large_file_runs_in_the_background_with_progress() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let lines: Vec<String> = (0..2000).map(|n| import_csv_line(1000 + n, None)).collect();
    let res = app
        .upload(&admin, "/api/v1/imports", CSV, csv(&lines))
        .await;
    let accepted: ImportJobDto = expect_json(res, 202).await;
    assert!(accepted.status.is_running(), "{:?}", accepted.status);
    assert_eq!(accepted.total_rows, 2000);
    let ready = app.wait_for_import(&admin, accepted.import_id).await;
    assert_eq!(ready.status, ImportStatus::Ready, "{:?}", ready.message);
    assert_eq!((ready.valid_rows, ready.processed_rows), (2000, 2000));
    let committing: ImportJobDto =
        expect_json(commit(&app, &admin, ready.import_id, "").await, 202).await;
    assert!(matches!(
        committing.status,
        ImportStatus::Committing | ImportStatus::Done
    ));
    let done = app.wait_for_import(&admin, ready.import_id).await;
    assert_eq!(done.status, ImportStatus::Done, "{:?}", done.message);
    assert_eq!((done.written_rows, done.processed_rows), (2000, 2000));
    let page: Page<PersonDto> =
        expect_json(app.get("/api/v1/people?limit=200", &admin).await, 200).await;
    assert!(page.next_cursor.is_some(), "more than one page of people");
}

#[tokio::test]
async fn only_staff_and_admin_import_and_bad_files_are_refused() {
    let app = TestApp::spawn_with(|s| s.import_max_bytes = 2000).await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let body = csv(&[import_csv_line(1, None)]);
    let job = preview(&app, &staff, "", CSV, body.clone()).await;
    for role in ["trainee", "teacher", "finance", "org_contact"] {
        let (_, token) = app.account(&admin, &format!("{role}1"), &[role]).await;
        expect_problem(
            app.upload(&token, "/api/v1/imports", CSV, body.clone())
                .await,
            403,
            "forbidden",
        )
        .await;
        expect_problem(
            app.get(&format!("/api/v1/imports/{}", job.import_id), &token)
                .await,
            403,
            "forbidden",
        )
        .await;
        expect_problem(
            commit(&app, &token, job.import_id, "").await,
            403,
            "forbidden",
        )
        .await;
        expect_problem(
            app.get("/api/v1/imports/template.xlsx", &token).await,
            403,
            "forbidden",
        )
        .await;
    }
    let anonymous = app
        .client
        .post(app.url("/api/v1/imports"))
        .header("content-type", CSV)
        .body(body.clone())
        .send()
        .await
        .expect("sent");
    expect_problem(anonymous, 401, "unauthenticated").await;
    expect_problem(
        app.get(&format!("/api/v1/imports/{}", Uuid::now_v7()), &staff)
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.upload(&staff, "/api/v1/imports", "application/json", body.clone())
            .await,
        400,
        "unsupported_media_type",
    )
    .await;
    expect_problem(
        app.upload(&staff, "/api/v1/imports", XLSX, b"not a zip".to_vec())
            .await,
        400,
        "invalid_file",
    )
    .await;
    expect_problem(
        app.upload(&staff, "/api/v1/imports", CSV, vec![0xff, 0xfe, b'a'])
            .await,
        400,
        "invalid_file",
    )
    .await;
    let big: Vec<String> = (0..40).map(|n| import_csv_line(n, None)).collect();
    expect_problem(
        app.upload(&staff, "/api/v1/imports", CSV, csv(&big)).await,
        413,
        "payload_too_large",
    )
    .await;
    // A header without the required columns: every row is refused, at row 1.
    let headless = preview(
        &app,
        &staff,
        "",
        CSV,
        "姓名,年龄\n张伟,30\n".as_bytes().to_vec(),
    )
    .await;
    assert_eq!(headless.valid_rows, 0);
    assert!(headless.errors.iter().all(|e| e.row == 1));
    assert!(headless.errors.iter().any(|e| e.code == "unknown_column"));
}

#[tokio::test]
async fn mode_commit_validates_and_commits_in_one_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let lines: Vec<String> = (40..43).map(|n| import_csv_line(n, None)).collect();
    let done: ImportJobDto = expect_json(
        app.upload(&admin, "/api/v1/imports?mode=commit", CSV, csv(&lines))
            .await,
        201,
    )
    .await;
    assert_eq!((done.status, done.written_rows), (ImportStatus::Done, 3));
    let mut bad: Vec<String> = (50..53).map(|n| import_csv_line(n, None)).collect();
    bad[1] = bad_id_line(51);
    let problem = expect_problem(
        app.upload(&admin, "/api/v1/imports?mode=commit", CSV, csv(&bad))
            .await,
        422,
        "import_rejected",
    )
    .await;
    assert_eq!(problem.errors[0].field, "rows[3].id_number");
    assert_eq!(
        people_count(&app, &admin).await,
        3,
        "nothing of the second file"
    );
}

/// The server is still there and answering.
async fn still_up(app: &TestApp) {
    let res = app
        .client
        .get(app.url("/health"))
        .send()
        .await
        .expect("the server still answers");
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn a_sheet_declaring_billions_of_cells_is_refused_and_the_server_stays_up() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    // Only A1 and XFD1048576: 4.8 KB that a dense reader would make 17 billion cells of.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "姓名").expect("cell");
    sheet
        .write_string(1_048_575, 16_383, "x")
        .expect("the last cell of a sheet");
    let bytes = book.save_to_buffer().expect("xlsx");
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let problem = expect_problem(
        app.upload(&staff, "/api/v1/imports?mode=preview", XLSX, bytes)
            .await,
        422,
        "sheet_too_large",
    )
    .await;
    assert_eq!(
        (
            problem.errors[0].field.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("file", "too_many_columns")
    );
    still_up(&app).await;
}

#[tokio::test]
async fn a_deflate_bomb_in_the_shared_strings_is_refused_before_it_is_unpacked() {
    use std::io::{Cursor, Read, Write};
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    // A real workbook whose shared-strings part is replaced by 300 MiB that deflate to little.
    let good = xlsx(&[vec!["张伟"]]);
    let mut source = zip::ZipArchive::new(Cursor::new(good)).expect("an xlsx is a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..source.len() {
        let mut entry = source.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        out.start_file(name.as_str(), options).expect("entry");
        if name == "xl/sharedStrings.xml" {
            out.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#)
                .expect("write");
            let chunk = vec![b'a'; 1024 * 1024];
            for _ in 0..300 {
                out.write_all(&chunk).expect("write");
            }
            out.write_all(b"</t></si></sst>").expect("write");
        } else {
            let mut content = Vec::new();
            entry.read_to_end(&mut content).expect("read");
            out.write_all(&content).expect("write");
        }
    }
    let bomb = out.finish().expect("zip").into_inner();
    assert!(bomb.len() < 2 * 1024 * 1024, "{} bytes", bomb.len());
    let problem = expect_problem(
        app.upload(&admin, "/api/v1/imports?mode=preview", XLSX, bomb)
            .await,
        422,
        "sheet_too_large",
    )
    .await;
    assert_eq!(problem.errors[0].code, "unpacked_too_large");
    still_up(&app).await;
}

#[tokio::test]
async fn a_million_blank_csv_rows_are_skipped_and_too_many_data_rows_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    // One person, then a million rows with nothing in them (as spreadsheets export them).
    let mut text = String::from(IMPORT_CSV_HEADER);
    text.push('\n');
    text.push_str(&import_csv_line(1, None));
    text.push('\n');
    text.push_str(&",,,,,,,,,\n".repeat(1_000_000));
    let job = preview(&app, &admin, "", CSV, text.into_bytes()).await;
    assert_eq!((job.total_rows, job.valid_rows), (1, 1));
    // Past 200 000 data rows the file is refused, naming the bound, before any job exists.
    let mut text = String::from(IMPORT_CSV_HEADER);
    text.push('\n');
    text.push_str(&"x,,,,,,,,,\n".repeat(200_001));
    let problem = expect_problem(
        app.upload(
            &admin,
            "/api/v1/imports?mode=preview",
            CSV,
            text.into_bytes(),
        )
        .await,
        422,
        "sheet_too_large",
    )
    .await;
    assert_eq!(problem.errors[0].code, "too_many_rows");
    assert!(problem.errors[0].message.contains("200000"), "{problem:?}");
    still_up(&app).await;
}

/// An organisation contact registers someone employed elsewhere under their organisation; a
/// later import of the real employer's people must not quietly reuse that record as theirs, nor
/// move it: the row is refused and the person stays where staff (or the contact) put them.
#[tokio::test]
async fn an_import_never_moves_a_person_between_organisations() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let registered_at: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("甲公司", &credit_code(5)),
        )
        .await;
    let employer: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("乙公司", &credit_code(6)),
        )
        .await;
    let mut body = cebase_tests::person_body("学员30", &bulk_resident_id(30));
    body["employer_id"] = json!(registered_at.id);
    let person: PersonDto = app.create(&admin, "people", &body).await;

    let text = format!(
        "{IMPORT_CSV_HEADER}\n{}\n",
        import_csv_line(30, Some(&credit_code(6)))
    );
    let job = preview(&app, &admin, "", CSV, text.into_bytes()).await;
    let found: Vec<(u32, &str, &str)> = job
        .errors
        .iter()
        .map(|e| (e.row, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(found, [(2, "employer_credit_code", "employer_conflict")]);
    expect_problem(
        commit(&app, &admin, job.import_id, "").await,
        422,
        "import_rejected",
    )
    .await;
    let after: PersonDto = expect_json(
        app.get(&format!("/api/v1/people/{}", person.id), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(after.employer_id, Some(registered_at.id));
    assert_ne!(after.employer_id, Some(employer.id));
}
