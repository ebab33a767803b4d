"""The early-warning rules in the admin (thresholds as data). Registered from
ConductConfig.ready. An edit applies to evaluations made afterwards (when an allegation is
recorded, and nightly); flags already raised keep their reasons. Rules are made inactive, never
deleted or added here: each kind is evaluated by conduct.oversight.early_warning."""

from django.contrib import admin

from conduct.models import FlagRule


@admin.register(FlagRule)
class FlagRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "window_days", "threshold", "category", "active")
    list_filter = ("active", "kind")
    fields = ("code", "name", "kind", "window_days", "threshold", "category", "source", "active")

    def get_readonly_fields(self, request, obj=None):
        return ("code", "kind") if obj else ()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
