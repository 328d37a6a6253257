//! Money (Art. 19–21): amounts in integer fen (分, 1/100 yuan), never floating point.

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// A non-negative amount of money in fen (分).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Fen(i64);

impl Fen {
    /// The largest amount accepted: 100 million yuan.
    pub const MAX: i64 = 10_000_000_000;

    /// Parses an amount as sent over the API: whole fen, 0 to [`Self::MAX`].
    pub fn parse(fen: i64, field: &str) -> Result<Self, FieldError> {
        if (0..=Self::MAX).contains(&fen) {
            Ok(Self(fen))
        } else {
            Err(FieldError::new(
                field,
                "range",
                format!(
                    "must be between 0 and {} fen (100 million yuan); amounts are in fen, 1 yuan = 100 fen",
                    Self::MAX
                ),
            ))
        }
    }

    pub fn fen(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_whole_non_negative_fen() {
        assert_eq!(Fen::parse(0, "fee_fen").map(Fen::fen), Ok(0));
        assert_eq!(Fen::parse(128_000, "fee_fen").map(Fen::fen), Ok(128_000));
        assert_eq!(Fen::parse(Fen::MAX, "f").map(Fen::fen), Ok(Fen::MAX));
        for bad in [-1, Fen::MAX + 1, i64::MIN] {
            assert_eq!(
                Fen::parse(bad, "fee_fen").map_err(|e| (e.field, e.code)),
                Err(("fee_fen".into(), "range".into())),
                "{bad}"
            );
        }
    }
}
