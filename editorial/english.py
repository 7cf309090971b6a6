"""What keeps a page's English from going live when a reviewer approves the Vietnamese.

Approval publishes the English with the Vietnamese from the strings editors stored
(showcase.translation.publish_approved_translations); a string with no translation keeps
the English as it was, and wagtail-localize says nothing. So the edit view tells the
reviewer, before they approve, which fields block it. The slug never blocks: approval
spells it from the English title.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail_localize.models import String, StringTranslation, Translation, TranslationContext
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue

from showcase.translation import NEVER_BLOCKS


def english_blockers(page):
    """None when `page` (Vietnamese) has no English translation set up; otherwise the
    labels of the fields of its latest revision, what approval publishes, that have no
    English translation yet (an empty list: the English goes live with it)."""
    english = Locale.objects.exclude(pk=page.locale_id).first()
    if english is None or not _translated(page, english):
        return None
    segments = [
        segment
        for segment in _draft_strings(page)
        if segment.path.split(".")[0] not in NEVER_BLOCKS
    ]
    translated = _translated_strings(page, segments, english)
    missing = [segment.path for segment in segments if _key(segment) not in translated]
    return _labels(page, missing)


def _translated(page, locale):
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale=locale, enabled=True
    ).exists()


def _draft_strings(page):
    """The string segments of `page`'s latest revision: what approving it publishes."""
    draft = page.get_latest_revision_as_object()
    return [s for s in extract_segments(draft) if isinstance(s, StringSegmentValue)]


def _of_segments(segments):
    """A filter on StringTranslation: the translations of these segments' texts, each at
    its own place."""
    wanted = Q(pk__in=[])
    for path_id, data_hash in map(_key, segments):
        wanted |= Q(translation_of__data_hash=data_hash, context__path_id=path_id)
    return wanted


def _key(segment):
    """A string segment's identity: its place and its text (a rich-text field has one
    segment per paragraph, all at the field's path)."""
    return (
        TranslationContext._get_path_id(segment.path),
        String._get_data_hash(segment.string.data),
    )


def _translated_strings(page, segments, locale):
    """{key (`_key`): translated text} for those of `segments` whose text has a
    translation into `locale`, in one query."""
    found = StringTranslation.objects.filter(
        _of_segments(segments),
        translation_of__locale_id=page.locale_id,
        context__object_id=page.translation_key,
        locale=locale,
        has_error=False,
    ).values_list("context__path_id", "translation_of__data_hash", "data")
    return {(path_id, data_hash): data for path_id, data_hash, data in found}


@dataclass
class Line:
    label: str
    vietnamese: str
    english: str | None  # None: not translated, the English page keeps its old text


def side_by_side(page, locale):
    """Each string of `page`'s latest revision (what approving it publishes) with its
    translation into `locale`, in the page's order; the slug, which approval spells from
    the English title, is left out."""
    segments = [s for s in _draft_strings(page) if s.path.split(".")[0] not in NEVER_BLOCKS]
    english = _translated_strings(page, segments, locale)
    return [
        Line(
            label=_labels(page, [segment.path])[0],
            vietnamese=strip_tags(segment.string.data),
            english=strip_tags(english[_key(segment)]) if _key(segment) in english else None,
        )
        for segment in segments
    ]


def _labels(page, paths):
    """Field labels (in the admin's language) for content paths, once each, in order."""
    labels = []
    for path in paths:
        name = path.split(".")[0]
        try:
            label = str(page._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a path that is no model field: name it as it is
            label = name
        label = label[:1].upper() + label[1:]
        if label not in labels:
            labels.append(label)
    return labels


def warning(page):
    """The message for the edit view of a Vietnamese page, or None when the English goes
    live with the approval (or there is nothing to approve and the English is complete)."""
    if not page.locale.is_default:
        return None
    blockers = english_blockers(page)
    pending = page.has_unpublished_changes or page.workflow_in_progress
    if blockers is None and pending:
        return _(
            "This page has no English version yet: approving it publishes the Vietnamese "
            "only. Translate it first (… → Translate this page)."
        )
    if blockers:
        return _(
            "Approving publishes the Vietnamese only: the English stays as it is until "
            "these fields are translated: %(fields)s."
        ) % {"fields": ", ".join(blockers)}
    return None


def english_changes(page):
    """The English lines of `page`'s latest revision written since its English page was
    last published (all of them if it never was), as "Label: “text”": what approving the
    Vietnamese also puts live, which the reviewer has not seen on the Vietnamese page."""
    english = Locale.objects.exclude(pk=page.locale_id).first()
    if english is None or not _translated(page, english):
        return []
    written = StringTranslation.objects.filter(
        _of_segments(_draft_strings(page)),
        context__object_id=page.translation_key,
        locale=english,
        has_error=False,
    )
    translated_page = page.get_translation_or_none(english)
    if translated_page is not None and translated_page.live:
        written = written.filter(updated_at__gt=translated_page.last_published_at)
    lines = []
    for path, data in written.order_by("context__path").values_list("context__path", "data"):
        label = _labels(page, [path])[0]
        lines.append(f"{label}: “{Truncator(strip_tags(data)).chars(120)}”")
    return lines


def changes_notice(page):
    """The edit view's notice of the English an approval would publish, or None."""
    if not page.locale.is_default or not (
        page.has_unpublished_changes or page.workflow_in_progress
    ):
        return None
    lines = english_changes(page)
    if not lines:
        return None
    return _("Approving also publishes this English, not yet reviewed: %(lines)s.") % {
        "lines": "; ".join(lines)
    }
