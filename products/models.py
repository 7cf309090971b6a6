import calendar
import datetime
from itertools import chain

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PageManager,
    Revision,
    RevisionMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from products.fields import MonthsField
from products.forms import ProducerForm
from products.panels import ProducerProductsPanel
from products.terms import CommercialTerms, SupplyUnit
from regions.models import SalesPointPage
from showcase.base import BilingualName, HubIndexPage, HubPage, place_link_field, visible
from showcase.settings.search_backends import TEXT_SUBFIELDS
from showcase.structured_data import product_data
from showcase.text import fold, slug_for
from showcase.widgets import SearchableSelectMultiple

OCOP_CERTIFICATE_VALID_MONTHS = 36


class ProductCategory(BilingualName):
    """One of the six OCOP product groups (Decision 148/QĐ-TTg)."""

    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Its place in lists of groups: smaller numbers first.")
    )

    panels = BilingualName.panels + [FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("OCOP category")
        verbose_name_plural = _("OCOP categories")


class Commodity(BilingualName):
    """What the product is made of or is: dragon fruit, tea, fish sauce…"""

    class Meta(BilingualName.Meta):
        verbose_name = _("commodity")
        verbose_name_plural = _("commodities")


class Certification(BilingualName):
    """A quality or origin certification buyers ask for: VietGAP, HACCP, organic…"""

    class Meta(BilingualName.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


def this_year():
    return timezone.localdate().year


class ProducerQuerySet(models.QuerySet):
    def live(self):
        """The producers buyers may see: approved by a central reviewer."""
        return self.filter(live=True)

    def for_admin_listing(self):
        """What the admin's list and chooser show of each producer (its province, its
        status: live, draft, in review, scheduled), in a fixed number of queries."""
        in_review = WorkflowState.objects.active().select_related("current_task_state__task")
        scheduled = Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Producer),
            object_id=Cast(OuterRef("pk"), output_field=models.CharField()),
            approved_go_live_at__isnull=False,
        )
        return (
            self.select_related("province", "latest_revision")
            .prefetch_related(
                Prefetch("_workflow_states", queryset=in_review, to_attr="_current_workflow_states")
            )
            .annotate(_approved_schedule=Exists(scheduled))
        )


