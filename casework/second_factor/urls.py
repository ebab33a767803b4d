from django.urls import path

from . import views

urlpatterns = [
    path("accounts/second-factor/", views.sign_in_code, name="second-factor"),
    path("accounts/second-factor/set-up/", views.enrol, name="second-factor-enrol"),
    path("accounts/second-factor/recovery-codes/", views.recovery_codes, name="second-factor-recovery-codes"),
    path("accounts/second-factor/staff/", views.staff, name="second-factor-staff"),
    path("accounts/second-factor/staff/<int:user_id>/reset/", views.reset, name="second-factor-reset"),
]
