"""Writing many new published pages at once, with what Wagtail and wagtail-localize keep
for each: the same rows one `add_child` + `save_revision().publish()` + wagtail-localize
sync per page would leave, written a batch at a time.

A province's spreadsheet of 700 products, or the national catalogue, took minutes that
way: each page is saved eight times, indexed eight times and read back by wagtail-localize.
Here a batch costs a handful of INSERTs per table. Callers check their rows first and run
this inside their own transaction (products/importing/bulk.py, showcase/demo/national.py).

What is written for each new Vietnamese page and its translations:
- the page rows (Django's `bulk_create` refuses multi-table inheritance, so the same two
  INSERTs `save()` makes — the `Page` row, then the specific one — are made per batch),
  with tree paths after the parent's last child;
- one revision each, as live and latest, and the log's "create" and "publish" entries;
- the source's wagtail-localize records (its source, segments, strings and templates, as
  `TranslationSource.update_or_create_from_instance` extracts them) and, for each
  translation, its `Translation` and the string translations the caller gives, so the
  translation is synced and complete as `showcase.translation.publish_translation` leaves it;
- search index entries, in bulk.
"""

import json
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import F
from django.utils import timezone
from modelsearch.backends import get_search_backends
from wagtail.models import Page, PageLogEntry, Revision
from wagtail_localize.models import (
    OverridableSegment,
    String,
    StringSegment,
    StringTranslation,
    Template,
    TemplateSegment,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationSource,
    get_schema_version,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue

from showcase.translation import TOOL_NAME

BATCH = 500


@dataclass
class NewPage:
    """A page to add under `parent` (saved), with its translations: {locale: (translated
    page, {content path: translated text})}. Pages are unsaved and of one specific class."""

    parent: Page
    page: Page
    translations: dict = field(default_factory=dict)


def write_pages(new_pages, user=None):
    """Insert `new_pages` (all of one page class), published, with their translations."""
    if not new_pages:
        return
    now = timezone.now()
    parents = {}  # {(parent pk, locale pk): the parent's translation}
    translated = [
        NewPage(_translation_of(new.parent, locale, parents), page)
        for new in new_pages
        for locale, (page, _strings) in new.translations.items()
    ]
    every = [*new_pages, *translated]
    _place(every, now)
    model = type(new_pages[0].page)
    pages = [new.page for new in every]
    for start in range(0, len(pages), BATCH):
        insert_pages(model, pages[start : start + BATCH])
    _write_relations(pages)
    _add_revisions(pages, user, now)
    _add_translation_records(new_pages, user, now)
    index_pages(model, pages)


def _translation_of(parent, locale, parents):
    key = (parent.pk, locale.pk)
    if key not in parents:
        parents[key] = parent.get_translation(locale)
    return parents[key]


def _place(new_pages, now):
    """Give each page its tree path after its parent's last child, its URL path, and the
    fields a published page has; count the parents' new children."""
    by_parent = {}
    for new in new_pages:
        by_parent.setdefault(new.parent.pk, (new.parent, []))[1].append(new.page)
    for parent, children in by_parent.values():
        last = parent.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        for offset, page in enumerate(children, start=1):
            page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
            page.depth = parent.depth + 1
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.last_published_at = now
            page.latest_revision_created_at = now
            page.content_type = ContentType.objects.get_for_model(page)
            if getattr(page, "place_link", None):  # as HubPage.save links it
                place_model = page._meta.get_field(page.place_link).related_model
                setattr(page, page.place_link, parent if isinstance(parent, place_model) else None)
        # Counted in the database: the parent object may have been read before other writes.
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(children))
        parent.numchild += len(children)


def insert_pages(model, pages):
    """The `Page` rows of `pages`, then their `model` rows: save()'s two INSERTs, batched."""
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    rows = Page._base_manager._insert(
        pages, fields=base_fields, returning_fields=Page._meta.db_returning_fields
    )
    for page, (pk,) in zip(pages, rows, strict=True):
        page.pk = page.id = pk
        setattr(page, model._meta.pk.attname, pk)
        page._state.adding, page._state.db = False, connection.alias
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields)


