"""Wagtail's first migrations name the root page and the root collection "Root"; editors see
that name in the explorer and in every image and document collection menu of the Chinese admin."""

from django.db import migrations

CHINESE = "根目录"


def rename(apps, schema_editor, old="Root", new=CHINESE):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)
    Collection.objects.filter(depth=1, name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=CHINESE, new="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_site_texts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
