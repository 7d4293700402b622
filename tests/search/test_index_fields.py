from wagtail.models import Page, get_page_models


def test_every_page_type_indexes_the_core_page_fields():
    """What Wagtail's wagtailsearch.W001 checks, by field name (the title is segmented)."""
    core = {field.field_name for field in Page.search_fields}
    for model in get_page_models():
        if model is Page or not model.search_fields:
            continue
        names = {field.field_name for field in model.search_fields}
        assert core <= names, model
