"""Admin-site pieces every area uses: models managed by holders of a capability (no Django
permissions), edits that enter the shared history, and the history itself (read-only)."""

from django.contrib import admin

from sightline.web.common import history
from sightline.web.common.models import Change


class _ByCapability:
    """Staff (administrators) holding the capability manage these models; no Django permissions."""

    capability: str = "edit_improvement"

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
    """Changes made in the admin site enter the history like any other; a versioned record's
    version moves on, so edit forms opened before become stale."""

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = type(obj).objects.get(pk=obj.pk)
            before = {f: getattr(old, f) for f in form.changed_data if hasattr(old, f)}
        if hasattr(obj, "version") and change and form.changed_data:
            obj.version += 1
        super().save_model(request, obj, form, change)
        kind = type(obj).__name__.lower()
        by = history.who(request.user)
        if not change:
            history.record(obj, kind, "created (admin site)", "", str(obj), by=by)
        for field in form.changed_data if change else ():
            if field in before:
                history.record(
                    obj,
                    kind,
                    field,
                    before[field],
                    getattr(obj, field),
                    by=by,
                    version=getattr(obj, "version", None),
                )


@admin.register(Change)
class ChangeAdmin(CapabilityAdmin):
    list_display = ("at", "by", "item_type", "item_label", "field", "before", "after")
    list_filter = ("item_type",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # history is evidence: nobody edits it

    def has_delete_permission(self, request, obj=None):
        return False
