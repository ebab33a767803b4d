"""The pause rule is force policy an administrator edits (its change history is kept); the pauses
themselves are decisions, read-only here."""

from django.contrib import admin

from conduct.models import CriminalProceedingsPause, PauseRule


@admin.register(PauseRule)
class PauseRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "regulation", "status", "review_clock", "resume_method")
    readonly_fields = ("code",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CriminalProceedingsPause)
class CriminalProceedingsPauseAdmin(admin.ModelAdmin):
    list_display = ("subject", "state", "paused_on", "next_review_on", "ended_on")
    list_filter = ("state",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
