"""The admin's sign-in form, with its password field named in the reader's language.

Wagtail's LoginForm gives the field no label, so Django shows the field's name, "Password",
which no catalogue translates (settings: WAGTAILADMIN_USER_LOGIN_FORM)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
