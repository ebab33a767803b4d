from django.urls import path

from conduct.lists import views

urlpatterns = [
    path("cases/<str:reference>/list-reports/<int:report_id>/", views.record_made, name="list-report-made"),
]
