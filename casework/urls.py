from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cases/", views.section, {"url_name": "case-list"}, name="case-list"),
    path("people/", views.section, {"url_name": "person-list"}, name="person-list"),
    path("suspensions/", views.section, {"url_name": "suspension-list"}, name="suspension-list"),
    path("referrals/", views.section, {"url_name": "referral-list"}, name="referral-list"),
    path("deadlines/", views.section, {"url_name": "deadline-list"}, name="deadline-list"),
    path("access-reviews/", views.section, {"url_name": "access-review-list"}, name="access-review-list"),
]
