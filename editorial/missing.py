"""What is still missing in the provinces an editor looks after: English translations,
product photos, OCOP certificates, new inquiries.

Every function takes the user and answers for the provinces that user may edit
(`editorial.teams.editable_province_keys`; superusers and central reviewers have them all),
so someone who edits no province gets nothing. The translation report and the dashboard
panels (editorial/reports.py, editorial/panels.py) read from here and nowhere else.

How a translation falls behind, as wagtail-localize works: editing or publishing a
Vietnamese page leaves its `TranslationSource` untouched. Only "Sync translated pages" (or
an import, through showcase/translation.py) reads the page again, in its published state
since drafts are never read, and stamps `last_updated_at`. A source older than the page's
last publication is therefore out of date; a sync that the English page has not been
published since is waiting in the translation editor.

An English page that exists is not yet English: "Translate this page" makes one that holds
the Vietnamese text. It counts once every string that blocks publication has an English
translation (showcase.translation.blocking_gaps: an import gives them all). Such an English,
not live or not up to date while the page (or its English) is in review, is waiting for
the review, not missing: approving the Vietnamese publishes it
(showcase.translation.publish_approved_translations).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from editorial.teams import editable_provinces
from products.models import ProductImage, ProductPage
from regions.models import ProvincePage
from showcase.translation import NEVER_BLOCKS

ENGLISH = "en"
MIN_PHOTOS = 3
MIN_PHOTO_SIDE = 800  # pixels, both ways
CERTIFICATE_NOTICE_DAYS = 90


class TranslationState(models.TextChoices):
    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("out of date")
    WAITING = "waiting", _("English waiting for review")
    UNPUBLISHED = "unpublished", _("English draft not published")


def in_provinces(provinces):
    """A filter on pages: those of `provinces`' subtrees, each province page included."""
    inside = Q(pk__in=[])
    for province in provinces:
        inside |= Q(path__startswith=province.path)
    return inside


def province_pages(user, queryset=None):
    """The pages of `queryset` (all pages by default) that lie in the user's provinces, each
    province page included, annotated with `province_title`.

    The Vietnamese province subtrees hold only Vietnamese pages, and the tree is what page
    permissions follow, so the scope is a matter of paths."""
    queryset = Page.objects.all() if queryset is None else queryset
    provinces = editable_provinces(user)
    if not provinces:
        return queryset.none()
    province = ProvincePage.objects.filter(path=Substr(OuterRef("path"), 1, Length("path")))
    return (
        queryset.filter(in_provinces(provinces))
        .filter(alias_of__isnull=True)
        .annotate(province_title=Subquery(province.values("title")[:1]))
    )


def pages_in_review(user):
    """The Vietnamese pages of the user's provinces whose review is under way, oldest
    submission first (specific pages)."""
    states = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    # object_id is text (a generic relation): compared as numbers here, on any database.
    order = {
        int(pk): n
        for n, pk in enumerate(states.order_by("created_at").values_list("object_id", flat=True))
    }
    pages = Page.objects.filter(pk__in=order, locale=Locale.get_default())
    return sorted(province_pages(user, pages).specific(), key=lambda page: order[page.pk])


def _english(**filters):
    """The English page translating the outer page (aliases show Vietnamese: not English)."""
    return Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=ENGLISH,
        alias_of__isnull=True,
        **filters,
    )


def in_review():
    """A filter on pages: those whose review is under way, or whose translation's is (a
    rejected page waits for its editor, not for the review).

    Read from the reviews under way, few, towards the pages: not a lookup per page."""
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
    )
    # object_id is text (a generic relation): read as a number, on any database.
    reviewed = Page.objects.filter(
        pk__in=states.values(page_id=Cast("object_id", output_field=models.IntegerField()))
    )
    return Q(translation_key__in=reviewed.values("translation_key"))


def english_written():
    """Whether every string of the outer page that holds its English back (all but the
    slug) has an English translation, as the page's translation source last read it. A page
    with no source has no strings waiting."""
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale__language_code=ENGLISH,
        has_error=False,
    )
    gaps = StringSegment.objects.filter(
        source__object_id=OuterRef("translation_key"), source__locale_id=OuterRef("locale_id")
    )
    for path in NEVER_BLOCKS:
        gaps = gaps.exclude(Q(context__path=path) | Q(context__path__startswith=f"{path}."))
    return ~Exists(gaps.exclude(Exists(translated)))


