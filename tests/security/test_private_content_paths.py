"""Private and secret groups' content reaches nobody outside them, through any path.

One world per test: a leader's private (or secret) group with an article (title, body, #topic,
attachment), a question, a pinned must-read announcement, a member's comment, reaction and
bookmarks, a share of the article into the company group, and mentions of people outside.
Every path is tried by an outsider and by a former member (who bookmarked, was mentioned and
then left); each test also asks a current member, so no test can pass by showing nothing.
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from PIL import Image

from tests.factories import PersonFactory, UnitFactory
from townhall.conversations.models import Comment, Post
from townhall.conversations.services import (
    add_comment,
    publish_post,
    share_post,
    toggle_bookmark,
    toggle_reaction,
)
from townhall.groups.models import Group, GroupInvitation
from townhall.groups.services import (
    answer_group_invitation,
    company_group,
    create_group,
    invite_to_group,
    leave_group,
)
from townhall.live.broker import get_broker
from townhall.notifications.models import EmailMode, Kind, Notification
from townhall.notifications.services import update_preferences
from townhall.people.models import Person
from townhall.people.selectors import encode_cursor
from townhall.people.services import regenerate_feed_token

API = "/api/v1"
VISIBILITIES = ["private", "secret"]
VIEWERS = ["outsider", "former_member"]
# Every piece of the group's content says "<query> <hidden>": searches look for the query word
# (which search pages echo back), tests look for the hidden one, which nothing may echo.
QUERY = {"private": "zanzibarquartz", "secret": "obsidianfalcon"}
HIDDEN = {"private": "plumbago", "secret": "quillwort"}
GROUP_NAME = {"private": "Board Qwertyuiop", "secret": "Skunkworks Asdfghjkl"}


@dataclass
class World:
    visibility: str
    query: str
    hidden: str
    group: Group
    author: Person
    member: Person
    former: Person
    outsider: Person
    article: Post
    question: Post
    announcement: Post
    comment: Comment
    share: Post
    attachment_id: int
    tokens: dict[int, str]

    @property
    def topic(self) -> str:
        return f"{self.query}topic"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _join(group: Group, author: Person, person: Person) -> None:
    invite_to_group(actor=author, group=group, person=person)
    invitation = GroupInvitation.objects.get(group=group, person=person, answered_at=None)
    answer_group_invitation(person=person, invitation=invitation, accept=True)


def build_world(visibility: str, *, company, member: Person, outsider: Person, commit) -> World:
    """Everything a group holds, published through the real services."""
    query, hidden = QUERY[visibility], HIDDEN[visibility]
    word = f"{query} {hidden}"
    author = PersonFactory(
        first_name="Lena", last_name="Leader", roles=["leader"], primary_unit=company
    )
    former = PersonFactory(first_name="Fred", last_name="Former", primary_unit=company)
    group = create_group(actor=author, name=GROUP_NAME[visibility], visibility=visibility)
    _join(group, author, member)
    _join(group, author, former)
    upload_file = io.BytesIO(_png())
    upload_file.name = f"{query}-{hidden}-plan.png"
    response = _client(author).post(f"{API}/uploads", {"file": upload_file})
    assert response.status_code == 201, response.content
    attachment_id = response.json()["id"]
    mentions = f"@{outsider.handle} @{former.handle} @{member.handle}"
    with commit():
        article = publish_post(
            author=author,
            group=group,
            kind="article",
            title=f"The {word} strategy",
            body=f"Our {word} plan #{query}topic {mentions}",
            attachment_ids=[attachment_id],
        )
        question = publish_post(
            author=author, group=group, kind="question", body=f"Who owns the {word} budget?"
        )
        announcement = publish_post(
            author=author,
            group=group,
            kind="announcement",
            body=f"{word} all-hands on Friday",
            pinned=True,
            must_read=True,
        )
        comment = add_comment(
            author=member, post=article, body=f"{word} sounds right @{outsider.handle}"
        )
        toggle_reaction(person=member, post=article)
        toggle_bookmark(person=member, post=article)
        toggle_bookmark(person=former, post=article)
        share = share_post(
            person=member, post=article, group=company_group(), comment="Worth a read"
        )
    leave_group(person=former, group=group)
    return World(
        visibility=visibility,
        query=query,
        hidden=hidden,
        group=group,
        author=author,
        member=member,
        former=former,
        outsider=outsider,
        article=article,
        question=question,
        announcement=announcement,
        comment=comment,
        share=share,
        attachment_id=attachment_id,
        tokens={},
    )


@pytest.fixture
def make_world(company, member, outsider, commit):
    """A world of one's own, for tests whose machinery outlives a transaction or a queue."""

    def make(visibility: str) -> World:
        world = build_world(
            visibility, company=company, member=member, outsider=outsider, commit=commit
        )
        return _with_tokens([world])[0]

    return make


