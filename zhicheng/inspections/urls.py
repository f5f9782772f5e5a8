from django.urls import path

from zhicheng.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:pk>/", views.campaign, name="campaign"),
    path("manage/<int:pk>/publish/", views.publish, name="publish"),
    path("manage/units/<int:pk>/finding/", views.finding, name="finding"),
    path("pool/", views.pool, name="pool"),
    path("pool/<int:pk>/remove/", views.pool_remove, name="pool_remove"),
]
