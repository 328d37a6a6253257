//! Stable text names of the domain's enums, for storage and query parameters.
//!
//! Every enum that crosses the wire also crosses into the database as text. [`text_enum!`]
//! gives such an enum one table of names (`ALL`, `as_str`, `FromStr`, `Display`), and the unit
//! test below pins that this table and the serde name agree, so the JSON and the stored value can
//! never drift apart.

/// A stored or requested name that is not one of the enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

/// Implements `ALL`, `as_str`, `Display` and `FromStr` from one list of `Variant => "name"`.
macro_rules! text_enum {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable name (the same as its JSON form).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::text_enum::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $crate::text_enum::UnknownValue {
                        kind: stringify!($ty),
                        value: s.to_owned(),
                    })
            }
        }
    };
}
pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use crate::class::{ClassAction, ClassStatus, TransitionAction};
    use crate::identity::IdDocumentKind;
    use crate::learning::CourseCategory;
    use crate::master::{OrganisationKind, PartnerKind, PartnerStatus};
    use crate::teacher::{Degree, Employment, TitleLevel, UnmetRule};
    use crate::training::{
        AssessmentKind, AttendanceStatus, ClassKind, CompletionOutcome, DeliveryForm,
        EnrolmentSource, EnrolmentStatus, Scoring,
    };

    fn round_trips<T>(all: &[T])
    where
        T: Copy + Serialize + std::fmt::Display + std::str::FromStr + PartialEq + std::fmt::Debug,
    {
        for v in all {
            let json = serde_json::to_string(v).expect("serialises");
            assert_eq!(json, format!("\"{v}\""), "serde and as_str agree");
            assert_eq!(v.to_string().parse::<T>().ok(), Some(*v));
        }
        assert!("no-such-value".parse::<T>().is_err());
    }

    #[test]
    fn names_match_serde_for_every_text_enum() {
        round_trips(IdDocumentKind::ALL);
        round_trips(crate::imports::ImportStatus::ALL);
        round_trips(crate::imports::ImportFormat::ALL);
        round_trips(CourseCategory::ALL);
        round_trips(OrganisationKind::ALL);
        round_trips(PartnerKind::ALL);
        round_trips(PartnerStatus::ALL);
        round_trips(Degree::ALL);
        round_trips(TitleLevel::ALL);
        round_trips(Employment::ALL);
        round_trips(UnmetRule::ALL);
        round_trips(ClassStatus::ALL);
        round_trips(ClassAction::ALL);
        round_trips(TransitionAction::ALL);
        round_trips(ClassKind::ALL);
        round_trips(DeliveryForm::ALL);
        round_trips(EnrolmentStatus::ALL);
        round_trips(EnrolmentSource::ALL);
        round_trips(AttendanceStatus::ALL);
        round_trips(AssessmentKind::ALL);
        round_trips(Scoring::ALL);
        round_trips(CompletionOutcome::ALL);
        // --- plans ---
        round_trips(crate::plans::PlanStatus::ALL);
        round_trips(crate::plans::PlanAction::ALL);
        round_trips(crate::plans::PlanStep::ALL);
    }
}
