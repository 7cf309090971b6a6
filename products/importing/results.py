"""What checking and importing a sheet produce: row errors, checked rows, the summary.

Plain records shared by the checks, the writing and `ProductImporter`, kept in a module of
their own so that those modules import them from here and never from each other.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from products.models import Certification, Commodity, ProductCategory
from regions.models import ProvincePage


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.column:
            return _("row %(row)d, column %(column)s: %(message)s") % values
        return _("row %(row)d: %(message)s") % values


@dataclass
class ProductRow:
    """One valid row, with names resolved to the objects they mean."""

    row: int
    ref: str
    name_vi: str
    name_en: str
    province: ProvincePage
    category: ProductCategory
    stars: int
    producer_name: str
    producer_type: str
    description_vi: list[str]
    description_en: list[str]
    certifications: list[Certification]
    capacity: Decimal | None
    capacity_unit: str
    capacity_period: str
    harvest_months: list[int]
    export_markets: list[str]
    ocop_certificate_no: str
    ocop_certified_on: datetime.date | None
    commodity: Commodity | None
    new_commodity_name: str
    min_order: str  # Vietnamese
    packaging: str  # Vietnamese
    shelf_life_days: int | None
    hs_code: str
    digest: str = ""
    # The English of `min_order` and `packaging`; "" when the sheet does not give it.
    min_order_en: str = ""
    packaging_en: str = ""
    # …and of the translatable commercial terms (importing/terms.py).
    price_source_en: str = ""
    port_of_loading_en: str = ""
    specifications_en: str = ""
    # {Producer field: value} of the contact cells the row fills (empty cells left out).
    producer_contacts: dict[str, str] = field(default_factory=dict)
    photos: list["Photo"] = field(default_factory=list)
    # {page field: value} of the commercial terms (products/importing/terms.py).
    terms: dict = field(default_factory=dict)


@dataclass
class Photo:
    """A picture a row lists (`photos`), found in the zip uploaded with the sheet."""

    name: str  # as the cell writes it
    member: str  # its path in the zip
    sha1: str  # as Wagtail's Image.file_hash: the same picture is never stored twice


@dataclass
class FieldChange:
    """One column an update changes on its product, with the values as a sheet writes them;
    `note` says instead why a value stays as it is."""

    column: str
    old: str
    new: str
    note: str = ""


@dataclass
class Change:
    """What a valid row does, as the admin's preview lists it."""

    row: int
    ref: str
    name: str
    province: str
    action: str  # "create", "update" or "unchanged"
    fields: list[FieldChange] = field(default_factory=list)  # an update's changes


@dataclass
class ImportResult:
    rows: int = 0
    changes: list[Change] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # What the preview points out without refusing the sheet (a new commodity, say).
    warnings: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors
