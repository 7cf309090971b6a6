"""Page permissions for wagtail-localize's translation views.

wagtail-localize's "submit translation" and "update translations" views check only the
global `submit_translation` permission, and its translations report lists every
translation in the tree to any admin user. A provincial editor needs that permission to
translate their own pages, so these views are served here first (same paths, earlier in
the admin URLs) with the page permission checked: only pages the user may edit, and the
report only for those who may edit the whole site. The translation editor itself already
checks page permissions (wagtail_localize.views.edit_translation.user_can_edit_instance).

"Sync translated pages" offers to publish every translation at once: for anyone who may not
publish them all, the option is not offered and a forged one is ignored (the English then
waits for the review with the Vietnamese, see editorial.review). "Translate this page"
never publishes here (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False in settings).

While a page is in review, its English lines (the translation editor's strings and
overrides, a PO file upload, machine translation) are frozen for those who may not
publish it, as Wagtail locks the page: the reviewer approves what they saw, and the edit
view names the English an approval would publish (editorial/english.py).

"Stop synced translation" cuts the English page off from the Vietnamese for good (later
changes are no longer offered to translate): it too needs the right to publish, and the
translation editor does not show it to the others (templates/wagtail_localize/admin/).

"Convert to alias page" replaces a live English page with the Vietnamese one at once, and
wagtail-localize checks only that the user may edit it: here it needs the right to publish
the page, which provincial editors do not have (English pages are translations here,
never aliases).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import (
    convert,
    edit_translation,
    report,
    submit_translations,
    update_translations,
)


def may_edit(user, page):
    return page.permissions_for_user(user).can_edit()


def may_publish(user, page):
    return page.permissions_for_user(user).can_publish()


def sees_whole_site(user):
    """Superusers and central reviewers: they may edit every home page."""
    if user.is_superuser:
        return True
    homes = Page.objects.filter(depth=2)
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return homes.exists() and not homes.exclude(pk__in=editable.values("pk")).exists()


def _guard(view, page_of, allowed=may_edit):
    def guarded(request, *args, **kwargs):
        if not allowed(request.user, page_of(**kwargs)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _page(page_id):
    return get_object_or_404(Page, pk=page_id).specific


def _source_page(translation_source_id):
    source = get_object_or_404(TranslationSource, pk=translation_source_id)
    instance = source.get_source_instance()
    if not isinstance(instance, Page):
        raise PermissionDenied  # snippets are the central team's, through the whole site
    return instance


def _translated_page(translation_id, **_segment):
    """The source page of a translation (its English lines are what approving the source
    publishes, editorial/review.py)."""
    translation = get_object_or_404(Translation, pk=translation_id)
    instance = translation.source.get_source_instance()
    if not isinstance(instance, Page):
        raise PermissionDenied  # snippets are the central team's
    return instance


def may_change_english_of(user, source_page):
    """While a page is in review its English lines are frozen, as Wagtail locks the page
    itself: what the reviewer saw is what approving publishes. Reviewers may still edit."""
    return not source_page.workflow_in_progress or may_publish(user, source_page)


def _site_wide(view):
    def guarded(request, *args, **kwargs):
        if not sees_whole_site(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """wagtail-localize's sync view, whose "Publish immediately" needs the publish right on
    every translation it would publish."""

    def get_form(self):
        form = super().get_form()
        if not self.may_publish_all():
            # Disabled: the browser does not send it and Django ignores a forged value.
            field = form.fields["publish_translations"]
            field.disabled, field.widget = True, forms.HiddenInput()
        return form

    def may_publish_all(self):
        source_page = self.object.get_source_instance()
        if not isinstance(source_page, Page):
            return True  # snippets: only the central team reaches this view for them
        translations = self.object.translations.filter(enabled=True)
        for translation in translations.select_related("target_locale"):
            # A translation whose page does not exist yet would be created live.
            target = source_page.get_translation_or_none(translation.target_locale)
            if not may_publish(self.request.user, target or source_page):
                return False
        return True


def urlpatterns():
    submit = submit_translations.SubmitPageTranslationView.as_view()
    update = UpdateTranslationsView.as_view()
    frozen_in_review = [
        ("strings/<int:string_segment_id>/edit/", edit_translation.edit_string_translation),
        ("overrides/<int:overridable_segment_id>/edit/", edit_translation.edit_override),
        ("pofile/upload/", edit_translation.upload_pofile),
        ("machine_translate/", edit_translation.machine_translate),
    ]
    return [
        *[
            path(
                f"localize/translate/<int:translation_id>/{tail}",
                _guard(view, _translated_page, allowed=may_change_english_of),
            )
            for tail, view in frozen_in_review
        ],
        # Stopping the sync leaves the English page to drift from the Vietnamese for good.
        path(
            "localize/translate/<int:translation_id>/disable/",
            _guard(edit_translation.stop_translation, _translated_page, allowed=may_publish),
        ),
        path("localize/submit/page/<int:page_id>/", _guard(submit, _page)),
        path("localize/update/<int:translation_source_id>/", _guard(update, _source_page)),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            _guard(convert.convert_to_alias, _page, allowed=may_publish),
        ),
        path(
            "localize/reports/translations/",
            _site_wide(report.TranslationsReportView.as_view()),
        ),
        path(
            "localize/reports/translations/results/",
            _site_wide(report.TranslationsReportView.as_view(results_only=True)),
        ),
    ]
