"""The admin panels where a curator places points of interest on the relic's 3D model.

Only those who may change 3D models (curators, moderators) see or send the points of interest;
a translator translates their labels and notes in the translation editor, never the rows.
"""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel, Panel

PLACE_POINTS_OF_INTEREST = "collection.change_model3d"


class RelicPageForm(WagtailAdminPageForm):
    """The relic editor's form, without the points of interest for a user who may not place them:
    what is not in the form is neither shown nor changed, whatever the request carries."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and not for_user.has_perm(PLACE_POINTS_OF_INTEREST):
            self.formsets.pop("hotspots", None)


class HotspotPickerPanel(Panel):
    """Shows the relic's processed model; a click fills the position and normal of the point of
    interest being edited, in the model's own space (metres, Y up), as visitors' viewers use it.
    Typing the numbers stays possible: the picker only fills the same fields."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "collection/admin/hotspot_picker.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            model = getattr(self.instance, "model_3d", None)
            context["model"] = model if model is not None and model.viewer_url else None
            return context

        def is_shown(self):
            return self.request.user.has_perm(PLACE_POINTS_OF_INTEREST) and super().is_shown()


class HotspotFormSet(BaseChildFormSet):
    """Points of interest, where a row with nothing typed in it counts as removed.

    Autosave keeps the empty row an editor added and left; on the next submit it would otherwise
    stop the page with a "This field is required." under each of its fields."""

    LEFT_AS_ADDED = {"label": "", "note": "", "position": "", "normal": ""}
    DEFAULT_NORMAL = "0 0 1"

    def _should_delete_form(self, form):
        return super()._should_delete_form(form) or self._left_empty(form)

    def _left_empty(self, form) -> bool:
        typed = {name: str(form[name].data or "").strip() for name in self.LEFT_AS_ADDED}
        if typed["normal"] == self.DEFAULT_NORMAL:
            typed["normal"] = ""
        return typed == self.LEFT_AS_ADDED


class HotspotInlinePanel(InlinePanel):
    """The relic's points of interest, with empty rows skipped (see HotspotFormSet)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = HotspotFormSet
        return options

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            form = kwargs.get("form")
            if form is not None and kwargs["panel"].relation_name not in form.formsets:
                Panel.BoundPanel.__init__(self, **kwargs)  # left out of the form: shown nowhere
                self.label, self.formset, self.children = self.panel.label, None, []
                self.left_out = True
                return
            self.left_out = False
            super().__init__(**kwargs)

        def is_shown(self):
            return not self.left_out and super().is_shown()
