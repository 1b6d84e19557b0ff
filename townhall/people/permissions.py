"""The one permission layer: every page, API call, export and notification asks these.

Later apps (groups, conversations, ...) add their questions here or in a module this one
re-exports, so that "may this person see / do this?" has exactly one answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from townhall.people.models import Person


def is_signed_in(viewer: Person | AnonymousUser) -> bool:
    """Active, authenticated people; everything in Townhall is behind sign-in."""
    return bool(viewer.is_authenticated and viewer.is_active)


def is_admin(viewer: Person | AnonymousUser) -> bool:
    return is_signed_in(viewer) and bool(getattr(viewer, "is_admin", False))


def is_community_manager(viewer: Person | AnonymousUser) -> bool:
    return is_signed_in(viewer) and bool(getattr(viewer, "is_community_manager", False))


def can_view_directory(viewer: Person | AnonymousUser) -> bool:
    return is_signed_in(viewer)


def can_view_person(viewer: Person | AnonymousUser, person: Person) -> bool:
    """Every signed-in colleague may see an active person's profile; admins also see inactive."""
    if not is_signed_in(viewer):
        return False
    return person.is_active or is_admin(viewer)


def can_edit_profile(viewer: Person | AnonymousUser, person: Person) -> bool:
    return is_signed_in(viewer) and (viewer.pk == person.pk or is_admin(viewer))


def can_invite(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer) or is_community_manager(viewer)


def can_change_roles(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer)


def can_import_org(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer)


def can_manage_units(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer)


def can_view_audit_log(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer)


def can_manage_tokens(viewer: Person | AnonymousUser, person: Person) -> bool:
    """Tokens act as their owner, so only the owner may create, list or revoke them."""
    return is_signed_in(viewer) and viewer.pk == person.pk


def can_access_manage_area(viewer: Person | AnonymousUser) -> bool:
    return can_invite(viewer) or can_import_org(viewer) or can_view_audit_log(viewer)


# --- Groups and conversations -------------------------------------------------------------
# Every path that shows a group or a post (page, API, feed, search, notification, email, RSS,
# live update) asks these, so private and secret content has one gate.

if TYPE_CHECKING:
    from django.db.models import Q

    from townhall.conversations.models import Comment, Post
    from townhall.groups.models import Group
    from townhall.uploads.models import Upload


def member_group_ids(viewer: Person | AnonymousUser) -> frozenset[int]:
    """Ids of the groups the viewer belongs to, loaded once per viewer object."""
    if not is_signed_in(viewer):
        return frozenset()
    cached: frozenset[int] | None = getattr(viewer, "_townhall_group_ids", None)
    if cached is None:
        from townhall.groups.models import Membership

        cached = frozenset(
            Membership.objects.filter(person_id=viewer.pk or 0).values_list("group_id", flat=True)
        )
        viewer._townhall_group_ids = cached  # type: ignore[union-attr]
    return cached


def forget_memberships(viewer: Person | AnonymousUser) -> None:
    """Drop the cached group ids after a membership change in the same request."""
    if hasattr(viewer, "_townhall_group_ids"):
        del viewer._townhall_group_ids  # type: ignore[union-attr]


def is_group_member(viewer: Person | AnonymousUser, group: Group) -> bool:
    return is_signed_in(viewer) and (group.is_company or group.pk in member_group_ids(viewer))


def has_open_group_invitation(viewer: Person | AnonymousUser, group: Group) -> bool:
    if not is_signed_in(viewer):
        return False
    from townhall.groups.models import GroupInvitation

    return GroupInvitation.objects.filter(
        group=group, person_id=viewer.pk or 0, answered_at__isnull=True
    ).exists()


def can_see_group_exists(viewer: Person | AnonymousUser, group: Group) -> bool:
    """Secret groups are invisible to non-members (not listed, found or searchable), except to
    someone invited, who must be able to open the group to answer."""
    if not is_signed_in(viewer):
        return False
    return (
        group.visibility != "secret"
        or is_group_member(viewer, group)
        or has_open_group_invitation(viewer, group)
    )


def can_read_group(viewer: Person | AnonymousUser, group: Group) -> bool:
    """Posts of open groups and the company group are for everyone; others for members."""
    if not is_signed_in(viewer):
        return False
    return group.is_company or group.visibility == "open" or is_group_member(viewer, group)


def can_post_in_group(viewer: Person | AnonymousUser, group: Group) -> bool:
    return is_group_member(viewer, group)


def can_join_group(viewer: Person | AnonymousUser, group: Group) -> bool:
    """Open groups are joined with one click; auto-managed groups follow the org chart."""
    return (
        is_signed_in(viewer)
        and group.visibility == "open"
        and not group.is_company
        and group.unit_id is None
        and not is_group_member(viewer, group)
    )


def can_request_to_join(viewer: Person | AnonymousUser, group: Group) -> bool:
    return (
        is_signed_in(viewer)
        and group.visibility == "private"
        and group.unit_id is None
        and not is_group_member(viewer, group)
    )


