"""Accounts in the admin site are read-only, for everyone, superusers included: every change to an
account (invite, role, teams, deactivate, unlock, two-factor reset) is made on the web app's user
pages (accounts.services), which write it to the history and the access log. An edit here would
bypass both, so the admin site offers none (docs/decisions/0023-admin-site-reads-accounts-only.md).

Django's groups are not registered (Sightline's roles are not Django permissions), nor are the
two-factor devices (their secret keys are nobody's to read; an administrator resets them on the
user's page)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from sightline.web.accounts.models import TeamMembership, User


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TeamInline(_ReadOnly, admin.TabularInline):
    model = TeamMembership
    extra = 0


@admin.register(User)
class SightlineUserAdmin(_ReadOnly, UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Sightline", {"fields": ("role",)}))
    inlines = [TeamInline]
    actions = None

    def get_urls(self):
        # no password form: a password is set by its owner (or by the reset link) only
        return [u for u in super().get_urls() if "password" not in str(u.pattern)]


for model in (Group, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
