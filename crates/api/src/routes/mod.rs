//! HTTP routes, one module per resource. Handlers are thin: extract, call the use case of
//! [`crate::app`], respond (routes not yet moved there still authorise and call the store
//! themselves, through the same helpers of `crate::app`).

pub mod assessments;
pub mod attendance;
pub mod audit;
pub mod auth;
// --- certificates ---
pub mod certificates;
pub mod class_reports;
pub mod classes;
pub mod completion;
pub mod courses;
pub mod dashboard;
pub mod enrolments;
pub mod evaluations;
pub mod exports;
pub mod health;
pub mod imports;
pub mod jwks;
pub mod learning_records;
// --- materials3 ---
pub mod materials;
pub mod me;
pub mod needs;
pub mod organisations;
pub mod partners;
pub mod people;
pub mod person_registrations;
pub mod plans;
pub mod result_exports;
pub mod sessions;
pub mod teachers;
pub mod users;

use actix_web::HttpResponse;
use cebase_domain::dto::Page;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

/// Everything under `/api/v1`.
pub fn configure_v1(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::refresh_session)
        .service(auth::logout)
        .service(me::get_me)
        .service(me::change_password)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::get_user)
        .service(users::update_roles)
        .service(users::disable_user)
        .service(users::enable_user)
        .service(users::reset_password)
        .service(audit::list_audit)
        .service(audit::verify_audit)
        .service(organisations::list_organisations)
        .service(organisations::create_organisation)
        .service(organisations::get_organisation)
        .service(organisations::update_organisation)
        .service(partners::list_partners)
        .service(partners::create_partner)
        .service(partners::get_partner)
        .service(partners::update_partner)
        .service(people::list_people)
        .service(people::create_person)
        .service(people::get_person)
        .service(person_registrations::list_registrations)
        .service(person_registrations::get_registration)
        .service(person_registrations::decide_registration)
        .service(people::update_person)
        .service(teachers::list_teachers)
        .service(teachers::create_teacher)
        .service(teachers::get_teacher)
        .service(teachers::update_teacher)
        .service(teachers::verify_evidence)
        .service(courses::list_courses)
        .service(courses::create_course)
        .service(courses::get_course)
        .service(courses::update_course)
        .service(classes::list_classes)
        .service(classes::create_class)
        .service(classes::get_class)
        .service(classes::update_class)
        .service(classes::transition_class)
        .service(sessions::list_sessions)
        .service(sessions::create_session)
        .service(sessions::update_session)
        .service(sessions::delete_session)
        .service(enrolments::list_class_enrolments)
        .service(enrolments::enrol)
        .service(enrolments::enrol_bulk)
        .service(enrolments::get_enrolment)
        .service(enrolments::withdraw)
        .service(enrolments::my_enrolments)
        .service(attendance::get_attendance)
        .service(attendance::record_attendance)
        .service(assessments::list_assessments)
        .service(assessments::create_assessment)
        .service(assessments::get_assessment)
        .service(assessments::get_results)
        .service(assessments::record_results)
        .service(assessments::result_history)
        .service(completion::get_completion)
        .service(learning_records::list_learning_records)
        .service(learning_records::get_learning_record)
        .service(learning_records::learning_record_versions)
        .service(learning_records::correct_learning_record)
        .service(learning_records::person_compliance)
        .service(learning_records::non_compliant)
        .service(exports::roster_xlsx)
        .service(exports::attendance_xlsx)
        // The template before `/imports/{id}`, which would take `template.xlsx` for an id.
        .service(imports::import_template)
        .service(imports::upload_import)
        .service(imports::get_import)
        .service(imports::commit_import)
        // --- materials3: lecture materials, results and learning-record exports ---
        .service(materials::list_materials)
        .service(materials::upload_material)
        .service(materials::download_material)
        .service(materials::delete_material)
        .service(materials::class_materials)
        .service(result_exports::results_xlsx)
        .service(result_exports::learning_records_xlsx)
        // --- certificates (Art. 9) ---
        .service(certificates::issue_certificate)
        .service(certificates::class_eligibility)
        .service(certificates::issue_class_certificates)
        .service(certificates::get_certificate_batch)
        .service(certificates::list_certificates)
        .service(certificates::my_certificates)
        .service(certificates::get_certificate)
        .service(certificates::revoke_certificate)
        .service(certificates::reissue_certificate)
        .service(certificates::verify_certificate)
        .service(certificates::certificate_pdf)
        .service(certificates::certificate_credential)
        .service(certificates::class_certificates_zip)
        .service(certificates::status_list)
        // --- plans (Art. 8); `/plans/due` before `/plans/{id}`, `compare` before `{seq}` ---
        .service(plans::list_plans)
        .service(plans::create_plan)
        .service(plans::due_plans)
        .service(plans::get_plan)
        .service(plans::update_plan)
        .service(plans::list_plan_items)
        .service(plans::create_plan_item)
        .service(plans::update_plan_item)
        .service(plans::delete_plan_item)
        .service(plans::list_plan_transitions)
        .service(plans::transition_plan)
        .service(plans::upload_plan_scan)
        .service(plans::get_plan_scan)
        .service(plans::list_plan_versions)
        .service(plans::compare_plan_versions)
        .service(plans::get_plan_version)
        .service(plans::plan_execution_summary)
        .service(plans::plan_xlsx)
        .service(plans::plan_pdf)
        // --- reports (Art. 11, 16-18); `/needs/summary` before `/needs/{id}` ---
        .service(class_reports::list_class_reports)
        .service(class_reports::create_class_report)
        .service(class_reports::get_class_report)
        .service(class_reports::class_report_pdf)
        .service(class_reports::update_class_report)
        .service(class_reports::list_class_report_transitions)
        .service(class_reports::transition_class_report)
        .service(evaluations::get_questionnaire)
        .service(evaluations::put_questionnaire)
        .service(evaluations::submit_evaluation)
        .service(evaluations::evaluation_summary)
        .service(evaluations::list_follow_ups)
        .service(evaluations::submit_follow_up)
        .service(needs::list_needs)
        .service(needs::create_need)
        .service(needs::need_summary)
        .service(needs::get_need)
        .service(needs::need_to_plan_item)
        .service(dashboard::dashboard);
}

