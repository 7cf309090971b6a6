"""How search engines find the hub: a sitemap of both languages' pages, each with its
twin as an hreflang alternate, and robots.txt pointing at it."""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from showcase.base import visible


class BilingualSitemap(Sitemap):
    """Every live public page of every locale (Wagtail's own sitemap lists one locale's
    tree), each listing the locales it exists in.

    Items are translation keys (a page and its twins), so that the national catalogue's
    40,000 pages split into parts of at most `limit` pairs (search engines take 50,000 URLs
    and 50 MB per file; a part of 2,000 URLs is ~0.9 MB and 0.4 s), listed by /sitemap.xml
    as a sitemap index.
    A part reads only its own pages."""

    limit = 1000

    def items(self):
        return (
            self._pages()
            .order_by()
            .values("translation_key")
            .annotate(first=Min("path"))
            .order_by("first")
        )

    def lastmod(self, item):
        return None  # a part's pages give theirs (_urls); the index asks get_latest_lastmod

    def get_latest_lastmod(self):
        return self._pages().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]

    def _pages(self):
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key).values_list("path")
        in_a_home = reduce(or_, (Q(path__startswith=path) for (path,) in homes), Q(pk=None))
        return visible(Page.objects).filter(in_a_home)

    def _urls(self, page, protocol, domain):
        keys = [item["translation_key"] for item in self.paginator.page(page).object_list]
        twins = defaultdict(list)
        pages = self._pages().filter(translation_key__in=keys).select_related("locale")
        for item in pages.order_by("path"):
            item.sitemap_url = item.get_full_url(self.request)
            twins[item.translation_key].append(item)
        urls = []
        for key in keys:
            for item in twins[key]:
                alternates = [
                    {"lang_code": twin.locale.language_code, "location": twin.sitemap_url}
                    for twin in twins[key]
                ]
                urls.append(
                    {
                        "item": item,
                        "location": item.sitemap_url,
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
