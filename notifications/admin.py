from django.contrib import admin

from .models import BeatHeartbeat


@admin.register(BeatHeartbeat)
class BeatHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_tick")
    readonly_fields = ("name", "last_tick")
