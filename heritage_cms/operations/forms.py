from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import scope
from .models import WEBHOOK_URL_ERROR


class SiteAlertSettingsForm(WagtailAdminModelForm):
    """An operator sets the thresholds and webhook of the monuments they watch, and only those.

    The webhook's signing secret is written, never read back: the field comes back empty (its
    last characters named in the help), and leaving it empty keeps the stored secret.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "site" in self.fields:
            self.fields["site"].queryset = scope.visible_sites(for_user)
        if "webhook_url" in self.fields:
            self.fields["webhook_url"].error_messages["invalid"] = WEBHOOK_URL_ERROR
        secret = self.fields.get("webhook_secret")
        if secret is not None:
            secret.widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
            if self.instance.webhook_secret:
                secret.help_text = _(
                    "A secret is set (ending %(hint)s). Leave empty to keep it; type a new one "
                    "to replace it."
                ) % {"hint": self.instance.secret_hint()}

    def clean_webhook_secret(self) -> str:
        return self.cleaned_data.get("webhook_secret") or self.instance.webhook_secret

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("webhook_url") and not cleaned.get("webhook_secret"):
            self.add_error(
                "webhook_secret", _("A webhook needs a signing secret for its receiver.")
            )
        return cleaned
