"""Reads for live streams: which channels a connection may listen to, and posts behind events."""

from __future__ import annotations

from townhall.conversations.models import Post
from townhall.feeds.selectors import posts_visible_to
from townhall.live import services
from townhall.people import permissions
from townhall.people.models import Person

MAX_WATCHED_POSTS = 100
MAX_WATCHED_OPEN_HOURS = 20


def channels_for(
    person: Person, watched_post_ids: list[int], watched_open_hour_ids: list[int] | None = None
) -> frozenset[str]:
    """The person's channel, everyone's, their groups', and readable posts and open hours on
    their page."""
    group_ids = permissions.member_group_ids(person)  # also primes the per-person cache
    channels = {services.PUBLIC_CHANNEL, services.person_channel(person.pk)}
    channels.update(services.group_channel(gid) for gid in group_ids)
    if watched_post_ids:
        readable = posts_visible_to(person).filter(pk__in=watched_post_ids[:MAX_WATCHED_POSTS])
        channels.update(
            services.post_channel(pk) for pk in readable.values_list("pk", flat=True).order_by()
        )
    if watched_open_hour_ids:
        from townhall.openhours.selectors import open_hours_visible_to

        visible = open_hours_visible_to(person).filter(
            pk__in=watched_open_hour_ids[:MAX_WATCHED_OPEN_HOURS]
        )
        channels.update(
            services.open_hour_channel(pk) for pk in visible.values_list("pk", flat=True).order_by()
        )
    return frozenset(channels)


def refresh_memberships(person: Person) -> None:
    """Reload group ids so a long-lived stream notices someone leaving a group."""
    permissions.forget_memberships(person)
    permissions.member_group_ids(person)


def post_for_event(post_id: int) -> Post | None:
    """The post an event is about, with what `can_view_post` needs; deleted ones too."""
    return Post.objects.select_related("group").filter(pk=post_id).first()
