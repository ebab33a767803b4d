"""Where the reports go (the local policing body, the IOPC): edited by an administrator, never
added or deleted: one row per body, seeded by migration."""

from django.contrib import admin

from conduct.models import ProgressReportBody


@admin.register(ProgressReportBody)
class ProgressReportBodyAdmin(admin.ModelAdmin):
    list_display = ("name", "body", "email")
    fields = ("body", "name", "email", "address")
    readonly_fields = ("body",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
