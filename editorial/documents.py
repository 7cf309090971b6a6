"""Serving the provinces' private documents (who may read them: editorial/groups.py).

Wagtail's document view checks the collection's view restriction and sends whoever it
refuses to the sign-in page, signed in or not: an editor of another province would be asked
to sign in again, with no word of why. Here a signed-in user the restriction refuses is told
so, in their admin language. And the answer for a restricted document is marked private:
a CDN in front keeps PDFs by their extension and would hand an editor's download to the
next visitor (the hub's own page cache stores Wagtail pages only, never a document).
"""

from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve
from wagtail.models import CollectionViewRestriction

from editorial.teams import admin_language


def refuse_signed_in_outsiders(document, request):
    """`before_serve_document`, ahead of Wagtail's own check: a signed-in user outside the
    groups a restriction names gets a 403 that says why. Visitors go on to Wagtail's check
    (the sign-in page), and so do shared-password restrictions (their password form)."""
    if not request.user.is_authenticated:
        return None
    restrictions = document.collection.get_view_restrictions().filter(
        restriction_type=CollectionViewRestriction.GROUPS
    )
    if all(restriction.accept_request(request) for restriction in restrictions):
        return None
    with translation.override(admin_language(request.user)):
        response = render(request, "editorial/document_refused.html", status=403)
    patch_cache_control(response, private=True)
    return response


def serve(request, document_id, document_filename):
    """Wagtail's document view, at Wagtail's own address (showcase/urls.py), whose answer
    for a document under a view restriction only its reader's browser may keep."""
    response = wagtail_serve.serve(request, document_id, document_filename)
    # Wagtail has found the document (or answered 404): one more query, on downloads only.
    document = (
        get_document_model().objects.select_related("collection").filter(pk=document_id).first()
    )
    if document is None or document.collection.get_view_restrictions().exists():
        patch_cache_control(response, private=True)
    return response
