"""Indexing shared by every backend: each field of an object read once, its text analysed as the
index expects (``search.index.analysed_value``), related objects loaded per batch."""

from django.db.models import prefetch_related_objects
from modelsearch.index import RelatedFields

from ..index import analysed_value


class OnePassMixin:
    """An ``ObjectIndexer`` that reads each search field of the object once: the stock indexers
    read every field again for each index column (title, body, autocomplete, …)."""

    def prepare_field(self, obj, field):
        if obj is not self.obj:
            yield from self._analysed(obj, field)
            return
        cache = self.__dict__.setdefault("_prepared", {})
        if id(field) not in cache:
            cache[id(field)] = list(self._analysed(obj, field))
        yield from cache[id(field)]

    def _analysed(self, obj, field):
        """The stock items (``(field, [weight,] value)``) with every text value analysed
        (``search.index.analysed_value``). ``RelatedFields`` yield their sub-fields' items,
        analysed already by the recursive call."""
        for item in super().prepare_field(obj, field):
            if isinstance(field, RelatedFields):
                yield item
            else:
                yield (*item[:-1], analysed_value(item[0], item[-1]))


def prefetch_related_fields(model, objs):
    """Load the related objects ``RelatedFields`` index (authors, tags, …) for a whole batch in
    one query each, instead of one query per object and field. Only for batches (bulk
    indexing): a single object saved by an editor is left as it is."""
    if len(objs) < 2:
        return
    for field in model.get_search_fields():
        if isinstance(field, RelatedFields):
            try:
                prefetch_related_objects(objs, field.field_name)
            except (AttributeError, ValueError, TypeError):
                pass  # not a relation (a method or property): read per object as before
