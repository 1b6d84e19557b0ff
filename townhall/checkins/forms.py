"""Input validation for the check-in pages: my check-in, and a unit's reminder day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.checkins.models import PROMPT_MAX_CHARS, Weekday
from townhall.groups.models import Group

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _prompt(label: StrOrPromise, placeholder: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=PROMPT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": placeholder}),
    )


class CheckInForm(forms.Form):
    did = _prompt(
        _("What I did last week"), _("Shipped, decided, learned, finished… a few lines is plenty.")
    )
    doing = _prompt(_("What I'm taking on this week"), _("Your focus for the coming days."))
    need_help = _prompt(
        _("Where I need help"), _("A question, a blocker, a person you would like to meet.")
    )
    share_with = forms.ModelChoiceField(
        label=_("Also share it in"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("Only my unit's group"),
    )

    def __init__(self, *args: Any, groups: list[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["share_with"])  # type: ignore[type-arg]
        field.queryset = Group.objects.filter(pk__in=[g.pk for g in groups])
        field.choices = [("", field.empty_label), *((g.pk, g.name) for g in groups)]


class ReminderForm(forms.Form):
    reminder_weekday = forms.TypedChoiceField(
        label=_("Remind the team on"), choices=Weekday.choices, coerce=int
    )
    reminders_enabled = forms.BooleanField(label=_("Send reminders"), required=False)
