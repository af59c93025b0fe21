"""Administrators add and correct plan items here; the plan pages are where leads work."""

from django.contrib import admin

from sightline.web.improvement import models


class PriorityInline(admin.TabularInline):
    model = models.Priority
    extra = 0


class MeasureInline(admin.TabularInline):
    model = models.Measure
    extra = 0


@admin.register(models.Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("title", "framework", "lead_title", "lead")
    list_filter = ("framework",)
    inlines = [PriorityInline, MeasureInline]


@admin.register(models.Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("title", "priority", "owner_title", "due_date", "status")
    list_filter = ("status",)


@admin.register(models.Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("reference", "source", "source_title", "status")
    list_filter = ("source", "status")
    filter_horizontal = ("actions",)
    readonly_fields = (
        "status",
        "closed_at",
        "closed_by",
        "closure_note",
    )  # closed only with evidence


@admin.register(models.Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "by", "item_type", "item_label", "field", "before", "after")
    list_filter = ("item_type",)

    def has_change_permission(self, request, obj=None):
        return False  # history is evidence: nobody edits it

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(
    [models.Framework, models.Priority, models.Measure, models.TrajectoryPoint, models.Milestone]
)