def _write_relations(pages):
    """The rows of each page's parental many-to-many fields (certifications…)."""
    model = type(pages[0])
    for relation in model._meta.local_many_to_many:
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": page.pk, f"{target}_id": related.pk})
                for page in pages
                for related in getattr(page, relation.name).all()
            ],
            batch_size=2000,
        )


def _add_revisions(pages, user, now):
    base_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=page.content_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=now,
            user=user,
            object_str=page.title,
            content=page.serializable_data(),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"], batch_size=BATCH)
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=page.content_type,
                label=page.title[:255],
                action=action,
                data={},
                timestamp=now,
                uuid=uuid.uuid4(),
                user=user,
                revision=revision if action == "wagtail.publish" else None,
                content_changed=True,
                page_id=page.pk,
            )
            for page, revision in zip(pages, revisions, strict=True)
            for action in ("wagtail.create", "wagtail.publish")
        ],  # fmt: skip
        batch_size=BATCH,
    )


# wagtail-localize ---------------------------------------------------------------------------


def _add_translation_records(new_pages, user, now):
    sources = _add_sources(new_pages, now)
    segments = _add_segments(new_pages, sources)
    translations = [
        Translation(
            uuid=uuid.uuid4(), source=sources[new.page.pk], target_locale=locale,
            created_at=now, translations_last_updated_at=now, enabled=True,
        )
        for new in new_pages
        for locale in new.translations
    ]  # fmt: skip
    Translation.objects.bulk_create(translations, batch_size=BATCH)
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of_id=segment.string_id,
                locale=locale,
                context_id=segment.context_id,
                data=_translated(texts, segment),
                tool_name=TOOL_NAME,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                last_translated_by=user,
                created_at=now,
                updated_at=now,
            )
            for new in new_pages
            for locale, (_page, texts) in new.translations.items()
            for segment in segments[new.page.pk]
        ],  # fmt: skip
        batch_size=BATCH,
    )


def _translated(texts, segment):
    """The given text of a segment's content path (a list pairs with the field's segments,
    in order), else the source's own, as showcase.translation.store_translation records."""
    given = texts.get(segment.path)
    if isinstance(given, str):
        given = [given]
    if given is not None and len(given) != segment.count and segment.count == 1:
        given = [" ".join(given)]
    if given is None or len(given) != segment.count:
        return segment.source_text
    return StringValue.from_plaintext(given[segment.index]).data


