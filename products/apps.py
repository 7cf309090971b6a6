from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("OCOP products")

    def ready(self):
        # What the app shows on other pages imports the models, loaded after the configs.
        from products import sections  # noqa: F401
