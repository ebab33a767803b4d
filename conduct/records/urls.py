from django.urls import path

from conduct.records import views

urlpatterns = [
    path("records/", views.schedule, name="records-schedule"),
    path("records/due/", views.due, name="records-due"),
    path("records/holds/", views.holds, name="records-holds"),
    path("records/holds/new/", views.hold_new, name="records-hold-new"),
    path("records/holds/<int:pk>/lift/", views.hold_lift, name="records-hold-lift"),
    path("records/subject-access/<int:person_id>/", views.subject_access_export, name="records-subject-access"),
    path("records/<slug:record_type>/<int:pk>/keep/", views.keep, name="records-keep"),
    path("records/<slug:record_type>/<int:pk>/dispose/", views.dispose, name="records-dispose"),
]
