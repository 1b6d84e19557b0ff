from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from ninja.testing import TestClient

from tests.factories import PersonFactory
from townhall.governance.models import AuditEntry
from townhall.people.api_import import router
from townhall.people.models import OrgImport, OrgUnit, Person
from townhall.people.org_import import apply_import, import_file, plan_import, preview_import
from townhall.people.services import create_access_token, set_unit_manager, update_profile

HEADER = "email,first_name,last_name,employee_id,job_title,unit,manager_email,manages_unit,roles"
NORDICS = "Nordlicht / Commercial / Sales / Nordics"
CLEAN = "\n".join(
    [
        HEADER,
        "ceo@nordlicht.example,Ingrid,Berg,E001,Chief Executive,Nordlicht,,yes,admin",
        "vp@nordlicht.example,Lars,Holm,E002,VP Commercial,Nordlicht / Commercial,"
        "ceo@nordlicht.example,yes,",
        f"lead@nordlicht.example,Siri,Lund,E003,Team Lead,{NORDICS},vp@nordlicht.example,yes,"
        "community_manager",
        f"ana@nordlicht.example,Ana,Silva,E004,Account Executive,{NORDICS},"
        "lead@nordlicht.example,no,",
        "",
    ]
)


def csv(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        OrgUnit.objects.count(),
        AuditEntry.objects.count(),
        EmailAddress.objects.count(),
    )


# --- Applying a clean file -------------------------------------------------------------------


def test_clean_file_creates_units_people_managers_and_reporting_lines(admin):
    outcome = import_file(actor=admin, filename="org.csv", data=CLEAN.encode())

    assert outcome.report["errors"] == []
    assert outcome.report["summary"] == {
        "rows": 4,
        "people_created": 4,
        "people_updated": 0,
        "people_unchanged": 0,
        "units_created": 4,
        "managers_set": 3,
    }
    nordics = OrgUnit.objects.get(name="Nordics")
    sales = nordics.parent
    assert [sales.parent.parent.name, sales.parent.name, sales.name] == [
        "Nordlicht",
        "Commercial",
        "Sales",
    ]
    assert [sales.parent.parent.kind, sales.parent.kind, sales.kind, nordics.kind] == [
        "company",
        "division",
        "department",
        "team",
    ]
    assert nordics.path == f"{sales.path}{nordics.pk}/"
    ceo = Person.objects.get(email="ceo@nordlicht.example")
    lead = Person.objects.get(email="lead@nordlicht.example")
    ana = Person.objects.get(email="ana@nordlicht.example")
    assert nordics.manager == lead
    assert sales.manager is None
    assert sales.parent.parent.manager == ceo
    assert ana.reports_to == lead
    assert lead.reports_to.email == "vp@nordlicht.example"
    assert ceo.reports_to is None
    assert lead.is_leader and lead.is_community_manager and not lead.is_admin
    assert ceo.is_admin and ceo.is_leader
    assert not ana.is_leader
    assert ana.primary_unit == nordics
    assert ana.employee_id == "E004"
    assert not ana.has_usable_password()
    assert ana.search_text == "ana silva ana@nordlicht.example account executive"
    assert ana.sort_name == "silva ana"
    assert EmailAddress.objects.filter(user=ana, email=ana.email, primary=True).exists()


def test_applied_import_is_recorded_and_audited_once(admin):
    outcome = import_file(actor=admin, filename="org.csv", data=CLEAN.encode())

    assert outcome.org_import is not None
    assert outcome.org_import.status == OrgImport.Status.APPLIED
    entries = AuditEntry.objects.filter(action="org.import")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == admin
    assert entry.details["filename"] == "org.csv"
    assert entry.details["people_created"] == 4
    assert entry.details["units_created"] == 4
    assert (
        not AuditEntry.objects.exclude(action="org.import")
        .exclude(actor=None)
        .filter(created_at__gte=entry.created_at)
        .exists()
    )


def test_reimport_reports_everyone_unchanged(admin):
    import_file(actor=admin, filename="org.csv", data=CLEAN.encode())
    before = counts()

    outcome = import_file(actor=admin, filename="org.csv", data=CLEAN.encode(), dry_run=True)

    assert outcome.report["summary"]["people_unchanged"] == 4
    assert outcome.report["summary"]["people_updated"] == 0
    assert outcome.report["summary"]["units_created"] == 0
    assert outcome.report["summary"]["managers_set"] == 0
    assert outcome.report["changes"] == []
    assert counts() == before


