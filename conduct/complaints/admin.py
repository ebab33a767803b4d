"""How a complainant applies to each review body, as the force words it (the outcome letter
quotes it). Edited, never added or deleted: there is one row per body, seeded by migration."""

from django.contrib import admin

from conduct.models import ReviewBodyContact


@admin.register(ReviewBodyContact)
class ReviewBodyContactAdmin(admin.ModelAdmin):
    list_display = ("name", "body")
    fields = ("body", "name", "how_to_apply")
    readonly_fields = ("body",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
