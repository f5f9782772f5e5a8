from django.urls import path

from zhicheng.education import views

app_name = "education"
urlpatterns = [
    path("", views.education_home, name="home"),
    path("records/add/", views.record_add, name="record_add"),
    path("records/<int:pk>/confirm/", views.record_confirm, name="record_confirm"),
    path("records/<int:pk>/reject/", views.record_reject, name="record_reject"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/report/", views.import_report, name="import_report"),
    path("calculator/", views.calculator, name="calculator"),
]
