"""The IOPC referral criteria in the admin (DOMAIN.md: the law as data). Registered from
ConductConfig.ready. An edit applies to evaluations made afterwards; referrals already required
keep the criteria they were required under. Criteria are made inactive, never deleted: referrals
refer to them."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from casework.models import User
from conduct.models import ReferralCriterion


@admin.register(ReferralCriterion)
class ReferralCriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "active", "chief_officer_subject", "same_incident_as_referred")
    list_filter = ("active",)
    search_fields = ("name", "code", "description", "source")
    filter_horizontal = ("categories",)
    fields = (
        "code",
        "name",
        "description",
        "source",
        "categories",
        "origins",
        "criminal_only",
        "chief_officer_subject",
        "same_incident_as_referred",
        "order",
        "active",
        "change_history",
    )
    readonly_fields = ("change_history",)

    def get_readonly_fields(self, request, obj=None):
        # The code of an existing criterion is what referrals and tests know it by.
        return ("code", *self.readonly_fields) if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Change history")
    def change_history(self, obj):
        """Every version of the criterion (pghistory), newest first, with who saved it."""
        if obj is None or obj.pk is None:
            return ""
        events = list(obj.events.select_related("pgh_context").order_by("-pgh_id")[:50])
        user_ids = {e.pgh_context.metadata.get("user") for e in events if e.pgh_context}
        users = {u.pk: u.get_username() for u in User.objects.filter(pk__in=user_ids - {None})}
        rows = format_html_join(
            "",
            "<li>{}: {} ({}){}</li>",
            (
                (
                    f"{e.pgh_created_at:%d/%m/%Y %H:%M}",
                    e.name,
                    "active" if e.active else "inactive",
                    f" by {users[e.pgh_context.metadata.get('user')]}"
                    if e.pgh_context and e.pgh_context.metadata.get("user") in users
                    else "",
                )
                for e in events
            ),
        )
        return format_html("<ul>{}</ul>", rows)
