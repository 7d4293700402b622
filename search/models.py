"""The search app's own records. One section per concern."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .analysis import normalize, query_terms

# --- Synonyms (H2) -------------------------------------------------------------------------------
# Sets of words a query word may also be matched as (``search.synonyms`` loads them, the query
# analysis applies them on every backend).

# Words are written one per line; commas and 顿号 separate them too (人大、人民代表大会 pasted).
SYNONYM_SEPARATORS = re.compile(r"[\n\r,，、;；]+")
MAX_SYNONYM_WORD = 30  # characters: a word, not a sentence
MAX_SYNONYM_WORDS = 20


class SynonymKind(models.TextChoices):
    EQUIVALENT = "equivalent", _("等同")
    ONE_WAY = "one_way", _("单向")


def split_synonym_words(text: str) -> list[str]:
    """The words of a synonym set as written (stripped; empty pieces left out)."""
    return [word.strip() for word in SYNONYM_SEPARATORS.split(text or "") if word.strip()]


class Synonym(models.Model):
    """Words a search treats alike: any of them finds the others (等同), or the first finds the
    others but not the reverse (单向: 人大 → 人民代表大会, as 人大 also stands for 中国人民大学)."""

    kind = models.CharField(
        _("类型"),
        max_length=16,
        choices=SynonymKind.choices,
        default=SynonymKind.EQUIVALENT,
        help_text=_(
            "等同：搜索其中任何一个词，也能找到含其他词的页面。单向：搜索第一个词，也能找到含其余词的页面，"
            "反过来不行。"
        ),
    )
    terms = models.TextField(
        _("词语"),
        help_text=_(
            "每行一个词（也可用逗号或顿号分隔），至少两个。单向时第一个词是读者搜索的词，"
            "如：人大 → 人民代表大会。"
        ),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")
        ordering = ["-id"]

    def __str__(self):
        arrow = " → " if self.kind == SynonymKind.ONE_WAY else " ↔ "
        return arrow.join(self.words)

    @property
    def words(self) -> list[str]:
        return split_synonym_words(self.terms)

    def clean(self):
        words = self.words
        errors = []
        seen = {}
        for word in words:
            if any(char.isspace() for char in word):
                errors.append(
                    _("“%(word)s”中有空格：一个词里不能有空格（搜索时空格分隔不同的词）。")
                    % {"word": word}
                )
            elif len(word) > MAX_SYNONYM_WORD:
                errors.append(
                    _("“%(word)s”太长：每个词最多 %(limit)d 个字。")
                    % {"word": word, "limit": MAX_SYNONYM_WORD}
                )
            elif not query_terms(word):
                errors.append(_("“%(word)s”中没有可搜索的文字。") % {"word": word})
            key = tuple(query_terms(word)) or normalize(word)  # as a search sees it
            if key in seen:
                errors.append(
                    _("“%(word)s”与“%(other)s”重复了。") % {"word": word, "other": seen[key]}
                )
            seen.setdefault(key, word)
        if len(words) < 2:
            errors.append(_("至少填写两个词。"))
        if len(words) > MAX_SYNONYM_WORDS:
            errors.append(_("一组最多 %(limit)d 个词。") % {"limit": MAX_SYNONYM_WORDS})
        if not errors:
            self.terms = "\n".join(words)
            same = [
                other
                for other in Synonym.objects.filter(kind=self.kind).exclude(pk=self.pk)
                if self._same_words(other)
            ]
            if same:
                errors.append(_("已有相同的一组同义词：%(other)s") % {"other": same[0]})
        if errors:
            raise ValidationError({"terms": errors})

    def _same_words(self, other) -> bool:
        mine = [normalize(word) for word in self.words]
        theirs = [normalize(word) for word in other.words]
        if self.kind == SynonymKind.ONE_WAY:  # the first word is the one searched for
            return mine[:1] == theirs[:1] and set(mine[1:]) == set(theirs[1:])
        return set(mine) == set(theirs)


# --- Query log ---


class QueryDay(models.Model):
    """How often a normalised query was searched on one day, and how often it found nothing.

    Nothing else is kept: no address, user, session or time of day (``search.querylog`` records
    it, leaves out whatever looks like personal data and removes days past 90)."""

    date = models.DateField(_("日期"))
    query = models.CharField(_("搜索词"), max_length=100)
    hits = models.PositiveIntegerField(_("搜索次数"), default=0)
    zero_hits = models.PositiveIntegerField(_("无结果次数"), default=0)

    class Meta:
        verbose_name = _("每日搜索词")
        verbose_name_plural = _("每日搜索词")
        constraints = [
            models.UniqueConstraint(fields=["date", "query"], name="search_queryday_once")
        ]
        # The report and 热门搜索 read a date range: the unique index (date, query) serves both.

    def __str__(self):
        return f"{self.date} {self.query}"


class HiddenQuery(models.Model):
    """A query an editor keeps out of 热门搜索 (it stays in the report)."""

    query = models.CharField(_("搜索词"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("不在热门搜索中显示的词")
        verbose_name_plural = _("不在热门搜索中显示的词")

    def __str__(self):
        return self.query


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
