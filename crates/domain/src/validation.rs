//! The building blocks every request parser uses: bounded [`Text`], [`optional`] values, and
//! [`Checks`], which collects every field error of a request rather than the first.

use crate::FieldError;

/// Free text of bounded length: trimmed, never blank, no control characters (multi-line text
/// may contain line breaks and tabs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(String);

impl Text {
    /// One line of 1–`max` characters.
    pub fn line(raw: &str, field: &str, max: usize) -> Result<Self, FieldError> {
        Self::parse(raw, field, max, false)
    }

    /// Text of 1–`max` characters that may span lines.
    pub fn paragraphs(raw: &str, field: &str, max: usize) -> Result<Self, FieldError> {
        Self::parse(raw, field, max, true)
    }

    fn parse(raw: &str, field: &str, max: usize, multiline: bool) -> Result<Self, FieldError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldError::new(field, "required", "must not be empty"));
        }
        if value.chars().count() > max {
            return Err(FieldError::new(
                field,
                "length",
                format!("must be at most {max} characters"),
            ));
        }
        let allowed_control = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
        if value.chars().any(|c| c.is_control() && !allowed_control(c)) {
            return Err(FieldError::new(
                field,
                "pattern",
                "must not contain control characters",
            ));
        }
        Ok(Self(value.to_owned()))
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Parses an optional value: absent or blank is `None`, anything else must parse.
pub fn optional<T>(
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => parse(value).map(Some),
    }
}

/// Collects field errors while a request is parsed, so the answer names every failing field.
///
/// `check` keeps the value of a successful parse and records the error of a failed one; once
/// every field is checked, a `let (Some(a), Some(b), …) = … else { return Err(checks.into_errors()) }`
/// takes the values (any `None` means an error was recorded).
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    /// Records a failure of a rule that spans fields.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// `Err` with every recorded failure, if there is one.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }

    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(
            Text::line("  继续教育学院 ", "name", 10).map(|t| t.as_ref().to_owned()),
            Ok("继续教育学院".into())
        );
        assert_eq!(
            Text::line(" ", "name", 10).map_err(|e| (e.field, e.code)),
            Err(("name".into(), "required".into()))
        );
        assert_eq!(
            Text::line(&"名".repeat(11), "name", 10).map_err(|e| e.code),
            Err("length".into())
        );
        assert!(Text::line("a\nb", "name", 10).is_err());
        assert!(Text::paragraphs("a\nb\tc", "scope", 10).is_ok());
        assert!(Text::paragraphs("a\u{7}b", "scope", 10).is_err());
    }

    #[test]
    fn optional_values_treat_blank_as_absent() {
        assert_eq!(optional(None, |v| Text::line(v, "x", 5)), Ok(None));
        assert_eq!(optional(Some("  "), |v| Text::line(v, "x", 5)), Ok(None));
        assert!(optional(Some("toolong"), |v| Text::line(v, "x", 5)).is_err());
    }

    #[test]
    fn checks_collect_every_failure() {
        let mut checks = Checks::default();
        assert_eq!(
            checks
                .check(Text::line("ok", "a", 5))
                .map(|t| t.as_ref().to_owned()),
            Some("ok".into())
        );
        assert_eq!(checks.check(Text::line("", "b", 5)), None);
        checks.push(FieldError::new("c", "rule", "spans fields"));
        let errors = checks.finish().expect_err("two failures");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["b", "c"]);
        assert_eq!(Checks::default().finish(), Ok(()));
    }
}
