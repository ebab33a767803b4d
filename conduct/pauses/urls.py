"""Criminal proceedings pauses. The subject page ends in two segments after the subject, so the
case transition pattern (one slug after the subject) never takes it."""

from django.urls import path

from conduct.pauses import views

urlpatterns = [
    path(
        "cases/<str:reference>/subjects/<int:subject_id>/criminal-proceedings/pause/",
        views.pause,
        name="pause-new",
    ),
    path("cases/<str:reference>/pauses/<int:pk>/", views.detail, name="pause-detail"),
    path("cases/<str:reference>/pauses/<int:pk>/review/", views.review, name="pause-review"),
    path("cases/<str:reference>/pauses/<int:pk>/end/", views.end, name="pause-end"),
]
