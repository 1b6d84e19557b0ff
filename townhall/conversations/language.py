"""Guess which of Townhall's languages a text is written in, from common function words.

Good enough to pick the search stemmer for a post (the author can correct it); no model,
no download, the same answer every time.
"""

from __future__ import annotations

import re

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and is are to of in that it for with on we you this be have not".split()),
    "nl": frozenset("de het een en van is dat niet op te zijn voor met wij we ik je ook".split()),
    "sv": frozenset("och att det som är en på för med inte vi jag har av till den ett".split()),
    "nb": frozenset("og det som er en på for med ikke vi jeg har av til den et å".split()),
}
# Letters that only one of the Nordic languages uses settle sv/nb ties.
MARKERS = {"sv": set("äö"), "nb": set("æø")}
WORD_RE = re.compile(r"\w+", re.UNICODE)


def detect_language(text: str, default: str = "en") -> str:
    """The most likely of en/nl/sv/nb for `text`; `default` when nothing stands out."""
    words = [w.lower() for w in WORD_RE.findall(text)[:400]]
    if not words:
        return default
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    letters = set("".join(words))
    for lang, marks in MARKERS.items():
        if letters & marks:
            scores[lang] += 3
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else default
