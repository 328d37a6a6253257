//! Certificates' building blocks: the published signing keys (JWKS), the signed Open Badges
//! credential and status list checked by an independent JOSE implementation (Python's PyJWT
//! on OpenSSL-backed `cryptography`), and the certificate PDF checked with poppler.

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cebase_api::credentials::{
    Algorithm, CertificateFacts, CertificateFont, Credentials, render_pdf, zip_files,
};
use cebase_api::{Application, Settings};
use cebase_tests::{TestApp, expect_json, expect_problem};
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};

async fn jwks(app_url: &str, client: &reqwest::Client) -> Value {
    let res = client
        .get(format!("{app_url}/.well-known/jwks.json"))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/json")
    );
    res.json().await.expect("json")
}

fn kids(jwks: &Value) -> Vec<String> {
    jwks["keys"]
        .as_array()
        .expect("keys array")
        .iter()
        .map(|k| k["kid"].as_str().expect("kid").to_owned())
        .collect()
}

fn b64len(v: &Value) -> usize {
    URL_SAFE_NO_PAD
        .decode(v.as_str().expect("base64url string"))
        .expect("base64url")
        .len()
}

#[tokio::test]
async fn the_jwks_is_public_valid_and_survives_a_restart() {
    let app = TestApp::spawn().await;
    let first = jwks(&app.address, &app.client).await;
    let keys = first["keys"].as_array().expect("keys");
    assert_eq!(keys.len(), 2, "{first}");
    let rsa = keys.iter().find(|k| k["kty"] == "RSA").expect("an RSA key");
    assert_eq!(rsa["alg"], "RS256");
    assert_eq!(rsa["use"], "sig");
    assert_eq!(b64len(&rsa["n"]), 256, "a 2048-bit modulus");
    assert_eq!(rsa["e"], "AQAB");
    let ed = keys
        .iter()
        .find(|k| k["kty"] == "OKP")
        .expect("an Ed25519 key");
    assert_eq!(ed["crv"], "Ed25519");
    assert_eq!(ed["alg"], "EdDSA");
    assert_eq!(b64len(&ed["x"]), 32);
    for key in keys {
        assert!(key.get("d").is_none(), "no private key material: {key}");
        assert!(key.get("p").is_none() && key.get("q").is_none());
    }

    // A second instance on the same database publishes the same keys.
    let mut settings: Settings = app.settings.clone();
    settings.bind = "127.0.0.1:0".parse().expect("address");
    let restarted = Application::build(settings).await.expect("restarts");
    let address = format!("http://127.0.0.1:{}", restarted.port());
    tokio::spawn(restarted.run_until_stopped());
    let second = jwks(&address, &app.client).await;
    assert_eq!(kids(&second), kids(&first));
    let loaded = Credentials::load_or_create(&app.db).await.expect("loads");
    assert!(kids(&first).contains(&loaded.signing_kid().to_owned()));
}

#[tokio::test]
async fn rotation_adds_keys_keeps_the_old_ones_and_is_audited() {
    let app = TestApp::spawn().await;
    let before = kids(&jwks(&app.address, &app.client).await);
    let old = Credentials::load_or_create(&app.db).await.expect("loads");
    let rotated = Credentials::rotate(&app.db).await.expect("rotates");
    assert_ne!(rotated.signing_kid(), old.signing_kid());

    // The running server publishes the new keys at once (read from the database).
    let after = kids(&jwks(&app.address, &app.client).await);
    assert_eq!(after.len(), 4);
    for kid in &before {
        assert!(after.contains(kid), "retired key {kid} still published");
    }
    assert!(after.contains(&rotated.signing_kid().to_owned()));
    // A restart signs with the new key.
    let reloaded = Credentials::load_or_create(&app.db).await.expect("loads");
    assert_eq!(reloaded.signing_kid(), rotated.signing_kid());

    let token = app.admin_token().await;
    let page: Value = expect_json(
        app.get("/api/v1/audit?entity_type=credential_keys", &token)
            .await,
        200,
    )
    .await;
    let entries = page["items"].as_array().expect("items");
    assert_eq!(entries.len(), 1, "{page}");
    assert_eq!(entries[0]["action"], "credential_keys.rotate");
    let text = entries[0].to_string();
    assert!(!text.contains("private"), "{text}");
}

