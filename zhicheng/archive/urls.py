from django.urls import path

from zhicheng.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/<slug:kind>/add/", views.entry_add, name="entry_add"),
    path("profile/<slug:kind>/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("people/<int:pk>/", views.professional_detail, name="professional"),
    path("people/<int:pk>/dossier.pdf", views.dossier, name="dossier"),
    path("achievements/new/", views.achievement_new, name="achievement_new"),
    path("achievements/<int:pk>/", views.achievement_detail, name="achievement"),
    path("achievements/<int:pk>/edit/", views.achievement_edit, name="achievement_edit"),
    path("achievements/<int:pk>/delete/", views.achievement_delete, name="achievement_delete"),
    path("achievements/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("achievements/<int:pk>/verify/", views.achievement_verify, name="verify"),
    path("achievements/<int:pk>/return/", views.achievement_return, name="return"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("pending/", views.pending, name="pending"),
    path("staff/", views.staff, name="staff"),
    path("staff/remind/", views.remind, name="remind"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/import/report/<slug:token>/", views.import_report, name="import_report"),
]
