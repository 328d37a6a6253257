//! Training-effect evaluation (培训效果评估, Art. 11, 16): a questionnaire per class — by default
//! ratings 1–5 for content, teachers, organisation, logistics and overall, each teacher of the
//! class rated on their own, and free text — editable per class until the class opens; one
//! response per enrolment; results aggregated per class and per teacher.
//!
//! **Anonymity:** a response is stored without its enrolment; only a receipt (enrolment → "has
//! answered") enforces "one response per enrolment". Teachers see aggregates of their own
//! classes only; staff see aggregates and the free texts, never who wrote them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::master::{Checks, Text, optional};

/// One rated question (1–5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingItem {
    /// Stable key, `snake_case`, 1–32 characters (`content`, `teachers` …).
    #[cfg_attr(feature = "openapi", schema(example = "content"))]
    pub key: String,
    /// The question as shown, 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "课程内容"))]
    pub label: String,
}

/// A class's questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub items: Vec<RatingItem>,
    /// Each teacher of the class is also rated on their own (1–5).
    pub rate_teachers: bool,
    /// The free-text question.
    pub free_text_prompt: String,
}

impl Default for Questionnaire {
    /// The default template (Art. 16).
    fn default() -> Self {
        let item = |key: &str, label: &str| RatingItem {
            key: key.into(),
            label: label.into(),
        };
        Self {
            items: vec![
                item("content", "课程内容"),
                item("teachers", "师资水平"),
                item("organisation", "组织管理"),
                item("logistics", "后勤保障"),
                item("overall", "总体评价"),
            ],
            rate_teachers: true,
            free_text_prompt: "意见和建议".into(),
        }
    }
}

/// Body of `PUT /classes/{id}/questionnaire`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireRequest {
    /// 1–20 rated questions with unique keys.
    pub items: Vec<RatingItem>,
    #[serde(default = "yes")]
    pub rate_teachers: bool,
    /// Up to 200 characters; blank for the default.
    #[serde(default)]
    pub free_text_prompt: Option<String>,
    /// The `version` read (0 while the class still has the default template).
    pub version: i32,
}

fn yes() -> bool {
    true
}

impl Questionnaire {
    /// Parses a questionnaire (every failing field at once).
    pub fn parse(r: &QuestionnaireRequest) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        if r.items.is_empty() || r.items.len() > 20 {
            c.push(FieldError::new(
                "items",
                "count",
                "a questionnaire has 1 to 20 rated questions",
            ));
        }
        let mut items = Vec::new();
        let mut seen = Vec::new();
        for (i, item) in r.items.iter().enumerate() {
            let key = item.key.trim();
            let key_ok = !key.is_empty()
                && key.len() <= 32
                && key
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
            if !key_ok {
                c.push(FieldError::new(
                    format!("items[{i}].key"),
                    "pattern",
                    "1-32 characters of a-z, 0-9 and _",
                ));
            } else if seen.contains(&key) {
                c.push(FieldError::new(
                    format!("items[{i}].key"),
                    "duplicate",
                    "each question has its own key",
                ));
            }
            seen.push(key);
            if let Some(label) = c.check(Text::line(&item.label, &format!("items[{i}].label"), 200))
            {
                items.push(RatingItem {
                    key: key.to_owned(),
                    label: label.as_ref().to_owned(),
                });
            }
        }
        let prompt = c.check(optional(r.free_text_prompt.as_deref(), |v| {
            Text::line(v, "free_text_prompt", 200)
        }));
        c.finish()?;
        Ok(Self {
            items,
            rate_teachers: r.rate_teachers,
            free_text_prompt: prompt
                .flatten()
                .map(|t| t.as_ref().to_owned())
                .unwrap_or_else(|| Questionnaire::default().free_text_prompt),
        })
    }
}

/// A teacher of the class, as the questionnaire shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassTeacherDto {
    pub teacher_id: Uuid,
    pub name: String,
}

