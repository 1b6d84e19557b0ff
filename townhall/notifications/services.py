"""Outgoing email: rendered in the recipient's language, delivered by a background task."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from townhall.notifications import tasks


def render_email(*, template: str, context: dict[str, object], language: str) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>.txt` in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return " ".join(subject.split()), body


def send_email(*, to: str, template: str, context: dict[str, object], language: str) -> None:
    """Queue one email; it leaves only if the surrounding transaction commits."""
    subject, body = render_email(template=template, context=context, language=language)
    transaction.on_commit(lambda: tasks.deliver_email.enqueue(to=[to], subject=subject, body=body))
