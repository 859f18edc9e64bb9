"""Images by their named use, so templates repeat no rendition filter spec."""

from django import template
from wagtail.images.shortcuts import get_rendition_or_not_found

from heritage_cms.core.renditions import RENDITIONS

register = template.Library()


@register.simple_tag
def image_for(image, use: str, **attrs) -> str:
    """``{% image_for item.image "gallery" loading="lazy" %}``: Wagtail's ``{% image %}`` with
    the spec of ``RENDITIONS[use]`` (a missing file gives a broken image, not an error)."""
    if not image:
        return ""
    return get_rendition_or_not_found(image, RENDITIONS[use]).img_tag(attrs)
