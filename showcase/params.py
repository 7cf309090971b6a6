"""Reading a listing's URL parameters, one way for every listing: the catalogue and its
JSON API, the events index and feed, the sales points, pooled supply and the printable
catalogues.

Each helper returns the checked value or raises `ParameterError` with a message in the
active language that says what to change. A page shows the message and answers 400
(`HubIndexPage.serve`); the JSON API answers `{"error": message}` with 400.
"""

from django.utils.translation import gettext as _


class ParameterError(ValueError):
    """A parameter a person can correct."""


def values(params, name):
    """The distinct non-empty values of parameter `name`, in the order given, from a
    QueryDict or a dict of lists."""
    raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    found = tuple(dict.fromkeys(value.strip() for value in raw if value and value.strip()))
    if any("\x00" in value for value in found):  # PostgreSQL refuses it in any text
        raise ParameterError(_("“%(name)s” must not contain a NUL character.") % {"name": name})
    return found


def one(params, name, default=""):
    """The one value of parameter `name` (`default` when absent); two different values are
    an error."""
    found = values(params, name)
    if len(found) > 1:
        raise ParameterError(_("“%(name)s” takes one value.") % {"name": name})
    return found[0] if found else default


def choice(params, name, choices, message):
    """The one value of `name`, which must be one of `choices`; `message` (with
    %(value)s) says what was wrong."""
    value = one(params, name)
    if value and value not in choices:
        raise ParameterError(message % {"value": value})
    return value


def number(text, name, minimum=None, maximum=None):
    """`text` as a whole number within [minimum, maximum]."""
    try:
        found = int(text)
    except ValueError:
        raise ParameterError(
            _("“%(name)s” must be a whole number, not “%(value)s”.")
            % {"name": name, "value": text[:40]}
        ) from None
    if minimum is not None and found < minimum:
        raise ParameterError(
            _("“%(name)s” must be %(minimum)s or more.") % {"name": name, "minimum": minimum}
        )
    if maximum is not None and found > maximum:
        raise ParameterError(
            _("“%(name)s” must be between %(minimum)s and %(maximum)s.")
            % {"name": name, "minimum": minimum, "maximum": maximum}
        )
    return found


# The largest id a row can have: SQLite's INTEGER and PostgreSQL's bigint end at 2**63 - 1.
# Django keeps an integer field's lookups within them (ticket #27397), but not a relation's,
# and a page's id is its `page_ptr`: SQLite cannot be sent a larger number (OverflowError,
# a 500).
MAX_ID = 2**63 - 1


def database_id(text, name):
    """`text` as the id of a row: a whole number from 1 to `MAX_ID`."""
    return number(str(text), name, minimum=1, maximum=MAX_ID)


class IdConverter:
    """`<id:…>` in a URL (registered in showcase/urls.py): the id of a row. Django's
    `<int:…>` takes any number of digits; this one refuses a number no row can have, and
    the address is then a 404 like any unknown one (a `ParameterError` is a `ValueError`,
    which tells Django the pattern does not match)."""

    regex = "[0-9]+"

    def to_python(self, value):
        return database_id(value, "id")

    def to_url(self, value):
        return str(value)


def numbers(texts, name, allowed):
    """Each of `texts` as a whole number, each one of `allowed`."""
    found = tuple(number(text, name) for text in texts)
    if any(value not in allowed for value in found):
        raise ParameterError(
            _("“%(name)s” must be one of %(values)s.")
            % {"name": name, "values": ", ".join(map(str, sorted(allowed)))}
        )
    return found


def boolean(text, name):
    """True, False, or None when `text` is empty."""
    if text == "":
        return None
    if text.lower() in ("true", "1", "yes"):
        return True
    if text.lower() in ("false", "0", "no"):
        return False
    raise ParameterError(_("“%(name)s” must be true or false.") % {"name": name})
