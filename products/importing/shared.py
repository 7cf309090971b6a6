"""Rows that would change what the public sees before the central review: what an
editor's import refuses, and what a publishing import's preview points out.

An editor's import saves its products as drafts that go live when a central reviewer
approves them (`ProductImporter(publish=False)`). Producers and commodities are not pages:
they have no drafts and every product naming them shows them, so changing a producer's
type, or adding a commodity (the inquiry form and the catalogue list every one at once),
would show on the public pages straight away, as would moving a product, which changes its
live address. Such a row is refused, saying what to write instead; waiting for the review
would need drafts of shared records that Wagtail's snippets do not have here. A central
reviewer's import, and the command's, still do all three.

A producer's contacts (phone, e-mail…) show on its live products too, but they are
optional cells that a sheet repeats on every row of a producer: refusing the row would hold
back the whole sheet over a detail, so an editor's import leaves an existing producer's
contacts as they are and the preview says which cells it leaves aside. A producer the
import creates gets them: it has no live product yet.
"""

from django.utils.translation import gettext as _

from products.importing.results import RowError


def shared_record_errors(product, lookups, producer, owner):
    """The errors of a valid row (`product`) of an import that waits for the review.
    `producer`: the producer of the row's name already in its province, or None; `owner`:
    the province of the product the row's ref made before, or None."""
    errors = []
    if producer is not None and producer.producer_type != product.producer_type:
        message = _(
            "the producer %(producer)r is already recorded with the type %(current)s, which "
            "all its products show: write %(current)s, or ask a central reviewer to change "
            "the producer"
        )
        values = {"producer": producer.name, "current": producer.producer_type}
        errors.append(RowError(product.row, "producer_type", message % values))
    if owner is not None and owner.pk != product.province.pk:
        message = _(
            "this product is in %(current)s, and moving it would change its public address at "
            "once: write %(current)s, or ask a central reviewer to move it"
        )
        errors.append(RowError(product.row, "province", message % {"current": owner.title}))
    if product.new_commodity_name:
        errors.append(_new_commodity_refused(product, lookups))
    return errors


def kept_contacts_warnings(product, producer):
    """What the preview of an import waiting for the review says of the contact cells of a
    row whose producer exists and has other contacts; those cells are dropped from the row."""
    if producer is None:
        return []
    warnings = []
    for name, value in list(product.producer_contacts.items()):
        del product.producer_contacts[name]
        current = getattr(producer, name)
        if value != current:
            message = _(
                "not applied: the producer %(producer)r already has %(current)r, shown on its "
                "published products; ask a central reviewer to change it"
            )
            values = {"producer": producer.name, "current": current or "—"}
            warnings.append(RowError(product.row, f"producer_{name}", message % values))
    return warnings


def _new_commodity_refused(product, lookups):
    close = lookups.close_commodities(product.new_commodity_name)
    if close:
        message = _(
            "%(name)r is not one of the hub's commodities: write an existing one (close to it: "
            "%(close)s) or leave the cell empty. A new commodity needs its English name and a "
            "central reviewer's approval: ask a central reviewer to add it"
        )
    else:
        message = _(
            "%(name)r is not one of the hub's commodities: write an existing one or leave the "
            "cell empty. A new commodity needs its English name and a central reviewer's "
            "approval: ask a central reviewer to add it"
        )
    values = {"name": product.new_commodity_name, "close": commodity_names(close)}
    return RowError(product.row, "commodity", message % values)


def new_commodity_warning(product, lookups):
    """What the preview of a publishing import says of a row that creates a commodity."""
    close = lookups.close_commodities(product.new_commodity_name)
    if close:
        message = _(
            "%(name)r will be a new commodity, close to %(close)s: write the existing one if it "
            "is the same thing. Its English name will be the same until it is changed under "
            "OCOP catalogue › Commodities"
        )
    else:
        message = _(
            "%(name)r will be a new commodity. Its English name will be the same until it is "
            "changed under OCOP catalogue › Commodities"
        )
    values = {"name": product.new_commodity_name, "close": commodity_names(close)}
    return RowError(product.row, "commodity", message % values)


def commodity_names(commodities):
    """ "Miến và bún khô (Noodles and vermicelli); …": both names, as a sheet may write either."""
    return "; ".join(
        commodity.name_vi
        if commodity.name_en == commodity.name_vi
        else f"{commodity.name_vi} ({commodity.name_en})"
        for commodity in commodities
    )