/// Keyset pagination parameters shared by every list, for the OpenAPI document; handlers read
/// them with [`crate::paging::Paging`].
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// Opaque cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// `updated_since`, for integrations that synchronise a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncParams {
    /// Only records changed at or after this instant (RFC 3339, e.g. `2026-03-01T00:00:00Z`).
    /// A synchronising client pages through the result and next time asks from the moment
    /// this run started.
    pub updated_since: Option<DateTime<Utc>>,
}

/// A list answered whole (`next_cursor` is `null`).
pub(crate) fn whole<T>(items: Vec<T>) -> Page<T> {
    Page {
        items,
        next_cursor: None,
    }
}

/// 201 with the new resource's `Location`.
pub(crate) fn created(location: String, body: &impl Serialize) -> HttpResponse {
    HttpResponse::Created()
        .insert_header(("Location", location))
        .json(body)
}

/// A file to download: `content_type`, and `Content-Disposition: attachment` with `name` twice —
/// an ASCII fallback in `filename` and the exact UTF-8 name in `filename*` (RFC 5987/8187),
/// which every current browser prefers (Chinese file names survive).
pub(crate) fn attachment(content_type: &str, name: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, content_type))
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            content_disposition(name),
        ))
        .body(bytes)
}

/// The `Content-Disposition` value of [`attachment`].
pub(crate) fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_carries_the_utf8_name() {
        assert_eq!(
            content_disposition("第一讲 讲义.pdf"),
            "attachment; filename=\"___ __.pdf\"; filename*=UTF-8''%E7%AC%AC%E4%B8%80%E8%AE%B2%20%E8%AE%B2%E4%B9%89.pdf"
        );
        assert_eq!(
            content_disposition("a\"b.txt"),
            "attachment; filename=\"a_b.txt\"; filename*=UTF-8''a%22b.txt"
        );
    }
}
