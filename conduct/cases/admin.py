from django.contrib import admin
from django.utils.html import format_html, format_html_join

from casework.models import User
from conduct.cases.sexual import sync_category
from conduct.models import AllegationCategory, ClockRule, Standard


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("name", "order")


@admin.register(AllegationCategory)
class AllegationCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "sexual_or_vawg")

    def save_model(self, request, obj, form, change):
        # The admin saves in one transaction (ModelAdmin.changeform_view): the subjects' flags with it.
        super().save_model(request, obj, form, change)
        if change and "sexual_or_vawg" in form.changed_data:
            sync_category(obj)


@admin.register(ClockRule)
class ClockRuleAdmin(admin.ModelAdmin):
    """Administrators edit the legal clocks (DOMAIN.md: legal numbers are data). An edit applies to
    clocks started afterwards: a running deadline keeps the due date and rule it started with.
    Rules are not added or deleted here: each is started by the code that knows its event, and
    an unwanted clock is made inactive."""

    list_display = ("name", "code", "amount", "unit", "status", "active")
    list_filter = ("status", "unit", "active")
    search_fields = ("name", "code", "source")
    fields = (
        "code",
        "name",
        ("amount", "unit"),
        "starts_when",
        "stops_when",
        "source",
        "status",
        "active",
        "change_history",
    )
    readonly_fields = ("code", "change_history")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Change history")
    def change_history(self, obj):
        """Every version of the rule (pghistory), newest first, with who saved it."""
        events = list(obj.events.select_related("pgh_context").order_by("-pgh_id")[:50])
        user_ids = {e.pgh_context.metadata.get("user") for e in events if e.pgh_context}
        users = {u.pk: u.get_username() for u in User.objects.filter(pk__in=user_ids - {None})}
        rows = format_html_join(
            "",
            "<li>{}: {} {} ({}, {}){}</li>",
            (
                (
                    f"{e.pgh_created_at:%d/%m/%Y %H:%M}",
                    e.amount,
                    e.get_unit_display().lower(),
                    e.get_status_display().lower(),
                    "active" if e.active else "inactive",
                    f" by {users[e.pgh_context.metadata.get('user')]}"
                    if e.pgh_context and e.pgh_context.metadata.get("user") in users
                    else "",
                )
                for e in events
            ),
        )
        return format_html("<ul>{}</ul>", rows)
