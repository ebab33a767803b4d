"""The Barred and Advisory List reports: the force-wide list, each report's page (check, prepare,
approve and send, acknowledge), and recording one made by other means (under its case, or not)."""

from django.urls import path

from conduct.lists import views

urlpatterns = [
    path("list-reports/", views.report_list, name="list-reports"),
    path("list-reports/<int:report_id>/", views.report_page, name="list-report"),
    path("list-reports/<int:report_id>/approve/", views.approve, name="list-report-approve"),
    path("list-reports/<int:report_id>/acknowledge/", views.acknowledge, name="list-report-acknowledge"),
    path("list-reports/<int:report_id>/made/", views.record_made, name="list-report-made-other"),
    path("cases/<str:reference>/list-reports/<int:report_id>/", views.record_made, name="list-report-made"),
]
