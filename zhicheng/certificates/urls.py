from django.urls import path

from zhicheng.certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("verify/", views.verify, name="verify"),
    path("mine/", views.mine, name="mine"),
    path("issue/<int:application_pk>/", views.issue, name="issue"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/download/", views.download, name="download"),
]
