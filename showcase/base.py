"""The base of every public page, and what the apps share without importing each other.

This module imports no app of the hub: regions, products, events and the rest import it.
The layers go one way (places → products → events → editorial → inquiries and search →
home), so a page never imports the apps above it; what those apps show on it (a
province's products, the fairs of a region) they add as *page sections*.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from showcase.page_cache import cached_content
from showcase.text import slug_for
from showcase.translation import given_slug, is_synced_translation

# {"app_label.modelname": [section, …]}: filled by the apps' sections.py modules.
_SECTIONS = defaultdict(list)


def page_section(*page_types):
    """Register `section(page, request) -> dict`, which adds to the context of the pages of
    `page_types` ("regions.ProvincePage").

    How an app shows itself on the pages of the apps below it: the products app lists a
    province's products on the province page, the events app its fairs. Each app keeps its
    sections in `<app>/sections.py`, which its AppConfig.ready() imports."""

    def register(section):
        for page_type in page_types:
            _SECTIONS[page_type.lower()].append(section)
        return section

    return register


def page_sections(page, request):
    """What the apps above add to `page`'s context, in the order their apps are installed."""
    context = {}
    for section in _SECTIONS.get(page._meta.label_lower, ()):
        context.update(section(page, request))
    return context


def place_link_field(to):
    """The direct link a page keeps to the place above it (see HubPage.place_link)."""
    return models.ForeignKey(
        to, null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )


def in_source_language():
    """`limit_choices_to` of an editor's list of pages (a sales point's products, an event's
    provinces): the Vietnamese pages only. wagtail-localize copies such relations from the
    Vietnamese source, so they point at Vietnamese pages in either language; a list of both
    showed each province twice ("Gia Lai" and "Gia Lai", "Thái Nguyên" and "Thai Nguyen")."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


def private_paths():
    """The paths of the pages with a view restriction: Wagtail's *Privacy* (a password, a
    login or groups). Kept until the content changes: setting, changing or removing a
    page's privacy starts a new generation (showcase/signals.py), as moving a page does."""
    return cached_content(
        "private-paths",
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))),
    )


def visible(queryset, through=""):
    """The pages of `queryset` anyone may read: live, and neither restricted themselves nor
    below a restricted page (whose path begins theirs: treebeard's materialised paths).
    What every public listing, count, search, feed, API, PDF and form of the hub shows;
    `through` applies it to the page a row points at ("event__" for an event's exhibitors).

    Prefixes of known paths, as Wagtail's `.public()`, which a search backend can filter
    on too (the path is indexed); but the paths come from the content cache, where
    `.public()` reads them in a query of its own on every call. Measured on SQLite with
    20,000 pages and three restrictions: 8 ms more per listing with prefixes, 58 ms with a
    correlated subquery of the restrictions instead (and the catalogue counts nine facets).

    Private pages are left out for those who may read them too: a listing is the same for
    every visitor, so that the page cache can share it."""
    queryset = queryset.filter(**{f"{through}live": True})
    paths = private_paths()
    if not paths:
        return queryset
    return queryset.exclude(
        reduce(or_, (Q(**{f"{through}path__startswith": path}) for path in paths))
    )


def visible_in_locale(queryset, pk, locale):
    """Page `pk` of `queryset` in `locale` (its translation there, or itself where that is
    not public), or None when the page is not public: for a page id from a link in either
    language."""
    page = visible(queryset).filter(pk=pk).first()
    if page is None or page.locale_id == locale.pk:
        return page
    twin = visible(queryset).filter(translation_key=page.translation_key, locale=locale)
    return twin.first() or page


def localized(queryset, sources, locale):
    """{translation key: page} for the pages of `queryset` in `locale` that translate
    `sources` (pages in any locale; None is skipped), in one query.

    Page relations copied from the Vietnamese source by wagtail-localize (many-to-many
    fields, synchronised inline rows) point at Vietnamese pages; this finds the visitor's.
    """
    keys = {page.translation_key for page in sources if page is not None}
    if not keys:
        return {}
    return {
        page.translation_key: page
        for page in queryset.filter(locale=locale, translation_key__in=keys)
    }