def translation_report(user):
    """The user's Vietnamese pages whose English needs work, by province and tree order.

    Each carries `translation_state` (a TranslationState), `english_page_id` (None when
    there is no English page yet) and `translation_source_id` (for wagtail-localize's
    update view)."""
    source = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
    )
    synced = Translation.objects.filter(
        source__object_id=OuterRef("translation_key"),
        source__locale_id=OuterRef("locale_id"),
        target_locale__language_code=ENGLISH,
        enabled=True,
    )
    return (
        province_pages(user)
        .annotate(
            english_page_id=Subquery(_english().values("pk")[:1]),
            english_live=Exists(_english(live=True)),
            english_draft=Exists(_english(has_unpublished_changes=True)),
            english_published_at=Subquery(_english().values("last_published_at")[:1]),
            translation_source_id=Subquery(source.values("pk")[:1]),
            source_updated_at=Subquery(source.values("last_updated_at")[:1]),
            synced=Exists(synced),
            english_written=english_written(),
        )
        .annotate(translation_state=_translation_state())
        .filter(translation_state__isnull=False)
        .select_related("content_type")
        .order_by("path")
    )


def _translation_state():
    """The TranslationState of a row of `translation_report` (None: nothing to do)."""
    waiting = in_review() & Q(english_written=True)
    english_behind = Q(english_draft=True) | Q(
        synced=True, english_published_at__lt=F("source_updated_at")
    )
    return Case(
        When(english_page_id__isnull=True, then=Value(TranslationState.MISSING)),
        When(Q(english_live=False) & waiting, then=Value(TranslationState.WAITING)),
        When(english_live=False, english_written=False, then=Value(TranslationState.MISSING)),
        When(english_live=False, then=Value(TranslationState.UNPUBLISHED)),
        When(
            synced=True,
            source_updated_at__lt=F("last_published_at"),
            then=Value(TranslationState.OUTDATED),
        ),
        When(english_behind & waiting, then=Value(TranslationState.WAITING)),
        When(english_behind, then=Value(TranslationState.UNPUBLISHED)),
        default=None,
        output_field=models.CharField(),
    )


def products(user):
    """The user's Vietnamese product pages, by province and tree order."""
    return province_pages(user, ProductPage.objects.all()).order_by("path")


def products_without_english(user):
    """Products that no buyer can read in English and for which no English is written:
    the report's "missing" products."""
    written = Exists(_english()) & english_written()
    return products(user).exclude(Exists(_english(live=True))).exclude(written)


def products_with_english_in_review(user):
    """Products whose English is written but not live, waiting for the review that
    publishes it: the report's "waiting" products that no buyer can read in English yet."""
    return (
        products(user)
        .exclude(Exists(_english(live=True)))
        .filter(in_review(), Exists(_english()), english_written())
    )


def products_short_of_photos(user):
    """Products with fewer than MIN_PHOTOS photos (main photo and gallery) or with a photo
    under MIN_PHOTO_SIDE pixels either way, annotated with `photo_count` and
    `small_photo_count`."""
    small = Q(image__width__lt=MIN_PHOTO_SIDE) | Q(image__height__lt=MIN_PHOTO_SIDE)
    gallery = ProductImage.objects.filter(product=OuterRef("pk")).order_by().values("product")

    def count(rows):
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    return (
        products(user)
        .annotate(
            photo_count=count(gallery) + Case(When(image__isnull=False, then=1), default=0),
            small_photo_count=count(gallery.filter(small)) + Case(When(small, then=1), default=0),
        )
        .filter(Q(photo_count__lt=MIN_PHOTOS) | Q(small_photo_count__gt=0))
    )


def certificates_due(user, days=CERTIFICATE_NOTICE_DAYS, today=None):
    """Products whose OCOP certificate has expired or expires within `days` days, the
    longest expired first (see ProductPage.ocop_valid_until)."""
    today = today or timezone.localdate()
    due = ProductPage.objects.certificate_expiring(
        days=days, today=today
    ) | ProductPage.objects.certificate_expired(today=today)
    return province_pages(user, due).order_by("ocop_certified_on", "path")
