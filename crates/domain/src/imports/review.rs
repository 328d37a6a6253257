//! What to write for every parsed row, given what the server found in the database.

use std::collections::HashMap;

use uuid::Uuid;

use super::{ImportPerson, ImportRowError};
use crate::identity::IdDocumentKind;
use crate::master::PersonData;
use crate::training::{Enrolment, EnrolmentPlan, plan_enrolment};

/// What the server found in the database for an import's rows.
#[derive(Debug, Clone, Default)]
pub struct ImportFacts {
    /// Organisations by unified social credit code.
    pub employers: HashMap<String, Uuid>,
    /// People on file by document kind and number.
    pub existing: HashMap<(IdDocumentKind, String), OnFile>,
    /// The class every row's person is enrolled in, if any.
    pub class: Option<ClassFacts>,
}

/// A person on file with a document an import names.
#[derive(Debug, Clone, PartialEq)]
pub struct OnFile {
    pub id: Uuid,
    pub name: String,
    /// The organisation employing them, as recorded.
    pub employer_id: Option<Uuid>,
}

/// The class an import enrols into: its free seats and the enrolments (active or withdrawn) of
/// the people on file who appear in the import.
#[derive(Debug, Clone, Default)]
pub struct ClassFacts {
    pub seats_left: u32,
    pub enrolments: HashMap<Uuid, Enrolment>,
}

/// What to write for one row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRow {
    pub row: u32,
    pub person: PlannedPerson,
    /// `Some` when the import enrols into a class.
    pub enrolment: Option<EnrolmentPlan>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PlannedPerson {
    /// A new person (with the employer resolved), to be created with this id.
    New { id: Uuid, data: Box<PersonData> },
    /// A person on file with the same document and name, reused unchanged.
    Existing { id: Uuid },
}

impl PlannedPerson {
    pub fn id(&self) -> Uuid {
        match self {
            PlannedPerson::New { id, .. } | PlannedPerson::Existing { id } => *id,
        }
    }
}

