import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

# (user name, display name, group) — one user per editorial role.
DEMO_USERS = [
    ("editor", "编辑 小王", "编辑"),
    ("reviewer", "审核 小李", "审核"),
    ("signer", "签发 老张", "签发"),
    ("siteadmin", "站点管理员 小赵", "站点管理员"),
    ("shaoxing", "绍兴市编辑 小陈", "绍兴市编辑"),
    # 甘霖镇联络站's own staff: its 网上联络站 messages only (liaison.staff).
    ("ganlin", "甘霖镇站点管理员 小周", "站点管理员（甘霖镇）"),
]
DEFAULT_PASSWORD = "renda-demo-2026"


class Command(BaseCommand):
    help = "Development only: create one user per editorial role and print their credentials."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_demo_users only runs with DEBUG on (development settings).")
        password = os.environ.get("DEMO_USERS_PASSWORD", DEFAULT_PASSWORD)
        user_model = get_user_model()
        for username, display_name, group_name in DEMO_USERS:
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                raise CommandError(
                    f"Group {group_name} is missing: run migrate and load_demo first."
                )
            role, name = display_name.split(" ")
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": f"{name}（{role}）",
                    "email": f"{username}@example.com",
                },
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.set([group])
            state = "created" if created else "exists, password unchanged"
            self.stdout.write(f"{group_name:　<6} {username:<10} {password}  ({state})")
        self.stdout.write("Log in at http://127.0.0.1:8000/admin/ with any of these users.")