/// `GET /classes/{id}/questionnaire`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireDto {
    pub class_id: Uuid,
    pub items: Vec<RatingItem>,
    pub rate_teachers: bool,
    pub free_text_prompt: String,
    /// The teachers a response rates (when `rate_teachers`).
    pub teachers: Vec<ClassTeacherDto>,
    /// The class has its own questionnaire (not the default template).
    pub customised: bool,
    /// Staff may still change it (until the class opens).
    pub editable: bool,
    /// Responses are accepted now (the class is in progress or completed).
    pub accepting_responses: bool,
    /// The caller's enrolment has answered (`null` for callers without an enrolment).
    pub answered_by_me: Option<bool>,
    /// 0 for the default template.
    pub version: i32,
}

/// Body of `POST /classes/{id}/evaluations`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationRequest {
    /// One rating 1–5 per question key.
    #[serde(default)]
    pub ratings: BTreeMap<String, i64>,
    /// One rating 1–5 per teacher of the class (by teacher id), when the questionnaire rates
    /// teachers.
    #[serde(default)]
    pub teacher_ratings: BTreeMap<Uuid, i64>,
    /// Free text, up to 2000 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A checked response, stored without who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationAnswers {
    pub ratings: BTreeMap<String, u8>,
    pub teacher_ratings: BTreeMap<Uuid, u8>,
    pub comment: Option<String>,
}

fn rating(v: i64, field: String) -> Result<u8, FieldError> {
    u8::try_from(v)
        .ok()
        .filter(|r| (1..=5).contains(r))
        .ok_or_else(|| FieldError::new(field, "range", "a rating is 1 to 5"))
}

impl EvaluationAnswers {
    /// Checks a response against the class's questionnaire and teachers: every question and
    /// (if rated) every teacher exactly once, ratings 1–5.
    pub fn parse(
        r: &EvaluationRequest,
        q: &Questionnaire,
        teachers: &[Uuid],
    ) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        let mut ratings = BTreeMap::new();
        for item in &q.items {
            let field = format!("ratings.{}", item.key);
            match r.ratings.get(&item.key) {
                None => c.push(FieldError::new(
                    field,
                    "required",
                    "rate every question 1 to 5",
                )),
                Some(v) => {
                    if let Some(v) = c.check(rating(*v, field)) {
                        ratings.insert(item.key.clone(), v);
                    }
                }
            }
        }
        for key in r.ratings.keys() {
            if !q.items.iter().any(|i| &i.key == key) {
                c.push(FieldError::new(
                    format!("ratings.{key}"),
                    "unknown",
                    "the questionnaire has no such question",
                ));
            }
        }
        let mut teacher_ratings = BTreeMap::new();
        if q.rate_teachers {
            for t in teachers {
                let field = format!("teacher_ratings.{t}");
                match r.teacher_ratings.get(t) {
                    None => c.push(FieldError::new(
                        field,
                        "required",
                        "rate every teacher of the class 1 to 5",
                    )),
                    Some(v) => {
                        if let Some(v) = c.check(rating(*v, field)) {
                            teacher_ratings.insert(*t, v);
                        }
                    }
                }
            }
        }
        for t in r.teacher_ratings.keys() {
            if !q.rate_teachers || !teachers.contains(t) {
                c.push(FieldError::new(
                    format!("teacher_ratings.{t}"),
                    "not_found",
                    "not a teacher rated by this class's questionnaire",
                ));
            }
        }
        let comment = c.check(optional(r.comment.as_deref(), |v| {
            Text::paragraphs(v, "comment", 2000)
        }));
        c.finish()?;
        Ok(Self {
            ratings,
            teacher_ratings,
            comment: comment.flatten().map(|t| t.as_ref().to_owned()),
        })
    }
}

/// The aggregate of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemSummaryDto {
    pub key: String,
    pub label: String,
    pub responses: u32,
    /// Mean rating, two decimals; `null` without responses.
    pub average: Option<f64>,
    /// How many gave 1, 2, 3, 4 and 5.
    pub distribution: [u32; 5],
}

