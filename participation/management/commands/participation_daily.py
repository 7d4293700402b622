from django.core.management.base import BaseCommand

from participation import jobs


class Command(BaseCommand):
    help = "公众参与的每日任务：提醒、督办和到期联系方式的删除（由 cron 每天运行）。"

    def handle(self, *args, **options):
        for line in jobs.run_all():
            self.stdout.write(line)
