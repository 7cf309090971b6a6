"""The demo: the hub's structure, the demo spreadsheet through the real import, pictures,
fairs and sales points, and an admin account. Running it again changes nothing.

The spreadsheet's minimum orders and packaging are given in both languages (the Vietnamese
translates the English faithfully, nothing added). Its prices are never invented: a product
has a price range only where a public, dated source gave one, named in `price_source`
(and `price_source_en`, so each language's page says what the price is);
every other product shows "Price on request". Searched for (December 2026): news of demo
products' prices. Found one:

- VN-68-001 Binh Thuan dragon fruit: VND 20,000–22,000 per kg on 1 May 2024, the farm-gate
  price of off-season dragon fruit in Binh Thuan given by the Binh Thuan Dragon Fruit
  Association (SGGP, "Dragon fruit price surges highly",
  https://en.sggp.org.vn/dragon-fruit-price-surges-highly-post109672.html). A province's
  price, not the cooperative's own quotation; no Incoterm, port or lead time was given.

No source gave Incoterms, ports of loading or lead times for the demo products: those
columns stay empty.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from editorial.groups import sync_groups
from editorial.teams import province_collection
from events.models import EventExhibitor, EventIndexPage, EventPage
from inquiries.models import Inquiry
from products.importing import ProductImporter
from products.models import Commodity, ProductPage
from regions.models import ProvincePage, RegionPage, SalesPointPage
from showcase.demo.images import demo_image
from showcase.setup import Bilingual, create_page, locales, read_csv, setup_hub
from showcase.translation import publish_translation

DEMO_DIR = Path(__file__).resolve().parent
PRODUCTS_CSV = DEMO_DIR / "products.csv"
EVENTS_CSV = DEMO_DIR / "events.csv"
SALES_POINTS_CSV = DEMO_DIR / "sales_points.csv"
INQUIRIES_CSV = DEMO_DIR / "inquiries.csv"
# (username, name, e-mail, province slugs) of the demo's provincial editors and reviewer.
DEMO_EDITORS = [
    ("bientap.thainguyen", "Hoàng Thị Lan", "lan.hoang@thainguyen.example", "thai-nguyen"),
    ("bientap.lamdong", "Trần Văn Đức", "duc.tran@lamdong.example", "lam-dong"),
]
DEMO_REVIEWER = ("kiemduyet", "Phạm Thu Hà", "ha.pham@xttm.example")
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "ocop-demo-2026"  # noqa: S105 - printed by `make run`, demo only


def load_demo(say=print, progress=None):
    setup_hub()
    say("Structure: 6 regions and 34 provinces in Vietnamese and English.")
    result = ProductImporter().run(PRODUCTS_CSV, progress=progress)
    if not result.ok:
        raise RuntimeError(
            "The demo spreadsheet does not import:\n" + "\n".join(map(str, result.errors))
        )
    say(
        f"Products: {len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged."
    )
    add_product_pictures()
    say(f"Events: {load_events()} new.  Sales points: {load_sales_points()} new.")
    admin = ensure_admin()
    ensure_editors()
    say(f"Inquiries: {load_inquiries()} new.")
    return admin


def add_product_pictures():
    """Give every demo product without a photo a drawn one, in both languages."""
    source, targets = locales()
    products = ProductPage.objects.filter(locale=source, image=None)
    for page in products.select_related("category", "province"):
        page.image = demo_image(
            page.title,
            f"product-{page.import_ref}",
            page.category.slug,
            collection=province_collection(page.province),
        )
        page.save_revision().publish()
        for locale in targets:
            publish_translation(page, locale, {})


@transaction.atomic
def load_events(path=EVENTS_CSV):
    """Fairs, weeks and delegations with their participating provinces and exhibitors
    (products by `ref`, with booths), in both languages."""
    _source, targets = locales()
    national = EventIndexPage.objects.filter(locale=Locale.get_default()).first()
    provinces = _provinces_by_slug()
    products = _products_by_ref()
    created = 0
    for row in read_csv(path):
        parent = national if row["parent"] == "national" else provinces[row["parent"]]
        if parent.get_children().filter(slug=row["key"]).exists():
            continue
        event = EventPage(
            event_type=row["event_type"],
            start=datetime.datetime.fromisoformat(row["start"]),
            end=datetime.datetime.fromisoformat(row["end"]),
            time_zone=row["time_zone"],
            registration_deadline=datetime.datetime.fromisoformat(row["registration_deadline"])
            if row["registration_deadline"]
            else None,
            venue=row["venue_vi"],
            city=row["city_vi"],
            country=row["country"],
            organiser=row["organiser_vi"],
            booth_count=int(row["booth_count"] or 0) or None,
            registration_url=row["registration_url"],
            hero_image=demo_image(row["title_vi"], f"event-{row['key']}", "tourism"),
        )
        event.participating_provinces = [provinces[slug] for slug in _list(row["provinces"])]
        event.exhibitors = [
            EventExhibitor(product=products[ref], booth=booth, sort_order=order)
            for order, (ref, booth) in enumerate(
                entry.split("@") for entry in _list(row["exhibitors"])
            )
        ]
        create_page(
            parent,
            event,
            _texts(row),
            targets,
            venue=row["venue_en"],
            city=row["city_en"],
            organiser=row["organiser_en"],
        )
        created += 1
    return created


@transaction.atomic
def load_sales_points(path=SALES_POINTS_CSV):
    _source, targets = locales()
    provinces = _provinces_by_slug()
    products = _products_by_ref()
    created = 0
    for row in read_csv(path):
        parent = provinces[row["province"]]
        if parent.get_children().filter(slug=row["key"]).exists():
            continue
        point = SalesPointPage(
            kind=row["kind"],
            address=row["address"],
            latitude=row["latitude"] or None,
            longitude=row["longitude"] or None,
            opening_hours=row["opening_hours"],
            phone=row["phone"],
            website=row["website"],
            hero_image=demo_image(
                row["title_vi"],
                f"sales-point-{row['key']}",
                "souvenirs-decor",
                collection=province_collection(parent),
            ),
        )
        point.products = [
            products[ref.strip()] for ref in row["products"].split(";") if ref.strip() in products
        ]
        create_page(parent, point, _texts(row), targets)
        created += 1
    return created


def _texts(row):
    """An event's or sales point's titles and introductions; its key is its slug in both."""
    return Bilingual(
        row["key"], row["key"], row["title_vi"], row["title_en"], row["intro_vi"], row["intro_en"]
    )


def _list(cell):
    return [item.strip() for item in cell.split(";") if item.strip()]


def _products_by_ref():
    return {
        page.import_ref: page for page in ProductPage.objects.filter(locale=Locale.get_default())
    }


def _provinces_by_slug():
    return {page.slug: page for page in ProvincePage.objects.filter(locale=Locale.get_default())}


def ensure_editors():
    """One editor for each of two provinces and a central reviewer, all in Vietnamese."""
    reviewers, groups = sync_groups()
    provinces = _provinces_by_slug()
    for username, name, email, slug in DEMO_EDITORS:
        user = _demo_user(username, name, email)
        user.groups.add(groups[provinces[slug].translation_key])
    _demo_user(*DEMO_REVIEWER).groups.add(reviewers)


def _demo_user(username, name, email, **flags):
    """A demo account (family name first, as `name` is written), with the demo password on
    creation. Editors work in Vietnamese; the admin's language can be changed under Account."""
    family, _space, given = name.partition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": given, "last_name": family, **flags},
    )
    if created:
        user.set_password(ADMIN_PASSWORD)
        user.save()
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "vi"
        profile.save()
    return user


