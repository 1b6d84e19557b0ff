"""Input validation for the leadership pages: nudges and drafts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from townhall.groups.models import Group
from townhall.leadership.models import NUDGE_MAX_LENGTH, DraftKind


class NudgeForm(forms.Form):
    message = forms.CharField(
        label=_("Personal message"),
        max_length=NUDGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("They get it in Townhall and by email. One nudge per leader a day."),
        error_messages={"required": _("Write a personal message.")},
    )


class DraftForm(forms.Form):
    """A draft's content; the groups offered are those the leader may post in."""

    group = forms.ModelChoiceField(
        label=_("Post in"), queryset=Group.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Kind of post"), choices=DraftKind.choices, initial=DraftKind.UPDATE
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, _italic_, lists, links, @mentions and #topics."),
        error_messages={"required": _("Write something first.")},
    )

    def __init__(self, *args: Any, groups: QuerySet[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
