from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from zhicheng.accounts.models import ApiToken, Organisation, Region, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("角色与机构", {"fields": ("name", "role", "organisation", "phone")}),
    )
    list_display = ["username", "name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "path", "is_mountain_county"]
    list_filter = ["level", "is_mountain_county"]
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["key_hash"]
