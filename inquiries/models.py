"""A buyer's inquiry: saved first, then routed to the provinces it concerns."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.models import Locale

from editorial.teams import editable_province_keys
from products.fields import MonthsField
from products.models import ProductPage
from products.terms import Incoterm, SupplyUnit
from regions.models import ProvincePage
from showcase.base import localized


def sees_every_province(user):
    """Central reviewers (and superusers) see every inquiry."""
    return user.is_superuser or user.has_perm("inquiries.view_all_inquiries")


def seen_provinces(user):
    """Translation keys of the provinces whose inquiries `user` sees; None for every one
    (central reviewers), an empty set for someone who may see no inquiry.

    Kept on the user object for the rest of the request: a screen asks for the inquiries,
    their parts, products and notes."""
    if not hasattr(user, "_inquiry_provinces"):
        if not user.is_active:
            user._inquiry_provinces = set()
        elif sees_every_province(user):
            user._inquiry_provinces = None
        elif not user.has_perm("inquiries.view_inquiry"):
            user._inquiry_provinces = set()
        else:
            user._inquiry_provinces = editable_province_keys(user)
    return user._inquiry_provinces


class ProvinceScopedQuerySet(models.QuerySet):
    """Rows that belong to one province (`province_field`): a provincial editor sees their
    provinces' rows, the central team every row, anybody else none."""

    province_field = "province"

    def visible_to(self, user):
        keys = seen_provinces(user)
        if keys is None:
            return self
        return self.filter(**{f"{self.province_field}__translation_key__in": keys})


class QuantityUnit(models.TextChoices):
    """What a buyer orders in: the producers' units, and the pallets and containers trade
    is counted in."""

    KG = SupplyUnit.KG.value, SupplyUnit.KG.label
    TONNE = SupplyUnit.TONNE.value, SupplyUnit.TONNE.label
    LITRE = SupplyUnit.LITRE.value, SupplyUnit.LITRE.label
    PIECE = SupplyUnit.PIECE.value, SupplyUnit.PIECE.label
    BOX = SupplyUnit.BOX.value, SupplyUnit.BOX.label
    BOTTLE = SupplyUnit.BOTTLE.value, SupplyUnit.BOTTLE.label
    PACK = SupplyUnit.PACK.value, SupplyUnit.PACK.label
    SET = SupplyUnit.SET.value, SupplyUnit.SET.label
    METRE = SupplyUnit.METRE.value, SupplyUnit.METRE.label
    GUEST = SupplyUnit.GUEST.value, SupplyUnit.GUEST.label
    PALLET = "pallet", _("pallets")
    CONTAINER_20 = "c20", _("20 ft containers")
    CONTAINER_40 = "c40", _("40 ft containers")
    CONTAINER_40_REEFER = "c40r", _("40 ft reefer containers")


