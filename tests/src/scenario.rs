//! One scenario builder for the training tests: the steps a base's staff take over HTTP
//! (organisations, people with logins, qualified teachers, courses, a class with sessions,
//! enrolments and withdrawals), and [`TrainedClass`], the whole class that the assessment,
//! completion, learning-record, certificate, report and plan tests share — built, then run
//! (attendance and results recorded).

use cebase_domain::master::{CourseDto, OrganisationDto, PersonDto, TeacherDto};
use cebase_domain::training::{AssessmentDto, ClassDto, EnrolmentDto, ResultsDto, SessionDto};
use serde_json::json;
use uuid::Uuid;

use crate::{TestApp, class_body, course_body, credit_code, expect_json, organisation_body};

/// The steps of a scenario, taken with `token` (an admin's or staff's).
pub struct Scenario<'a> {
    app: &'a TestApp,
    token: &'a str,
}

impl TestApp {
    /// A scenario built with `token`.
    pub fn scenario<'a>(&'a self, token: &'a str) -> Scenario<'a> {
        Scenario { app: self, token }
    }
}

impl Scenario<'_> {
    /// Organisation `name` with the valid credit code `n` of [`credit_code`].
    pub async fn organisation(&self, name: &str, n: u32) -> OrganisationDto {
        self.app
            .create(
                self.token,
                "organisations",
                &organisation_body(name, &credit_code(n)),
            )
            .await
    }

    /// A professional course of 2.5 credit hours ([`course_body`]).
    pub async fn course(&self, title: &str) -> CourseDto {
        self.app
            .create(self.token, "courses", &course_body(title))
            .await
    }

    /// A course from a full body.
    pub async fn course_from(&self, body: &serde_json::Value) -> CourseDto {
        self.app.create(self.token, "courses", body).await
    }

    /// A class from a full body (start from [`class_body`]).
    pub async fn class_from(&self, body: &serde_json::Value) -> ClassDto {
        self.app.create(self.token, "classes", body).await
    }

    /// Class `title` with `capacity` seats ([`class_body`]: 2026-03-02 to 2026-03-06).
    pub async fn class(&self, title: &str, capacity: u32) -> ClassDto {
        self.class_from(&class_body(title, capacity)).await
    }

    /// A session of `class` from a full body (start from [`crate::session_body`]).
    pub async fn session(&self, class: Uuid, body: &serde_json::Value) -> SessionDto {
        self.app
            .create(self.token, &format!("classes/{class}/sessions"), body)
            .await
    }

    /// A login account `username` with `role`, and person `n` linked to it, optionally employed
    /// by `employer`: the person and the account's access token.
    pub async fn person_with_login(
        &self,
        username: &str,
        role: &str,
        n: u32,
        employer: Option<Uuid>,
    ) -> (PersonDto, String) {
        let (user, token) = self.app.account(self.token, username, &[role]).await;
        let person = self.app.person(self.token, n, employer, Some(user)).await;
        (person, token)
    }

    /// A teacher with a login: account `username` (role teacher), person `n` linked to it and
    /// registered as a teacher qualified under Art. 13. The teacher and the account's token.
    pub async fn teacher_with_login(&self, username: &str, n: u32) -> (TeacherDto, String) {
        let (person, token) = self.person_with_login(username, "teacher", n, None).await;
        let teacher = self.app.qualified_teacher(self.token, person.id).await;
        (teacher, token)
    }

    /// Enrols `person` in `class`.
    pub async fn enrol(&self, class: Uuid, person: Uuid) -> EnrolmentDto {
        expect_json(
            self.app
                .post(
                    &format!("/api/v1/classes/{class}/enrolments"),
                    self.token,
                    &json!({"person_id": person}),
                )
                .await,
            201,
        )
        .await
    }

    /// Withdraws `enrolment`.
    pub async fn withdraw(&self, enrolment: Uuid) -> EnrolmentDto {
        expect_json(
            self.app
                .post(
                    &format!("/api/v1/enrolments/{enrolment}/withdraw"),
                    self.token,
                    &json!({}),
                )
                .await,
            200,
        )
        .await
    }
}

/// A class (2026-03-02 to 2026-03-06; completion: 80 % attendance and the assessment passed)
/// with five sessions taught by `teacher` — two public-required sessions of 15 hours and three
/// professional ones of 20 (30 + 60 hours) — a scored exam (max 100, pass mark 60), and four
/// active enrolments plus a withdrawn one. People 1–3 work for organisation A, person 4 for B.
pub struct TrainedClass {
    pub class: ClassDto,
    pub sessions: Vec<SessionDto>,
    pub exam: AssessmentDto,
    /// Active: the trainee's own (person 1), persons 2, 3 (organisation A), person 4 (B).
    pub enrolments: Vec<EnrolmentDto>,
    pub withdrawn: EnrolmentDto,
    pub org_a: OrganisationDto,
    pub org_b: OrganisationDto,
    pub staff: String,
    pub staff_id: Uuid,
    pub teacher: String,
    /// A qualified teacher of another class.
    pub other_teacher: String,
    /// Linked to person 1.
    pub trainee: String,
    pub contact_a: String,
    pub contact_b: String,
}