class Producer(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """The cooperative, enterprise or household that makes OCOP products.

    A province's editors keep their own province's producers (editorial/producers.py), and
    what they change is a draft until a central reviewer approves it (the review workflow
    covers producers, editorial/review.py): the row holds what buyers see, a producer added
    in the admin is not live until then, and public code shows a producer only when it is
    live (`public_producer`). Producers made by a spreadsheet import are live at once: they
    reach buyers only through the imported products, which are reviewed themselves."""

    class Type(models.TextChoices):
        COOPERATIVE = "cooperative", _("cooperative")
        COOPERATIVE_GROUP = "cooperative_group", _("cooperative group")
        ENTERPRISE = "enterprise", _("enterprise")
        HOUSEHOLD = "household", _("household business")

    name = models.CharField(
        _("registered name"),
        max_length=255,
        help_text=_(
            "The name on the business or cooperative registration certificate, in Vietnamese "
            'with diacritics, e.g. "HTX Chè Tân Hương".'
        ),
    )
    # The profile's address, /<lang>/producers/<slug>/: made once from the name and the
    # province and kept when the name changes, so links to it last (products/profiles.py).
    slug = models.SlugField(
        _("address on the site"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    name_en = models.CharField(
        _("English trading name"),
        max_length=255,
        blank=True,
        help_text=_(
            "The name foreign buyers know the producer by, shown beside the registered name "
            'on English pages and printed catalogues, e.g. "Tan Huong Tea Cooperative". '
            "Leave it empty if there is none."
        ),
    )
    producer_type = models.CharField(
        _("type"),
        max_length=20,
        choices=Type.choices,
        help_text=_("Its legal form, as registered."),
    )
    province = models.ForeignKey(
        "regions.ProvincePage",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="producers",
        help_text=_(
            "The province where it is registered: that province's editors keep it up to date."
        ),
    )
    year_established = models.PositiveSmallIntegerField(
        _("year established"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(this_year)],
        help_text=_("The year it was founded or registered, e.g. 2015."),
    )
    contact_person = models.CharField(
        _("contact person"),
        max_length=255,
        blank=True,
        help_text=_('Who answers buyers: full name and role, e.g. "Nguyễn Thị Hoa, director".'),
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9(][0-9 .()/,;-]{6,}$",
                _(
                    "Write a phone number with digits, spaces and an optional leading +, e.g. +84 912 345 678."
                ),
            )
        ],
        help_text=_(
            "With the country code, so buyers abroad can call: +84 912 345 678 (a mobile) "
            "or +84 208 385 1234 (a landline)."
        ),
    )
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("An address buyers may write to; it is shown on the product pages."),
    )
    website = models.URLField(
        _("website"),
        blank=True,
        help_text=_("The producer's own site or online shop, starting with https://."),
    )
    address = models.CharField(
        _("address"),
        max_length=255,
        blank=True,
        help_text=_(
            "House number, street, commune and province, as a buyer would write it on a letter."
        ),
    )
    description_vi = models.TextField(
        _("description (Vietnamese)"),
        blank=True,
        help_text=_(
            "A few sentences for buyers: what it makes, since when, its land and members, "
            "how much it can supply. Shown on Vietnamese pages."
        ),
    )
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        help_text=_("The same for English pages, written for foreign buyers."),
    )

    objects = ProducerQuerySet.as_manager()
    base_form_class = ProducerForm

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldRowPanel([FieldPanel("producer_type"), FieldPanel("year_established")]),
        FieldPanel("province", widget=forms.Select),  # the user's provinces (ProducerForm)
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("description_vi"), FieldPanel("description_en")],
            heading=_("Description"),
        ),
        InlinePanel("certificates", heading=_("Certificates"), label=_("certificate")),
        InlinePanel("photos", heading=_("Photos"), label=_("photo")),
        ProducerProductsPanel(heading=_("Products")),
    ]

    class Meta:
        ordering = ["name"]
        # The same name in two provinces is two producers (many "HTX Thành Công" exist).
        constraints = [
            models.UniqueConstraint(
                fields=["name", "province"], name="unique_producer_per_province"
            )
        ]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            province = self.province
            assign_slugs([self], {province.pk: province.slug} if province else {})
        super().save(*args, **kwargs)

    @property
    def has_contact(self):
        return bool(self.phone or self.email or self.website)

    @property
    def approved_schedule(self):
        # Annotated by `for_admin_listing()`: one query for a page of them, not one each.
        if hasattr(self, "_approved_schedule"):
            return self._approved_schedule
        return super().approved_schedule


def assign_slugs(producers, province_slugs, model=None):
    """Give each of `producers` that has none its profile's slug: its name in ASCII, with
    its province's slug (`province_slugs`: {province id: slug}) when another producer has
    the name, then a number. One query for the slugs taken, however many producers (an
    import makes thousands; the data migration passes its historical `model`)."""
    model = model or Producer
    taken = set(model.objects.exclude(slug=None).values_list("slug", flat=True))
    for producer in producers:
        if producer.slug:
            continue
        base = slug_for(producer.name, 100) or "producer"
        candidates = [base]
        if producer.province_id in province_slugs:
            candidates.append(f"{base}-{province_slugs[producer.province_id]}")
        last = candidates[-1]
        numbered = (f"{last}-{n}" for n in range(2, 10_000))  # lazily: one or two are tried
        producer.slug = next(slug for slug in chain(candidates, numbered) if slug not in taken)
        taken.add(producer.slug)


def public_producer(producer):
    """`producer` as buyers may see it: none until a central reviewer has approved it."""
    return producer if producer is not None and producer.live else None


class ProducerCertificate(Orderable):
    """A certification the producer holds, with its number and validity, as buyers check it
    (the producer's profile lists them; a product's certifications are on the product)."""

    producer = ParentalKey(Producer, on_delete=models.CASCADE, related_name="certificates")
    certification = models.ForeignKey(
        Certification,
        verbose_name=_("certification"),
        on_delete=models.CASCADE,
        related_name="certificates",
        help_text=_("e.g. VietGAP, GlobalG.A.P., HACCP, ISO 22000, organic."),
    )
    number = models.CharField(
        _("certificate number"),
        max_length=100,
        blank=True,
        help_text=_("As printed on the certificate, so a buyer can check it with its issuer."),
    )
    issued_by = models.CharField(
        _("issued by"),
        max_length=255,
        blank=True,
        help_text=_("The certification body, e.g. the name of the VietGAP certifier."),
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The expiry date printed on the certificate."),
    )

    panels = [
        FieldPanel("certification"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("valid_until")]),
        FieldPanel("issued_by"),
    ]


