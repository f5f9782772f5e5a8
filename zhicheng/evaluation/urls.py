from django.urls import path

from zhicheng.evaluation import expert_views, report_views, standards_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/do/<slug:action>/", views.meeting_action, name="meeting_action"),
    path("<int:pk>/minutes/", views.meeting_minutes, name="minutes"),
    *standards_views.urlpatterns,
    *report_views.urlpatterns,
    *expert_views.urlpatterns,
]
