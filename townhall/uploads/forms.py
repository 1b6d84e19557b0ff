"""Form fields for files: several files in one input, each checked by its content."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from townhall.uploads import content


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class CheckedFileField(forms.FileField):
    """A file whose content must be one we accept, fit for `role` in a post."""

    def __init__(self, *args: Any, role: str, **kwargs: Any) -> None:
        self.role = role
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file:
            sniffed = content.sniff(file)
            content.check_fits(sniffed.kind, self.role)
        return file


class CheckedFilesField(CheckedFileField):
    """Several files in one input (`<input type=file multiple>`)."""

    def __init__(self, *args: Any, max_files: int, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > self.max_files:
            raise forms.ValidationError(content.too_many_files(self.max_files), code="max_files")
        errors: list[forms.ValidationError] = []
        cleaned: list[UploadedFile[bytes]] = []
        for file in files:
            try:
                cleaned.append(super().clean(file, initial))
            except forms.ValidationError as exc:
                name = content.safe_name(getattr(file, "name", ""))
                errors.extend(
                    forms.ValidationError(f"{name}: {message}") for message in exc.messages
                )
        if errors:
            raise forms.ValidationError(errors)
        return [f for f in cleaned if f]
