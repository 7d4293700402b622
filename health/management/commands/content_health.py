"""The daily content-health run (cron, e.g. ``0 6 * * *``): every check, and on the weekly day
the e-mail to each column's responsible group."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from health import checks, weekly
from search import querylog

MONDAY = 0


class Command(BaseCommand):
    help = "Run every content-health check; on Mondays (or with --email) e-mail each group."

    def add_arguments(self, parser):
        parser.add_argument("--no-external", action="store_true", help="skip the external crawl")
        parser.add_argument("--email", action="store_true", help="send the weekly e-mail today")
        parser.add_argument("--no-email", action="store_true", help="never send the e-mail")

    def handle(self, *args, no_external=False, email=False, no_email=False, **options):
        started = time.perf_counter()
        counts = checks.check_site()
        found = ", ".join(f"{kind} {n}" for kind, n in counts.items())
        self.stdout.write(f"internal checks: {found} in {time.perf_counter() - started:.1f} s")
        if not no_external:
            crawl_started = time.perf_counter()
            broken = checks.check_external_links()
            elapsed = time.perf_counter() - crawl_started
            self.stdout.write(f"external links: {broken} broken in {elapsed:.1f} s")
        # The search log's upkeep rides on this daily run: no cron line of its own.
        removed, handed = querylog.daily()
        self.stdout.write(f"search log: {removed} old rows removed, {handed} queries to Wagtail")
        if email or (not no_email and timezone.localdate().weekday() == MONDAY):
            self.stdout.write(f"weekly e-mails sent: {weekly.send_weekly_emails()}")
