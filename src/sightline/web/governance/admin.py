"""Administrators may also edit bodies, members and meetings here; body and meeting edits enter the
history like those made on the governance pages."""

from django.contrib import admin

from sightline.web.accounts.roles import Capability
from sightline.web.common.admin import CapabilityInline, RecordedAdmin
from sightline.web.governance import models


class GovernanceAdmin(RecordedAdmin):
    capability = Capability.EDIT_GOVERNANCE


class GovernanceInline(CapabilityInline):
    capability = Capability.EDIT_GOVERNANCE


class MemberInline(GovernanceInline):
    model = models.Member
    extra = 0


class AgendaInline(GovernanceInline):
    model = models.AgendaItem
    extra = 0


@admin.register(models.Body)
class BodyAdmin(GovernanceAdmin):
    list_display = ("name", "kind", "cadence")
    inlines = [MemberInline]


@admin.register(models.Meeting)
class MeetingAdmin(GovernanceAdmin):
    list_display = ("body", "date", "location")
    list_filter = ("body",)
    inlines = [AgendaInline]
