"""Machine translation for the translation editor, chosen by the environment (no Django
imports here: the settings module calls it).

Off unless LIBRETRANSLATE_URL names a LibreTranslate server: without it wagtail-localize
offers no "Translate with…" button and the site never calls a remote service. Editors
then review every machine-translated string before publishing, as with their own.
"""

LIBRETRANSLATOR = "wagtail_localize.machine_translators.libretranslate.LibreTranslator"


def machine_translator(environ):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR for this environment, or None for none at all."""
    url = environ.get("LIBRETRANSLATE_URL", "").strip().rstrip("/")
    if not url:
        return None
    return {
        "CLASS": LIBRETRANSLATOR,
        "OPTIONS": {
            "LIBRETRANSLATE_URL": url,
            "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", ""),
            "TIMEOUT": int(environ.get("LIBRETRANSLATE_TIMEOUT", "10")),  # seconds
        },
    }
