//! `/teachers`: the teacher registry (师资库, Art. 13) — every teacher with a clear qualification
//! badge (合格 / 不合格) and, when not qualified, each unmet rule explained; filters by
//! qualification and full/part-time; "verify evidence" for staff; the form that registers a
//! teacher ([`form`]). `/teachers/:id` is one teacher ([`detail`]).

mod detail;
mod form;
mod qualification;

pub use detail::TeacherPage;

use cebase_domain::access::MasterResource;
use cebase_domain::master::TeacherDto;
use cebase_domain::teacher::Employment;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, TeacherQuery};
use crate::components::guard::RequireRead;
use crate::components::list::{ListBesideForm, PagedTable};
use crate::components::pager::Cursors;
use crate::components::select::EnumFilter;
use crate::i18n::{I18n, PersonKey, TeacherKey, use_i18n};
use crate::session::use_session;

use form::TeacherForm;
use qualification::{EvidenceState, QualificationView, VerifyEvidence};

const PAGE_SIZE: u32 = 20;

#[component]
pub fn TeachersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{i18n.tr(TeacherKey::TeachersTitle)}</h1>
            <RequireRead resource=MasterResource::Teachers>
                <Registry />
            </RequireRead>
        </section>
    }
}

#[component]
fn Registry() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let writes = move || session.writes(MasterResource::Teachers);
    let employment = RwSignal::new(None::<Employment>);
    let qualified = RwSignal::new(None::<bool>);
    let cursors = Cursors::new();
    let changes = RwSignal::new(0u32);
    let bump = Callback::new(move |_: TeacherDto| changes.update(|n| *n += 1));

    let fetch = move |cursor| {
        changes.track();
        let query = TeacherQuery {
            employment: employment.get(),
            qualified: qualified.get(),
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_teachers(&query).await }
    };

    view! {
        <ListBesideForm
            writes
            form=move || {
                view! { <TeacherForm on_saved=bump /> }
            }
        >
            <div class="toolbar">
                <select
                    id="teachers-qualified"
                    data-testid="teachers-qualified"
                    on:change=move |ev| {
                        qualified.set(event_target_value(&ev).parse().ok());
                        cursors.reset();
                    }
                >
                    <option value="" prop:selected=move || qualified.get().is_none()>
                        {i18n.tr(TeacherKey::AnyQualification)}
                    </option>
                    <option value="true" prop:selected=move || qualified.get() == Some(true)>
                        {i18n.tr(TeacherKey::Qualified)}
                    </option>
                    <option value="false" prop:selected=move || qualified.get() == Some(false)>
                        {i18n.tr(TeacherKey::NotQualified)}
                    </option>
                </select>
                <EnumFilter
                    id="teachers-employment"
                    value=employment
                    options=Employment::ALL
                    label=I18n::employment
                    any_label=TeacherKey::AnyEmployment
                    on_change=Callback::new(move |()| cursors.reset())
                />
            </div>
            <PagedTable
                fetch
                cursors
                columns=vec![
                    TeacherKey::Teacher.into(),
                    PersonKey::Degree.into(),
                    PersonKey::TitleLevel.into(),
                    TeacherKey::LeaderAttested.into(),
                    TeacherKey::Qualification.into(),
                ]
                row=move |teacher| teacher_row(teacher, writes(), bump)
                empty=TeacherKey::NoTeachers
                testid="teachers"
            />
        </ListBesideForm>
    }
}

fn teacher_row(t: TeacherDto, writes: bool, on_verified: Callback<TeacherDto>) -> impl IntoView {
    let i18n = use_i18n();
    let name = t.person_name.clone();
    let (employment, degree, level) = (t.employment, t.degree, t.title_level);
    let teacher = Signal::stored(t.clone());
    let link_text = name.clone();
    let qualification = Signal::stored(t.qualification.clone());
    view! {
        <tr data-testid=format!("teacher-row-{name}") data-id=t.id.to_string()>
            <td class="nowrap">
                <A href=format!("/teachers/{}", t.id) attr:data-testid=format!("teacher-link-{name}")>
                    {link_text}
                </A>
                <br />
                <span class="muted small">{move || i18n.employment(employment)}</span>
            </td>
            <td class="nowrap">{move || i18n.degree(degree)}</td>
            <td class="nowrap">{move || i18n.title_level(level)}</td>
            <td>
                <EvidenceState teacher />
                {writes
                    .then(|| {
                        view! {
                            <div>
                                <VerifyEvidence
                                    teacher
                                    on_verified
                                    testid=format!("teacher-verify-{name}")
                                />
                            </div>
                        }
                    })}
            </td>
            <td class="wide">
                <QualificationView qualification testid=format!("teacher-qualification-{name}") />
            </td>
        </tr>
    }
}