def is_group_admin(viewer: Person | AnonymousUser, group: Group) -> bool:
    if not is_signed_in(viewer):
        return False
    from townhall.groups.models import MemberRole, Membership

    return Membership.objects.filter(
        group=group, person_id=viewer.pk or 0, role=MemberRole.ADMIN
    ).exists()


def can_manage_group(viewer: Person | AnonymousUser, group: Group) -> bool:
    """Group admins, community managers and admins manage a group's settings and requests."""
    return is_admin(viewer) or is_community_manager(viewer) or is_group_admin(viewer, group)


def can_create_group(viewer: Person | AnonymousUser) -> bool:
    return is_signed_in(viewer)


def can_post_announcement(viewer: Person | AnonymousUser) -> bool:
    """Announcements (pinned, must-read) are for leaders and community managers."""
    return is_signed_in(viewer) and bool(
        getattr(viewer, "is_leader", False) or is_community_manager(viewer) or is_admin(viewer)
    )


def can_notify_group_by_mention(viewer: Person | AnonymousUser, group: Group) -> bool:
    """@group notifies its members when the author can see the group; the whole company only
    when a leader or community manager writes, so nobody can page everyone by accident."""
    if not can_see_group_exists(viewer, group):
        return False
    if group.is_company:
        return bool(getattr(viewer, "is_leader", False)) or is_community_manager(viewer)
    return True


def can_view_post(viewer: Person | AnonymousUser, post: Post) -> bool:
    if post.deleted_at is not None:
        return False
    return can_read_group(viewer, post.group)


def can_upload(viewer: Person | AnonymousUser) -> bool:
    """Anyone signed in may upload; an upload only becomes visible by attaching it to a post."""
    return is_signed_in(viewer)


def can_view_upload(viewer: Person | AnonymousUser, upload: Upload) -> bool:
    """An attached file is seen by whoever may see its post; an unattached one by its uploader."""
    if not is_signed_in(viewer):
        return False
    if upload.post_id is None:
        return upload.uploader_id == viewer.pk
    return can_view_post(viewer, upload.post)  # type: ignore[arg-type]


def can_attach_upload(viewer: Person | AnonymousUser, upload: Upload) -> bool:
    """Only the uploader attaches their own upload, and only one not attached yet."""
    return is_signed_in(viewer) and upload.uploader_id == viewer.pk and upload.post_id is None


def can_comment(viewer: Person | AnonymousUser, post: Post) -> bool:
    return can_view_post(viewer, post)


def can_react(viewer: Person | AnonymousUser, post: Post) -> bool:
    return can_view_post(viewer, post)


def can_edit_post(viewer: Person | AnonymousUser, post: Post) -> bool:
    return is_signed_in(viewer) and post.author_id == viewer.pk and post.deleted_at is None


def can_moderate(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer) or is_community_manager(viewer)


def can_delete_post(viewer: Person | AnonymousUser, post: Post) -> bool:
    return can_edit_post(viewer, post) or (
        can_view_post(viewer, post) and (can_moderate(viewer) or is_group_admin(viewer, post.group))
    )


def can_edit_comment(viewer: Person | AnonymousUser, comment: Comment) -> bool:
    return is_signed_in(viewer) and comment.author_id == viewer.pk and comment.deleted_at is None


def can_delete_comment(viewer: Person | AnonymousUser, comment: Comment) -> bool:
    return can_edit_comment(viewer, comment) or can_moderate(viewer)


def can_see_comment_history(viewer: Person | AnonymousUser) -> bool:
    return can_moderate(viewer)


def can_accept_answer(viewer: Person | AnonymousUser, post: Post) -> bool:
    return can_edit_post(viewer, post) and post.kind == "question"


def readable_posts_q(viewer: Person | AnonymousUser) -> Q:
    """The filter every post queryset goes through: live posts in groups the viewer may read."""
    from django.db.models import Q

    if not is_signed_in(viewer):
        return Q(pk__in=[])
    readable = (
        Q(group__is_company=True)
        | Q(group__visibility="open")
        | Q(group_id__in=sorted(member_group_ids(viewer)))
    )
    return readable & Q(deleted_at__isnull=True)


def group_readable_by_everyone(group: Group) -> bool:
    """Company and open groups: every signed-in person may read them (live fan-out, RSS)."""
    return group.is_company or group.visibility == "open"


def posts_readable_by_everyone_q() -> Q:
    """Live posts every signed-in person may read; what session-fetched RSS feeds carry."""
    from django.db.models import Q

    return (Q(group__is_company=True) | Q(group__visibility="open")) & Q(deleted_at__isnull=True)


def post_readers_q(post: Post) -> Q:
    """People (a Person filter) who may read a post: the fan-out list for must-read notices."""
    from django.db.models import Q

    if post.deleted_at is not None:
        return Q(pk__in=[])
    if group_readable_by_everyone(post.group):
        return Q(is_active=True)
    return Q(is_active=True, memberships__group_id=post.group_id)


def can_see_acknowledgements(viewer: Person | AnonymousUser, post: Post) -> bool:
    """Who read a must-read: its author, leaders and moderators see the 'N of M' count."""
    return is_signed_in(viewer) and (
        post.author_id == viewer.pk
        or bool(getattr(viewer, "is_leader", False))
        or can_moderate(viewer)
    )
