"""Duty decisions (suspension and its alternatives): the manager's lists, risk and consistency
views and their exports, and the decisions on a case. The subject pages end in three segments,
so the case transition pattern never takes them."""

from django.urls import path

from conduct.duty import list_views as duty_lists
from conduct.duty import other_force_views, risk_views
from conduct.duty import views as duty_views

urlpatterns = [
    path("suspensions/", duty_lists.suspension_list, name="suspension-list"),
    path("suspensions/export/", duty_lists.export_active, name="suspension-export"),
    path("suspensions/risk/", duty_lists.risk, name="suspension-risk"),
    path("suspensions/risk/export/", duty_lists.export_risk, name="suspension-risk-export"),
    path("suspensions/consistency/", duty_lists.consistency, name="suspension-consistency"),
    path("suspensions/people/<int:pk>/", duty_lists.person_history, name="suspension-person"),
    path("cases/<str:reference>/subjects/<int:subject_id>/duty/propose/", duty_views.propose, name="duty-propose"),
    path(
        "cases/<str:reference>/subjects/<int:subject_id>/duty/criminal-investigation/",
        risk_views.record_criminal_status,
        name="duty-criminal-status",
    ),
    path(
        "cases/<str:reference>/subjects/<int:subject_id>/duty/urgent-suspension/",
        duty_views.urgent_suspension,
        name="duty-urgent",
    ),
    path(
        "cases/<str:reference>/links/<int:link_id>/duty-decisions/",
        other_force_views.other_force_decisions,
        name="duty-other-force",
    ),
    path("cases/<str:reference>/duty-decisions/<int:pk>/", duty_views.decision_detail, name="duty-decision"),
    path("cases/<str:reference>/duty-decisions/<int:pk>/decide/", duty_views.decide, name="duty-decide"),
    path("cases/<str:reference>/duty-decisions/<int:pk>/review/", duty_views.review, name="duty-review"),
    path(
        "cases/<str:reference>/duty-decisions/<int:pk>/confirm-in-writing/",
        duty_views.confirm_in_writing,
        name="duty-confirm",
    ),
    path(
        "cases/<str:reference>/duty-decisions/<int:pk>/representations/",
        duty_views.representations,
        name="duty-representations",
    ),
    path(
        "cases/<str:reference>/duty-decisions/<int:pk>/request-review/",
        duty_views.request_review,
        name="duty-request-review",
    ),
]
