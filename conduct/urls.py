from django.urls import path

from conduct.access_reviews import views as access_views
from conduct.cases import change_views as changes
from conduct.cases import views
from conduct.duty import list_views as duty_lists
from conduct.duty import views as duty_views
from conduct.oversight import flag_views as flags
from conduct.oversight import report_views as reports
from conduct.oversight import views as dashboard
from conduct.referrals import views as referral_views

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
    path("cases/<str:reference>/progress-report/", changes.progress_report, name="case-progress-report"),
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

# IOPC referrals: the lists (replacing casework's placeholder section), a case's referrals and
# their forms, and the referral summary for the IOPC (page and PDF).
urlpatterns += [
    path("referrals/", referral_views.referral_list, name="referral-list"),
    path("cases/<str:reference>/referrals/", referral_views.case_referrals, name="case-referrals"),
    path("cases/<str:reference>/referrals/new/", referral_views.record_other_referral, name="referral-new"),
    path("cases/<str:reference>/referrals/new-concerns/", referral_views.new_concerns, name="referral-new-concerns"),
    path("cases/<str:reference>/referrals/<int:pk>/record/", referral_views.record_referral, name="referral-record"),
    path(
        "cases/<str:reference>/referrals/<int:pk>/not-required/",
        referral_views.propose_not_required,
        name="referral-not-required",
    ),
    path(
        "cases/<str:reference>/referrals/<int:pk>/not-required/decide/",
        referral_views.decide_not_required,
        name="referral-not-required-decide",
    ),
    path(
        "cases/<str:reference>/referrals/<int:pk>/decision/", referral_views.record_decision, name="referral-decision"
    ),
    path("cases/<str:reference>/referrals/<int:pk>/summary/", referral_views.referral_summary, name="referral-summary"),
    path(
        "cases/<str:reference>/referrals/<int:pk>/summary.pdf",
        referral_views.referral_summary_pdf,
        name="referral-summary-pdf",
    ),
]

# Duty decisions (suspension and its alternatives): the manager's lists, risk and consistency
# views and their exports (replacing casework's placeholder section), and the decisions on a
# case. The subject pages end in three segments, so the transition pattern never takes them.
urlpatterns += [
    path("suspensions/", duty_lists.suspension_list, name="suspension-list"),
    path("suspensions/export/", duty_lists.export_active, name="suspension-export"),
    path("suspensions/risk/", duty_lists.risk, name="suspension-risk"),
    path("suspensions/risk/export/", duty_lists.export_risk, name="suspension-risk-export"),
    path("suspensions/consistency/", duty_lists.consistency, name="suspension-consistency"),
    path("suspensions/people/<int:pk>/", duty_lists.person_history, name="suspension-person"),
    path("cases/<str:reference>/subjects/<int:subject_id>/duty/propose/", duty_views.propose, name="duty-propose"),
    path(
        "cases/<str:reference>/subjects/<int:subject_id>/duty/urgent-suspension/",
        duty_views.urgent_suspension,
        name="duty-urgent",
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

# Access reviews: record-access justification exercises (replacing casework's placeholder
# section), their progress boards, and each person in them.
_PERSON = "access-reviews/<int:pk>/people/<int:accessor_id>/"
urlpatterns += [
    path("access-reviews/", access_views.exercise_list, name="access-review-list"),
    path("access-reviews/new/", access_views.exercise_new, name="access-review-new"),
    path("access-reviews/<int:pk>/", access_views.exercise_detail, name="access-review-detail"),
    path("access-reviews/<int:pk>/export.csv", access_views.exercise_export, name="access-review-export"),
    path("access-reviews/<int:pk>/import/", access_views.exercise_import, name="access-review-import"),
    path("access-reviews/<int:pk>/exclude-units/", access_views.exclude_units, name="access-review-exclude-units"),
    path("access-reviews/<int:pk>/letters/", access_views.send_letters, name="access-review-letters"),
    path("access-reviews/<int:pk>/decide/", access_views.decide, name="access-review-decide"),
    path(_PERSON, access_views.accessor_detail, name="access-review-person"),
    path(_PERSON + "assess/", access_views.assess, name="access-review-assess"),
    path(_PERSON + "set-aside/", access_views.set_aside, name="access-review-set-aside"),
    path(_PERSON + "exclude/", access_views.exclude, name="access-review-exclude"),
    path(_PERSON + "match/", access_views.match, name="access-review-match"),
]

# Oversight (issue 10): the department dashboard, early-warning flags and monitoring.
urlpatterns += [
    path("dashboard/", dashboard.department_dashboard, name="dashboard"),
    path("reports/monthly/", reports.monthly, name="report-monthly"),
    path("reports/monthly.csv", reports.monthly_csv, name="report-monthly-csv"),
    path("reports/monthly.pdf", reports.monthly_pdf, name="report-monthly-pdf"),
    path("flags/", flags.flag_list, name="flag-list"),
    path("flags/<int:pk>/", flags.flag_detail, name="flag-detail"),
    path("people/<int:pk>/monitoring/", flags.person_monitoring, name="person-monitoring"),
]
