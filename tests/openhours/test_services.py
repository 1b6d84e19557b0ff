"""Open-hour services: scheduling, asking, screening, voting, merging, answering, closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from tests.factories import PersonFactory
from tests.openhours.conftest import ask
from townhall.notifications.models import Kind, Notification
from townhall.openhours import selectors, services
from townhall.openhours.models import OpenHour, QuestionStatus, Recurrence, Vote

pytestmark = pytest.mark.django_db


# --- Scheduling -----------------------------------------------------------------------------


def test_leader_schedules_their_own_open_hour(leader, schedule):
    open_hour = schedule(title="Q3 plans")
    assert open_hour.host == leader and open_hour.created_by == leader
    assert open_hour.state == "upcoming"
    assert open_hour.audience.is_company


def test_member_cannot_schedule_an_open_hour(member, schedule):
    with pytest.raises(PermissionDenied):
        schedule(member)
    assert not OpenHour.objects.exists()


def test_community_manager_schedules_for_a_leader(leader, community_manager, schedule):
    open_hour = schedule(leader, actor=community_manager)
    assert open_hour.host == leader and open_hour.created_by == community_manager


def test_community_manager_cannot_make_a_non_leader_host(member, community_manager, schedule):
    with pytest.raises(PermissionDenied):
        schedule(member, actor=community_manager)


def test_leader_cannot_schedule_for_another_leader(leader, company, schedule):
    other = PersonFactory(roles=["leader"], primary_unit=company)
    with pytest.raises(PermissionDenied):
        schedule(other, actor=leader)


def test_session_must_end_after_it_starts(schedule):
    with pytest.raises(ValidationError) as exc:
        schedule(minutes=-30)
    assert "ends_at" in exc.value.message_dict
    assert not OpenHour.objects.exists()


def test_session_cannot_be_scheduled_in_the_past(schedule):
    with pytest.raises(ValidationError) as exc:
        schedule(start_in=timedelta(hours=-3))
    assert "starts_at" in exc.value.message_dict


def test_host_must_belong_to_the_audience_group(leader, member, company, schedule):
    from townhall.groups.services import create_group

    group = create_group(actor=member, name="Knitting", visibility="open")
    with pytest.raises(ValidationError) as exc:
        schedule(audience=group)
    assert "audience" in exc.value.message_dict


def test_weekly_series_is_created_up_front_with_one_series_id(schedule):
    first = schedule(recurrence=Recurrence.WEEKLY, occurrences=4)
    series = list(OpenHour.objects.filter(series_id=first.series_id).order_by("starts_at"))
    assert len(series) == 4 and first.series_id is not None
    gaps = {b.starts_at - a.starts_at for a, b in zip(series, series[1:], strict=False)}
    assert gaps == {timedelta(weeks=1)}


def test_every_two_weeks_series_is_two_weeks_apart(schedule):
    first = schedule(recurrence=Recurrence.BIWEEKLY, occurrences=3)
    starts = list(
        OpenHour.objects.filter(series_id=first.series_id).values_list("starts_at", flat=True)
    )
    assert starts[2] - starts[0] == timedelta(weeks=4)


def test_monthly_series_keeps_the_day_of_the_month():
    start = timezone.now().replace(day=15, hour=9, minute=0, second=0, microsecond=0)
    starts = services.occurrence_starts(start, Recurrence.MONTHLY, 3)
    assert [s.day for s in starts] == [15, 15, 15]
    assert len({s.month for s in starts}) == 3


def test_series_needs_between_two_and_twelve_sessions(schedule):
    with pytest.raises(ValidationError) as exc:
        schedule(recurrence=Recurrence.WEEKLY, occurrences=13)
    assert "occurrences" in exc.value.message_dict


def test_host_can_change_the_title_and_time(leader, schedule):
    open_hour = schedule()
    later = open_hour.starts_at + timedelta(days=1)
    services.update_open_hour(
        actor=leader,
        open_hour=open_hour,
        title="New",
        starts_at=later,
        ends_at=later + timedelta(hours=1),
    )
    open_hour.refresh_from_db()
    assert open_hour.title == "New" and open_hour.starts_at == later
    assert open_hour.sequence == 1


def test_member_cannot_change_an_open_hour(member, schedule):
    open_hour = schedule()
    with pytest.raises(PermissionDenied):
        services.update_open_hour(actor=member, open_hour=open_hour, title="Mine now")


def test_cancelled_session_takes_no_questions(leader, member, schedule):
    open_hour = schedule()
    services.cancel_open_hour(actor=leader, open_hour=open_hour)
    with pytest.raises(ValidationError):
        ask(member, open_hour)
    assert selectors.upcoming_open_hours(member) == []


# --- Asking and screening -------------------------------------------------------------------


def test_question_is_visible_at_once_and_notifies_the_host(leader, member, schedule):
    open_hour = schedule()
    question = ask(member, open_hour, "What about remote work?")
    assert question.status == QuestionStatus.VISIBLE
    [notice] = Notification.objects.filter(recipient=leader)
    assert notice.kind == Kind.OPEN_HOUR_QUESTION and notice.actor is None


def test_many_questions_make_one_unread_notification_for_the_host(leader, member, owner, schedule):
    open_hour = schedule()
    ask(member, open_hour, "One")
    ask(owner, open_hour, "Two")
    assert Notification.objects.filter(recipient=leader).count() == 1


def test_anonymous_question_waits_for_screening_and_does_not_notify_the_host(
    leader, asker, schedule
):
    open_hour = schedule()
    question = ask(asker, open_hour, "Is the reorg real?", anonymous=True)
    assert question.status == QuestionStatus.PENDING
    assert not Notification.objects.filter(recipient=leader).exists()


def test_anonymous_question_is_refused_when_the_session_does_not_allow_it(asker, schedule):
    open_hour = schedule(allow_anonymous=False)
    with pytest.raises(ValidationError) as exc:
        ask(asker, open_hour, anonymous=True)
    assert "anonymous" in exc.value.message_dict


def test_pending_question_is_hidden_from_the_host_and_members(leader, member, asker, schedule):
    open_hour = schedule()
    ask(asker, open_hour, "Secret worry", anonymous=True)
    for viewer in (leader, member):
        board = selectors.board_for(viewer, open_hour)
        assert board.queue == [] and board.screening == []


def test_community_manager_sees_pending_questions_to_screen(community_manager, asker, schedule):
    open_hour = schedule()
    question = ask(asker, open_hour, "Secret worry", anonymous=True)
    board = selectors.board_for(community_manager, open_hour)
    assert [q.pk for q in board.screening] == [question.pk]


def test_author_sees_their_own_pending_question(asker, schedule):
    open_hour = schedule()
    question = ask(asker, open_hour, "Secret worry", anonymous=True)
    assert [q.pk for q in selectors.board_for(asker, open_hour).mine_waiting] == [question.pk]


def test_approved_question_appears_and_notifies_the_host(
    leader, member, community_manager, asker, schedule
):
    open_hour = schedule()
    question = ask(asker, open_hour, "Secret worry", anonymous=True)
    services.screen_question(actor=community_manager, question=question, approve=True)
    assert [q.pk for q in selectors.board_for(member, open_hour).queue] == [question.pk]
    assert Notification.objects.filter(recipient=leader, kind=Kind.OPEN_HOUR_QUESTION).exists()


def test_rejected_question_never_appears(member, community_manager, asker, schedule):
    open_hour = schedule()
    question = ask(asker, open_hour, "Rude", anonymous=True)
    services.screen_question(actor=community_manager, question=question, approve=False)
    assert selectors.board_for(member, open_hour).queue == []
    assert selectors.board_for(asker, open_hour).mine_waiting[0].status == QuestionStatus.REJECTED


def test_host_cannot_screen_anonymous_questions(leader, asker, schedule):
    open_hour = schedule()
    question = ask(asker, open_hour, anonymous=True)
    with pytest.raises(PermissionDenied):
        services.screen_question(actor=leader, question=question, approve=True)


def test_admin_may_screen(admin, asker, schedule):
    open_hour = schedule()
    question = ask(asker, open_hour, anonymous=True)
    services.screen_question(actor=admin, question=question, approve=True)
    question.refresh_from_db()
    assert question.status == QuestionStatus.VISIBLE


def test_empty_question_is_refused(member, schedule):
    with pytest.raises(ValidationError) as exc:
        ask(member, schedule(), "   ")
    assert "text" in exc.value.message_dict


def test_outsider_cannot_ask_in_a_private_group_session(outsider, private_group, schedule):
    open_hour = schedule(audience=private_group)
    with pytest.raises(PermissionDenied):
        ask(outsider, open_hour)


def test_nobody_can_ask_after_the_session_ended(member, schedule):
    open_hour = schedule()
    with freeze_time(open_hour.ends_at + timedelta(minutes=1)), pytest.raises(ValidationError):
        ask(member, open_hour)


# --- Votes ----------------------------------------------------------------------------------


def test_vote_counts_once_per_person(leader, member, owner, schedule):
    question = ask(owner, schedule())
    services.vote(person=member, question=question)
    services.vote(person=member, question=question)
    question.refresh_from_db()
    assert question.vote_count == 1


def test_vote_can_be_taken_back(member, owner, schedule):
    question = ask(owner, schedule())
    services.vote(person=member, question=question)
    services.unvote(person=member, question=question)
    question.refresh_from_db()
    assert question.vote_count == 0


def test_nobody_votes_for_their_own_question(member, schedule):
    question = ask(member, schedule())
    with pytest.raises(ValidationError):
        services.vote(person=member, question=question)


def test_pending_question_takes_no_votes(member, asker, schedule):
    question = ask(asker, schedule(), anonymous=True)
    with pytest.raises(PermissionDenied):
        services.vote(person=member, question=question)


def test_votes_are_final_after_the_session(member, owner, schedule):
    open_hour = schedule()
    question = ask(owner, open_hour)
    with freeze_time(open_hour.ends_at + timedelta(minutes=1)), pytest.raises(ValidationError):
        services.vote(person=member, question=question)


# --- Merging, answering, closing ------------------------------------------------------------


def test_merge_combines_votes_without_counting_anyone_twice(leader, company, schedule):
    open_hour = schedule()
    a, b, c, d = (PersonFactory(primary_unit=company) for _ in range(4))
    keep = ask(a, open_hour, "Salaries in 2026?")
    dupe = ask(b, open_hour, "Will salaries go up next year?")
    services.vote(person=c, question=keep)
    services.vote(person=c, question=dupe)  # voted for both: counts once
    services.vote(person=d, question=dupe)
    services.vote(person=a, question=dupe)  # the asker of `keep` gains nothing
    merged = services.merge_questions(actor=leader, duplicate=dupe, into=keep)
    dupe.refresh_from_db()
    assert merged.vote_count == 2
    assert set(Vote.objects.filter(question=keep).values_list("person", flat=True)) == {c.pk, d.pk}
    assert dupe.status == QuestionStatus.MERGED and dupe.merged_into == keep


def test_questions_of_different_sessions_cannot_merge(leader, member, owner, schedule):
    one = ask(member, schedule())
    other = ask(owner, schedule())
    with pytest.raises(ValidationError):
        services.merge_questions(actor=leader, duplicate=one, into=other)


def test_member_cannot_merge(member, owner, schedule):
    open_hour = schedule()
    one, two = ask(member, open_hour, "a"), ask(owner, open_hour, "b")
    with pytest.raises(PermissionDenied):
        services.merge_questions(actor=member, duplicate=one, into=two)


def test_host_answers_and_the_question_moves_to_answered(leader, member, schedule):
    open_hour = schedule()
    question = ask(member, open_hour, "Roadmap?")
    services.answer_question(actor=leader, question=question, body="**Soon.**")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer_html == "<p><strong>Soon.</strong></p>\n"
    assert question.answered_by == leader and question.answered_at is not None
    board = selectors.board_for(member, open_hour)
    assert board.queue == [] and [q.pk for q in board.answered] == [question.pk]


def test_empty_answer_is_refused_and_nothing_changes(leader, member, schedule):
    question = ask(member, schedule())
    with pytest.raises(ValidationError):
        services.answer_question(actor=leader, question=question, body=" ")
    question.refresh_from_db()
    assert question.status == QuestionStatus.VISIBLE


def test_member_cannot_answer(member, owner, schedule):
    question = ask(owner, schedule())
    with pytest.raises(PermissionDenied):
        services.answer_question(actor=member, question=question, body="I know!")


def test_community_manager_may_answer_for_the_host(community_manager, member, schedule):
    question = ask(member, schedule())
    services.answer_question(actor=community_manager, question=question, body="Noted.")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


def test_answer_notifies_asker_and_voters_not_the_host(
    leader, member, owner, company, schedule, commit, run_tasks
):
    open_hour = schedule()
    question = ask(member, open_hour)
    services.vote(person=owner, question=question)
    with commit():
        services.answer_question(actor=leader, question=question, body="Yes")
    run_tasks()
    notified = set(
        Notification.objects.filter(kind=Kind.QUESTION_ANSWERED).values_list("recipient", flat=True)
    )
    assert notified == {member.pk, owner.pk}


def test_answer_reaches_the_asker_of_a_merged_duplicate(
    leader, member, owner, schedule, commit, run_tasks
):
    open_hour = schedule()
    keep, dupe = ask(member, open_hour, "a"), ask(owner, open_hour, "b")
    services.merge_questions(actor=leader, duplicate=dupe, into=keep)
    with commit():
        services.answer_question(actor=leader, question=keep, body="Yes")
    run_tasks()
    assert Notification.objects.filter(recipient=owner, kind=Kind.QUESTION_ANSWERED).exists()


def test_editing_an_answer_notifies_nobody_again(leader, member, schedule, commit, run_tasks):
    question = ask(member, schedule())
    with commit():
        services.answer_question(actor=leader, question=question, body="Yes")
    run_tasks()
    with commit():
        services.answer_question(actor=leader, question=question, body="Yes, in May")
    run_tasks()
    assert Notification.objects.filter(kind=Kind.QUESTION_ANSWERED).count() == 1


def test_close_needs_a_reason(leader, member, schedule):
    question = ask(member, schedule())
    with pytest.raises(ValidationError) as exc:
        services.close_question(actor=leader, question=question, reason="")
    assert "reason" in exc.value.message_dict


def test_closed_question_leaves_the_queue_with_its_reason(leader, member, schedule):
    open_hour = schedule()
    question = ask(member, open_hour)
    services.close_question(actor=leader, question=question, reason="Covered in the blog")
    board = selectors.board_for(member, open_hour)
    assert board.queue == [] and board.closed[0].close_reason == "Covered in the blog"


# --- Contracts for the inbox and leadership -------------------------------------------------


def test_questions_awaiting_lists_open_questions_by_votes_including_ended_sessions(
    leader, member, owner, company, schedule
):
    ended_session = schedule(start_in=timedelta(minutes=-30), minutes=31)
    old = ask(member, ended_session, "old")
    open_hour = schedule()
    quiet, popular = ask(member, open_hour, "quiet"), ask(owner, open_hour, "popular")
    services.vote(person=PersonFactory(primary_unit=company), question=popular)
    answered = ask(owner, open_hour, "answered")
    services.answer_question(actor=leader, question=answered, body="done")
    with freeze_time(timezone.now() + timedelta(minutes=5)):
        rows = list(selectors.questions_awaiting(leader))
    assert [q.pk for q in rows] == [popular.pk, old.pk, quiet.pk]


def test_questions_awaiting_leaves_out_pending_and_closed(leader, member, asker, schedule):
    open_hour = schedule()
    ask(asker, open_hour, anonymous=True)
    closed = ask(member, open_hour)
    services.close_question(actor=leader, question=closed, reason="dupe")
    assert list(selectors.questions_awaiting(leader)) == []


def test_next_open_hour_for_only_shows_sessions_the_viewer_may_see(
    leader, member, outsider, private_group, schedule
):
    private = schedule(audience=private_group)
    assert selectors.next_open_hour_for(leader, member) == private
    assert selectors.next_open_hour_for(leader, outsider) is None


def test_next_open_hour_is_the_soonest(leader, member, schedule):
    later = schedule(start_in=timedelta(days=2))
    sooner = schedule(start_in=timedelta(days=1))
    assert selectors.next_open_hour_for(leader, member) == sooner != later


def test_has_scheduled_open_hour(leader, schedule):
    assert not selectors.has_scheduled_open_hour(leader)
    schedule()
    assert selectors.has_scheduled_open_hour(leader)
