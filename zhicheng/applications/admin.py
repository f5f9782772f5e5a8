from django.contrib import admin

from zhicheng.applications.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only here: a case changes state only through its services, never by editing the row."""

    list_display = ["id", "applicant", "title", "specialty", "committee", "year", "state", "outcome"]
    list_filter = ["state", "year", "committee"]
    search_fields = ["applicant__name", "applicant__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
