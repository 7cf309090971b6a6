from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = "OCOP Vietnam Hub"

    def ready(self):
        # The page cache's receivers connect to every app's models, loaded after the configs.
        from showcase import signals

        signals.connect_page_cache_purge()
