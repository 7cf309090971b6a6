from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions and provinces")

    def ready(self):
        # What the app shows on other pages imports the models, loaded after the configs.
        from regions import sections  # noqa: F401
