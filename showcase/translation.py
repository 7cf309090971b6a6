"""Publishing a page's English version through wagtail-localize, from known strings.

Imports and the demo data arrive with both languages, so instead of asking an editor to
retype the English we store it as wagtail-localize string translations and let it build
the translated page. The translation stays "synced": editors see it, with its strings,
in the translation editor, and a later change of the Vietnamese source shows as outdated.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from wagtail_localize.models import (
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

# Shown to editors in the translation editor: "Dịch bằng <tool> vào <date>".
TOOL_NAME = "Bảng tính nhập sản phẩm"


@transaction.atomic
def publish_translation(instance, locale, strings, user=None, publish=True):
    """Create or update `instance`'s translation into `locale` and publish it.

    `strings` maps a field path ("title", "description"…) to its translated plain text, or
    to a list of texts for a field made of several segments (one per rich-text paragraph).
    Segments not named keep the source text.

    With `publish=False` (an editor's import, which the central review must approve) a new
    translation is created as a draft, and an existing one is left as it is: its strings
    are stored and go live when the source is approved (`publish_approved_translations`).
    Updating an existing translated page now would change its live content at once.
    """
    source = store_translation(instance, locale, strings, user)
    if not publish and instance.get_translation_or_none(locale) is not None:
        return None
    # Not Translation.save_target(publish=True): it publishes in transaction.on_commit with
    # the page object as it was when saved, so inside an import's transaction a later
    # commit overwrote tree fields (numchild) of pages that had gained children since.
    source.create_or_update_translation(
        locale, user=user, publish=False, fallback=True, copy_parent_pages=True
    )
    translated = instance.get_translation(locale)
    if publish:
        translated.get_latest_revision().publish(user=user)
        translated.refresh_from_db()
    return translated


def store_translation(instance, locale, strings, user=None):
    """Record `strings` as `instance`'s translation into `locale` (see publish_translation)
    and return the instance's translation source, updated from `instance`."""
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    segments_by_path = defaultdict(list)
    for segment in source.stringsegment_set.select_related("context", "string").order_by("order"):
        segments_by_path[segment.context.path].append(segment)

    for path, segments in segments_by_path.items():
        texts = strings.get(path)
        if isinstance(texts, str):
            texts = [texts]
        if texts is not None and len(texts) != len(segments) and len(segments) == 1:
            texts = [" ".join(texts)]
        if texts is None or len(texts) != len(segments):
            # Not given (or paragraphs that do not pair up): keep the source text, recorded
            # as this translation's, so the translation counts as complete.
            texts = [None] * len(segments)
        for segment, text in zip(segments, texts, strict=True):
            if text is None:
                StringTranslation.objects.get_or_create(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    defaults={
                        "data": segment.string.data,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                        "tool_name": TOOL_NAME,
                        "last_translated_by": user,
                    },
                )
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": StringValue.from_plaintext(text).data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": TOOL_NAME,
                    "last_translated_by": user,
                    "has_error": False,
                    "field_error": "",
                },
            )
    translation.translations_last_updated_at = timezone.now()
    translation.save(update_fields=["translations_last_updated_at"])
    return source


# Strings that never keep a translation back: with none, the page spells its slug from its
# translated title (showcase.base.HubPage.ascii_slug), hidden as the slug's line is on the
# translation editor's Promote tab.
NEVER_BLOCKS = {"slug"}


def blocking_gaps(source, locale):
    """The content paths of `source` with no translation into `locale` that keep the
    translation from being published (all but NEVER_BLOCKS)."""
    missing = (
        source.stringsegment_set.annotate_translation(locale)
        .filter(translation__isnull=True)
        .values_list("context__path", flat=True)
    )
    return [path for path in missing if path.split(".")[0] not in NEVER_BLOCKS]


@transaction.atomic
def publish_approved_translations(page, user=None):
    """The central review approved `page` (in the source language): bring its translations
    up to date from their stored strings and publish them. A translation still missing a
    string (but the slug) is left as it was: the edit view told the reviewer so
    (editorial/english.py), and the translation report lists it as out of date."""
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return []
    source.update_from_db()
    published = []
    for translation in Translation.objects.filter(source=source, enabled=True):
        locale = translation.target_locale
        if blocking_gaps(source, locale):
            continue
        # Fallback for what never blocks (the slug): the source's, respelt by the page.
        source.create_or_update_translation(locale, user=user, publish=False, fallback=True)
        translated = page.get_translation(locale)
        translated.get_latest_revision().publish(user=user)
        published.append(translated)
    return published


def is_synced_translation(page):
    """Whether wagtail-localize keeps `page` (saved) in step with its source: its fields then
    come from the translation editor's strings, not from an edit form."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).exists()


def given_slug(page):
    """The slug a person gave synced translation `page` (the translation editor's "slug"
    string, or an import's), or None: wagtail-localize otherwise copies the source's slug.
    A machine translation of the source's slug is no one's choice; a slug given for an
    earlier slug of the source still is (wagtail-localize keeps it too)."""
    return (
        StringTranslation.objects.filter(
            locale_id=page.locale_id,
            context__object_id=page.translation_key,
            context__path="slug",
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
        .order_by("-updated_at")
        .values_list("data", flat=True)
        .first()
    )
