"""The dashboard of an editor's provinces: the summary of what they hold (in place of
Wagtail's count of every page of the site) and the first actions, adding a product and
importing a spreadsheet (editorial/dashboard.py); then the panels that lead to what is
missing: OCOP certificates due, products without English, products whose English waits for
the review, products short of photos (the lists are editorial/missing.py's; inquiries add
their own panel, inquiries/panels.py)."""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.template.loader import get_template
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import ngettext
from wagtail.admin.site_summary import PagesSummaryItem, SummaryItem
from wagtail.admin.ui.components import Component

from editorial import dashboard, english, missing
from editorial.missing import TranslationState
from products.models import ProductPage


class ProvinceSummaryItem(SummaryItem):
    """The summary's lines for the user's provinces, or the nation's (see dashboard.py)."""

    order = 100  # where Wagtail's count of pages was
    template_name = "editorial/admin/summary_items.html"

    @cached_property
    def items(self):
        return dashboard.summary_items(self.request.user)

    def is_shown(self):
        return bool(self.items)

    def get_context_data(self, parent_context):
        return {"items": self.items}


def replace_pages_summary(request, items):
    """`construct_homepage_summary_items`: the hub's counts instead of Wagtail's pages."""
    items[:] = [item for item in items if not isinstance(item, PagesSummaryItem)]
    items.insert(0, ProvinceSummaryItem(request))


class FirstActionsPanel(Component):
    """Add a product, import a spreadsheet: at the top of the dashboard."""

    name = "first_actions"
    order = 10  # before every other panel
    template_name = "editorial/admin/first_actions.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"panel": self, "actions": dashboard.first_actions(self.user)}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if context["actions"] is None:
            return ""
        return get_template(self.template_name).render(context)


class EditorialPanel(Component):
    """The first few items of one of editorial's lists, with how many there are and a link
    to all of them. Shown only when there is something to do."""

    template_name = "editorial/admin/panel.html"
    row_template_name = None
    limit = 10

    def __init__(self, user):
        self.user = user

    def get_queryset(self):
        raise NotImplementedError

    def get_heading(self, count):
        raise NotImplementedError

    def get_more_url(self):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        queryset = self.get_queryset()
        items = list(queryset[: self.limit + 1])
        count = len(items) if len(items) <= self.limit else queryset.count()
        items = items[: self.limit]
        return {
            "panel": self,
            "items": items,
            "count": count,
            "more": count - len(items),
            "heading": self.get_heading(count),
            "more_url": self.get_more_url(),
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["count"]:
            return ""
        return get_template(self.template_name).render(context)


class CertificatesPanel(EditorialPanel):
    name = "ocop_certificates_due"
    order = 232
    row_template_name = "editorial/admin/row_certificate.html"

    def get_queryset(self):
        return missing.certificates_due(self.user)

    def get_heading(self, count):
        return ngettext(
            "%(count)s OCOP certificate expired or expiring within %(days)s days",
            "%(count)s OCOP certificates expired or expiring within %(days)s days",
            count,
        ) % {"count": count, "days": missing.CERTIFICATE_NOTICE_DAYS}

    def get_more_url(self):
        return reverse("editorial:certificates")


class ProductsWithoutEnglishPanel(EditorialPanel):
    name = "products_without_english"
    order = 233
    row_template_name = "editorial/admin/row_product.html"

    def get_queryset(self):
        return missing.products_without_english(self.user)

    def get_heading(self, count):
        return ngettext(
            "%(count)s product without English", "%(count)s products without English", count
        ) % {"count": count}

    def get_more_url(self):
        query = {
            "state": TranslationState.MISSING,
            "content_type": ContentType.objects.get_for_model(ProductPage).pk,
        }
        return reverse("editorial:translations") + "?" + urlencode(query)


class EnglishInReviewPanel(EditorialPanel):
    """Products whose English is written and waits for the review that publishes it: not
    missing, and not work for the editor, but not yet read by buyers either."""

    name = "products_english_in_review"
    order = 233
    row_template_name = "editorial/admin/row_english_in_review.html"
    waiting = missing.TranslationState.WAITING

    def get_queryset(self):
        return missing.products_with_english_in_review(self.user)

    def get_heading(self, count):
        return ngettext(
            "%(count)s product whose English is waiting for review",
            "%(count)s products whose English is waiting for review",
            count,
        ) % {"count": count}

    def get_more_url(self):
        query = {
            "state": TranslationState.WAITING,
            "content_type": ContentType.objects.get_for_model(ProductPage).pk,
        }
        return reverse("editorial:translations") + "?" + urlencode(query)


class PhotosPanel(EditorialPanel):
    name = "products_short_of_photos"
    order = 234
    row_template_name = "editorial/admin/row_photos.html"
    min_side = missing.MIN_PHOTO_SIDE

    def get_queryset(self):
        return missing.products_short_of_photos(self.user)

    def get_heading(self, count):
        return ngettext(
            "%(count)s product needs photos", "%(count)s products need photos", count
        ) % {"count": count}

    def get_more_url(self):
        return reverse("editorial:photos")


class EnglishHeldBackPanel(EditorialPanel):
    """Pages in review whose approval would publish the Vietnamese only, and why: on the
    dashboard, above Wagtail's own "awaiting your review" panel, whose buttons approve
    without opening the page (where editorial/english.py says the same)."""

    name = "english_held_back"
    order = 219  # just before Wagtail's WorkflowObjectsToModeratePanel (220)
    row_template_name = "editorial/admin/row_held_back.html"
    scanned = 25  # reading a page's latest revision costs a few queries: the oldest only

    def get_context_data(self, parent_context):
        held_back = []
        for page in missing.pages_in_review(self.user)[: self.scanned]:
            reason = english.warning(page)
            if reason:
                held_back.append({"page": page, "reason": reason})
        return {
            "panel": self,
            "items": held_back[: self.limit],
            "count": len(held_back),
            "more": 0,
            "heading": self.get_heading(len(held_back)),
            "more_url": self.get_more_url(),
        }

    def get_heading(self, count):
        return ngettext(
            "%(count)s page in review would go live in Vietnamese only",
            "%(count)s pages in review would go live in Vietnamese only",
            count,
        ) % {"count": count}

    def get_more_url(self):
        return reverse("editorial:translations")
