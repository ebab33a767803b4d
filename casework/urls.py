from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from . import signin
from .second_factor.gate import second_factor_exempt
from .sso.views import SignInCallback, SignInView, StartSignIn
from .views import accounts, audit, characteristics, common, deadlines, grants, history, imports, people

urlpatterns = [
    path("", common.home, name="home"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    # Single sign-on (casework/sso): 404 unless OIDC_ISSUER is set.
    path("accounts/sso/start/", login_not_required(StartSignIn.as_view()), name="sso-start"),
    path("accounts/sso/callback/", login_not_required(SignInCallback.as_view()), name="sso-callback"),
    # Signing out must work before the second factor too.
    path("accounts/logout/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("", include("casework.second_factor.urls")),
    path("accounts/password/", signin.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/reset/<uidb64>/<token>/", signin.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/log/", accounts.account_log, name="account-log"),
    path("purpose/", audit.consultation_purpose, name="consultation-purpose"),
    path("access-log/", audit.access_log_find, name="access-log-find"),
    path("cases/<str:reference>/access-log/", audit.case_access_log, name="case-access-log"),
    path("cases/<str:reference>/changes/", history.case_record_history, name="case-record-history"),
    path("cases/<str:reference>/break-glass/", audit.break_glass, name="case-break-glass"),
    path("cases/<str:reference>/access/", grants.case_access, name="case-access"),
    path("cases/<str:reference>/access/<int:user_id>/revoke/", grants.revoke_access, name="case-access-revoke"),
    path("people/<int:pk>/access-log/", audit.person_access_log, name="person-access-log"),
    path("people/", people.person_list, name="person-list"),
    path("people/<int:pk>/characteristics/", characteristics.record, name="person-characteristics"),
    path("people/find/", people.person_find, name="person-find"),
    path("people/find.json", people.person_find_json, name="person-find-json"),
    path("people/import/", imports.upload, name="people-import"),
    path("people/import/<int:pk>/", imports.preview, name="people-import-preview"),
    path("deadlines/", deadlines.deadline_list, name="deadline-list"),
    path("deadlines/<int:pk>/", deadlines.deadline_detail, name="deadline-detail"),
    path("deadlines/<int:pk>/extend/", deadlines.extend_deadline, name="deadline-extend"),
    path("deadlines/<int:pk>/stop/", deadlines.stop_deadline, name="deadline-stop"),
]