def _with_tokens(worlds: list[World]) -> list[World]:
    """Secret feed URLs, made once: a new one stops a person's earlier ones from working."""
    w = worlds[0]
    tokens = {p.pk: regenerate_feed_token(person=p) for p in (w.member, w.outsider)}
    for world in worlds:
        world.tokens = {**tokens, world.former.pk: regenerate_feed_token(person=world.former)}
    return worlds


def _viewer(world: World, viewer: str) -> Person:
    return world.outsider if viewer == "outsider" else world.former


# --- The paths ---------------------------------------------------------------------------------

Probe = Callable[[Client, World, Person], HttpResponseBase]


@dataclass(frozen=True)
class Path:
    id: str
    probe: Probe
    # The status an outsider gets, per visibility (None: any status, only the content counts).
    outsider_status: dict[str, int] | int | None = None
    # A write attempt: the member's control is "allowed", not "sees the word".
    action: bool = False
    # Session Atom feeds never carry private posts, not even for members: their control is
    # the same feed through the member's secret token URL.
    member_probe: Probe | None = None
    # What the member's answer must contain, when it is not the hidden word.
    member_sees: Callable[[World], str] | None = None
    # The topic is in the URL itself, so the page may repeat it.
    echoes_topic: bool = False


def get(url: Callable[[World], str], **params: Callable[[World], str]) -> Probe:
    def probe(client: Client, world: World, person: Person) -> HttpResponseBase:
        return client.get(url(world), {k: v(world) for k, v in params.items()})

    return probe


def post(url: Callable[[World], str], data: Callable[[World], dict[str, object]]) -> Probe:
    def probe(client: Client, world: World, person: Person) -> HttpResponseBase:
        return client.post(url(world), data(world))

    return probe


def api(method: str, url: Callable[[World], str], data: dict[str, object] | None = None) -> Probe:
    def probe(client: Client, world: World, person: Person) -> HttpResponseBase:
        body = json.dumps(data or {}) if method != "get" else None
        kwargs = {"content_type": "application/json"} if body is not None else {}
        return getattr(client, method)(f"{API}{url(world)}", body, **kwargs)

    return probe


def token_feed(url: Callable[[World], str]) -> Probe:
    def probe(client: Client, world: World, person: Person) -> HttpResponseBase:
        return Client().get(f"/rss/{world.tokens[person.pk]}{url(world)}")

    return probe


NOT_FOUND = 404
GROUP_PAGE = {"private": 200, "secret": 404}
FAR_FUTURE = encode_cursor([(timezone.now() + timedelta(days=3650)).isoformat(), 2**62])

