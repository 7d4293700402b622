"""Editors (编辑) manage synonyms as they manage 推荐 (0005): both are how the research office's
search team answers what 搜索统计 shows, and its 添加同义词 link is offered to whoever reads it.
Site administrators have had these since 0003."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "编辑"
SYNONYM_PERMISSIONS = ["add_synonym", "change_synonym", "delete_synonym", "view_synonym"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="search", codename__in=SYNONYM_PERMISSIONS
    )
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="search", codename__in=SYNONYM_PERMISSIONS
    )
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_vocabulary"), ("home", "0002_editorial_roles_and_workflow")]

    operations = [migrations.RunPython(grant, revoke)]
