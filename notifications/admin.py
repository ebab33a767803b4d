from django.contrib import admin

from .models import BeatHeartbeat, ReminderStage


@admin.register(BeatHeartbeat)
class BeatHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_tick")
    readonly_fields = ("name", "last_tick")


@admin.register(ReminderStage)
class ReminderStageAdmin(admin.ModelAdmin):
    """Reminder ladders are data: administrators change when, and whom, reminders tell. A change
    applies from the next sweep; rungs already sent stay recorded."""

    list_display = ("deadline_kind_label", "code", "offset_working_days", "audience", "email", "urgent", "active")
    list_filter = ("deadline_kind", "audience", "active")
    ordering = ("deadline_kind", "offset_working_days")

    @admin.display(description="ladder", ordering="deadline_kind")
    def deadline_kind_label(self, stage):
        return stage.deadline_kind or "default (every other kind)"
