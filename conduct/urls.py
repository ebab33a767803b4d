from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.intake_details, name="case-new"),
    path("cases/new/subjects/", views.intake_subjects, name="case-new-subjects"),
    path("cases/new/allegations/", views.intake_allegations, name="case-new-allegations"),
    path("cases/new/check/", views.intake_check, name="case-new-check"),
    path("cases/new/restart/", views.restart_intake, name="case-new-restart"),
    path("cases/<str:reference>/", views.case_detail, name="case-detail"),
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
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
]