/// The aggregate of one teacher's ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeacherSummaryDto {
    pub teacher_id: Uuid,
    pub name: String,
    pub responses: u32,
    pub average: Option<f64>,
}

/// `GET /classes/{id}/evaluations/summary`: aggregates only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationSummaryDto {
    pub class_id: Uuid,
    pub responses: u32,
    /// Active enrolments (who could answer).
    pub enrolled: u32,
    pub items: Vec<ItemSummaryDto>,
    /// Mean of every rating of every question, two decimals.
    pub overall_average: Option<f64>,
    pub teachers: Vec<TeacherSummaryDto>,
    /// The free texts, sorted (so their order reveals nothing); only for staff and admin,
    /// `null` for teachers.
    pub comments: Option<Vec<String>>,
}

/// The part of the evaluation a class report freezes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationFiguresDto {
    pub responses: u32,
    pub overall_average: Option<f64>,
    pub items: Vec<ItemSummaryDto>,
}

/// Mean of `sum / n` with two decimals (`None` for n = 0).
pub fn mean2(sum: u64, n: u64) -> Option<f64> {
    if n == 0 {
        return None;
    }
    let hundredths = (sum * 100 * 2 + n) / (n * 2);
    Some(hundredths as f64 / 100.0)
}

/// Aggregates `answers` per question and per teacher. `comments` says whether the free texts
/// are included (staff) or not (teachers).
pub fn summarise(
    class_id: Uuid,
    q: &Questionnaire,
    teachers: &[ClassTeacherDto],
    answers: &[EvaluationAnswers],
    enrolled: u32,
    comments: bool,
) -> EvaluationSummaryDto {
    let mut all_sum = 0u64;
    let mut all_n = 0u64;
    let items = q
        .items
        .iter()
        .map(|item| {
            let mut distribution = [0u32; 5];
            let mut sum = 0u64;
            for r in answers.iter().filter_map(|a| a.ratings.get(&item.key)) {
                if let Some(slot) = distribution.get_mut(usize::from(*r).saturating_sub(1)) {
                    *slot += 1;
                }
                sum += u64::from(*r);
            }
            let n: u32 = distribution.iter().sum();
            all_sum += sum;
            all_n += u64::from(n);
            ItemSummaryDto {
                key: item.key.clone(),
                label: item.label.clone(),
                responses: n,
                average: mean2(sum, n.into()),
                distribution,
            }
        })
        .collect();
    let teachers = teachers
        .iter()
        .map(|t| {
            let ratings: Vec<u64> = answers
                .iter()
                .filter_map(|a| a.teacher_ratings.get(&t.teacher_id))
                .map(|r| u64::from(*r))
                .collect();
            TeacherSummaryDto {
                teacher_id: t.teacher_id,
                name: t.name.clone(),
                responses: u32::try_from(ratings.len()).unwrap_or(u32::MAX),
                average: mean2(ratings.iter().sum(), ratings.len() as u64),
            }
        })
        .collect();
    let comments = comments.then(|| {
        let mut texts: Vec<String> = answers.iter().filter_map(|a| a.comment.clone()).collect();
        texts.sort();
        texts
    });
    EvaluationSummaryDto {
        class_id,
        responses: u32::try_from(answers.len()).unwrap_or(u32::MAX),
        enrolled,
        items,
        overall_average: mean2(all_sum, all_n),
        teachers,
        comments,
    }
}

