"""The retention schedule is force policy an administrator edits (its change history is kept);
holds, review decisions and the disposal log are records, read-only here."""

from django.contrib import admin

from conduct.models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ("record_type", "retention_months", "counted_from", "status", "disposal")
    readonly_fields = ("record_type", "disposal")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
