"""``rebuild_vocabulary``: the vocabulary of query correction (``search.vocabulary``) read afresh
from the live pages, without re-indexing them; for a nightly cron job, so that the words of the
day's new pages can be corrected to (``update_index`` rebuilds it too)."""

from django.core.management.base import BaseCommand

from search.vocabulary import rebuild


def describe(stats) -> str:
    return (
        f"Vocabulary: {stats.words} words from {stats.pages} pages, "
        f"{stats.memory_bytes:,} bytes in memory, {stats.seconds:.1f} s"
    )


class Command(BaseCommand):
    help = "Rebuild the vocabulary of search query correction from the live pages."

    def handle(self, **options):
        stats = rebuild()
        if options["verbosity"] >= 1:
            self.stdout.write(describe(stats))
