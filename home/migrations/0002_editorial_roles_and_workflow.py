"""The editorial roles (编辑, 审核, 签发, 站点管理员) and the two-step workflow 审核发布.

Replaces Wagtail's default "Editors"/"Moderators" groups and "Moderators approval" workflow, so
that every page of every site and language goes through 审核 → 签发 before it is published.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR, REVIEWER, SIGNER, SITE_ADMIN = "编辑", "审核", "签发", "站点管理员"
WORKFLOW = "审核发布"

PAGE_PERMISSIONS = {
    EDITOR: ["add_page", "change_page", "lock_page"],
    REVIEWER: ["add_page", "change_page", "lock_page"],
    # 签发 needs publish permission for its approval to publish (and to withdraw pages); a hook
    # (home.wagtail_hooks) stops it publishing directly, outside the workflow.
    SIGNER: ["add_page", "change_page", "publish_page", "lock_page"],
    SITE_ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
MEDIA_PERMISSIONS = ["add_image", "change_image", "choose_image", "add_document", "change_document",
                     "choose_document"]  # fmt: skip
MODEL_PERMISSIONS = {
    EDITOR: ["stations.add_representative", "stations.change_representative"],
    REVIEWER: ["stations.add_representative", "stations.change_representative"],
    SIGNER: ["stations.add_representative", "stations.change_representative"],
}


def create_roles_and_workflow(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    # Wagtail's defaults, replaced by the roles below.
    WorkflowPage.objects.filter(page=root).delete()
    for workflow in Workflow.objects.filter(name="Moderators approval"):
        workflow.workflow_tasks.all().delete()
        workflow.delete()
    Task.objects.filter(name="Moderators approval").delete()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(access_admin)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(content_type=page_type, codename=codename),
            )
        for codename in MEDIA_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename=codename
                ),
            )
        for dotted in MODEL_PERMISSIONS.get(name, []):
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    # 站点管理员: everything, including site settings, users and groups.
    groups[SITE_ADMIN].permissions.set(Permission.objects.all())

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    for order, group_name in enumerate([REVIEWER, SIGNER]):
        task = GroupApprovalTask.objects.filter(name=group_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(
                name=group_name, content_type=task_type, active=True
            )
        task.groups.set([groups[group_name]])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("stations", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop)]
