"""`townhall createadmin`: the first admin account."""

from __future__ import annotations

import getpass
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from townhall.people.models import Role
from townhall.people.services import create_person


class Command(BaseCommand):
    help = "Create an admin account."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password", default=None, help="Prompted for when not given (safer than the shell)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or getpass.getpass("Password: ")
        try:
            from django.contrib.auth.password_validation import validate_password

            validate_password(password)
            person = create_person(
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                password=password,
                roles=[Role.ADMIN.value],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Admin {person.email} created."))
