"""What the search index holds for a product, folded so any spelling finds it.

Vietnamese diacritics are folded on both sides — here for the indexed text, and in the
catalogue for the query — so "Ba Be", "ba bể" and "BA BỂ" meet "Bí xanh thơm Ba Bể",
and "Da Nang" meets "Đà Nẵng". The province's current, official and former names are
part of every product's text, so "Binh Thuan dragon fruit" finds Lâm Đồng's dragon fruit.
Names shared across languages (commodity, category) are taken in the page's language.
"""

from django.utils.html import strip_tags
from django.utils.translation import override

from search.text import fold


def product_search_text(product) -> str:
    parts = [product.title, strip_tags(product.description or ""), product.packaging]
    with override(product.locale.language_code):
        for related in (product.category, product.commodity):
            if related is not None:
                parts.append(related.name)
    if product.producer is not None:
        parts += [product.producer.name, product.producer.name_en]
    province = product.province
    if province is not None:
        parts += [province.title, province.official_name, province.slug]
        parts += province.former_province_names
        if province.region is not None:
            parts.append(province.region.title)
    return fold(" ".join(part for part in parts if part))