def test_reimport_updates_changed_fields_and_keeps_search_text_right(admin):
    import_file(actor=admin, filename="org.csv", data=CLEAN.encode())
    changed = CLEAN.replace("Account Executive", "Key Account Manager").replace(
        "Ana,Silva", "Ana,Silva-Berg"
    )

    outcome = import_file(actor=admin, filename="org.csv", data=changed.encode())

    assert outcome.report["summary"]["people_updated"] == 1
    assert outcome.report["summary"]["people_unchanged"] == 3
    [change] = outcome.report["changes"]
    assert change["row"] == 5
    assert change["action"] == "update_person"
    assert {f["field"] for f in change["fields"]} == {"last_name", "job_title"}
    ana = Person.objects.get(email="ana@nordlicht.example")
    assert ana.job_title == "Key Account Manager"
    assert "key account manager" in ana.search_text
    assert ana.sort_name == "silva-berg ana"


def test_existing_person_is_matched_by_employee_id_and_gets_the_new_email(admin):
    person = PersonFactory(email="old.name@example.com", employee_id="E77")

    outcome = import_file(
        actor=admin,
        filename="org.csv",
        data=csv("New.Name@Example.com,Nina,Name,E77,,,,,", header=HEADER),
    )

    assert outcome.report["summary"]["people_updated"] == 1
    person.refresh_from_db()
    assert person.email == "new.name@example.com"
    assert EmailAddress.objects.filter(user=person, email="new.name@example.com").exists()


def test_existing_person_is_matched_by_email_case_insensitively(admin, member):
    outcome = import_file(
        actor=admin,
        filename="org.csv",
        data=csv(f"{member.email.upper()},Mats,Member,,Tester,,,,"),
    )

    assert outcome.report["summary"]["people_created"] == 0
    member.refresh_from_db()
    assert member.job_title == "Tester"


def test_manager_may_be_an_existing_person_not_in_the_file(admin, member):
    import_file(
        actor=admin,
        filename="org.csv",
        data=csv(f"new@example.com,New,Person,,,,{member.email},,"),
    )

    assert Person.objects.get(email="new@example.com").reports_to == member


def test_roles_are_granted_but_an_admin_is_never_demoted(admin, member):
    outcome = import_file(
        actor=admin,
        filename="org.csv",
        data=csv(f"{admin.email},Ada,Admin,,,,,,", f"{member.email},Mats,Member,,,,,,leader"),
    )

    assert outcome.report["errors"] == []
    admin.refresh_from_db()
    member.refresh_from_db()
    assert admin.is_admin
    assert member.is_leader


def test_a_new_manager_replaces_the_old_one_and_becomes_a_leader(admin, company, owner, member):
    set_unit_manager(actor=admin, unit=company, manager=owner)

    import_file(actor=admin, filename="org.csv", data=csv(f"{member.email},,,,,Acme,,yes,"))

    company.refresh_from_db()
    member.refresh_from_db()
    assert company.manager == member
    assert member.is_leader


def test_semicolon_file_with_bom_is_read(admin):
    data = "\ufeffemail;first_name;languages;country\nbo@example.com;Bo;sv,en;se\n".encode()

    import_file(actor=admin, filename="org.csv", data=data)

    bo = Person.objects.get(email="bo@example.com")
    assert bo.languages == ["sv", "en"]
    assert bo.country == "SE"


def test_columns_left_out_are_left_alone(admin, member):
    update_profile(actor=admin, person=member, changes={"job_title": "Keeper"})

    import_file(
        actor=admin, filename="org.csv", data=csv(f"{member.email},Matt", header="email,first_name")
    )

    member.refresh_from_db()
    assert member.first_name == "Matt"
    assert member.job_title == "Keeper"


# --- Errors: every bad row reported, nothing written ------------------------------------------

