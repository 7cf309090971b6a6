"""Where Wagtail and wagtail-localize write English that no catalogue can translate.

The Vietnamese of their admin is in locale_overrides/ (editorial/admin_catalogue.py); these
few texts never pass through gettext upstream, so a provincial editor met them in English
whatever the admin's language. Each is a small correction to offer upstream:

- wagtail-localize formats its dates with strftime("%d %B %Y"): the month is named in
  English ("6 December 2026"). Numeric dates read the same in both languages.
- its translations report's language filters have no label (Django shows "Source locale")
  and its Translation model no verbose name ("57 translations").
- its translation editor, a compiled React script, writes "Tiếng Việt to English
  translation" as a tooltip and "More actions" for screen readers: `translation_editor_js`
  gives a script their translations to rewrite them with (static/js/admin-localize-titles.js).
Wagtail's own templates that had the same fault are overridden under templates/wagtailadmin/.
"""

import json

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from wagtail_localize import models as localize_models
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation
from wagtail_localize.views.report import TranslationsReportFilterSet

NUMERIC_DATE = "%d/%m/%Y"


def install():
    localize_models.DATE_FORMAT = NUMERIC_DATE
    edit_translation.DATE_FORMAT = NUMERIC_DATE
    filters = TranslationsReportFilterSet.base_filters
    filters["source_locale"].label = gettext_lazy("Source language")
    filters["target_locale"].label = gettext_lazy("Target language")
    Translation._meta.verbose_name = gettext_lazy("translation")
    Translation._meta.verbose_name_plural = gettext_lazy("translations")


def translation_editor_js():
    """The script that retitles the translation editor's English tooltip (registered with
    `insert_global_admin_js`: the editor is not a page edit view)."""
    return format_html(
        '<script src="{}" data-title="{}" data-texts="{}" defer></script>',
        static("js/admin-localize-titles.js"),
        # Translators: a tooltip of the translation editor, e.g. "Tiếng Việt → English".
        gettext("%(source)s to %(target)s translation"),
        json.dumps({"More actions": gettext("More actions")}, ensure_ascii=False),
    )
