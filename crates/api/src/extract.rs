//! The JSON body extractor every handler uses instead of `actix_web::web::Json`.
//!
//! Reading the body is left to actix (content type, the configured size limit, syntax errors —
//! all answered by the `JsonConfig` error handler of `startup.rs`). Turning the JSON into the
//! request type is done here, tracking the path of the value being read
//! (`serde_path_to_error`), so a failure names its field:
//!
//! - a required field that is absent answers `422 validation_failed` with
//!   `errors: [{field, code: "required"}]` (the field dotted, `items[2].person_id` when nested),
//!   like every other field rule;
//! - a value of the wrong shape (wrong type, an unknown enumeration value, a date that does not
//!   exist) stays `400 invalid_json`, its `detail` naming the field.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use cebase_domain::{FieldError, ProblemCode};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A request body read as JSON into `T`; see the module documentation for the answers to a
/// body that does not fit.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The request value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = body.await?.into_inner();
            read(value).map(Json).map_err(Into::into)
        })
    }
}

/// Reads `value` into `T`, naming the field of the first failure.
fn read<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let cause = e.into_inner().to_string();
        match missing_field(&cause) {
            Some(name) => {
                let field = match path.as_str() {
                    "" | "." => name.to_owned(),
                    parent => format!("{parent}.{name}"),
                };
                ApiError::Validation(vec![FieldError::new(field, "required", "is required")])
            }
            None => ApiError::Problem {
                code: ProblemCode::InvalidJson,
                detail: match path.as_str() {
                    "" | "." => format!("the body is not valid for this endpoint: {cause}"),
                    field => format!("the body is not valid for this endpoint: `{field}`: {cause}"),
                },
            },
        }
    })
}

/// The field name of serde's "missing field `name`" error (the wording of
/// `serde::de::Error::missing_field`, which serde_json keeps).
fn missing_field(cause: &str) -> Option<&str> {
    cause
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        person_id: String,
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Seminar,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        title: String,
        #[serde(default)]
        items: Vec<Item>,
    }

    fn errors(err: ApiError) -> Vec<(String, String)> {
        match err {
            ApiError::Validation(errors) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected a validation problem, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_field_is_a_field_error_naming_it() {
        let err = read::<Body>(json!({})).expect_err("refused");
        assert_eq!(errors(err), vec![("title".into(), "required".into())]);
    }

    #[test]
    fn a_missing_nested_field_is_named_with_its_path() {
        let body = json!({"title": "x", "items": [{"person_id": "a", "kind": "seminar"}, {"kind": "seminar"}]});
        let err = read::<Body>(body).expect_err("refused");
        assert_eq!(
            errors(err),
            vec![("items[1].person_id".into(), "required".into())]
        );
    }

    #[test]
    fn a_value_of_the_wrong_shape_stays_invalid_json_and_names_the_field() {
        let body = json!({"title": "x", "items": [{"person_id": "a", "kind": "party"}]});
        match read::<Body>(body).expect_err("refused") {
            ApiError::Problem { code, detail } => {
                assert_eq!(code, ProblemCode::InvalidJson);
                assert!(detail.contains("items[0].kind"), "{detail}");
            }
            other => panic!("expected invalid_json, got {other:?}"),
        }
    }

    /// Handlers read bodies only through this extractor, so every missing field is a `422`.
    #[test]
    fn no_handler_reads_json_with_the_framework_extractor() {
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        let mut offenders = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("source directory") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let source = std::fs::read_to_string(&path).expect("readable source");
                if source.contains(concat!(": web::", "Json<"))
                    || source.contains(concat!(": actix_web::web::", "Json<"))
                {
                    offenders.push(path.display().to_string());
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "use crate::extract::Json in {offenders:?}"
        );
    }

    /// The route files moved onto the application layer (`crate::app`): their handlers only
    /// extract, call a use case and respond, so none of them may reach the store. Add a file
    /// here when its area moves.
    const ROUTES_ON_THE_APP_LAYER: &[&str] = &[
        "assessments.rs",
        "attendance.rs",
        "audit.rs",
        "class_reports.rs",
        "classes.rs",
        "completion.rs",
        "courses.rs",
        "dashboard.rs",
        "enrolments.rs",
        "evaluations.rs",
        "exports.rs",
        "learning_records.rs",
        "materials.rs",
        "needs.rs",
        "organisations.rs",
        "partners.rs",
        "people.rs",
        "person_registrations.rs",
        "plans.rs",
        "sessions.rs",
        "teachers.rs",
        "users.rs",
        "me.rs",
    ];

    #[test]
    fn converted_routes_do_not_touch_the_store() {
        let routes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
        let store = concat!("cebase", "_store");
        let offenders: Vec<&str> = ROUTES_ON_THE_APP_LAYER
            .iter()
            .copied()
            .filter(|file| {
                std::fs::read_to_string(routes.join(file))
                    .unwrap_or_else(|e| panic!("routes/{file}: {e}"))
                    .contains(store)
            })
            .collect();
        assert!(
            offenders.is_empty(),
            "routes on the application layer use {store}, which only crate::app may: {offenders:?}"
        );
    }

    #[test]
    fn a_good_body_is_read() {
        let body = read::<Body>(json!({"title": "x"})).expect("read");
        assert_eq!(body.title, "x");
        assert!(body.items.is_empty());
    }
}
