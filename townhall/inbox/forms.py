"""Input validation for the inbox's inline actions and settings (pages; the API has schemas)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.inbox.services import CLOSE_REASON_MAX, DELEGATION_NOTE_MAX


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise forms.ValidationError(_("Enter a valid value."), code="invalid")


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=10_000, validators=[_no_nul], strip=True
    )


class SnoozeForm(forms.Form):
    until = forms.ChoiceField(
        label=_("Snooze until"),
        choices=[
            ("tomorrow", _("Tomorrow")),
            ("next_week", _("Next week")),
            ("date", _("Another day")),
        ],
    )
    date = forms.DateField(label=_("Another day"), required=False)


class DelegateForm(forms.Form):
    to = forms.CharField(label=_("Who should take this?"), max_length=80, validators=[_no_nul])
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=DELEGATION_NOTE_MAX,
        required=False,
        validators=[_no_nul],
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why close it?"), max_length=CLOSE_REASON_MAX, validators=[_no_nul]
    )


class SettingsForm(forms.Form):
    daily_summary = forms.BooleanField(label=_("Email me a daily summary"), required=False)
