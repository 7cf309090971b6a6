"""The English version, as a provincial editor and the reviewer go through it.

After saving a Vietnamese page the editor is shown one next step: "Translate into English"
(wagtail-localize's submit view, which creates the English page and opens its translation
editor) or, once the English exists, "Edit the English". The English then goes to the review
with the Vietnamese: approving the Vietnamese publishes the English from its stored strings
(editorial/review.py), and the edit view says which fields would keep it back
(editorial/english.py). Before approving, the reviewer opens the two versions side by side
(`compare`): each field the approval publishes, Vietnamese and English, the untranslated
ones marked.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Locale, Page

from editorial.english import side_by_side


def english_locale(page):
    return Locale.objects.exclude(pk=page.locale_id).first()


def next_step(request, page):
    """`after_create_page` / `after_edit_page`: after a Vietnamese page is saved, the one
    thing to do next for its English."""
    if not request.accepts("text/html"):
        # Wagtail's autosave (JSON) runs these hooks too: a message queued by each would
        # pile up and show, repeated, on the editor's next page.
        return
    page = page.specific
    english = english_locale(page)
    if not page.locale.is_default or english is None:
        return
    translated = page.get_translation_or_none(english)
    if translated is None:
        submit = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        url = f"{submit}?select_locale={english.language_code}"  # English comes ticked
        message = _("Next step: the English version, which buyers abroad read.")
        button = messages.button(url, _("Translate into English"))
    else:
        url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
        message = _(
            "Check the English version: it goes to the review with the Vietnamese, and "
            "is published when the Vietnamese is approved."
        )
        button = messages.button(url, _("Edit the English"))
    messages.info(request, message, buttons=[button])


def compare_button(page):
    return messages.button(
        reverse("editorial_compare", args=[page.pk]), _("Compare Vietnamese and English")
    )


def compare(request, page_id):
    """The Vietnamese and the English an approval would publish, field by field."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    english = english_locale(page)
    rows = side_by_side(page, english) if english else []
    return TemplateResponse(
        request,
        "editorial/admin/compare.html",
        {
            "page": page,
            "rows": rows,
            "missing": sum(1 for row in rows if row.english is None),
            "english_page": page.get_translation_or_none(english) if english else None,
        },
    )


def urlpatterns():
    return [path("editorial/compare/<int:page_id>/", compare, name="editorial_compare")]
