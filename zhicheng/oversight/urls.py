from django.urls import path

from zhicheng.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("rereviews/draw/", views.draw, name="draw"),
    path("rereviews/draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("rereviews/<int:pk>/assign/", views.assign, name="assign"),
    path("rereviews/mine/", views.my_rereviews, name="my_rereviews"),
    path("rereviews/<int:pk>/", views.rereview, name="rereview"),
    path("committees/<int:pk>/", views.committee, name="committee"),
    path("committees/<int:pk>/escalate/", views.escalate, name="escalate"),
    path("complain/<int:pk>/", views.complain, name="complain"),
]
