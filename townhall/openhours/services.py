"""Every write about open hours: scheduling, questions, votes, screening, answers, summaries.

Side effects (live events, notifications, emails, tasks) leave after the transaction commits.
No notification, live event, email or summary ever names the author of an anonymous question.
"""

from __future__ import annotations

import calendar as month_calendar
import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from townhall.conversations import markdown
from townhall.conversations.models import Post, PostKind
from townhall.groups.models import Group
from townhall.groups.services import company_group
from townhall.live import services as live
from townhall.notifications.models import Kind, Notification
from townhall.notifications.services import notify
from townhall.openhours import permissions as rules
from townhall.openhours.calendar import calendar_for
from townhall.openhours.models import OpenHour, Question, QuestionStatus, Recurrence, Vote
from townhall.people import permissions
from townhall.people.models import Person

logger = logging.getLogger(__name__)

OPEN_HOUR_TARGET = "openhours.openhour"
QUESTION_TARGET = "openhours.question"
MAX_OCCURRENCES = 12
MIN_DURATION = timedelta(minutes=15)
MAX_DURATION = timedelta(hours=8)
MAX_QUESTIONS_PER_PERSON = 20
# The clock job writes the summary this long after a session ends (late answers still count),
# and gives up on sessions that ended longer ago than the window.
SUMMARY_DELAY = timedelta(minutes=5)
SUMMARY_WINDOW = timedelta(days=7)
SUMMARY_JOB = "openhours-summaries"


# --- Helpers ------------------------------------------------------------------------------


