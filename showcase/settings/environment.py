"""What the environment chooses that takes code to read (no Django imports here: the
settings modules call these while Django starts).

- Machine translation for the translation editor: off unless LIBRETRANSLATE_URL names a
  LibreTranslate server. Without it wagtail-localize offers no "Translate with…" button
  and the site never calls a remote service. Editors then review every
  machine-translated string before publishing, as with their own.
- The Content-Security-Policy source of the sales-point map's tiles.
"""

from urllib.parse import urlsplit

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


def map_tiles_sources(tiles_url):
    """The CSP source the sales-point map's tiles load from: `HUB_MAP_TILES_URL`'s origin.

    Leaflet's `{s}` (or any placeholder) in the host becomes a wildcard label:
    "https://{s}.tile.example/{z}/{x}/{y}.png" gives "https://*.tile.example".
    No URL, or one without a host, gives no source (the map then has no background)."""
    parts = urlsplit(tiles_url or "")
    if not parts.netloc or parts.scheme not in ("", "http", "https"):
        return []
    labels = parts.netloc.split(".")
    templated = [i for i, label in enumerate(labels) if "{" in label]
    if templated:
        labels = ["*", *labels[templated[-1] + 1 :]]
    host = ".".join(labels)
    # A scheme-relative URL ("//tiles.example/…") loads with the page's own scheme.
    return [f"{parts.scheme}://{host}" if parts.scheme else host]