class ProducerPhoto(Orderable):
    producer = ParentalKey(Producer, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "The workshop, the fields, the team, the products being made: what a buyer "
            "wants to see before a visit."
        ),
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class ProductIndexPage(HubIndexPage):
    """The catalogue over every province's products: the search, its facets and results
    are its section in search/sections.py."""

    subpage_types = []

    class Meta:
        verbose_name = _("product catalogue page")


def search_text(title, description, packaging, names):
    """A product's searchable text, folded: its title, description (without markup),
    packaging and the `names` of what it is linked to (ProductPage.search_text; the
    catalogue's index builds it from rows, search/index.py)."""
    parts = [title, strip_tags(description or ""), packaging, *names]
    return fold(" ".join(part for part in parts if part))


def province_names(province):
    """A province's names a search should know it by: current, official, slug, former,
    its region's. Kept on the province object: indexing a batch of its products asks for
    them once per product and field."""
    if "_search_names" not in province.__dict__:
        names = [province.title, province.official_name, province.slug]
        names += province.former_province_names
        if province.region is not None:
            names.append(province.region.title)
        province.__dict__["_search_names"] = names
    return province.__dict__["_search_names"]


class ProductQuerySet(PageQuerySet):
    def for_listing(self):
        """What a product card shows, fetched in a fixed number of queries."""
        return self.select_related(
            "province", "province__region", "category", "commodity", "producer", "image"
        ).prefetch_related("image__renditions")

    def certificate_expired(self, today=None):
        """Products whose OCOP certificate (valid 36 months) ended before `today`."""
        return self.filter(ocop_certified_on__lt=certificate_cutoff(today))

    def certificate_valid(self, today=None):
        """Products whose certificate has not expired, or has no date to judge by."""
        return self.exclude(ocop_certified_on__lt=certificate_cutoff(today))

    def certificate_expiring(self, days=90, today=None):
        """Valid products whose certificate ends within `days` days."""
        today = today or timezone.localdate()
        return self.certificate_valid(today).filter(
            ocop_certified_on__lt=certificate_cutoff(today + datetime.timedelta(days=days))
        )

    def count_by(self, field):
        """{value of `field`: number of products} in one grouped query."""
        grouped = self.order_by().values_list(field).annotate(n=models.Count("pk"))
        return dict(grouped.values_list(field, "n"))


