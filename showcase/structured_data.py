"""schema.org descriptions (JSON-LD) of the hub's products, events and sales points, so
search engines and buyers' tools read them as what they are, and the Open Graph picture.
Each page model calls its function here; this module imports no app.

Only facts the page shows go in; nothing is padded to please a validator."""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

SCHEMA = "https://schema.org"
# schema.org's event type for each of EventPage.Type's values.
EVENT_TYPES = {
    "fair": "ExhibitionEvent",
    "exhibition": "ExhibitionEvent",
    "trade_week": "SaleEvent",
    "delegation": "BusinessEvent",
    "b2b": "BusinessEvent",
    "seminar": "EducationEvent",
    "online": "ExhibitionEvent",
}
OCOP_ISSUER = "Chương trình Mỗi xã một sản phẩm (OCOP) – One Commune One Product Programme"


def image_url(image, request, spec="fill-1200x630"):
    """The absolute address of a rendition of `image` (None without one)."""
    if image is None:
        return None
    return request.build_absolute_uri(image.get_rendition(f"{spec}|format-jpeg").url)


def _text(value, limit=300):
    return Truncator(strip_tags(value or "").strip()).chars(limit)


def _compact(data):
    """Leave out what is unknown rather than saying it is empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def event_data(event, request):
    if event.is_online:
        location = {"@type": "VirtualLocation", "url": event.registration_url or event.full_url}
    else:
        location = _compact(
            {
                "@type": "Place",
                "name": event.venue or event.city,
                "address": _compact(
                    {
                        "@type": "PostalAddress",
                        "addressLocality": event.city,
                        "addressCountry": event.country.code,
                    }
                ),
            }
        )
    return _compact(
        {
            "@context": SCHEMA,
            "@type": EVENT_TYPES.get(event.event_type, "Event"),
            "name": event.title,
            "description": _text(event.introduction or event.body),
            "url": event.get_full_url(request),
            "inLanguage": event.locale.language_code,
            "startDate": event.local_start.isoformat(),
            "endDate": event.local_end.isoformat(),
            "eventStatus": f"{SCHEMA}/EventScheduled",
            "eventAttendanceMode": f"{SCHEMA}/"
            + ("OnlineEventAttendanceMode" if event.is_online else "OfflineEventAttendanceMode"),
            "location": location,
            "organizer": {"@type": "Organization", "name": event.organiser}
            if event.organiser
            else None,
            "image": [image_url(event.hero_image, request)] if event.hero_image else None,
        }
    )


def sales_point_data(point, request):
    province = point.province
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Store",
            "name": point.title,
            "description": _text(point.introduction),
            "url": point.get_full_url(request),
            "image": image_url(point.hero_image, request),
            "telephone": point.phone,
            "email": point.email,
            "sameAs": point.website,
            "address": _compact(
                {
                    "@type": "PostalAddress",
                    "streetAddress": point.address,
                    "addressRegion": province.title if province else None,
                    "addressCountry": "VN",
                }
            ),
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(point.latitude),
                "longitude": float(point.longitude),
            }
            if point.latitude is not None and point.longitude is not None
            else None,
        }
    )


def product_data(product, request):
    """A Product whose OCOP rating is a Certification with a rating (schema.org has that
    vocabulary: Certification.certificationRating), the producer as brand and maker.
    An expired certificate says so (certificationStatus) and is no longer an award."""
    producer = product.public_producer
    expired = product.ocop_certificate_expired
    status = None
    if product.ocop_certified_on:
        status = f"{SCHEMA}/CertificationInactive" if expired else f"{SCHEMA}/CertificationActive"
    certifications = [
        _compact(
            {
                "@type": "Certification",
                "name": "OCOP",
                "description": _("OCOP certificate expired") if expired else None,
                "certificationStatus": status,
                "certificationIdentification": product.ocop_certificate_no,
                "certificationRating": {
                    "@type": "Rating",
                    "ratingValue": product.ocop_stars,
                    "bestRating": 5,
                    "worstRating": 3,
                },
                "issuedBy": {"@type": "GovernmentOrganization", "name": OCOP_ISSUER},
                "validFrom": product.ocop_certified_on.isoformat()
                if product.ocop_certified_on
                else None,
                "expires": product.ocop_valid_until.isoformat()
                if product.ocop_valid_until
                else None,
            }
        )
    ] + [{"@type": "Certification", "name": item.name} for item in product.certification_list]
    maker = (
        _compact(
            {
                "@type": "Organization",
                "name": producer.name,
                "alternateName": producer.name_en,
                "url": producer.website,
            }
        )
        if producer
        else None
    )
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Product",
            "name": product.title,
            "description": _text(product.introduction or product.description),
            "url": product.get_full_url(request),
            "sku": product.import_ref,
            "image": image_url(product.social_image, request),
            "category": product.category.name,
            "countryOfOrigin": {"@type": "Country", "name": "VN"},
            "award": None if expired else f"OCOP {product.ocop_stars}★",
            "hasCertification": certifications,
            "brand": {"@type": "Brand", "name": producer.name} if producer else None,
            "manufacturer": maker,
            "offers": offers_data(product),
        }
    )


def offers_data(product):
    """The indicative price (products/terms.py) as an AggregateOffer, only when one was
    given: a product without a price has no offer rather than an empty one."""
    low, high = product.price_min, product.price_max
    if (low is None and high is None) or not product.price_currency:
        return None
    low = high if low is None else low
    return {
        "@type": "AggregateOffer",
        "lowPrice": f"{low:f}",
        "highPrice": f"{(low if high is None else high):f}",
        "priceCurrency": product.price_currency,
    }


def organization_data(profile, request):
    """A producer's profile (products/profiles.py) as an Organization: its names, address,
    contacts it published, founding year, photos and the certificates it holds."""
    producer, province = profile.producer, profile.province
    description, _language = profile.description
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Organization",
            "name": producer.name,
            "alternateName": producer.name_en,
            "url": profile.url,
            "description": _text(description),
            "foundingDate": str(producer.year_established) if producer.year_established else None,
            "address": _compact(
                {
                    "@type": "PostalAddress",
                    "streetAddress": producer.address,
                    "addressRegion": province.title if province else None,
                    "addressCountry": "VN",
                }
            ),
            "telephone": producer.phone,
            "email": producer.email,
            "sameAs": producer.website,
            "image": [image_url(photo.image, request) for photo in profile.photos[:1]],
            "hasCertification": [
                _compact(
                    {
                        "@type": "Certification",
                        "name": row.certification.name,
                        "certificationIdentification": row.number,
                        "issuedBy": {"@type": "Organization", "name": row.issued_by}
                        if row.issued_by
                        else None,
                        "expires": row.valid_until.isoformat() if row.valid_until else None,
                        "certificationStatus": f"{SCHEMA}/CertificationInactive"
                        if row.expired
                        else None,
                    }
                )
                for row in profile.certificates
            ],
        }
    )
