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
    if "alt" not in attrs:
        # Never the image's title, which is the uploader's (Vietnamese) file label: the alt text
        # written in this page's block, and "" for an image the editor marked decorative.
        if getattr(image, "decorative", False):
            attrs["alt"] = ""
        elif getattr(image, "contextual_alt_text", None):
            attrs["alt"] = image.contextual_alt_text
    return get_rendition_or_not_found(image, RENDITIONS[use]).img_tag(attrs)
