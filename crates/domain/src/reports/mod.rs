//! Reports to the authorities and the effect of training (Art. 11, 16–18): the class summary
//! report and its filing with the provincial HR department ([`class_report`]), the
//! questionnaire per class and its anonymous aggregation ([`evaluation`]), follow-up feedback
//! some months after a class ([`follow_up`]), the training-needs survey ([`needs`]) and the
//! staff dashboard ([`dashboard`]).

mod class_report;
mod dashboard;
mod evaluation;
mod follow_up;
mod needs;
mod report_review;

pub use class_report::*;
pub use dashboard::*;
pub use evaluation::*;
pub use follow_up::*;
pub use needs::*;
pub use report_review::*;

/// Configurable timing of reports and follow-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportSettings {
    /// A class summary report is due within this many days after the class's last day.
    pub class_report_due_days: u32,
    /// Follow-up feedback opens this many months after the class's last day.
    pub follow_up_months: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            class_report_due_days: 30,
            follow_up_months: 3,
        }
    }
}
