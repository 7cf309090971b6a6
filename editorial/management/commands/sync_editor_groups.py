from django.core.management.base import BaseCommand

from editorial.groups import sync_groups


class Command(BaseCommand):
    help = (
        "Create or refresh the central reviewers group, the review workflow and one editors "
        "group and image/document collection per province. Safe to run again."
    )

    def handle(self, *args, **options):
        reviewers, groups = sync_groups()
        self.stdout.write(f"{reviewers.name}: {reviewers.user_set.count()} member(s)")
        for group in groups.values():
            self.stdout.write(f"{group.name}: {group.user_set.count()} member(s)")
        self.stdout.write(self.style.SUCCESS(f"{len(groups)} province groups are in step."))
