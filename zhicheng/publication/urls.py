from django.urls import path

from zhicheng.publication import views

app_name = "publication"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("office/", views.office_list, name="office_list"),
    path("office/new/", views.prepare, name="prepare"),
    path("bureau/", views.bureau_list, name="bureau_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<str:which>.docx", views.document, name="document"),
    path("requests/<int:pk>/publish/", views.publish, name="publish"),
    path("requests/<int:pk>/return/", views.return_request, name="return"),
]
