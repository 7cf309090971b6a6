"""The central review: provinces submit, central reviewers approve or reject with a comment.

One Wagtail workflow with one group approval task covers the whole tree. Wagtail then
writes to the reviewers when a page is submitted (superusers are left out by
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False) and to the submitter on approval;
a rejection goes to the submitter and to the rest of the province's own editors team,
never to other provinces.
"""

from wagtail.admin.mail import WorkflowStateRejectionEmailNotifier
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from regions.editors import province_of, team_members

REVIEW_WORKFLOW = "Kiểm duyệt trung ương"  # "Central review"
REVIEW_TASK = "Duyệt nội dung của tỉnh"  # "Approve a province's content"


def sync_workflow(reviewers):
    """Create the review workflow if missing and make it apply to every home page."""
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not workflow.workflow_tasks.exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for home in Page.objects.filter(depth=2):
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow


class ProvinceRejectionNotifier(WorkflowStateRejectionEmailNotifier):
    """Tells the submitter and their province's editors that a page was sent back."""

    def get_recipient_users(self, workflow_state, **kwargs):
        recipients = set(super().get_recipient_users(workflow_state, **kwargs))
        page = workflow_state.content_object
        province = province_of(page) if isinstance(page, Page) else None
        if province is not None:
            recipients.update(team_members(province))
        rejecting_user = kwargs.get("user")
        recipients.discard(rejecting_user)
        return recipients


def publish_translations(sender, instance, user=None, **kwargs):
    """When a reviewer approves a Vietnamese page, its translations' drafts (made by the
    import or the translation editor from that source) go live with it, so a buyer reading
    English does not wait for a second review of the same product."""
    page = instance.content_object
    if not isinstance(page, Page) or not page.locale.is_default:
        return
    for translation in page.get_translations().filter(has_unpublished_changes=True):
        revision = translation.specific.get_latest_revision()
        if revision is not None:
            revision.publish(user=user)
