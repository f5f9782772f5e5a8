from django.urls import path

from zhicheng.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_new, name="new"),
    path("route-preview/", views.route_preview, name="route_preview"),
    path("bulk/", views.application_bulk, name="bulk"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/dossier/", views.application_dossier, name="dossier"),
    path("<int:pk>/do/<slug:action>/", views.application_transition, name="transition"),
]
