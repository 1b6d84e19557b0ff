from __future__ import annotations

from django.urls import path

from townhall.people import views, views_import

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("mentions/suggest", views.mention_suggest, name="mention_suggest"),
    path("org/", views.org_chart, name="org_chart"),
    path("org/<slug:slug>/", views.org_chart, name="org_unit"),
    path("settings/profile/", views.edit_profile, name="edit_profile"),
    path("settings/photo/", views.edit_photo, name="edit_photo"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("settings/language/", views.set_language, name="set_language"),
    path("invite/<str:token>/", views.accept_invitation, name="invitation_accept"),
    path("manage/", views.manage_home, name="manage"),
    path("manage/invitations/", views.invitations, name="manage_invitations"),
    path("manage/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("manage/people/<int:pk>/roles/", views.edit_roles, name="edit_roles"),
    path("manage/audit/", views.audit_log, name="audit_log"),
    path("manage/import/", views_import.org_import, name="org_import"),
    path("manage/import/<int:pk>/", views_import.org_import_detail, name="org_import_detail"),
    path("manage/import/<int:pk>/apply/", views_import.org_import_apply, name="org_import_apply"),
]
