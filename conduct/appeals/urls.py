"""The appeal forms under a subject of the case."""

from django.urls import path

from conduct.appeals import views

urlpatterns = [
    path("cases/<str:reference>/subjects/<int:subject_id>/appeal/lodge/", views.lodge, name="appeal-lodge"),
    path("cases/<str:reference>/subjects/<int:subject_id>/appeal/date/", views.hearing_date, name="appeal-date"),
    path("cases/<str:reference>/subjects/<int:subject_id>/appeal/result/", views.result, name="appeal-result"),
]
