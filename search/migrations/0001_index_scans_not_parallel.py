"""PostgreSQL: no parallel scans of the search index table.

A search reads candidates newest first and stops after ``SEARCH_MAX_MATCHES`` (see
``search.backends``). When PostgreSQL underestimates how many entries match (it multiplies the
frequencies of a word's bigrams, which always occur together), it prefers a parallel scan of the
whole table, which decompresses every entry's body: 300 ms instead of 20–80 ms at 20,000
articles (bench/README.md). Without parallel workers for this table, it keeps the ordered scan.
Nothing to do on SQLite.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (parallel_workers = 0)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