class HubPage(Page):
    """What every public page of the hub shares: an introduction and a hero image."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "One or two plain sentences shown under the title; their first 200 characters "
            "also describe the page in search engines' results."
        ),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A wide landscape photo across the top of the page, at least 1600 px wide; also "
            "the picture shown when the page is shared."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    # Pages that live under a place keep a direct link to it, refreshed from the tree on
    # every save, so listings filter and join on it without walking the tree.
    place_link = None

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_sections(self, request))
        return context

    @property
    def social_image(self):
        """The picture that represents the page when shared (Open Graph)."""
        return self.hero_image

    def json_ld(self, request):
        """Structured data (schema.org, as JSON-LD) about what the page describes, if any."""
        return None

    @classmethod
    def serve_queryset(cls, queryset):
        """What the page loads with itself when it is served (showcase/routing.py): what its
        templates read on every view, joined rather than fetched one by one."""
        related = ["hero_image"]
        if cls.place_link:
            related.append(cls.place_link)
        return queryset.select_related(*related)

    @property
    def breadcrumb(self):
        """The pages from home down to this page's parent."""
        ancestors = getattr(self, "hub_ancestors", None)
        if ancestors is None:
            ancestors = list(self.get_ancestors())[1:]  # without the tree's root
        return ancestors

    def get_view_restrictions(self):
        """Wagtail's check in one query when the router has loaded the ancestors (their
        paths are prefixes of this page's); aliases are left to Wagtail, which follows
        them to their source pages."""
        ancestors = getattr(self, "hub_ancestors", None)
        if ancestors is None or self.alias_of_id or any(page.alias_of_id for page in ancestors):
            return super().get_view_restrictions()
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(page__path__in=paths)

    # Before Wagtail's own checks (full on publishing, minimal on a draft): Wagtail would make
    # a missing slug with Django's slugify, which drops "đ".
    def full_clean(self, *args, **kwargs):
        self.slug = self.ascii_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self.slug = self.ascii_slug()
        super().minimal_clean()

    def ascii_slug(self):
        """The page's slug in ASCII, spelt from the title (showcase.text.slug_for).

        The admin's slug field already writes it so (editorial/slugs.py); this catches the
        rest: a slug typed with diacritics, a page made in code without one, and an English
        page that wagtail-localize builds, which would keep the Vietnamese page's slug. Its
        slug follows its English title unless a person translated the slug itself."""
        if self.pk and is_synced_translation(self):
            wanted = slug_for(given_slug(self) or self.title)
            if wanted:
                return find_available_slug(self.get_parent(), wanted, ignore_page_id=self.pk)
        if self.slug and not self.slug.isascii():
            return slug_for(self.slug) or self.slug
        parent_is_known = self.path or getattr(self, "_cached_parent_obj", None)
        if not self.slug and parent_is_known and slug_for(self.title):
            # Wagtail's numbering of a taken slug (-2, -3…), as it does for its own.
            return self._get_autogenerated_slug(slug_for(self.title))
        return self.slug

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (
            self.place_link
            and self.path
            and (update_fields is None or self.place_link in update_fields)
        ):
            parent = self.get_parent()
            place_model = self._meta.get_field(self.place_link).related_model
            is_place = parent is not None and issubclass(parent.specific_class, place_model)
            setattr(self, f"{self.place_link}_id", parent.id if is_place else None)
        super().save(*args, **kwargs)


class HubIndexPage(HubPage):
    """A section of the site (regions, products, events, sales points): once, under home."""

    parent_page_types = ["showcase.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # A filter that names nothing: the page still shows (with the message), as a 400.
        response = super().serve(request, *args, **kwargs)
        if getattr(response, "context_data", {}).get("filter_error"):
            response.status_code = 400
        return response


class BilingualName(models.Model):
    """A name buyers read in either language, kept on one row so facets count one value.

    wagtail-localize does not localise ParentalManyToManyField values (they are copied
    with the source locale's ids), so taxonomy used in many-to-many relations keeps
    both languages on the same row instead of one row per locale.
    """

    name_vi = models.CharField(
        _("name (Vietnamese)"),
        max_length=255,
        help_text=_('In Vietnamese with diacritics, as Vietnamese pages show it, e.g. "Chè".'),
    )
    name_en = models.CharField(
        _("name (English)"),
        max_length=255,
        help_text=_('As buyers read it on English pages, e.g. "Tea".'),
    )
    slug = models.SlugField(
        _("slug"),
        unique=True,
        help_text=_(
            "Its short name in links, catalogue filters and import spreadsheets: lowercase "
            'letters without diacritics, digits and hyphens, e.g. "eu-organic". Do not '
            "change it once it is in use."
        ),
    )

    panels = [FieldPanel("name_vi"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if (get_language() or "vi").startswith("en"):
            return self.name_en or self.name_vi
        return self.name_vi or self.name_en
