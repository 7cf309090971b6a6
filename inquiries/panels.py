"""The dashboard panel of new inquiries, among those the user may see."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import ngettext

from editorial.panels import EditorialPanel
from inquiries.models import Inquiry


def new_inquiries(user):
    """Inquiries nobody has dealt with yet, among those the user may see."""
    return Inquiry.objects.visible_to(user).filter(status=Inquiry.Status.NEW)


class NewInquiriesPanel(EditorialPanel):
    name = "new_inquiries"
    order = 231
    row_template_name = "inquiries/admin/row_inquiry.html"

    def get_queryset(self):
        return new_inquiries(self.user)

    def get_heading(self, count):
        return ngettext("%(count)s new inquiry", "%(count)s new inquiries", count) % {
            "count": count
        }

    def get_more_url(self):
        return reverse("inquiries:index") + "?" + urlencode({"status": "new"})
