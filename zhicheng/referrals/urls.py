from django.urls import path

from zhicheng.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("issue/<int:application_pk>/", views.issue, name="issue"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/letter.<slug:kind>", views.letter, name="letter"),
]
