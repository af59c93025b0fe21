"""Administrators add and correct plan items here; the plan pages are where leads work."""

from django.contrib import admin

from sightline.web.accounts.roles import Capability
from sightline.web.common import admin as common_admin
from sightline.web.improvement import models


class CapabilityAdmin(common_admin.CapabilityAdmin):
    capability = Capability.EDIT_IMPROVEMENT


class CapabilityInline(common_admin.CapabilityInline):
    capability = Capability.EDIT_IMPROVEMENT


class RecordedAdmin(common_admin.RecordedAdmin):
    capability = Capability.EDIT_IMPROVEMENT


class PriorityInline(CapabilityInline):
    model = models.Priority
    extra = 0


class MeasureInline(CapabilityInline):
    model = models.Measure
    extra = 0


@admin.register(models.Theme)
class ThemeAdmin(RecordedAdmin):
    list_display = ("title", "framework", "lead_title", "lead")
    list_filter = ("framework",)
    inlines = [PriorityInline, MeasureInline]


@admin.register(models.Action)
class ActionAdmin(RecordedAdmin):
    list_display = ("title", "priority", "owner_title", "due_date", "status")
    list_filter = ("status",)


@admin.register(models.Recommendation)
class RecommendationAdmin(RecordedAdmin):
    list_display = ("reference", "source", "source_title", "status")
    list_filter = ("source", "status")
    filter_horizontal = ("actions",)
    readonly_fields = (
        "status",
        "closed_at",
        "closed_by",
        "closure_note",
    )  # closed only with evidence


admin.site.register(
    [models.Framework, models.Priority, models.Measure, models.TrajectoryPoint, models.Milestone]
)