impl EvaluationSummaryDto {
    /// The figures a class report freezes (`None` without responses).
    pub fn figures(&self) -> Option<EvaluationFiguresDto> {
        (self.responses > 0).then(|| EvaluationFiguresDto {
            responses: self.responses,
            overall_average: self.overall_average,
            items: self.items.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(content: i64, teacher: Option<(Uuid, i64)>) -> EvaluationRequest {
        let mut ratings = BTreeMap::new();
        for key in [
            "content",
            "teachers",
            "organisation",
            "logistics",
            "overall",
        ] {
            ratings.insert(key.to_owned(), if key == "content" { content } else { 4 });
        }
        EvaluationRequest {
            ratings,
            teacher_ratings: teacher.into_iter().collect(),
            comment: Some("很好".into()),
        }
    }

    #[test]
    fn a_response_rates_every_question_and_teacher_once() {
        let q = Questionnaire::default();
        let t = Uuid::now_v7();
        let ok = EvaluationAnswers::parse(&request(5, Some((t, 3))), &q, &[t]).expect("valid");
        assert_eq!(ok.ratings["content"], 5);
        assert_eq!(ok.teacher_ratings[&t], 3);

        let Err(e) = EvaluationAnswers::parse(&request(6, None), &q, &[t]) else {
            panic!("refused");
        };
        let fields: Vec<_> = e
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect();
        assert!(fields.contains(&("ratings.content".into(), "range".into())));
        assert!(fields.contains(&(format!("teacher_ratings.{t}"), "required".into())));

        let mut extra = request(5, Some((Uuid::now_v7(), 3)));
        extra.ratings.insert("food".into(), 3);
        extra.ratings.remove("overall");
        let Err(e) = EvaluationAnswers::parse(&extra, &q, &[]) else {
            panic!("refused");
        };
        let codes: Vec<_> = e
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert!(codes.contains(&("ratings.overall", "required")));
        assert!(codes.contains(&("ratings.food", "unknown")));
        assert!(
            codes
                .iter()
                .any(|(f, c)| f.starts_with("teacher_ratings.") && *c == "not_found")
        );
    }

    #[test]
    fn questionnaires_need_unique_keys_and_labels() {
        let r = QuestionnaireRequest {
            items: vec![
                RatingItem {
                    key: "content".into(),
                    label: "内容".into(),
                },
                RatingItem {
                    key: "content".into(),
                    label: "".into(),
                },
                RatingItem {
                    key: "Bad Key".into(),
                    label: "x".into(),
                },
            ],
            rate_teachers: false,
            free_text_prompt: None,
            version: 0,
        };
        let e = Questionnaire::parse(&r).expect_err("refused");
        let codes: Vec<_> = e
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("items[1].key", "duplicate"),
                ("items[1].label", "required"),
                ("items[2].key", "pattern")
            ]
        );
        assert!(Questionnaire::parse(&QuestionnaireRequest { items: vec![], ..r }).is_err());
    }

    #[test]
    fn summaries_aggregate_per_question_and_teacher_and_hide_texts_from_teachers() {
        let q = Questionnaire::default();
        let t = Uuid::now_v7();
        let teachers = [ClassTeacherDto {
            teacher_id: t,
            name: "王老师".into(),
        }];
        let answers: Vec<_> = [(5, 5), (4, 3), (2, 4)]
            .iter()
            .map(|(c, tr)| {
                EvaluationAnswers::parse(&request(*c, Some((t, *tr))), &q, &[t]).expect("valid")
            })
            .collect();
        let s = summarise(Uuid::nil(), &q, &teachers, &answers, 4, true);
        assert_eq!(s.responses, 3);
        assert_eq!(s.items[0].average, Some(3.67));
        assert_eq!(s.items[0].distribution, [0, 1, 0, 1, 1]);
        assert_eq!(s.items[1].average, Some(4.0));
        assert_eq!(s.teachers[0].average, Some(4.0));
        // (11 + 4·3·4) / 15 = 59 / 15
        assert_eq!(s.overall_average, Some(3.93));
        assert_eq!(s.comments.as_ref().map(Vec::len), Some(3));
        let for_teacher = summarise(Uuid::nil(), &q, &teachers, &answers, 4, false);
        assert_eq!(for_teacher.comments, None);
        assert_eq!(
            summarise(Uuid::nil(), &q, &teachers, &[], 4, true).figures(),
            None
        );
    }
}
