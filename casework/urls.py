from django.contrib.auth import views as auth_views
from django.urls import include, path

from .second_factor.gate import second_factor_exempt
from .views import audit, common, deadlines, grants, history, imports, people

urlpatterns = [
    path("", common.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    # Signing out must work before the second factor too.
    path("accounts/logout/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("", include("casework.second_factor.urls")),
    path("purpose/", audit.consultation_purpose, name="consultation-purpose"),
    path("cases/<str:reference>/access-log/", audit.case_access_log, name="case-access-log"),
    path("cases/<str:reference>/changes/", history.case_record_history, name="case-record-history"),
    path("cases/<str:reference>/break-glass/", audit.break_glass, name="case-break-glass"),
    path("cases/<str:reference>/access/", grants.case_access, name="case-access"),
    path("cases/<str:reference>/access/<int:user_id>/revoke/", grants.revoke_access, name="case-access-revoke"),
    path("people/<int:pk>/access-log/", audit.person_access_log, name="person-access-log"),
    path("people/", people.person_list, name="person-list"),
    path("people/import/", imports.upload, name="people-import"),
    path("people/import/<int:pk>/", imports.preview, name="people-import-preview"),
    path("deadlines/", deadlines.deadline_list, name="deadline-list"),
    path("deadlines/<int:pk>/", deadlines.deadline_detail, name="deadline-detail"),
    path("deadlines/<int:pk>/extend/", deadlines.extend_deadline, name="deadline-extend"),
    path("deadlines/<int:pk>/stop/", deadlines.stop_deadline, name="deadline-stop"),
]
