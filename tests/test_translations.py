"""Every message is translated by hand into nl, sv and nb, and the compiled catalogues agree."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "townhall" / "locale"
LANGUAGES = ["nl", "sv", "nb"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{\{\s*[a-z_.]+\s*\}\}|%[sd]")


def po(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_messages(lang):
    catalogue = po(lang)
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{lang}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    broken = []
    for entry in po(lang).translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        targets = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for target in targets:
            if entry.msgid_plural:
                wanted_any = sorted(PLACEHOLDER.findall(entry.msgid_plural))
                if sorted(PLACEHOLDER.findall(target)) not in (wanted, wanted_any):
                    broken.append(entry.msgid)
            elif sorted(PLACEHOLDER.findall(target)) != wanted:
                broken.append(entry.msgid)
    assert not broken, f"{lang}: placeholders differ in {broken[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_the_sources(lang):
    mo_path = LOCALE / lang / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{lang}: run `make messages` to compile"
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(mo_path))}
    missing = []
    for entry in po(lang).translated_entries():
        found = compiled.get((entry.msgctxt, entry.msgid))
        if found is None or (not entry.msgid_plural and found.msgstr != entry.msgstr):
            missing.append(entry.msgid)
    assert not missing, f"{lang}: django.mo is stale for {missing[:10]}"
