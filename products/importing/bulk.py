"""Writing the new rows of a publishing import a batch at a time (showcase/bulk.py): the
pages, their English translations and wagtail-localize records that `writing.write_product`
makes one row at a time, at national speed. Updated rows still go through
`write_product` (they may move, keep an English text, or wait for the review).

Only `ProductImporter.run` calls this, inside its transaction, after every row passed the
checks: one failing batch rolls the whole sheet back.
"""

import uuid

from django.core.exceptions import ValidationError

from products.importing.writing import (
    _create_commodity,
    _fill_page,
    _html,
    english_cells,
    free_slug_in,
)
from products.models import Producer, ProductPage, assign_slugs
from showcase.bulk import NewPage, write_pages

BATCH_ROWS = 1000
# Set when the pages are placed in the tree (showcase/bulk.py), after this module's checks.
PLACED_LATER = ["path", "depth", "url_path", "content_type", "draft_title", "live_revision",
                "latest_revision", "province"]  # fmt: skip


class InvalidRow(Exception):
    """A row passed the sheet's checks but its page would not be valid (the importer
    reports it with its row number and writes nothing)."""

    def __init__(self, row, error):
        super().__init__(str(error))
        self.row, self.error = row, error


# Page fields each language sets itself; every other field the English copies, as
# wagtail-localize's copy_for_translation does.
OWN_FIELDS = {"id", "page_ptr_id", "path", "depth", "numchild", "url_path", "locale_id",
              "title", "draft_title", "slug", "description", "latest_revision_id",
              "live_revision_id"}  # fmt: skip


def write_new_products(rows, *, user, locale, target_locales, progress=None):
    """Create the published pages of `rows` (none of whose refs exists) in both languages."""
    producers = _producers(rows)
    commodities = {}
    taken = {}  # {province pk: slugs of its children}, as the rows fill it
    for start in range(0, len(rows), BATCH_ROWS):
        batch = rows[start : start + BATCH_ROWS]
        new_pages = [
            _new_page(row, producers, commodities, taken, locale, target_locales) for row in batch
        ]
        write_pages(new_pages, user=user)
        if progress is not None:
            progress(len(batch))


def _new_page(row, producers, commodities, taken, locale, target_locales):
    name = row.new_commodity_name
    commodity = row.commodity or commodities.setdefault(name, _create_commodity(name))
    page = ProductPage(
        import_ref=row.ref,
        locale=locale,
        translation_key=uuid.uuid4(),
        slug=_slug(row.province, row.name_vi, row.ref, taken),
    )
    _fill_page(page, row, producers[(row.producer_name, row.province.pk)], commodity)
    page.harvest_month_bits = sum(1 << month for month in set(page.harvest_months or []))
    try:  # what save() would check of each field (lengths, choices…), without the tree
        page.clean_fields(exclude=PLACED_LATER)
    except ValidationError as error:
        raise InvalidRow(row, error) from error
    page.certifications = row.certifications
    translations = {}
    for target in target_locales:
        province = row.province.get_translation(target)
        slug = _slug(province, row.name_en, row.ref, taken)
        translations[target] = (_translated(page, row, target, slug), _strings(row, slug))
    return NewPage(row.province, page, translations)


def _translated(page, row, locale, slug):
    """The English page wagtail-localize would build from the Vietnamese and the row's
    English strings: the title, slug and description translated, the rest copied."""
    copied = {
        field.attname: getattr(page, field.attname)
        for field in ProductPage._meta.concrete_fields
        if field.attname not in OWN_FIELDS
    }
    twin = ProductPage(**copied, locale=locale, title=row.name_en, slug=slug)
    for name, english in english_cells(row).items():
        setattr(twin, name, english)
    twin.description = _description(row)
    twin.certifications = row.certifications
    return twin


def _description(row):
    """The English description, paragraph for paragraph, or the Vietnamese where the two do
    not pair up (showcase.translation.store_translation keeps the source's text then)."""
    vietnamese, english = row.description_vi, row.description_en
    if len(vietnamese) == 1 and english:
        english = [" ".join(english)]
    return _html(english if len(english) == len(vietnamese) else vietnamese)


def _strings(row, slug):
    """The strings `writing.write_product` gives wagtail-localize for a new page."""
    return {"title": row.name_en, "slug": slug, "description": row.description_en} | english_cells(
        row
    )


def _slug(province, name, ref, taken):
    if province.pk not in taken:
        taken[province.pk] = set(province.get_children().values_list("slug", flat=True))
    slug = free_slug_in(taken[province.pk], name, ref)
    taken[province.pk].add(slug)
    return slug


def _producers(rows):
    """{(name, province pk): producer} of every row, the new ones created in bulk and the
    existing ones given the row's type and contacts, as a publishing import's
    `update_or_create` does."""
    wanted = {}
    for row in rows:
        fields = wanted.setdefault((row.producer_name, row.province.pk), {})
        fields.update({"producer_type": row.producer_type} | row.producer_contacts)
    found = {
        (producer.name, producer.province_id): producer
        for producer in Producer.objects.filter(name__in={name for name, _province in wanted})
    }
    changed, names = [], set()
    for key, fields in wanted.items():
        producer = found.get(key)
        if producer is None:
            continue
        differing = {name for name, value in fields.items() if getattr(producer, name) != value}
        for name in differing:
            setattr(producer, name, fields[name])
        if differing:
            changed.append(producer)
            names |= differing
    if changed:
        Producer.objects.bulk_update(changed, sorted(names), batch_size=1000)
    missing = [
        Producer(name=name, province_id=province, **fields)
        for (name, province), fields in wanted.items()
        if (name, province) not in found
    ]
    assign_slugs(missing, {row.province.pk: row.province.slug for row in rows})
    Producer.objects.bulk_create(missing, batch_size=1000)
    found.update({(producer.name, producer.province_id): producer for producer in missing})
    return found
