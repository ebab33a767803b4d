"""The meeting or hearing forms of one subject of a case."""

from django.urls import path

from conduct.proceedings import views

BASE = "cases/<str:reference>/subjects/<int:subject_id>/hearing/"

urlpatterns = [
    path(f"{BASE}appoint/", views.appoint, name="hearing-appoint"),
    path(f"{BASE}conflict/", views.conflict, name="hearing-conflict"),
    path(f"{BASE}schedule/", views.schedule, name="hearing-schedule"),
    path(f"{BASE}alternative/", views.alternative, name="hearing-alternative"),
    path(f"{BASE}step/", views.step, name="hearing-step"),
    path(f"{BASE}extend/", views.extend, name="hearing-extend"),
    path(f"{BASE}public-notice/", views.public_notice, name="hearing-public-notice"),
    path(f"{BASE}outcome-notice/", views.outcome_notice, name="hearing-outcome-notice"),
]
