"""Markdown to safe HTML (markdown-it-py + nh3), and the @mentions and #topics in a text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

# "@anna.jansen" or "@sales-team"; not inside e-mail addresses (preceded by a word char).
MENTION_RE = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9._-]{0,62}[a-z0-9])", re.IGNORECASE)
TOPIC_RE = re.compile(r"(?<![\w&#/])#(\w[\w-]{0,58})", re.UNICODE)
CODE_RE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)

ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "hr", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


def sanitise(html: str) -> str:
    """Strip everything but a small set of harmless tags; links get safe rel attributes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )


@dataclass(frozen=True)
class Parsed:
    html: str
    mentions: list[str]
    topics: list[str]
    words: int


def _outside_code(text: str) -> str:
    return CODE_RE.sub(" ", text)


def extract_mentions(text: str) -> list[str]:
    """Lower-cased handles mentioned outside code, in order, without repeats."""
    return list(dict.fromkeys(m.lower() for m in MENTION_RE.findall(_outside_code(text))))


def extract_topics(text: str) -> list[str]:
    return list(dict.fromkeys(t.lower() for t in TOPIC_RE.findall(_outside_code(text))))[:20]


def render(text: str, *, mention_urls: dict[str, str] | None = None) -> Parsed:
    """Render Markdown once on write: sanitised HTML with @mentions and #topics linked."""
    html = _md.render(text)
    html = _link_tokens(html, mention_urls or {})
    return Parsed(
        html=sanitise(html),
        mentions=extract_mentions(text),
        topics=extract_topics(text),
        words=len(text.split()),
    )


def _link_tokens(html: str, mention_urls: dict[str, str]) -> str:
    """Turn known @handles and #topics in text nodes (not in code or links) into links."""
    parts = re.split(
        r"(<pre>.*?</pre>|<code>.*?</code>|<a [^>]*>.*?</a>|<[^>]+>)", html, flags=re.S
    )
    out = []
    for part in parts:
        if not part or part.startswith("<"):
            out.append(part)
            continue

        def mention(match: re.Match[str]) -> str:
            url = mention_urls.get(match.group(1).lower())
            return f'<a href="{url}">@{match.group(1)}</a>' if url else match.group(0)

        def topic(match: re.Match[str]) -> str:
            return f'<a href="/topics/{match.group(1).lower()}/">#{match.group(1)}</a>'

        out.append(TOPIC_RE.sub(topic, MENTION_RE.sub(mention, part)))
    return "".join(out)
