"""Fairness monitoring: the figures, their CSV and the people behind a figure."""

from django.urls import path

from conduct.fairness import views

urlpatterns = [
    path("fairness/", views.monitoring, name="fairness"),
    path("fairness.csv", views.monitoring_csv, name="fairness-csv"),
    path("fairness/cases/", views.cases_behind, name="fairness-cases"),
]
