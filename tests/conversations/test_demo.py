"""The demo community: deterministic, private where it should be, multilingual, leader-heavy."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from townhall.conversations import demo_data
from townhall.conversations.demo import ConversationConfig, build_conversations, posts_digest_rows
from townhall.conversations.language import detect_language
from townhall.conversations.models import Comment, Follow, Mention, Post, PostKind, Reaction
from townhall.conversations.services import publish_post
from townhall.feeds.selectors import home_feed, posts_visible_to
from townhall.groups.models import Group, Membership
from townhall.groups.services import sync_unit_groups
from townhall.people.demo import DemoConfig, build_demo
from townhall.people.models import Person
from townhall.people.org_import import apply_import, import_file, preview_import

SMALL = DemoConfig(people=60, photo_share=0.0)
NOW = datetime(2026, 3, 6, 11, 30, tzinfo=UTC)
# sha256 of `posts_digest_rows()` for SMALL at NOW. It changes only when the demo content or
# generator changes on purpose; a change without one means the build is no longer deterministic
# (set or hash order, the global random, database order leaking in).
SMALL_DIGEST = "f758c5806e437637dc62c123b975570148764782590aa8df29edb486571b8e1b"
MEMBER = "member@demo.townhall.example"
CEO = "ceo@demo.townhall.example"


def _build(now: datetime | None = NOW) -> None:
    org = build_demo(SMALL)
    sync_unit_groups()
    build_conversations(org, SMALL, ConversationConfig(now=now))


def _person(email: str) -> Person:
    return Person.objects.get(email=email)


def _whole_home_feed(viewer: Person) -> list[Post]:
    posts, cursor = [], ""
    while True:
        page = home_feed(viewer, after=cursor, limit=50)
        posts += page.posts
        if page.next_cursor is None:
            return posts
        cursor = page.next_cursor


@pytest.mark.django_db
def test_demo_posts_match_their_stored_digest():
    _build()
    digest = hashlib.sha256(repr(posts_digest_rows()).encode()).hexdigest()
    assert digest == SMALL_DIGEST


@pytest.mark.django_db
def test_posts_spread_over_the_last_sixty_days_and_replies_follow_them():
    _build()
    times = list(Post.objects.values_list("created_at", flat=True))
    assert min(times) >= NOW - timedelta(days=60)
    assert max(times) <= NOW
    assert len({t.date() for t in times}) > 30
    assert all(c.created_at >= c.post.created_at for c in Comment.objects.select_related("post"))


@pytest.mark.django_db
def test_secret_group_posts_never_reach_a_non_member():
    _build()
    aurora = Group.objects.get(name="Project Aurora")
    secret = set(Post.objects.filter(group=aurora).values_list("pk", flat=True))
    member = _person(MEMBER)
    assert secret
    assert Membership.objects.filter(group=aurora).count() == 6
    assert not Membership.objects.filter(group=aurora, person=member).exists()
    assert not secret & {p.pk for p in _whole_home_feed(member)}
    assert not posts_visible_to(member).filter(pk__in=secret).exists()


@pytest.mark.django_db
def test_secret_group_posts_reach_its_members():
    _build()
    aurora = Group.objects.get(name="Project Aurora")
    ceo = _person(CEO)
    assert posts_visible_to(ceo).filter(group=aurora).count() == aurora.posts.count() > 0


@pytest.mark.django_db
def test_mentions_in_private_and_secret_groups_name_only_their_members():
    _build()
    closed = Mention.objects.filter(person__isnull=False).exclude(post__group__visibility="open")
    for mention in closed.select_related("post"):
        assert Membership.objects.filter(
            group_id=mention.post.group_id, person_id=mention.person_id
        ).exists()


@pytest.mark.django_db
def test_every_post_is_in_a_supported_language_that_matches_its_text():
    _build()
    posts = list(Post.objects.all())
    assert {p.language for p in posts} == {"en", "nl", "sv", "nb"}
    for post in posts:
        assert detect_language(f"{post.title} {post.body}") == post.language, post.body


def test_every_template_reads_as_its_own_language():
    filled = {"mention": "@anna.jansen", "unit": "Sales Nordics", "week": "12"}
    texts: list[tuple[str, str]] = []
    for lang in demo_data.LANGUAGES:
        texts += [(lang, t) for t in demo_data.UPDATES[lang]]
        texts += [(lang, q) for q, _answers in demo_data.QUESTIONS[lang]]
        texts += [(lang, f"{title} {body}") for title, body in demo_data.ARTICLES[lang]]
    texts += [("en", t) for spec in demo_data.INTEREST_GROUPS for t in spec.posts]
    texts += [("en", f"{title} {body}") for _a, title, body, _p in demo_data.ANNOUNCEMENTS]
    for lang, text in texts:
        assert detect_language(text.format(**filled)) == lang, text


@pytest.mark.django_db
def test_the_pinned_must_read_comes_from_the_ceo_and_is_acknowledged_by_many():
    _build()
    must_read = Post.objects.get(kind=PostKind.ANNOUNCEMENT, pinned=True, must_read=True)
    assert must_read.author.email == CEO
    assert must_read.group.is_company
    assert must_read.acknowledgements.count() > 0.4 * Person.objects.count()


@pytest.mark.django_db
def test_some_questions_have_accepted_answers_and_some_are_still_open():
    _build()
    questions = Post.objects.filter(kind=PostKind.QUESTION)
    accepted = questions.filter(accepted_comment__isnull=False)
    assert accepted.exists()
    assert all(
        q.accepted_comment.post_id == q.pk for q in accepted.select_related("accepted_comment")
    )
    assert questions.filter(comment_count=0, accepted_comment__isnull=True).exists()


@pytest.mark.django_db
def test_leaders_blog_and_are_answered_more_than_average():
    _build()
    articles = Post.objects.filter(kind=PostKind.ARTICLE)
    assert articles.filter(author__email=CEO, group__is_company=True).count() >= 8
    assert all(a.author.is_leader and a.title for a in articles.select_related("author"))
    assert all("## " in a.body for a in articles)
    leader_updates = Post.objects.filter(kind=PostKind.UPDATE, author__is_leader=True)
    other_updates = Post.objects.filter(kind=PostKind.UPDATE, author__is_leader=False)

    def average(qs):
        return sum(p.reaction_count for p in qs) / max(1, qs.count())

    assert average(leader_updates) > average(other_updates)


@pytest.mark.django_db
def test_conversation_has_mentions_topics_reactions_replies_and_follows():
    _build()
    assert Mention.objects.filter(person__isnull=False).count() > 10
    assert Post.objects.filter(topics__slug="onboarding").exists()
    assert set(Reaction.objects.values_list("kind", flat=True)) >= {
        "like",
        "celebrate",
        "insightful",
    }
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Follow.objects.filter(person__isnull=False).exists()
    assert Follow.objects.filter(group__isnull=False).exists()
    assert Follow.objects.filter(topic__isnull=False).exists()


@pytest.mark.django_db
def test_counters_match_the_rows():
    _build()
    for post in Post.objects.all():
        assert post.reaction_count == post.reactions.count()
        assert post.comment_count == post.comments.count()


@pytest.mark.django_db
def test_the_build_leaves_no_rate_limit_counters_behind(settings):
    _build(now=None)
    # One post an hour: any counter the build left in the hourly window would refuse this one.
    settings.TOWNHALL_RATE_LIMITS = {**settings.TOWNHALL_RATE_LIMITS, "post": (1, 3600)}
    post = publish_post(author=_person(CEO), body="Back from the build, posting as usual.")
    assert post.pk


@pytest.mark.django_db
def test_command_prints_conversation_counts_and_timing():
    out = StringIO()
    call_command("demo", "--people", "45", "--seed", "3", stdout=out)
    output = out.getvalue()
    assert re.search(r"\d+ posts, \d+ comments, \d+ reactions", output)
    assert re.search(r"conversations \d+\.\d s", output)
    assert Post.objects.count() > 50


# --- The org-chart import keeps unit groups in step.

CSV = "\n".join(
    [
        "email,first_name,last_name,employee_id,job_title,unit,manager_email,manages_unit,roles",
        "ceo@nordlicht.example,Ingrid,Berg,E001,Chief Executive,Nordlicht,,yes,",
        "lead@nordlicht.example,Siri,Lund,E003,Team Lead,Nordlicht / Sales,"
        "ceo@nordlicht.example,yes,",
        "ana@nordlicht.example,Ana,Silva,E004,Account Executive,Nordlicht / Sales,"
        "lead@nordlicht.example,no,",
        "",
    ]
)


def _unit_group_members(name: str) -> set[str]:
    group = Group.objects.get(unit__name=name)
    return set(Membership.objects.filter(group=group).values_list("person__email", flat=True))


def test_applying_a_previewed_import_syncs_unit_groups(admin):
    org_import = preview_import(actor=admin, filename="org.csv", data=CSV.encode())
    apply_import(actor=admin, org_import=org_import)
    assert _unit_group_members("Sales") == {"lead@nordlicht.example", "ana@nordlicht.example"}
    assert "ana@nordlicht.example" in _unit_group_members("Nordlicht")


def test_a_direct_import_syncs_unit_groups(admin):
    import_file(actor=admin, filename="org.csv", data=CSV.encode())
    assert _unit_group_members("Sales") == {"lead@nordlicht.example", "ana@nordlicht.example"}