ERROR_CASES = [
    pytest.param(csv(",Ann,,,,,,,"), 2, "email", "required", id="missing-email"),
    pytest.param(csv("not-an-email,Ann,,,,,,,"), 2, "email", "valid email", id="invalid-email"),
    pytest.param(
        csv("a@example.com,A,,,,,,,", "A@Example.com,B,,,,,,,"),
        3,
        "email",
        "row 2",
        id="duplicate-email",
    ),
    pytest.param(
        csv("a@example.com,A,,E1,,,,,", "b@example.com,B,,E1,,,,,"),
        3,
        "employee_id",
        "row 2",
        id="duplicate-employee-id",
    ),
    pytest.param(
        csv("a@example.com,A,,,,,ghost@example.com,,"),
        2,
        "manager_email",
        "ghost@example.com",
        id="unknown-manager",
    ),
    pytest.param(
        csv("a@example.com,A,,,,,A@example.com,,"),
        2,
        "manager_email",
        "own manager",
        id="own-manager",
    ),
    pytest.param(
        csv("a@example.com,A,,,,Acme / Sales,,yes,", "b@example.com,B,,,,acme / sales,,yes,"),
        3,
        "manages_unit",
        "Rows 2, 3",
        id="two-managers",
    ),
    pytest.param(csv("a@example.com,A,,,,,,,emperor"), 2, "roles", "emperor", id="unknown-role"),
    pytest.param(
        csv("a@example.com,XX", header="email,country"), 2, "country", "ISO", id="bad-country"
    ),
    pytest.param(
        csv("a@example.com,A,,,,Acme,,maybe,"), 2, "manages_unit", "maybe", id="bad-manages-unit"
    ),
    pytest.param(
        csv("a@example.com,A,,,,,,yes,"), 2, "manages_unit", "unit", id="manages-without-unit"
    ),
    pytest.param(
        csv("a@example.com,A,,,,Acme /  / Sales,,,"), 2, "unit", "empty", id="empty-unit-part"
    ),
    pytest.param(csv(f"a@example.com,A,,,{'x' * 201},,,,"), 2, "job_title", "200", id="too-long"),
    pytest.param(
        csv("a@example.com,klingon!", header="email,languages"),
        2,
        "languages",
        "klingon",
        id="bad-language",
    ),
    pytest.param(
        csv("Ann,Berg", header="first_name,last_name"), 1, "email", "missing", id="no-email-column"
    ),
    pytest.param(
        csv("a@example.com,A", header="email,frist_name"),
        1,
        "frist_name",
        "Unknown",
        id="typo-column",
    ),
]


@pytest.mark.parametrize(("data", "row", "column", "fragment"), ERROR_CASES)
def test_bad_row_is_reported_with_its_row_and_nothing_is_written(
    admin, company, data, row, column, fragment
):
    before = counts()

    outcome = import_file(actor=admin, filename="bad.csv", data=data)

    assert outcome.org_import is None
    matching = [e for e in outcome.report["errors"] if (e["row"], e["column"]) == (row, column)]
    assert matching, outcome.report["errors"]
    assert fragment.lower() in matching[0]["message"].lower()
    assert counts() == before
    assert not OrgImport.objects.exists()


def test_every_bad_row_is_reported_not_only_the_first(admin):
    data = csv(
        "good@example.com,Good,,,,,,,",
        "bad@,Bad,,,,,,,",
        "c@example.com,C,,,,,,,emperor",
        "d@example.com,D,,,,,,perhaps,",
    )

    outcome = import_file(actor=admin, filename="bad.csv", data=data, dry_run=True)

    assert [(e["row"], e["column"]) for e in outcome.report["errors"]] == [
        (3, "email"),
        (4, "roles"),
        (5, "manages_unit"),
    ]
    assert not Person.objects.filter(email="good@example.com").exists()


def test_all_problems_of_one_row_are_reported_together(admin):
    data = csv("c@example.com,C,,,,,ghost@example.com,,emperor")

    outcome = import_file(actor=admin, filename="bad.csv", data=data, dry_run=True)

    assert [(e["row"], e["column"]) for e in outcome.report["errors"]] == [
        (2, "manager_email"),
        (2, "roles"),
    ]


def test_a_row_with_its_own_error_does_not_make_its_reports_fail_too(admin):
    data = csv("boss@example.com,Boss,,,,,,,emperor", "ann@example.com,Ann,,,,,boss@example.com,,")

    outcome = import_file(actor=admin, filename="bad.csv", data=data, dry_run=True)

    assert [(e["row"], e["column"]) for e in outcome.report["errors"]] == [(2, "roles")]


def test_reporting_cycle_in_the_file_is_reported_on_each_row(admin):
    before = counts()
    data = csv(
        "a@example.com,A,,,,,b@example.com,,",
        "b@example.com,B,,,,,c@example.com,,",
        "c@example.com,C,,,,,a@example.com,,",
        "d@example.com,D,,,,,a@example.com,,",
    )

    outcome = import_file(actor=admin, filename="cycle.csv", data=data)

    cycle_rows = [e["row"] for e in outcome.report["errors"] if "cycle" in e["message"]]
    assert cycle_rows == [2, 3, 4]
    assert (
        "a@example.com → b@example.com → c@example.com → a@example.com"
        in (outcome.report["errors"][0]["message"])
    )
    assert counts() == before