PATHS = [
    # Web pages
    Path("web-post-page", get(lambda w: f"/posts/{w.article.pk}/"), NOT_FOUND),
    Path("web-question-page", get(lambda w: f"/posts/{w.question.pk}/"), NOT_FOUND),
    Path("web-edit-post", get(lambda w: f"/posts/{w.article.pk}/edit/"), NOT_FOUND, action=True),
    Path("web-group-page", get(lambda w: f"/groups/{w.group.slug}/"), GROUP_PAGE),
    Path(
        "web-group-feed-more",
        get(lambda w: f"/groups/{w.group.slug}/", after=lambda w: FAR_FUTURE),
        GROUP_PAGE,
    ),
    Path("web-group-list", get(lambda w: "/groups/"), 200, member_sees=lambda w: w.group.name),
    Path("web-home", get(lambda w: "/"), 200),
    Path("web-topic", get(lambda w: f"/topics/{w.topic}/"), None, echoes_topic=True),
    Path("web-profile", get(lambda w: f"/people/{w.author.pk}/"), 200),
    Path("web-leaders", get(lambda w: "/leaders/"), 200),
    Path("web-saved", get(lambda w: "/saved/"), 200),
    Path("web-unanswered", get(lambda w: "/questions/"), 200),
    Path("web-share-card", get(lambda w: f"/posts/{w.share.pk}/"), 200),
    Path("web-search-all", get(lambda w: "/search/", q=lambda w: w.query), 200),
    Path(
        "web-search-posts", get(lambda w: "/search/", q=lambda w: w.query, type=lambda w: "posts")
    ),
    Path(
        "web-search-comments",
        get(lambda w: "/search/", q=lambda w: w.query, type=lambda w: "comments"),
    ),
    Path(
        "web-search-topics",
        get(lambda w: "/search/", q=lambda w: w.query, type=lambda w: "topics"),
        member_sees=lambda w: w.topic,
    ),
    Path(
        "web-search-groups",
        get(
            lambda w: "/search/",
            q=lambda w: GROUP_NAME[w.visibility].split()[1],
            type=lambda w: "groups",
        ),
        member_sees=lambda w: w.group.name,
    ),
    Path("web-notifications", get(lambda w: "/notifications/"), 200),
    Path("web-feed-settings", get(lambda w: "/settings/feeds/"), 200, action=True),
    Path(
        "web-react",
        post(lambda w: f"/posts/{w.article.pk}/react/", lambda w: {"kind": "like"}),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "web-bookmark",
        post(lambda w: f"/posts/{w.article.pk}/bookmark/", lambda w: {}),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "web-comment",
        post(lambda w: f"/posts/{w.article.pk}/comments/", lambda w: {"body": "me too"}),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "web-share-into-group",
        post(
            lambda w: f"/posts/{w.article.pk}/share/",
            lambda w: {"group": company_group().pk, "comment": "look"},
        ),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "web-acknowledge",
        post(lambda w: f"/posts/{w.announcement.pk}/acknowledge/", lambda w: {}),
        NOT_FOUND,
        action=True,
    ),
    Path("web-attachment", get(lambda w: f"/files/{w.attachment_id}/"), NOT_FOUND, action=True),
    Path(
        "web-attachment-thumbnail",
        get(lambda w: f"/files/{w.attachment_id}/thumbnail/"),
        NOT_FOUND,
        action=True,
    ),
    # REST API
    Path("api-post", api("get", lambda w: f"/posts/{w.article.pk}"), NOT_FOUND),
    Path("api-comments", api("get", lambda w: f"/posts/{w.article.pk}/comments"), NOT_FOUND),
    Path(
        "api-comment-history",
        api("get", lambda w: f"/comments/{w.comment.pk}/history"),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "api-acknowledgements",
        api("get", lambda w: f"/posts/{w.announcement.pk}/acknowledgements"),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "api-reaction",
        api("put", lambda w: f"/posts/{w.article.pk}/reaction", {"kind": "like"}),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "api-bookmark",
        api("post", lambda w: f"/posts/{w.article.pk}/bookmark"),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "api-comment-create",
        api("post", lambda w: f"/posts/{w.article.pk}/comments", {"body": "me too"}),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "api-share-into-group",
        api("post", lambda w: f"/posts/{w.article.pk}/share", {"comment": "look"}),
        NOT_FOUND,
        action=True,
    ),
    Path(
        "api-share-card",
        api("get", lambda w: f"/posts/{w.share.pk}"),
        200,
        member_sees=lambda w: f'"shared_post_id": {w.article.pk},',
    ),
    Path(
        "api-group",
        api("get", lambda w: f"/groups/{w.group.slug}"),
        GROUP_PAGE,
        member_sees=lambda w: w.group.name,
    ),
    Path(
        "api-group-members",
        api("get", lambda w: f"/groups/{w.group.slug}/members"),
        {"private": 403, "secret": 404},
        member_sees=lambda w: w.member.display_name,
    ),
    Path("api-group-posts", api("get", lambda w: f"/groups/{w.group.slug}/posts"), GROUP_PAGE),
    Path("api-feed-home", api("get", lambda w: "/feeds/home"), 200),
    Path("api-feed-leaders", api("get", lambda w: "/feeds/leaders"), 200),
    Path("api-feed-saved", api("get", lambda w: "/feeds/saved"), 200),
    Path("api-feed-questions", api("get", lambda w: "/feeds/questions"), 200),
    Path("api-feed-pinned", api("get", lambda w: "/feeds/pinned"), 200),
    Path(
        "api-topic-posts", api("get", lambda w: f"/topics/{w.topic}/posts"), None, echoes_topic=True
    ),
    Path("api-person-posts", api("get", lambda w: f"/people/{w.author.pk}/posts"), 200),
    Path("api-search-all", api("get", lambda w: f"/search?q={w.query}"), 200),
    Path("api-search-posts", api("get", lambda w: f"/search?q={w.query}&type=posts"), 200),
    Path("api-search-comments", api("get", lambda w: f"/search?q={w.query}&type=comments"), 200),
    Path(
        "api-search-topics",
        api("get", lambda w: f"/search?q={w.query}&type=topics"),
        200,
        member_sees=lambda w: w.topic,
    ),
    Path(
        "api-search-groups",
        api("get", lambda w: f"/search?q={GROUP_NAME[w.visibility].split()[1]}&type=groups"),
        200,
        member_sees=lambda w: w.group.name,
    ),
    Path("api-notifications", api("get", lambda w: "/notifications"), 200),
    # Atom feeds: with a session (public content only) and through one's secret token URL
    Path(
        "rss-session-group",
        get(lambda w: f"/rss/groups/{w.group.slug}/"),
        NOT_FOUND,
        member_probe=token_feed(lambda w: f"/groups/{w.group.slug}/"),
    ),
    Path(
        "rss-session-topic",
        get(lambda w: f"/rss/topics/{w.topic}/"),
        200,
        echoes_topic=True,
        member_probe=token_feed(lambda w: f"/topics/{w.topic}/"),
    ),
    Path(
        "rss-session-person",
        get(lambda w: f"/rss/people/{w.author.pk}/articles/"),
        200,
        member_probe=token_feed(lambda w: f"/people/{w.author.pk}/articles/"),
    ),
    Path(
        "rss-session-leaders",
        get(lambda w: "/rss/leaders/articles/"),
        200,
        member_probe=token_feed(lambda w: "/leaders/articles/"),
    ),
    Path("rss-token-group", token_feed(lambda w: f"/groups/{w.group.slug}/"), NOT_FOUND),
    Path("rss-token-topic", token_feed(lambda w: f"/topics/{w.topic}/"), 200, echoes_topic=True),
    Path("rss-token-person", token_feed(lambda w: f"/people/{w.author.pk}/articles/"), 200),
    Path("rss-token-leaders", token_feed(lambda w: "/leaders/articles/"), 200),
]
PATH_IDS = [p.id for p in PATHS]
BY_ID = {p.id: p for p in PATHS}


