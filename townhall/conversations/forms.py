"""Input validation for the conversation pages: composer, comments, edits, shares."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from townhall.conversations.models import PostKind, ReactionKind
from townhall.groups.models import Group
from townhall.uploads.forms import CheckedFileField, CheckedFilesField
from townhall.uploads.models import UploadRole

IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"

LANGUAGE_CHOICES = [
    ("", _("Detect automatically")),
    ("en", "English"),
    ("nl", "Nederlands"),
    ("sv", "Svenska"),
    ("nb", "Norsk bokmål"),
]


class PostForm(forms.Form):
    """The composer. Which kinds and groups are offered depends on the author."""

    kind = forms.ChoiceField(label=_("Kind of post"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("What would you like to share?"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write something first.")},
    )
    group = forms.ModelChoiceField(
        label=_("Post in"), queryset=Group.objects.none(), empty_label=None
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    attachments = CheckedFilesField(
        label=_("Attach images or files"),
        required=False,
        role=UploadRole.ATTACHMENT,
        max_files=settings.UPLOAD_MAX_ATTACHMENTS,
        help_text=_("Images, PDF, Word, Excel, PowerPoint or OpenDocument files."),
    )
    cover = CheckedFileField(
        label=_("Cover image"),
        required=False,
        role=UploadRole.COVER,
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )
    video = CheckedFileField(
        label=_("Video (MP4 or WebM)"),
        required=False,
        role=UploadRole.VIDEO,
        widget=forms.FileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    poster = CheckedFileField(
        label=_("Poster image (shown before the video plays)"),
        required=False,
        role=UploadRole.POSTER,
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )
    transcript = forms.CharField(
        label=_("Transcript (optional)"),
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, groups: list[Group], can_announce: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.can_announce = can_announce
        kinds = [PostKind.UPDATE, PostKind.QUESTION, PostKind.ARTICLE, PostKind.VIDEO]
        if can_announce:
            kinds.append(PostKind.ANNOUNCEMENT)
        # Every known kind is accepted here so that the service gives the one clear answer
        # ("only leaders can announce") instead of a generic "not a valid choice".
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (k.value, k.label) for k in PostKind
        ]
        self.offered_kinds = [(k.value, k.label) for k in kinds]
        self.fields["kind"].initial = PostKind.UPDATE
        group_field = cast(forms.ModelChoiceField, self.fields["group"])  # type: ignore[type-arg]
        group_field.queryset = Group.objects.filter(pk__in=[g.pk for g in groups])
        group_field.choices = [(g.pk, g.name) for g in groups]
        self.fields["body"].widget.attrs["placeholder"] = _(
            "Share an update, ask a question… use #topics and @mentions"
        )


class EditPostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": ""}),
        error_messages={"required": _("Write something first.")},
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write something first.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class ShareForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Share into"), queryset=Group.objects.none())
    comment = forms.CharField(label=_("Add a comment"), max_length=2000, required=False)

    def __init__(self, *args: Any, groups: list[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = cast(forms.ModelChoiceField, self.fields["group"])  # type: ignore[type-arg]
        group_field.queryset = Group.objects.filter(pk__in=[g.pk for g in groups])
