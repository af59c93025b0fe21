"""Administrators add and correct plan items here; the plan pages are where leads work."""

from django.contrib import admin

from sightline.web.accounts.roles import Capability
from sightline.web.improvement import models, services


class _ByCapability:
    """Staff (administrators) holding the capability manage these models; no Django permissions."""

    capability = Capability.EDIT_IMPROVEMENT

    def _allowed(self, request) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_staff and (user.is_superuser or user.can(self.capability))
        )

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class CapabilityAdmin(_ByCapability, admin.ModelAdmin):
    pass


class CapabilityInline(_ByCapability, admin.TabularInline):
    pass


class RecordedAdmin(CapabilityAdmin):
    """Changes made in the admin site enter the plan's history like any other."""

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = type(obj).objects.get(pk=obj.pk)
            before = {f: getattr(old, f) for f in form.changed_data if hasattr(old, f)}
        if (
            isinstance(obj, (models.Action, models.Recommendation, models.Theme))
            and change
            and form.changed_data
        ):
            obj.version += 1  # an admin edit makes open edit forms stale too
        super().save_model(request, obj, form, change)
        kind = type(obj).__name__.lower()
        if not change:
            services.record(obj, kind, "created (admin site)", "", str(obj), request.user)
        for field in form.changed_data if change else ():
            if field in before:
                services.record(
                    obj,
                    kind,
                    field,
                    before[field],
                    getattr(obj, field),
                    request.user,
                    version=getattr(obj, "version", None),
                )


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


@admin.register(models.Change)
class ChangeAdmin(CapabilityAdmin):
    list_display = ("at", "by", "item_type", "item_label", "field", "before", "after")
    list_filter = ("item_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # history is evidence: nobody edits it

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(
    [models.Framework, models.Priority, models.Measure, models.TrajectoryPoint, models.Milestone]
)
