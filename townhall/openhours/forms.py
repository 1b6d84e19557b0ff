"""Input validation for the open-hour pages: scheduling, asking, answering, closing, merging."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.conversations.models import Post
from townhall.groups.models import Group
from townhall.openhours.models import Recurrence
from townhall.people.models import Person

DURATIONS = [
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1½ hours")),
    (120, _("2 hours")),
]


class ArticleChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title or obj.body[:60])


class LeaderChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        title = f" — {obj.job_title}" if obj.job_title else ""
        return f"{obj.display_name}{title}"


class OpenHourForm(forms.Form):
    """Scheduling a session; community managers also choose the leader who hosts it."""

    host = LeaderChoiceField(label=_("Leader"), queryset=Person.objects.none(), required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the session a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    article = ArticleChoiceField(
        label=_("Linked article"),
        queryset=Post.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("For example this week's blog post, to discuss in the session."),
    )
    audience = forms.ModelChoiceField(
        label=_("Audience"), queryset=Group.objects.none(), empty_label=None
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Choose when the session starts.")},
    )
    duration = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATIONS, coerce=int, initial=60
    )
    recurrence = forms.ChoiceField(
        label=_("Repeats"), choices=Recurrence.choices, initial=Recurrence.NONE
    )
    occurrences = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=12,
        initial=4,
        required=False,
        help_text=_("For a repeating session: how many to schedule now (2 to 12)."),
    )
    allow_anonymous = forms.BooleanField(
        label=_("Allow anonymous questions (screened by a community manager)"),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        leaders: Any = None,
        groups: Any = None,
        articles: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        host_field: forms.ModelChoiceField[Any] = self.fields["host"]  # type: ignore[assignment]
        if leaders is None:
            del self.fields["host"]
        else:
            host_field.queryset = leaders
            host_field.required = True
            host_field.empty_label = None
        audience_field: forms.ModelChoiceField[Any] = self.fields["audience"]  # type: ignore[assignment]
        audience_field.queryset = groups if groups is not None else Group.objects.none()
        article_field: forms.ModelChoiceField[Any] = self.fields["article"]  # type: ignore[assignment]
        article_field.queryset = articles if articles is not None else Post.objects.none()


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your question first.")},
    )
    anonymous = forms.BooleanField(
        label=_("Ask anonymously"),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "openhour-anonymous-help"}),
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your answer first.")},
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why close it?"),
        max_length=500,
        error_messages={"required": _("Say why you close this question.")},
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Duplicate of"),
        min_value=1,
        error_messages={"required": _("Choose the question it duplicates.")},
    )


class ScreenForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        error_messages={"required": _("Approve or reject the question.")},
    )