def test_reporting_cycle_through_existing_people_not_in_the_file(admin, owner, member, outsider):
    # Existing: member -> owner -> outsider. The file makes outsider report to member.
    update_profile(actor=admin, person=member, changes={"reports_to": owner})
    update_profile(actor=admin, person=owner, changes={"reports_to": outsider})
    before = counts()

    outcome = import_file(
        actor=admin,
        filename="cycle.csv",
        data=csv(f"{outsider.email},Otto,,,,,{member.email},,"),
    )

    [error] = outcome.report["errors"]
    assert (error["row"], error["column"]) == (2, "manager_email")
    assert "cycle" in error["message"]
    assert member.email in error["message"] and owner.email in error["message"]
    assert counts() == before
    outsider.refresh_from_db()
    assert outsider.reports_to is None


def test_email_of_someone_else_with_another_employee_id_is_refused(admin, member):
    PersonFactory(email="other@example.com", employee_id="E5")

    outcome = import_file(
        actor=admin, filename="bad.csv", data=csv(f"{member.email},M,,E5,,,,,"), dry_run=True
    )

    assert [(e["row"], e["column"]) for e in outcome.report["errors"]] == [(2, "email")]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        pytest.param("email\nåsa@example.com\n".encode("latin-1"), "UTF-8", id="latin-1"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV", id="binary"),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"Dear HR,\nplease import this.\n", "does not look like", id="prose"),
    ],
)
def test_unreadable_file_is_refused_before_anything_is_stored(admin, data, fragment):
    with pytest.raises(ValidationError) as exc:
        preview_import(actor=admin, filename="x.csv", data=data)

    assert fragment.lower() in " ".join(exc.value.messages).lower()
    assert not OrgImport.objects.exists()


def test_too_large_file_is_refused(admin, settings):
    settings.ORG_IMPORT_MAX_BYTES = 50

    with pytest.raises(ValidationError, match="too large"):
        preview_import(actor=admin, filename="x.csv", data=CLEAN.encode())


def test_member_cannot_import(member):
    with pytest.raises(PermissionDenied):
        preview_import(actor=member, filename="x.csv", data=CLEAN.encode())


# --- Previews and applying --------------------------------------------------------------------


def test_preview_writes_no_people_and_apply_writes_them(admin):
    before = counts()

    preview = preview_import(actor=admin, filename="org.csv", data=CLEAN.encode())

    assert preview.status == OrgImport.Status.PREVIEWED
    assert counts() == before
    applied = apply_import(actor=admin, org_import=preview)
    assert applied.status == OrgImport.Status.APPLIED
    assert applied.applied_at is not None
    assert Person.objects.filter(email__endswith="@nordlicht.example").count() == 4


def test_apply_revalidates_against_the_database_as_it_is_now(admin, owner, member):
    preview = preview_import(
        actor=admin, filename="org.csv", data=csv(f"{owner.email},Olga,,,,,{member.email},,")
    )
    assert preview.status == OrgImport.Status.PREVIEWED
    update_profile(actor=admin, person=member, changes={"reports_to": owner})

    result = apply_import(actor=admin, org_import=preview)

    assert result.status == OrgImport.Status.FAILED
    assert "cycle" in result.report["errors"][0]["message"]
    owner.refresh_from_db()
    assert owner.reports_to is None


def test_an_import_cannot_be_applied_twice(admin):
    preview = preview_import(actor=admin, filename="org.csv", data=CLEAN.encode())
    apply_import(actor=admin, org_import=preview)

    with pytest.raises(ValidationError):
        apply_import(actor=admin, org_import=preview)

    assert AuditEntry.objects.filter(action="org.import").count() == 1


def test_failed_import_cannot_be_applied(admin):
    preview = preview_import(actor=admin, filename="bad.csv", data=csv("nope,,,,,,,,"))
    assert preview.status == OrgImport.Status.FAILED

    with pytest.raises(ValidationError):
        apply_import(actor=admin, org_import=preview)


