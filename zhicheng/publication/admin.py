from django.contrib import admin

from zhicheng.publication.models import DocumentPrefix, Publication, PublicationRequest


@admin.register(DocumentPrefix)
class DocumentPrefixAdmin(admin.ModelAdmin):
    """A bureau's 代字 is corrected here; numbers already given keep the prefix they were given with."""

    list_display = ["organisation", "prefix"]
    search_fields = ["organisation__name", "prefix"]


@admin.register(PublicationRequest)
class PublicationRequestAdmin(admin.ModelAdmin):
    """Read only: requests change through the services, with their audit events."""

    list_display = ["letter_number", "committee", "year", "bureau", "state", "submitted_at"]
    list_filter = ["state", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["document_number", "bureau", "published_on"]
    list_filter = ["year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
