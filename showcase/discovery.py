"""How search engines find the hub: a sitemap of both languages' pages, each with its
twin as an hreflang alternate, and robots.txt pointing at it."""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from showcase.base import visible


class BilingualSitemap(Sitemap):
    """Every live public page of every locale (Wagtail's own sitemap lists one locale's
    tree), each listing the locales it exists in."""

    def items(self):
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key).values_list("path")
        in_a_home = reduce(or_, (Q(path__startswith=path) for (path,) in homes), Q(pk=None))
        return list(
            visible(Page.objects).filter(in_a_home).select_related("locale").order_by("path")
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        twins = defaultdict(list)
        for item in self.paginator.object_list:
            twins[item.translation_key].append(item)
        urls = []
        for item in items:
            alternates = [
                {
                    "lang_code": twin.locale.language_code,
                    "location": twin.get_full_url(self.request),
                }
                for twin in twins[item.translation_key]
            ]
            urls.append(
                {
                    "item": item,
                    "location": item.get_full_url(self.request),
                    "lastmod": item.last_published_at or item.latest_revision_created_at,
                    "alternates": alternates if len(alternates) > 1 else [],
                }
            )
        self.latest_lastmod = max((url["lastmod"] for url in urls if url["lastmod"]), default=None)
        return urls


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /documents/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
