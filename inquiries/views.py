"""The buyer's side: the shortlist, the inquiry form and its confirmation."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from wagtail.models import Locale

from inquiries.forms import InquiryForm
from inquiries.models import Inquiry
from inquiries.notifications import notify
from inquiries.shortlist import MAX_ITEMS, Shortlist
from products.models import Commodity, ProductPage
from products.printing import catalogue_pdf
from products.supply import provinces_phrase
from regions.filters import region_or_404
from regions.models import ProvincePage
from showcase.base import in_locale, localized


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
    return render(request, "inquiries/shortlist.html", {"products": products, "summary": summary})


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


def inquiry(request):
    """One form for the three kinds of inquiry; what it is about comes from the query:
    `?product=<id>`, `?shortlist=1`, or `?commodity=<slug>&region=<key>` (or nothing)."""
    locale = Locale.get_active()
    kind, products, initial = _subject(request, locale)
    if kind == Inquiry.Kind.SHORTLIST and not products:
        messages.info(request, _("Your shortlist is empty: add products to it first."))
        return redirect("shortlist")
    form = InquiryForm(
        request.POST or None,
        kind=kind,
        initial=initial,
        retention_days=settings.HUB_INQUIRY_RETENTION_DAYS,
    )
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif is_ratelimited(
            request,
            group="inquiry",
            key="ip",
            rate=settings.HUB_INQUIRY_RATE_LIMIT,
            method="POST",
            increment=True,
        ):
            form.add_error(
                None,
                _(
                    "Too many inquiries have come from your address in a short time. "
                    "Please wait a while and send again: what you wrote is still here."
                ),
            )
            status = 429
        else:
            if kind == Inquiry.Kind.SOURCING:
                products = _commodity_products(
                    form.cleaned_data["commodity"], form.cleaned_data["region"], locale
                )
            sent = _save(form, kind, products)
            notify(sent)
            if kind == Inquiry.Kind.SHORTLIST:
                Shortlist(request.session).clear()
            request.session["inquiry_sent"] = sent.pk
            return redirect("inquiry_sent")
    return render(
        request,
        "inquiries/inquiry_form.html",
        {
            "form": form,
            "kind": kind,
            "products": products,
            "provinces": sorted({product.province.title for product in products}),
        },
        status=status,
    )


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
            "provinces": localized(
                ProvincePage.objects.all(), sent.provinces.all(), Locale.get_active()
            ).values(),
        },
    )


@transaction.atomic
def _save(form, kind, products):
    """Save the inquiry, the products it is about and the provinces it concerns, before
    anything else happens (the e-mails come after, and may fail)."""
    inquiry = form.save(commit=False)
    inquiry.kind = kind
    inquiry.language = get_language()
    inquiry.consent_at = timezone.now()
    inquiry.save()
    inquiry.attach(products)
    return inquiry


def _subject(request, locale):
    """(kind, products, initial form values) from the query string."""
    query = request.GET
    if "product" in query:
        product = _product(query["product"], locale)
        return Inquiry.Kind.PRODUCT, [product], {}
    if "shortlist" in query:
        return Inquiry.Kind.SHORTLIST, Shortlist(request.session).products(locale), {}
    commodity = region = None
    if query.get("commodity"):
        if "\x00" in query["commodity"]:  # no slug has one, and PostgreSQL refuses it
            raise Http404("no such commodity")
        commodity = get_object_or_404(Commodity, slug=query["commodity"])
    if query.get("region"):
        region = region_or_404(locale, query["region"])
    initial = {"commodity": commodity, "region": region}
    products = _commodity_products(commodity, region, locale) if commodity else []
    return Inquiry.Kind.SOURCING, products, initial


def _commodity_products(commodity, region, locale):
    """Every live product of `commodity` (in `region`, if given) with an OCOP certificate in
    force: one inquiry reaches them all."""
    if commodity is None:
        return []
    products = ProductPage.objects.live().filter(locale=locale, commodity=commodity)
    products = products.certificate_valid()
    if region is not None:
        products = products.filter(province__region=region)
    return list(products.for_listing().order_by("province__title", "title"))


def _product(value, locale):
    """A live product in the visitor's language, from a page id in either language."""
    if not str(value).isdigit():
        raise Http404
    return in_locale(get_object_or_404(ProductPage.objects.live(), pk=int(value)), locale)


def _posted_product(request):
    return _product(request.POST.get("product", ""), Locale.get_active())


def _back(request):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("shortlist")
    return redirect(target)
