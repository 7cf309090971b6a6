from wagtail import hooks

from inquiries.panels import NewInquiriesPanel
from inquiries.viewsets import inquiry_viewset


@hooks.register("register_admin_viewset")
def register_inquiry_viewset():
    return inquiry_viewset


@hooks.register("construct_homepage_panels")
def add_new_inquiries_panel(request, panels):
    panels.append(NewInquiriesPanel(request.user))
