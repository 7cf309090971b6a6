"""The hub's fixed structure: locales, home and index pages, regions, provinces, taxonomy.

This is reference data every installation needs (production too), not demo content.
Everything here is idempotent: what exists is left as editors made it.
"""

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection, Locale, Page, Site

from editorial.groups import sync_groups
from events.models import EventIndexPage
from products.models import Certification, Commodity, ProductCategory, ProductIndexPage
from regions.models import (
    ProvinceFormerName,
    ProvincePage,
    RegionIndexPage,
    RegionPage,
    SalesPointIndexPage,
)
from search.models import SearchSynonym
from showcase.demo.images import demo_image
from showcase.information_content import ABOUT, PRIVACY, body_html, english_segments
from showcase.models import HomePage, InformationPage
from showcase.translation import publish_translation

ROOT = Path(settings.BASE_DIR)
REGIONS_CSV = ROOT / "regions" / "data" / "regions.csv"
PROVINCES_CSV = ROOT / "regions" / "data" / "provinces.csv"
SYNONYMS_CSV = ROOT / "products" / "data" / "synonyms.csv"
TAXONOMY = [
    (ProductCategory, ROOT / "products" / "data" / "categories.csv"),
    (Certification, ROOT / "products" / "data" / "certifications.csv"),
    (Commodity, ROOT / "products" / "data" / "commodities.csv"),
]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Bilingual:
    slug_vi: str
    slug_en: str
    title_vi: str
    title_en: str
    intro_vi: str = ""
    intro_en: str = ""


HOME = Bilingual(
    "trang-chu",
    "home",
    "OCOP Việt Nam",
    "OCOP Vietnam Hub",
    "Sản phẩm OCOP 3–5 sao của 34 tỉnh, thành phố: tìm sản phẩm, nơi trưng bày và hội chợ "
    "để gặp nhà sản xuất.",
    "Vietnam's 3- to 5-star OCOP products from all 34 provinces and cities: find products, "
    "where to taste them and the fairs where you can meet their producers.",
)
INDEX_PAGES = [
    (
        RegionIndexPage,
        Bilingual(
            "vung-mien",
            "regions",
            "Vùng và tỉnh",
            "Regions and provinces",
            "Sáu vùng kinh tế - xã hội và 34 tỉnh, thành phố từ ngày 1/7/2025.",
            "Vietnam's six socio-economic regions and its 34 provinces and cities since "
            "1 July 2025.",
        ),
    ),
    (
        ProductIndexPage,
        Bilingual(
            "san-pham",
            "products",
            "Sản phẩm OCOP",
            "OCOP products",
            "Tìm theo vùng, tỉnh, nhóm sản phẩm và hạng sao OCOP.",
            "Browse by region, province, product group and OCOP star rating.",
        ),
    ),
    (
        EventIndexPage,
        Bilingual(
            "su-kien",
            "events",
            "Hội chợ và sự kiện",
            "Fairs and events",
            "Hội chợ, tuần hàng OCOP, đoàn xúc tiến thương mại và hội thảo.",
            "Fairs, OCOP product weeks, trade delegations and seminars.",
        ),
    ),
    (
        SalesPointIndexPage,
        Bilingual(
            "diem-ban",
            "sales-points",
            "Điểm bán OCOP",
            "OCOP sales points",
            "Nơi xem và nếm thử sản phẩm OCOP trên cả nước.",
            "Where to see and taste OCOP products across Vietnam.",
        ),
    ),
]


def locales():
    source = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
    others = [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
    return source, others


def create_page(parent, page, text: Bilingual, targets, existing=None, **strings):
    """Add `page` (Vietnamese) under `parent` and publish it in every language, unless it
    exists: `existing` (a queryset) finds it, else a sibling with its slug does."""
    if existing is None:
        existing = parent.get_children().filter(slug=text.slug_vi).specific()
    existing = existing.first()
    if existing is not None:
        return existing
    page.title, page.slug, page.introduction = text.title_vi, text.slug_vi, text.intro_vi
    parent.add_child(instance=page)
    page.save_revision().publish()
    for locale in targets:
        publish_translation(
            page,
            locale,
            {
                "title": text.title_en,
                "slug": text.slug_en,
                "introduction": text.intro_en,
                **strings,
            },
        )
    return page


def sync_taxonomy():
    for model, path in TAXONOMY:
        for row in read_csv(path):
            defaults = {"name_vi": row["name_vi"], "name_en": row["name_en"]}
            if model is ProductCategory:
                defaults["sort_order"] = int(row["code"])
            model.objects.get_or_create(slug=row["slug"], defaults=defaults)
    sync_synonyms()


def sync_synonyms():
    """Each commodity's two names, and common trade names, as search synonyms, so a buyer
    typing "dragon fruit" on the Vietnamese site finds "thanh long" (editors add more)."""
    groups = [(c.name_en, c.name_vi) for c in Commodity.objects.all()]
    groups += [(row["terms"], row["vietnamese_terms"]) for row in read_csv(SYNONYMS_CSV)]
    for terms, vietnamese in groups:
        synonym = SearchSynonym(terms=terms, vietnamese_terms=vietnamese)
        known = SearchSynonym.objects.filter(terms=terms, vietnamese_terms=vietnamese)
        if len(synonym.folded_terms) > 1 and not known.exists():
            synonym.save()


def site_address(base_url):
    """Wagtail's Site hostname and port for an address such as https://ocop.gov.vn."""
    parts = urlsplit(base_url)
    default_port = 443 if parts.scheme == "https" else 80
    return {"hostname": parts.hostname or "localhost", "port": parts.port or default_port}


@transaction.atomic
def setup_hub(stdout=None):
    """Create whatever of the hub's structure is missing; return the Vietnamese home page."""
    source, targets = locales()
    sync_taxonomy()
    if Collection.get_first_root_node() is None:  # a flushed database has none
        Collection.add_root(name=ROOT_NAME)
    name_the_roots()  # before the English tree is made: its log entries name the root
    home = HomePage.objects.filter(locale=source).first() or create_home(source, targets)
    indexes = {}
    for model, text in INDEX_PAGES:
        indexes[model] = create_page(home, model(show_in_menus=True), text, targets)
    create_information_pages(home, targets)
    regions = create_regions(home, indexes[RegionIndexPage], targets)
    create_provinces(home, regions, targets)
    sync_groups()  # an editors group per province, and the central reviewers
    return home


# Wagtail names the page tree's and the collections' roots "Root"; editors read the admin in
# Vietnamese and meet them in the explorer's breadcrumbs and the collection lists.
ROOT_NAME = "Gốc"


def name_the_roots():
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_NAME, draft_title=ROOT_NAME)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_NAME)


