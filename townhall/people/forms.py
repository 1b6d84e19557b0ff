"""Input validation for the people pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from townhall.people.models import OrgUnit, Role


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    languages = forms.CharField(
        label=_("Languages you speak"),
        required=False,
        help_text=_("Language codes separated by commas, for example: en, nl, sv"),
    )
    ask_me_about = forms.CharField(
        label=_("Ask me about"),
        required=False,
        help_text=_("Topics separated by commas, for example: pricing, onboarding, Python"),
    )
    bio = forms.CharField(
        label=_("Bio"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Same as my browser"))] + [(c, n) for c, n in settings.LANGUAGES],
    )

    def clean_languages(self) -> list[str]:
        codes = [c.lower() for c in split_list(self.cleaned_data["languages"])]
        bad = [c for c in codes if not (2 <= len(c) <= 8 and c.replace("-", "").isalpha())]
        if bad:
            raise forms.ValidationError(
                _("These are not language codes: %(codes)s"), params={"codes": ", ".join(bad)}
            )
        return codes

    def clean_ask_me_about(self) -> list[str]:
        topics = split_list(self.cleaned_data["ask_me_about"])
        if len(topics) > 20:
            raise forms.ValidationError(_("List at most 20 topics."))
        return topics


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=[(c, n) for c, n in settings.LANGUAGES])


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        choices=[(r.value, r.label) for r in Role if r != Role.MEMBER],
        widget=forms.CheckboxSelectMultiple,
    )
    unit = forms.ModelChoiceField(
        label=_("Team"), queryset=OrgUnit.objects.order_by("path"), required=False
    )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        choices=[(r.value, r.label) for r in Role if r != Role.MEMBER],
        widget=forms.CheckboxSelectMultiple,
    )


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        error_messages={
            "required": _("Choose a CSV file to upload."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