class QuantityPeriod(models.TextChoices):
    SHIPMENT = "shipment", _("per shipment")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class InquiryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Central reviewers see every inquiry; a provincial editor sees the inquiries
        that concern a province whose pages they may edit, and nothing else."""
        if seen_provinces(user) is None:
            return self
        return self.filter(pk__in=InquiryPart.objects.visible_to(user).values("inquiry"))

    def in_status(self, status, user):
        """The inquiries in which a part `user` sees has `status` (for the central team,
        also those that concern no province and so are theirs alone)."""
        parts = InquiryPart.objects.visible_to(user).filter(status=status)
        mine = models.Q(pk__in=parts.values("inquiry"))
        if seen_provinces(user) is None:
            mine |= models.Q(status=status) & ~models.Q(
                pk__in=InquiryPart.objects.values("inquiry")
            )
        return self.filter(mine)

    def due_for_anonymisation(self, now=None):
        """Closed inquiries past the retention period that still hold personal data."""
        now = now or timezone.now()
        cutoff = now - timezone.timedelta(days=settings.HUB_INQUIRY_RETENTION_DAYS)
        return self.filter(
            status=Inquiry.Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
        )


class Inquiry(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("about one product")
        SHORTLIST = "shortlist", _("about a shortlist")
        SOURCING = "sourcing", _("sourcing request")
        PRODUCER = "producer", _("to one producer")
        MATCH = "match", _("volume match: to the producers who cover it")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        FORWARDED = "forwarded", _("forwarded to producer")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    Incoterm = Incoterm

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The whole inquiry's: the least advanced of its parts (closed when every province has
    # closed its own), which the retention reads; set directly only for an inquiry that
    # concerns no province, which is the central team's alone.
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    language = models.CharField(_("buyer's language"), max_length=8, choices=settings.LANGUAGES)

    name = models.CharField(_("name"), max_length=120)
    company = models.CharField(_("company"), max_length=160, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = CountryField(_("buyer's country"), blank=True)

    commodity = models.ForeignKey(
        "products.Commodity",
        verbose_name=_("commodity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    region = models.ForeignKey(
        "regions.RegionPage",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    quantity_unit = models.CharField(
        _("unit"), max_length=10, choices=QuantityUnit.choices, blank=True
    )
    quantity_period = models.CharField(
        _("how often"), max_length=10, choices=QuantityPeriod.choices, blank=True
    )
    months = MonthsField(_("months wanted"))
    certifications = models.ManyToManyField(
        "products.Certification",
        verbose_name=_("certifications required"),
        blank=True,
        related_name="inquiries",
    )
    destination_country = CountryField(_("destination country"), blank=True)
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices, blank=True)
    target_date = models.DateField(_("needed by"), null=True, blank=True)
    packaging = models.CharField(_("packaging"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=4000, blank=True)

    provinces = models.ManyToManyField(
        "regions.ProvincePage",
        verbose_name=_("provinces"),
        blank=True,
        related_name="inquiries",
        through="InquiryPart",
        help_text=_("The Vietnamese pages of the provinces the inquiry concerns."),
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    notification_error = models.TextField(_("notification error"), blank=True)
    # The one-time token of the form that sent it (a hidden field): the same form sent
    # again finds this inquiry instead of saving another (inquiries/views.py). Unique, so
    # two copies arriving together cannot both be saved; none for forms without one.
    form_token = models.CharField(
        _("form token"), max_length=64, null=True, unique=True, editable=False
    )

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        permissions = [("view_all_inquiries", _("Can see the inquiries of every province"))]

    def __str__(self):
        return f"{self.reference} · {self.company or self.name}"

    @property
    def reference(self):
        return f"OCOP-{self.pk:06d}" if self.pk else ""

    def attach(self, products, wanted=None):
        """Record the products asked about and route the inquiry to their provinces (kept
        as the Vietnamese province pages, whatever the buyer's language). `wanted`:
        {product's page id: (quantity, unit, period)} for the products the buyer said how
        much of (a shortlist's rows; the one product's quantity)."""
        wanted = wanted or {}
        provinces = localized(
            ProvincePage.objects.all(),
            [product.province for product in products],
            Locale.get_default(),
        )
        InquiryItem.objects.bulk_create(
            InquiryItem(
                inquiry=self,
                product=product,
                title=product.title,
                province=provinces.get(product.province.translation_key),
                **asked_of(wanted.get(product.pk)),
            )
            for product in products
        )
        self.provinces.set(provinces.values())

    def attach_producers(self, shares):
        """Record the producers asked and route the inquiry to their provinces, the way
        `attach` routes products: the volume match (one inquiry to every producer who
        covers a request) and the inquiry to one producer.

        `shares` is a list of (producer, product or None, quantity or None, unit, period):
        what is asked of each producer (unit a QuantityUnit value, period a QuantityPeriod
        value, "" when not given). Each becomes one InquiryItem with the producer, titled
        with the product's name (or the producer's when no product is named) and kept
        under the producer's province (its Vietnamese page; the product's when the
        producer has none), so that province's editors see it; with neither, only the
        central team does. Call it
        once, after the inquiry is saved; a few queries whatever the number of shares."""
        shares = list(shares)
        places = [producer_place(producer, product) for producer, product, *_rest in shares]
        provinces = localized(ProvincePage.objects.all(), places, Locale.get_default())
        InquiryItem.objects.bulk_create(
            InquiryItem(
                inquiry=self,
                producer=producer,
                product=product,
                title=(product.title if product is not None else producer.name)[:255],
                quantity=quantity,
                quantity_unit=unit or "",
                quantity_period=period or "",
                province=provinces.get(place.translation_key) if place else None,
            )
            for (producer, product, quantity, unit, period), place in zip(
                shares, places, strict=True
            )
        )
        self.provinces.set(provinces.values())

    def set_status(self, status, user=None, note="", parts=None):
        """Change the status of `parts` (default: every province's part) or only add a note
        to each, remembering who did it and when. An inquiry that concerns no province has
        no part: its own status is changed."""
        with transaction.atomic():
            # One change at a time per inquiry (the whole inquiry's status follows its
            # parts), each from the parts as they are now, not as a form last saw them.
            locked = Inquiry.objects.select_for_update().get(pk=self.pk)
            chosen = self.parts.all()
            if parts is not None:
                chosen = chosen.filter(pk__in=[part.pk for part in parts])
            chosen = list(chosen.select_related("province"))
            if chosen:
                for part in chosen:
                    self._record(part.change(status), part, user, note)
                locked.follow_parts()
            elif not self.parts.exists():
                self._record(change_status(locked, status), None, user, note)
                locked.save(update_fields=["status", "closed_at"])
        self.status, self.closed_at = locked.status, locked.closed_at

    def _record(self, change, part, user, note):
        if change or note:
            self.activity.create(part=part, user=user, note=note, **change)

    def follow_parts(self):
        """Take the least advanced status of the parts: closed when every part is."""
        parts = list(self.parts.all())
        if not parts:
            return
        order = list(self.Status.values)
        self.status = min((part.status for part in parts), key=order.index)
        self.closed_at = None
        if self.status == self.Status.CLOSED:
            self.closed_at = max(part.closed_at or timezone.now() for part in parts)
        self.save(update_fields=["status", "closed_at"])

    def anonymise(self, now=None):
        """Keep what was asked for (commodity, quantities, provinces, products) for the
        statistics, and erase who asked and anything they wrote."""
        self.name = str(_("(anonymised)"))
        self.company = self.email = self.phone = self.packaging = self.message = ""
        self.anonymised_at = now or timezone.now()
        self.save()
        self.activity.update(note="")


def asked_of(wanted):
    """An item's quantity fields from (quantity, unit, period), or none."""
    if not wanted or wanted[0] is None:
        return {}
    quantity, unit, period = wanted
    return {"quantity": quantity, "quantity_unit": unit or "", "quantity_period": period or ""}


def producer_place(producer, product):
    """The province an inquiry to `producer` goes to: where it is registered, else where
    the product asked about comes from."""
    if producer is not None and producer.province_id:
        return producer.province
    return product.province if product is not None else None


def change_status(record, status):
    """Set `record`'s status (and when it closed) without saving it; the {status_from,
    status_to} of the change, or {} when the status stays."""
    previous = record.status
    if previous == status:
        return {}
    record.status = status
    record.closed_at = timezone.now() if status == Inquiry.Status.CLOSED else None
    return {"status_from": previous, "status_to": status}


class InquiryPart(models.Model):
    """One province's part of an inquiry: its own status and its own notes (the activity).
    The province's editors see and change their part and nothing of the others'; the
    central team sees every part. Made when the inquiry is routed (`Inquiry.attach`)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="parts")
    province = models.ForeignKey(
        "regions.ProvincePage",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="inquiry_parts",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Inquiry.Status.choices,
        default=Inquiry.Status.NEW,
        db_index=True,
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ProvinceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["province__title", "pk"]
        verbose_name = _("province's part of an inquiry")
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "province"], name="inquiries_one_part_per_province"
            )
        ]

    def __str__(self):
        return self.province.title

    def change(self, status):
        """Set and save the status; {status_from, status_to}, or {} when it stays."""
        entry = change_status(self, status)
        if entry:
            self.save(update_fields=["status", "closed_at"])
        return entry


class InquiryItem(models.Model):
    """A product (or a producer) the inquiry asks about, with its name as the buyer saw it
    and, when the buyer gave one, the quantity wanted of it: in a volume match, the share
    asked of that producer."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        ProductPage,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    producer = models.ForeignKey(
        "products.Producer",
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("product"), max_length=255)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    quantity_unit = models.CharField(
        _("unit"), max_length=10, choices=QuantityUnit.choices, blank=True
    )
    quantity_period = models.CharField(
        _("how often"), max_length=10, choices=QuantityPeriod.choices, blank=True
    )
    province = models.ForeignKey(
        "regions.ProvincePage",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProvinceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title

    @property
    def quantity_text(self):
        """What was asked of it, as people say it ("120 tonnes per month"), or ""."""
        return quantity_phrase(self.quantity, self.quantity_unit, self.quantity_period)


CONTAINER_UNITS = {"c20", "c40", "c40r"}


def quantity_phrase(quantity, unit, period):
    """ "120 tonnes per month", "2 × 40 ft reefer containers per shipment", or "" when no
    quantity was given, in the active language."""
    if quantity is None:
        return ""
    words = [formats.number_format(quantity.normalize(), force_grouping=True)]
    if unit:
        # "2 40 ft containers" reads as 240: containers are counted with a times sign.
        words += ["×"] if unit in CONTAINER_UNITS else []
        words.append(str(QuantityUnit(unit).label) if unit in QuantityUnit.values else unit)
    if period in QuantityPeriod.values:
        words.append(str(QuantityPeriod(period).label))
    return " ".join(words)


class ActivityQuerySet(ProvinceScopedQuerySet):
    province_field = "part__province"


class InquiryActivity(models.Model):
    """Who changed an inquiry's status or wrote a note, and when."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="activity")
    # The province's part it is about, whose editors alone see it (with the central team);
    # none for an inquiry that concerns no province (or whose province page was deleted):
    # then only the central team sees it.
    part = models.ForeignKey(
        InquiryPart,
        verbose_name=_("province's part"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_from = models.CharField(max_length=12, choices=Inquiry.Status.choices, blank=True)
    status_to = models.CharField(max_length=12, choices=Inquiry.Status.choices, blank=True)
    note = models.TextField(_("note"), max_length=4000, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inquiry activity")

    def __str__(self):
        return f"{self.inquiry.reference}: {self.status_from} → {self.status_to}"