fn facts(index: u32) -> CertificateFacts {
    CertificateFacts {
        certificate_id: uuid::Uuid::now_v7(),
        number: "CEB2026000123".into(),
        verification_code: "K7PX-M2QD-9RWT".into(),
        holder_name: "张三丰".into(),
        person_id: uuid::Uuid::now_v7(),
        class_title: "人工智能与数字经济高级研修班".into(),
        class_kind: "研修班".into(),
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
        end_date: NaiveDate::from_ymd_opt(2026, 3, 6).expect("date"),
        hours_total_tenths: 325,
        hours_public_tenths: 100,
        hours_professional_tenths: 225,
        result: "结业考试 86.5/100 合格".into(),
        issuer_name: "国家级专业技术人员继续教育基地（示例）".into(),
        issued_at: Utc
            .with_ymd_and_hms(2026, 3, 9, 2, 30, 0)
            .single()
            .expect("time"),
        status_list_index: index,
        status_list_url: "https://cebase.example/api/v1/public/status-lists/2026".into(),
        verification_url: "https://cebase.example/verify/CEB2026000123?code=K7PX-M2QD-9RWT".into(),
    }
}

/// Verifies each token with PyJWT against the JWKS (key chosen by the header's `kid`, algorithm
/// by the key's `alg`) and reads status-list bits with Python's own gzip and base64.
const VERIFIER: &str = r#"
import base64, gzip, json, sys
import jwt

