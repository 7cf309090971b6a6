"""What a row changes on the product it updates, column by column, for the admin's preview.

Values are shown as a sheet writes them (`stars` 4, `producer_type` enterprise,
`harvest_months` 5-7) so that an editor compares them with their own cells; the "old" side
is the product as the public sees it. A cell the sheet leaves empty where an empty cell
changes nothing (an English packaging, a producer's contact) is not compared; new photos
are listed, as the gallery only grows.
"""

import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from products.importing import terms
from products.importing.columns import VIETNAMESE
from products.importing.results import FieldChange
from products.importing.writing import ENGLISH_CELLS

CONTACTS = ("contact_person", "phone", "email", "website", "address")

PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)


def field_changes(row, page, translated):
    """The `FieldChange`s of `row` on `page` (its Vietnamese product) and `translated` (the
    product's English page, or None), in the sheet's column order."""
    old = page_values(page, translated) | terms.page_values(page)
    new = row_values(row) | terms.row_values(row)
    changes = [
        FieldChange(column, old[column], new[column])
        for column in new
        if new[column] is not None and old[column] != new[column]
    ]
    changes += kept_english(row, page, translated)
    if row.photos:
        note = _("adds %(names)s to the gallery")
        names = "; ".join(photo.name for photo in row.photos)
        changes.append(FieldChange("photos", "", names, note % {"names": names}))
    return changes


def kept_english(row, page, translated):
    """Notes for the columns whose English the sheet leaves empty: when their Vietnamese
    changes, the English page keeps its own text (see `writing.ENGLISH_CELLS`)."""
    notes = []
    for name, attribute in ENGLISH_CELLS.items():
        english = getattr(translated, name, "") if translated is not None else ""
        if english and not getattr(row, attribute) and getattr(row, name) != getattr(page, name):
            note = _(
                "the English page keeps %(value)r: the sheet gives no English (column "
                "%(column)s or %(vietnamese)s)"
            )
            values = {"value": english, "column": attribute, "vietnamese": VIETNAMESE[attribute]}
            notes.append(FieldChange(f"{name}_vi", english, english, note % values))
    return notes


def row_values(row):
    """The row's values as a sheet writes them; None for a cell left empty that changes
    nothing."""
    commodity = row.commodity.name if row.commodity else row.new_commodity_name
    return (
        {
            "name_vi": row.name_vi,
            "name_en": row.name_en,
            "province": row.province.title,
            "category": row.category.name,
            "stars": str(row.stars),
            "producer": row.producer_name,
            "producer_type": row.producer_type,
            "description_vi": "\n\n".join(row.description_vi),
            "description_en": "\n\n".join(row.description_en),
            "certifications": ";".join(sorted(c.slug for c in row.certifications)),
            "capacity": _number(row.capacity),
            "capacity_unit": row.capacity_unit,
            "capacity_period": row.capacity_period,
            "harvest_months": months_text(row.harvest_months),
            "export_markets": ";".join(sorted(row.export_markets)),
            "ocop_certificate_no": row.ocop_certificate_no,
            "ocop_certified_on": _date(row.ocop_certified_on),
            "commodity": commodity,
            "min_order_vi": row.min_order,
            "packaging_vi": row.packaging,
            "shelf_life_days": _text(row.shelf_life_days),
            "hs_code": row.hs_code,
        }
        | {f"producer_{name}": row.producer_contacts.get(name) for name in CONTACTS}
        | {
            # An empty English cell changes nothing (None: not compared).
            attribute: getattr(row, attribute) or None
            for attribute in ENGLISH_CELLS.values()
        }
    )


def page_values(page, translated):
    producer = page.producer
    return (
        {
            "name_vi": page.title,
            "name_en": translated.title if translated else "",
            "province": page.province.title if page.province else "",
            "category": page.category.name,
            "stars": str(page.ocop_stars),
            "producer": producer.name if producer else "",
            "producer_type": producer.producer_type if producer else "",
            "description_vi": _paragraphs(page.description),
            "description_en": _paragraphs(translated.description) if translated else "",
            "certifications": ";".join(sorted(c.slug for c in page.certifications.all())),
            "capacity": _number(page.supply_capacity),
            "capacity_unit": page.supply_unit,
            "capacity_period": page.supply_period,
            "harvest_months": months_text(page.harvest_months or []),
            "export_markets": ";".join(sorted(country.code for country in page.export_markets)),
            "ocop_certificate_no": page.ocop_certificate_no,
            "ocop_certified_on": _date(page.ocop_certified_on),
            "commodity": page.commodity.name if page.commodity else "",
            "min_order_vi": page.min_order,
            "packaging_vi": page.packaging,
            "shelf_life_days": _text(page.shelf_life_days),
            "hs_code": page.hs_code,
        }
        | {f"producer_{name}": getattr(producer, name, "") for name in CONTACTS}
        | {
            attribute: getattr(translated, name) if translated else ""
            for name, attribute in ENGLISH_CELLS.items()
        }
    )


def months_text(months):
    """[3, 4, 5, 12] → "3-5;12", as the `harvest_months` column writes months."""
    runs = []
    for month in sorted(months):
        if runs and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return ";".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _paragraphs(html):
    texts = (unescape(strip_tags(text)).strip() for text in PARAGRAPH.findall(html or ""))
    return "\n\n".join(" ".join(text.split()) for text in texts if text)


def _number(value):
    return "" if value is None else f"{value.normalize():f}"


def _date(value):
    return value.isoformat() if value else ""


def _text(value):
    return "" if value is None else str(value)
