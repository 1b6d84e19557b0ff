"""The org-chart CSV import: read and validate a whole file into a plan, then apply it at once.

Nothing is written unless every row is valid; applying re-plans against the current database
inside one transaction, so a preview that went stale cannot half-apply.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.governance.services import record_audit
from townhall.groups.services import sync_unit_groups
from townhall.people import permissions, services
from townhall.people.models import OrgImport, OrgUnit, Person, Role, UnitKind

COLUMNS = (
    "email",
    "employee_id",
    "first_name",
    "last_name",
    "job_title",
    "location",
    "country",
    "languages",
    "unit",
    "manager_email",
    "manages_unit",
    "roles",
)
REQUIRED_COLUMNS = ("email",)
TEXT_FIELDS = ("first_name", "last_name", "job_title", "location")
YES = frozenset({"yes", "true", "1"})
NO = frozenset({"no", "false", "0", ""})
MAX_LANGUAGES = 10
MAX_LANGUAGE_LENGTH = 8
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
LIST_SEPARATOR = re.compile(r"[;,]")
# A slash with whitespace (or the cell's edge) on both sides, so "R/D" stays one unit name.
UNIT_SEPARATOR = re.compile(r"\s*(?<!\S)/(?!\S)\s*")
UNIT_KINDS = (UnitKind.COMPANY, UnitKind.DIVISION, UnitKind.DEPARTMENT)
CHANGES_SHOWN = 500
# SQLite allows 32,766 bound parameters; stay far below for id lists.
CHUNK = 900
ISO_COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
    """.split()
)


class RowError(TypedDict):
    row: int | None
    column: str
    message: str


class FieldChange(TypedDict):
    field: str
    before: str
    after: str


class Change(TypedDict):
    row: int
    action: str  # create_person | update_person | create_unit | set_manager
    target: str
    fields: list[FieldChange]


class Summary(TypedDict):
    rows: int
    people_created: int
    people_updated: int
    people_unchanged: int
    units_created: int
    managers_set: int


class Report(TypedDict):
    errors: list[RowError]
    summary: Summary
    changes: list[Change]
    changes_total: int


def _max_length(model: type[Person] | type[OrgUnit], name: str) -> int:
    return int(getattr(model._meta.get_field(name), "max_length", 0) or 0)


MAX_LENGTHS = {
    "email": _max_length(Person, "email"),
    "employee_id": _max_length(Person, "employee_id"),
    **{name: _max_length(Person, name) for name in TEXT_FIELDS},
}
UNIT_NAME_MAX = _max_length(OrgUnit, "name")


# --- Reading the file -------------------------------------------------------------------------


def read_upload(upload: UploadedFile[bytes]) -> bytes:
    """The bytes of an uploaded file, refusing oversized files before reading them."""
    if upload.size is not None and upload.size > settings.ORG_IMPORT_MAX_BYTES:
        raise _too_large()
    data = upload.read()
    return data if isinstance(data, bytes) else data.encode()


def _too_large() -> ValidationError:
    return ValidationError(
        _("The file is too large: the limit is %(limit)s.")
        % {"limit": filesizeformat(settings.ORG_IMPORT_MAX_BYTES)},
        code="too_large",
    )


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV (UTF-8, with or without BOM); file-level problems raise."""
    if len(data) > settings.ORG_IMPORT_MAX_BYTES:
        raise _too_large()
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if b"\x00" in data:
        raise ValidationError(
            _("This is not a CSV file. Export the org chart as CSV (UTF-8) and try again."),
            code="not_csv",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."),
            code="encoding",
        ) from exc


@dataclass
class CsvRow:
    number: int
    cells: dict[str, str]


@dataclass
class CsvFile:
    columns: set[str]
    rows: list[CsvRow]
    errors: list[RowError]


def _column_name(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def _not_csv() -> ValidationError:
    return ValidationError(
        _(
            "This does not look like an org-chart CSV file: the first row must name the "
            "columns, for example email,first_name,last_name,unit."
        ),
        code="not_csv",
    )


def parse_csv(text: str) -> CsvFile:
    """Split the text into rows keyed by column; header problems become row-1 errors."""
    text = text.removeprefix("\ufeff")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    errors: list[RowError] = []
    try:
        header: list[str] | None = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
    except csv.Error as exc:
        raise _not_csv() from exc
    if header is None:
        raise ValidationError(_("The file is empty."), code="empty")
    header_row = reader.line_num
    names = [_column_name(h) for h in header]
    if not set(names) & set(COLUMNS):
        raise _not_csv()
    seen: set[str] = set()
    for original, name in zip(header, names, strict=True):
        if not name:
            continue
        if name not in COLUMNS:
            errors.append(
                {
                    "row": header_row,
                    "column": original.strip(),
                    "message": _("Unknown column. The columns are: %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)},
                }
            )
        elif name in seen:
            errors.append(
                {"row": header_row, "column": name, "message": _("This column appears twice.")}
            )
        seen.add(name)
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            errors.append(
                {
                    "row": header_row,
                    "column": required,
                    "message": _("The required column “%(column)s” is missing from the header.")
                    % {"column": required},
                }
            )
    positions = {name: i for i, name in reversed(list(enumerate(names))) if name in COLUMNS}
    rows: list[CsvRow] = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ValidationError(
                _("Line %(line)d is not valid CSV: %(error)s") % {"line": start, "error": exc},
                code="not_csv",
            ) from exc
        if not any(cell.strip() for cell in record):
            continue
        if any(cell.strip() for cell in record[len(names) :]):
            errors.append(
                {
                    "row": start,
                    "column": "",
                    "message": _("This row has more cells than the header has columns."),
                }
            )
        cells = {
            name: record[i].strip() if i < len(record) else "" for name, i in positions.items()
        }
        rows.append(CsvRow(number=start, cells=cells))
    return CsvFile(columns=set(positions), rows=rows, errors=errors)


# --- Checking one row on its own ------------------------------------------------------------


@dataclass
class CleanRow:
    number: int
    email: str
    employee_id: str
    values: dict[str, Any]  # plain Person fields from the columns present
    unit: tuple[str, ...] | None  # segment names from the root, or None for "no unit"
    manager_email: str | None
    manages_unit: bool
    roles: set[str]


def _clean_row(row: CsvRow, errors: list[RowError]) -> CleanRow | None:
    cells = row.cells

    def add(column: str, message: str) -> None:
        errors.append({"row": row.number, "column": column, "message": message})

    def too_long(column: str, limit: int) -> None:
        add(column, _("This is too long: at most %(max)d characters.") % {"max": limit})

    before = len(errors)
    email = cells.get("email", "").lower()
    if not email:
        add("email", _("An email address is required."))
    elif len(email) > MAX_LENGTHS["email"]:
        too_long("email", MAX_LENGTHS["email"])
    else:
        try:
            validate_email(email)
        except ValidationError:
            add("email", _("“%(value)s” is not a valid email address.") % {"value": email})
    email_bad = len(errors) > before

    values: dict[str, Any] = {}
    employee_id = cells.get("employee_id", "")
    if len(employee_id) > MAX_LENGTHS["employee_id"]:
        too_long("employee_id", MAX_LENGTHS["employee_id"])
    for name in TEXT_FIELDS:
        if name in cells:
            value = " ".join(cells[name].split())
            if len(value) > MAX_LENGTHS[name]:
                too_long(name, MAX_LENGTHS[name])
            values[name] = value

    if "country" in cells:
        country = cells["country"].upper()
        if country and country not in ISO_COUNTRIES:
            add(
                "country",
                _("“%(value)s” is not an ISO 3166 two-letter country code, such as SE or NL.")
                % {"value": cells["country"]},
            )
        values["country"] = country

    if "languages" in cells:
        languages: list[str] = []
        for code in (c.strip().lower() for c in LIST_SEPARATOR.split(cells["languages"])):
            if not code:
                continue
            if len(code) > MAX_LANGUAGE_LENGTH or not LANGUAGE_CODE.match(code):
                add(
                    "languages",
                    _("“%(value)s” is not a language code, such as en or sv.") % {"value": code},
                )
            elif code not in languages:
                languages.append(code)
        if len(languages) > MAX_LANGUAGES:
            add(
                "languages",
                _("List at most %(max)d languages.") % {"max": MAX_LANGUAGES},
            )
        values["languages"] = languages

    unit: tuple[str, ...] | None = None
    if cells.get("unit"):
        segments = tuple(" ".join(s.split()) for s in UNIT_SEPARATOR.split(cells["unit"]))
        if not all(segments):
            add(
                "unit",
                _("The unit path has an empty part; separate units with “ / ”."),
            )
        elif any(len(s) > UNIT_NAME_MAX for s in segments):
            too_long("unit", UNIT_NAME_MAX)
        else:
            unit = segments

    manager_email: str | None = None
    if "manager_email" in cells:
        manager_email = cells["manager_email"].lower()
        if manager_email:
            try:
                validate_email(manager_email)
            except ValidationError:
                add(
                    "manager_email",
                    _("“%(value)s” is not a valid email address.") % {"value": manager_email},
                )
                manager_email = None

    manages = cells.get("manages_unit", "").lower()
    if manages not in YES | NO:
        add(
            "manages_unit",
            _("Write yes or no (or true/false, 1/0), not “%(value)s”.")
            % {"value": cells.get("manages_unit", "")},
        )
    manages_unit = manages in YES
    if manages_unit and not cells.get("unit"):
        add("manages_unit", _("Only a person with a unit can manage it; fill in the unit."))
    manages_unit = manages_unit and unit is not None

    roles: set[str] = set()
    for role in (r.strip().lower() for r in LIST_SEPARATOR.split(cells.get("roles", ""))):
        if not role or role == Role.MEMBER.value:
            continue
        if role not in services.ROLE_FIELDS:
            add(
                "roles",
                _("Unknown role “%(role)s”; use leader, community_manager or admin.")
                % {"role": role},
            )
        else:
            roles.add(role)

    # A row with a usable email still takes part in the checks across rows (duplicates,
    # managers, cycles), so one upload reports all of a row's problems at once.
    if email_bad:
        return None
    return CleanRow(
        number=row.number,
        email=email,
        employee_id=employee_id,
        values=values,
        unit=unit,
        manager_email=manager_email,
        manages_unit=manages_unit,
        roles=roles,
    )


# --- Planning the whole file against the database --------------------------------------------


@dataclass
class PersonPlan:
    row: CleanRow
    key: str  # "p<pk>" for existing people, "n<email>" for new ones
    existing: Person | None
    updates: dict[str, Any] = field(default_factory=dict)  # plain fields to write
    unit_key: tuple[str, ...] | None = None
    set_unit: bool = False
    manager_key: str | None = None
    set_manager: bool = False
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class NewUnit:
    name: str
    row: int


@dataclass
class Plan:
    errors: list[RowError]
    rows: int = 0
    people: list[PersonPlan] = field(default_factory=list)
    units: dict[tuple[str, ...], OrgUnit] = field(default_factory=dict)
    new_units: dict[tuple[str, ...], NewUnit] = field(default_factory=dict)
    unit_managers: dict[tuple[str, ...], tuple[str, int]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    summary: Summary | None = None

    def report(self) -> Report:
        summary = self.summary or _empty_summary(self.rows)
        errors = sorted(
            self.errors,
            key=lambda e: (
                e["row"] or 0,
                COLUMNS.index(e["column"]) if e["column"] in COLUMNS else len(COLUMNS),
            ),
        )
        return {
            "errors": errors,
            "summary": summary,
            "changes": self.changes[:CHANGES_SHOWN],
            "changes_total": len(self.changes),
        }


def _empty_summary(rows: int = 0) -> Summary:
    return {
        "rows": rows,
        "people_created": 0,
        "people_updated": 0,
        "people_unchanged": 0,
        "units_created": 0,
        "managers_set": 0,
    }


def _unit_key(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(" ".join(n.split()).lower() for n in names)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def plan_import(text: str) -> Plan:
    """Validate every row of the file against itself and the database; no writes, no per-row
    queries. The plan's errors list every bad row; an empty list means it can be applied."""
    parsed = parse_csv(text)
    errors = list(parsed.errors)
    plan = Plan(errors=errors, rows=len(parsed.rows))
    if any(e["column"] in REQUIRED_COLUMNS for e in parsed.errors):
        return plan
    columns = parsed.columns
    # Rows with their own errors still count as "in the file" for others' manager_email,
    # so one bad row does not cascade into "unknown manager" errors elsewhere.
    emails_in_file = {row.cells.get("email", "").lower() for row in parsed.rows}

    clean: list[CleanRow] = []
    by_email: dict[str, CleanRow] = {}
    by_employee_id: dict[str, CleanRow] = {}
    for csv_row in parsed.rows:
        row = _clean_row(csv_row, errors)
        if row is None:
            continue
        first = by_email.get(row.email)
        if first is not None:
            errors.append(
                {
                    "row": row.number,
                    "column": "email",
                    "message": _("This email address is already used in row %(row)d.")
                    % {"row": first.number},
                }
            )
            continue
        if row.employee_id:
            first = by_employee_id.get(row.employee_id)
            if first is not None:
                errors.append(
                    {
                        "row": row.number,
                        "column": "employee_id",
                        "message": _("This employee id is already used in row %(row)d.")
                        % {"row": first.number},
                    }
                )
                continue
            by_employee_id[row.employee_id] = row
        by_email[row.email] = row
        clean.append(row)

    # Everyone's id, email, employee id and manager in one read: matching and cycles need it.
    db_email: dict[str, int] = {}
    db_employee_id: dict[str, int] = {}
    db_reports_to: dict[int, int | None] = {}
    email_of: dict[str, str] = {}
    for pk, email, employee_id, reports_to_id in Person.objects.values_list(
        "id", "email", "employee_id", "reports_to_id"
    ):
        db_email[email.lower()] = pk
        if employee_id:
            db_employee_id[employee_id] = pk
        db_reports_to[pk] = reports_to_id
        email_of[f"p{pk}"] = email.lower()

    matched: dict[int, CleanRow] = {}
    match_of: dict[int, int] = {}  # row number -> person id
    for row in clean:
        pk_by_id = db_employee_id.get(row.employee_id) if row.employee_id else None
        pk_by_email = db_email.get(row.email)
        found = pk_by_id if pk_by_id is not None else pk_by_email
        if pk_by_id is not None and pk_by_email is not None and pk_by_id != pk_by_email:
            errors.append(
                {
                    "row": row.number,
                    "column": "email",
                    "message": _(
                        "This email address belongs to someone else than employee id "
                        "%(employee_id)s."
                    )
                    % {"employee_id": row.employee_id},
                }
            )
            continue
        if found is None:
            continue
        other = matched.get(found)
        if other is not None:
            errors.append(
                {
                    "row": row.number,
                    "column": "email",
                    "message": _("Row %(row)d already describes this person.")
                    % {"row": other.number},
                }
            )
            continue
        matched[found] = row
        match_of[row.number] = found

    existing: dict[int, Person] = {}
    for ids in _chunks(sorted(matched)):
        existing.update((p.pk, p) for p in Person.objects.filter(pk__in=ids))
    for pk, row in matched.items():
        person = existing[pk]
        if row.employee_id and person.employee_id and person.employee_id != row.employee_id:
            errors.append(
                {
                    "row": row.number,
                    "column": "employee_id",
                    "message": _(
                        "The person with this email address has employee id %(employee_id)s."
                    )
                    % {"employee_id": person.employee_id},
                }
            )

    people: list[PersonPlan] = []
    key_of_email: dict[str, str] = {}
    for row in clean:
        match = match_of.get(row.number)
        key = f"p{match}" if match is not None else f"n{row.email}"
        people.append(PersonPlan(row=row, key=key, existing=existing.get(match) if match else None))
        key_of_email[row.email] = key
        email_of[key] = row.email
    row_of_key = {p.key: p.row.number for p in people}

    # Units: the whole tree in one read, keyed by lower-cased names from the root.
    units: dict[tuple[str, ...], OrgUnit] = {}
    unit_label: dict[tuple[str, ...], str] = {}
    key_of_unit: dict[int, tuple[str, ...]] = {}
    for unit in OrgUnit.objects.order_by("depth", "id"):
        parent_key = key_of_unit.get(unit.parent_id) if unit.parent_id else ()
        if parent_key is None:
            continue
        unit_key = (*parent_key, " ".join(unit.name.split()).lower())
        key_of_unit[unit.pk] = unit_key
        units.setdefault(unit_key, unit)
        unit_label[unit_key] = " / ".join(filter(None, [unit_label.get(parent_key, ""), unit.name]))
    plan.units = units
    for person_plan in people:
        segments = person_plan.row.unit
        if segments is None:
            continue
        for depth in range(1, len(segments) + 1):
            prefix = _unit_key(segments[:depth])
            if prefix not in units and prefix not in plan.new_units:
                plan.new_units[prefix] = NewUnit(
                    name=segments[depth - 1], row=person_plan.row.number
                )
                unit_label[prefix] = " / ".join(segments[:depth])

    # Managers: in the file or already in Townhall; never oneself.
    graph: dict[str, str | None] = {
        f"p{pk}": (f"p{m}" if m is not None else None) for pk, m in db_reports_to.items()
    }
    for person_plan in people:
        row = person_plan.row
        if person_plan.existing is None:
            graph[person_plan.key] = None
        if row.manager_email is None:
            continue
        manager_key: str | None = None
        if row.manager_email:
            manager_key = key_of_email.get(row.manager_email)
            if manager_key is None and row.manager_email in db_email:
                manager_key = f"p{db_email[row.manager_email]}"
            if manager_key is None and row.manager_email in emails_in_file:
                continue
            if manager_key is None:
                errors.append(
                    {
                        "row": row.number,
                        "column": "manager_email",
                        "message": _(
                            "No one with the email address %(email)s is in the file or in Townhall."
                        )
                        % {"email": row.manager_email},
                    }
                )
                continue
            if manager_key == person_plan.key:
                errors.append(
                    {
                        "row": row.number,
                        "column": "manager_email",
                        "message": _("A person cannot be their own manager."),
                    }
                )
                continue
        person_plan.manager_key = manager_key
        person_plan.set_manager = True
        graph[person_plan.key] = manager_key
    _find_cycles(people, graph, email_of, row_of_key, errors)

    # Unit managers: at most one per unit.
    claims: dict[tuple[str, ...], list[PersonPlan]] = defaultdict(list)
    for person_plan in people:
        if person_plan.row.manages_unit and person_plan.row.unit is not None:
            claims[_unit_key(person_plan.row.unit)].append(person_plan)
    for unit_key, claimants in claims.items():
        if len(claimants) > 1:
            rows = ", ".join(str(c.row.number) for c in claimants)
            for claimant in claimants:
                errors.append(
                    {
                        "row": claimant.row.number,
                        "column": "manages_unit",
                        "message": _(
                            "Rows %(rows)s each say they manage %(unit)s; a unit has one manager."
                        )
                        % {"rows": rows, "unit": unit_label[unit_key]},
                    }
                )
        else:
            plan.unit_managers[unit_key] = (claimants[0].key, claimants[0].row.number)

    if errors:
        return plan
    plan.people = people
    _diff(plan, columns, unit_label, email_of)
    return plan


