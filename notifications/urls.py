from django.urls import path

from notifications.views import compose as compose_views
from notifications.views import inbox as inbox_views
from notifications.views import letters as letter_views
from notifications.views import templates as template_views

urlpatterns = [
    path("notifications/<int:pk>/open/", inbox_views.open_notification, name="notification-open"),
    path("notifications/kinds/<str:kind>/open/", inbox_views.open_kind, name="notification-kind-open"),
    path("letters/templates/", template_views.template_list, name="letter-template-list"),
    path("letters/templates/<slug:kind>/", template_views.template_edit, name="letter-template-edit"),
    path(
        "letters/templates/<slug:kind>/<int:version>/", template_views.template_version, name="letter-template-version"
    ),
    path("letters/failed/", letter_views.failed_list, name="letter-failed-list"),
    path("letters/failed/<int:pk>/retry/", letter_views.failed_retry, name="letter-failed-retry"),
    path("letters/failed/<int:pk>/confirm-sent/", letter_views.failed_confirm_sent, name="letter-failed-confirm-sent"),
    path("letters/failed/<int:pk>/resend/", letter_views.failed_resend, name="letter-failed-resend"),
    path("cases/<str:reference>/letters/new/", compose_views.write_request, name="letter-write-request"),
    path("cases/<str:reference>/letters/<int:pk>/", letter_views.letter_detail, name="letter-detail"),
    path("cases/<str:reference>/letters/<int:pk>/pdf/", letter_views.letter_pdf, name="letter-pdf"),
    path(
        "cases/<str:reference>/letters/<int:pk>/attachments/<int:attachment_id>/",
        letter_views.letter_attachment,
        name="letter-attachment",
    ),
    path("cases/<str:reference>/letters/<int:pk>/approve/", letter_views.letter_approve, name="letter-approve"),
    path("cases/<str:reference>/letters/<int:pk>/cancel/", letter_views.letter_cancel, name="letter-cancel"),
    path("cases/<str:reference>/letters/<int:pk>/retry/", letter_views.letter_retry, name="letter-retry"),
]
