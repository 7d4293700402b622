"""``update_index``: Wagtail's (modelsearch's) command, then the vocabulary for query correction
(``search.vocabulary``), which is read from the same pages. The ``search`` app comes before
``wagtail.search`` in ``INSTALLED_APPS``, so this command is the one ``manage.py`` runs."""

from wagtail.search.management.commands.update_index import Command as UpdateIndexCommand

from search.vocabulary import rebuild


class Command(UpdateIndexCommand):
    def handle(self, **options):
        super().handle(**options)
        stats = rebuild()
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(
                f"Vocabulary: {stats.words} words from {stats.pages} pages, "
                f"{stats.memory_bytes / 1e6:.1f} MB in memory, {stats.seconds:.1f} s"
            )
