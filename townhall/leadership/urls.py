from __future__ import annotations

from django.urls import URLPattern, path

from townhall.leadership import views

urlpatterns: list[URLPattern] = [
    path("leadership/", views.leaders_corner, name="leaders_corner"),
    path("leadership/follow-my-line/", views.follow_my_line, name="leadership_follow_line"),
    path("leadership/onboarding/", views.onboarding, name="leadership_onboarding"),
    path(
        "leadership/onboarding/dismiss/",
        views.dismiss_onboarding,
        name="leadership_onboarding_dismiss",
    ),
    path("leadership/coaching/", views.coaching, name="leadership_coaching"),
    path("leadership/coaching/<int:pk>/nudge/", views.nudge, name="leadership_nudge"),
    path("leadership/coaching/<int:pk>/draft/", views.prepare_draft, name="leadership_prepare"),
    path("leadership/drafts/", views.drafts, name="leadership_drafts"),
    path("leadership/drafts/<int:pk>/", views.draft_detail, name="leadership_draft"),
    path(
        "leadership/drafts/<int:pk>/decline/", views.decline_draft, name="leadership_draft_decline"
    ),
]
