"""Input for the notification settings page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.notifications.models import DigestFrequency, EmailMode, Kind


class PreferencesForm(forms.Form):
    digest = forms.ChoiceField(label=_("Digest email"), choices=DigestFrequency.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[f"email_{kind}"] = forms.ChoiceField(label=label, choices=EmailMode.choices)

    def email_fields(self) -> list[forms.BoundField]:
        return [self[f"email_{kind}"] for kind in Kind.values]

    def email_modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"email_{kind}"] for kind in Kind.values}
