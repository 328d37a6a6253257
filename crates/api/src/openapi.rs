//! The OpenAPI description: paths are collected from the route modules by utoipa-actix-web; this
//! module adds the document's metadata and the bearer security scheme.

use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "cebase API",
        description = "Management system of a national continuing-education base for professional and technical personnel (国家级专业技术人员继续教育基地). Errors are RFC 9457 `application/problem+json` documents with a stable `code`.",
        license(name = "Apache-2.0")
    ),
    components(schemas(cebase_domain::Problem, cebase_domain::FieldError)),
    modifiers(&BearerScheme),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Login, token refresh, logout"),
        (name = "me", description = "The caller's own account"),
        (name = "users", description = "Account administration (admin)"),
        (name = "audit", description = "Tamper-evident audit trail (Art. 10)"),
        (name = "organisations", description = "Organisations (单位) with their unified social credit code (GB 32100-2015)"),
        (name = "partners", description = "Industry–university–research partner agreements (产学研, Art. 22)"),
        (name = "people", description = "People (专业技术人员) with identity documents (GB 11643-1999); ID numbers masked in lists and for all but staff and admin"),
        (name = "teachers", description = "Full- and part-time teachers and their qualification (Art. 13)"),
        (name = "courses", description = "Course catalogue: public-required and professional courses (Art. 4) with credit hours"),
        (name = "classes", description = "Training classes (Art. 5, 11, 12): details, teaching schedule (sessions with Art. 13-qualified teachers) and lifecycle"),
        (name = "enrolments", description = "Enrolment in classes: self, organisation contact, staff; one per person and class; capacity never exceeded"),
        (name = "attendance", description = "Attendance per session and enrolment (present, absent, excused), recorded by the class's teachers and staff"),
        (name = "assessments", description = "Assessments (考试/考核) of a class, results with correction history (previous value, who, when, why), and the completion review of a class"),
        (name = "learning_records", description = "Learning records (学习档案, Art. 6) as immutable versions, and annual compliance (90 credit hours, professional at least two thirds; configurable)"),
        (name = "imports", description = "Bulk import of people and enrolments from CSV or xlsx: preview with every rejected row, then an all-or-nothing commit (or keep the valid rows); large files as background jobs"),
        (name = "credentials", description = "Public keys (JWKS) verifying certificates' signed Open Badges 3.0 credentials and status lists (Art. 9)"),
        (name = "exports", description = "xlsx exports (Chinese headers): a class's roster, attendance sheet and results; a person's learning record"),
        // --- certificates ---
        (name = "certificates", description = "Continuing Education Certificates (Art. 9): eligibility, gapless numbering per year, single and batch issuance, revocation with a reason, re-issuance, public verification by number and code"),
        (name = "plans", description = "Annual plans (年度计划, Art. 8): items, review by MIIT and filing with MOHRSS with deadlines, paper replies with 文号, immutable snapshots of every submission and their comparison, execution summary of the previous year, xlsx export"),
        // --- reports (Art. 11, 16-18) ---
        (name = "class-reports", description = "Class summary reports (班级总结报告, Art. 18): figures frozen at submission, narrative, filing with the provincial HR department (reviewer or paper reply with 文号), the class becomes reported when filed; due dates and overdue listing"),
        (name = "evaluations", description = "Training-effect evaluation (Art. 11, 16): questionnaire per class, one anonymous response per enrolment, aggregates per class and per teacher"),
        (name = "follow-ups", description = "Follow-up feedback from trainees and employers some months after a class (Art. 17)"),
        (name = "needs", description = "Training-needs survey: topics, fields, head counts and preferred periods; grouped; turned into plan items"),
        (name = "dashboard", description = "What is due with days left, this year's figures against the plan, recent activity, reviewers' queues"),
    )
)]
pub struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token from POST /api/v1/auth/login (at most 15 minutes)",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "metrics",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The metrics token (CEBASE_METRICS_TOKEN), for Prometheus scrapes of GET /metrics",
                    ))
                    .build(),
            ),
        );
    }
}

/// Documents the answers every operation of a kind can give, so no status an operation can
/// answer is missing from its responses:
/// - an operation with a JSON request body: `400` (`invalid_json`, `unsupported_media_type` —
///   the body is missing, not JSON, or of the wrong shape), `413` (`payload_too_large`) and `422`
///   (`validation_failed` — a required field is missing or a field breaks a rule);
/// - an operation with query parameters: `400` (`invalid_query`, `invalid_cursor`), and with a
///   `limit`, `422` (`validation_failed`);
/// - an operation that takes a bearer token: `401` (`unauthenticated`).
///
/// An operation that documents one of these statuses itself keeps its own description.
pub fn document_common_answers(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let json_body = match &operation.request_body {
                Some(RefOr::T(body)) => body.content.contains_key("application/json"),
                Some(RefOr::Ref(_)) => true,
                None => false,
            };
            let bearer = operation
                .security
                .as_ref()
                .is_some_and(|all| all.iter().any(|s| !is_empty(s)));
            let query: Vec<&str> = operation
                .parameters
                .iter()
                .flatten()
                .filter_map(|p| match p {
                    RefOr::T(p) if p.parameter_in == ParameterIn::Query => Some(p.name.as_str()),
                    _ => None,
                })
                .collect();
            let mut answers = Vec::new();
            if !query.is_empty() {
                answers.push(("400", "invalid_query or invalid_cursor: a query parameter does not parse, or the cursor was not produced by this list"));
            }
            if query.contains(&"limit") {
                answers.push(("422", "validation_failed: `limit` is outside 1–200"));
            }
            if json_body {
                answers.extend([
                    ("400", "invalid_json or unsupported_media_type: the body is missing, not JSON, or of the wrong shape (the detail names the field)"),
                    ("413", "payload_too_large: the body exceeds the configured limit"),
                    ("422", "validation_failed: a required field is missing or a field breaks a rule; `errors` names each"),
                ]);
            }
            if bearer {
                answers.push(("401", "unauthenticated: no valid access token"));
            }
            for (status, description) in answers {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::T(problem_response(description)));
            }
        }
    }
}

fn is_empty(requirement: &SecurityRequirement) -> bool {
    serde_json::to_value(requirement).is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()))
}

fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}
