from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


def place_link_field(to):
    """The direct link a page keeps to the place above it (see HubPage.place_link)."""
    return models.ForeignKey(
        to, null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )


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


def in_locale(page, locale):
    """`page` in `locale` when it has that translation, else `page` itself."""
    if page.locale_id == locale.pk:
        return page
    return page.get_translation_or_none(locale) or page


class HubPage(Page):
    """What every public page of the hub shares: an introduction and a hero image."""

    introduction = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
        from wagtail.models import PageViewRestriction

        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(page__path__in=paths)

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

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    slug = models.SlugField(_("slug"), unique=True)

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


class HomePage(HubPage):
    body = RichTextField(_("body"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = HubPage.content_panels + [FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "regions.RegionIndexPage",
        "products.ProductIndexPage",
        "events.EventIndexPage",
        "regions.SalesPointIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from showcase.home import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context


@register_setting(icon="site")
class HubSettings(BaseSiteSetting):
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    organisation_vi = models.CharField(_("organisation (Vietnamese)"), max_length=255, blank=True)
    organisation_en = models.CharField(_("organisation (English)"), max_length=255, blank=True)

    panels = [
        FieldPanel("organisation_vi"),
        FieldPanel("organisation_en"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
    ]

    class Meta:
        verbose_name = _("hub settings")
