"""Input validation for the group pages: creating a group, inviting a colleague."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.groups.models import Visibility


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can find and read it"),
        choices=Visibility.choices,
        initial=Visibility.OPEN,
        help_text=_(
            "Open: everyone can read and join. Private: listed, members read, others ask to "
            "join. Secret: only members know it exists."
        ),
    )


class InviteForm(forms.Form):
    who = forms.CharField(
        label=_("Email address or @handle"),
        max_length=254,
        error_messages={"required": _("Tell us whom to invite.")},
    )
