from django.contrib import admin

from zhicheng.policy.models import Series, Specialty, Title

admin.site.register(Series)
admin.site.register(Specialty, list_display=["name", "series"], list_filter=["series"])
admin.site.register(Title, list_display=["name", "series", "grade"], list_filter=["series"])
