"""@mention autocomplete: a lower-cased first name, and indexes for prefix lookups in order.

The autocomplete asks "starts with" as a range in code-point order and reads the first rows of
an index in that order. SQLite's default BINARY collation is code-point order, and its
existing handle and sort_name indexes serve; PostgreSQL compares in the database's collation,
where a range can miss matches (en_US ignores punctuation), so it gets indexes on the columns
under the "C" collation, which the selector asks for explicitly.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

INDEXES = {
    "sqlite": [
        "CREATE INDEX person_mention_first_name ON people_person (first_name_key, id)",
    ],
    "postgresql": [
        'CREATE INDEX person_mention_handle ON people_person ((handle COLLATE "C"), id)',
        'CREATE INDEX person_mention_first_name ON people_person ((first_name_key COLLATE "C"), id)',
        'CREATE INDEX person_mention_sort_name ON people_person ((sort_name COLLATE "C"), id)',
    ],
}
NAMES = ["person_mention_handle", "person_mention_first_name", "person_mention_sort_name"]


def fill_first_name_key(apps: Any, schema_editor: Any) -> None:
    person_model = apps.get_model("people", "Person")
    batch = []
    for person in person_model.objects.only("id", "first_name").iterator(chunk_size=2000):
        person.first_name_key = person.first_name.strip().lower()[:150]
        batch.append(person)
        if len(batch) == 2000:
            person_model.objects.bulk_update(batch, ["first_name_key"])
            batch = []
    person_model.objects.bulk_update(batch, ["first_name_key"])


def create_indexes(apps: Any, schema_editor: Any) -> None:
    for statement in INDEXES.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_indexes(apps: Any, schema_editor: Any) -> None:
    for name in NAMES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_feedtoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="first_name_key",
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.RunPython(fill_first_name_key, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
