from django.urls import path

from zhicheng.supervision import views

app_name = "supervision"
urlpatterns = [
    path("breadth/", views.breadth, name="breadth"),
    path("breadth/export.xlsx", views.breadth_export, name="breadth_export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.dashboard_export, name="dashboard_export"),
]
