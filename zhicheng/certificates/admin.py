from django.contrib import admin

from zhicheng.certificates.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read only: certificates are issued and revoked through their services, which audit every change."""

    list_display = ["number", "holder_name", "title_name", "bureau_name", "issued_on", "revoked_on"]
    list_filter = ["year"]
    search_fields = ["number", "holder_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
