"""Django's admin behind the second factor too.

The middleware already holds /admin/ until the code is given; the site checks it again itself,
so the admin stays closed should the middleware ever be left out, and it has no sign-in form of
its own: /admin/login/ sends people to the service's sign-in page (one page, one lock-out).
django-otp's own device pages are not registered: they would show administrators every secret;
a second factor is reset through casework's page, with a reason, never edited.
"""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .gate import needs_second_factor


class VerifiedAdminSite(admin.AdminSite):
    site_header = "PSD casework administration"

    def has_permission(self, request):
        return super().has_permission(request) and not needs_second_factor(request)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url)

    def register(self, model_or_iterable, admin_class=None, **options):
        models = model_or_iterable if isinstance(model_or_iterable, list | tuple) else [model_or_iterable]
        kept = [model for model in models if model._meta.app_label not in HIDDEN_APPS]
        if kept:
            super().register(kept, admin_class, **options)


# The devices hold the TOTP secrets and the recovery codes.
HIDDEN_APPS = frozenset({"otp_totp", "otp_static", "otp_hotp", "otp_email"})