@transaction.atomic
def load_inquiries(path=INQUIRIES_CSV):
    """A few buyers' inquiries in every status, so the admin's inquiry screens have work."""
    products = _products_by_ref()
    reviewer = get_user_model().objects.get(username=DEMO_REVIEWER[0])
    created = 0
    for row in read_csv(path):
        if Inquiry.objects.filter(email=row["email"]).exists():
            continue
        locale = Locale.objects.get(language_code=row["language"])
        received = timezone.now() - datetime.timedelta(days=int(row["days_ago"]))
        inquiry = Inquiry.objects.create(
            kind=row["kind"],
            language=row["language"],
            name=row["name"],
            company=row["company"],
            email=row["email"],
            country=row["country"],
            commodity=Commodity.objects.filter(slug=row["commodity"]).first(),
            region=RegionPage.objects.filter(locale=locale, key=row["region"]).first(),
            quantity=row["quantity"] or None,
            quantity_unit=row["quantity_unit"],
            destination_country=row["destination_country"],
            incoterm=row["incoterm"],
            packaging=row["packaging"],
            message=row["message"],
            consent_at=received,
            created_at=received,
            notified_at=received,
        )
        asked = [products[ref] for ref in _list(row["products"])]
        if inquiry.commodity:
            asked = ProductPage.objects.live().filter(
                locale=Locale.get_default(), commodity=inquiry.commodity
            )
            if inquiry.region:
                asked = asked.filter(
                    province__region__translation_key=inquiry.region.translation_key
                )
        inquiry.attach([page.get_translation(locale) for page in asked])
        if row["status"] != Inquiry.Status.NEW:
            inquiry.set_status(row["status"], user=reviewer, note=row["note"])
        created += 1
    return created


def ensure_admin():
    return _demo_user(
        ADMIN_USERNAME, "OCOP Quản trị", "admin@ocop-hub.example", is_superuser=True, is_staff=True
    )
