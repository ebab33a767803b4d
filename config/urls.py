from django.contrib import admin
from django.urls import include, path

from notifications.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("casework.urls")),
]

handler404 = "casework.views.page_not_found"
handler403 = "casework.views.permission_denied"
handler500 = "casework.views.server_error"
