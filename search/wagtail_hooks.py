from wagtail import hooks

from .viewsets import SynonymViewSet


@hooks.register("register_admin_viewset")
def register_synonym_viewset():
    return SynonymViewSet()
