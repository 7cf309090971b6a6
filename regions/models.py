from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from showcase.base import HubIndexPage, HubPage, in_source_language, place_link_field, visible
from showcase.structured_data import sales_point_data
from showcase.widgets import SearchableSelectMultiple


class RegionIndexPage(HubIndexPage):
    subpage_types = ["regions.RegionPage"]

    class Meta:
        verbose_name = _("region index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = visible(RegionPage.objects.child_of(self))
        context["provinces_by_region"] = (
            visible(ProvincePage.objects).filter(locale=self.locale).grouped_by_region()
        )
        return context


class RegionPage(HubPage):
    """One of Vietnam's six socio-economic regions."""

    key = models.SlugField(
        _("key"),
        max_length=80,
        help_text=_("Stable identifier used by filters and the API, the same in every language."),
    )

    content_panels = HubPage.content_panels + [FieldPanel("key")]
    override_translatable_fields = [SynchronizedField("key")]
    parent_page_types = ["regions.RegionIndexPage"]
    subpage_types = ["regions.ProvincePage"]

    class Meta:
        verbose_name = _("region")


class ProvinceQuerySet(PageQuerySet):
    def grouped_by_region(self):
        grouped = {}
        for province in self.select_related("region").order_by("title"):
            grouped.setdefault(province.region_id, []).append(province)
        return grouped


class ProvincePage(HubPage):
    """A province or centrally governed city in force since 1 July 2025."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("centrally governed city")

    code = models.CharField(
        _("administrative code"), max_length=2, help_text=_("Two-digit code, e.g. 19.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.PROVINCE,
        help_text=_(
            "A province, or one of the six cities governed by the central government (Hà Nội, "
            "Hải Phòng, Huế, Đà Nẵng, Cần Thơ, Hồ Chí Minh City)."
        ),
    )
    official_name = models.CharField(
        _("official name"), max_length=255, help_text=_("e.g. Tỉnh Thái Nguyên")
    )
    body = RichTextField(
        _("about the province"),
        blank=True,
        help_text=_(
            "What a buyer should know before a visit: where it is, its land and climate, its "
            "best-known products, how to get there. A few short paragraphs."
        ),
    )
    region = place_link_field(RegionPage)
    # The office buyers reach when a producer has published no contacts of its own (a
    # producer's profile, products/profiles.py): the province's trade-promotion centre or
    # its Department of Agriculture's OCOP desk. Left empty, buyers write through the hub.
    trade_office = models.CharField(
        _("trade-promotion office"),
        max_length=255,
        blank=True,
        help_text=_(
            "The office that answers buyers for the province's producers, e.g. the province's "
            "Trade Promotion Centre."
        ),
    )
    trade_office_phone = models.CharField(
        _("office phone"),
        max_length=40,
        blank=True,
        help_text=_("With the country code: +84 208 385 1234."),
    )
    trade_office_email = models.EmailField(
        _("office e-mail"), blank=True, help_text=_("An address the office reads every day.")
    )
    trade_office_website = models.URLField(
        _("office website"), blank=True, help_text=_("Its site, starting with https://.")
    )

    objects = PageManager.from_queryset(ProvinceQuerySet)()

    content_panels = HubPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("official_name"), FieldPanel("code"), FieldPanel("kind")],
            heading=_("Administrative unit"),
        ),
        InlinePanel(
            "former_names",
            heading=_("Former provinces merged into it"),
            label=_("former province"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("trade_office"),
                FieldRowPanel([FieldPanel("trade_office_phone"), FieldPanel("trade_office_email")]),
                FieldPanel("trade_office_website"),
            ],
            heading=_("Contact for buyers"),
        ),
    ]
    search_fields = HubPage.search_fields + [
        index.SearchField("official_name"),
        index.RelatedFields("former_names", [index.SearchField("name")]),
        index.FilterField("code"),
    ]
    override_translatable_fields = [
        SynchronizedField("code"),
        SynchronizedField("former_names"),
        SynchronizedField("trade_office_phone"),
        SynchronizedField("trade_office_email"),
        SynchronizedField("trade_office_website"),
    ]
    place_link = "region"
    parent_page_types = ["regions.RegionPage"]
    subpage_types = ["products.ProductPage", "regions.SalesPointPage", "events.EventPage"]

    class Meta:
        verbose_name = _("province")

    @property
    def former_province_names(self):
        return [former.name for former in self.former_names.all()]


class ProvinceFormerName(Orderable):
    """A province merged into this one on 1 July 2025, still how many buyers know it."""

    province = ParentalKey(ProvincePage, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. Bắc Kạn"))

    panels = [FieldPanel("name")]

    def __str__(self):
        return self.name


class SalesPointIndexPage(HubIndexPage):
    subpage_types = []

    class Meta:
        verbose_name = _("sales point index page")


class SalesPointPage(HubPage):
    """A place where buyers can see and taste OCOP products."""

    class Kind(models.TextChoices):
        OCOP_CENTRE = "ocop_centre", _("OCOP centre")
        SUPERMARKET = "supermarket", _("supermarket counter")
        AIRPORT = "airport", _("airport shop")
        TOURIST_SITE = "tourist_site", _("tourist site")
        CRAFT_VILLAGE = "craft_village", _("craft village showroom")
        SHOWROOM = "showroom", _("producer showroom")

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("What kind of place it is; buyers filter the directory by it."),
    )
    address = models.CharField(
        _("address"),
        max_length=255,
        help_text=_(
            "House number, street, ward or commune and province, as a visitor would type it "
            "into a map."
        ),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Its place on the map in decimal degrees, e.g. 21.5942: right-click the place in "
            "a map application to copy it."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_(
            "In decimal degrees, e.g. 105.8482. Without latitude and longitude the sales point "
            "is not on the map."
        ),
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        help_text=_('Days and hours, e.g. "Mon–Sun 8:00–21:00".'),
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("With the country code, e.g. +84 208 385 1234."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("An address visitors and buyers may write to.")
    )
    website = models.URLField(
        _("website"),
        blank=True,
        help_text=_("Its own page or online shop, starting with https://."),
    )
    products = ParentalManyToManyField(
        "products.ProductPage",
        verbose_name=_("products available"),
        blank=True,
        related_name="sales_points",
        limit_choices_to=in_source_language,
        help_text=_("The OCOP products visitors can see and buy there. Type a name to find it."),
    )
    province = place_link_field(ProvincePage)

    content_panels = [
        TitleFieldPanel(
            "title",
            help_text=_(
                'The name on its sign, e.g. "Điểm giới thiệu và bán sản phẩm OCOP Thái Nguyên".'
            ),
        ),
        *HubPage.content_panels[1:],
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("latitude"), FieldPanel("longitude")],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("products", widget=SearchableSelectMultiple),
    ]
    search_fields = HubPage.search_fields + [
        index.SearchField("address"),
        index.FilterField("kind"),
    ]
    override_translatable_fields = [
        SynchronizedField("address"),
        SynchronizedField("phone"),
    ]
    place_link = "province"
    parent_page_types = ["regions.ProvincePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sales point")

    def json_ld(self, request):
        return sales_point_data(self, request)


class EditorsTeam(models.Model):
    """A province's editors: their Django group, their image and document collection (its
    documents private to the team and the central reviewers) and the collection of the
    documents they publish.

    One per Vietnamese province page, kept in step by editorial/groups.py whenever a province
    page is saved; the link survives a renamed province or group."""

    province = models.OneToOneField(
        ProvincePage,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="editors_team",
    )
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="team"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="team",
    )
    public_collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("public document collection"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="public_team",
    )
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("province editors team")
        verbose_name_plural = _("province editors teams")

    def __str__(self):
        return self.group.name
