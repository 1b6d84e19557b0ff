"""Atom feeds of articles, groups, topics and leaders, plus the page listing a person's feed URLs.

With a session a feed carries only what every signed-in person may read; private content only
reaches a feed reader through the person's secret token URL, filtered by what that person may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from townhall.conversations.markdown import sanitise
from townhall.conversations.models import Follow, Post, PostKind, Topic
from townhall.feeds.selectors import posts_visible_to
from townhall.groups.models import Group
from townhall.people import permissions
from townhall.people import services as people_services
from townhall.people.models import FeedToken, Person
from townhall.people.selectors import people_visible_to

FEED_SIZE = 30


@dataclass
class FeedSource:
    """What one request's feed is: who reads it, its heading and its posts."""

    viewer: Person
    title: str
    link: str
    posts: QuerySet[Post]


def _viewer(request: HttpRequest, token: str | None) -> tuple[Person, bool]:
    """The reader and whether private content may appear (only through a secret token)."""
    if token is not None:
        person = people_services.person_for_feed_token(token)
        if person is None:
            raise ObjectDoesNotExist
        return person, True
    if isinstance(request.user, Person) and request.user.is_active:
        return request.user, False
    raise ObjectDoesNotExist


def _readable(viewer: Person, private_ok: bool) -> QuerySet[Post]:
    posts = posts_visible_to(viewer)
    if not private_ok:
        posts = posts.filter(permissions.posts_readable_by_everyone_q())
    return posts


class PostFeed(Feed):  # type: ignore[type-arg]
    """Shared rendering; subclasses say which posts a feed holds."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "token" not in kwargs and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response: HttpResponse = super().__call__(request, *args, **kwargs)
        # A private feed must never sit in a shared cache.
        response["Cache-Control"] = "private, no-store" if "token" in kwargs else "private"
        return response

    def source(self, viewer: Person, private_ok: bool, **kwargs: Any) -> FeedSource:
        raise NotImplementedError

    def get_object(  # type: ignore[override]
        self, request: HttpRequest, token: str | None = None, **kwargs: Any
    ) -> FeedSource:
        viewer, private_ok = _viewer(request, token)
        return self.source(viewer, private_ok, **kwargs)

    def title(self, obj: FeedSource) -> str:
        return obj.title

    def link(self, obj: FeedSource) -> str:
        return obj.link

    def subtitle(self, obj: FeedSource) -> str:
        return _("Townhall")

    def items(self, obj: FeedSource) -> list[Post]:
        rows = obj.posts.order_by("-created_at", "-id")[:FEED_SIZE]
        # The query already filters; asking the permission layer per item keeps one gate.
        return [post for post in rows if permissions.can_view_post(obj.viewer, post)]

    def item_title(self, item: Post) -> str:
        return item.title or Truncator(item.body).words(12)

    def item_link(self, item: Post) -> str:
        return reverse("post_detail", args=[item.pk])

    def item_description(self, item: Post) -> str:
        return sanitise(item.body_html)

    def item_author_name(self, item: Post) -> str:
        return item.author.display_name

    def item_pubdate(self, item: Post) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.edited_at or item.created_at


class PersonArticlesFeed(PostFeed):
    def source(self, viewer: Person, private_ok: bool, **kwargs: Any) -> FeedSource:
        person = people_visible_to(viewer).filter(pk=kwargs["pk"]).first()
        if person is None:
            raise ObjectDoesNotExist
        return FeedSource(
            viewer=viewer,
            title=_("Articles by %(name)s") % {"name": person.display_name},
            link=reverse("profile", args=[person.pk]),
            posts=_readable(viewer, private_ok).filter(author=person, kind=PostKind.ARTICLE),
        )


class GroupFeed(PostFeed):
    def source(self, viewer: Person, private_ok: bool, **kwargs: Any) -> FeedSource:
        group = Group.objects.filter(slug=kwargs["slug"]).first()
        if group is None or not permissions.can_read_group(viewer, group):
            raise ObjectDoesNotExist
        if not private_ok and not permissions.group_readable_by_everyone(group):
            raise ObjectDoesNotExist
        return FeedSource(
            viewer=viewer,
            title=_("Posts in %(name)s") % {"name": group.name},
            link=reverse("group_detail", args=[group.slug]),
            posts=_readable(viewer, private_ok).filter(group=group),
        )


class TopicFeed(PostFeed):
    def source(self, viewer: Person, private_ok: bool, **kwargs: Any) -> FeedSource:
        topic = Topic.objects.filter(slug=kwargs["slug"]).first()
        if topic is None:
            raise ObjectDoesNotExist
        return FeedSource(
            viewer=viewer,
            title=_("Posts about #%(topic)s") % {"topic": topic.name},
            link=reverse("topic_detail", args=[topic.slug]),
            posts=_readable(viewer, private_ok).filter(topics=topic),
        )


class LeadersArticlesFeed(PostFeed):
    def source(self, viewer: Person, private_ok: bool, **kwargs: Any) -> FeedSource:
        return FeedSource(
            viewer=viewer,
            title=_("Articles by leaders"),
            link=reverse("home"),
            posts=_readable(viewer, private_ok).filter(
                author__is_leader=True, kind=PostKind.ARTICLE
            ),
        )


@dataclass
class FeedLink:
    label: str
    path: str


def _feed_links(person: Person, token: str | None) -> list[FeedLink]:
    """The feeds worth subscribing to: own articles, leaders, own groups, followed topics."""

    def url(name: str, *args: object) -> str:
        if token is None:
            return reverse(name, args=args)
        return reverse(f"{name}_private", args=[token, *args])

    links = [
        FeedLink(_("My articles"), url("rss_person_articles", person.pk)),
        FeedLink(_("Articles by leaders"), url("rss_leaders_articles")),
    ]
    group_ids = sorted(permissions.member_group_ids(person))
    groups = Group.objects.filter(pk__in=group_ids) | Group.objects.filter(is_company=True)
    for group in groups.order_by("name")[:50]:
        if token is None and not permissions.group_readable_by_everyone(group):
            continue
        links.append(FeedLink(group.name, url("rss_group", group.slug)))
    follows = Follow.objects.filter(follower=person, topic__isnull=False).select_related("topic")
    for follow in follows.order_by("topic__slug")[:50]:
        if follow.topic is not None:
            links.append(FeedLink(f"#{follow.topic.name}", url("rss_topic", follow.topic.slug)))
    return links


@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    """List the person's feed URLs; POST makes a new secret URL (the old one stops working)."""
    me = request.user
    assert isinstance(me, Person)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    new_token: str | None = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            people_services.revoke_feed_token(person=me)
        else:
            new_token = people_services.regenerate_feed_token(person=me)
    context = {
        "session_links": _feed_links(me, None),
        "private_links": _feed_links(me, new_token) if new_token else [],
        "has_token": new_token is not None or FeedToken.objects.filter(person=me).exists(),
    }
    return render(request, "rss/settings.html", context)
