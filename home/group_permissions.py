"""Giving a group the permissions of models that a migration run has just created.

Django creates permissions after all migrations (``post_migrate``); a data migration that hands
them to a group (站点管理员, 编辑) has to create them first. The apps' data migrations call this
instead of repeating the idiom.
"""

from django.contrib.auth.management import create_permissions


def grant_permissions(apps, app_label: str, codenames: list[str], group_names: list[str]):
    """Give the groups named ``group_names`` that exist the ``codenames`` permissions of the app
    ``app_label`` (historical models of ``apps``)."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    for group in Group.objects.filter(name__in=group_names):
        group.permissions.add(*permissions)
