from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = "OCOP Vietnam Hub"

    def ready(self):
        from django.conf import settings

        from showcase import signals

        signals.connect_page_cache_purge()
        from showcase.uploads import limit_decoded_pixels

        if settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
            limit_decoded_pixels(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
