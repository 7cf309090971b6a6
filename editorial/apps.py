from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial work")

    def ready(self):
        # Signal receivers import the models, which Django loads after the app configs.
        from editorial import draft_guard, producers, signals, upstream_strings
        from editorial.slugs import use_transliterating_slug_input
        from editorial.uploads import limit_decoded_pixels

        signals.connect()
        producers.install()
        draft_guard.install()
        upstream_strings.install()
        use_transliterating_slug_input()
        if settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
            limit_decoded_pixels(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
