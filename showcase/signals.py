from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from showcase.base import HubPage
from showcase.page_cache import purge


@receiver(post_page_move)
def refresh_place_link(sender, instance, **kwargs):
    """Wagtail saves a moved page as a plain Page, so HubPage.save never runs: refresh the
    moved page's link to its new province or region here."""
    page = instance.specific
    if isinstance(page, HubPage) and page.place_link:
        page.refresh_from_db(fields=["path", "depth"])
        page.save(update_fields=[f"{page.place_link}"])


def connect_page_cache_purge():
    """Whatever changes what visitors see starts a new content generation (page_cache.py):
    publishing, unpublishing, moving or deleting a page, setting, changing or removing a
    page's privacy (a private page leaves every listing, and its own cached copy must go),
    and changing a snippet, an image or a setting (their names, pictures and contact
    details show on many pages)."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge, dispatch_uid=f"hub_page_cache_{id(signal)}")
    post_delete.connect(purge, sender=Page, dispatch_uid="hub_page_cache_page_deleted")
    # purge() purges again once the change is committed: a visit in between would keep
    # the list of private pages without it (showcase.base.private_paths) until the next
    # change, and the page it hides would stay in every listing.
    for signal in (post_save, post_delete):
        signal.connect(
            purge, sender=PageViewRestriction, dispatch_uid=f"hub_page_cache_privacy_{id(signal)}"
        )
    for model in apps.get_models():
        shown = model._meta.app_label in ("products", "regions", "events", "showcase", "catalogue")
        backstage = model._meta.label in ("products.ProductImport", "regions.EditorsTeam")
        if (shown and not backstage and not issubclass(model, Page)) or model in (
            get_image_model(),
            Site,
            Locale,
        ):
            post_save.connect(
                purge, sender=model, dispatch_uid=f"hub_page_cache_{model._meta.label}"
            )
            post_delete.connect(
                purge, sender=model, dispatch_uid=f"hub_page_cache_{model._meta.label}_deleted"
            )


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_follows_the_source(sender, instance, raw=False, **kwargs):
    """Privacy set on a Vietnamese page applies to its translations at once: wagtail-localize
    copies it only on the next sync or publish, and until then the English twin stayed in
    every public listing. After the commit, once the admin's form has saved the groups."""
    if raw:
        return
    page_id = instance.page_id
    transaction.on_commit(lambda: copy_privacy_to_translations(page_id))


def copy_privacy_to_translations(page_id):
    source = Page.objects.filter(pk=page_id, locale=Locale.get_default()).first()
    if source is None:
        return  # a translation's own privacy stays its own
    restrictions = list(source.view_restrictions.prefetch_related("groups"))
    for translation in Page.objects.filter(translation_key=source.translation_key).exclude(
        pk=source.pk
    ):
        _mirror(restrictions, translation)


def _mirror(restrictions, page):
    """Give `page` exactly the restrictions of `restrictions` (a page has at most one in
    Wagtail's admin), saving only what differs (each save purges the page cache)."""
    wanted = {
        (r.restriction_type, r.password, frozenset(g.pk for g in r.groups.all()))
        for r in restrictions
    }
    have = {
        (r.restriction_type, r.password, frozenset(r.groups.values_list("pk", flat=True))): r
        for r in page.view_restrictions.all()
    }
    for key, restriction in have.items():
        if key not in wanted:
            restriction.delete()
    for restriction_type, password, groups in wanted - set(have):
        copy = PageViewRestriction.objects.create(
            page=page, restriction_type=restriction_type, password=password
        )
        copy.groups.set(groups)
