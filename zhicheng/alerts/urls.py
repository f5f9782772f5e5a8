from django.urls import path

from zhicheng.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("run/", views.run_now, name="run"),
    path("<int:pk>/", views.alert_detail, name="detail"),
    path("<int:pk>/confirm/", views.alert_decide, {"decision": "confirm"}, name="confirm"),
    path("<int:pk>/dismiss/", views.alert_decide, {"decision": "dismiss"}, name="dismiss"),
]
