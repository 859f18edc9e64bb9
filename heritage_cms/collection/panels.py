"""The admin panels where a curator places points of interest on the relic's 3D model."""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel, Panel


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
