"""`townhall import-org FILE.csv`: create and update people and units from an HR export."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from townhall.people import org_import
from townhall.people.models import Person


class Command(BaseCommand):
    help = (
        "Create or update people and org units from a CSV file, all-or-nothing. "
        "See docs/import-org.md for the columns."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The CSV file (UTF-8, comma or semicolon separated).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show the plan; write nothing.",
        )
        parser.add_argument(
            "--actor", default="", help="Email of the admin recorded in the audit log."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor: Person | None = None
        if options["actor"]:
            actor = Person.objects.filter(email__iexact=options["actor"].strip()).first()
            if actor is None:
                raise CommandError(f"No one has the email address {options['actor']}.")
        path = Path(options["file"])
        try:
            if path.stat().st_size > settings.ORG_IMPORT_MAX_BYTES:
                raise CommandError(
                    f"{path} is larger than the limit of {settings.ORG_IMPORT_MAX_BYTES} bytes "
                    "(TOWNHALL_ORG_IMPORT_MAX_BYTES)."
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            outcome = org_import.import_file(
                actor=actor, filename=path.name, data=data, dry_run=options["dry_run"]
            )
        except PermissionDenied as exc:
            raise CommandError(f"{actor} is not allowed to import the organisation.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        report = outcome.report
        if report["errors"]:
            for error in report["errors"]:
                row = error["row"] if error["row"] is not None else "-"
                column = error["column"] or "-"
                self.stderr.write(f"row {row}, {column}: {error['message']}")
            raise CommandError(
                f"{len(report['errors'])} problem(s) in {path.name}; nothing was changed."
            )
        summary = report["summary"]
        lines = [
            f"rows:             {summary['rows']}",
            f"people created:   {summary['people_created']}",
            f"people updated:   {summary['people_updated']}",
            f"people unchanged: {summary['people_unchanged']}",
            f"units created:    {summary['units_created']}",
            f"managers set:     {summary['managers_set']}",
        ]
        self.stdout.write("\n".join(lines))
        if outcome.org_import is None:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Import #{outcome.org_import.pk} applied from {path.name}.")
            )
