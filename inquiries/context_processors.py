from django.utils.functional import SimpleLazyObject

from inquiries.shortlist import Shortlist


def shortlist(request):
    """The visitor's shortlist (read from the session only if a template asks)."""
    return {"shortlist": SimpleLazyObject(lambda: Shortlist(request.session))}
