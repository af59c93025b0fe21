"""Administrators set up bodies, members and meetings here."""

from django.contrib import admin

from sightline.web.governance import models


class MemberInline(admin.TabularInline):
    model = models.Member
    extra = 0


class AgendaInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "cadence")
    inlines = [MemberInline]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("body", "date", "location")
    list_filter = ("body",)
    inlines = [AgendaInline]