def _find_cycles(
    people: list[PersonPlan],
    graph: dict[str, str | None],
    email_of: dict[str, str],
    row_of_key: dict[str, int],
    errors: list[RowError],
) -> None:
    """Report every reporting cycle that passes through a row of the file; linear time."""
    state: dict[str, int] = {}  # 1 on the current walk, 2 finished
    for person_plan in people:
        node: str | None = person_plan.key
        walk: list[str] = []
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = graph.get(node)
        if node is not None and state[node] == 1:
            cycle = walk[walk.index(node) :]
            chain = " → ".join(email_of.get(k, k) for k in [*cycle, cycle[0]])
            for key in cycle:
                if key in row_of_key:
                    errors.append(
                        {
                            "row": row_of_key[key],
                            "column": "manager_email",
                            "message": _("Reporting cycle: %(chain)s.") % {"chain": chain},
                        }
                    )
        for key in walk:
            state[key] = 2


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _diff(
    plan: Plan,
    columns: set[str],
    unit_label: dict[tuple[str, ...], str],
    email_of: dict[str, str],
) -> None:
    """Work out what each row changes, and the summary and change list for the preview."""
    summary = _empty_summary(plan.rows)
    managing = {key for key, _row in plan.unit_managers.values()}
    label_of_unit_id = {unit.pk: unit_label[key] for key, unit in plan.units.items()}
    person_changes: list[Change] = []
    for p in plan.people:
        row, person = p.row, p.existing
        wanted: dict[str, Any] = {}
        if person is None or person.email.lower() != row.email:
            wanted["email"] = row.email
        if row.employee_id:
            wanted["employee_id"] = row.employee_id
        wanted.update(row.values)
        for role in row.roles:
            wanted[services.ROLE_FIELDS[role]] = True
        if p.key in managing:
            wanted["is_leader"] = True
        for name, value in wanted.items():
            before = getattr(person, name) if person is not None else None
            if person is None or before != value:
                p.updates[name] = value
                # A new person's email is the change's target; empty values say nothing.
                if person is not None or (name != "email" and value not in ("", [], False)):
                    p.changes.append(
                        {"field": name, "before": _shown(before), "after": _shown(value)}
                    )
        if "unit" in columns:
            p.unit_key = _unit_key(row.unit) if row.unit is not None else None
            current = person.primary_unit_id if person is not None else None
            target = plan.units.get(p.unit_key) if p.unit_key is not None else None
            moves = (
                target.pk != current
                if target is not None
                else p.unit_key is not None or current is not None
            )
            if moves:
                p.set_unit = True
                p.changes.append(
                    {
                        "field": "unit",
                        "before": label_of_unit_id.get(current, "") if current else "",
                        "after": unit_label[p.unit_key] if p.unit_key else "",
                    }
                )
        if p.set_manager:
            current_key = (
                f"p{person.reports_to_id}" if person is not None and person.reports_to_id else None
            )
            if p.manager_key != current_key:
                p.changes.append(
                    {
                        "field": "manager",
                        "before": email_of.get(current_key, "") if current_key else "",
                        "after": email_of.get(p.manager_key, "") if p.manager_key else "",
                    }
                )
            else:
                p.set_manager = False
        if person is None:
            summary["people_created"] += 1
            action = "create_person"
        elif p.changes:
            summary["people_updated"] += 1
            action = "update_person"
        else:
            summary["people_unchanged"] += 1
            continue
        person_changes.append(
            {"row": row.number, "action": action, "target": row.email, "fields": p.changes}
        )

    unit_changes: list[Change] = []
    for key, new in plan.new_units.items():
        unit_changes.append(
            {
                "row": new.row,
                "action": "create_unit",
                "target": unit_label[key],
                "fields": [{"field": "kind", "before": "", "after": str(_kind(len(key)).label)}],
            }
        )
    summary["units_created"] = len(plan.new_units)
    for key, (person_key, row_number) in list(plan.unit_managers.items()):
        unit = plan.units.get(key)
        holder = f"p{unit.manager_id}" if unit is not None and unit.manager_id else None
        if holder == person_key:
            del plan.unit_managers[key]
            continue
        summary["managers_set"] += 1
        unit_changes.append(
            {
                "row": row_number,
                "action": "set_manager",
                "target": unit_label[key],
                "fields": [
                    {
                        "field": "manager",
                        "before": email_of.get(holder, "") if holder else "",
                        "after": email_of[person_key],
                    }
                ],
            }
        )
    order = {"create_unit": 0, "set_manager": 1, "create_person": 2, "update_person": 2}
    plan.changes = sorted(
        [*unit_changes, *person_changes], key=lambda c: (c["row"], order[c["action"]])
    )
    plan.summary = summary


