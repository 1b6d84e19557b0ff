"""How open-hour notifications read in the bell, the list and emails, per viewer.

Neither describer ever names who asked a question: only the question's text and the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from townhall.notifications.models import Kind
from townhall.notifications.targets import TargetView
from townhall.openhours import permissions as rules
from townhall.openhours.models import OpenHour, Question, QuestionStatus

if TYPE_CHECKING:
    from townhall.notifications.models import Notification
    from townhall.people.models import Person

SNIPPET_CHARS = 140
GONE = TargetView(text="", url="", accessible=False)


def describe_open_hour(notification: Notification, viewer: Person) -> TargetView:
    """New questions for the host's session (one notification stands for a batch)."""
    open_hour = (
        OpenHour.objects.select_related("audience", "host")
        .filter(pk=notification.target_id or 0)
        .first()
    )
    if open_hour is None or not rules.can_view_open_hour(viewer, open_hour):
        return GONE
    url = open_hour.get_absolute_url()
    if notification.kind == Kind.OPEN_HOUR_QUESTION:
        waiting = Question.objects.filter(
            open_hour=open_hour, status=QuestionStatus.VISIBLE
        ).count()
        text = _("New questions for your open hour “%(title)s”") % {"title": open_hour.title}
        snippet = _("%(count)s waiting for an answer") % {"count": waiting}
        return TargetView(text=text, url=url, snippet=snippet)
    text = _("%(host)s holds an open hour: %(title)s") % {
        "host": open_hour.host.display_name,
        "title": open_hour.title,
    }
    return TargetView(text=text, url=url)


def describe_question(notification: Notification, viewer: Person) -> TargetView:
    """An answer to a question the viewer asked or up-voted."""
    question = (
        Question.objects.select_related("open_hour__audience", "open_hour__host", "answered_by")
        .filter(pk=notification.target_id or 0)
        .first()
    )
    if question is None or not rules.can_see_question(viewer, question):
        return GONE
    who = question.answered_by.display_name if question.answered_by else _("The host")
    if question.author_id == viewer.pk:
        text = _("%(name)s answered your question in “%(title)s”")
    else:
        text = _("%(name)s answered a question you voted for in “%(title)s”")
    text = text % {"name": who, "title": question.open_hour.title}
    snippet = Truncator(question.text).chars(SNIPPET_CHARS)
    return TargetView(text=text, url=question.get_absolute_url(), snippet=snippet)
