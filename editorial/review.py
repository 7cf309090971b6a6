"""The central review: provinces submit, central reviewers approve or reject with a comment.

One Wagtail workflow with one group approval task covers the whole tree and every snippet
model with a workflow (the producers, whose names and contacts show on product pages).
Wagtail then
writes to the reviewers when a page is submitted (superusers are left out by
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False) and to the submitter on approval;
a rejection goes to the submitter and to the rest of the province's own editors team,
never to other provinces.
"""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.snippets.models import get_workflow_enabled_models

from editorial.teams import admin_language, province_of, team_members
from showcase.translation import publish_approved_translations

REVIEW_WORKFLOW = "Kiểm duyệt trung ương"  # "Central review"
REVIEW_TASK = "Duyệt nội dung của tỉnh"  # "Approve a province's content"


def sync_workflow(reviewers):
    """Create the review workflow if missing and make it apply to every home page and every
    snippet model with a workflow."""
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not workflow.workflow_tasks.exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for home in Page.objects.filter(depth=2):
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    for content_type in ContentType.objects.get_for_models(*get_workflow_enabled_models()).values():
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    retire_wagtails_first_workflow()
    return workflow


# Wagtail's migration 0048 makes a workflow and task named after its default "Moderators"
# group; the hub's review replaces them, and editors met the English name in the reports.
WAGTAILS_FIRST_WORKFLOW = "Moderators approval"


def retire_wagtails_first_workflow():
    """Delete Wagtail's first workflow and task unless something went through them."""
    Workflow.objects.filter(name=WAGTAILS_FIRST_WORKFLOW, workflow_states__isnull=True).delete()
    GroupApprovalTask.objects.filter(
        name=WAGTAILS_FIRST_WORKFLOW, task_states__isnull=True
    ).delete()


# Task states whose "submitted" e-mail is held back while a batch is submitted.
_held_back = ContextVar("hub_review_batch", default=None)


class ReviewSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's "submitted for review" e-mail to the reviewers, held back inside
    `submit_for_review()`, which sends one e-mail for the whole batch instead."""

    def __call__(self, instance=None, **kwargs):
        held = _held_back.get()
        if held is not None and self.can_handle(instance, **kwargs):
            held.append((instance, kwargs.get("user")))
            return True
        return super().__call__(instance=instance, **kwargs)


def submit_for_review(pages, user):
    """Start the review of each page not already in review; the reviewers get one e-mail
    that lists them all (an import of 40 products is one e-mail, not 40)."""
    token = _held_back.set([])
    try:
        submitted = []
        for page in pages:
            workflow = page.get_workflow()
            if workflow is not None and not page.workflow_in_progress:
                workflow.start(page, user)
                submitted.append(page)
        held = _held_back.get()
    finally:
        _held_back.reset(token)
    if held:
        _send_batch_notice(held, submitted, user)
    return submitted


def _send_batch_notice(held, pages, user):
    notifier = ReviewSubmissionNotifier()
    task_state, _user = held[0]
    recipients = notifier.get_valid_recipients(task_state, user=user)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    items = [(page, base + reverse("wagtailadmin_pages:edit", args=[page.pk])) for page in pages]
    messages = []
    for recipient in recipients:
        with translation.override(admin_language(recipient)):
            context = {"items": items, "submitter": user, "count": len(items)}
            subject = render_to_string("editorial/email/batch_submitted_subject.txt", context)
            body = render_to_string("editorial/email/batch_submitted.txt", context)
        messages.append(EmailMessage(" ".join(subject.split()), body, to=[recipient.email]))
    get_connection().send_messages(messages)


class ProvinceRejectionNotifier(WorkflowStateRejectionEmailNotifier):
    """Tells the submitter and their province's editors that a page or a producer was sent
    back."""

    def get_recipient_users(self, workflow_state, **kwargs):
        recipients = set(super().get_recipient_users(workflow_state, **kwargs))
        content = workflow_state.content_object
        # A page belongs to its province's subtree; a producer names its province.
        if isinstance(content, Page):
            province = province_of(content)
        else:
            province = getattr(content, "province", None)
        if province is not None:
            recipients.update(team_members(province))
        rejecting_user = kwargs.get("user")
        recipients.discard(rejecting_user)
        return recipients


def publish_translations(sender, instance, user=None, **kwargs):
    """When a reviewer approves a Vietnamese page, its English goes live with it (from the
    strings the import or the translation editor stored), so a buyer reading English does
    not wait for a second review of the same product."""
    page = instance.content_object
    if isinstance(page, Page) and page.locale.is_default and not is_scheduled(page):
        publish_approved_translations(page.specific, user=user)


def is_scheduled(page):
    """Whether the approved revision of `page` waits for its go-live time: its English
    then waits with it (`publish_scheduled_translations`)."""
    return page.revisions.filter(approved_go_live_at__gt=timezone.now()).exists()


def publish_scheduled_translations(sender, instance, revision=None, **kwargs):
    """`page_published`: a Vietnamese revision approved for a later time has gone live
    (`publish_scheduled`), and its English goes live with it. Wagtail clears the time in
    the database as it publishes; the revision it sends still holds it."""
    went_live = (
        revision is not None
        and revision.approved_go_live_at is not None
        and revision.approved_go_live_at <= timezone.now()  # not the approval scheduling it
        and instance.live
    )
    if went_live and instance.locale.is_default:
        publish_approved_translations(instance, user=None)
