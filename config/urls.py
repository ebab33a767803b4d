from django.contrib import admin
from django.urls import include, path

from notifications.views.health import healthz
from notifications.views.respond import respond

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("respond/<str:token>/", respond, name="respond"),
    path("", include("notifications.urls")),
    path("", include("conduct.urls")),
    path("", include("casework.urls")),
]

handler404 = "casework.views.common.page_not_found"
handler403 = "casework.views.common.permission_denied"
handler500 = "casework.views.common.server_error"
