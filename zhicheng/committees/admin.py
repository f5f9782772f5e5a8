from django.contrib import admin

from zhicheng.committees.models import Committee, Scope


class ScopeInline(admin.TabularInline):
    model = Scope
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "kind", "seat_region", "status"]
    list_filter = ["level", "kind", "status"]
    inlines = [ScopeInline]
    filter_horizontal = ["offices", "members"]
