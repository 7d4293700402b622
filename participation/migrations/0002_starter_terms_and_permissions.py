"""A short starter list of sensitive terms (generic advertising and abuse), and the permissions to
edit them and the privacy notice for the 站点管理员 group (site administrators)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STARTER_TERMS = [
    ("加微信", "广告"),
    ("加QQ", "广告"),
    ("代开发票", "广告"),
    ("刷单", "广告"),
    ("兼职日结", "广告"),
    ("网络赌博", "违法"),
    ("六合彩", "违法"),
    ("办证", "广告"),
    ("贷款秒批", "广告"),
    ("枪支出售", "违法"),
]
SITE_ADMIN = "站点管理员"
CODENAMES = [
    "add_sensitiveterm",
    "change_sensitiveterm",
    "delete_sensitiveterm",
    "view_sensitiveterm",
    "change_privacysettings",
    "view_privacysettings",
]


def forwards(apps, schema_editor):
    SensitiveTerm = apps.get_model("participation", "SensitiveTerm")
    for term, note in STARTER_TERMS:
        SensitiveTerm.objects.get_or_create(term=term, defaults={"note": note})
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("participation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SITE_ADMIN).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="participation", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("home", "0002_editorial_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
