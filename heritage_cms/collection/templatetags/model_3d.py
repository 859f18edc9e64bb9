"""What the relic page's 3D viewer needs from Python: the level names it chooses between."""

from django import template

from heritage_cms.collection.levels import LARGE_LEVEL, SMALL_LEVELS

register = template.Library()


@register.simple_tag
def model_levels() -> dict[str, str]:
    """``{% model_levels as levels %}``: the small and large level names (``levels.py``)."""
    return {"small": SMALL_LEVELS[0], "large": LARGE_LEVEL}