def test_validating_a_200_row_file_takes_a_bounded_number_of_queries(
    admin, company, django_assert_max_num_queries
):
    existing = [PersonFactory(employee_id=f"X{i}") for i in range(100)]
    rows = [
        f"{p.email},{p.first_name},Changed,{p.employee_id},,Acme / Team {i % 7},,,"
        for i, p in enumerate(existing)
    ]
    rows += [
        f"new{i}@example.com,New{i},Person,N{i},,Acme / Team {i % 7},{existing[i].email},,"
        for i in range(100)
    ]
    text = csv(*rows).decode()

    with django_assert_max_num_queries(4):
        plan = plan_import(text)

    assert plan.errors == []
    assert plan.summary is not None and plan.summary["people_created"] == 100


# --- Web pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_import_pages_are_forbidden_to_everyone_but_admins(client, request, admin, who):
    preview = preview_import(actor=admin, filename="org.csv", data=CLEAN.encode())
    client.force_login(request.getfixturevalue(who))

    assert client.get("/manage/import/").status_code == 403
    upload = SimpleUploadedFile("org.csv", CLEAN.encode(), content_type="text/csv")
    assert client.post("/manage/import/", {"file": upload}).status_code == 403
    assert client.get(f"/manage/import/{preview.pk}/").status_code == 403
    assert client.post(f"/manage/import/{preview.pk}/apply/").status_code == 403
    assert not Person.objects.filter(email__endswith="@nordlicht.example").exists()


def test_import_page_shows_the_form_and_the_format(client, admin):
    client.force_login(admin)

    response = client.get("/manage/import/")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<label for="id_file">CSV file</label>', html)
    assert 'name="file"' in html
    assert "Preview import" in html
    assert "manager_email" in html


def test_dry_run_preview_in_the_browser_then_apply(client, admin):
    client.force_login(admin)
    upload = SimpleUploadedFile("org.csv", CLEAN.encode(), content_type="text/csv")

    response = client.post("/manage/import/", {"file": upload})

    assert response.status_code == 302
    org_import = OrgImport.objects.get()
    assert response.url == f"/manage/import/{org_import.pk}/"
    assert not Person.objects.filter(email__endswith="@nordlicht.example").exists()
    page = client.get(response.url).content.decode()
    assert "ana@nordlicht.example" in page
    assert "Apply import" in page
    assert "Nordlicht / Commercial / Sales / Nordics" in page

    response = client.post(f"/manage/import/{org_import.pk}/apply/", follow=True)

    assert response.redirect_chain[-1][0] == f"/manage/import/{org_import.pk}/"
    page = response.content.decode()
    assert "The import is applied: 4 people created, 0 updated, 4 units created." in page
    assert "Apply import" not in page
    assert Person.objects.filter(email__endswith="@nordlicht.example").count() == 4

    response = client.post(f"/manage/import/{org_import.pk}/apply/", follow=True)

    assert "only once" in response.content.decode()
    assert AuditEntry.objects.filter(action="org.import").count() == 1


def test_preview_with_errors_lists_them_and_offers_no_apply(client, admin):
    client.force_login(admin)
    upload = SimpleUploadedFile(
        "bad.csv", csv("bad@,,,,,,,,", "c@example.com,,,,,,,,emperor"), content_type="text/csv"
    )

    response = client.post("/manage/import/", {"file": upload}, follow=True)

    page = response.content.decode()
    assert "nothing was changed" in page
    assert "emperor" in page
    assert "Apply import" not in page
    assert OrgImport.objects.get().status == OrgImport.Status.FAILED

    client.post(f"/manage/import/{OrgImport.objects.get().pk}/apply/")
    assert not Person.objects.filter(email="c@example.com").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(None, "Choose a CSV file to upload.", id="no-file"),
        pytest.param("email\nåsa@example.com\n".encode("latin-1"), "not UTF-8", id="latin-1"),
        pytest.param(b"\x00\x01\x02binary", "not a CSV file", id="binary"),
        pytest.param(b"x" * 200, "too large", id="too-large"),
    ],
)
def test_unreadable_upload_is_a_form_error(client, admin, settings, data, message):
    settings.ORG_IMPORT_MAX_BYTES = 100
    client.force_login(admin)
    payload = {} if data is None else {"file": SimpleUploadedFile("x.csv", data)}

    response = client.post("/manage/import/", payload)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not OrgImport.objects.exists()


def test_recent_imports_are_listed(client, admin):
    preview_import(actor=admin, filename="march.csv", data=CLEAN.encode())
    client.force_login(admin)

    assert "march.csv" in client.get("/manage/import/").content.decode()


# --- Console command --------------------------------------------------------------------------


