"""``update_index``: Wagtail's (modelsearch's) command, then the vocabulary for query correction
(``search.vocabulary``), which is read from the same pages. The ``search`` app comes before
``wagtail.search`` in ``INSTALLED_APPS``, so this command is the one ``manage.py`` runs."""

from wagtail.search.management.commands.update_index import Command as UpdateIndexCommand

from search.vocabulary import rebuild

from .rebuild_vocabulary import describe


class Command(UpdateIndexCommand):
    def handle(self, **options):
        super().handle(**options)
        stats = rebuild()
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(describe(stats))