def _kind(depth: int) -> UnitKind:
    """Kind by depth below the root (1 = the root): company, division, department, team."""
    return UNIT_KINDS[depth - 1] if depth <= len(UNIT_KINDS) else UnitKind.TEAM


# --- Applying --------------------------------------------------------------------------------


def _apply(plan: Plan) -> None:
    units = dict(plan.units)
    for key, new in plan.new_units.items():
        units[key] = services.create_unit(
            actor=None,
            name=new.name,
            kind=_kind(len(key)),
            parent=units[key[:-1]] if len(key) > 1 else None,
        )

    person_of: dict[str, Person] = {}
    old_email: dict[str, str] = {}
    for p in plan.people:
        person = p.existing if p.existing is not None else Person()
        old_email[p.key] = person.email
        for name, value in p.updates.items():
            setattr(person, name, value)
        if p.set_unit:
            person.primary_unit = units[p.unit_key] if p.unit_key is not None else None
        if p.existing is None:
            person.set_unusable_password()
        services.refresh_search_fields(person)
        person_of[p.key] = person

    def pk_of(key: str | None) -> int | None:
        if key is None:
            return None
        return int(key[1:]) if key.startswith("p") else person_of[key].pk

    # New people are inserted in waves down the reporting lines, so each row is written once
    # with its manager already known (validation has ruled out cycles).
    planned = {p.key: p for p in plan.people}
    level: dict[str, int] = {}
    waves: dict[int, list[PersonPlan]] = defaultdict(list)
    for p in plan.people:
        if p.existing is None:
            waves[_wave(p.key, planned, level)].append(p)
    for depth in sorted(waves):
        batch = []
        for p in waves[depth]:
            person = person_of[p.key]
            person.reports_to_id = pk_of(p.manager_key)
            batch.append(person)
        Person.objects.bulk_create(batch, batch_size=500)
        if any(person.pk is None for person in batch):  # a database without RETURNING
            ids = dict(
                Person.objects.filter(email__in=[p.email for p in batch]).values_list("email", "id")
            )
            for person in batch:
                person.pk = ids[person.email]
    created = [person_of[p.key] for p in plan.people if p.existing is None]
    services.assign_missing_handles()
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=person, email=person.email, primary=True, verified=True)
            for person in created
        ],
        batch_size=500,
    )

    for p in plan.people:
        if p.existing is None:
            continue
        person = person_of[p.key]
        fields = set(p.updates)
        if "email" in p.updates:
            EmailAddress.objects.filter(user_id=person.pk, email__iexact=old_email[p.key]).update(
                email=person.email
            )
        if p.set_unit:
            fields.add("primary_unit")
        if p.set_manager:
            person.reports_to_id = pk_of(p.manager_key)
            fields.add("reports_to")
        if fields:
            person.save(update_fields=sorted(fields | set(services.SEARCH_COLUMNS)))

    for key, (person_key, _row) in plan.unit_managers.items():
        unit = units[key]
        unit.manager_id = pk_of(person_key)
        unit.save(update_fields=["manager"])
    sync_unit_groups()  # unit groups follow the chart, in the import's own transaction


