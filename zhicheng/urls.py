from django.contrib import admin
from django.urls import include, path

from zhicheng import views
from zhicheng.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("zhicheng.accounts.urls")),
    path("applications/", include("zhicheng.applications.urls")),
    path("education/", include("zhicheng.education.urls")),
    path("publicity/", include("zhicheng.publicity.urls")),
    path("committees/", include("zhicheng.committees.urls")),
    path("archive/", include("zhicheng.archive.urls")),
    path("supervision/", include("zhicheng.supervision.urls")),
    path("meetings/", include("zhicheng.evaluation.urls")),
    path("results/", include("zhicheng.publication.urls")),
    path("certificates/", include("zhicheng.certificates.urls")),
    path("referrals/", include("zhicheng.referrals.urls")),
    path("alerts/", include("zhicheng.alerts.urls")),
    path("inspections/", include("zhicheng.inspections.urls")),
    path("oversight/", include("zhicheng.oversight.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "zhicheng.views.error_403"
handler404 = "zhicheng.views.error_404"
handler500 = "zhicheng.views.error_500"
