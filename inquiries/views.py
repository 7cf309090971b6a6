"""The buyer's side: the shortlist, the inquiry form and its confirmation."""

from functools import wraps
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from wagtail.models import Locale

from inquiries.compare import comparison
from inquiries.events import asked_event, event_message, route_to_organiser
from inquiries.forms import InquiryForm
from inquiries.models import Inquiry
from inquiries.notifications import notify
from inquiries.producers import asked_producer
from inquiries.shortlist import MAX_ITEMS, Shortlist
from products.models import Commodity, ProductPage
from products.printing import catalogue_pdf
from products.supply import provinces_phrase
from regions.filters import region_or_404
from regions.models import ProvincePage
from showcase.base import localized, visible, visible_in_locale
from showcase.params import ParameterError, database_id


def shortlist(request):
    products = Shortlist(request.session).products(Locale.get_active())
    provinces = len({product.province_id for product in products})
    summary = ngettext(
        "%(count)s product from %(provinces)s.",
        "%(count)s products from %(provinces)s.",
        len(products),
    ) % {
        "count": len(products),
        "provinces": provinces_phrase(provinces),
    }
    summary += " " + _(
        "Send one inquiry about all of them: the hub passes it to each province's team."
    )
    return render(
        request,
        "inquiries/shortlist.html",
        {"products": products, "summary": summary, "comparison": comparison(products)},
    )


def print_shortlist(request):
    products = Shortlist(request.session).products(Locale.get_active())
    return catalogue_pdf(
        request,
        title=_("Shortlist"),
        subtitle=_("Products chosen on the OCOP Vietnam Hub"),
        products=products,
        shareable=False,
    )