def _wave(key: str, planned: dict[str, PersonPlan], level: dict[str, int]) -> int:
    """How many new people stand between this new person and an existing manager (or none)."""
    chain: list[str] = []
    node = key
    while node not in level:
        boss = planned[node].manager_key
        if boss is None or not boss.startswith("n"):
            level[node] = 0
            break
        chain.append(node)
        node = boss
    for below in reversed(chain):
        level[below] = level[node] + 1
        node = below
    return level[key]


def _authorise(actor: Person | None) -> None:
    # No actor means the console command: whoever runs it already has the database.
    if actor is not None and not permissions.can_import_org(actor):
        raise PermissionDenied


def _audit(actor: Person | None, org_import: OrgImport, summary: Summary) -> None:
    record_audit(
        actor=actor,
        action="org.import",
        target=org_import,
        details={"filename": org_import.filename, **summary},
    )


def _clean_filename(filename: str) -> str:
    # Only for display; uploads can carry control characters PostgreSQL will not store.
    return "".join(ch for ch in filename if ch.isprintable())[:255]


def preview_import(*, actor: Person, filename: str, data: bytes) -> OrgImport:
    """Validate an uploaded CSV and keep it as a previewed (or failed) import; writes no people."""
    _authorise(actor)
    text = decode_csv(data)
    plan = plan_import(text)
    return OrgImport.objects.create(
        uploaded_by=actor,
        filename=_clean_filename(filename),
        content=text,
        status=OrgImport.Status.FAILED if plan.errors else OrgImport.Status.PREVIEWED,
        report=plan.report(),
    )