def test_cli_applies_a_file_and_prints_the_summary(admin, tmp_path, capsys):
    path = tmp_path / "org.csv"
    path.write_bytes(CLEAN.encode())

    call_command("import_org", str(path), "--actor", admin.email)

    out = capsys.readouterr().out
    assert "people created:   4" in out
    assert AuditEntry.objects.get(action="org.import").actor == admin


def test_cli_dry_run_writes_nothing(admin, tmp_path, capsys):
    path = tmp_path / "org.csv"
    path.write_bytes(CLEAN.encode())
    before = counts()

    call_command("import_org", str(path), "--dry-run")

    assert "Dry run" in capsys.readouterr().out
    assert counts() == before
    assert not OrgImport.objects.exists()


def test_cli_fails_with_every_error_and_writes_nothing(admin, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv("bad@,,,,,,,,", "c@example.com,,,,,,,,emperor"))
    before = counts()

    with pytest.raises(CommandError, match="2 problem") as exc:
        call_command("import_org", str(path))

    assert exc.value.returncode != 0  # what `townhall import-org` exits with
    err = capsys.readouterr().err
    assert "row 2, email:" in err
    assert "row 3, roles:" in err
    assert counts() == before


# --- API --------------------------------------------------------------------------------------


def api_upload(data: bytes, **form: str) -> dict[str, object]:
    return {"FILES": {"file": SimpleUploadedFile("org.csv", data)}, "data": form}


def test_api_dry_run_then_apply(admin):
    api = TestClient(router)

    response = api.post("/org-imports", user=admin, **api_upload(CLEAN.encode()))

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "previewed"
    assert body["report"]["summary"]["people_created"] == 4
    assert not Person.objects.filter(email__endswith="@nordlicht.example").exists()
    assert api.get(f"/org-imports/{body['id']}", user=admin).json()["status"] == "previewed"

    applied = api.post(f"/org-imports/{body['id']}/apply", user=admin)

    assert applied.status_code == 200
    assert applied.json()["status"] == "applied"
    assert Person.objects.filter(email__endswith="@nordlicht.example").count() == 4
    assert api.post(f"/org-imports/{body['id']}/apply", user=admin).status_code == 409


def test_api_applies_at_once_without_dry_run(admin):
    response = TestClient(router).post(
        "/org-imports", user=admin, **api_upload(CLEAN.encode(), dry_run="false")
    )

    assert response.status_code == 201
    assert response.json()["status"] == "applied"
    assert Person.objects.filter(email__endswith="@nordlicht.example").count() == 4


def test_api_reports_every_bad_row_with_422(admin):
    response = TestClient(router).post(
        "/org-imports", user=admin, **api_upload(csv("bad@,,,,,,,,"), dry_run="false")
    )

    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "failed"
    assert body["report"]["errors"][0]["row"] == 2
    assert not Person.objects.filter(email="bad@").exists()


def test_api_refuses_an_unreadable_file_with_422(admin):
    response = TestClient(router).post(
        "/org-imports", user=admin, **api_upload(b"\xff\xfe\x00binary")
    )

    assert response.status_code == 422
    assert "file" in response.json()["errors"]


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_api_is_admin_only(request, admin, who):
    person = request.getfixturevalue(who)
    preview = preview_import(actor=admin, filename="org.csv", data=CLEAN.encode())
    api = TestClient(router)

    assert api.post("/org-imports", user=person, **api_upload(CLEAN.encode())).status_code == 403
    assert api.get(f"/org-imports/{preview.pk}", user=person).status_code == 403
    assert api.post(f"/org-imports/{preview.pk}/apply", user=person).status_code == 403
    assert not Person.objects.filter(email__endswith="@nordlicht.example").exists()


def test_api_upload_over_http_with_a_token(client, admin):
    _token, raw = create_access_token(actor=admin, name="hr sync")
    upload = SimpleUploadedFile("org.csv", CLEAN.encode(), content_type="text/csv")

    response = client.post(
        "/api/v1/org-imports",
        {"file": upload, "dry_run": "false"},
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "applied"
    assert AuditEntry.objects.get(action="org.import").actor == admin


def test_api_upload_over_http_is_forbidden_to_a_member(client, member):
    _token, raw = create_access_token(actor=member, name="sneaky")
    upload = SimpleUploadedFile("org.csv", CLEAN.encode(), content_type="text/csv")

    response = client.post(
        "/api/v1/org-imports", {"file": upload}, headers={"Authorization": f"Bearer {raw}"}
    )

    assert response.status_code == 403
    assert not OrgImport.objects.exists()
