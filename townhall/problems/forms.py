"""Input validation for the problem pages: the board's filters, raising, status changes."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.groups.models import Group
from townhall.problems.models import ProblemStatus

SCOPE_TREE = "tree"
SCOPE_UNIT = "unit"


class BoardFilterForm(forms.Form):
    """The board's filters; anything unknown falls back to 'everything in this part'."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ProblemStatus.choices],
    )
    scope = forms.ChoiceField(
        label=_("Units"),
        required=False,
        choices=[
            (SCOPE_TREE, _("This unit and its sub-units")),
            (SCOPE_UNIT, _("Only this unit")),
        ],
    )

    def filters(self) -> tuple[str, bool]:
        """(status or "", include sub-units), valid whatever was sent."""
        if not self.is_valid():
            return "", True
        return self.cleaned_data["status"], self.cleaned_data["scope"] != SCOPE_UNIT


class ProblemForm(forms.Form):
    """Raise a new problem from the board: a post in one of the author's groups."""

    title = forms.CharField(
        label=_("What is the problem?"),
        max_length=200,
        error_messages={"required": _("Give the problem a short title.")},
    )
    body = forms.CharField(
        label=_("Describe it"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 4, "data-mentions": ""}),
        help_text=_("What happens, since when, and who is affected. @mention people who can help."),
        error_messages={"required": _("Write something first.")},
    )
    group = forms.ModelChoiceField(
        label=_("Post in"), queryset=Group.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, groups: list[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["group"])  # type: ignore[type-arg]
        field.queryset = Group.objects.filter(pk__in=[g.pk for g in groups])
        # Keep the caller's order (the unit's own group first).
        field.choices = [(g.pk, g.name) for g in groups]
        if groups and not self.is_bound:
            self.initial.setdefault("group", groups[0].pk)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ProblemStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when resolving: say how it was fixed."),
    )
