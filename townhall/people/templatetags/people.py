"""Template filters for showing people's data."""

from __future__ import annotations

from django import template
from django.conf.locale import LANG_INFO

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """A language code as the language's own name ('nl' → 'Nederlands'); unknown codes as-is."""
    info = LANG_INFO.get(code.lower())
    if info is None:
        return code
    if "fallback" in info:
        info = LANG_INFO.get(info["fallback"][0], info)
    name = info.get("name_local") or info.get("name") or code
    return str(name)[:1].upper() + str(name)[1:]