def _add_months(moment: datetime, months: int) -> datetime:
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    day = min(moment.day, month_calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def occurrence_starts(starts_at: datetime, recurrence: str, count: int) -> list[datetime]:
    """Start times of a series, at the same UTC time each time (as the .ics RRULE says)."""
    if recurrence == Recurrence.WEEKLY:
        return [starts_at + timedelta(weeks=i) for i in range(count)]
    if recurrence == Recurrence.BIWEEKLY:
        return [starts_at + timedelta(weeks=2 * i) for i in range(count)]
    if recurrence == Recurrence.MONTHLY:
        return [_add_months(starts_at, i) for i in range(count)]
    return [starts_at]


def _to_minute(moment: datetime) -> datetime:
    # Calendars store whole seconds; whole minutes keep the page, the API and the .ics equal.
    return moment.replace(second=0, microsecond=0)


def _validate_times(starts_at: datetime, ends_at: datetime, errors: dict[str, str]) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        errors["starts_at"] = _("Give the time with its time zone.")
        return
    if ends_at <= starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    elif ends_at - starts_at < MIN_DURATION:
        errors["ends_at"] = _("A session lasts at least 15 minutes.")
    elif ends_at - starts_at > MAX_DURATION:
        errors["ends_at"] = _("A session lasts at most 8 hours.")


def _publish_board_change(open_hour_id: int, question_id: int | None = None) -> None:
    """Everyone watching the session refetches its board; the event carries ids only."""
    live.publish_open_hour_event(open_hour_id, question_id)


def _screener_ids(open_hour: OpenHour) -> list[int]:
    candidates = Person.objects.filter(
        Q(is_community_manager=True) | Q(is_admin=True), is_active=True
    ).order_by("pk")
    return [p.pk for p in candidates if rules.can_screen(p, open_hour)]


def _publish_to_screeners(question: Question) -> None:
    """A question awaiting screening: only screeners' pages refresh; nobody else learns of it."""
    for person_id in _screener_ids(question.open_hour):
        live.publish_to_person(
            person_id,
            "openhour",
            {"open_hour_id": question.open_hour_id, "question_id": question.pk},
        )


def _notify_host_of_question(question: Question) -> None:
    """One unread notification per session stands for every new question (the batch)."""
    open_hour = question.open_hour
    if question.author_id == open_hour.host_id:
        return
    waiting = Notification.objects.filter(
        recipient_id=open_hour.host_id,
        kind=Kind.OPEN_HOUR_QUESTION,
        target_type=OPEN_HOUR_TARGET,
        target_id=open_hour.pk,
        read_at__isnull=True,
    ).exists()
    if not waiting:
        notify(
            recipient=open_hour.host,
            kind=Kind.OPEN_HOUR_QUESTION,
            target_type=OPEN_HOUR_TARGET,
            target_id=open_hour.pk,
        )


def _lock_question(question: Question) -> Question:
    """The current row, locked, with the session the caller already holds."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    locked.open_hour = question.open_hour
    return locked


def _recount_votes(question: Question) -> None:
    question.vote_count = Vote.objects.filter(question=question).count()
    question.save(update_fields=["vote_count"])


# --- Sessions -------------------------------------------------------------------------------


@transaction.atomic
def schedule_open_hour(
    *,
    actor: Person,
    host: Person,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    audience: Group | None = None,
    description: str = "",
    article: Post | None = None,
    recurrence: str = Recurrence.NONE,
    occurrences: int = 1,
    allow_anonymous: bool = True,
) -> OpenHour:
    """Schedule a session (or a series, created up front); the host gets the .ics by email."""
    if not rules.can_schedule_for(actor, host):
        raise PermissionDenied
    audience = audience or company_group()
    starts_at, ends_at = _to_minute(starts_at), _to_minute(ends_at)
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Give the session a title.")
    _validate_times(starts_at, ends_at, errors)
    if not errors and ends_at <= timezone.now():
        errors["starts_at"] = _("Choose a time in the future.")
    if recurrence not in Recurrence.values:
        errors["recurrence"] = _("Choose how the session repeats.")
    elif recurrence == Recurrence.NONE:
        occurrences = 1
    elif not 2 <= occurrences <= MAX_OCCURRENCES:
        errors["occurrences"] = _("A series has between 2 and 12 sessions.")
    if recurrence == Recurrence.MONTHLY and "starts_at" not in errors and starts_at.day > 28:
        errors["starts_at"] = _("Monthly sessions start on day 1 to 28 of the month.")
    if not permissions.can_read_group(actor, audience):
        errors["audience"] = _("Choose a group you can read.")
    elif not permissions.can_post_in_group(host, audience):
        errors["audience"] = _("The host must be a member of the audience group.")
    if article is not None and not permissions.can_view_post(actor, article):
        errors["article"] = _("There is no such post.")
    if errors:
        raise ValidationError(errors)
    starts = occurrence_starts(starts_at, recurrence, occurrences)
    series_id = uuid.uuid4() if len(starts) > 1 else None
    created = [
        OpenHour.objects.create(
            host=host,
            created_by=actor,
            title=title[:200],
            description=description.strip(),
            article=article,
            starts_at=start,
            ends_at=start + (ends_at - starts_at),
            audience=audience,
            recurrence=recurrence,
            series_id=series_id,
            allow_anonymous=allow_anonymous,
        )
        for start in starts
    ]
    first = created[0]
    transaction.on_commit(lambda: _enqueue_invite(first.pk))
    return first


def _enqueue_invite(open_hour_id: int) -> None:
    from townhall.openhours.tasks import send_invite

    send_invite.enqueue(open_hour_id=open_hour_id)


@transaction.atomic
def update_open_hour(
    *,
    actor: Person,
    open_hour: OpenHour,
    title: str | None = None,
    description: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    allow_anonymous: bool | None = None,
) -> OpenHour:
    """Change a session (only what is given); a new time re-sends the host's invite."""
    if not rules.can_manage_open_hour(actor, open_hour):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if open_hour.cancelled_at is not None:
        raise ValidationError(_("This open hour was cancelled."))
    fields: list[str] = []
    if title is not None:
        title = " ".join(title.split())
        if not title:
            errors["title"] = _("Give the session a title.")
        open_hour.title = title[:200]
        fields.append("title")
    if description is not None:
        open_hour.description = description.strip()
        fields.append("description")
    if allow_anonymous is not None:
        open_hour.allow_anonymous = allow_anonymous
        fields.append("allow_anonymous")
    new_start = _to_minute(starts_at) if starts_at else open_hour.starts_at
    new_end = _to_minute(ends_at) if ends_at else open_hour.ends_at
    retimed = (new_start, new_end) != (open_hour.starts_at, open_hour.ends_at)
    if retimed:
        if open_hour.has_ended:
            errors["starts_at"] = _("An open hour that has ended cannot move.")
        _validate_times(new_start, new_end, errors)
        open_hour.starts_at, open_hour.ends_at = new_start, new_end
        open_hour.sequence += 1
        fields += ["starts_at", "ends_at", "sequence"]
    if errors:
        raise ValidationError(errors)
    if fields:
        open_hour.save(update_fields=fields)
        _publish_board_change(open_hour.pk)
    if retimed:
        pk = open_hour.pk
        transaction.on_commit(lambda: _enqueue_invite(pk))
    return open_hour


@transaction.atomic
def cancel_open_hour(*, actor: Person, open_hour: OpenHour) -> OpenHour:
    """Call a session off before it ends; its questions stay readable."""
    if not rules.can_manage_open_hour(actor, open_hour):
        raise PermissionDenied
    if open_hour.cancelled_at is not None:
        return open_hour
    if open_hour.has_ended:
        raise ValidationError(_("An open hour that has ended cannot be cancelled."))
    open_hour.cancelled_at = timezone.now()
    open_hour.save(update_fields=["cancelled_at"])
    _publish_board_change(open_hour.pk)
    return open_hour


# --- Questions and votes --------------------------------------------------------------------


@transaction.atomic
def ask_question(
    *, author: Person, open_hour: OpenHour, text: str, anonymous: bool = False
) -> Question:
    """Ask; an anonymous question waits for a community manager before anyone else sees it."""
    if not rules.can_view_open_hour(author, open_hour):
        raise PermissionDenied
    if not rules.is_accepting_questions(open_hour):
        raise ValidationError({"text": _("This open hour has ended; it takes no more questions.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your question first.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Keep your question under 2,000 characters.")})
    if anonymous and not open_hour.allow_anonymous:
        raise ValidationError({"anonymous": _("This open hour does not take anonymous questions.")})
    asked = Question.objects.filter(open_hour=open_hour, author=author).count()
    if asked >= MAX_QUESTIONS_PER_PERSON:
        raise ValidationError({"text": _("You have asked the most questions one person may.")})
    question = Question.objects.create(
        open_hour=open_hour,
        author=author,
        is_anonymous=anonymous,
        text=text,
        status=QuestionStatus.PENDING if anonymous else QuestionStatus.VISIBLE,
    )
    if question.is_pending:
        transaction.on_commit(lambda: _publish_to_screeners(question))
    else:
        _notify_host_of_question(question)
        _publish_board_change(open_hour.pk, question.pk)
    return question


@transaction.atomic
def screen_question(*, actor: Person, question: Question, approve: bool) -> Question:
    """A community manager lets an anonymous question through, or turns it down."""
    if not rules.can_screen(actor, question.open_hour):
        raise PermissionDenied
    question = _lock_question(question)
    if question.status != QuestionStatus.PENDING:
        raise ValidationError(_("This question was screened already."))
    question.status = QuestionStatus.VISIBLE if approve else QuestionStatus.REJECTED
    question.screened_by = actor
    question.screened_at = timezone.now()
    question.save(update_fields=["status", "screened_by", "screened_at"])
    if approve:
        _notify_host_of_question(question)
        _publish_board_change(question.open_hour_id, question.pk)
    else:
        transaction.on_commit(lambda: _publish_to_screeners(question))
    return question


@transaction.atomic
def vote(*, person: Person, question: Question) -> Question:
    """Up-vote an open question; voting twice changes nothing."""
    if not rules.can_see_question(person, question):
        raise PermissionDenied
    if question.author_id == person.pk:
        raise ValidationError(_("You cannot vote for your own question."))
    if not rules.can_vote(person, question):
        raise ValidationError(_("This question takes no more votes."))
    question = _lock_question(question)
    try:
        with transaction.atomic():
            _vote, created = Vote.objects.get_or_create(question=question, person=person)
    except IntegrityError:  # the same person from two tabs at once
        created = False
    if created:
        _recount_votes(question)
        _publish_board_change(question.open_hour_id, question.pk)
    return question


@transaction.atomic
def unvote(*, person: Person, question: Question) -> Question:
    """Take an up-vote back (to move it to another question, vote there)."""
    if not rules.can_see_question(person, question):
        raise PermissionDenied
    if not rules.is_accepting_questions(question.open_hour):
        raise ValidationError(_("This open hour has ended; votes are final."))
    question = _lock_question(question)
    deleted, _rows = Vote.objects.filter(question=question, person=person).delete()
    if deleted:
        _recount_votes(question)
        _publish_board_change(question.open_hour_id, question.pk)
    return question


@transaction.atomic
def merge_questions(*, actor: Person, duplicate: Question, into: Question) -> Question:
    """Fold a duplicate into another question; each voter counts once, the duplicate's asker
    hears about the answer too."""
    open_hour = into.open_hour
    if not rules.can_answer(actor, open_hour):
        raise PermissionDenied
    if duplicate.open_hour_id != into.open_hour_id:
        raise ValidationError({"into": _("Both questions must belong to the same open hour.")})
    if duplicate.pk == into.pk:
        raise ValidationError({"into": _("A question cannot be merged into itself.")})
    duplicate, into = _lock_question(duplicate), _lock_question(into)
    if duplicate.status != QuestionStatus.VISIBLE:
        raise ValidationError({"duplicate": _("Only open questions can be merged.")})
    if into.status not in (QuestionStatus.VISIBLE, QuestionStatus.ANSWERED):
        raise ValidationError({"into": _("Merge into an open or answered question.")})
    already = set(Vote.objects.filter(question=into).values_list("person_id", flat=True))
    already.add(into.author_id)
    moving = Vote.objects.filter(question=duplicate)
    moving.exclude(person_id__in=sorted(already)).update(question=into)
    moving.delete()  # what is left voted for both, or asked `into`
    Question.objects.filter(merged_into=duplicate).update(merged_into=into)
    duplicate.status = QuestionStatus.MERGED
    duplicate.merged_into = into
    duplicate.vote_count = 0
    duplicate.save(update_fields=["status", "merged_into", "vote_count"])
    _recount_votes(into)
    _publish_board_change(open_hour.pk, into.pk)
    return into


@transaction.atomic
def answer_question(*, actor: Person, question: Question, body: str) -> Question:
    """The host (or a community manager) answers; askers and voters hear about it once."""
    if not rules.can_answer(actor, question.open_hour):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your answer first.")})
    if len(body) > 20_000:
        raise ValidationError({"body": _("Keep your answer under 20,000 characters.")})
    question = _lock_question(question)
    if question.status not in (
        QuestionStatus.VISIBLE,
        QuestionStatus.CLOSED,
        QuestionStatus.ANSWERED,
    ):
        raise ValidationError({"body": _("This question cannot be answered.")})
    first_answer = question.status != QuestionStatus.ANSWERED
    question.status = QuestionStatus.ANSWERED
    question.answer = body
    question.answer_html = markdown.render(body).html
    question.answered_by = actor
    question.answered_at = timezone.now() if first_answer else question.answered_at
    question.close_reason = ""
    question.save(
        update_fields=[
            "status",
            "answer",
            "answer_html",
            "answered_by",
            "answered_at",
            "close_reason",
        ]
    )
    _publish_board_change(question.open_hour_id, question.pk)
    if first_answer:
        pk = question.pk
        transaction.on_commit(lambda: _enqueue_answer_notices(pk))
    return question


def _enqueue_answer_notices(question_id: int) -> None:
    from townhall.openhours.tasks import notify_question_answered

    notify_question_answered.enqueue(question_id=question_id)


@transaction.atomic
def close_question(*, actor: Person, question: Question, reason: str) -> Question:
    """Take an unanswered question off the list, saying why."""
    if not rules.can_answer(actor, question.open_hour):
        raise PermissionDenied
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why you close this question.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    question = _lock_question(question)
    if question.status not in (QuestionStatus.VISIBLE, QuestionStatus.CLOSED):
        raise ValidationError({"reason": _("Only open questions can be closed.")})
    question.status = QuestionStatus.CLOSED
    question.close_reason = reason
    question.save(update_fields=["status", "close_reason"])
    _publish_board_change(question.open_hour_id, question.pk)
    return question


# --- Notifications and email (run from tasks) -------------------------------------------------


def answer_recipients(question: Question) -> list[Person]:
    """Who asked (this question or a duplicate merged into it) or up-voted, and may still see it."""
    ids = {question.author_id}
    ids.update(Vote.objects.filter(question=question).values_list("person_id", flat=True))
    ids.update(Question.objects.filter(merged_into=question).values_list("author_id", flat=True))
    people = Person.objects.filter(pk__in=sorted(ids), is_active=True).order_by("pk")
    return [p for p in people if rules.can_see_question(p, question)]


def notify_question_answered(*, question_id: int) -> int:
    """Tell askers and voters a question was answered; returns how many were notified."""
    question = (
        Question.objects.select_related("open_hour__host", "open_hour__audience", "answered_by")
        .filter(pk=question_id, status=QuestionStatus.ANSWERED)
        .first()
    )
    if question is None:
        return 0
    sent = 0
    for person in answer_recipients(question):
        notice = notify(
            recipient=person,
            kind=Kind.QUESTION_ANSWERED,
            actor=question.answered_by,  # type: ignore[arg-type]
            target_type=QUESTION_TARGET,
            target_id=question.pk,
        )
        sent += notice is not None
    return sent


def _language(person: Person) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


def series_rest(open_hour: OpenHour) -> list[OpenHour] | None:
    """The later sessions of the session's series, or None for a single session."""
    if open_hour.series_id is None:
        return None
    return list(
        OpenHour.objects.filter(
            series_id=open_hour.series_id, starts_at__gt=open_hour.starts_at
        ).order_by("starts_at")
    )


def send_invite(*, open_hour_id: int) -> bool:
    """Email the host the session's .ics (the whole series for a recurring one)."""
    open_hour = OpenHour.objects.select_related("host").filter(pk=open_hour_id).first()
    if open_hour is None or open_hour.has_ended:
        return False  # cancelled, or over before the worker got to it
    host = open_hour.host
    if not host.is_active or not host.email:
        return False
    ics = calendar_for(open_hour, series_rest=series_rest(open_hour), method="REQUEST")
    context = {
        "person": host,
        "open_hour": open_hour,
        "url": settings.SITE_URL.rstrip("/") + open_hour.get_absolute_url(),
    }
    with translation.override(_language(host)):
        subject = render_to_string("openhours/email/invite_subject.txt", context)
        body = render_to_string("openhours/email/invite.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[host.email],
    )
    message.attach("open-hour.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
    return bool(message.send())


# --- Summaries ------------------------------------------------------------------------------


def _quiet(text: str) -> str:
    """Quoted questions and answers must not @mention anyone again from the summary post."""
    return text.replace("@", "&#64;")


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in _quiet(text).splitlines())


def summary_text(open_hour: OpenHour, questions: list[Question]) -> tuple[str, str]:
    """Title and Markdown body of a summary; never names who asked."""
    answered = [q for q in questions if q.status == QuestionStatus.ANSWERED]
    unanswered = sum(1 for q in questions if q.status == QuestionStatus.VISIBLE)
    closed = sum(1 for q in questions if q.status == QuestionStatus.CLOSED)
    title = _("Open hour summary: %(title)s") % {"title": open_hour.title}
    parts = [
        _("The open hour “%(title)s” has ended. Here is every question that was answered.")
        % {"title": _quiet(open_hour.title)},
        "",
    ]
    for number, question in enumerate(answered, start=1):
        # Outside the f-string, or xgettext never sees the message.
        heading = _("Question %(number)s") % {"number": number}
        parts += [
            f"**{heading}**",
            "",
            _quote(question.text),
            "",
            _quiet(question.answer),
            "",
        ]
    if not answered:
        parts += [_("No questions were answered during the session."), ""]
    counts = [
        _("Answered: %(count)s") % {"count": len(answered)},
        _("Still unanswered: %(count)s") % {"count": unanswered},
    ]
    if closed:
        counts.append(_("Closed: %(count)s") % {"count": closed})
    parts += ["---", "", " · ".join(counts), ""]
    url = settings.SITE_URL.rstrip("/") + open_hour.get_absolute_url()
    parts.append(f"[{_('Read every question and answer')}]({url})")
    return title, "\n".join(parts).strip()


@transaction.atomic
def publish_summary(*, open_hour: OpenHour) -> Post | None:
    """Post the summary of an ended session in its audience group, as the host; once only.

    A session nobody asked anything in gets no post. Returns the summary post.
    """
    locked = OpenHour.objects.select_for_update().get(pk=open_hour.pk)
    if locked.summarised_at is not None:
        return locked.summary_post
    if locked.cancelled_at is not None or not locked.has_ended:
        raise ValidationError(_("Only an open hour that has ended gets a summary."))
    session = OpenHour.objects.select_related("host", "audience").get(pk=locked.pk)
    questions = list(
        Question.objects.filter(
            open_hour=session,
            status__in=[QuestionStatus.ANSWERED, QuestionStatus.VISIBLE, QuestionStatus.CLOSED],
        ).order_by("-vote_count", "created_at", "id")
    )
    post = None
    if questions:
        host = session.host
        with translation.override(_language(host)):
            title, body = summary_text(session, questions)
        from townhall.conversations.services import publish_post

        try:
            post = publish_post(
                author=host, body=body, kind=PostKind.ARTICLE, group=session.audience, title=title
            )
        except PermissionDenied:
            # The host left the audience group or the company; nobody can post for them.
            logger.warning("open hour %s: host may not post its summary", session.pk)
    locked.summary_post = post
    locked.summarised_at = timezone.now()
    locked.save(update_fields=["summary_post", "summarised_at"])
    open_hour.summary_post, open_hour.summarised_at = post, locked.summarised_at
    _publish_board_change(session.pk)
    return post


def due_summaries(now: datetime) -> list[int]:
    """Sessions that ended a little while ago and have no summary yet."""
    return list(
        OpenHour.objects.filter(
            summarised_at__isnull=True,
            cancelled_at__isnull=True,
            ends_at__lte=now - SUMMARY_DELAY,
            ends_at__gte=now - SUMMARY_WINDOW,
        )
        .order_by("ends_at")
        .values_list("pk", flat=True)[:100]
    )


def enqueue_due_summaries(now: datetime) -> list[int]:
    """The clock job: enqueue each due summary once per hour across processes (a failed one,
    e.g. rate-limited, is tried again the next hour)."""
    from townhall.notifications.scheduler import claim_period
    from townhall.openhours.tasks import publish_summary as publish_summary_task

    queued = []
    for pk in due_summaries(now):
        if claim_period(SUMMARY_JOB, f"{pk}:{now:%Y-%m-%dT%H}"):
            publish_summary_task.enqueue(open_hour_id=pk)
            queued.append(pk)
    return queued
