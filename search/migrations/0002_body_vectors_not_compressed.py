"""PostgreSQL: the index entries' body vectors are stored without compression.

A body tsvector of bigrams with their positions (~10 KB for an article of 1,500 characters)
does not compress: PostgreSQL tried on every write, gave up, and stored it as it was, 0.44 ms
per article for nothing (2,000 rows: 2.28 s → 1.40 s to insert; bench/README.md). Searching
reads the same bytes either way. Only rows written from now on are affected. Nothing to do on
SQLite.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN body SET STORAGE EXTERNAL")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN body SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_scans_not_parallel")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
