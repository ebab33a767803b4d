"""Cases: the list, intake, the case and person pages, decisions and changes after intake."""

from django.urls import path

from conduct.cases import case_page, intake_views, person_views, views
from conduct.cases import change_views as changes

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", intake_views.intake_details, name="case-new"),
    path("cases/new/subjects/", intake_views.intake_subjects, name="case-new-subjects"),
    path("cases/new/allegations/", intake_views.intake_allegations, name="case-new-allegations"),
    path("cases/new/check/", intake_views.intake_check, name="case-new-check"),
    path("cases/new/restart/", intake_views.restart_intake, name="case-new-restart"),
    path("cases/<str:reference>/", case_page.case_section, name="case-detail"),
    # The case page's other sections (conduct/cases/case_page.py), one URL each.
    *[
        path(f"cases/<str:reference>/{s.slug}/", case_page.case_section, {"section": s.slug}, name=s.url_name)
        for s in case_page.SECTIONS[1:]
    ],
    path(
        "cases/<str:reference>/allegations/<int:allegation_id>/severity/",
        views.assess_severity,
        name="assess-severity",
    ),
    path(
        "cases/<str:reference>/subjects/<int:subject_id>/<slug:action>/",
        views.transition,
        name="subject-transition",
    ),
    path("cases/<str:reference>/close/", views.close_case, name="case-close"),
    path("people/<int:pk>/", person_views.person_detail, name="person-detail"),
    # Changes after intake. The subject pages end in two segments, so the transition pattern
    # above (one slug after the subject) never takes them.
    path("cases/<str:reference>/edit/", changes.edit_case, name="case-edit"),
    path("cases/<str:reference>/subjects/add/", changes.add_subject, name="case-add-subject"),
    path(
        "cases/<str:reference>/subjects/<int:subject_id>/allegations/add/",
        changes.add_allegation,
        name="subject-add-allegation",
    ),
    path("cases/<str:reference>/links/add/", changes.link_case, name="case-link"),
    path("cases/<str:reference>/route/", changes.change_route, name="case-route"),
    path(
        "cases/<str:reference>/subjects/<int:subject_id>/reflective-practice/record/",
        changes.reflective_practice,
        name="subject-reflective-practice",
    ),
    path(
        "cases/<str:reference>/subjects/<int:subject_id>/advisory-list/record/",
        changes.advisory_list,
        name="subject-advisory-list",
    ),
]
