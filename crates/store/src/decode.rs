//! Decoding stored columns back into domain values (and the stored form of optional text). A value that no longer parses was edited
//! outside the system; callers turn `None` into [`crate::StoreError::Corrupt`].

use cebase_domain::validation::Text;

/// Stored free text. Re-checked for what readers rely on (not blank, no control characters
/// other than line breaks and tabs); lengths were enforced at the edge and by the column size.
pub(crate) fn text(raw: &str) -> Option<Text> {
    Text::paragraphs(raw, "", usize::MAX).ok()
}

/// A nullable column: `Some(None)` for NULL, `None` when a present value does not decode.
pub(crate) fn optional<T>(
    raw: Option<&str>,
    decode: impl FnOnce(&str) -> Option<T>,
) -> Option<Option<T>> {
    match raw {
        None => Some(None),
        Some(v) => decode(v).map(Some),
    }
}

/// The stored form of an optional text value (free text, phone, email …): NULL for `None`.
pub(crate) fn owned<T: AsRef<str>>(t: &Option<T>) -> Option<String> {
    t.as_ref().map(|v| v.as_ref().to_owned())
}
