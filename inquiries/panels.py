"""The dashboard panel of new inquiries, among those the user may see."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import ngettext

from editorial.panels import EditorialPanel
from inquiries.models import Inquiry


def new_inquiries(user):
    """Inquiries in which a part the user sees is new: a province's editors count the
    inquiries their own province has not dealt with yet, whatever the others did."""
    return Inquiry.objects.visible_to(user).in_status(Inquiry.Status.NEW, user)


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
