from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from search.opensearch_compat import load_opensearch


class CatalogueConfig(AppConfig):
    # The folder stays search/; the label keeps clear of wagtail.search.
    name = "search"
    label = "catalogue"
    verbose_name = _("Catalogue search")

    def ready(self):
        # The catalogue page's section imports the models, loaded after the app configs.
        from search import catalogue  # noqa: F401

        backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).values()
        if any("opensearch" in backend["BACKEND"] for backend in backends):
            load_opensearch()
