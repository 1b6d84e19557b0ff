"""Who may see, schedule, ask in, vote in, answer and screen open hours.

Built on `townhall.people.permissions`; every page, API call, notification, email and live
stream asks these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from townhall.people import permissions

if TYPE_CHECKING:
    from townhall.openhours.models import OpenHour, Question
    from townhall.people.models import Person


def can_view_open_hour(viewer: Person | AnonymousUser, open_hour: OpenHour) -> bool:
    """A session is for whoever may read its audience group (and its host)."""
    if not permissions.is_signed_in(viewer):
        return False
    return viewer.pk == open_hour.host_id or permissions.can_read_group(viewer, open_hour.audience)


def can_host(person: Person) -> bool:
    """Only active leaders host open hours."""
    return bool(person.is_active and person.is_leader)


def can_schedule_for(viewer: Person | AnonymousUser, host: Person) -> bool:
    """Leaders schedule their own sessions; community managers schedule for any leader."""
    if not permissions.is_signed_in(viewer) or not can_host(host):
        return False
    return viewer.pk == host.pk or permissions.is_community_manager(viewer)


def can_schedule(viewer: Person | AnonymousUser) -> bool:
    """Whether to offer "Schedule an open hour" at all."""
    if not permissions.is_signed_in(viewer):
        return False
    return bool(getattr(viewer, "is_leader", False)) or permissions.is_community_manager(viewer)


def can_pick_host(viewer: Person | AnonymousUser) -> bool:
    return permissions.is_community_manager(viewer)


def can_manage_open_hour(viewer: Person | AnonymousUser, open_hour: OpenHour) -> bool:
    """Edit, cancel, answer, merge and close: the host and community managers."""
    if not can_view_open_hour(viewer, open_hour):
        return False
    return viewer.pk == open_hour.host_id or permissions.is_community_manager(viewer)


def can_answer(viewer: Person | AnonymousUser, open_hour: OpenHour) -> bool:
    return can_manage_open_hour(viewer, open_hour)


def can_screen(viewer: Person | AnonymousUser, open_hour: OpenHour) -> bool:
    """Anonymous questions are screened by community managers (and admins)."""
    if not can_view_open_hour(viewer, open_hour):
        return False
    return permissions.is_community_manager(viewer) or permissions.is_admin(viewer)


def is_accepting_questions(open_hour: OpenHour) -> bool:
    return not open_hour.has_ended


def can_ask(viewer: Person | AnonymousUser, open_hour: OpenHour) -> bool:
    """Anyone who may see the session, until it ends."""
    return is_accepting_questions(open_hour) and can_view_open_hour(viewer, open_hour)


def can_vote(viewer: Person | AnonymousUser, question: Question) -> bool:
    """Up-votes on open questions of a session that has not ended; not on one's own."""
    from townhall.openhours.models import QuestionStatus

    return (
        question.status == QuestionStatus.VISIBLE
        and question.author_id != viewer.pk
        and can_ask(viewer, question.open_hour)
    )


def can_see_question(viewer: Person | AnonymousUser, question: Question) -> bool:
    """Screened questions for the session's audience; pending and rejected ones only for their
    author and the screeners."""
    from townhall.openhours.models import PUBLIC_STATUSES

    if not can_view_open_hour(viewer, question.open_hour):
        return False
    if question.status in PUBLIC_STATUSES:
        return True
    return question.author_id == viewer.pk or can_screen(viewer, question.open_hour)


def shows_author(question: Question) -> bool:
    """Whether anyone at all may be shown who asked: never for anonymous questions."""
    return not question.is_anonymous
