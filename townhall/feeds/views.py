"""HTTP for the feed pages: leaders, saved posts, unanswered questions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from townhall.conversations.views import feed_page
from townhall.feeds import selectors


def leaders(request: HttpRequest) -> HttpResponse:
    page = selectors.leaders_feed(request.user, after=request.GET.get("after", ""))
    context = {
        "title": _("From leaders"),
        "intro": _("Posts by the leaders of the organisation, newest first."),
        "empty": _("No leader has posted yet."),
        "tab": "leaders",
    }
    return feed_page(request, "feeds/feed.html", page, context)


def saved(request: HttpRequest) -> HttpResponse:
    page = selectors.saved_feed(request.user, after=request.GET.get("after", ""))
    context = {
        "title": _("Saved posts"),
        "intro": _("Posts you bookmarked to come back to."),
        "empty": _("Nothing saved yet. Use “Save” on a post to keep it here."),
        "tab": "saved",
    }
    return feed_page(request, "feeds/feed.html", page, context)


def questions(request: HttpRequest) -> HttpResponse:
    page = selectors.unanswered_questions_feed(request.user, after=request.GET.get("after", ""))
    context = {
        "title": _("Unanswered questions"),
        "intro": _("Questions nobody has answered yet. Perhaps you know?"),
        "empty": _("Every question has an answer. Nice work, everyone."),
        "tab": "questions",
    }
    return feed_page(request, "feeds/feed.html", page, context)
