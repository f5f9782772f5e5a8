from django.urls import path

from zhicheng.publicity import views

app_name = "publicity"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("office/", views.office_list, name="office_list"),
    path("office/new/", views.prepare, name="prepare"),
    path("office/new/<slug:kind>/", views.prepare, name="prepare_kind"),
    path("office/<int:pk>/", views.office_detail, name="office_detail"),
    path("office/objections/<int:pk>/answer/", views.answer, name="answer"),
]
