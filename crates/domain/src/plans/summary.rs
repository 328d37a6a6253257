//! The execution summary of year Y−1 in the plan for year Y (Art. 8): per item of the Y−1 plan
//! and in total, planned against actual — classes held, trainees who completed, person-hours by
//! category, certificates, spending — computed from the classes actually run.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::learning::CourseCategory;
use crate::plans::PlanItem;

/// What one class held (completed or reported) actually achieved, aggregated by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassActuals {
    pub class_id: Uuid,
    /// The plan item the class implements, if any.
    pub plan_item_id: Option<Uuid>,
    /// Enrolments whose stored outcome is `completed`.
    pub completed_trainees: u32,
    /// Public-required person-hours of the class's current learning-record versions, tenths.
    pub public_required_tenths: u64,
    /// Professional person-hours, tenths.
    pub professional_tenths: u64,
    /// Valid certificates of the class (a re-issued one counts once); the store always counts
    /// them, `None` only where no count was made.
    pub certificates_issued: Option<u32>,
    /// Spending booked on the class, when expenditures are kept.
    pub spending_fen: Option<i64>,
}

/// Planned against actual for one item (or for the unplanned classes, or in total).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExecutionRowDto {
    /// The item of the Y−1 plan; `null` for the unplanned row and the total.
    pub plan_item_id: Option<Uuid>,
    pub title: String,
    pub category: Option<CourseCategory>,
    /// Classes planned (one per item).
    pub planned_classes: u32,
    pub planned_trainees: u32,
    /// Planned person-hours (trainees × hours per trainee) of the public-required category.
    pub planned_public_required_hours: f64,
    pub planned_professional_hours: f64,
    pub planned_budget_fen: i64,
    /// Classes held (completed or reported).
    pub classes_held: u32,
    /// Trainees who completed (enrolments with the outcome `completed`).
    pub trainees_completed: u32,
    /// Person-hours of the learning records the classes produced, by category.
    pub public_required_hours: f64,
    pub professional_hours: f64,
    /// Valid certificates of the classes (a re-issued one counts once); `null` when unknown.
    pub certificates_issued: Option<u32>,
    /// `null` while the system keeps no expenditures.
    pub spending_fen: Option<i64>,
}

/// `GET /plans/{id}/execution-summary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExecutionSummaryDto {
    pub plan_id: Uuid,
    /// The plan's year Y.
    pub year: i32,
    /// The year summarised, Y−1.
    pub summary_year: i32,
    /// The plan of Y−1 whose items are compared (`null` when there is none).
    pub previous_plan_id: Option<Uuid>,
    /// One row per item of the Y−1 plan.
    pub items: Vec<ExecutionRowDto>,
    /// Classes held in Y−1 that implement no item of the Y−1 plan.
    pub unplanned: ExecutionRowDto,
    pub total: ExecutionRowDto,
    /// The plan's narrative of the execution (analysis), written by staff.
    pub narrative: Option<String>,
}

#[derive(Default)]
struct Sums {
    classes: u32,
    trainees: u32,
    public: u64,
    professional: u64,
    certificates: Option<u32>,
    spending: Option<i64>,
}

impl Sums {
    fn add(&mut self, a: &ClassActuals) {
        self.classes += 1;
        self.trainees += a.completed_trainees;
        self.public += a.public_required_tenths;
        self.professional += a.professional_tenths;
        if let Some(c) = a.certificates_issued {
            *self.certificates.get_or_insert(0) += c;
        }
        if let Some(s) = a.spending_fen {
            *self.spending.get_or_insert(0) += s;
        }
    }
}

fn hours(tenths: u64) -> f64 {
    tenths as f64 / 10.0
}

fn row(
    plan_item_id: Option<Uuid>,
    title: String,
    category: Option<CourseCategory>,
    planned: (u32, u32, u64, u64, i64),
    actual: &Sums,
) -> ExecutionRowDto {
    ExecutionRowDto {
        plan_item_id,
        title,
        category,
        planned_classes: planned.0,
        planned_trainees: planned.1,
        planned_public_required_hours: hours(planned.2),
        planned_professional_hours: hours(planned.3),
        planned_budget_fen: planned.4,
        classes_held: actual.classes,
        trainees_completed: actual.trainees,
        public_required_hours: hours(actual.public),
        professional_hours: hours(actual.professional),
        certificates_issued: actual.certificates,
        spending_fen: actual.spending,
    }
}

