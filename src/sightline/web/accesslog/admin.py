from django.contrib import admin

from sightline.web.accesslog.models import AccessEntry


@admin.register(AccessEntry)
class AccessEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "role", "outcome", "what", "child_id", "path")
    list_filter = ("outcome", "kind", "role")
    search_fields = ("username", "child_id", "detail", "path")

    def has_change_permission(self, request, obj=None):
        return False  # the log is evidence: nobody edits it

    def has_delete_permission(self, request, obj=None):
        return False