def create_home(source, targets):
    """The Vietnamese home page, its English twin and the default site that serves them."""
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title=ROOT_NAME, slug="root", locale=source)
    )
    home = HomePage(
        title=HOME.title_vi,
        slug=HOME.slug_vi,
        introduction=HOME.intro_vi,
        hero_image=demo_image("OCOP Việt Nam", "home", "region"),
        locale=source,
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "root_page": home,
            # Canonical links, the sitemap and structured data use the site's address.
            **site_address(settings.WAGTAILADMIN_BASE_URL),
            "site_name": "OCOP Vietnam Hub",
        },
    )
    # Wagtail's installation page, replaced by the hub's home.
    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
    for locale in targets:
        publish_translation(
            home,
            locale,
            {"title": HOME.title_en, "slug": HOME.slug_en, "introduction": HOME.intro_en},
        )
    return home


INFORMATION_PAGES = [
    (
        InformationPage.Kind.ABOUT,
        ABOUT,
        Bilingual(
            "gioi-thieu",
            "about",
            "Giới thiệu",
            "About the hub",
            "Cổng thông tin giới thiệu sản phẩm OCOP của 34 tỉnh, thành phố tới nhà nhập khẩu "
            "nước ngoài: ai vận hành, sản phẩm được xác minh thế nào và cách liên hệ.",
            "The hub presents the OCOP products of Vietnam's 34 provinces and cities to "
            "importers abroad: who runs it, how listings are verified and how to reach us.",
        ),
    ),
    (
        InformationPage.Kind.PRIVACY,
        PRIVACY,
        Bilingual(
            "quyen-rieng-tu",
            "privacy",
            "Chính sách quyền riêng tư",
            "Privacy notice",
            "Dữ liệu cá nhân cổng thông tin thu thập khi bạn gửi yêu cầu, để làm gì, ai nhận, "
            "lưu giữ bao lâu và quyền của bạn.",
            "What personal data the hub collects when you send an inquiry, why, who receives "
            "it, how long it is kept and your rights.",
        ),
    ),
]


def create_information_pages(home, targets):
    """The About page and the privacy notice, in both languages, unless a page of their kind
    exists (editors may have renamed or moved it)."""
    for kind, blocks, text in INFORMATION_PAGES:
        page = InformationPage(
            kind=kind, body=body_html(blocks, "vi"), last_reviewed=timezone.localdate()
        )
        existing = InformationPage.objects.filter(locale=home.locale, kind=kind)
        create_page(home, page, text, targets, existing, body=english_segments(blocks))


def create_regions(home, region_index, targets):
    """{key: Vietnamese region page}, creating the regions that are missing."""
    regions = {}
    for row in read_csv(REGIONS_CSV):
        found = RegionPage.objects.filter(locale=home.locale, key=row["slug"])
        if found.exists():  # editors may have renamed it: the key stays
            regions[row["slug"]] = found.first()
            continue
        text = Bilingual(
            row["slug_vi"],
            row["slug"],
            row["name_vi"],
            row["name_en"],
            row["intro_vi"],
            row["intro_en"],
        )
        region = RegionPage(
            key=row["slug"], hero_image=demo_image(row["name_vi"], row["slug"], row["slug"])
        )
        regions[row["slug"]] = create_page(region_index, region, text, targets)
    return regions


def create_provinces(home, regions, targets):
    """The 34 provinces in force since 1 July 2025, those that are missing, under their
    regions, with the former provinces merged into each."""
    for row in read_csv(PROVINCES_CSV):
        if ProvincePage.objects.filter(locale=home.locale, code=row["code"]).exists():
            continue  # found by its administrative code, whatever editors renamed
        kind = ProvincePage.Kind(row["kind"])
        prefix = "Thành phố" if kind == ProvincePage.Kind.CITY else "Tỉnh"
        province = ProvincePage(
            code=row["code"],
            kind=kind,
            official_name=f"{prefix} {row['name_vi']}",
            hero_image=demo_image(row["name_vi"], f"province-{row['slug']}", row["region"]),
        )
        province.former_names = [
            ProvinceFormerName(name=name.strip())
            for name in row["former_names"].split(";")
            if name.strip()
        ]
        text = Bilingual(
            row["slug"],
            row["slug"],
            row["name_vi"],
            row["name_en"],
            row["intro_vi"],
            row["intro_en"],
        )
        region = regions[row["region"]]
        create_page(region, province, text, targets, official_name=_official_name_en(row))


def _official_name_en(row):
    if row["kind"] == "city":
        return row["name_en"] if row["name_en"].endswith("City") else f"{row['name_en']} City"
    return f"{row['name_en']} Province"