def _text(response: HttpResponseBase) -> str:
    if response.streaming:  # type: ignore[attr-defined]
        return b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    return response.content.decode(errors="replace")  # type: ignore[attr-defined]


@pytest.fixture(scope="class")
def worlds(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both worlds, built once per class inside a transaction rolled back at the class's end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            cache.clear()
            company = UnitFactory(name="Acme", kind="company")
            member = PersonFactory(first_name="Mats", last_name="Member", primary_unit=company)
            outsider = PersonFactory(first_name="Otto", last_name="Outsider")

            def commit():
                return TestCase.captureOnCommitCallbacks(execute=True)

            built = {
                v: build_world(v, company=company, member=member, outsider=outsider, commit=commit)
                for v in VISIBILITIES
            }
            _with_tokens(list(built.values()))
            yield {"media": media, **built}
            transaction.set_rollback(True)


class TestEveryPath:
    """Every test runs in its own savepoint, so write attempts never leak into the next one."""

    @pytest.fixture(autouse=True)
    def _worlds_media(self, worlds, settings, db) -> None:
        settings.MEDIA_ROOT = worlds["media"]

    @pytest.mark.parametrize("viewer", VIEWERS)
    @pytest.mark.parametrize("path_id", PATH_IDS)
    @pytest.mark.parametrize("visibility", VISIBILITIES)
    def test_non_member_sees_none_of_the_group_content(self, visibility, path_id, viewer, worlds):
        world = worlds[visibility]
        path = BY_ID[path_id]
        person = _viewer(world, viewer)

        response = path.probe(_client(person), world, person)
        seen = _text(response)
        expected = path.outsider_status
        if isinstance(expected, dict):
            expected = expected[visibility]
        if expected is not None:
            assert response.status_code == expected, (path_id, response.status_code, seen[:300])
        assert world.hidden not in seen.lower(), f"{path_id} shows the {visibility} group's content"
        if not path.echoes_topic:
            assert world.topic not in seen.lower(), (
                f"{path_id} shows the {visibility} group's topic"
            )
        if visibility == "secret":
            assert GROUP_NAME["secret"] not in seen, f"{path_id} reveals the secret group"
            assert world.group.slug not in seen, f"{path_id} reveals the secret group's address"

        # The control: a member does get the content through the same path.
        control = path.member_probe or path.probe
        answer = control(_client(world.member), world, world.member)
        if path.action:
            # Found (done, or refused for who they are), never "no such thing".
            assert answer.status_code in (200, 201, 204, 302, 403), (path_id, answer.status_code)
        else:
            assert answer.status_code == 200, (path_id, answer.status_code)
            wanted = path.member_sees(world) if path.member_sees else world.hidden
            assert wanted in _text(answer), f"{path_id}: the member does not see it either"
        if path_id == "api-share-card":
            assert json.loads(seen)["shared_post_id"] is None


# --- Paths with their own machinery: mentions, emails, digests, live updates ------------------


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_mentioned_outsider_is_not_notified(visibility, make_world):
    world = make_world(visibility)
    assert (
        not Notification.objects.filter(recipient=world.outsider)
        .exclude(kind=Kind.FOLLOWER)
        .exists()
    )
    assert Notification.objects.filter(recipient=world.member, kind=Kind.MENTION).exists()


@pytest.mark.parametrize("mode", [EmailMode.IMMEDIATE, EmailMode.DIGEST])
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_emails_carry_nothing_to_non_members(
    visibility, viewer, mode, make_world, smtp_server, run_tasks
):
    world = make_world(visibility)
    for someone in (world.member, world.former, world.outsider):
        update_preferences(person=someone, email={k: mode for k in Kind.values})
    run_tasks()  # immediate emails and the must-read fan-out, after the former member left
    call_command("send_digests", "--frequency", "weekly", verbosity=0)
    person = _viewer(world, viewer)

    def texts(someone: Person) -> list[str]:
        return [
            part.get_payload(decode=True).decode()
            for message in smtp_server.messages
            if message["To"] == someone.email
            for part in message.walk()
            if not part.is_multipart()
        ]

    for text in texts(person):
        assert world.hidden not in text.lower(), text
        assert f"/posts/{world.article.pk}/" not in text, text
    assert any(world.hidden in text.lower() for text in texts(world.member))


@pytest.mark.parametrize("viewer", VIEWERS)
def test_mentioning_a_secret_group_does_not_confirm_it_exists(viewer, make_world):
    world = make_world("secret")
    person = _viewer(world, viewer)
    text = {"body": f"Anyone in @{world.group.slug} ?"}
    response = _client(person).post(f"{API}/posts", text, content_type="application/json")
    assert response.status_code == 201
    assert "href" not in response.json()["body_html"]
    answer = _client(world.member).post(f"{API}/posts", text, content_type="application/json")
    assert f'href="/groups/{world.group.slug}/"' in answer.json()["body_html"]


def _events(person: Person, after: int, watched: str) -> str:
    response = _client(person).get(f"/live/events?posts={watched}", HTTP_LAST_EVENT_ID=str(after))
    assert response.status_code == 200
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return b"".join(response).decode()  # type: ignore[arg-type]


def _post_ids(stream: str) -> set[int]:
    ids = set()
    for line in stream.splitlines():
        if line.startswith("data: "):
            data = json.loads(line.removeprefix("data: "))
            ids.add(data.get("post_id"))
    return ids


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_live_events_never_reach_non_members(visibility, viewer, company, outsider, member):
    author = PersonFactory(first_name="Lena", last_name="Leader", primary_unit=company)
    former = PersonFactory(first_name="Fred", last_name="Former", primary_unit=company)
    group = create_group(actor=author, name=GROUP_NAME[visibility], visibility=visibility)
    _join(group, author, member)
    _join(group, author, former)
    leave_group(person=former, group=group)
    after = get_broker().publish("test:baseline", "noop", {}).id
    secret_post = publish_post(author=author, group=group, body=f"{HIDDEN[visibility]} news")
    add_comment(author=member, post=secret_post, body="agreed")
    toggle_reaction(person=member, post=secret_post)
    person = outsider if viewer == "outsider" else former
    watched = str(secret_post.pk)

    assert secret_post.pk not in _post_ids(_events(person, after, watched))
    assert secret_post.pk in _post_ids(_events(member, after, watched))
