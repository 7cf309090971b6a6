"""Each existing inquiry's provinces become its parts, with the inquiry's status; each
existing note goes to the part of its author's province, and a note by anyone else (a
central reviewer, an administrator) to every part, as it was written for the whole inquiry.
"""

from django.db import migrations


def split_into_parts(apps, schema_editor):
    Inquiry = apps.get_model("inquiries", "Inquiry")
    InquiryPart = apps.get_model("inquiries", "InquiryPart")
    EditorsTeam = apps.get_model("regions", "EditorsTeam")
    team_province = dict(EditorsTeam.objects.values_list("group_id", "province_id"))
    inquiries = Inquiry.objects.filter(provinces__isnull=False).distinct()
    for inquiry in inquiries.prefetch_related("provinces", "activity__user__groups"):
        parts = {
            province.pk: InquiryPart.objects.create(
                inquiry=inquiry,
                province=province,
                status=inquiry.status,
                closed_at=inquiry.closed_at,
            )
            for province in inquiry.provinces.all()
        }
        for entry in inquiry.activity.all():
            _give_to_parts(entry, _authors_parts(entry, parts, team_province))


def _authors_parts(entry, parts, team_province):
    """The parts of the provinces whose team wrote `entry`; every part for anyone else."""
    groups = entry.user.groups.all() if entry.user else []
    provinces = {team_province.get(group.pk) for group in groups}
    return [part for pk, part in parts.items() if pk in provinces] or list(parts.values())


def _give_to_parts(entry, parts):
    first, *others = parts
    entry.part = first
    entry.save(update_fields=["part"])
    for part in others:  # a copy for each other part, with the same author and time
        entry.pk, entry.part = None, part
        entry._state.adding = True
        entry.save()


def join_parts(apps, schema_editor):
    """Back to one list of provinces and one activity, without the copies made above."""
    Inquiry = apps.get_model("inquiries", "Inquiry")
    InquiryPart = apps.get_model("inquiries", "InquiryPart")
    InquiryActivity = apps.get_model("inquiries", "InquiryActivity")
    Inquiry.provinces.through.objects.bulk_create(
        Inquiry.provinces.through(inquiry_id=inquiry_id, provincepage_id=province_id)
        for inquiry_id, province_id in InquiryPart.objects.values_list("inquiry_id", "province_id")
    )
    seen = set()
    for entry in InquiryActivity.objects.order_by("pk"):
        key = (entry.inquiry_id, entry.created_at, entry.user_id, entry.status_to, entry.note)
        if key in seen:
            entry.delete()
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0003_inquiry_parts")]

    operations = [migrations.RunPython(split_into_parts, join_parts)]
