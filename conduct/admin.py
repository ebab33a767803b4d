from django.contrib import admin

from .models import AllegationCategory, Standard


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("name", "order")


@admin.register(AllegationCategory)
class AllegationCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
