from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    # The folder stays search/; the label keeps clear of wagtail.search.
    name = "search"
    label = "catalogue"
    verbose_name = _("Catalogue search")

    def ready(self):
        from django.conf import settings

        backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).values()
        if any("opensearch" in backend["BACKEND"] for backend in backends):
            from search.opensearch_compat import load_opensearch

            load_opensearch()
