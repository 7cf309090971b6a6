"""E-mails about an inquiry that is already saved: nothing here can lose it.

The editors of every province it concerns and the central reviewers get a notification in
their admin language; the buyer gets a receipt in theirs. A failure is logged and written
on the inquiry (the admin shows it), never shown to the buyer as an error.

Anyone may type someone else's address into the form, so the receipt is fixed text with
only the reference and the names of the products asked about (never the sender's name,
company or message), and one address gets one receipt an hour at most (issue 16). The
count is kept in the cache django-ratelimit uses (RATELIMIT_USE_CACHE): shared by every
app server when that cache is, keyed by a keyed hash of the address, not the address.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.dates import MONTHS

from editorial.teams import admin_language, province_editors

logger = logging.getLogger(__name__)

RECEIPT_INTERVAL = 60 * 60  # seconds: one receipt per address in this time


def staff_recipients(inquiry):
    """{address: language} for the province editors and central reviewers concerned."""
    User = get_user_model()
    user_ids = set(
        User.objects.filter(
            Q(groups__permissions__codename="view_all_inquiries")
            | Q(user_permissions__codename="view_all_inquiries"),
            is_active=True,
        ).values_list("pk", flat=True)
    )
    for province in inquiry.provinces.all():
        user_ids.update(province_editors(province).values_list("pk", flat=True))
    addresses = {}
    recipients = User.objects.filter(pk__in=user_ids).exclude(email="").order_by("email")
    for user in recipients.select_related("wagtail_userprofile"):
        addresses[user.email] = admin_language(user)
    for address in settings.HUB_INQUIRY_ALSO_NOTIFY:
        addresses.setdefault(address, settings.LANGUAGE_CODE)
    return addresses


def notify(inquiry):
    """Send the notifications and the receipt; True when every message went out."""
    receipt_key = None
    try:
        messages = [
            _message(inquiry, "inquiries/email/notification", language, address)
            for address, language in staff_recipients(inquiry).items()
        ]
        if inquiry.email:
            receipt_key = _claim_receipt(inquiry)
        if receipt_key:
            messages.append(
                _message(inquiry, "inquiries/email/receipt", inquiry.language, inquiry.email)
            )
        get_connection(fail_silently=False).send_messages(messages)
    except Exception as error:  # any backend failure: the inquiry is saved, tell the admin
        logger.exception("Inquiry %s saved but not notified", inquiry.reference)
        if receipt_key:  # no receipt went out: the next inquiry may send one
            _release_receipt(receipt_key)
        inquiry.notification_error = f"{type(error).__name__}: {error}"[:2000]
        inquiry.save(update_fields=["notification_error"])
        return False
    inquiry.notified_at = timezone.now()
    inquiry.notification_error = ""
    inquiry.save(update_fields=["notified_at", "notification_error"])
    return True


def _message(inquiry, template, language, address):
    with translation.override(language):
        context = {
            "inquiry": inquiry,
            "items": inquiry.items.select_related("province", "producer"),
            "months": [str(MONTHS[month]) for month in sorted(inquiry.months or [])],
            "certifications": list(inquiry.certifications.all()),
            "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("inquiries:edit", args=[inquiry.pk]),
        }
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    # Subjects are one line (Django refuses line breaks in headers anyway).
    return EmailMessage(" ".join(subject.split()), body, to=[address])


def _receipt_counter():
    return caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]


def _claim_receipt(inquiry):
    """The cache key now counting a receipt to the buyer's address for an hour, or None
    when one already went there within the hour (or the cache cannot tell)."""
    address = inquiry.email.strip().lower()
    key = "inquiry-receipt:" + salted_hmac("inquiries.receipt", address).hexdigest()
    try:
        claimed = _receipt_counter().add(key, 1, RECEIPT_INTERVAL)  # atomic: one winner
    except Exception:  # a cache that is down: the editors are still told, the buyer not
        logger.exception("Receipt for inquiry %s not sent: no receipt count", inquiry.reference)
        return None
    if not claimed:
        logger.info("Receipt for inquiry %s not sent: one went there this hour", inquiry.reference)
        return None
    return key


def _release_receipt(key):
    try:
        _receipt_counter().delete(key)
    except Exception:  # the hour stays claimed; nothing else depends on it
        logger.exception("Receipt count not released")