/// Reviews the parsed rows of an import against `facts`, in file order: a document repeated
/// within the file is refused after its first row (`duplicate_in_file`); an unknown employer
/// credit code is `not_found`; a document on file under another name is `person_conflict`; with
/// a class, a person already enrolled is `already_enrolled` and the rows beyond the class's last
/// free seat are `class_full`. Returns the rows to write and the errors of the others. New
/// people get their ids (UUID v7) from `new_id`.
pub fn review_import(
    rows: Vec<ImportPerson>,
    facts: &ImportFacts,
    mut new_id: impl FnMut() -> Uuid,
) -> (Vec<PlannedRow>, Vec<ImportRowError>) {
    let mut first_row: HashMap<(IdDocumentKind, String), u32> = HashMap::new();
    let mut seats = facts.class.as_ref().map(|c| c.seats_left);
    let mut planned = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for ImportPerson {
        row,
        mut data,
        employer_credit_code,
    } in rows
    {
        let key = (data.document.kind(), data.document.number().to_owned());
        if let Some(first) = first_row.get(&key) {
            errors.push(ImportRowError::new(
                row,
                "id_number",
                "duplicate_in_file",
                format!("the same identity document as row {first}"),
            ));
            continue;
        }
        let person = match facts.existing.get(&key) {
            Some(on_file) if on_file.name == data.name.as_ref() => {
                // An import never moves a person to another organisation: the employer on file
                // is changed by staff on the person, deliberately (`PUT /people/{id}`).
                let named = employer_credit_code
                    .as_ref()
                    .map(|code| (code, facts.employers.get(code.as_ref())));
                match named {
                    Some((_, None)) => {
                        first_row.insert(key, row);
                        errors.push(ImportRowError::new(
                            row,
                            "employer_credit_code",
                            "not_found",
                            "no organisation with this unified social credit code",
                        ));
                        continue;
                    }
                    Some((_, Some(org))) if on_file.employer_id != Some(*org) => {
                        first_row.insert(key, row);
                        errors.push(ImportRowError::new(
                            row,
                            "employer_credit_code",
                            "employer_conflict",
                            "the person is on file with another employer; an import does not move people between organisations — staff change the employer on the person first",
                        ));
                        continue;
                    }
                    _ => PlannedPerson::Existing { id: on_file.id },
                }
            }
            Some(OnFile { name, .. }) => {
                first_row.insert(key, row);
                errors.push(ImportRowError::new(
                    row,
                    "name",
                    "person_conflict",
                    format!(
                        "a person with this identity document is on file under another name ({name})"
                    ),
                ));
                continue;
            }
            None => {
                if let Some(code) = &employer_credit_code {
                    match facts.employers.get(code.as_ref()) {
                        Some(org) => data.employer_id = Some(*org),
                        None => {
                            first_row.insert(key, row);
                            errors.push(ImportRowError::new(
                                row,
                                "employer_credit_code",
                                "not_found",
                                "no organisation with this unified social credit code",
                            ));
                            continue;
                        }
                    }
                }
                PlannedPerson::New {
                    id: new_id(),
                    data: Box::new(data),
                }
            }
        };
        first_row.insert(key, row);
        let enrolment = match &facts.class {
            None => None,
            Some(class) => {
                let existing = match &person {
                    PlannedPerson::Existing { id } => class.enrolments.get(id),
                    PlannedPerson::New { .. } => None,
                };
                let plan = match plan_enrolment(existing) {
                    Ok(plan) => plan,
                    Err(conflict) => {
                        errors.push(ImportRowError::new(
                            row,
                            "id_number",
                            conflict.code().as_str(),
                            conflict.to_string(),
                        ));
                        continue;
                    }
                };
                match seats.as_mut() {
                    Some(0) | None => {
                        errors.push(ImportRowError::new(
                            row,
                            "class_id",
                            "class_full",
                            "no seat left in the class for this row",
                        ));
                        continue;
                    }
                    Some(n) => *n -= 1,
                }
                Some(plan)
            }
        };
        planned.push(PlannedRow {
            row,
            person,
            enrolment,
        });
    }
    errors.sort_by_key(|e| e.row);
    (planned, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imports::fixtures::{header, row};
    use crate::imports::parse_row;
    use crate::training::{EnrolmentSource, EnrolmentStatus};
    use chrono::DateTime;

    fn parsed(n: u32, name: &str, id: &str) -> ImportPerson {
        parse_row(&header(), n, &row(name, id)).expect("valid")
    }

    #[test]
    fn review_refuses_duplicates_conflicts_and_rows_beyond_the_last_seat() {
        let a = "11010519491231002X";
        let b = "440524188001010014";
        let existing_id = Uuid::from_u128(7);
        let mut facts = ImportFacts::default();
        facts.existing.insert(
            (IdDocumentKind::ResidentId, b.to_owned()),
            OnFile {
                id: existing_id,
                name: "李娜".into(),
                employer_id: None,
            },
        );
        facts.class = Some(ClassFacts {
            seats_left: 2,
            enrolments: HashMap::new(),
        });
        let c = &format!(
            "11010519900101001{}",
            crate::identity::resident_id_check_char("11010519900101001").expect("check")
        );
        let rows = vec![
            parsed(2, "张伟", a),
            parsed(3, "张伟", a),
            parsed(4, "李娜", b),
            parsed(5, "王芳", c),
        ];
        let mut n = 0;
        let (planned, errors) = review_import(rows, &facts, || {
            n += 1;
            Uuid::from_u128(n)
        });
        let written: Vec<(u32, Uuid)> = planned.iter().map(|p| (p.row, p.person.id())).collect();
        assert_eq!(written, [(2, Uuid::from_u128(1)), (4, existing_id)]);
        let refused: Vec<(u32, &str)> = errors.iter().map(|e| (e.row, e.code.as_str())).collect();
        assert_eq!(refused, [(3, "duplicate_in_file"), (5, "class_full")]);
        assert!(errors[0].message.contains("row 2"));

        // Another name on file is a conflict; an enrolled person is already enrolled.
        facts.existing.insert(
            (IdDocumentKind::ResidentId, a.to_owned()),
            OnFile {
                id: Uuid::from_u128(9),
                name: "张三".into(),
                employer_id: None,
            },
        );
        let enrolled = Enrolment {
            id: Uuid::from_u128(10),
            class_id: Uuid::nil(),
            class_title: String::new(),
            person_id: existing_id,
            person_name: "李娜".into(),
            status: EnrolmentStatus::Enrolled,
            source: EnrolmentSource::Staff,
            enrolled_at: DateTime::UNIX_EPOCH,
            enrolled_by: Uuid::nil(),
            withdrawal: None,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        };
        if let Some(class) = facts.class.as_mut() {
            class.enrolments.insert(existing_id, enrolled);
        }
        let (planned, errors) = review_import(
            vec![parsed(2, "张伟", a), parsed(3, "李娜", b)],
            &facts,
            Uuid::now_v7,
        );
        assert!(planned.is_empty());
        let refused: Vec<(u32, &str)> = errors.iter().map(|e| (e.row, e.code.as_str())).collect();
        assert_eq!(refused, [(2, "person_conflict"), (3, "already_enrolled")]);
    }

    #[test]
    fn unknown_employers_are_refused_and_known_ones_resolved() {
        let first17 = "91110000000000001";
        let code = format!(
            "{first17}{}",
            crate::credit_code::check_char(first17).expect("check")
        );
        let mut with_employer = row("张伟", "11010519491231002X");
        with_employer[3] = code.clone();
        let p = parse_row(&header(), 2, &with_employer).expect("valid");
        check_employer(p, &code);
    }

    #[test]
    fn a_person_on_file_is_never_moved_to_the_employer_an_import_names() {
        let first17 = "91110000000000001";
        let code = format!(
            "{first17}{}",
            crate::credit_code::check_char(first17).expect("check")
        );
        let id = "11010519491231002X";
        let mut with_employer = row("张伟", id);
        with_employer[3] = code.clone();
        let p = parse_row(&header(), 2, &with_employer).expect("valid");
        let (on_file, importing, elsewhere) =
            (Uuid::from_u128(1), Uuid::from_u128(5), Uuid::from_u128(6));
        let facts_with = |employer_id| {
            let mut facts = ImportFacts::default();
            facts.employers.insert(code.clone(), importing);
            facts.existing.insert(
                (IdDocumentKind::ResidentId, id.to_owned()),
                OnFile {
                    id: on_file,
                    name: "张伟".into(),
                    employer_id,
                },
            );
            facts
        };
        for employer in [Some(elsewhere), None] {
            let (planned, errors) =
                review_import(vec![p.clone()], &facts_with(employer), Uuid::now_v7);
            assert!(planned.is_empty(), "{employer:?}");
            assert_eq!(
                (errors[0].field.as_str(), errors[0].code.as_str()),
                ("employer_credit_code", "employer_conflict")
            );
        }
        // Already employed there: reused unchanged.
        let (planned, errors) = review_import(vec![p], &facts_with(Some(importing)), Uuid::now_v7);
        assert!(errors.is_empty());
        assert_eq!(planned[0].person, PlannedPerson::Existing { id: on_file });
    }

    fn check_employer(p: ImportPerson, code: &str) {
        let (_, errors) = review_import(vec![p.clone()], &ImportFacts::default(), Uuid::now_v7);
        assert_eq!(errors[0].code, "not_found");
        assert_eq!(errors[0].field, "employer_credit_code");
        let org = Uuid::from_u128(5);
        let mut facts = ImportFacts::default();
        facts.employers.insert(code.to_owned(), org);
        let (planned, errors) = review_import(vec![p], &facts, Uuid::now_v7);
        assert!(errors.is_empty());
        let PlannedPerson::New { data, .. } = &planned[0].person else {
            panic!("a new person");
        };
        assert_eq!(data.employer_id, Some(org));
    }
}
