"""The image renditions visitor pages show, one filter spec per use.

Templates ask for them by use (``{% image_for item.image "gallery" %}``) and the offline tour
pack asks for the same specs, so a downloaded tour holds exactly the ``<img>`` URLs its pages
show; a spec changed here changes both.
"""

RENDITIONS: dict[str, str] = {
    "relic": "width-960|format-webp",  # a relic's photographs, full column width
    "gallery": "fill-640x480|format-webp",  # a monument's gallery, cropped to one shape
    "story": "width-960|format-webp",  # images inside a monument's story
}