req = json.load(sys.stdin)
keys = {k["kid"]: k for k in req["jwks"]["keys"]}
out = []
for token in req["tokens"]:
    try:
        kid = jwt.get_unverified_header(token)["kid"]
        jwk = keys[kid]
        key = jwt.PyJWK(jwk).key
        claims = jwt.decode(token, key, algorithms=[jwk["alg"]],
                            options={"verify_aud": False, "require": ["iss", "nbf", "iat"]})
        entry = {"valid": True, "kid": kid, "claims": claims}
        subject = claims.get("credentialSubject", {})
        if subject.get("type") == "BitstringStatusList":
            enc = subject["encodedList"]
            assert enc[0] == "u", "multibase base64url"
            raw = gzip.decompress(base64.urlsafe_b64decode(enc[1:] + "=" * (-len(enc[1:]) % 4)))
            entry["bits"] = len(raw) * 8
            entry["status"] = {str(i): (raw[i // 8] >> (7 - i % 8)) & 1 for i in req["indexes"]}
        out.append(entry)
    except Exception as e:
        out.append({"valid": False, "error": f"{type(e).__name__}: {e}"})
json.dump(out, sys.stdout)
"#;

fn verify_independently(jwks: &Value, tokens: &[&str], indexes: &[u32]) -> Vec<Value> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(VERIFIER)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is required for the independent JOSE check");
    let request = json!({"jwks": jwks, "tokens": tokens, "indexes": indexes});
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.to_string().as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("python3 runs");
    assert!(
        output.status.success(),
        "the independent verifier failed (it needs `python3 -m pip install 'PyJWT[crypto]'`, \
         which .ci/run installs): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("verifier output is JSON")
}

#[tokio::test]
async fn credentials_verify_against_the_served_jwks_with_another_jose_implementation() {
    let app = TestApp::spawn().await;
    let served = jwks(&app.address, &app.client).await;
    let issuer = "https://cebase.example";
    let list_url = "https://cebase.example/api/v1/public/status-lists/2026";

    let ed = Credentials::load_or_create(&app.db).await.expect("keys");
    let rs = Credentials::load_or_create(&app.db)
        .await
        .expect("keys")
        .with_signing_algorithm(Algorithm::RS256);
    let f = facts(42);
    let vc_ed = ed.sign_credential(&f, issuer).expect("EdDSA");
    let vc_rs = rs.sign_credential(&f, issuer).expect("RS256");
    let list = ed
        .status_list_credential(list_url, &[7, 42], 0, issuer)
        .expect("status list");
    // Tampering with the payload must break the signature.
    let parts: Vec<&str> = vc_ed.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
    claims["credentialSubject"]["creditsEarned"] = json!(320);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );

    let results = verify_independently(&served, &[&vc_ed, &vc_rs, &list, &forged], &[7, 41, 42]);
    assert_eq!(results.len(), 4);
    for (i, r) in results[..3].iter().enumerate() {
        assert_eq!(r["valid"], true, "token {i}: {r}");
    }
    assert_eq!(results[3]["valid"], false, "forged credential accepted");
    assert!(
        results[3]["error"]
            .as_str()
            .expect("error")
            .contains("Signature"),
        "{}",
        results[3]
    );

    for r in &results[..2] {
        let c = &r["claims"];
        assert_eq!(
            c["type"],
            json!(["VerifiableCredential", "OpenBadgeCredential"])
        );
        assert_eq!(c["iss"], issuer);
        assert_eq!(c["issuer"]["id"], issuer);
        assert_eq!(c["jti"], c["id"]);
        assert_eq!(c["credentialSubject"]["licenseNumber"], "CEB2026000123");
        assert_eq!(c["credentialSubject"]["creditsEarned"], json!(32.5));
        assert_eq!(
            c["credentialSubject"]["achievement"]["name"],
            "人工智能与数字经济高级研修班"
        );
        assert_eq!(c["credentialStatus"]["statusListIndex"], "42");
        assert_eq!(c["credentialStatus"]["statusListCredential"], list_url);
    }
    assert_eq!(results[0]["kid"], ed.signing_kid());
    assert_eq!(results[1]["kid"], rs.signing_kid());
    assert_ne!(results[0]["kid"], results[1]["kid"]);

    let status = &results[2];
    assert_eq!(status["claims"]["id"], list_url);
    assert_eq!(status["bits"], 131_072);
    assert_eq!(status["status"], json!({"7": 1, "41": 0, "42": 1}));
}

#[tokio::test]
async fn a_missing_certificate_font_stops_the_start_with_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("cebase-font-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let settings = Settings {
        bind: "127.0.0.1:0".parse().expect("address"),
        database_url: format!("sqlite://{}?mode=rwc", dir.join("db.sqlite").display()),
        jwt_secret: Some(cebase_tests::TEST_JWT_SECRET.to_owned()),
        certificate_font: dir.join("missing.ttc"),
        ..Settings::default()
    };
    let err = match Application::build(settings).await {
        Ok(_) => panic!("started without a font"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        err.contains("missing.ttc") && err.contains("CEBASE_CERTIFICATE_FONT"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).ok();
}

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    let output = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} (poppler-utils, installed by .ci/run) is required: {e}")
    });
    assert!(
        output.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn the_certificate_pdf_embeds_a_chinese_font_subset_and_renders() {
    let settings = Settings::default();
    let font = CertificateFont::load(&settings.certificate_font, settings.certificate_font_index)
        .expect("the default certificate font is installed (fonts-wqy-microhei)");
    let f = facts(42);
    let pdf = render_pdf(&f, &font).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    println!("certificate PDF: {} bytes", pdf.len());
    assert!(
        (5_000..200_000).contains(&pdf.len()),
        "a certificate should weigh tens of KB, not MB: {} bytes",
        pdf.len()
    );

    let dir = std::env::temp_dir().join(format!("cebase-pdf-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("certificate.pdf");
    std::fs::write(&path, &pdf).expect("write");
    // To look at the page: CEBASE_KEEP_PDF=/tmp/certificate.pdf cargo test … the_certificate_pdf
    if let Ok(keep) = std::env::var("CEBASE_KEEP_PDF") {
        std::fs::write(keep, &pdf).expect("keep a copy");
    }
    let path_str = path.to_str().expect("utf-8 path");

    let info = String::from_utf8_lossy(&tool("pdfinfo", &[path_str]).stdout).into_owned();
    assert!(info.contains("Pages:") && info.contains(" 1\n"), "{info}");
    assert!(info.contains("841.89 x 595.2"), "A4 landscape: {info}");
    assert!(
        info.contains("CreationDate:    Mon Mar  9 02:30:00 2026"),
        "{info}"
    );

    let text = String::from_utf8_lossy(&tool("pdftotext", &[path_str, "-"]).stdout).into_owned();
    // Long lines wrap; compare without line breaks.
    let text = text.replace('\n', "");
    for expected in [
        "专业技术人员继续教育证书",
        "CEB2026000123",
        "张三丰",
        "人工智能与数字经济高级研修班",
        "K7PX-M2QD-9RWT",
        "32.5",
        "国家级专业技术人员继续教育基地",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    let fonts = String::from_utf8_lossy(&tool("pdffonts", &[path_str]).stdout).into_owned();
    let font_line = fonts.lines().nth(2).unwrap_or_default();
    // Columns: name type encoding emb sub uni ...; a subset font's name starts with "ABCDEF+".
    assert!(
        font_line.contains(" yes yes ")
            || font_line
                .split_whitespace()
                .next()
                .is_some_and(|n| n.contains('+')),
        "the font is embedded as a subset:\n{fonts}"
    );

    // Rendered at 30 dpi as greyscale: the page has ink (text, frame, QR code), not a blank.
    let prefix = dir.join("page");
    tool(
        "pdftoppm",
        &[
            "-r",
            "30",
            "-gray",
            path_str,
            prefix.to_str().expect("utf-8"),
        ],
    );
    let image = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pgm"))
        .expect("pdftoppm wrote a page");
    let pgm = std::fs::read(image).expect("read");
    let pixels = pgm_pixels(&pgm);
    let dark = pixels.iter().filter(|&&p| p < 128).count();
    let share = dark as f64 / pixels.len() as f64;
    assert!(
        share > 0.01 && share < 0.5,
        "dark share {share:.3} of {} pixels",
        pixels.len()
    );
    std::fs::remove_dir_all(dir).ok();

    // A class's certificates as one zip.
    let zipped = zip_files(vec![
        ("CEB2026000123.pdf".into(), pdf.clone()),
        ("CEB2026000124.pdf".into(), pdf),
    ])
    .expect("zips");
    assert_eq!(&zipped[..2], b"PK");
}

/// The pixels of a binary PGM (`P5`, maxval < 256).
fn pgm_pixels(pgm: &[u8]) -> &[u8] {
    // Header: magic, width, height, maxval separated by whitespace, then one whitespace byte.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    assert_eq!(&pgm[..2], b"P5");
    &pgm[i + 1..]
}

/// The text of a PDF, by poppler's `pdftotext`, without line breaks.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("cebase-pdf-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("certificate.pdf");
    std::fs::write(&path, pdf).expect("write");
    let text = tool("pdftotext", &[path.to_str().expect("utf-8 path"), "-"]).stdout;
    std::fs::remove_dir_all(dir).ok();
    String::from_utf8_lossy(&text).replace('\n', "")
}

/// The names in a zip archive, each entry read in full (Python's `zipfile` checks the CRCs).
fn zip_names(zip: &[u8]) -> Vec<String> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(
            "import io, sys, zipfile\n\
             z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))\n\
             assert z.testzip() is None\n\
             for n in z.namelist():\n\
             \x20   assert z.read(n).startswith(b'%PDF-'), n\n\
             \x20   print(n)",
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(zip)
        .expect("write");
    let output = child.wait_with_output().expect("python3 runs");
    assert!(
        output.status.success(),
        "not a valid zip of PDFs: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

async fn bytes_of(res: reqwest::Response, content_type: &str) -> (String, Vec<u8>) {
    assert_eq!(res.status(), 200, "{}", res.url());
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), content_type);
    let disposition = header("content-disposition");
    (disposition, res.bytes().await.expect("body").to_vec())
}

/// An issued certificate end to end over HTTP: its holder and their organisation's contact
/// download the PDF and the signed credential (others get 404/403); the credential verifies
/// with PyJWT against the served JWKS and points at the year's status list, whose bit for the
/// certificate flips when staff revoke it; a revoked certificate is no longer printed or signed.
#[tokio::test]
async fn an_issued_certificate_prints_signs_and_publishes_its_revocation() {
    use cebase_domain::certificate::CertificateDto;

    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = cebase_tests::TrainedClass::build(&app, &admin).await;
    f.run(&app, &admin).await;
    app.transition(&f.staff, f.class.id, "complete").await;
    let cert: CertificateDto = expect_json(
        app.post(
            &format!("/api/v1/enrolments/{}/certificate", f.enrolments[0].id),
            &f.staff,
            &json!({}),
        )
        .await,
        201,
    )
    .await;
    let pdf_path = format!("/api/v1/certificates/{}/certificate.pdf", cert.id);
    let vc_path = format!("/api/v1/certificates/{}/credential", cert.id);
    let zip_path = format!("/api/v1/classes/{}/certificates.zip", f.class.id);

    // The PDF, as the holder downloads it.
    let (disposition, pdf) =
        bytes_of(app.get(&pdf_path, &f.trainee).await, "application/pdf").await;
    assert!(
        disposition.contains(&format!("{}.pdf", cert.number)),
        "{disposition}"
    );
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 200_000, "tens of KB: {} bytes", pdf.len());
    let text = pdf_text(&pdf);
    for expected in [
        cert.number.as_str(),
        cert.holder_name.as_str(),
        cert.class_title.as_str(),
        cert.verification_code.as_str(),
        "专业技术人员继续教育证书",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    // The hours copied from the learning record: 30 public-required + 60 professional.
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        compact.contains("共90学时（公需科目30学时，专业科目60学时）"),
        "{compact}"
    );

    // The zip of the class, as staff download it: the one valid certificate.
    let (_, zip) = bytes_of(app.get(&zip_path, &f.staff).await, "application/zip").await;
    assert_eq!(zip_names(&zip), vec![format!("{}.pdf", cert.number)]);

    // The credential, as the holder's organisation contact downloads it, verified independently.
    let (disposition, vc) =
        bytes_of(app.get(&vc_path, &f.contact_a).await, "application/vc+jwt").await;
    assert!(disposition.contains(".jwt"), "{disposition}");
    let vc = String::from_utf8(vc).expect("a compact JWS is ASCII");
    let served = jwks(&app.address, &app.client).await;
    let list_path = format!("/api/v1/public/status-lists/{}", cert.year);
    let list_url = format!("http://127.0.0.1:8080{list_path}");
    let index = cert.status_list_index;
    assert!(index < 131_072, "within the year's list: {index}");
    let clear = (index + 1) % 131_072;
    let list_before = app
        .client
        .get(app.url(&list_path))
        .send()
        .await
        .expect("sent");
    let (_, list_before) = bytes_of(list_before, "application/vc+jwt").await;
    let list_before = String::from_utf8(list_before).expect("ASCII");
    let results = verify_independently(&served, &[&vc, &list_before], &[index]);
    assert_eq!(results[0]["valid"], true, "{}", results[0]);
    let claims = &results[0]["claims"];
    assert_eq!(claims["credentialSubject"]["licenseNumber"], cert.number);
    assert_eq!(claims["credentialSubject"]["creditsEarned"], json!(90));
    assert_eq!(
        claims["credentialStatus"]["statusListIndex"],
        index.to_string()
    );
    assert_eq!(claims["credentialStatus"]["statusListCredential"], list_url);
    assert!(
        !claims.to_string().contains(&cert.holder_name),
        "no name in clear"
    );
    assert_eq!(results[1]["valid"], true, "{}", results[1]);
    assert_eq!(results[1]["claims"]["id"], list_url);
    assert_eq!(
        results[1]["status"][index.to_string()],
        0,
        "valid: bit clear"
    );

    // The credential was signed at issuance and stored: after a key rotation the holder gets
    // the same token, signed with the old key, which the JWKS still publishes.
    let old_kid = results[0]["kid"].clone();
    Credentials::rotate(&app.db).await.expect("rotates");
    let (_, again) = bytes_of(app.get(&vc_path, &f.trainee).await, "application/vc+jwt").await;
    assert_eq!(
        String::from_utf8(again).expect("ASCII"),
        vc,
        "the issued credential"
    );
    let served = jwks(&app.address, &app.client).await;
    assert!(kids(&served).len() > 2, "new keys published beside the old");
    let results = verify_independently(&served, &[&vc], &[]);
    assert_eq!(results[0]["valid"], true, "{}", results[0]);
    assert_eq!(results[0]["kid"], old_kid);

    // Who else may download: organisation B's contact 404 (as if it did not exist), a teacher 403.
    expect_problem(app.get(&pdf_path, &f.contact_b).await, 404, "not_found").await;
    expect_problem(app.get(&vc_path, &f.contact_b).await, 404, "not_found").await;
    expect_problem(app.get(&pdf_path, &f.teacher).await, 403, "forbidden").await;
    expect_problem(app.get(&zip_path, &f.contact_b).await, 404, "not_found").await;

    // Revocation: the status list bit is set; the certificate is no longer printed or signed.
    expect_json::<CertificateDto>(
        app.post(
            &format!("/api/v1/certificates/{}/revoke", cert.id),
            &f.staff,
            &json!({"reason": "学时记录有误，需更正"}),
        )
        .await,
        200,
    )
    .await;
    let list_after = app
        .client
        .get(app.url(&list_path))
        .send()
        .await
        .expect("sent");
    let (_, list_after) = bytes_of(list_after, "application/vc+jwt").await;
    let list_after = String::from_utf8(list_after).expect("ASCII");
    let results = verify_independently(&served, &[&list_after], &[index, clear]);
    assert_eq!(results[0]["valid"], true, "{}", results[0]);
    assert_eq!(
        results[0]["status"],
        json!({ index.to_string(): 1, clear.to_string(): 0 }),
        "revoked: bit set, the next one clear"
    );
    for path in [&pdf_path, &vc_path] {
        expect_problem(app.get(path, &f.trainee).await, 409, "certificate_revoked").await;
    }
    expect_problem(app.get(&zip_path, &f.staff).await, 404, "not_found").await;
    // A year far outside any numbering has no list.
    let res = app
        .client
        .get(app.url("/api/v1/public/status-lists/1999"))
        .send()
        .await
        .expect("sent");
    expect_problem(res, 404, "not_found").await;
    // Next year has no certificate yet: its list is served, signed, with every bit clear.
    let next_year = format!("/api/v1/public/status-lists/{}", cert.year + 1);
    let res = app
        .client
        .get(app.url(&next_year))
        .send()
        .await
        .expect("sent");
    let (_, empty) = bytes_of(res, "application/vc+jwt").await;
    let empty = String::from_utf8(empty).expect("ASCII");
    let results = verify_independently(&served, &[&empty], &[0, index]);
    assert_eq!(results[0]["valid"], true, "{}", results[0]);
    assert_eq!(results[0]["status"]["0"], 0, "{}", results[0]);
    assert_eq!(results[0]["status"][index.to_string()], 0, "{}", results[0]);
}

fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Every string leaf of `v` (keys included).
fn strings_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings_of(i, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                strings_of(v, out);
            }
        }
        _ => {}
    }
}

