"""Directory search: a trigram index on `search_text` (PostgreSQL only).

The directory asks `search_text LIKE '%word%'`. Without an index, a word nobody has makes
PostgreSQL read all 100,000 people (55–130 ms); pg_trgm's GIN index answers it from the
index. SQLite installations are small enough to scan.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_trigram ON people_person "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_search_trigram")


class Migration(migrations.Migration):
    dependencies = [("people", "0004_person_first_name_key")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
