from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Locale, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from regions.editors import editors_group_name, sync_team
from regions.models import EditorsTeam, ProvincePage
from regions.review import ProvinceRejectionNotifier, publish_translations


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


rejection_notifier = ProvinceRejectionNotifier()  # signals hold receivers weakly


def connect():
    # Same dispatch_uid as Wagtail's own rejection notifier, so exactly one of them is
    # connected whichever app is ready first: ours.
    uid = "workflow_state_rejected_email_notification"
    workflow_rejected.disconnect(sender=WorkflowState, dispatch_uid=uid)
    workflow_rejected.connect(rejection_notifier, sender=WorkflowState, dispatch_uid=uid)
    workflow_approved.connect(
        publish_translations, sender=WorkflowState, dispatch_uid="hub_publish_translations"
    )
