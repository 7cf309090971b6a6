from wagtail import hooks

from inquiries.viewsets import inquiry_viewset


@hooks.register("register_admin_viewset")
def register_inquiry_viewset():
    return inquiry_viewset
