//! The role × operation matrix: every operation of the served OpenAPI document, called over
//! HTTP by every kind of caller — anonymous, each role, each reviewer authority — must answer
//! as `access_matrix.txt` says: `401` (no token), `403` (the role may do nothing of it) or `ok`
//! (past the gate: what the role may do is then scoped — an id outside its scope is `404`,
//! like one that does not exist). No caller ever gets a server error.
//!
//! A new operation without a row fails the test, with the row it observed, so adding an
//! endpoint means deciding, in review, who may call it. Path ids are ids that do not exist and
//! bodies are the smallest that fit their schema, so nothing a call could change exists.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use cebase_tests::TestApp;
use serde_json::{Map, Value, json};

/// The callers, in the order of the table's columns.
const CALLERS: [&str; 10] = [
    "anonymous",
    "admin",
    "staff",
    "finance",
    "teacher",
    "trainee",
    "org_contact",
    "miit",
    "mohrss",
    "provincial_hr",
];

const TABLE: &str = include_str!("access_matrix.txt");

/// An id no record has.
const NO_SUCH_ID: &str = "0190a3c4-0000-7000-8000-00000000dead";

#[tokio::test]
async fn every_operation_answers_every_caller_as_the_table_says() {
    // Every caller tries `POST /auth/login` with the same made-up account: the throttle must
    // not turn the later callers' 401s into 429s.
    let app = TestApp::spawn_with(|s| {
        s.login_max_failures_per_account = 1_000;
        s.login_max_failures_per_ip = 1_000;
    })
    .await;
    let admin = app.admin_token().await;
    let mut tokens: BTreeMap<&str, Option<String>> = BTreeMap::new();
    tokens.insert("anonymous", None);
    tokens.insert("admin", Some(admin.clone()));
    for caller in &CALLERS[2..] {
        let (roles, authority) = match *caller {
            "miit" | "mohrss" | "provincial_hr" => (vec!["reviewer"], Some(*caller)),
            role => (vec![role], None),
        };
        let username = format!("matrix_{caller}");
        let password = "matrix-password-1";
        let res = app
            .post(
                "/api/v1/users",
                &admin,
                &json!({"username": username, "display_name": caller, "password": password,
                        "roles": roles, "reviewer_authority": authority}),
            )
            .await;
        assert_eq!(res.status(), 201, "creating the {caller} account");
        tokens.insert(
            caller,
            Some(app.tokens(&username, password).await.access_token),
        );
    }

    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("document");
    let expected = parse_table(TABLE);
    let mut observed = BTreeMap::new();
    let mut server_errors = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let key = format!("{} {path}", method.to_uppercase());
            let request = Request::for_operation(&doc, method, path, operation);
            let mut row = Vec::new();
            for caller in CALLERS {
                let status = request.send(&app, tokens[caller].as_deref()).await;
                if status >= 500 {
                    server_errors.push(format!("{key} as {caller}: {status}"));
                }
                row.push(match status {
                    401 => "401",
                    403 => "403",
                    _ => "ok",
                });
            }
            observed.insert(key, row);
        }
    }
    assert!(
        server_errors.is_empty(),
        "server errors: {server_errors:#?}"
    );

    let mut problems = String::new();
    for (key, row) in &observed {
        match expected.get(key) {
            None => writeln!(
                problems,
                "no row for `{key}`; observed:\n{}",
                line(key, row)
            ),
            Some(want) if want != row => writeln!(
                problems,
                "`{key}` differs:\n  table:    {}\n  observed: {}",
                want.join(" "),
                row.join(" ")
            ),
            Some(_) => Ok(()),
        }
        .expect("write");
    }
    for key in expected.keys().filter(|k| !observed.contains_key(*k)) {
        writeln!(problems, "row `{key}` names no operation of the document").expect("write");
    }
    assert!(
        problems.is_empty(),
        "the access matrix does not hold:\n{problems}"
    );
}