/// Issue 14, defect 5: a shared credential must not give the holder's ID number back. It
/// carries no hash, salt or identifier derived from the number, and a brute force over every
/// number the masked form leaves open (first 6 and last 4 digits known, any birth date between)
/// matches nothing in it: no SHA-256 of a candidate alone or joined with any string of the
/// credential (as a salt would be), in hex, `sha256$` hex or base64url.
#[tokio::test]
async fn a_shared_credential_does_not_give_the_id_number_back() {
    use cebase_domain::certificate::CertificateDto;
    use sha2::{Digest, Sha256};

    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = cebase_tests::TrainedClass::build(&app, &admin).await;
    f.run(&app, &admin).await;
    app.transition(&f.staff, f.class.id, "complete").await;
    let cert: CertificateDto = expect_json(
        app.post(
            &format!("/api/v1/enrolments/{}/certificate", f.enrolments[0].id),
            &f.staff,
            &json!({}),
        )
        .await,
        201,
    )
    .await;
    let person: Value = expect_json(
        app.get(&format!("/api/v1/people/{}", cert.person_id), &admin)
            .await,
        200,
    )
    .await;
    let id_number = person["id_number"].as_str().expect("id number").to_owned();
    assert_eq!(person["id_number_masked"], false, "{person}");
    assert_eq!(id_number.len(), 18, "a resident ID: {id_number}");

    let (_, vc) = bytes_of(
        app.get(
            &format!("/api/v1/certificates/{}/credential", cert.id),
            &f.trainee,
        )
        .await,
        "application/vc+jwt",
    )
    .await;
    let vc = String::from_utf8(vc).expect("ASCII");
    let parts: Vec<&str> = vc.split('.').collect();
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
    let text = claims.to_string();
    for word in [
        "identifier",
        "IdentityObject",
        "identityHash",
        "hashed",
        "salt",
    ] {
        assert!(!text.contains(word), "{word} in the credential: {text}");
    }
    let subject = claims["credentialSubject"]["id"].as_str().expect("subject");
    assert!(subject.starts_with("urn:uuid:"), "{subject}");
    assert_eq!(claims["sub"], subject);
    assert!(
        !text.contains(&cert.person_id.to_string()),
        "not even the record id"
    );

    let mut leaves = Vec::new();
    strings_of(&claims, &mut leaves);
    leaves.push(String::new());
    leaves.sort();
    leaves.dedup();
    // Every 64-character hex run and 43-character base64url run in the credential: where a
    // SHA-256 of the number would have to be.
    let mut digests = std::collections::HashSet::new();
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        for len in [64, 43] {
            for start in 0..token.len().saturating_sub(len - 1) {
                digests.insert(token[start..start + len].to_owned());
            }
        }
    }
    let upper = text.to_ascii_uppercase();
    let (head, tail) = (&id_number[..6], &id_number[14..]);
    let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).expect("date");
    let last = NaiveDate::from_ymd_opt(2012, 12, 31).expect("date");
    let mut candidates = 0u32;
    let mut found_the_number = false;
    while day <= last {
        let candidate = format!("{head}{}{tail}", day.format("%Y%m%d"));
        found_the_number |= candidate == id_number;
        assert!(!upper.contains(&candidate), "{candidate} in clear: {text}");
        let mut cases = vec![candidate.clone()];
        if candidate.ends_with('X') {
            cases.push(candidate.to_ascii_lowercase());
        }
        for cased in &cases {
            for leaf in &leaves {
                for message in [format!("{cased}{leaf}"), format!("{leaf}{cased}")] {
                    let digest = Sha256::digest(message.as_bytes());
                    let hexed = lower_hex(&digest);
                    assert!(
                        !digests.contains(&hexed)
                            && !digests.contains(&URL_SAFE_NO_PAD.encode(digest)),
                        "SHA-256 of {cased:?} with {leaf:?} found in the credential"
                    );
                }
            }
        }
        candidates += 1;
        day = day.succ_opt().expect("next day");
    }
    assert!(found_the_number, "the real number is among the candidates");
    assert!(candidates > 40_000, "{candidates}");
}

