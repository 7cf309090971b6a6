from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = "OCOP Vietnam Hub"

    def ready(self):
        from showcase import signals  # noqa: F401
