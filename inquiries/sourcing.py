"""The sourcing page, /<lang>/sourcing/: a buyer states a volume, the hub names the producers
who cover it (products/matching.py), and one inquiry goes to all of them.

The request is read from the query string (GET), so the answer has an address to share;
sending posts the buyer's contact details to that same address, and the match is computed
again from the query (never from shares the browser sends). The contact form is the inquiry
form's (inquiries/forms.py: validation, honeypot, one-time token); the inquiry is saved,
with one item per producer and its share and one part per province, before any e-mail.
"""

from decimal import ROUND_HALF_UP

from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django_ratelimit.core import is_ratelimited
from wagtail.models import Locale

from inquiries.forms import InquiryForm
from inquiries.models import Inquiry
from inquiries.notifications import notify
from inquiries.views import RateLimited, _sent_with
from products.match_form import MatchForm
from products.match_text import (
    CENT,
    figure,
    headline,
    hint_text,
    percent,
    period_label,
    profile_url,
    unit_label,
)
from products.matching import certification_names, match, picked_products
from products.models import ProductPage

# The inquiry form's fields a volume match does not ask again (the match says them).
NOT_ASKED = ("quantity", "quantity_unit", "destination_country", "incoterm", "target_date",
             "packaging")  # fmt: skip


class ContactForm(InquiryForm):
    """The buyer's contact details and message, with the inquiry form's checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, kind=Inquiry.Kind.MATCH, **kwargs)
        for name in NOT_ASKED:
            del self.fields[name]


@cache_control(private=True)  # the contact form's one-time token is the visitor's own
def sourcing(request):
    locale = Locale.get_active()
    # A request names at least its commodity or quantity; other parameters (a campaign's
    # utm_source…) leave the empty form.
    asked = any(name in request.GET for name in ("commodity", "quantity"))
    form = MatchForm.from_params(request.GET) if asked else MatchForm(initial=MatchForm.DEFAULTS)
    found = form.match_request() if asked and form.is_valid() else None
    result = match(found, locale) if found else None
    contact = None
    status = 200 if form.is_bound is False or form.is_valid() else 400
    if result is not None and result.picks:
        retention = settings.HUB_INQUIRY_RETENTION_DAYS
        contact = ContactForm(request.POST or None, retention_days=retention)
        if request.method == "POST":
            sent, status = _send(request, contact, result, locale)
            if sent is not None:
                return redirect("inquiry_sent")
    context = {"form": form, "contact": contact, "answer": answer(result, request, locale)}
    return render(request, "inquiries/sourcing.html", context, status=status)


def _send(request, contact, result, locale):
    """(inquiry or None, status): the inquiry saved and notified, or the form's errors."""
    if not contact.is_valid():
        return None, 400
    try:
        sent, new = save_match(request, contact, result, locale)
    except RateLimited:
        contact.add_error(
            None,
            _(
                "Too many inquiries have come from your address in a short time. "
                "Please wait a while and send again: what you wrote is still here."
            ),
        )
        return None, 429
    if new:  # a form sent again was told the first time
        notify(sent)
    request.session["inquiry_sent"] = sent.pk
    return sent, 302


def save_match(request, contact, result, locale):
    """(inquiry, new), as inquiries.views._save: saved with an item per producer picked
    and a part per province before anything else happens; the same form sent again finds
    the inquiry it sent. The rate limit counts after the insert, inside the transaction."""
    token = contact.cleaned_data["form_token"]
    sent = _sent_with(token)
    if sent is not None:
        return sent, False
    asked = result.request
    try:
        with transaction.atomic():
            inquiry = contact.save(commit=False)
            inquiry.kind = Inquiry.Kind.MATCH
            inquiry.language = get_language()
            inquiry.consent_at = timezone.now()
            inquiry.form_token = token
            inquiry.commodity = asked.commodity
            inquiry.quantity = asked.quantity.quantize(CENT, ROUND_HALF_UP)
            inquiry.quantity_unit = asked.unit
            inquiry.quantity_period = asked.period
            inquiry.months = list(asked.months)
            inquiry.destination_country = asked.destination
            inquiry.save()
            if is_ratelimited(request, group="inquiry", key="ip",
                              rate=settings.HUB_INQUIRY_RATE_LIMIT, method="POST",
                              increment=True):  # fmt: skip
                raise RateLimited
            inquiry.certifications.set(asked.certifications)
            inquiry.attach_producers(shares(result, locale))
    except IntegrityError:
        first = _sent_with(token)
        if first is None:  # not the token's constraint
            raise
        return first, False
    return inquiry, True


def shares(result, locale):
    """(producer, main product, share, unit, period) of each producer picked: its main
    product is the one with the largest capacity (the first the matcher took)."""
    ids = [pick.offer.main_product_id for pick in result.picks]
    products = ProductPage.objects.filter(pk__in=ids).select_related("province", "producer")
    products = {product.pk: product for product in products}
    asked = result.request
    found = []
    for pick in result.picks:
        product = products[pick.offer.main_product_id]
        share = asked.as_asked(pick.share).quantize(CENT, ROUND_HALF_UP)
        found.append((product.producer, product, share, asked.unit, asked.period))
    return found


def answer(result, request, locale):
    """What the page (and the API) show of a `Match`, as plain data; None without one."""
    if result is None:
        return None
    asked = result.request
    names = certification_names()
    pages = picked_products(result, locale)
    english = get_language().startswith("en")
    producers = []
    for pick in result.picks:
        offer = pick.offer
        products = [pages[pk] for pk in offer.product_ids if pk in pages]
        producers.append(
            {
                "name": (offer.name_en or offer.name) if english else offer.name,
                "registered_name": offer.name,
                "url": profile_url(offer.slug),
                "province": offer.province_title,
                "share": figure(asked.as_asked(pick.share)),
                "capacity": figure(asked.as_asked(offer.largest)),
                "months": [str(MONTHS[m]) for m in sorted(pick.shares)],
                "certifications": sorted(
                    (names[pk] for pk in offer.certifications if pk in names),
                    key=lambda item: item.name_en,
                ),
                "stars": offer.stars,
                "exports_there": offer.exports_there,
                "products": [{"title": p.title, "url": p.get_url(request)} for p in products],
            }
        )
    return {
        "request": asked,
        "producers": producers,
        "covered": figure(asked.as_asked(result.covered)),
        "requested": figure(asked.quantity),
        "is_covered": result.is_covered,
        "percent": percent(result),
        "by_month": [
            {
                "month": m,
                "name": str(MONTHS[m]),
                "covered": figure(asked.as_asked(result.covered_by_month[m])),
                "percent": percent(result, m),
            }
            for m in asked.wanted_months
        ],  # fmt: skip
        "headline": headline(result),
        "unit": unit_label(asked),
        "period": period_label(asked),
        "hint": hint_text(result),
        "without_capacity": result.without_capacity,
        "inquiry_query": request.GET.urlencode(),
    }
