from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Fairs and trade events")

    def ready(self):
        # What the app shows on other pages imports the models, loaded after the configs.
        from events import sections  # noqa: F401
