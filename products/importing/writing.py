"""Writing a checked row: its product page, the page's translations, and the producer and
commodity it names.

Only `ProductImporter.run` calls this, inside one transaction and only after every row
of the sheet has passed the checks, so a sheet is imported whole or not at all.
"""

from html import escape

from django.utils.text import slugify

from products.commodities import find_commodity
from products.models import Commodity, Producer, ProductImage, ProductPage
from showcase.text import fold, slug_for
from showcase.translation import publish_translation

# {page field: the `ProductRow` attribute with its English}: optional English cells. When
# the cell is empty the English page keeps its own text on an update (taking the Vietnamese
# would overwrite a translation); a new page's English starts as the Vietnamese, for a
# translator to replace.
ENGLISH_CELLS = {
    "min_order": "min_order_en",
    "packaging": "packaging_en",
    "price_source": "price_source_en",
    "port_of_loading": "port_of_loading_en",
    "specifications": "specifications_en",
}


def write_product(row, page, *, user, locale, target_locales, publish, images=()):
    """Create the page of `row`, or update `page` (the one its ref made before), moving it
    when the row names another province; then its translations, one per target locale.
    `images` (of `row.photos`) go at the end of the gallery, which the English page shares.
    An import that does not publish (it waits for the review) changes no producer, commodity
    or place: its checks (`shared`) refused a row that would."""
    producer = _producer(row, publish)
    commodity = row.commodity or _create_commodity(row.new_commodity_name)
    is_new = page is None
    kept = {} if is_new else {target: _kept_english(page, target) for target in target_locales}
    if not is_new and page.get_parent().pk != row.province.pk:
        _move_with_translations(page, row.province, user)
        page = ProductPage.objects.get(pk=page.pk)
    if is_new:
        page = ProductPage(
            import_ref=row.ref,
            locale=locale,
            slug=_free_slug(row.province, row.name_vi, row.ref),
        )
    _fill_page(page, row, producer, commodity)
    _add_to_gallery(page, images)
    if is_new:
        page.live = publish
        row.province.add_child(instance=page)
    page.certifications.set(row.certifications)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    for target in target_locales:
        translated_province = row.province.get_translation(target)
        publish_translation(
            page,
            target,
            {
                "title": row.name_en,
                "slug": _free_slug(translated_province, row.name_en, row.ref, page),
                "description": row.description_en,
            }
            | kept.get(target, {})
            | english_cells(row),
            user=user,
            publish=publish,
        )
    return page


def _producer(row, publish):
    """The row's producer, made if new; only a publishing import changes an existing one
    (its type, and the contacts the row gives: an empty cell keeps what it has)."""
    find = Producer.objects.update_or_create if publish else Producer.objects.get_or_create
    producer, _created = find(
        name=row.producer_name,
        province=row.province,
        defaults={"producer_type": row.producer_type} | row.producer_contacts,
    )
    return producer


def english_cells(row):
    """{page field: its English} of the `ENGLISH_CELLS` the row fills."""
    return {
        name: value
        for name, attribute in ENGLISH_CELLS.items()
        if (value := getattr(row, attribute))
    }


def _kept_english(page, locale):
    """{field: the translation's own text} for `ENGLISH_CELLS` it has."""
    translated = page.get_translation_or_none(locale)
    if translated is None:
        return {}
    return {name: value for name in ENGLISH_CELLS if (value := getattr(translated, name))}


def _add_to_gallery(page, images):
    """Put `images` at the end of the page's gallery (in memory: the revision holds them)."""
    if not images:
        return
    gallery = page.gallery_images
    last = max((item.sort_order or 0 for item in gallery.all()), default=-1)
    for position, image in enumerate(images, start=last + 1):
        gallery.add(ProductImage(image=image, sort_order=position))


def _fill_page(page, row, producer, commodity):
    page.title = row.name_vi
    page.ocop_stars = row.stars
    page.ocop_certificate_no = row.ocop_certificate_no
    page.ocop_certified_on = row.ocop_certified_on
    page.category = row.category
    page.commodity = commodity
    page.producer = producer
    page.supply_capacity = row.capacity
    page.supply_unit = row.capacity_unit
    page.supply_period = row.capacity_period
    page.harvest_months = row.harvest_months
    page.min_order = row.min_order
    page.packaging = row.packaging
    page.shelf_life_days = row.shelf_life_days
    page.hs_code = row.hs_code
    page.export_markets = row.export_markets
    page.description = _html(row.description_vi)
    for name, value in row.terms.items():  # the commercial terms (importing/terms.py)
        setattr(page, name, value)
    page.import_digest = row.digest


def _move_with_translations(page, province, user):
    """Move a product to another province, its translations under the province's too,
    taking a free slug where the new province already uses the product's."""
    moves = [(page, province)] + [
        (translation, province.get_translation(translation.locale))
        for translation in page.get_translations()
    ]
    for moving, target in moves:
        slug = _free_slug(target, moving.title, moving.specific.import_ref, moving)
        if slug != moving.slug:
            type(moving).objects.filter(pk=moving.pk).update(slug=slug)
            moving.slug = slug
        moving.move(target, pos="last-child", user=user)


def _free_slug(province, name, ref, page=None):
    """A readable slug not used by the product's siblings (the product's own ones excepted)."""
    siblings = province.get_children()
    if page is not None:
        siblings = siblings.exclude(translation_key=page.translation_key)
    return free_slug_in(set(siblings.values_list("slug", flat=True)), name, ref)


def free_slug_in(taken, name, ref):
    """The product's readable slug, or with its ref when a sibling already has it."""
    base = slug_for(name, max_length=70) or slugify(ref)
    return base if base not in taken else f"{base}-{slugify(ref)}"[:80]


def _create_commodity(name):
    if not name:
        return None
    # Never a second commodity for a name the hub knows in either language, folded, or
    # by an alias ("vermicelli" is "Noodles and vermicelli"): products/commodities.py.
    known = find_commodity(name)
    if known is not None:
        return known
    slug = slugify(fold(name))[:50] or "commodity"
    commodity, _created = Commodity.objects.get_or_create(
        slug=slug, defaults={"name_vi": name, "name_en": name}
    )
    return commodity


def _html(paragraphs):
    return "".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)
