"""Each province its own part of an inquiry (issue 15): a status and notes of its own.

The inquiry's provinces become its parts (the many-to-many goes through InquiryPart). Every
existing part starts with the inquiry's status; each existing note goes to the part of its
author's province, and a note by anyone else (a central reviewer, an administrator) to
every part, as it was written for the whole inquiry.
"""

import django.db.models.deletion
from django.db import migrations, models

STATUSES = [
    ("new", "new"),
    ("forwarded", "forwarded to producer"),
    ("answered", "answered"),
    ("closed", "closed"),
]


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
    dependencies = [
        ("inquiries", "0002_form_token"),
        ("regions", "0002_editors_team"),
    ]

    operations = [
        migrations.CreateModel(
            name="InquiryPart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=STATUSES,
                        db_index=True,
                        default="new",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                (
                    "inquiry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parts",
                        to="inquiries.inquiry",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inquiry_parts",
                        to="regions.provincepage",
                        verbose_name="province",
                    ),
                ),
            ],
            options={
                "verbose_name": "province's part of an inquiry",
                "ordering": ["province__title", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("inquiry", "province"), name="inquiries_one_part_per_province"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="inquiryactivity",
            name="part",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="activity",
                to="inquiries.inquirypart",
                verbose_name="province's part",
            ),
        ),
        migrations.RunPython(split_into_parts, join_parts),
        migrations.RemoveField(model_name="inquiry", name="provinces"),
        migrations.AddField(
            model_name="inquiry",
            name="provinces",
            field=models.ManyToManyField(
                blank=True,
                help_text="The Vietnamese pages of the provinces the inquiry concerns.",
                related_name="inquiries",
                through="inquiries.InquiryPart",
                to="regions.provincepage",
                verbose_name="provinces",
            ),
        ),
    ]
