"""The people part of the REST API: the same services and selectors as the pages."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema

from townhall.people.models import Person

router = Router(tags=["people"])


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str


@router.get("/me", response=MeOut, summary="The signed-in person")
def me(request: HttpRequest) -> Person:
    return cast(Person, request.user)
