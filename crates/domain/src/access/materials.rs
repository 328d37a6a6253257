//! Lecture materials: who reads, uploads and deletes them.

use super::MANAGERS;
use crate::{Role, RoleSet};

/// How the caller is linked to a course's lecture materials, through classes that are not
/// cancelled and have a session of the course.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MaterialLinks {
    /// The caller's person is actively enrolled (not withdrawn) in such a class.
    pub enrolled: bool,
    /// The caller teaches a session of such a class (any course).
    pub teaches_class: bool,
    /// The caller teaches a session of the course itself.
    pub teaches_course: bool,
    /// The material at hand was uploaded by the caller (for deletion).
    pub uploaded_it: bool,
}

/// What is being done with lecture materials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaterialAction {
    /// List and download.
    Read,
    Upload,
    Delete,
}

/// The decision on a lecture-material request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Granted,
    /// The caller may see the materials but not do this (403).
    Forbidden,
    /// Outside the caller's scope, as if it did not exist (404).
    NotFound,
}

/// Who may read and change a course's lecture materials (`docs/domain.md`: teachers handle the
/// "lecture materials" of their own classes; trainees download them):
///
/// - **staff, admin:** everything;
/// - **teacher:** reads the materials of courses taught in a class they teach, uploads to a
///   course they teach a session of, deletes what they uploaded while they still teach it;
/// - **trainee:** reads the materials of courses of classes they are enrolled in;
/// - everyone else (finance, reviewer, org_contact): nothing (403).
///
/// A teacher or trainee without a link to the course gets 404, as for a course that does not
/// exist; one who may read but not change gets 403 for the change.
pub fn material_access(roles: &RoleSet, action: MaterialAction, links: MaterialLinks) -> Decision {
    if roles.any(MANAGERS) {
        return Decision::Granted;
    }
    let teacher = roles.contains(Role::Teacher);
    let trainee = roles.contains(Role::Trainee);
    if !teacher && !trainee {
        return Decision::Forbidden;
    }
    let reads = (teacher && links.teaches_class) || (trainee && links.enrolled);
    let writes = teacher
        && links.teaches_course
        && match action {
            MaterialAction::Read | MaterialAction::Upload => true,
            MaterialAction::Delete => links.uploaded_it,
        };
    match action {
        MaterialAction::Read if reads => Decision::Granted,
        MaterialAction::Upload | MaterialAction::Delete if writes => Decision::Granted,
        _ if reads => Decision::Forbidden,
        _ => Decision::NotFound,
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::roles;

    #[test]
    fn lecture_materials_follow_teaching_and_enrolment() {
        use MaterialAction::{Delete, Read, Upload};
        let none = MaterialLinks::default();
        for r in [Role::Admin, Role::Staff] {
            for a in [Read, Upload, Delete] {
                assert_eq!(material_access(&roles(&[r]), a, none), Decision::Granted);
            }
        }
        for r in [Role::Finance, Role::Reviewer, Role::OrgContact] {
            let all = MaterialLinks {
                enrolled: true,
                teaches_class: true,
                teaches_course: true,
                uploaded_it: true,
            };
            assert_eq!(
                material_access(&roles(&[r]), Read, all),
                Decision::Forbidden
            );
        }
        let trainee = roles(&[Role::Trainee]);
        let enrolled = MaterialLinks {
            enrolled: true,
            ..none
        };
        assert_eq!(material_access(&trainee, Read, enrolled), Decision::Granted);
        assert_eq!(
            material_access(&trainee, Upload, enrolled),
            Decision::Forbidden
        );
        assert_eq!(material_access(&trainee, Read, none), Decision::NotFound);
        assert_eq!(material_access(&trainee, Delete, none), Decision::NotFound);

        let teacher = roles(&[Role::Teacher]);
        let in_class = MaterialLinks {
            teaches_class: true,
            ..none
        };
        assert_eq!(material_access(&teacher, Read, in_class), Decision::Granted);
        assert_eq!(
            material_access(&teacher, Upload, in_class),
            Decision::Forbidden
        );
        let of_course = MaterialLinks {
            teaches_class: true,
            teaches_course: true,
            ..none
        };
        assert_eq!(
            material_access(&teacher, Upload, of_course),
            Decision::Granted
        );
        assert_eq!(
            material_access(&teacher, Delete, of_course),
            Decision::Forbidden
        );
        let own = MaterialLinks {
            uploaded_it: true,
            ..of_course
        };
        assert_eq!(material_access(&teacher, Delete, own), Decision::Granted);
        assert_eq!(material_access(&teacher, Read, none), Decision::NotFound);
        // Enrolment does not count for a teacher, teaching not for a trainee.
        assert_eq!(
            material_access(&teacher, Read, enrolled),
            Decision::NotFound
        );
        assert_eq!(
            material_access(&trainee, Read, of_course),
            Decision::NotFound
        );
    }
}
