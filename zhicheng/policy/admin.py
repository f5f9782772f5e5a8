"""Policy in the admin: province and city bureau users edit the year's numbers; every save is audited."""

from django.contrib import admin

from zhicheng.policy.models import CalendarDay, Policy, Series, Specialty, Title, YearsInGrade
from zhicheng.policy.services import EDITABLE_FIELDS, calendar_day_set, policy_update, years_in_grade_update

admin.site.register(Series)
admin.site.register(Specialty, list_display=["name", "series"], list_filter=["series"])
admin.site.register(Title, list_display=["name", "series", "grade"], list_filter=["series"])


class PolicyEditorAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.has_perm("policy.edit_policy")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("policy.edit_policy")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("policy.edit_policy")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class YearsInGradeInline(admin.TabularInline):
    model = YearsInGrade
    extra = 0
    can_delete = False
    fields = ["title", "education", "prior_title", "years"]
    readonly_fields = ["title", "education"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("policy.edit_policy")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("policy.edit_policy")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Policy)
class PolicyAdmin(PolicyEditorAdmin):
    list_display = ["year", "ce_hours_total_min", "archive_ratio_min", "pre_publicity_workdays", "updated_at"]
    readonly_fields = ["year"]
    inlines = [YearsInGradeInline]

    def save_formset(self, request, form, formset, change):
        # Each changed line goes through the audited service instead of formset.save().
        formset.new_objects, formset.deleted_objects, formset.changed_objects = [], [], []
        for line_form in formset.forms:
            if line_form.has_changed() and line_form.instance.pk:
                data = line_form.cleaned_data
                line = years_in_grade_update(
                    line_form.instance, actor=request.user, years=data["years"], prior_title=data["prior_title"]
                )
                formset.changed_objects.append((line, line_form.changed_data))

    def save_model(self, request, obj, form, change):
        policy_update(
            obj,
            actor=request.user,
            changes={name: form.cleaned_data[name] for name in EDITABLE_FIELDS if name in form.cleaned_data},
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(PolicyEditorAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return request.user.has_perm("policy.edit_policy")

    def save_model(self, request, obj, form, change):
        calendar_day_set(obj.date, actor=request.user, kind=obj.kind, name=obj.name)
