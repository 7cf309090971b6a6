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


class Migration(migrations.Migration):
    # Three migrations, not one: PostgreSQL creates this one's indexes at its end, and
    # refuses to while rows the data migration (0004) changed still have checks pending.
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
    ]