def same_origin_only(view):
    """For the shortlist buttons, which carry no CSRF token: they sit on pages the cache
    shares between anonymous visitors, and a token would make every page personal.

    Another site still cannot change a visitor's shortlist: the session cookie is
    SameSite=Lax, so a cross-site POST arrives without it (and changes a new, empty
    session), and a request a browser marks as cross-site, or from another origin, is
    refused here."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        fetch_site = request.headers.get("Sec-Fetch-Site")
        origin = request.headers.get("Origin")
        if fetch_site not in (None, "same-origin", "none") or (
            origin is not None and urlsplit(origin).netloc != request.get_host()
        ):
            return HttpResponseForbidden(_("This form must be sent from this site."))
        return view(request, *args, **kwargs)

    return checked


@same_origin_only
@require_POST
def shortlist_add(request):
    product = _posted_product(request)
    if Shortlist(request.session).add(product):
        messages.success(request, _("“%(title)s” is on your shortlist.") % {"title": product.title})
    else:
        messages.error(
            request,
            _("Your shortlist is full (%(max)s products): send an inquiry or remove some first.")
            % {"max": MAX_ITEMS},
        )
    return _back(request)


@same_origin_only
@require_POST
def shortlist_remove(request):
    product = _posted_product(request)
    Shortlist(request.session).remove(product)
    messages.info(request, _("“%(title)s” is off your shortlist.") % {"title": product.title})
    return _back(request)


@require_POST
def shortlist_clear(request):
    """Empty the shortlist: only the buyer does, with this button (sending an inquiry keeps
    it, so it can still be printed). A form with a CSRF token: it is on personal pages."""
    Shortlist(request.session).clear()
    messages.info(request, _("Your shortlist has been cleared."))
    return redirect("shortlist")


# Private: its one-time token (and CSRF token) are the visitor's own, so no shared cache may
# keep the page; the browser may, so that "back" shows the form as sent, token and all.
@cache_control(private=True)
def inquiry(request):
    """One form for every kind of inquiry; what it is about comes from the query:
    `?product=<id>`, `?shortlist=1`, `?producer=<id>`, `?event=<id>` (to take part in a fair
    or a delegation), or `?commodity=<slug>&region=<key>` (or nothing)."""
    locale = Locale.get_active()
    subject = _subject(request, locale)
    if subject.kind == Inquiry.Kind.SHORTLIST and not subject.products:
        messages.info(request, _("Your shortlist is empty: add products to it first."))
        return redirect("shortlist")
    form = InquiryForm(
        request.POST or None,
        kind=subject.kind,
        initial=subject.initial,
        products=subject.products if subject.kind == Inquiry.Kind.SHORTLIST else (),
        retention_days=settings.HUB_INQUIRY_RETENTION_DAYS,
    )
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                sent, new = _save(request, form, subject, locale)
            except RateLimited:
                form.add_error(
                    None,
                    _(
                        "Too many inquiries have come from your address in a short time. "
                        "Please wait a while and send again: what you wrote is still here."
                    ),
                )
                status = 429
            else:
                if new:  # a form sent again was told the first time
                    notify(sent)
                # The shortlist stays: the buyer may still print it, and clears it.
                request.session["inquiry_sent"] = sent.pk
                return redirect("inquiry_sent")
    return render(
        request, "inquiries/inquiry_form.html", _form_context(form, subject), status=status
    )


def _form_context(form, subject):
    products = subject.products
    return {
        "form": form,
        "kind": subject.kind,
        "products": products,
        "producer": subject.producer,
        "event": subject.event,
        "provinces": sorted({product.province.title for product in products}),
    }


def inquiry_sent(request):
    sent = Inquiry.objects.filter(pk=request.session.get("inquiry_sent")).first()
    if sent is None:
        return redirect("inquiry_new")
    return render(
        request,
        "inquiries/inquiry_sent.html",
        {
            "inquiry": sent,
            "items": sent.items.all(),
            "shortlisted": len(Shortlist(request.session)),
            "provinces": localized(
                ProvincePage.objects.all(), sent.provinces.all(), Locale.get_active()
            ).values(),
        },
    )


class RateLimited(Exception):
    """Over the inquiry rate limit: raised inside the saving transaction to undo it."""


def _sent_with(token):
    """The inquiry that a form with this one-time token has already sent, if any."""
    return Inquiry.objects.filter(form_token=token).first() if token else None


def _save(request, form, subject, locale):
    """(inquiry, new): the inquiry saved with the products it is about and the provinces it
    concerns, before anything else happens (the e-mails come after, and may fail); or, when
    the same form comes again (a double click, a refresh, back and send again), the one it
    sent the first time, neither saved nor counted again.

    The rate limit counts inside the transaction, after the insert: a copy that raced the
    first past `_sent_with` fails on the token's unique constraint before it is counted,
    and an inquiry over the limit is rolled back (RateLimited)."""
    token = form.cleaned_data["form_token"]
    sent = _sent_with(token)
    if sent is not None:
        return sent, False
    try:
        with transaction.atomic():
            inquiry = form.save(commit=False)
            inquiry.kind = subject.kind
            inquiry.language = get_language()
            inquiry.consent_at = timezone.now()
            inquiry.form_token = token
            inquiry.save()
            if is_ratelimited(
                request,
                group="inquiry",
                key="ip",
                rate=settings.HUB_INQUIRY_RATE_LIMIT,
                method="POST",
                increment=True,
            ):
                raise RateLimited
            _route(inquiry, form, subject, locale)
    except IntegrityError:
        first = Inquiry.objects.filter(form_token=token).first() if token else None
        if first is None:  # not the token's constraint
            raise
        return first, False
    return inquiry, True


def _route(inquiry, form, subject, locale):
    """Record what the saved inquiry asks about, with the quantities, and route it to the
    provinces concerned."""
    asked = (inquiry.quantity, inquiry.quantity_unit, inquiry.quantity_period)
    if subject.kind == Inquiry.Kind.PRODUCER:
        inquiry.attach_producers([(subject.producer, None, *asked)])
    elif subject.event is not None:
        route_to_organiser(inquiry, subject.event)
    elif subject.kind == Inquiry.Kind.SOURCING:
        data = form.cleaned_data
        inquiry.attach(_commodity_products(data["commodity"], data["region"], locale))
    elif subject.kind == Inquiry.Kind.PRODUCT:
        inquiry.attach(subject.products, {subject.products[0].pk: asked})
    else:
        inquiry.attach(subject.products, form.wanted)


class Subject(NamedTuple):
    """What an inquiry form is about."""

    kind: str
    products: list
    initial: dict
    producer: object = None
    event: object = None


def _subject(request, locale):
    """The form's Subject from the query string."""
    query = request.GET
    if "product" in query:
        product = _product(query["product"], locale)
        return Subject(Inquiry.Kind.PRODUCT, [product], {})
    if "shortlist" in query:
        return Subject(Inquiry.Kind.SHORTLIST, Shortlist(request.session).products(locale), {})
    producer = asked_producer(query.get("producer"), locale)
    if producer is not None:  # an unknown or private producer: the general form instead
        return Subject(Inquiry.Kind.PRODUCER, [], {}, producer)
    event = asked_event(query.get("event"), locale)
    if event is not None:  # likewise: an unknown or unpublished event is not named
        return Subject(Inquiry.Kind.SOURCING, [], {"message": event_message(event)}, event=event)
    commodity = region = None
    if query.get("commodity"):
        if "\x00" in query["commodity"]:  # no slug has one, and PostgreSQL refuses it
            raise Http404("no such commodity")
        commodity = get_object_or_404(Commodity, slug=query["commodity"])
    if query.get("region"):
        region = region_or_404(locale, query["region"])
    initial = {"commodity": commodity, "region": region}
    products = _commodity_products(commodity, region, locale) if commodity else []
    return Subject(Inquiry.Kind.SOURCING, products, initial)


def _commodity_products(commodity, region, locale):
    """Every public product of `commodity` (in `region`, if given) with an OCOP certificate
    in force: one inquiry reaches them all."""
    if commodity is None:
        return []
    products = visible(ProductPage.objects).filter(locale=locale, commodity=commodity)
    products = products.certificate_valid()
    if region is not None:
        products = products.filter(province__region=region)
    return list(products.for_listing().order_by("province__title", "title"))


def _product(value, locale):
    """A product anyone may read, in the visitor's language, from a page id in either
    language."""
    try:
        page_id = database_id(value, "product")
    except ParameterError as problem:
        raise Http404(str(problem)) from None
    product = visible_in_locale(ProductPage.objects, page_id, locale)
    if product is None:
        raise Http404("no such product")
    return product


def _posted_product(request):
    return _product(request.POST.get("product", ""), Locale.get_active())


def _back(request):
    target = request.POST.get("next", "")
    # A path of this site: `redirect()` takes "93" for the name of a view (a 500).
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("shortlist")
    return redirect(target)