impl TrainedClass {
    /// Builds the class (nothing recorded yet; the class is still a draft).
    pub async fn build(app: &TestApp, admin: &str) -> Self {
        let (staff_id, staff) = app.account(admin, "staff1", &["staff"]).await;
        let s = app.scenario(admin);
        let org_a = s.organisation("甲单位", 1).await;
        let org_b = s.organisation("乙单位", 2).await;
        let (own_teacher, teacher) = s.teacher_with_login("teacher1", 100).await;
        let (other, other_teacher) = s.teacher_with_login("teacher2", 101).await;
        let (trainee_user, trainee) = app.account(admin, "trainee1", &["trainee"]).await;
        let (_, contact_a) = s
            .person_with_login("contact_a", "org_contact", 102, Some(org_a.id))
            .await;
        let (_, contact_b) = s
            .person_with_login("contact_b", "org_contact", 103, Some(org_b.id))
            .await;

        let public = s
            .course_from(
                &json!({"title": "职业道德与法规", "category": "public_required", "credit_hours": 15.0}),
            )
            .await;
        let professional = s.course("机器学习").await;
        let mut body = class_body("人工智能高级研修班", 10);
        body["completion_rules"] =
            json!({"min_attendance_percent": 80, "assessment_required": true});
        let class = s.class_from(&body).await;
        let mut sessions = Vec::new();
        for (date, course, hours) in [
            ("2026-03-02", public.id, 15.0),
            ("2026-03-03", public.id, 15.0),
            ("2026-03-04", professional.id, 20.0),
            ("2026-03-05", professional.id, 20.0),
            ("2026-03-06", professional.id, 20.0),
        ] {
            let body = json!({
                "date": date, "start_time": "09:00", "end_time": "17:00",
                "course_id": course, "teacher_id": own_teacher.id, "credit_hours": hours,
            });
            sessions.push(s.session(class.id, &body).await);
        }
        // The other teacher teaches another class.
        let elsewhere = s.class("另一班", 10).await;
        s.session(
            elsewhere.id,
            &json!({
                "date": "2026-03-04", "start_time": "09:00", "end_time": "11:00",
                "course_id": professional.id, "teacher_id": other.id, "credit_hours": 2.0,
            }),
        )
        .await;

        let exam: AssessmentDto = app
            .create(
                &staff,
                &format!("classes/{}/assessments", class.id),
                &json!({"title": "结业考试", "kind": "exam", "scoring": "scored",
                        "max_score": 100, "pass_mark": 60}),
            )
            .await;
        let people = [
            app.person(admin, 1, Some(org_a.id), Some(trainee_user))
                .await,
            app.person(admin, 2, Some(org_a.id), None).await,
            app.person(admin, 3, Some(org_a.id), None).await,
            app.person(admin, 4, Some(org_b.id), None).await,
            app.person(admin, 5, Some(org_a.id), None).await,
        ];
        let by_staff = app.scenario(&staff);
        let mut enrolments = Vec::new();
        for p in &people {
            enrolments.push(by_staff.enrol(class.id, p.id).await);
        }
        let withdrawn = enrolments.pop().expect("five");
        let withdrawn = by_staff.withdraw(withdrawn.id).await;
        Self {
            class,
            sessions,
            exam,
            enrolments,
            withdrawn,
            org_a,
            org_b,
            staff,
            staff_id,
            teacher,
            other_teacher,
            trainee,
            contact_a,
            contact_b,
        }
    }

    /// `/api/v1/assessments/{exam}/results`.
    pub fn results_path(&self) -> String {
        format!("/api/v1/assessments/{}/results", self.exam.id)
    }

    /// Starts the class and records what the completion tests expect: person 1 attends 5 of 5
    /// and scores 86.5; person 2 attends 3 of 5 (below 80 %) and scores 70; person 3 attends 3
    /// and is excused once (4 of 5) and scores 55 (below the pass mark); person 4 attends 5 and
    /// has no result.
    pub async fn run(&self, app: &TestApp, admin: &str) {
        app.transition(admin, self.class.id, "open").await;
        app.transition(admin, self.class.id, "start").await;
        let e: Vec<Uuid> = self.enrolments.iter().map(|e| e.id).collect();
        let mut marks = Vec::new();
        for (i, s) in self.sessions.iter().enumerate() {
            let status = |present: bool| if present { "present" } else { "absent" };
            marks.push(json!({"session_id": s.id, "enrolment_id": e[0], "status": "present"}));
            marks.push(json!({"session_id": s.id, "enrolment_id": e[1], "status": status(i < 3)}));
            let third = match i {
                0..=2 => "present",
                3 => "excused",
                _ => "absent",
            };
            marks.push(json!({"session_id": s.id, "enrolment_id": e[2], "status": third}));
            marks.push(json!({"session_id": s.id, "enrolment_id": e[3], "status": "present"}));
        }
        expect_json::<serde_json::Value>(
            app.put(
                &format!("/api/v1/classes/{}/attendance", self.class.id),
                &self.teacher,
                &json!({ "marks": marks }),
            )
            .await,
            200,
        )
        .await;
        expect_json::<ResultsDto>(
            app.put(
                &self.results_path(),
                &self.teacher,
                &json!({"results": [
                    {"enrolment_id": e[0], "score": 86.5},
                    {"enrolment_id": e[1], "score": 70},
                    {"enrolment_id": e[2], "score": 55},
                ]}),
            )
            .await,
            200,
        )
        .await;
    }
}
