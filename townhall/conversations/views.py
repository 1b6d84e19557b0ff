"""HTTP for posts and topics (pages)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from townhall.conversations.models import Topic
from townhall.feeds import selectors as feeds


def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = feeds.access_post(request.user, pk)
    return render(request, "conversations/post_detail.html", {"post": post})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404
    page = feeds.topic_feed(request.user, topic, after=request.GET.get("after", ""))
    return render(request, "conversations/topic.html", {"topic": topic, "page": page})
