"""The full-text index beside search_searchentry: GIN on PostgreSQL, FTS5 + triggers on SQLite."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_FORWARD = [
    # External content: the text is stored once (in search_searchentry); FTS5 keeps only the
    # inverted index. remove_diacritics folds "café"/"cafe" and "smörgås"/"smorgas".
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_entry_document"]


def _run(schema_editor: BaseDatabaseSchemaEditor, sqlite: list[str], postgres: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    statements = sqlite if vendor == "sqlite" else postgres if vendor == "postgresql" else []
    for sql in statements:
        schema_editor.execute(sql)


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, SQLITE_FORWARD, POSTGRES_FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, SQLITE_BACKWARD, POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