class ProductPage(HubPage, CommercialTerms):
    """An OCOP-certified product of a province, as a buyer needs to judge it."""

    class Stars(models.IntegerChoices):
        THREE = 3, _("3 stars")
        FOUR = 4, _("4 stars")
        FIVE = 5, _("5 stars")

    SupplyUnit = SupplyUnit

    class SupplyPeriod(models.TextChoices):
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    import_ref = models.CharField(
        _("reference"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Stable id from the province's spreadsheet; re-imports update this page."),
    )
    import_digest = models.CharField(max_length=64, blank=True, editable=False)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The photo buyers see first, on cards and at the top of the page: the product "
            "itself, on a plain background, landscape, at least 1200 px wide."
        ),
    )
    ocop_stars = models.PositiveSmallIntegerField(
        _("OCOP rating"),
        choices=Stars.choices,
        help_text=_("The stars in the latest OCOP certification decision."),
    )
    ocop_certificate_no = models.CharField(
        _("OCOP certificate number"),
        max_length=64,
        blank=True,
        help_text=_(
            "The number of the certification decision, as written on it, e.g. 1234/QĐ-UBND."
        ),
    )
    ocop_certified_on = models.DateField(
        _("OCOP certified on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the decision was signed, e.g. 2025-05-16. The certificate is valid for 36 "
            "months; once it has expired the product leaves the catalogue."
        ),
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("OCOP category"),
        on_delete=models.PROTECT,
        related_name="products",
        help_text=_("The OCOP product group it was assessed in, e.g. Food or Beverages."),
    )
    commodity = models.ForeignKey(
        Commodity,
        verbose_name=_("commodity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        help_text=_(
            "What it is or is made of, as buyers search for it: tea, lychee, fish sauce. The "
            "supply of products of one commodity is added up for large orders."
        ),
    )
    producer = models.ForeignKey(
        Producer,
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        help_text=_(
            "The cooperative, enterprise or household that makes it. A new one is added under "
            "OCOP catalogue › Producers."
        ),
    )
    certifications = ParentalManyToManyField(
        Certification,
        verbose_name=_("certifications"),
        blank=True,
        related_name="products",
        help_text=_(
            "Quality and origin certifications in force for this product, e.g. VietGAP, HACCP. "
            "Type a few letters to find one."
        ),
    )
    supply_capacity = models.DecimalField(
        _("supply capacity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "How much can be supplied regularly, as one number, e.g. 30; the unit and the "
            "period are the two fields beside it."
        ),
    )
    supply_unit = models.CharField(
        _("unit"),
        max_length=10,
        choices=SupplyUnit.choices,
        blank=True,
        help_text=_("The unit of the supply capacity, e.g. tonnes."),
    )
    supply_period = models.CharField(
        _("period"),
        max_length=10,
        choices=SupplyPeriod.choices,
        blank=True,
        help_text=_("Per month or per year: 30 tonnes per year is 2.5 tonnes a month."),
    )
    harvest_months = MonthsField(
        _("available / harvested in"),
        help_text=_(
            "The months it can be delivered: the harvest season of fresh produce, all twelve "
            "for what is made all year round."
        ),
    )
    # The same months as bits (January = 1 << 1) so every database can filter and count them.
    harvest_month_bits = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    min_order = models.CharField(
        _("minimum order"),
        max_length=100,
        blank=True,
        help_text=_('The smallest order accepted, with its unit, e.g. "200 kg" or "1 pallet".'),
    )
    packaging = models.CharField(
        _("packaging"),
        max_length=255,
        blank=True,
        help_text=_('How it is packed, with sizes, e.g. "100 g vacuum bags; 500 g gift box".'),
    )
    shelf_life_days = models.PositiveIntegerField(
        _("shelf life (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(36500)],
        help_text=_("How long it keeps unopened, in days: 720 for two years."),
    )
    hs_code = models.CharField(
        _("HS code"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^\d{4}(\.?\d{2}){0,3}$", _("Use an HS code like 0902.10."))],
        help_text=_(
            "The customs code, 4 to 10 digits, e.g. 0902.10 (green tea). The producer's "
            "customs declarations give it."
        ),
    )
    export_markets = CountryField(
        _("export markets served"),
        multiple=True,
        blank=True,
        help_text=_(
            "The countries the product has already been exported to. Type a country's name to "
            "find it."
        ),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_(
            "What a buyer needs to judge it: where and how it is made, taste, sizes and "
            "grades, how it is sold. A few short paragraphs."
        ),
    )
    province = place_link_field("regions.ProvincePage")

    objects = PageManager.from_queryset(ProductQuerySet)()

    content_panels = [
        TitleFieldPanel(
            "title",
            help_text=_(
                "The product's name as in its OCOP certification decision, in Vietnamese, e.g. "
                '"Chè Tân Cương Thái Nguyên". The English name is written when translating.'
            ),
        ),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ocop_stars"), FieldPanel("ocop_certificate_no")]),
                FieldPanel("ocop_certified_on"),
            ],
            heading=_("OCOP certification"),
        ),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("commodity"), FieldPanel("producer")],
            heading=_("Classification"),
        ),
        FieldPanel("certifications", widget=SearchableSelectMultiple),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("supply_capacity"),
                        FieldPanel("supply_unit"),
                        FieldPanel("supply_period"),
                    ]
                ),
                FieldPanel("harvest_months"),
                FieldRowPanel([FieldPanel("min_order"), FieldPanel("packaging")]),
                FieldRowPanel([FieldPanel("shelf_life_days"), FieldPanel("hs_code")]),
                FieldPanel("export_markets", widget=SearchableSelectMultiple),
            ],
            heading=_("Supply and trade"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("price_min"),
                        FieldPanel("price_max"),
                        FieldPanel("price_currency"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("price_unit"),
                        FieldPanel("price_incoterm"),
                        FieldPanel("price_given_on"),
                    ]
                ),
                FieldPanel("price_source"),
                FieldPanel("incoterms"),
                FieldPanel("port_of_loading"),
                FieldRowPanel([FieldPanel("lead_time_days"), FieldPanel("samples")]),
                FieldPanel("specifications"),
            ],
            heading=_("Commercial terms"),
        ),
        InlinePanel("gallery_images", heading=_("Gallery"), label=_("photo")),
    ]
    promote_panels = HubPage.promote_panels + [FieldPanel("import_ref")]

    search_fields = HubPage.search_fields + [
        index.SearchField("description"),
        index.SearchField("packaging"),
        # Folded text with the province's former names: see search_text() below.
        index.SearchField("search_text", es_extra=TEXT_SUBFIELDS),  # stems, syllable pairs
        index.AutocompleteField("search_text"),  # search-as-you-type, folded prefixes
        index.FilterField("ocop_stars"),
        index.FilterField("ocop_certified_on"),  # expired certificates are left out
        index.FilterField("category"),
        index.FilterField("province"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [
        SynchronizedField("import_ref"),
        SynchronizedField("ocop_certificate_no"),
        SynchronizedField("hs_code"),
        SynchronizedField("gallery_images"),
        SynchronizedField("harvest_months"),
        SynchronizedField("incoterms"),  # codes, not text
    ]
    place_link = "province"
    parent_page_types = ["regions.ProvincePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("OCOP product")

    def save(self, *args, **kwargs):
        self.harvest_month_bits = sum(1 << month for month in set(self.harvest_months or []))
        super().save(*args, **kwargs)

    def search_text(self) -> str:
        """The text the search index holds for the product, folded so any spelling finds
        it: diacritics are folded here and in the catalogue's query, so "Ba Be" meets "Bí
        xanh thơm Ba Bể" and "Da Nang" meets "Đà Nẵng". The province's current, official and
        former names are part of it, so "Binh Thuan dragon fruit" finds Lâm Đồng's dragon
        fruit. Names shared across languages (commodity, category) are taken in the page's
        language.

        The search backends ask for it once per indexed field: it is kept on the page for
        as long as what it is made of stays the same."""
        key = (self.title, self.description, self.packaging, self.locale_id, self.category_id,
               self.commodity_id, self.producer_id, self.province_id)  # fmt: skip
        kept = self.__dict__.get("_search_text")
        if kept is None or kept[0] != key:
            self.__dict__["_search_text"] = kept = (key, self._make_search_text())
        return kept[1]

    def _make_search_text(self):
        names = []
        with override(self.locale.language_code):
            names += [related.name for related in (self.category, self.commodity) if related]
        producer = self.public_producer
        if producer is not None:
            names += [producer.name, producer.name_en]
        if self.province is not None:
            names += province_names(self.province)
        return search_text(self.title, self.description, self.packaging, names)

    @property
    def public_producer(self):
        """The producer buyers see on the product: none while a reviewer has not approved it."""
        return public_producer(self.producer)

    @property
    def ocop_valid_until(self):
        if not self.ocop_certified_on:
            return None
        return add_months(self.ocop_certified_on, OCOP_CERTIFICATE_VALID_MONTHS)

    @property
    def ocop_certificate_expired(self):
        valid_until = self.ocop_valid_until
        return valid_until is not None and valid_until < timezone.localdate()

    @property
    def supply(self):
        if self.supply_capacity is None:
            return None
        return {
            "amount": self.supply_capacity,
            "unit": self.supply_unit,
            "period": self.supply_period,
        }

    @property
    def social_image(self):
        return self.image or self.hero_image

    @classmethod
    def serve_queryset(cls, queryset):
        return (
            super()
            .serve_queryset(queryset)
            .select_related("province__region", "category", "commodity", "producer", "image")
        )

    @cached_property
    def certification_list(self):
        return list(self.certifications.all())

    def sales_points_carrying(self):
        """The sales points that carry the product, in this page's locale (their relation
        points at the Vietnamese product, so they match on its translation key)."""
        return (
            visible(SalesPointPage.objects)
            .filter(locale=self.locale, products__translation_key=self.translation_key)
            .select_related("province")
            .order_by("province__title", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["certification_list"] = self.certification_list
        context["gallery"] = list(
            self.gallery_images.select_related("image").prefetch_related("image__renditions")
        )
        context["sales_points"] = list(self.sales_points_carrying())
        return context

    def json_ld(self, request):
        return product_data(self, request)


def certificate_cutoff(today=None) -> datetime.date:
    """Certificates issued before this date have expired by `today`."""
    return add_months(today or timezone.localdate(), -OCOP_CERTIFICATE_VALID_MONTHS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class ProductImage(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The product, its packaging, where and how it is made."),
    )
    caption = models.CharField(
        _("caption"),
        max_length=255,
        blank=True,
        help_text=_('One short line under the photo, e.g. "Roasting the tea by hand".'),
    )

    panels = [FieldPanel("image"), FieldPanel("caption")]


class ProductImport(models.Model):
    """A spreadsheet uploaded in the admin: kept between its dry run and the editor's
    confirmation (in the database, so any app server can finish it), then as a record of
    who imported what."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("product import")
        verbose_name_plural = _("product imports")

    def __str__(self):
        return self.file_name
