from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sightline.web.accounts.models import TeamMembership, User


class TeamInline(admin.TabularInline):
    model = TeamMembership
    extra = 1


@admin.register(User)
class SightlineUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Sightline", {"fields": ("role",)}))
    inlines = [TeamInline]
