"""The admin panel where a curator places points of interest by clicking the 3D model."""

from wagtail.admin.panels import Panel


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
