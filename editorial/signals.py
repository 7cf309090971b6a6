from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Locale, TaskState, WorkflowState
from wagtail.signals import page_published, task_submitted, workflow_approved, workflow_rejected

from editorial.groups import sync_team
from editorial.review import (
    ProvinceRejectionNotifier,
    ReviewSubmissionNotifier,
    publish_scheduled_translations,
    publish_translations,
)
from editorial.teams import editors_group_name
from regions.models import EditorsTeam, ProvincePage


@receiver(post_save, sender=ProvincePage)
def keep_editors_team_in_step(sender, instance, created, raw=False, **kwargs):
    """A new province gets its editors team at once; a renamed one renames it; a new
    translation of a province is added to the team's pages."""
    if raw:
        return
    source = instance
    if instance.locale_id != Locale.get_default().pk:
        source = ProvincePage.objects.filter(
            translation_key=instance.translation_key, locale=Locale.get_default()
        ).first()
        if source is None:
            return
    team = EditorsTeam.objects.select_related("group").filter(province=source).first()
    if created or team is None or team.group.name != editors_group_name(source):
        sync_team(source)


# Signals hold receivers weakly: keep them here.
rejection_notifier = ProvinceRejectionNotifier()
submission_notifier = ReviewSubmissionNotifier()


def connect():
    # The same dispatch_uid as Wagtail's own notifiers, so exactly one of each is connected
    # whichever app is ready first: ours.
    uid = "workflow_state_rejected_email_notification"
    workflow_rejected.disconnect(sender=WorkflowState, dispatch_uid=uid)
    workflow_rejected.connect(rejection_notifier, sender=WorkflowState, dispatch_uid=uid)
    uid = "group_approval_task_submitted_email_notification"
    task_submitted.disconnect(sender=TaskState, dispatch_uid=uid)
    task_submitted.connect(submission_notifier, sender=TaskState, dispatch_uid=uid)
    workflow_approved.connect(
        publish_translations, sender=WorkflowState, dispatch_uid="hub_publish_translations"
    )
    page_published.connect(
        publish_scheduled_translations, dispatch_uid="hub_publish_scheduled_translations"
    )