/// The table's rows: `METHOD /path` then one answer per caller.
fn parse_table(table: &str) -> BTreeMap<String, Vec<&str>> {
    let mut rows = BTreeMap::new();
    for line in table.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            fields.len(),
            2 + CALLERS.len(),
            "a row is METHOD PATH and one answer per caller: {line}"
        );
        for answer in &fields[2..] {
            assert!(
                ["401", "403", "ok"].contains(answer),
                "unknown answer in {line}"
            );
        }
        let key = format!("{} {}", fields[0], fields[1]);
        assert!(
            rows.insert(key, fields[2..].to_vec()).is_none(),
            "duplicate row {line}"
        );
    }
    rows
}

fn line(key: &str, row: &[&str]) -> String {
    let mut out = format!("{key:<58}");
    for answer in row {
        write!(out, " {answer:<4}").expect("write");
    }
    out.trim_end().to_owned()
}

/// One request per operation: path parameters filled with values no record has, required
/// query parameters with valid values, a JSON body with the required fields of its schema.
struct Request {
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
}

impl Request {
    fn for_operation(doc: &Value, method: &str, path: &str, operation: &Value) -> Self {
        let mut filled = path.to_owned();
        let mut query = Vec::new();
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().expect("name");
            let value = match name {
                "year" | "to" => "2026".to_owned(),
                "from" => "2025".to_owned(),
                "seq" => "1".to_owned(),
                "number" => "NO-SUCH-NUMBER".to_owned(),
                _ => NO_SUCH_ID.to_owned(),
            };
            match parameter["in"].as_str() {
                Some("path") => filled = filled.replace(&format!("{{{name}}}"), &value),
                Some("query") if parameter["required"] == true => query.push((name.into(), value)),
                _ => {}
            }
        }
        let body = operation["requestBody"]["content"]["application/json"]["schema"]
            .as_object()
            .map(|schema| example(doc, &Value::Object(schema.clone()), 0));
        Self {
            method: method.to_uppercase().parse().expect("method"),
            path: filled,
            query,
            body,
        }
    }

    async fn send(&self, app: &TestApp, token: Option<&str>) -> u16 {
        let mut request = app
            .client
            .request(self.method.clone(), app.url(&self.path))
            .query(&self.query);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = &self.body {
            request = request.json(body);
        }
        request.send().await.expect("sent").status().as_u16()
    }
}

/// The smallest value of `schema`: its required properties, each with a plain value of its type.
fn example(doc: &Value, schema: &Value, depth: usize) -> Value {
    assert!(depth < 16, "schema nests too deeply: {schema}");
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().expect("schema name");
        return example(doc, &doc["components"]["schemas"][name], depth + 1);
    }
    for alternatives in ["oneOf", "anyOf"] {
        if let Some(first) = schema[alternatives]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["type"] != "null"))
        {
            return example(doc, first, depth + 1);
        }
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(fields) = example(doc, part, depth + 1) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds.iter().find(|k| *k != "null").cloned(),
        kind => Some(kind.clone()),
    };
    match kind.as_ref().and_then(Value::as_str) {
        Some("string") => json!(match schema["format"].as_str() {
            Some("uuid") => NO_SUCH_ID,
            Some("date") => "2026-03-02",
            Some("date-time") => "2026-03-02T00:00:00Z",
            _ => "x",
        }),
        Some("integer") | Some("number") => json!(1),
        Some("boolean") => json!(false),
        Some("array") => {
            if schema["minItems"].as_u64().unwrap_or(0) > 0 {
                json!([example(doc, &schema["items"], depth + 1)])
            } else {
                json!([])
            }
        }
        _ => {
            let mut object = Map::new();
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().expect("property name");
                object.insert(
                    name.to_owned(),
                    example(doc, &schema["properties"][name], depth + 1),
                );
            }
            Value::Object(object)
        }
    }
}
