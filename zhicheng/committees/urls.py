from django.urls import path

from zhicheng.committees import views

app_name = "committees"
urlpatterns = [
    path("", views.committee_list, name="list"),
    path("plans/", views.plans, name="plans"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("experts/", views.experts, name="experts"),
    path("filings/new/", views.filing_new, name="filing_new"),
    path("filings/<int:pk>/approve/", views.filing_approval, name="filing_approve"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/plan/<int:year>/", views.plan_edit, name="plan_edit"),
]
