from django.db import models
from django.utils.translation import gettext_lazy as _

# --- Vocabulary (H1) ----------------------------------------------------------------------------


class Vocabulary(models.Model):
    """The site's vocabulary for query correction (``search.vocabulary``): one row, rewritten by
    ``update_index``.

    One compressed blob rather than a row per word: the whole vocabulary is always read at once
    (each process loads it into memory), a rebuild replaces it in one statement, so readers
    never see half of a new vocabulary, and the version stamp beside it is what processes compare
    to know that it changed."""

    version = models.CharField(max_length=40)
    built_at = models.DateTimeField()
    words = models.PositiveIntegerField(default=0)
    # zlib-compressed JSON: {"words": [...], "frequencies": [...], "pinyin": [...]}
    data = models.BinaryField()

    class Meta:
        verbose_name = _("搜索词表")
        verbose_name_plural = _("搜索词表")

    def __str__(self):
        return f"{self.words} @ {self.version}"