/// The planned figures of one item: (classes, trainees, public tenths, professional tenths,
/// budget).
fn planned(item: &PlanItem) -> (u32, u32, u64, u64, i64) {
    let person = item.data.planned_person_tenths();
    let (public, professional) = match item.data.category {
        CourseCategory::PublicRequired => (person, 0),
        CourseCategory::Professional => (0, person),
    };
    (
        1,
        item.data.planned_trainees,
        public,
        professional,
        item.data.budget.fen(),
    )
}

/// The rows of the summary from the items of the Y−1 plan and the classes held. A class
/// linked to an item of the Y−1 plan counts for that item; any other class counts as unplanned.
pub fn execution_rows(
    items: &[PlanItem],
    held: &[ClassActuals],
) -> (Vec<ExecutionRowDto>, ExecutionRowDto, ExecutionRowDto) {
    let mut total = Sums::default();
    let mut unplanned = Sums::default();
    let mut per_item: Vec<Sums> = items.iter().map(|_| Sums::default()).collect();
    for class in held {
        total.add(class);
        match class
            .plan_item_id
            .and_then(|id| items.iter().position(|i| i.id == id))
        {
            Some(pos) => per_item[pos].add(class),
            None => unplanned.add(class),
        }
    }
    let rows = items
        .iter()
        .zip(&per_item)
        .map(|(item, sums)| {
            row(
                Some(item.id),
                item.data.title.as_ref().to_owned(),
                Some(item.data.category),
                planned(item),
                sums,
            )
        })
        .collect();
    let planned_total = items.iter().map(planned).fold((0, 0, 0, 0, 0), |a, p| {
        (a.0 + p.0, a.1 + p.1, a.2 + p.2, a.3 + p.3, a.4 + p.4)
    });
    (
        rows,
        row(None, "计划外".into(), None, (0, 0, 0, 0, 0), &unplanned),
        row(None, "合计".into(), None, planned_total, &total),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::PlanItemData;
    use chrono::{NaiveDate, Utc};

    fn item(id: u128, category: CourseCategory, trainees: u32, hours_tenths: u32) -> PlanItem {
        let req = crate::plans::PlanItemRequest {
            title: format!("项目{id}"),
            class_kind: crate::training::ClassKind::TrainingClass,
            category,
            target_audience: "专业技术人员".into(),
            planned_trainees: i64::from(trainees),
            planned_hours: f64::from(hours_tenths) / 10.0,
            planned_start: NaiveDate::from_ymd_opt(2025, 3, 1).expect("date"),
            planned_end: NaiveDate::from_ymd_opt(2025, 3, 2).expect("date"),
            budget_fen: 50_000,
            commissioning_body: None,
        };
        PlanItem {
            id: Uuid::from_u128(id),
            plan_id: Uuid::nil(),
            data: PlanItemData::parse(&req, 2025).expect("valid"),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    fn held(item: Option<u128>, trainees: u32, public: u64, professional: u64) -> ClassActuals {
        ClassActuals {
            class_id: Uuid::now_v7(),
            plan_item_id: item.map(Uuid::from_u128),
            completed_trainees: trainees,
            public_required_tenths: public,
            professional_tenths: professional,
            certificates_issued: None,
            spending_fen: None,
        }
    }

    #[test]
    fn classes_count_for_their_item_or_as_unplanned() {
        let items = [
            item(1, CourseCategory::Professional, 40, 240),
            item(2, CourseCategory::PublicRequired, 100, 60),
        ];
        let classes = [
            held(Some(1), 30, 60, 720),
            held(Some(1), 5, 0, 120),
            held(None, 10, 100, 0),
            // Linked to an item of another year's plan: unplanned here.
            held(Some(99), 2, 0, 10),
        ];
        let (rows, unplanned, total) = execution_rows(&items, &classes);
        assert_eq!(rows[0].classes_held, 2);
        assert_eq!(rows[0].trainees_completed, 35);
        assert_eq!(rows[0].professional_hours, 84.0);
        assert_eq!(rows[0].public_required_hours, 6.0);
        assert_eq!(rows[0].planned_trainees, 40);
        assert_eq!(rows[0].planned_professional_hours, 960.0);
        assert_eq!(rows[0].planned_public_required_hours, 0.0);
        assert_eq!(rows[1].classes_held, 0);
        assert_eq!(rows[1].planned_public_required_hours, 600.0);
        assert_eq!(
            (unplanned.classes_held, unplanned.trainees_completed),
            (2, 12)
        );
        assert_eq!(total.classes_held, 4);
        assert_eq!(total.trainees_completed, 47);
        assert_eq!(total.planned_classes, 2);
        assert_eq!(total.planned_budget_fen, 100_000);
        assert_eq!(total.professional_hours, 85.0);
        assert_eq!(total.certificates_issued, None, "no class was counted");
        assert_eq!(total.spending_fen, None, "not kept yet");
    }
}
