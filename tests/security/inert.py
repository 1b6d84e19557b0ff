"""What "inert" means for rendered HTML, checked with the standard library's HTML parser.

A page passes when a browser would run none of its user-provided content: no script but our
own static files, no event-handler attributes, no URL that a browser would resolve to a
javascript:/data:/vbscript: scheme, nothing embedded, and user content (inside `.prose`) made
only of the sanitiser's tags, with every link carrying rel="noopener".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

from townhall.conversations.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"}
SAFE_SCHEMES = {None, "http", "https", "mailto"}
NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "template"}
PROSE_ATTRIBUTES = {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()} | {
    "a": {"href", "title", "rel"}
}
ATOM = "{http://www.w3.org/2005/Atom}"
_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def browser_scheme(url: str) -> str | None:
    """The scheme a browser resolves `url` to (WHATWG URL parsing), None when it is relative."""
    # Browsers drop leading/trailing C0 controls and spaces, and tabs/newlines anywhere.
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(0x21))))
    match = _SCHEME_RE.match(cleaned)
    return match.group(1).lower() if match else None


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    in_prose: bool


@dataclass
class Parsed:
    elements: list[Element] = field(default_factory=list)
    text: str = ""
    script_text: str = ""

    def tags(self, name: str) -> list[Element]:
        return [e for e in self.elements if e.tag == name]

    @property
    def prose(self) -> list[Element]:
        return [e for e in self.elements if e.in_prose]


class _Collector(HTMLParser):
    def __init__(self, *, all_prose: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()
        self.all_prose = all_prose
        self.stack: list[tuple[str, bool]] = []  # (tag, opens a prose block)
        self.texts: list[str] = []
        self.scripts: list[str] = []

    def _in_prose(self) -> bool:
        return self.all_prose or any(prose for _tag, prose in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.parsed.elements.append(Element(tag, values, self._in_prose()))
        if tag not in VOID:
            self.stack.append((tag, "prose" in values.get("class", "").split()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.parsed.elements.append(Element(tag, values, self._in_prose()))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        else:
            self.texts.append(data)


def parse(html: str, *, fragment_is_prose: bool = False) -> Parsed:
    collector = _Collector(all_prose=fragment_is_prose)
    collector.feed(html)
    collector.close()
    collector.parsed.text = "".join(collector.texts)
    collector.parsed.script_text = "".join(collector.scripts)
    return collector.parsed


def problems(html: str, *, fragment_is_prose: bool = False) -> list[str]:
    """Every way `html` could run or embed something; an empty list means inert."""
    parsed = parse(html, fragment_is_prose=fragment_is_prose)
    found: list[str] = []
    if parsed.script_text.strip():
        found.append(f"inline script: {parsed.script_text[:80]!r}")
    for el in parsed.elements:
        where = f"<{el.tag} {el.attrs}>"
        if el.tag == "script" and not el.attrs.get("src", "").startswith("/static/"):
            found.append(f"script not from /static/: {where}")
        if el.tag in NEVER:
            found.append(f"embedding element: {where}")
        if el.tag == "meta" and "http-equiv" in el.attrs:
            found.append(f"meta http-equiv: {where}")
        for name, value in el.attrs.items():
            if name.startswith("on"):
                found.append(f"event handler {name}: {where}")
            if name.startswith(("hx-", "data-hx")) and el.in_prose:
                found.append(f"htmx attribute in user content: {where}")
            if name in URL_ATTRIBUTES and browser_scheme(value) not in SAFE_SCHEMES:
                found.append(f"{name} with scheme {browser_scheme(value)}: {where}")
            if name == "style" and el.in_prose:
                found.append(f"style attribute in user content: {where}")
        if el.in_prose:
            if el.tag not in ALLOWED_TAGS:
                found.append(f"tag outside the sanitiser's list: {where}")
            elif set(el.attrs) - PROSE_ATTRIBUTES.get(el.tag, set()):
                found.append(f"attribute outside the sanitiser's list: {where}")
            if el.tag == "a" and "noopener" not in el.attrs.get("rel", "").split():
                found.append(f"user link without rel=noopener: {where}")
    return found


def assert_inert(html: str, *, where: str, fragment_is_prose: bool = False) -> Parsed:
    """Fail with every problem at once; return the parse for further (non-vacuous) checks."""
    found = problems(html, fragment_is_prose=fragment_is_prose)
    assert not found, f"{where} is not inert:\n" + "\n".join(found)
    return parse(html, fragment_is_prose=fragment_is_prose)


def atom_entries(xml: bytes) -> list[dict[str, str]]:
    """Each Atom entry's title, summary (as the HTML it carries) and author, from the raw XML."""
    root = ET.fromstring(xml)  # noqa: S314 - our own server's output in a test
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        summary = entry.find(f"{ATOM}summary")
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title") or "",
                "title_type": (entry.find(f"{ATOM}title").get("type", "text")),  # type: ignore[union-attr]
                "summary": summary.text or "" if summary is not None else "",
                "summary_type": summary.get("type", "text") if summary is not None else "",
                "author": entry.findtext(f"{ATOM}author/{ATOM}name") or "",
            }
        )
    return entries
