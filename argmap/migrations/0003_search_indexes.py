"""Trigram indexes for substring search (Japanese has no word boundaries).

PostgreSQL only: pg_trgm GIN indexes serve ``LIKE '%…%'`` / ``ILIKE`` for
queries of three or more characters. On SQLite this migration does nothing and
search scans, which is fine at the quick start's size.
"""

from django.db import migrations

INDEXES = [
    ("argmap_statement", "text"),
    ("argmap_statement", "gloss"),
    ("argmap_document", "text"),
    ("argmap_document", "title"),
    ("argmap_source", "title"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("argmap", "0002_walton_schemes")]

    operations = [migrations.RunPython(create, drop)]