def apply_import(*, actor: Person | None, org_import: OrgImport) -> OrgImport:
    """Apply a previewed import all-or-nothing, re-validated against the database as it is now.

    When the organisation changed so that the file no longer fits, the import is marked failed
    with the new errors and no person or unit is written.
    """
    _authorise(actor)
    with transaction.atomic():
        locked = OrgImport.objects.select_for_update().get(pk=org_import.pk)
        if locked.status != OrgImport.Status.PREVIEWED:
            raise ValidationError(
                _("Only a previewed import without errors can be applied, and only once."),
                code="not_previewed",
            )
        plan = plan_import(locked.content)
        locked.report = dict(plan.report())
        if plan.errors:
            locked.status = OrgImport.Status.FAILED
            locked.save(update_fields=["status", "report"])
            return locked
        _apply(plan)
        locked.status = OrgImport.Status.APPLIED
        locked.applied_at = timezone.now()
        locked.save(update_fields=["status", "report", "applied_at"])
        _audit(actor, locked, plan.report()["summary"])
    return locked


@dataclass
class ImportOutcome:
    report: Report
    org_import: OrgImport | None


def import_file(
    *, actor: Person | None, filename: str, data: bytes, dry_run: bool = False
) -> ImportOutcome:
    """Validate and (unless `dry_run`) apply a CSV in one go; with errors nothing is written."""
    _authorise(actor)
    text = decode_csv(data)
    if dry_run:
        return ImportOutcome(report=plan_import(text).report(), org_import=None)
    with transaction.atomic():
        plan = plan_import(text)
        report = plan.report()
        if plan.errors:
            return ImportOutcome(report=report, org_import=None)
        org_import = OrgImport.objects.create(
            uploaded_by=actor,
            filename=_clean_filename(filename),
            content=text,
            status=OrgImport.Status.APPLIED,
            report=report,
            applied_at=timezone.now(),
        )
        _apply(plan)
        _audit(actor, org_import, report["summary"])
    return ImportOutcome(report=report, org_import=org_import)


# --- Reads -----------------------------------------------------------------------------------


def access_import(viewer: Person | AnonymousUser, pk: int) -> OrgImport:
    """An import the viewer may see (admins only), or 403/404."""
    if not permissions.can_import_org(viewer):
        raise PermissionDenied
    org_import = OrgImport.objects.select_related("uploaded_by").filter(pk=pk).first()
    if org_import is None:
        raise Http404
    return org_import


def recent_imports(viewer: Person | AnonymousUser, *, limit: int = 20) -> QuerySet[OrgImport]:
    """The latest imports for the history table, without their (large) file contents."""
    if not permissions.can_import_org(viewer):
        return OrgImport.objects.none()
    return OrgImport.objects.select_related("uploaded_by").defer("content")[:limit]
