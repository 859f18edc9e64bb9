from wagtail.admin.forms import WagtailAdminModelForm

from . import scope


class SiteAlertSettingsForm(WagtailAdminModelForm):
    """An operator sets the thresholds of the monuments they watch, and only those."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "site" in self.fields:
            self.fields["site"].queryset = scope.visible_sites(for_user)
