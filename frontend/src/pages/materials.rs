//! Lecture materials (讲义, Art. 14): the section of a course page for staff and admin (upload
//! with a busy state, the list with size and date, download, delete after a confirmation), and
//! `/classes/:id/materials`, the materials of every course of a class, which its trainees reach
//! from "my classes" and its teachers and staff from the class page. The server decides who may
//! see what (`cebase_domain::access::material_access`); a refusal is shown as its problem.

use cebase_domain::materials::CourseMaterialDto;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::problem::ProblemView;
use crate::i18n::{ClassKey, CourseKey, Key, ReportKey, Text, use_i18n};
use crate::pages::route_id;
use crate::time::format_shanghai;

/// Starts downloading `m`, reporting a failure in `error`.
fn download(m: &CourseMaterialDto, error: RwSignal<Option<ApiError>>) {
    let (path, name) = (m.download_path.clone(), m.file_name.clone());
    spawn_local(async move {
        if let Err(e) = api::download(&path, &name).await {
            error.set(Some(e));
        }
    });
}

/// The materials section of a course page (`course-materials`): upload (`material-file`,
/// `material-upload`), one row `material-{file name}` per file with `download-…` and
/// `delete-…`, which asks `confirm-delete-…` first.
#[component]
pub fn CourseMaterials(course_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reloads.track();
        api::course_materials(course_id)
    });
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(None::<Uuid>);
    let file_input = NodeRef::<Input>::new();

    let upload = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            error.set(Some(ApiError::Network(
                i18n.t(CourseKey::MaterialsNoFile).to_owned(),
            )));
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::upload_material(course_id, file).await {
                Ok(_) => {
                    input.set_value("");
                    reloads.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let remove = move |material_id: Uuid| {
        busy.set(true);
        spawn_local(async move {
            match api::delete_material(course_id, material_id).await {
                Ok(()) => {
                    error.set(None);
                    reloads.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
            confirming.set(None);
            busy.set(false);
        });
    };

    let rows = move |items: Vec<CourseMaterialDto>| {
        if items.is_empty() {
            return view! {
                <p class="muted" data-testid="materials-empty">{i18n.tr(CourseKey::MaterialsEmpty)}</p>
            }
            .into_any();
        }
        let rows = items
            .into_iter()
            .map(|m| {
                let id = m.id;
                let name = m.file_name.clone();
                let for_download = m.clone();
                view! {
                    <tr data-testid=format!("material-{name}")>
                        <td>{m.file_name.clone()}</td>
                        <td class="nowrap">{i18n.file_size(m.size_bytes)}</td>
                        <td class="nowrap small">{format_shanghai(m.created_at)}</td>
                        <td class="nowrap">
                            <button
                                type="button"
                                class="button-quiet"
                                data-testid=format!("download-{name}")
                                on:click=move |_| download(&for_download, error)
                            >
                                {i18n.tr(Key::Download)}
                            </button>
                            <Show
                                when=move || confirming.get() == Some(id)
                                fallback={
                                    let name = name.clone();
                                    move || {
                                        view! {
                                            <button
                                                type="button"
                                                class="button-quiet danger"
                                                data-testid=format!("delete-{name}")
                                                disabled=move || busy.get()
                                                on:click=move |_| confirming.set(Some(id))
                                            >
                                                {i18n.tr(Key::Delete)}
                                            </button>
                                        }
                                    }
                                }
                            >
                                <span class="confirm small">
                                    {i18n.tr(CourseKey::MaterialsConfirmDelete)} " "
                                    <button
                                        type="button"
                                        class="danger"
                                        data-testid=format!("confirm-delete-{}", m.file_name)
                                        disabled=move || busy.get()
                                        on:click=move |_| remove(id)
                                    >
                                        {i18n.tr(Key::Delete)}
                                    </button>
                                    <button
                                        type="button"
                                        class="button-quiet"
                                        on:click=move |_| confirming.set(None)
                                    >
                                        {i18n.tr(Key::Back)}
                                    </button>
                                </span>
                            </Show>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table" data-testid="materials-table">
                <thead>
                    <tr>
                        <th>{i18n.tr(CourseKey::MaterialsFileName)}</th>
                        <th>{i18n.tr(CourseKey::MaterialsSize)}</th>
                        <th>{i18n.tr(CourseKey::MaterialsUploadedAt)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };

    view! {
        <section class="card" data-testid="course-materials">
            <h2>{i18n.tr(CourseKey::MaterialsTitle)}</h2>
            <p class="muted small">{i18n.tr(CourseKey::MaterialsHint)}</p>
            <div class="toolbar">
                <label for="material-file" class="visually-hidden">
                    {i18n.tr(CourseKey::MaterialsChooseFile)}
                </label>
                <input
                    id="material-file"
                    data-testid="material-file"
                    type="file"
                    node_ref=file_input
                    disabled=move || busy.get()
                />
                <button
                    type="button"
                    class="primary"
                    data-testid="material-upload"
                    disabled=move || busy.get()
                    aria-busy=move || busy.get().to_string()
                    on:click=upload
                >
                    {move || {
                        i18n.t(if busy.get() { CourseKey::MaterialsUploading } else { CourseKey::MaterialsUpload })
                    }}
                </button>
            </div>
            <ProblemView error />
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    list.get()
                        .map(|answer| match answer {
                            Ok(page) => rows(page.items),
                            Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// `/classes/:id/materials`: the materials of the class's courses (`class-materials`), each row
/// `material-{file name}` with its course and a `download-…` button.
#[component]
pub fn ClassMaterialsPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                {move || {
                    id.get()
                        .map(|id| {
                            view! { <A href=format!("/classes/{id}")>{i18n.tr(ReportKey::BackToClass)}</A> }
                        })
                }}
            </p>
            <h1>{i18n.tr(CourseKey::ClassMaterialsTitle)}</h1>
            {move || match id.get() {
                Some(id) => view! { <ClassMaterials id /> }.into_any(),
                None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ClassMaterials(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(move || api::class_materials(id));
    let error = RwSignal::new(None::<ApiError>);
    let rows = move |items: Vec<CourseMaterialDto>| {
        if items.is_empty() {
            return view! {
                <p class="muted" data-testid="materials-empty">{i18n.tr(CourseKey::MaterialsEmpty)}</p>
            }
            .into_any();
        }
        let rows = items
            .into_iter()
            .map(|m| {
                let name = m.file_name.clone();
                let for_download = m.clone();
                view! {
                    <tr data-testid=format!("material-{name}")>
                        <td>{m.course_title.clone()}</td>
                        <td>{m.file_name.clone()}</td>
                        <td class="nowrap">{i18n.file_size(m.size_bytes)}</td>
                        <td class="nowrap small">{format_shanghai(m.created_at)}</td>
                        <td>
                            <button
                                type="button"
                                class="button-quiet"
                                data-testid=format!("download-{name}")
                                on:click=move |_| download(&for_download, error)
                            >
                                {i18n.tr(Key::Download)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table" data-testid="class-materials">
                <thead>
                    <tr>
                        <th>{i18n.tr(ClassKey::Course)}</th>
                        <th>{i18n.tr(CourseKey::MaterialsFileName)}</th>
                        <th>{i18n.tr(CourseKey::MaterialsSize)}</th>
                        <th>{i18n.tr(CourseKey::MaterialsUploadedAt)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <ProblemView error />
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                list.get()
                    .map(|answer| match answer {
                        Ok(page) => rows(page.items),
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// A button that downloads `path` as `file_name` (`testid`), with a busy state and the problem
/// shown next to it; used for the xlsx exports.
#[component]
pub fn DownloadButton(
    path: String,
    file_name: String,
    #[prop(into)] label: Text,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let start = move |_| {
        let (path, file_name) = (path.clone(), file_name.clone());
        busy.set(true);
        spawn_local(async move {
            error.set(api::download(&path, &file_name).await.err());
            busy.set(false);
        });
    };
    view! {
        <span class="download">
            <button
                type="button"
                class="button-quiet"
                data-testid=testid
                disabled=move || busy.get()
                on:click=start
            >
                {i18n.tr(label)}
            </button>
            <ProblemView error />
        </span>
    }
}
