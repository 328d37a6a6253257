//! The reply fields of a move in an authority's review — the annual plan (MIIT, MOHRSS; Art. 8)
//! and the class summary report (provincial HR department; Art. 18) share them: a return needs
//! the authority's comments; a decision staff record from a paper reply needs the reply's
//! document number (文号) and date (not in the future); nothing else carries a reply date or
//! scan, and only decisions carry a document number.

use chrono::NaiveDate;

use crate::FieldError;
use crate::master::{Checks, Text, optional};

/// What a move's body says about the reply, before checking.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplyInput<'a> {
    pub comments: Option<&'a str>,
    pub document_number: Option<&'a str>,
    pub reply_date: Option<NaiveDate>,
    /// An uploaded scan of the paper reply is attached.
    pub scan_attached: bool,
}

/// What kind of move the reply belongs to.
#[derive(Debug, Clone, Copy)]
pub struct ReplyRules {
    /// The move is an authority's decision (approve, file, return …).
    pub decision: bool,
    /// The move returns the document to its authors: comments are required.
    pub returning: bool,
    /// Staff record the decision from the authority's paper reply.
    pub from_paper: bool,
    /// Who decides, for messages: "an authority", "the provincial HR department".
    pub decider: &'static str,
    /// What is reviewed, for messages: "a plan", "a report".
    pub subject: &'static str,
    /// The article the rules come from, for messages: "Art. 8".
    pub article: &'static str,
}

/// The checked reply fields of an accepted move.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub comments: Option<Text>,
    pub document_number: Option<Text>,
    /// Only for a decision recorded from a paper reply.
    pub reply_date: Option<NaiveDate>,
}

/// Checks the reply fields of a move; `today` is the base's local date (Asia/Shanghai).
pub fn check_reply(
    input: ReplyInput<'_>,
    rules: ReplyRules,
    today: NaiveDate,
) -> Result<Reply, Vec<FieldError>> {
    let ReplyRules {
        decision,
        returning,
        from_paper,
        decider,
        subject,
        article,
    } = rules;
    let mut c = Checks::default();
    let comments = c.check(optional(input.comments, |v| {
        Text::paragraphs(v, "comments", 4000)
    }));
    if returning && matches!(comments, Some(None)) {
        c.push(FieldError::new(
            "comments",
            "required",
            format!("{decider} returns {subject} with its comments ({article})"),
        ));
    }
    let document_number = c.check(optional(input.document_number, |v| {
        Text::line(v, "document_number", 100)
    }));
    if from_paper {
        if matches!(document_number, Some(None)) {
            c.push(FieldError::new(
                "document_number",
                "required",
                format!(
                    "a decision recorded from a paper reply needs the reply's document number (文号, {article})"
                ),
            ));
        }
        match input.reply_date {
            None => c.push(FieldError::new(
                "reply_date",
                "required",
                format!(
                    "a decision recorded from a paper reply needs the reply's date ({article})"
                ),
            )),
            Some(d) if d > today => c.push(FieldError::new(
                "reply_date",
                "in_future",
                "the reply's date cannot be later than today (Asia/Shanghai)",
            )),
            Some(_) => {}
        }
    } else {
        if input.reply_date.is_some() {
            c.push(FieldError::new(
                "reply_date",
                "not_applicable",
                "only a decision recorded by staff from a paper reply has a reply date",
            ));
        }
        if input.scan_attached {
            c.push(FieldError::new(
                "scan_id",
                "not_applicable",
                "only a decision recorded by staff from a paper reply has a scan",
            ));
        }
        if !decision && matches!(document_number, Some(Some(_))) {
            c.push(FieldError::new(
                "document_number",
                "not_applicable",
                format!("only the decision of {decider} has a document number"),
            ));
        }
    }
    let (Some(comments), Some(document_number)) = (comments, document_number) else {
        return Err(c.into_errors());
    };
    c.finish()?;
    Ok(Reply {
        comments,
        document_number,
        reply_date: if from_paper { input.reply_date } else { None },
    })
}