fn header_kid(jwt: &str) -> String {
    let header = jwt.split('.').next().expect("header");
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).expect("b64")).expect("json");
    header["kid"].as_str().expect("kid").to_owned()
}

/// Issue 14, defect 7: a compromised credential key is retired: it leaves the JWKS at once, the
/// running server signs with its replacement without a restart, valid certificates it signed
/// are re-signed with the current key (and verify independently), a revoked one is left alone,
/// and a second run resumes without doing anything twice.
#[tokio::test]
async fn a_retired_key_leaves_the_jwks_and_its_certificates_are_re_signed() {
    use cebase_api::credentials::CredentialKeys;
    use cebase_domain::certificate::CertificateDto;

    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = cebase_tests::TrainedClass::build(&app, &admin).await;
    f.run(&app, &admin).await;
    app.transition(&f.staff, f.class.id, "complete").await;
    let issue = || {
        let (app, staff, enrolment) = (&app, f.staff.clone(), f.enrolments[0].id);
        async move {
            expect_json::<CertificateDto>(
                app.post(
                    &format!("/api/v1/enrolments/{enrolment}/certificate"),
                    &staff,
                    &json!({}),
                )
                .await,
                201,
            )
            .await
        }
    };
    let revoke = |id: uuid::Uuid| {
        let (app, staff) = (&app, f.staff.clone());
        async move {
            expect_json::<CertificateDto>(
                app.post(
                    &format!("/api/v1/certificates/{id}/revoke"),
                    &staff,
                    &json!({"reason": "学时记录有误，需更正"}),
                )
                .await,
                200,
            )
            .await
        }
    };
    let download = |id: uuid::Uuid| {
        let app = &app;
        let staff = f.staff.clone();
        async move {
            let (_, vc) = bytes_of(
                app.get(&format!("/api/v1/certificates/{id}/credential"), &staff)
                    .await,
                "application/vc+jwt",
            )
            .await;
            String::from_utf8(vc).expect("ASCII")
        }
    };
    // A revoked certificate and its valid re-issue, both signed with the key to retire.
    let first = issue().await;
    let revoked_before = download(first.id).await;
    revoke(first.id).await;
    let valid = issue().await;
    let before = download(valid.id).await;
    let compromised = header_kid(&before);
    assert_eq!(header_kid(&revoked_before), compromised);
    assert!(kids(&jwks(&app.address, &app.client).await).contains(&compromised));

    let alg = app.settings.credential_signing_alg;
    let (retired, now) = Credentials::retire(&app.db, &compromised, alg)
        .await
        .expect("retires");
    assert!(now);
    let replacement = retired.signing_kid().to_owned();
    assert_ne!(replacement, compromised);
    let keys = CredentialKeys::load(&app.db, alg).await.expect("keys");
    let resigned = cebase_api::certificates::resign(&app.db, &app.settings, &keys, &compromised)
        .await
        .expect("re-signs");
    assert_eq!(resigned, 1, "the valid certificate, not the revoked one");

    // Gone from the JWKS; the replacement is there.
    let served = jwks(&app.address, &app.client).await;
    let published = kids(&served);
    assert!(!published.contains(&compromised), "{published:?}");
    assert!(published.contains(&replacement), "{published:?}");

    // The holder's credential is re-signed with the replacement and verifies independently;
    // the old token no longer does (its key is not published).
    let after = download(valid.id).await;
    assert_ne!(after, before);
    assert_eq!(header_kid(&after), replacement);
    let results = verify_independently(&served, &[&after, &before], &[]);
    assert_eq!(results[0]["valid"], true, "{}", results[0]);
    assert_eq!(
        results[0]["claims"]["credentialSubject"]["licenseNumber"],
        valid.number
    );
    assert_eq!(results[1]["valid"], false, "{}", results[1]);
    // The revoked certificate's stored token was left as it was.
    let stored = cebase_store::certificates::credential_of(&app.db, first.id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(stored, revoked_before);

    // The running server signs new certificates and status lists with the replacement at once.
    revoke(valid.id).await;
    let third = issue().await;
    assert_eq!(header_kid(&download(third.id).await), replacement);
    let list = app
        .client
        .get(app.url(&format!("/api/v1/public/status-lists/{}", third.year)))
        .send()
        .await
        .expect("sent");
    let (_, list) = bytes_of(list, "application/vc+jwt").await;
    assert_eq!(
        header_kid(&String::from_utf8(list).expect("ASCII")),
        replacement
    );

    // Run again: resumes, nothing left to do; an unknown kid is refused by name.
    let (_, now) = Credentials::retire(&app.db, &compromised, alg)
        .await
        .expect("again");
    assert!(!now);
    assert_eq!(
        cebase_api::certificates::resign(&app.db, &app.settings, &keys, &compromised)
            .await
            .expect("again"),
        0
    );
    let err = Credentials::retire(&app.db, "no-such-kid", alg)
        .await
        .expect_err("unknown");
    assert!(err.to_string().contains("no-such-kid"), "{err}");

    // Audited.
    let page: Value = expect_json(
        app.get("/api/v1/audit?entity_type=credential_keys", &admin)
            .await,
        200,
    )
    .await;
    let actions: Vec<&str> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        vec!["credential_keys.resign", "credential_keys.retire"],
        "{page}"
    );
}
