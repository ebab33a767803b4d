"""The report on an investigation past 12 months, under the case, and the list of reports due."""

from django.urls import path

from conduct.progress_reports import views

urlpatterns = [
    path("investigations/reports-due/", views.reports_due, name="progress-reports-due"),
    path("cases/<str:reference>/twelve-month-report/", views.record_report, name="progress-report-record"),
]
