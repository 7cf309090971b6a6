"""Publishing a page's English version through wagtail-localize, from known strings.

Imports and the demo data arrive with both languages, so instead of asking an editor to
retype the English we store it as wagtail-localize string translations and let it build
the translated page. The translation stays "synced": editors see it, with its strings,
in the translation editor, and a later change of the Vietnamese source shows as outdated.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

TOOL_NAME = "OCOP Hub import"


@transaction.atomic
def publish_translation(instance, locale, strings, user=None):
    """Create or update `instance`'s translation into `locale` and publish it.

    `strings` maps a field path ("title", "description"…) to its translated plain text, or
    to a list of texts for a field made of several segments (one per rich-text paragraph).
    Segments not named keep the source text.
    """
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    segments_by_path = defaultdict(list)
    for segment in source.stringsegment_set.select_related("context", "string").order_by("order"):
        segments_by_path[segment.context.path].append(segment)

    for path, segments in segments_by_path.items():
        texts = strings.get(path)
        if texts is None:
            continue
        if isinstance(texts, str):
            texts = [texts]
        if len(texts) != len(segments):
            if len(segments) != 1:
                continue  # paragraphs that do not pair up keep the source text
            texts = [" ".join(texts)]
        for segment, text in zip(segments, texts, strict=True):
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
    # Not Translation.save_target(publish=True): it publishes in transaction.on_commit with
    # the page object as it was when saved, so inside an import's transaction a later
    # commit overwrote tree fields (numchild) of pages that had gained children since.
    source.create_or_update_translation(
        locale, user=user, publish=False, fallback=True, copy_parent_pages=True
    )
    translated = instance.get_translation(locale)
    translated.get_latest_revision().publish(user=user)
    translated.refresh_from_db()
    return translated
