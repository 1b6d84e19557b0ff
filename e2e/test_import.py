"""Org-chart CSV import: the dry-run preview shows the planned people and writes nothing."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot

NEW_PEOPLE = ["rosa.rossi@acme.example", "tom.tomsen@acme.example", "uma.ullman@acme.example"]
CSV = (
    b"email,first_name,last_name,job_title,unit,manager_email,manages_unit,roles\n"
    b"rosa.rossi@acme.example,Rosa,Rossi,Sales Representative,Acme / Sales,"
    b"sven.svensson@acme.example,,\n"
    b"tom.tomsen@acme.example,Tom,Tomsen,Platform Engineer,Acme / Engineering / Platform,"
    b"pat.peeters@acme.example,,\n"
    b"uma.ullman@acme.example,Uma,Ullman,Engineering Manager,Acme / Engineering,"
    b"erin.eriksen@acme.example,,leader\n"
)


def test_csv_import_preview_lists_planned_people_and_writes_nothing(page, live_server, org):
    from townhall.people.models import Person

    people_before = Person.objects.count()
    login(page, live_server, org.admin.email)
    page.goto("/manage/import/")
    page.get_by_label("CSV file", exact=True).set_input_files(
        {"name": "acme.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Preview import").click()

    expect(page).to_have_url(re.compile(r"/manage/import/\d+/$"))
    expect(page.get_by_role("button", name="Apply import")).to_be_visible()
    preview = page.locator("main")
    for email in NEW_PEOPLE:
        expect(preview).to_contain_text(email)
    shot(page, "import-preview")
    assert_accessible(page)
    assert Person.objects.count() == people_before
    assert not Person.objects.filter(email__in=NEW_PEOPLE).exists()