def _add_sources(new_pages, now):
    model = type(new_pages[0].page)
    content_type = ContentType.objects.get_for_model(model)
    # Objects are typed by the model that holds translation keys (Page), sources by their own.
    object_type = ContentType.objects.get_for_model(model.get_translation_model())
    TranslatableObject.objects.bulk_create(
        [
            TranslatableObject(translation_key=new.page.translation_key, content_type=object_type)
            for new in new_pages
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    version = get_schema_version(content_type.app_label)
    sources = [
        TranslationSource(
            object_id=new.page.translation_key, specific_content_type=content_type,
            locale_id=new.page.locale_id, object_repr=str(new.page)[:200],
            content_json=new.page.to_json(), schema_version=version,
            created_at=now, last_updated_at=now,
        )
        for new in new_pages
    ]  # fmt: skip
    TranslationSource.objects.bulk_create(sources, batch_size=BATCH)
    return {new.page.pk: source for new, source in zip(new_pages, sources, strict=True)}


@dataclass
class _Segment:
    string_id: int
    context_id: int
    path: str
    index: int  # its place among the segments of its path
    count: int
    source_text: str


def _add_segments(new_pages, sources):
    """Each source's segments, as wagtail-localize's `refresh_segments` extracts them, with
    their strings, templates and contexts; {page pk: [_Segment]} of its string segments."""
    extracted = {new.page.pk: list(extract_segments(new.page)) for new in new_pages}
    strings = _strings(new_pages, extracted)
    templates = _templates(extracted)
    contexts = _contexts(new_pages, extracted)
    string_rows, template_rows, overridable_rows, found = [], [], [], {}
    for new in new_pages:
        values = extracted[new.page.pk]
        for value in values:
            if isinstance(value, RelatedObjectSegmentValue):
                raise NotImplementedError("bulk writing of related-object segments")
            common = dict(
                source=sources[new.page.pk],
                context_id=contexts[(new.page.translation_key, value.path)],
                order=value.order,
            )
            if isinstance(value, TemplateSegmentValue):
                template_rows.append(TemplateSegment(template_id=templates[_template_key(value)],
                                                     **common))  # fmt: skip
            elif isinstance(value, OverridableSegmentValue):
                data = json.dumps(value.data, cls=DjangoJSONEncoder)
                overridable_rows.append(OverridableSegment(data_json=data, **common))
            else:
                string_id = strings[(new.page.locale_id, value.string.data)]
                attrs = json.dumps(value.attrs, cls=DjangoJSONEncoder)
                string_rows.append(StringSegment(string_id=string_id, attrs=attrs, **common))
                found.setdefault(new.page.pk, []).append((value, string_id, common["context_id"]))
    for model, rows in (
        (StringSegment, string_rows),
        (TemplateSegment, template_rows),
        (OverridableSegment, overridable_rows),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)
    return {pk: _by_path(values) for pk, values in found.items()}


def _by_path(values):
    counts = {}
    for value, _string, _context in values:
        counts[value.path] = counts.get(value.path, 0) + 1
    seen, segments = {}, []
    for value, string_id, context_id in values:
        index = seen[value.path] = seen.get(value.path, -1) + 1
        segments.append(
            _Segment(
                string_id, context_id, value.path, index, counts[value.path], value.string.data
            )
        )
    return segments


def _strings(new_pages, extracted):
    """{(locale pk, text): String pk}, creating the strings not stored yet."""
    wanted = {
        (new.page.locale_id, value.string.data)
        for new in new_pages
        for value in extracted[new.page.pk]
        if not isinstance(value, TemplateSegmentValue | OverridableSegmentValue)
    }
    hashes = {String._get_data_hash(data): (locale, data) for locale, data in wanted}
    found = {}
    for start in range(0, len(hashes), BATCH):
        chunk = list(hashes)[start : start + BATCH]
        for string in String.objects.filter(data_hash__in=chunk):
            found[(string.locale_id, string.data)] = string.pk
    missing = [
        String(locale_id=locale, data=data, data_hash=String._get_data_hash(data))
        for locale, data in wanted
        if (locale, data) not in found
    ]
    String.objects.bulk_create(missing, batch_size=BATCH)
    found.update({(string.locale_id, string.data): string.pk for string in missing})
    return found


def _template_key(value):
    namespace = uuid.uuid5(Template.BASE_UUID_NAMESPACE, value.format)
    return uuid.uuid5(namespace, value.template)


def _templates(extracted):
    """{template uuid: Template pk}, creating the templates not stored yet."""
    wanted = {
        _template_key(value): value
        for values in extracted.values()
        for value in values
        if isinstance(value, TemplateSegmentValue)
    }
    found = dict(Template.objects.filter(uuid__in=list(wanted)).values_list("uuid", "pk"))
    missing = [
        Template(uuid=key, template=value.template, template_format=value.format,
                 string_count=value.string_count)
        for key, value in wanted.items()
        if key not in found
    ]  # fmt: skip
    Template.objects.bulk_create(missing, batch_size=BATCH)
    found.update({template.uuid: template.pk for template in missing})
    return found


def _contexts(new_pages, extracted):
    """{(translation key, content path): TranslationContext pk}, with their field paths."""
    rows = []
    for new in new_pages:
        paths = dict.fromkeys(value.path for value in extracted[new.page.pk])
        for path in paths:
            if "." in path:  # a child object's or a block's: not in the pages written here
                raise NotImplementedError(f"bulk writing of nested content ({path})")
            rows.append(
                TranslationContext(
                    object_id=new.page.translation_key,
                    path=path,
                    path_id=TranslationContext._get_path_id(path),
                    field_path=path,
                )
            )
    TranslationContext.objects.bulk_create(rows, batch_size=BATCH)
    return {(context.object_id, context.path): context.pk for context in rows}


def index_pages(model, pages):
    """Add `pages` to every search backend that updates itself on save, in bulk."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)
