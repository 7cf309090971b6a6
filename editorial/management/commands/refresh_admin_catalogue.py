"""Keep the hub's Vietnamese of the Wagtail admin in step with the installed packages
(editorial/admin_catalogue.py): new strings are added untranslated, gone ones dropped."""

from django.core.management.base import BaseCommand

from editorial.admin_catalogue import DOMAINS, refresh, untranslated


class Command(BaseCommand):
    help = "Add the admin packages' new strings to locale_overrides/ and list the untranslated."

    def handle(self, *args, **options):
        for domain in DOMAINS:
            added, dropped = refresh(domain)
            missing = untranslated(domain)
            self.stdout.write(
                f"{domain}: {added} added, {dropped} dropped, {len(missing)} to translate"
            )
            for context, msgid in missing:
                self.stdout.write(f"  {context or ''}|{msgid}")
