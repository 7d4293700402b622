"""A starter list of people's-congress terms and their common miswritings, for the editors to
extend (片段 › 用词). Leaders' names are not shipped: each site adds its own."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (kind, correct form, wrong forms, note)
STARTER_TERMS = [
    ("miswritten", "人大常委会", ["人大常委员会", "人大长委会", "人大常务会", "人大常委委员会"], ""),
    (
        "miswritten",
        "人民代表大会常务委员会",
        ["人民代表大会常委委员会", "人民代表大会常务委员", "人民代表大会常务员会",
         "人民代表大会长务委员会"],
        "",
    ),
    ("miswritten", "全国人民代表大会", ["全国人民代表大大会", "全国人民代表会议"], ""),
    ("miswritten", "人大代表", ["人大委员代表", "人大议员"], "人大代表不称“议员”"),
    ("miswritten", "地方性法规", ["地方法规"], "法律用语为“地方性法规”"),
    ("miswritten", "代表联络站", ["代表联系站", "代表连络站"], ""),
    ("miswritten", "一府一委两院", ["一府两院"], "2018年设立监察委员会后的表述"),
    ("deprecated", "宪法和法律委员会", ["全国人大法律委员会"], "2018年更名"),
    ("deprecated", "监察和司法委员会", ["内务司法委员会"], "2018年起各级人大陆续更名"),
    ("deprecated", "市场监督管理局", ["工商行政管理局"], "2018年机构改革"),
    ("deprecated", "自然资源部", ["国土资源部"], "2018年机构改革"),
    ("deprecated", "生态环境部", ["环境保护部"], "2018年机构改革"),
    ("deprecated", "国家卫生健康委员会", ["国家卫生和计划生育委员会", "国家卫计委"], "2018年机构改革"),
    ("banned", "", ["此处填写", "待补充内容", "测试稿件", "Lorem ipsum"], "未替换的占位文字"),
]


# Who keeps the list: every editorial role may add and correct terms; site administrators also
# delete them and set the columns' update rules.
PERMISSIONS = {
    "编辑": ["add_term", "change_term"],
    "审核": ["add_term", "change_term"],
    "签发": ["add_term", "change_term"],
    "站点管理员": ["add_term", "change_term", "delete_term", "add_columnhealth",
                   "change_columnhealth", "delete_columnhealth"],
}  # fmt: skip


def add_terms(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("health")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="health", codename__in=codenames)
            )
    Term = apps.get_model("health", "Term")
    for kind, correct, wrong, note in STARTER_TERMS:
        Term.objects.get_or_create(
            kind=kind, correct=correct, defaults={"wrong_forms": "\n".join(wrong), "note": note}
        )


def remove_terms(apps, schema_editor):
    Term = apps.get_model("health", "Term")
    for kind, correct, _wrong, _note in STARTER_TERMS:
        Term.objects.filter(kind=kind, correct=correct).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0001_column_health_terms_findings"),
        ("home", "0002_editorial_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(add_terms, remove_terms)]
