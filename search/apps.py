from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    # The folder stays search/; the label keeps clear of wagtail.search.
    name = "search"
    label = "catalogue"
    verbose_name = _("Catalogue search")
