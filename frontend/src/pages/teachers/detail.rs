//! `/teachers/:id`: one teacher — the qualification (Art. 13) with its reasons, the evidence
//! state and "verify evidence", and the profile form (sending the `version` it was loaded at).

use cebase_domain::access::MasterResource;
use cebase_domain::master::TeacherDto;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use super::form::TeacherForm;
use super::qualification::{EvidenceState, QualificationView, VerifyEvidence};
use crate::api;
use crate::components::form::RecordMeta;
use crate::components::guard::RequireRead;
use crate::components::problem::ProblemView;
use crate::i18n::{Key, TeacherKey, use_i18n};
use crate::pages::route_id;
use crate::session::use_session;

#[component]
pub fn TeacherPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                <A href="/teachers">{i18n.tr(Key::BackToList)}</A>
            </p>
            <RequireRead resource=MasterResource::Teachers>
                {move || match id.get() {
                    Some(id) => view! { <TeacherDetail id /> }.into_any(),
                    None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
                }}
            </RequireRead>
        </section>
    }
}

#[component]
fn TeacherDetail(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let record = LocalResource::new(move || {
        reloads.track();
        api::get_teacher(id)
    });
    let on_reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                record
                    .get()
                    .map(|answer| match answer {
                        Ok(teacher) => view! { <Loaded teacher on_reload /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Loaded(teacher: TeacherDto, on_reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let person_id = teacher.person_id;
    let current = RwSignal::new(teacher);
    let writes = session.writes(MasterResource::Teachers);
    let qualification = Signal::derive(move || current.with(|t| t.qualification.clone()));
    let teacher = Signal::from(current);
    view! {
        <h1 data-testid="teacher-title">{move || current.with(|t| t.person_name.clone())}</h1>
        <div class="two-columns">
            <div class="column-main">
                <div class="card" data-testid="teacher-qualification-card">
                    <h2>{i18n.tr(TeacherKey::Qualification)}</h2>
                    <QualificationView
                        qualification
                        testid="teacher-qualification".to_owned()
                        explain_qualified=true
                    />
                    <h3 class="spaced">{i18n.tr(TeacherKey::Evidence)}</h3>
                    <div class="evidence">
                        <EvidenceState teacher />
                        {writes
                            .then(|| {
                                view! {
                                    <VerifyEvidence
                                        teacher
                                        on_verified=Callback::new(move |t| current.set(t))
                                        testid="teacher-verify".to_owned()
                                    />
                                }
                            })}
                    </div>
                </div>
                {if writes {
                    view! { <TeacherForm existing=current on_saved=Callback::new(|_| {}) on_reload /> }
                        .into_any()
                } else {
                    ().into_any()
                }}
            </div>
            <div class="column-side">
                <RecordMeta
                    created_at=Signal::derive(move || current.with(|t| t.created_at))
                    updated_at=Signal::derive(move || current.with(|t| t.updated_at))
                    version=Signal::derive(move || current.with(|t| t.version))
                />
                <Show when=move || session.reads_all(MasterResource::People)>
                    <p>
                        <A href=format!("/people/{person_id}") attr:data-testid="teacher-person-link">
                            {i18n.tr(Key::Person)}
                        </A>
                    </p>
                </Show>
            </div>
        </div>
    }
}
