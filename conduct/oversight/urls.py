"""Oversight: the department dashboard, monthly statistics, early-warning flags and monitoring."""

from django.urls import path

from conduct.oversight import flag_views as flags
from conduct.oversight import report_views as reports
from conduct.oversight import views as dashboard

urlpatterns = [
    path("dashboard/", dashboard.department_dashboard, name="dashboard"),
    path("reports/monthly/", reports.monthly, name="report-monthly"),
    path("reports/monthly.csv", reports.monthly_csv, name="report-monthly-csv"),
    path("reports/monthly.pdf", reports.monthly_pdf, name="report-monthly-pdf"),
    path("flags/", flags.flag_list, name="flag-list"),
    path("flags/<int:pk>/", flags.flag_detail, name="flag-detail"),
    path("people/<int:pk>/monitoring/", flags.person_monitoring, name="person-monitoring"),
]
