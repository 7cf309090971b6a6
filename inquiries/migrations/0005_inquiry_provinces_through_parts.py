"""The inquiry's provinces are now read through its parts (after 0004 filled them)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0004_inquiry_parts_data")]

    operations = [
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
