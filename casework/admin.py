"""Django admin for administrators: the register's reference data and the membership history
(users, teams and roles are in admin_accounts.py). Case
content is never edited here: cases change only through the services, with their reasons."""

from django.contrib import admin

from . import admin_accounts  # users, teams, role requests and the account log
from .models import Force, NonWorkingDay, Rank, RoleMembershipEvent, TeamMembershipEvent, Unit, User

admin.site.site_header = "PSD casework administration"


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_home")
    search_fields = ("name", "code")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "force")
    list_filter = ("force",)
    search_fields = ("name",)


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = ("name", "seniority", "is_chief_officer")


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
    """Days that are not working days on top of the England and Wales bank holidays. They apply to
    clocks started after they are added: a running deadline keeps the due date it was given."""

    list_display = ("date", "reason", "added_by", "added_at")
    date_hierarchy = "date"
    search_fields = ("reason",)
    fields = ("date", "reason", "added_by", "added_at")
    readonly_fields = ("added_by", "added_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


class _MembershipHistoryAdmin(admin_accounts.ReadOnlyAdmin):
    """Read-only: the history is written by database triggers and cannot be edited."""

    list_display = ("pgh_created_at", "pgh_label", "changed_by")
    list_filter = ("pgh_label",)
    date_hierarchy = "pgh_created_at"
    list_select_related = ("pgh_context",)
    ordering = ("-pgh_id",)

    @admin.display(description="Changed by")
    def changed_by(self, event):
        user_id = (event.pgh_context.metadata or {}).get("user") if event.pgh_context else None
        user = User.objects.filter(pk=user_id).first() if user_id else None  # one page of 100 at most
        return user or "The system"


@admin.register(TeamMembershipEvent)
class TeamMembershipHistoryAdmin(_MembershipHistoryAdmin):
    list_display = ("pgh_created_at", "team", "user", "pgh_label", "changed_by")
    list_filter = ("pgh_label", "team")
    search_fields = ("user__username", "user__last_name")
    list_select_related = ("pgh_context", "team", "user")


@admin.register(RoleMembershipEvent)
class RoleMembershipHistoryAdmin(_MembershipHistoryAdmin):
    list_display = ("pgh_created_at", "user", "group", "pgh_label", "changed_by")
    list_filter = ("pgh_label", "group")
    search_fields = ("user__username", "user__last_name")
    list_select_related = ("pgh_context", "user", "group")
