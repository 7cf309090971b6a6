"""manage.py merge_commodities [--apply]: one commodity per thing, in a database that has two.

Before commodities were looked up by folded name in either language and by alias
(products/commodities.py), an import could create "vermicelli" beside "Noodles and
vermicelli" or "dragon fruit" beside "Dragon fruit", and pooled supply and volume matching
counted them apart. This finds the commodities that are the same by those rules, keeps one
of each group (the hub's own, from products/data/commodities.csv, else the oldest) and moves
to it everything that pointed at the others (products, inquiries, the products' saved
revisions, so that an editor's next publish does not bring the old one back), then deletes
them. A dry run by default: it says what it would do; --apply does it, in one transaction.
"""

import csv
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Revision

from products.commodities import aliases, keys
from products.models import Commodity, ProductPage

SEED = Path(__file__).resolve().parents[2] / "data" / "commodities.csv"


def seed_slugs():
    with SEED.open(encoding="utf-8", newline="") as handle:
        return {row["slug"] for row in csv.DictReader(handle)}


def duplicate_groups(commodities):
    """[[kept, duplicate, …]]: commodities sharing a folded name, singular or alias."""
    alias_of = aliases()
    parent = {commodity.pk: commodity.pk for commodity in commodities}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    first = {}
    for commodity in commodities:
        names = [commodity.slug, commodity.name_vi, commodity.name_en]
        found = {key for name in names for key in keys(name)}
        found |= {f"alias:{alias_of[key]}" for key in found if key in alias_of}
        found |= {f"alias:{commodity.slug}"}
        for key in found:
            if key in first:
                parent[root(commodity.pk)] = root(first[key])
            else:
                first[key] = commodity.pk
    groups = {}
    for commodity in commodities:
        groups.setdefault(root(commodity.pk), []).append(commodity)
    seeded = seed_slugs()
    return [
        sorted(group, key=lambda item: (item.slug not in seeded, item.pk))
        for group in groups.values()
        if len(group) > 1
    ]


def merge(kept, duplicates):
    """Point everything at `kept` instead of `duplicates`, then delete them; {what: n}."""
    moved = {}
    ids = [duplicate.pk for duplicate in duplicates]
    pages = [
        str(pk) for pk in ProductPage.objects.filter(commodity__in=ids).values_list("pk", flat=True)
    ]
    for relation in Commodity._meta.related_objects:
        if relation.many_to_many or relation.one_to_one:
            continue
        rows = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": ids})
        moved[relation.related_model._meta.label] = rows.update(**{relation.field.name: kept})
    moved["revisions"] = _move_revisions(kept, ids, pages)
    Commodity.objects.filter(pk__in=ids).delete()
    return moved


def _move_revisions(kept, ids, pages):
    product_type = ContentType.objects.get_for_model(ProductPage)
    changed = []
    revisions = Revision.objects.filter(content_type=product_type, object_id__in=pages)
    for revision in revisions.iterator():
        if revision.content.get("commodity") in ids:
            revision.content["commodity"] = kept.pk
            changed.append(revision)
    Revision.objects.bulk_update(changed, ["content"], batch_size=500)
    return len(changed)


class Command(BaseCommand):
    help = "Merge commodities that are the same by folded name or alias (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Merge (default: only say)")

    def handle(self, *args, apply=False, **options):
        groups = duplicate_groups(list(Commodity.objects.order_by("pk")))
        if not groups:
            self.stdout.write("No duplicate commodities.")
            return
        with transaction.atomic():
            for kept, *duplicates in groups:
                names = ", ".join(f"{d.name_en!r} ({d.slug})" for d in duplicates)
                self.stdout.write(f"{kept.name_en!r} ({kept.slug}) ← {names}")
                if apply:
                    moved = merge(kept, duplicates)
                    self.stdout.write(
                        "    moved: " + ", ".join(f"{k} {n}" for k, n in moved.items())
                    )
        if not apply:
            self.stdout.write(f"{len(groups)} group(s) to merge: run again with --apply.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Merged {len(groups)} group(s)."))
